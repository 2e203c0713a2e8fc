"""Reading order of a page's text lines, for families that read running text: the page's text
columns before its rows.

A page set in two columns of running text reads down the left column, then down the right; a
table reads row by row. Both have vertical gaps; what tells them apart is what lies on either
side: text columns are wide (a gutter parts two blocks of running text), while a table's columns
and a list's markers are narrow beside the text. A line that runs across the gutter (a title, a
heading over both columns) parts the page: the columns above it are read before it, those below
after it.

So: find a gutter that few lines cross and that has wide text on both sides; read the lines that
cross it in their place, and between two of them the left column then the right (each read the
same way, for columns within columns); where no gutter is, cut the lines at their widest
horizontal gap and read each part so.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate

from .lines import TextLine

# A gutter is at least this many text heights wide ...
GUTTER_WIDTH = 1.2
# ... the text on each side of it at least this share of the region's width ...
GUTTER_SIDE_SHARE = 0.15
# ... and at most this share of the region's lines run across it.
GUTTER_CROSSING_SHARE = 0.2


def reading_order(lines: Sequence[TextLine]) -> list[TextLine]:
    """``lines`` in the order a reader reads them."""
    return _flow(list(lines))


def _flow(lines: list[TextLine]) -> list[TextLine]:
    if len(lines) <= 1:
        return lines
    gutter = _gutter(lines)
    if gutter is not None:
        return _columns(lines, gutter)
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


def _columns(lines: list[TextLine], gutter: float) -> list[TextLine]:
    """Lines across the gutter in their place; between them, the left column, then the right."""
    out: list[TextLine] = []
    left: list[TextLine] = []
    right: list[TextLine] = []
    for line in sorted(lines, key=lambda line: line.bbox.top):
        if line.bbox.x0 < gutter < line.bbox.x1:
            # The columns above it come first; what stands beside it (a letterhead beside a
            # title) comes after it.
            top = line.bbox.top
            out += _flow([b for b in left if b.bbox.bottom <= top])
            out += _flow([b for b in right if b.bbox.bottom <= top])
            left = [b for b in left if b.bbox.bottom > top]
            right = [b for b in right if b.bbox.bottom > top]
            out.append(line)
        elif line.bbox.x1 <= gutter:
            left.append(line)
        else:
            right.append(line)
    return out + _flow(left) + _flow(right)


def _gutter(lines: list[TextLine]) -> float | None:
    """The x of a gutter few of ``lines`` cross, with wide text on both sides, if there is one."""
    heights = sorted(line.bbox.height for line in lines)
    height = heights[len(heights) // 2]
    left_edge = min(line.bbox.x0 for line in lines)
    right_edge = max(line.bbox.x1 for line in lines)
    width = right_edge - left_edge
    if width <= 0:
        return None
    # A gutter nothing crosses first; else one a few lines run across (a title over columns).
    for allowed in (0, int(GUTTER_CROSSING_SHARE * len(lines))):
        found = _widest_gutter(lines, allowed, height, width)
        if found is not None:
            return found
    return None


def _widest_gutter(
    lines: list[TextLine], allowed: int, height: float, width: float
) -> float | None:
    best: tuple[float, float] | None = None
    sides = _Sides(lines)
    for a, b in _gaps(lines, allowed):
        if b - a < GUTTER_WIDTH * height:
            continue
        middle = (a + b) / 2
        found = sides.widths(middle)
        if found is None:
            continue
        left_width, right_width = found
        if left_width < GUTTER_SIDE_SHARE * width or right_width < GUTTER_SIDE_SHARE * width:
            continue
        if best is None or b - a > best[1] - best[0]:
            best = (a, b)
    return (best[0] + best[1]) / 2 if best else None


class _Sides:
    """How wide the lines are that end left of an x, and those that start right of it; found
    by bisection, not by a walk over every line for every gap (a page of flowing text has a
    gap between nearly every two of its words' columns)."""

    def __init__(self, lines: list[TextLine]):
        by_end = sorted((line.bbox.x1, line.bbox.x0) for line in lines)
        self.ends = [x1 for x1, _ in by_end]
        # The leftmost start of the lines up to each end, left to right.
        self.first_starts = list(accumulate((x0 for _, x0 in by_end), min))
        by_start = sorted((line.bbox.x0, line.bbox.x1) for line in lines)
        self.starts = [x0 for x0, _ in by_start]
        # The rightmost end of the lines from each start on, right to left.
        self.last_ends = list(accumulate((x1 for _, x1 in reversed(by_start)), max))[::-1]

    def widths(self, middle: float) -> tuple[float, float] | None:
        """The widths of the lines wholly left of ``middle`` and of those wholly right of it;
        None where either side has none."""
        left = bisect_right(self.ends, middle)
        right = bisect_left(self.starts, middle)
        if not left or right == len(self.starts):
            return None
        left_width = self.ends[left - 1] - self.first_starts[left - 1]
        right_width = self.last_ends[right] - self.starts[right]
        return left_width, right_width


def _gaps(lines: list[TextLine], allowed: int) -> list[tuple[float, float]]:
    """Vertical gaps between the lines once the ``allowed`` widest are set aside (they may run
    across a gutter)."""
    widest = sorted(lines, key=lambda line: line.bbox.width, reverse=True)[:allowed]
    aside = {id(line) for line in widest}
    spans = sorted((line.bbox.x0, line.bbox.x1) for line in lines if id(line) not in aside)
    gaps: list[tuple[float, float]] = []
    reach = None
    for x0, x1 in spans:
        if reach is not None and x0 > reach:
            gaps.append((reach, x0))
        reach = x1 if reach is None else max(reach, x1)
    return gaps
