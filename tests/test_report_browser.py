"""The report in a real browser: headless Chromium opens the file, draws every plot, logs no
error and asks the network for nothing; the screenshot is kept in test-output/.

The harness is shown to notice what it must catch: a page that fetches a script and an image
from elsewhere and logs an error is seen for what it is.
"""

from __future__ import annotations

import os
import struct

import pytest
from conftest import REPO
from report_browser import CHROMIUM, visit

from outputs.research_report import write_report

SCREENSHOTS = REPO / "test-output"

if not CHROMIUM.is_file():
    if os.environ.get("CI"):  # .ci/run installs it: a CI run without it is broken, not skipped
        pytest.fail(f"{CHROMIUM} is missing: .ci/run installs chromium", pytrace=False)
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)", allow_module_level=True)


def _png_size(path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


@pytest.fixture(scope="module")
def visited(ingested, tmp_path_factory):
    html = tmp_path_factory.mktemp("browser") / "report.html"
    write_report(ingested, html)
    shot = SCREENSHOTS / "report.png"
    return visit(html, shot, full_page=True), shot


def test_every_plot_is_drawn(visited):
    seen, _ = visited
    assert seen.plots_on_page == 11
    assert seen.plots_ready == seen.plots_on_page
    assert seen.plots_drawn == seen.plots_on_page, seen.marks
    # 6 status items with a deadline date, one marker each; two heat maps, one image each
    assert seen.marks["status-deadlines-albertslund"] == 6
    assert seen.marks["initiative-smileys-ballerup-2"] == 1


def test_no_console_errors(visited):
    seen, _ = visited
    assert seen.console_errors == []


def test_no_network_requests(visited):
    seen, _ = visited
    assert seen.requests == [seen.url]
    assert seen.outside_requests == []


def test_screenshot_is_kept(visited):
    _, shot = visited
    width, height = _png_size(shot)
    assert width == 1280 and height > 5000  # the whole page: every section, not the first screen


def test_the_harness_sees_requests_and_errors(tmp_path):
    page = tmp_path / "leaky.html"
    page.write_text(
        "<!DOCTYPE html><html><head>"
        '<script src="http://127.0.0.1:9/plotly.js"></script>'
        "<style>@font-face { font-family: X; src: url(http://127.0.0.1:9/x.woff2); }"
        " body { font-family: X; }</style></head>"
        '<body>text<img src="http://127.0.0.1:9/x.png">'
        '<script>console.error("broken"); document.body.dataset.plotsReady = "0";</script>'
        "</body></html>",
        encoding="utf-8",
    )
    seen = visit(page)
    assert "http://127.0.0.1:9/plotly.js" in seen.outside_requests
    assert "http://127.0.0.1:9/x.png" in seen.outside_requests
    assert "broken" in seen.console_errors
