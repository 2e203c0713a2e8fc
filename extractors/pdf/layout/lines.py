"""Text lines from the chars of one region (a cell, a block): grouped top to bottom, read left to
right with the spaces a reader sees restored.

Lines are always built inside a region the layout found; chars of blocks set side by side never
share a line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter

from ..model import RGB, BBox, Char
from .params import DEFAULT_PARAMS, LayoutParams

# A line of text takes about this many times its glyphs' height, leading included.
LINE_PITCH = 1.15


@dataclass(frozen=True, slots=True)
class TextLine:
    chars: tuple[Char, ...]
    text: str
    bbox: BBox
    # The line's style (size, font, fill, and its chars by size), read off its chars when first
    # asked: every family's detection and reading asks it of the same lines again (headings,
    # titles, body size).
    _style: tuple[float, str, RGB | None, Counter[float]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def _read_style(self) -> tuple[float, str, RGB | None, Counter[float]]:
        style = self._style
        if style is None:
            inked = [c for c in self.chars if not c.text.isspace()]
            size = max((c.size for c in inked), default=0.0)
            fonts = Counter(c.font for c in inked)
            fills = Counter(c.fill for c in inked)
            style = (
                size,
                fonts.most_common(1)[0][0] if fonts else "",
                fills.most_common(1)[0][0] if fills else None,
                Counter(c.size for c in inked),
            )
            object.__setattr__(self, "_style", style)
        return style

    @property
    def size_counts(self) -> Counter[float]:
        """How many of its chars that are not blank are set in each size, the sizes in the order
        they first occur. Shared: not to be changed."""
        return self._read_style()[3]

    @property
    def size(self) -> float:
        return self._read_style()[0]

    @property
    def font(self) -> str:
        return self._read_style()[1]

    @property
    def bold(self) -> bool:
        font = self.font.lower()
        return "bold" in font or "black" in font or "heavy" in font

    @property
    def fill(self) -> RGB | None:
        return self._read_style()[2]


_TOP = attrgetter("bbox.top")
_X0 = attrgetter("bbox.x0")
_EXTENT = attrgetter("bbox.top", "bbox.bottom")
_TEXT = attrgetter("text")
_UPRIGHT = attrgetter("upright")


def text_lines(chars: Sequence[Char], params: LayoutParams = DEFAULT_PARAMS) -> list[TextLine]:
    """Group chars into lines, top to bottom, each read left to right with spaces restored."""
    if all(map(_TEXT, chars)) and all(map(_UPRIGHT, chars)):
        readable = chars
    else:
        readable = [char for char in chars if char.text and char.upright]
    overlap = params.line_overlap
    if COMPILED is not None:
        # The loops below in C, the sorts included (a third of a page's layout in Python).
        found = COMPILED.lines(readable, overlap, params.space_ratio)
        if found is not None:
            return sorted(
                (
                    TextLine(chars, text, BBox(x0, top, x1, bottom))
                    for chars, text, x0, top, x1, bottom in found
                ),
                key=_TOP,
            )
    rows: list[list[Char]] = []
    tops: list[float] = []
    bottoms: list[float] = []
    # Chars arrive sorted by their top, a text object's chars side by side with the same extent.
    # A char with the extent of the one before it falls on the same row (it lies within the row
    # that took that one), so the rows are found once per run of such chars, not once per char;
    # a char without height is placed on its own, as it overlaps nothing.
    for (top, bottom), run in groupby(sorted(readable, key=_TOP), key=_EXTENT):
        if bottom > top:
            _place(list(run), top, bottom, rows, tops, bottoms, overlap)
        else:
            for char in run:
                _place([char], top, bottom, rows, tops, bottoms, overlap)
    space_ratio = params.space_ratio
    lines = [_make_line(row, space_ratio) for row in rows]
    return sorted((line for line in lines if line.text), key=_TOP)


def _place(
    chars: list[Char],
    top: float,
    bottom: float,
    rows: list[list[Char]],
    tops: list[float],
    bottoms: list[float],
    overlap: float,
) -> None:
    """Put chars of one extent on the row they overlap enough, or on a new row."""
    height = bottom - top
    count = len(rows)
    # Only the last few rows can still take a char: chars arrive sorted by their top.
    for index in range(count - 1, count - 4 if count > 3 else -1, -1):
        row_top, row_bottom = tops[index], bottoms[index]
        shared = (row_bottom if row_bottom < bottom else bottom) - (
            row_top if row_top > top else top
        )
        row_height = row_bottom - row_top
        smaller = (row_height if row_height < height else height) or 1.0
        if shared >= overlap * smaller:
            rows[index] += chars
            if bottom > row_bottom:
                bottoms[index] = bottom
            return
    rows.append(chars)
    tops.append(top)
    bottoms.append(bottom)


try:
    from . import _lines as COMPILED  # built at install when a C compiler is at hand
except ImportError:
    COMPILED = None


def _make_line(row: list[Char], space_ratio: float) -> TextLine:
    row.sort(key=_X0)
    if COMPILED is not None:
        # The loop below in C, with its results (the most of a line's time in Python).
        parts, top, bottom, x1 = COMPILED.parts(row, space_ratio)
        text = " ".join("".join(parts).split())
        return TextLine(tuple(row), text, BBox(row[0].bbox.x0, top, x1, bottom))
    parts: list[str] = []
    append = parts.append
    # " " stands for "no char before, or a space": no gap is measured after either.
    previous_text, previous_x1, previous_size = " ", 0.0, 0.0
    top, bottom, x1 = row[0].bbox.top, row[0].bbox.bottom, row[0].bbox.x1
    for char in row:
        text, box, size = char.text, char.bbox, char.size
        if text.isspace():
            text = " "
        elif previous_text != " ":
            larger = size if size > previous_size else previous_size
            if box.x0 - previous_x1 > space_ratio * (larger if larger > 1.0 else 1.0):
                append(" ")
        append(text)
        previous_text, previous_x1, previous_size = text, box.x1, size
        if box.top < top:
            top = box.top
        if box.bottom > bottom:
            bottom = box.bottom
        if box.x1 > x1:
            x1 = box.x1
    text = " ".join("".join(parts).split())
    return TextLine(tuple(row), text, BBox(row[0].bbox.x0, top, x1, bottom))
