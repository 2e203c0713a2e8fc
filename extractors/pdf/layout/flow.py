"""Reading order of a page's text lines, for families that read running text: an XY-cut over the
lines, cutting the page into its text columns before its rows.

A page set in two columns of running text reads down the left column, then down the right; a
table reads row by row. Both have vertical gaps; what tells them apart is what lies on either
side: text columns are wide (a gutter parts two blocks of running text), while a table's columns
and a list's markers are narrow beside the text. So a vertical cut is taken first only at a gutter
that runs through the whole region with wide text on both sides; elsewhere the region is cut at its
widest horizontal gap, and so on down.
"""

from __future__ import annotations

from collections.abc import Sequence

from .lines import TextLine

# A gutter is at least this many text heights wide ...
GUTTER_WIDTH = 1.2
# ... and the text on each side of it at least this share of the region's width.
GUTTER_SIDE_SHARE = 0.15


def reading_order(lines: Sequence[TextLine]) -> list[TextLine]:
    """``lines`` in the order a reader reads them."""
    lines = list(lines)
    if len(lines) <= 1:
        return lines
    return _flow(lines)


def _flow(lines: list[TextLine]) -> list[TextLine]:
    if len(lines) <= 1:
        return lines
    gutter = _gutter(lines)
    if gutter is not None:
        left = [line for line in lines if line.bbox.x1 <= gutter]
        right = [line for line in lines if line.bbox.x1 > gutter]
        return _flow(left) + _flow(right)
    ordered = sorted(lines, key=lambda line: line.bbox.top)
    cut, best = None, 0.0
    bottom = ordered[0].bbox.bottom
    for index in range(1, len(ordered)):
        gap = ordered[index].bbox.top - bottom
        if gap > best:
            cut, best = index, gap
        bottom = max(bottom, ordered[index].bbox.bottom)
    if cut is None:
        # One row: lines side by side, left to right.
        return sorted(lines, key=lambda line: line.bbox.x0)
    return _flow(ordered[:cut]) + _flow(ordered[cut:])


def _gutter(lines: list[TextLine]) -> float | None:
    """The x of a gutter running through all of ``lines``, if there is one."""
    heights = sorted(line.bbox.height for line in lines)
    height = heights[len(heights) // 2]
    left_edge = min(line.bbox.x0 for line in lines)
    right_edge = max(line.bbox.x1 for line in lines)
    width = right_edge - left_edge
    if width <= 0:
        return None
    spans = sorted((line.bbox.x0, line.bbox.x1) for line in lines)
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= GUTTER_WIDTH * height:
            if (
                reach - left_edge >= GUTTER_SIDE_SHARE * width
                and right_edge - x0 >= GUTTER_SIDE_SHARE * width
            ):
                return (reach + x0) / 2
        reach = max(reach, x1)
    return None
