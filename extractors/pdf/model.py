"""The neutral page model: what every document family reads, whatever backend parsed the PDF.

Coordinates are PDF points with the origin at the top-left of the page (y grows downwards), as in
pdfplumber. Colours are RGB triples of floats in 0..1; a backend converts grey, CMYK and anything
else before a primitive reaches this model, and uses ``None`` for "not painted".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

RGB = tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class BBox:
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


@dataclass(frozen=True, slots=True)
class Char:
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

    def within(self, box: BBox, tolerance: float = 0.5) -> Page:
        """The part of this page whose primitives have their centre inside ``box``."""

        def inside(items: Iterable[Boxed]) -> tuple:
            return tuple(
                item
                for item in items
                if box.contains_point(item.bbox.mid_x, item.bbox.mid_y, tolerance)
            )

        return Page(
            self.number,
            self.width,
            self.height,
            inside(self.chars),
            inside(self.lines),
            inside(self.rects),
            inside(self.curves),
            inside(self.images),
        )

    @property
    def has_text(self) -> bool:
        return any(not c.text.isspace() for c in self.chars)


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the backend knows about the file as a whole."""

    pages: int
    metadata: dict[str, str]
