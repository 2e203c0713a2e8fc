"""The text of one field of a record, gathered from the cells of several bands and pages.

A field's text may come in pieces: the parts of a row that whitespace cut into bands, the two
parts of a row a page break cut. Pieces of one column on one page are one block of lines (their
gaps still tell paragraphs); across a page break the pieces are joined as the page break says
(``page_break_separator``); pieces side by side on one page are joined with a space. The text is
rendered only when the document has been read, so that the mending of cut words can use the
whole document's vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import BBox
from .bands import Cell
from .lines import TextLine
from .params import DEFAULT_PARAMS, LayoutParams
from .text import Vocabulary, join_lines, page_break_separator


@dataclass(frozen=True, slots=True)
class Piece:
    page: int
    lines: tuple[TextLine, ...]
    box: BBox  # what the lines are measured against (a cell's ``measure``)
    drawn: bool  # the box's right edge is drawn


@dataclass(slots=True)
class FieldText:
    pieces: list[Piece] = field(default_factory=list)

    def add(self, page: int, cells: Iterable[Cell]) -> None:
        for cell in cells:
            if cell.lines:
                self.pieces.append(Piece(page, cell.lines, cell.measure, cell.drawn))

    def add_lines(self, page: int, lines: Iterable[TextLine], box: BBox, drawn: bool) -> None:
        lines = tuple(lines)
        if lines:
            self.pieces.append(Piece(page, lines, box, drawn))

    def __bool__(self) -> bool:
        return bool(self.pieces)

    def render(self, vocabulary: Vocabulary | None, params: LayoutParams = DEFAULT_PARAMS) -> str:
        out: list[str] = []
        group: list[Piece] = []
        previous: Piece | None = None
        for piece in self.pieces:
            if group and piece.page == group[-1].page and _same_column(piece.box, group[-1].box):
                group.append(piece)
                continue
            if group:
                previous = _flush(group, previous, out, vocabulary, params)
            group = [piece]
        if group:
            _flush(group, previous, out, vocabulary, params)
        return "".join(out)


def _flush(
    group: list[Piece],
    previous: Piece | None,
    out: list[str],
    vocabulary: Vocabulary | None,
    params: LayoutParams,
) -> Piece:
    lines = [line for piece in group for line in piece.lines]
    box = group[0].box
    for piece in group[1:]:
        box = box.union(piece.box)
    drawn = all(piece.drawn for piece in group)
    merged = Piece(group[0].page, tuple(lines), box, drawn)
    if out:
        out.append(_joint(previous, merged, vocabulary, params) if previous else " ")
    out.append(join_lines(lines, box, vocabulary, params, drawn))
    return merged


def _same_column(a: BBox, b: BBox) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 * min(a.width, b.width)


def _joint(
    previous: Piece, following: Piece, vocabulary: Vocabulary | None, params: LayoutParams
) -> str:
    if previous.page == following.page:
        return " "
    return page_break_separator(
        previous.lines, previous.box, following.lines, vocabulary, params, previous.drawn
    )
