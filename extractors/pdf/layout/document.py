"""Pages read in order, with what one page alone cannot tell:

- running heads and feet (the bands at a page's top or foot that repeat from page to page, numbers
  aside, or that name the page: "Side 3 af 44", "– 3 –") are set apart, never content;
- a ruled row cut open by a page break (no closing rule at the foot of one page, no opening rule at
  the head of the next) continues on the next page: its second part is marked ``continued``.

A header row printed again at the top of a continuation page is known by what it says, so the
families tell it (a budget follow-up's initiative header, a status list's column labels).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..model import Page
from .bands import Band, PageLayout, page_layout
from .lines import TextLine
from .params import DEFAULT_PARAMS, LayoutParams

# Pages on either side of a page that its running heads are compared with.
RUNNING_WINDOW = 2

_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = (
    re.compile(r"^(?:side|page|s\.)\s*#(?:\s*(?:af|of|/|ud af)\s*#)?$", re.IGNORECASE),
    re.compile(r"^[–—-]?\s*#\s*[–—-]?$"),
    re.compile(r"^#\s*(?:/|af|of)\s*#$", re.IGNORECASE),
)


@dataclass(frozen=True, slots=True)
class PlacedBand:
    """A content band of a page, with what the pages around it say of it."""

    band: Band
    first_on_page: bool
    continued: bool = False  # the rest of the previous page's last row, cut by the page break

    @property
    def page(self) -> int:
        return self.band.page


# What a family tells about each band it read, for ``opfolg inspect``.
Trace = Callable[[PlacedBand, str], None]


@dataclass(frozen=True, slots=True)
class PageView:
    page: Page
    layout: PageLayout
    bands: tuple[PlacedBand, ...]  # content, top to bottom
    running: tuple[Band, ...]  # running heads and feet

    @property
    def running_lines(self) -> list[TextLine]:
        return [line for band in self.running for line in band.lines]


def _key(band: Band) -> str:
    return _DIGITS.sub("#", " ".join(" ".join(band.texts).split())).lower()


def _in_zone(bands: tuple[Band, ...], index: int, page: Page, params: LayoutParams) -> str | None:
    """ "head" or "foot" where the band lies in the page's outer band, set apart from the body by
    a gap of at least a line (a row of a table cut at the page's head is not)."""
    band = bands[index]
    if band.ruled:
        return None
    zone = params.running_zone * page.height
    height = max((line.bbox.height for line in band.lines), default=0.0)
    if band.box.bottom <= zone:
        after = [b.box.top for b in bands[index + 1 :] if b.lines]
        return "head" if (after[0] if after else page.height) - band.box.bottom >= height else None
    if band.box.top >= page.height - zone:
        before = [b.box.bottom for b in bands[:index] if b.lines]
        return "foot" if band.box.top - (before[-1] if before else 0.0) >= height else None
    return None


class DocumentReader:
    """Reads pages one after the other, holding a few back to compare running heads."""

    def __init__(self, params: LayoutParams = DEFAULT_PARAMS):
        self.params = params
        self._previous_last: Band | None = None

    def pages(self, pages: Iterable[Page]) -> Iterator[PageView]:
        window: deque[tuple[Page, PageLayout, dict[int, tuple[str, str]]]] = deque()
        done: list[dict[int, tuple[str, str]]] = []  # zone keys of pages already given out
        for page in pages:
            layout = page_layout(page, self.params)
            window.append((page, layout, self._zone_keys(page, layout)))
            if len(window) > RUNNING_WINDOW:
                yield self._view(window, done)
        while window:
            yield self._view(window, done)

    def _zone_keys(self, page: Page, layout: PageLayout) -> dict[int, tuple[str, str]]:
        keys = {}
        for index, band in enumerate(layout.bands):
            zone = _in_zone(layout.bands, index, page, self.params)
            if zone is not None:
                keys[index] = (zone, _key(band))
        return keys

    def _view(self, window: deque, done: list) -> PageView:
        page, layout, keys = window.popleft()
        others = [*done[-RUNNING_WINDOW:], *(item[2] for item in window)]
        seen = {key for other in others for key in other.values()}
        running_indices = {
            index
            for index, (zone, key) in keys.items()
            if key and ((zone, key) in seen or any(p.match(key) for p in _PAGE_NUMBER))
        }
        done.append(keys)
        running = tuple(b for i, b in enumerate(layout.bands) if i in running_indices)
        content = [b for i, b in enumerate(layout.bands) if i not in running_indices]
        return PageView(page, layout, tuple(self._place(content)), running)

    def _place(self, bands: list[Band]) -> Iterator[PlacedBand]:
        previous = self._previous_last
        for index, band in enumerate(bands):
            first = index == 0
            continued = (
                first
                and previous is not None
                and band.ruled
                and band.open_top
                and previous.ruled
                and previous.open_bottom
            )
            yield PlacedBand(band, first, continued)
        if bands:
            self._previous_last = bands[-1]
