"""Layout helpers every family needs: text lines from chars, ruled table rows, cell text.

Pure functions over the page model; tolerances are named constants so that a family can see what
"the same line" or "a space" means.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby, pairwise
from operator import attrgetter

from .model import RGB, BBox, Char, Page

# Two chars sit on one text line when their vertical extents overlap by this share of the smaller.
LINE_OVERLAP = 0.5
# A gap wider than this share of the font size between two chars is a space.
SPACE_RATIO = 0.2
# Rules closer than this (points) are one rule.
RULE_MERGE = 1.5
# A rule's end counts as meeting another rule within this distance (points).
RULE_JOIN = 2.5
# Strokes thinner than this (points) are rules, whether drawn as lines or as thin rectangles.
RULE_THICKNESS = 2.0
# A gap between two lines of a block wider than this share of the line height ends a paragraph.
PARAGRAPH_GAP = 0.6
# A line leaving less room than the next line's first char plus this (points) was filled up.
FILL_TOLERANCE = 1.0


@dataclass(frozen=True, slots=True)
class TextLine:
    chars: tuple[Char, ...]
    text: str
    bbox: BBox

    @property
    def size(self) -> float:
        return max((c.size for c in self.chars if not c.text.isspace()), default=0.0)

    @property
    def font(self) -> str:
        fonts = Counter(c.font for c in self.chars if not c.text.isspace())
        return fonts.most_common(1)[0][0] if fonts else ""

    @property
    def bold(self) -> bool:
        return "bold" in self.font.lower()

    @property
    def fill(self) -> RGB | None:
        fills = Counter(c.fill for c in self.chars if not c.text.isspace())
        return fills.most_common(1)[0][0] if fills else None


_TOP = attrgetter("bbox.top")
_X0 = attrgetter("bbox.x0")
_EXTENT = attrgetter("bbox.top", "bbox.bottom")
_TEXT = attrgetter("text")
_UPRIGHT = attrgetter("upright")


def text_lines(chars: Sequence[Char]) -> list[TextLine]:
    """Group chars into lines, top to bottom, each read left to right with spaces restored."""
    if all(map(_TEXT, chars)) and all(map(_UPRIGHT, chars)):
        readable = chars
    else:
        readable = [char for char in chars if char.text and char.upright]
    rows: list[list[Char]] = []
    tops: list[float] = []
    bottoms: list[float] = []
    # Chars arrive sorted by their top, a text object's chars side by side with the same extent.
    # A char with the extent of the one before it falls on the same row (it lies within the row
    # that took that one), so the rows are found once per run of such chars, not once per char;
    # a char without height is placed on its own, as it overlaps nothing.
    for (top, bottom), run in groupby(sorted(readable, key=_TOP), key=_EXTENT):
        if bottom > top:
            _place(list(run), top, bottom, rows, tops, bottoms)
        else:
            for char in run:
                _place([char], top, bottom, rows, tops, bottoms)
    lines = [_make_line(row) for row in rows]
    return sorted((line for line in lines if line.text), key=_TOP)


def _place(
    chars: list[Char],
    top: float,
    bottom: float,
    rows: list[list[Char]],
    tops: list[float],
    bottoms: list[float],
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
        if shared >= LINE_OVERLAP * smaller:
            rows[index] += chars
            if bottom > row_bottom:
                bottoms[index] = bottom
            return
    rows.append(chars)
    tops.append(top)
    bottoms.append(bottom)


def page_lines(page: Page) -> list[TextLine]:
    """All text lines of a page, computed once per page whoever asks."""
    lines = page.memo.get("text_lines")
    if lines is None:
        lines = page.memo["text_lines"] = text_lines(page.chars)
    return lines


def _make_line(row: list[Char]) -> TextLine:
    row.sort(key=_X0)
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
            if box.x0 - previous_x1 > SPACE_RATIO * (larger if larger > 1.0 else 1.0):
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


# ---------------------------------------------------------------- ruled tables


@dataclass(frozen=True, slots=True)
class Segment:
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, slots=True)
class RuledRow:
    """A band between two horizontal rules, cut into cells by the vertical rules that cross it."""

    bbox: BBox
    cells: tuple[BBox, ...]


def rules(page: Page) -> tuple[list[Segment], list[Segment]]:
    """Horizontal and vertical rules: stroked lines, thin rectangles and stroked rectangle edges."""
    horizontal: list[Segment] = []
    vertical: list[Segment] = []

    def add(box: BBox) -> None:
        if box.height <= RULE_THICKNESS and box.width > RULE_THICKNESS:
            y = box.mid_y
            horizontal.append(Segment(box.x0, y, box.x1, y))
        elif box.width <= RULE_THICKNESS and box.height > RULE_THICKNESS:
            x = box.mid_x
            vertical.append(Segment(x, box.top, x, box.bottom))

    for line in page.lines:
        if line.stroke is not None:
            add(line.bbox)
    for rect in page.rects:
        box = rect.bbox
        if box.height <= RULE_THICKNESS or box.width <= RULE_THICKNESS:
            if rect.fill is not None or rect.stroke is not None:
                add(box)
        elif rect.stroke is not None:
            add(BBox(box.x0, box.top, box.x1, box.top))
            add(BBox(box.x0, box.bottom, box.x1, box.bottom))
            add(BBox(box.x0, box.top, box.x0, box.bottom))
            add(BBox(box.x1, box.top, box.x1, box.bottom))
    return horizontal, vertical


def _merge(values: list[float]) -> list[float]:
    merged: list[float] = []
    for value in sorted(values):
        if merged and value - merged[-1] <= RULE_MERGE:
            continue
        merged.append(value)
    return merged


def ruled_rows(page: Page) -> tuple[RuledRow, ...]:
    """The rows of every ruled table on the page, top to bottom (found once per page)."""
    rows = page.memo.get("ruled_rows")
    if rows is None:
        rows = page.memo["ruled_rows"] = tuple(_find_ruled_rows(page))
    return rows


def _find_ruled_rows(page: Page) -> list[RuledRow]:
    horizontal, vertical = rules(page)

    def meets_vertical(x: float, y: float) -> bool:
        return any(
            abs(v.x0 - x) <= RULE_JOIN and v.top - RULE_JOIN <= y <= v.bottom + RULE_JOIN
            for v in vertical
        )

    # A table rule is joined to vertical rules at both ends; strokes inside drawings are not.
    table_rules = [
        h for h in horizontal if meets_vertical(h.x0, h.top) and meets_vertical(h.x1, h.top)
    ]
    ys = _merge([h.top for h in table_rules])
    rows: list[RuledRow] = []
    for top, bottom in pairwise(ys):
        if bottom - top <= RULE_THICKNESS:
            continue
        crossing = [
            v.x0 for v in vertical if v.top - RULE_JOIN <= top and v.bottom + RULE_JOIN >= bottom
        ]
        crossing = [
            x
            for x in crossing
            if any(
                h.x0 - RULE_JOIN <= x <= h.x1 + RULE_JOIN and abs(h.top - top) <= RULE_MERGE
                for h in table_rules
            )
        ]
        xs = _merge(crossing)
        if len(xs) < 2:
            continue
        cells = tuple(BBox(a, top, b, bottom) for a, b in pairwise(xs) if b - a > RULE_THICKNESS)
        rows.append(RuledRow(BBox(xs[0], top, xs[-1], bottom), cells))
    return rows


# ---------------------------------------------------------------- cell text


def _is_forced_break(previous: TextLine, following: TextLine, box: BBox, left_pad: float) -> bool:
    """Did a narrow column cut a word in two at this line end?

    A layout engine cuts a word only when it is wider than the column on a line of its own: the
    previous line is then a single token that ends where the next char would not fit.
    """
    if " " in previous.text or not following.text or ends_at_space(previous):
        return False
    last, first = previous.text[-1], following.text[0]
    if not (last.isalpha() and first.isalpha()):
        return False
    if first.isupper() and not last.isupper():
        return False
    next_char_width = following.chars[0].bbox.width
    available_right = box.x1 - left_pad
    return previous.bbox.x1 + next_char_width > available_right - FILL_TOLERANCE


SUSPENDED_HYPHEN_FOLLOWERS = {"og", "eller", "samt", "til", "&", "and", "or"}


def ends_at_space(line: TextLine) -> bool:
    """Does the text layer carry a blank after the line's last glyph?

    Writers that keep the blank at which they wrapped a line (LibreOffice does) say outright that
    the break fell between two words, whatever the geometry suggests.
    """
    return bool(line.chars) and line.chars[-1].text.isspace()


def wrap_separator(
    previous: TextLine, following: TextLine, box: BBox | None = None, left_pad: float = 0.0
) -> str:
    """What joins two wrapped lines of one paragraph: "" where the wrap cut a word, else " "."""
    if previous.text.endswith("/") and not ends_at_space(previous):
        return ""
    if previous.text.endswith("-") and len(previous.text) > 1 and previous.text[-2].isalnum():
        following_word = following.text.split(" ", 1)[0].lower()
        if following_word in SUSPENDED_HYPHEN_FOLLOWERS or following_word.startswith(","):
            return " "
        return ""
    if box is not None and _is_forced_break(previous, following, box, left_pad):
        return ""
    return " "


def left_pad(lines: Sequence[TextLine], box: BBox) -> float:
    """How far the block's leftmost line starts inside ``box``: the cell's padding."""
    return max(0.0, min(line.bbox.x0 for line in lines) - box.x0)


def join_lines(lines: Sequence[TextLine], box: BBox | None = None) -> str:
    """The text of a block of lines: wrapped lines joined, cut words mended, paragraphs on "\\n"."""
    if not lines:
        return ""
    pad = left_pad(lines, box) if box is not None else 0.0
    heights = [line.bbox.height for line in lines]
    typical = statistics.median(heights) if heights else 0.0
    out = [lines[0].text]
    for previous, line in pairwise(lines):
        gap = line.bbox.top - previous.bbox.bottom
        if typical and gap > PARAGRAPH_GAP * typical:
            out.append("\n")
        else:
            out.append(wrap_separator(previous, line, box, pad))
        out.append(line.text)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a ruled row: its box, the part of the page inside it, and its text lines."""

    box: BBox
    region: Page
    lines: tuple[TextLine, ...]

    @property
    def text(self) -> str:
        return join_lines(self.lines, self.box)


def row_cells(page: Page, row: RuledRow) -> tuple[Cell, ...]:
    """The cells of ``row``, cut from ``page`` once whichever family reads them first.

    Detection and extraction both read the first pages' tables; the second reader gets the cells
    the first one cut.
    """
    cells = page.memo.setdefault("row_cells", {})
    found = cells.get(row)
    if found is None:
        regions = page.split(row.cells)
        found = cells[row] = tuple(
            Cell(box, region, tuple(text_lines(region.chars)))
            for box, region in zip(row.cells, regions, strict=True)
        )
    return found


def cell_text(page: Page, box: BBox) -> str:
    """The text inside one cell of a ruled table (``page`` may already be cut to the cell)."""
    return join_lines(text_lines(page.within(box).chars), box)
