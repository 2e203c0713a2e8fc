"""The neutral page model: what every document family reads, whatever backend parsed the PDF.

Coordinates are PDF points with the origin at the top-left of the page (y grows downwards), as in
pdfplumber. Colours are RGB triples of floats in 0..1; a backend converts grey, CMYK and anything
else before a primitive reaches this model, and uses ``None`` for "not painted".
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

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


class Boxed(Protocol):
    bbox: BBox


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

    def pixels(self):
        """The image as a PIL image in RGB mode."""
        return self.loader()


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

    def within(self, box: BBox, tolerance: float = 0.5) -> Page:
        """The part of this page whose primitives have their centre inside ``box``."""
        x0, x1 = box.x0 - tolerance, box.x1 + tolerance
        top, bottom = box.top - tolerance, box.bottom + tolerance

        def inside(items: Iterable[Boxed]) -> tuple:
            found = []
            for item in items:
                b = item.bbox
                mx, my = (b.x0 + b.x1) / 2, (b.top + b.bottom) / 2
                if x0 <= mx <= x1 and top <= my <= bottom:
                    found.append(item)
            return tuple(found)

        index = self._char_index()
        keys = index[0]
        lo, hi = bisect_left(keys, top), bisect_right(keys, bottom)
        chars = tuple(
            char
            for char, mx in zip(index[1][lo:hi], index[2][lo:hi], strict=True)
            if x0 <= mx <= x1
        )
        return Page(
            self.number,
            self.width,
            self.height,
            chars,
            inside(self.lines),
            inside(self.rects),
            inside(self.curves),
            inside(self.images),
        )

    def _char_index(self) -> tuple[list[float], list[Char], list[float]]:
        """Chars sorted by their vertical centre, for bisection: cells are cut from a page often."""
        index = self.memo.get("chars_by_mid_y")
        if index is None:
            ordered = sorted(self.chars, key=lambda c: (c.bbox.top + c.bbox.bottom) / 2)
            index = (
                [(c.bbox.top + c.bbox.bottom) / 2 for c in ordered],
                ordered,
                [(c.bbox.x0 + c.bbox.x1) / 2 for c in ordered],
            )
            self.memo["chars_by_mid_y"] = index
        return index

    @property
    def has_text(self) -> bool:
        return any(not c.text.isspace() for c in self.chars)


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the backend knows about the file as a whole."""

    pages: int
    metadata: dict[str, str]
