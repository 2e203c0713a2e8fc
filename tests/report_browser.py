"""Opening a report in headless Chromium (Debian's ``chromium``) as a reader would, through
Playwright: what the page asked the network for, what it said on the console, whether its plots
were drawn, and a screenshot.

Also a command, for the picture in the README:
``python -m tests.report_browser data/report.html docs/report.png``.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# No background traffic of Chromium's own: on a closed network it would only fail, many times.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
VIEWPORT = {"width": 1280, "height": 1800}
# How long a busy machine may take to load the page, parse plotly.js and draw every figure; the
# waits end as soon as the page is done, so this only bounds a page that never finishes.
PLOTS_TIMEOUT_MS = 120_000


# Per plot container: the marks Plotly drew in it (bars and scatter points; a heat map is an image).
_MARKS = """
Array.from(document.querySelectorAll("div.plot")).map(div => [
    div.id, div.querySelectorAll("svg.main-svg .point, svg.main-svg g.hm image").length
])
"""


@dataclass
class Visit:
    url: str
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    console_errors: list[str] = field(default_factory=list)
    plots_ready: int | None = None  # what the page reported when it had drawn its plots
    plots_on_page: int = 0  # plot containers in the page
    marks: dict[str, int] = field(
        default_factory=dict
    )  # plot id -> bars, points or heat maps drawn

    @property
    def plots_drawn(self) -> int:
        return sum(1 for count in self.marks.values() if count > 0)

    @property
    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if url != self.url]


def visit(html: Path, screenshot: Path | None = None, full_page: bool = False) -> Visit:
    """Open ``html``, wait for its plots (or for ``PLOTS_TIMEOUT_MS``), and take a screenshot.

    Every request but the page's own is recorded and refused, so nothing leaves the machine even
    when a page tries.
    """
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    page_url = html.resolve().as_uri()
    seen = Visit(page_url)
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,  # a fresh --user-data-dir for every visit
            executable_path=str(CHROMIUM),
            args=list(CHROMIUM_FLAGS),
            headless=True,
            viewport=VIEWPORT,
        )
        try:

            def guard(route) -> None:
                if route.request.url == page_url:
                    route.continue_()
                else:
                    route.abort()

            context.route("**/*", guard)
            page = context.new_page()
            page.on("request", lambda request: seen.requests.append(request.url))
            page.on(
                "console",
                lambda message: (
                    seen.console_errors.append(message.text) if message.type == "error" else None
                ),
            )
            page.on("pageerror", lambda error: seen.console_errors.append(str(error)))
            page.goto(page_url, wait_until="load", timeout=PLOTS_TIMEOUT_MS)
            try:
                page.wait_for_selector("body[data-plots-ready]", timeout=PLOTS_TIMEOUT_MS)
                seen.plots_ready = int(page.evaluate("document.body.dataset.plotsReady"))
            except PlaywrightError:
                seen.plots_ready = None
            seen.plots_on_page = page.evaluate("document.querySelectorAll('div.plot').length")
            seen.marks = dict(page.evaluate(_MARKS))
            if screenshot is not None:
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot), full_page=full_page)
        finally:
            context.close()
    return seen


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m tests.report_browser REPORT.html PICTURE.png", file=sys.stderr)
        return 2
    seen = visit(Path(argv[0]), Path(argv[1]))
    problems = seen.outside_requests + seen.console_errors
    print(
        f"{argv[1]}: {seen.plots_drawn} of {seen.plots_on_page} plots drawn; "
        f"{len(seen.outside_requests)} outside requests, {len(seen.console_errors)} console errors"
    )
    return 1 if problems or seen.plots_ready != seen.plots_on_page else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
