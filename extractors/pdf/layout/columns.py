"""Columns a header row names: where each runs, which column a cell's ink lies in, and cutting a
cell where a column begins when the page drew no boundary there.

A family knows its header labels ("Tid", "Ansvarlig", …); the layout knows where they are. Cells
are placed in columns by their ink (a cell's box may reach past its column, to the table's edge
where a row has no cell to its right; its text and marks do not).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..model import BBox
from .bands import Band, Cell

Span = tuple[float, float]

# A cell starts at a column's edge within this distance (points).
EDGE_TOLERANCE = 2.0
# Where a header label puts a column's start, the gap before the column's text lies within this
# many text heights of it.
COLUMN_REACH = 1.5


def ink_box(cell: Cell) -> BBox:
    """Where the cell's text and marks are."""
    boxes = [line.bbox for line in cell.lines]
    region = cell.region
    boxes += [item.bbox for item in (*region.curves, *region.images)]
    if not boxes:
        return cell.box
    return BBox(min(b.x0 for b in boxes), cell.box.top, max(b.x1 for b in boxes), cell.box.bottom)


def column_spans(header: Band, labelled: Sequence[Cell]) -> dict[int, Span]:
    """Each labelled header cell's column (by its index in ``labelled``).

    Where a rule parts two header cells, the rule is the columns' boundary. Elsewhere the
    boundary lies in the gap between the labels, no further left than a text height before the
    next label: columns are set flush left, a column's text starting where its label starts. The
    outer columns of a table without rules run on past their labels (a smiley may sit right of
    the word "Smiley").
    """
    cells = sorted((cell for cell in header.cells if cell.lines), key=lambda cell: cell.box.x0)
    bounds = [header.box.x0 if header.ruled else -math.inf]
    for left, right in zip(cells, cells[1:], strict=False):
        if left.drawn:
            bounds.append(left.box.x1)
            continue
        left_ink, right_ink = ink_box(left), ink_box(right)
        height = max((line.bbox.height for line in right.lines), default=0.0)
        middle = (left_ink.x1 + right_ink.x0) / 2
        bounds.append(max(middle, right_ink.x0 - height))
    bounds.append(header.box.x1 if header.ruled else math.inf)
    position = {id(cell): index for index, cell in enumerate(cells)}
    return {
        index: (bounds[position[id(cell)]], bounds[position[id(cell)] + 1])
        for index, cell in enumerate(labelled)
    }


def share_under(box: BBox, span: Span | None) -> float:
    """How much of ``box``'s width lies in the column ``span``."""
    if span is None or box.width <= 0:
        return 0.0
    return max(0.0, min(box.x1, span[1]) - max(box.x0, span[0])) / box.width


def cut_at_column(cells: Sequence[Cell], span: Span) -> list[Cell]:
    """Cells that run from another column into this one, or on from it into the next, cut at the
    gap where the column begins or ends."""
    out: list[Cell] = []
    for cell in cells:
        out.extend(_cut_at(_cut_at([cell], span[0]), span[1]))
    return out


def _cut_at(cells: list[Cell], x: float) -> list[Cell]:
    if not math.isfinite(x):
        return cells
    out: list[Cell] = []
    for cell in cells:
        ink = ink_box(cell)
        height = max((line.bbox.height for line in cell.lines), default=0.0)
        if ink.x0 < x - EDGE_TOLERANCE and ink.x1 > x + height:
            parts = cell.cut(x, COLUMN_REACH * height)
            if parts is not None:
                out.extend(parts)
                continue
        out.append(cell)
    return out
