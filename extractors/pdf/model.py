"""The neutral page model: what every document family reads, whatever backend parsed the PDF.

Coordinates are PDF points with the origin at the top-left of the page (y grows downwards), as in
pdfplumber. Colours are RGB triples of floats in 0..1; a backend converts grey, CMYK and anything
else before a primitive reaches this model, and uses ``None`` for "not painted".
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import NamedTuple

RGB = tuple[float, float, float]


class BBox(NamedTuple):
    # A named tuple rather than a frozen dataclass: pages hold thousands of boxes, and a tuple is
    # built several times faster while staying immutable and comparing by value.
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def mid_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def mid_y(self) -> float:
        return (self.top + self.bottom) / 2

    def contains_point(self, x: float, y: float, tolerance: float = 0.0) -> bool:
        return (
            self.x0 - tolerance <= x <= self.x1 + tolerance
            and self.top - tolerance <= y <= self.bottom + tolerance
        )

    def union(self, other: BBox) -> BBox:
        return BBox(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )


class Char(NamedTuple):
    # A named tuple for the reason BBox is one.
    text: str
    font: str
    size: float
    fill: RGB | None
    bbox: BBox
    upright: bool = True


@dataclass(frozen=True, slots=True)
class Line:
    """A straight stroked segment."""

    bbox: BBox
    stroke: RGB | None
    width: float = 1.0


@dataclass(frozen=True, slots=True)
class Rect:
    bbox: BBox
    stroke: RGB | None
    fill: RGB | None


@dataclass(frozen=True, slots=True)
class Curve:
    """Any other path: its points in page coordinates, and how it is painted."""

    bbox: BBox
    points: tuple[tuple[float, float], ...]
    stroke: RGB | None
    fill: RGB | None


@dataclass(frozen=True, slots=True, eq=False)
class Image:
    """An image drawn on the page. Pixels are decoded only when asked for."""

    bbox: BBox
    loader: Callable[[], object] = field(repr=False)
    # Cut from a scan by the OCR route (a coloured mark seen in the pixels), not drawn in the PDF.
    scanned: bool = False

    def pixels(self):
        """The image as a PIL image in RGB mode."""
        return self.loader()


# The chars sorted by vertical centre (stable), with their vertical and horizontal centres.
CharIndex = tuple[list[float], list[Char], list[float]]
CHAR_INDEX = "chars_by_mid_y"  # where a page keeps its CharIndex in Page.memo


def char_index_of_runs(runs: Iterable[tuple[float, list[Char], list[float]]]) -> CharIndex:
    """The CharIndex of a page whose chars come in runs that share one vertical centre.

    Each run is (vertical centre, chars, their horizontal centres), in page order. A backend that
    knows its runs hands this to the page instead of a centre per char: sorting whole runs keeps
    the order a stable sort of the chars would give.
    """
    centres: list[float] = []
    ordered: list[Char] = []
    mids_x: list[float] = []
    for centre, chars, xs in sorted(runs, key=itemgetter(0)):
        centres += repeat(centre, len(chars))
        ordered += chars
        mids_x += xs
    return centres, ordered, mids_x


@dataclass(frozen=True, slots=True, eq=False)
class Page:
    number: int  # 1-based
    width: float
    height: float
    chars: tuple[Char, ...]
    lines: tuple[Line, ...]
    rects: tuple[Rect, ...]
    curves: tuple[Curve, ...]
    images: tuple[Image, ...]
    # What readers derive from the page once and ask for many times (the char index below, the
    # page's text lines): a page is parsed once, and neither is worth computing twice.
    memo: dict = field(default_factory=dict, repr=False, compare=False)
    # What could not be read of the page, one line each (see damage.py); empty for a sound page.
    damage: tuple[str, ...] = ()

    def within(self, box: BBox, tolerance: float = 0.5) -> Page:
        """The part of this page whose primitives have their centre inside ``box``."""
        return self.split((box,), tolerance)[0]

    def split(self, boxes: Sequence[BBox], tolerance: float = 0.5) -> list[Page]:
        """``[self.within(box) for box in boxes]``, reading the page once for all the boxes.

        A table row is cut into cells this way: its chars and graphics are found once by
        bisection on their vertical centres, then shared out among its cells.
        """
        if not boxes:
            return []
        limits = [
            (b.x0 - tolerance, b.x1 + tolerance, b.top - tolerance, b.bottom + tolerance)
            for b in boxes
        ]
        top = min(limit[2] for limit in limits)
        bottom = max(limit[3] for limit in limits)
        keys, chars, mids_x = self._char_index()
        lo, hi = bisect_left(keys, top), bisect_right(keys, bottom)
        shares = (
            COMPILED.split(keys, chars, mids_x, lo, hi, limits, top, bottom)
            if COMPILED is not None
            else None
        )
        if shares is None:
            shares = _shares(keys, chars, mids_x, lo, hi, limits, top, bottom)
        g_keys, graphics = self._graphics_index()
        # The band's graphics by kind, each kind back in page order (as the page lists them).
        kinds: tuple[list, ...] = ([], [], [], [])
        for entry in sorted(graphics[bisect_left(g_keys, top) : bisect_right(g_keys, bottom)]):
            kinds[entry[0]].append(entry[2:])
        drawn = [(kind, shapes) for kind, shapes in enumerate(kinds) if shapes]
        parts = []
        for (x0, x1, t, b), members in zip(limits, shares, strict=True):
            found: list[tuple] = [(), (), (), ()]
            for kind, shapes in drawn:
                found[kind] = tuple(
                    [item for item, mx, my in shapes if x0 <= mx <= x1 and t <= my <= b]
                )
            parts.append(
                Page(
                    self.number,
                    self.width,
                    self.height,
                    members,
                    *found,
                )
            )
        return parts

    def _char_index(self) -> CharIndex:
        """Chars sorted by their vertical centre, for bisection, with their centres."""
        index = self.memo.get(CHAR_INDEX)
        if index is None:
            mids_y = [(b.top + b.bottom) / 2 for b in map(_BBOX, self.chars)]
            order = sorted(range(len(mids_y)), key=mids_y.__getitem__)
            ordered = list(map(self.chars.__getitem__, order))
            index = (
                list(map(mids_y.__getitem__, order)),
                ordered,
                [(b.x0 + b.x1) / 2 for b in map(_BBOX, ordered)],
            )
            self.memo[CHAR_INDEX] = index
        return index

    def _graphics_index(self) -> tuple[list[float], list[tuple]]:
        """Lines, rects, curves and images sorted by vertical centre, each with its kind (0..3) and
        its place in the page's list of that kind."""
        index = self.memo.get("graphics_by_mid_y")
        if index is None:
            entries = [
                (kind, position, item, (item.bbox.x0 + item.bbox.x1) / 2, mid_y)
                for kind, items in enumerate((self.lines, self.rects, self.curves, self.images))
                for position, item in enumerate(items)
                for mid_y in ((item.bbox.top + item.bbox.bottom) / 2,)
            ]
            entries.sort(key=itemgetter(4))
            index = self.memo["graphics_by_mid_y"] = ([entry[4] for entry in entries], entries)
        return index

    @property
    def has_text(self) -> bool:
        return any(not c.text.isspace() for c in self.chars)


_BBOX = attrgetter("bbox")

try:
    from . import _model as COMPILED  # built at install when a C compiler is at hand
except ImportError:
    COMPILED = None


def _shares(
    keys: list[float],
    chars: list[Char],
    mids_x: list[float],
    lo: int,
    hi: int,
    limits: list[tuple[float, float, float, float]],
    top: float,
    bottom: float,
) -> list[tuple[Char, ...]]:
    """The chars of each box of a band (Page.split), in the index's order; the loop the C
    helper runs where it is built."""
    # The band's chars ordered by horizontal centre: each box takes a slice of them, put back
    # in the index's order.
    by_x = sorted(range(lo, hi), key=mids_x.__getitem__)
    xs = list(map(mids_x.__getitem__, by_x))
    shares = []
    for x0, x1, t, b in limits:
        members = sorted(by_x[bisect_left(xs, x0) : bisect_right(xs, x1)])
        if t > top or b < bottom:  # a box shorter than the band
            members = [i for i in members if t <= keys[i] <= b]
        shares.append(tuple(map(chars.__getitem__, members)))
    return shares


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the backend knows about the file as a whole."""

    pages: int
    metadata: dict[str, str]
