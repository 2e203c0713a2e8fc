"""A page as bands: horizontal slices, top to bottom, each cut into cells left to right.

Where rules are drawn, a band is a row of a ruled table: the strip between two of its horizontal
rules, cut at the vertical rules that cross it. Everywhere else, bands and cells come from the
whitespace of the ink (an XY-cut): a band ends at a horizontal gap, a cell at a vertical gap that
the evidence says is a column boundary and not a space between words:
- a gap wide enough on its own;
- a gap that runs clear through several lines (a river down a column, not a space);
- a gap after which the text starts where a column starts in the band above or below it (columns
  are aligned at their left edge), or a gap that a vertical rule of the same table crosses in other
  rows (a rule missing here, present there).
Inside ruled cells the same evidence finds columns whose rule was not drawn.

Text lines are built inside each cell, never across the page: blocks set side by side (a letterhead
beside a title, two columns of text) stay apart.
"""

from __future__ import annotations

import math
import statistics
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from operator import itemgetter

from ..model import BBox, Page
from .edges import is_rule_box, is_shading
from .lines import COMPILED, LINE_PITCH, TextLine, text_lines
from .params import DEFAULT_PARAMS, LayoutParams
from .tables import RuledTable, ruled_tables
from .text import Vocabulary, join_lines

# A cell is cut only at a gap at least this share of its text height: a space between words is
# about a quarter, a justified line's widest half.
CUT_GAP = 0.55
# Column edges within this distance (points) are one (text set flush left in a column).
ALIGN_TOLERANCE = 1.5
# The smallest share of a char's box that must fall inside a cell for the char to belong to it is
# its centre: the page model cuts regions by centre.
_CENTRE_TOLERANCE = 0.5


@dataclass(frozen=True, slots=True, eq=False)
class Cell:
    """One cell: its box, the part of the page inside it, and its text lines."""

    box: BBox
    region: Page
    lines: tuple[TextLine, ...]
    drawn: bool = True  # its right edge is drawn (a rule, a shading's edge), not found in the ink
    # What its lines are measured against (where a line counts as filled): the box where rules
    # draw it; else the column the cell's text starts in, as wide as its widest line on the page.
    frame: BBox | None = None

    @property
    def measure(self) -> BBox:
        return self.frame or self.box

    @property
    def text(self) -> str:
        return join_lines(self.lines, self.measure, drawn=self.drawn)

    def text_with(self, vocabulary: Vocabulary | None, params: LayoutParams) -> str:
        return join_lines(self.lines, self.measure, vocabulary, params, self.drawn)

    @property
    def empty(self) -> bool:
        region = self.region
        return not (region.chars or region.curves or region.images or region.rects)

    def cut(
        self, x: float, reach: float, params: LayoutParams = DEFAULT_PARAMS
    ) -> tuple[Cell, Cell] | None:
        """The cell cut in two at the gap in its ink nearest ``x`` (within ``reach`` points), for
        a reader that knows a column starts near there; None when no gap is near.

        Where a table draws no rule between two columns and its text nearly fills one of them,
        the gap between the columns is as narrow as a space; a header row can still say where
        the column begins.
        """
        spans = sorted(
            (c.bbox.x0, c.bbox.x1) for c in self.region.chars if c.text.strip() and c.upright
        )
        spans += sorted(
            (item.bbox.x0, item.bbox.x1) for item in (*self.region.curves, *self.region.images)
        )
        spans.sort()
        gaps: list[tuple[float, float]] = []
        end = None
        for x0, x1 in spans:
            if end is not None and x0 > end:
                gaps.append((end, x0))
            end = x1 if end is None else max(end, x1)
        height = (
            statistics.median(c.bbox.height for c in self.region.chars)
            if self.region.chars
            else 0.0
        )
        # Wider than a space between words (a justified line's spaces included).
        wide = [g for g in gaps if g[1] - g[0] >= CUT_GAP * height]
        near = [g for g in wide if g[0] - reach <= x <= g[1] + reach]
        if not near:
            return None
        a, b = min(
            near, key=lambda g: 0.0 if g[0] <= x <= g[1] else min(abs(g[0] - x), abs(g[1] - x))
        )
        middle = (a + b) / 2
        parts = []
        # The left part's text is measured against the end of its widest line, as a column whose
        # edge is not drawn is.
        for x0, x1, edge in ((self.box.x0, middle, a), (middle, self.box.x1, self.measure.x1)):
            box = BBox(x0, self.box.top, x1, self.box.bottom)
            region = self.region.within(box, _CENTRE_TOLERANCE)
            frame = BBox(x0, self.box.top, edge, self.box.bottom)
            parts.append(Cell(box, region, tuple(text_lines(region.chars, params)), False, frame))
        return parts[0], parts[1]


@dataclass(frozen=True, slots=True, eq=False)
class Band:
    """A horizontal slice of a page and its cells, left to right."""

    page: int
    box: BBox
    cells: tuple[Cell, ...]
    ruled: bool  # a row of a ruled table
    table: int | None = None  # which ruled table of the page, top to bottom
    # Which ruled row of the page (between two of its rules): a row that whitespace cuts into
    # several bands gives each of them the same number.
    strip: int | None = None
    rule_above: bool = False  # a drawn rule closes it at the top ...
    rule_below: bool = False  # ... and at the bottom
    open_top: bool = False  # a ruled row cut by the page's start, no rule drawn above it
    open_bottom: bool = False  # a ruled row cut by the page's end, no rule drawn below it

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(cell.text for cell in self.cells)

    @property
    def lines(self) -> list[TextLine]:
        return [line for cell in self.cells for line in cell.lines]

    def split_at(self, ys: list[float], params: LayoutParams = DEFAULT_PARAMS) -> list[Band]:
        """The band cut across at ``ys``, each part with the same columns.

        For a reader that knows where rows start when the page does not show it: rows of a table
        set without rules and without space between them are one band until then.
        """
        edges = [self.box.top, *sorted(y for y in ys if self.box.top < y < self.box.bottom)]
        edges.append(self.box.bottom)
        parts = []
        for index, (top, bottom) in enumerate(zip(edges, edges[1:], strict=False)):
            cells = []
            for cell in self.cells:
                box = BBox(cell.box.x0, top, cell.box.x1, bottom)
                region = cell.region.within(box, _CENTRE_TOLERANCE)
                lines = tuple(text_lines(region.chars, params))
                frame = cell.frame and BBox(cell.frame.x0, top, cell.frame.x1, bottom)
                cells.append(Cell(box, region, lines, cell.drawn, frame))
            first, last = index == 0, index == len(edges) - 2
            parts.append(
                Band(
                    self.page,
                    BBox(self.box.x0, top, self.box.x1, bottom),
                    tuple(cells),
                    self.ruled,
                    self.table,
                    self.strip,
                    rule_above=first and self.rule_above,
                    rule_below=last and self.rule_below,
                    open_top=first and self.open_top,
                    open_bottom=last and self.open_bottom,
                )
            )
        return parts


@dataclass(frozen=True, slots=True, eq=False)
class PageLayout:
    # No field names the page: the page keeps its layout (in its memo), and a layout that named
    # it back would make every page a reference cycle, freed only by the cycle collector.
    bands: tuple[Band, ...]
    tables: tuple[RuledTable, ...]
    text_height: float  # the median height of the page's chars
    lines: tuple[TextLine, ...]  # every cell's lines, band by band, cell by cell


def page_layout(page: Page, params: LayoutParams = DEFAULT_PARAMS) -> PageLayout:
    """The page's bands and cells (found once per page and parameters)."""
    key = ("layout", params)
    found = page.memo.get(key)
    if found is None:
        found = page.memo[key] = _layout(page, params)
    return found


def page_lines(page: Page, params: LayoutParams = DEFAULT_PARAMS) -> list[TextLine]:
    """Every text line of the page, in reading order: band by band, cell by cell."""
    return list(page_layout(page, params).lines)


# ---------------------------------------------------------------- ink


# Ink is a box (x0, top, x1, bottom): a char's own BBox, or a mark's.
_Ink = tuple[float, float, float, float]


def _runs(glyphs: list[BBox], closer_than: float) -> list[_Ink]:
    """Glyphs as runs: consecutive glyphs of one line (in the page's order) closer than any gap
    that could part two cells are one box. A run hides only gaps that no cut would take, and a
    page has a tenth as many runs as glyphs."""
    runs: list[_Ink] = []
    if not glyphs:
        return runs
    x0, top, x1, bottom = glyphs[0]
    for box in glyphs[1:]:
        gx0, gtop, gx1, gbottom = box
        if gtop == top and gbottom == bottom and x1 - 0.5 <= gx0 < x1 + closer_than:
            if gx1 > x1:
                x1 = gx1
            continue
        runs.append((x0, top, x1, bottom))
        x0, top, x1, bottom = box
    runs.append((x0, top, x1, bottom))
    return runs


def _ink(page: Page, params: LayoutParams) -> tuple[list[_Ink], float]:
    """What a reader sees as content (glyphs, and marks that are neither rules nor shading), and
    the median height of the glyphs."""
    found = COMPILED.ink(page.chars, params.min_column_gap) if COMPILED is not None else None
    if found is not None:
        # The three loops below in C (a sixth of a page's layout in Python).
        ink, height = found
    else:
        glyphs = [
            box
            for text, _, _, _, box, upright in page.chars
            if upright and text and not text.isspace()
        ]
        heights = sorted(bottom - top for _, top, _, bottom in glyphs if bottom > top)
        height = heights[len(heights) // 2] if heights else 10.0
        ink = _runs(glyphs, params.min_column_gap * height)
    for rect in page.rects:
        box = rect.bbox
        if is_rule_box(box, params) or is_shading(box, rect.fill, params):
            continue
        background = rect.fill is None or min(rect.fill) >= params.background_lightness
        if background and rect.stroke is None:
            continue  # unpainted, or a white box behind text
        if box.width > 3 * params.shading_min_long_side or box.height > 200:
            continue  # a frame around a block: not a mark
        ink.append(box)
    for curve in page.curves:
        box = curve.bbox
        if (
            is_rule_box(box, params)
            or max(box.width, box.height) > 3 * params.shading_min_long_side
        ):
            continue
        ink.append(box)
    for image in page.images:
        box = image.bbox
        if box.width <= 3 * params.shading_min_long_side and box.height <= 200:
            ink.append(box)
    return ink, height


# ---------------------------------------------------------------- slabs and their cuts


@dataclass(slots=True, eq=False)
class _Slab:
    """A band being cut: its extent, its ink, and the column boundaries found in it."""

    top: float
    bottom: float
    x0: float
    x1: float
    ink: list[_Ink]
    fixed: tuple[float, ...] = ()  # vertical rules crossing it
    hints: tuple[float, ...] = ()  # vertical rules the same table draws in other rows
    gaps: list[tuple[float, float]] = field(default_factory=list)
    accepted: list[bool] = field(default_factory=list)


def _candidate_gaps(slab: _Slab, min_gap: float) -> None:
    """Vertical gaps in the slab's ink at least ``min_gap`` wide, between its fixed cuts."""
    spans = sorted((x0, x1) for x0, _, x1, _ in slab.ink)
    runs: list[list[float]] = []
    for x0, x1 in spans:
        if runs and x0 <= runs[-1][1]:
            if x1 > runs[-1][1]:
                runs[-1][1] = x1
        else:
            runs.append([x0, x1])
    for (_, a), (b, _) in zip(runs, runs[1:], strict=False):
        if b - a >= min_gap and not any(a <= x <= b for x in slab.fixed):
            slab.gaps.append((a, b))
    slab.accepted = [False] * len(slab.gaps)


def _local_height(slab: _Slab, fallback: float) -> float:
    heights = sorted(bottom - top for _, top, _, bottom in slab.ink if bottom > top)
    return heights[len(heights) // 2] if heights else fallback


def _cut(groups: list[list[_Slab]], height: float, params: LayoutParams) -> None:
    """Decide which candidate gaps of the page's slabs are column boundaries.

    A slab's neighbours are the slabs above and below it in its group (a table's rows, or the
    bands outside tables); a column start is supported by any slab of the page.
    """
    align = params.align_tolerance
    slabs = [slab for group in groups for slab in group]
    for slab in slabs:
        # Gaps are judged against the slab's own text: a title's word spaces are wide.
        local = _local_height(slab, height)
        big = params.column_gap * local
        _candidate_gaps(slab, params.min_column_gap * local)
        tall = slab.bottom - slab.top >= params.river_lines * local * LINE_PITCH
        for index, (a, b) in enumerate(slab.gaps):
            slab.accepted[index] = b - a >= big or tall or any(a <= x <= b for x in slab.hints)
    changed = True
    while changed:
        changed = False
        starts = _column_starts(slabs)
        position = 0
        for group in groups:
            for index, slab in enumerate(group):
                neighbours = group[max(0, index - 1) : index] + group[index + 1 : index + 2]
                for g, (a, b) in enumerate(slab.gaps):
                    if slab.accepted[g]:
                        continue
                    if _supported(
                        b, starts, position + index, align, params.min_column_support
                    ) or any(_has_boundary_in(other, a, b, align) for other in neighbours):
                        slab.accepted[g] = True
                        changed = True
            position += len(group)


def _column_starts(slabs: list[_Slab]) -> list[tuple[float, int]]:
    """Where cells' text starts, as (x, slab index), sorted by x: after each accepted gap, and
    after each vertical rule that crosses a slab."""
    starts = [
        (gb, index)
        for index, slab in enumerate(slabs)
        for (_, gb), ok in zip(slab.gaps, slab.accepted, strict=True)
        if ok
    ]
    for index, slab in enumerate(slabs):
        for x in slab.fixed:
            after = [x0 for x0, _, _, _ in slab.ink if x0 > x]
            if after:
                starts.append((min(after), index))
    return sorted(starts)


def _supported(
    x: float, starts: list[tuple[float, int]], index: int, tolerance: float, needed: int
) -> bool:
    """Do at least ``needed`` other slabs have a cell starting at ``x``?"""
    lo = bisect_left(starts, (x - tolerance, -1))
    hi = bisect_right(starts, (x + tolerance, len(starts) + 1))
    return len({slab for _, slab in starts[lo:hi] if slab != index}) >= needed


def _has_boundary_in(slab: _Slab, a: float, b: float, tolerance: float) -> bool:
    """Does ``slab`` have a column boundary where the gap (a, b) has one: a rule inside the gap,
    or a cell whose text starts where the text after the gap starts (columns are aligned at
    their left edge)?"""
    if any(a <= x <= b for x in slab.fixed):
        return True
    return any(
        ok and abs(gb - b) <= tolerance
        for (_, gb), ok in zip(slab.gaps, slab.accepted, strict=True)
    )


def _corridors(slabs: list[_Slab]) -> list[tuple[float, float]]:
    """The clear corridors of the accepted gaps of a group of slabs, left to right.

    Each corridor is (widest ink end before it, first ink start after it) over the rows that
    have the boundary: a stream table's column runs from one corridor's end to the next one's
    start, whatever each row's text fills of it.
    """
    spans = sorted(
        gap for slab in slabs for gap, ok in zip(slab.gaps, slab.accepted, strict=True) if ok
    )
    clusters: list[list[float]] = []  # [union end, widest ink end, first ink start]
    for a, b in spans:
        if clusters and a < clusters[-1][0]:
            cluster = clusters[-1]
            cluster[0] = max(cluster[0], b)
            cluster[1] = max(cluster[1], a)
            cluster[2] = min(cluster[2], b)
        else:
            clusters.append([b, a, b])
    return [(widest, first) for _, widest, first in clusters]


# ---------------------------------------------------------------- the layout


@dataclass(slots=True, eq=False)
class _Strip:
    """A row of a ruled table between two of its rules, before it is cut into bands."""

    table: int
    slab: _Slab
    open_top: bool
    open_bottom: bool
    number: int = 0  # the page's count of strips, top to bottom


def _layout(page: Page, params: LayoutParams) -> PageLayout:
    tables = ruled_tables(page, params)
    ink, height = _ink(page, params)
    # Ink by vertical centre, for the strips of each table to take theirs by bisection.
    ink.sort(key=_mid_y)
    mids = [(top + bottom) / 2 for _, top, _, bottom in ink]
    taken = bytearray(len(ink))
    parts: list[tuple[_Strip, _Slab, bool, bool]] = []  # (strip, band of it, first, last)
    groups: list[list[_Slab]] = []  # each table's bands
    strips = 0
    for number, table in enumerate(tables):
        box = table.box
        count = len(table.rows) - 1
        table_strips: list[_Strip] = []
        for index in range(count):
            top, bottom = table.rows[index], table.rows[index + 1]
            if bottom - top <= params.rule_thickness:
                continue
            crossing = tuple(
                v.position
                for v in table.verticals
                if min(v.end, bottom) - max(v.start, top) >= params.crossing_share * (bottom - top)
            )
            slab = _Slab(top, bottom, box.x0, box.x1, [], fixed=crossing)
            slab.hints = tuple(x for x in table.columns if x not in crossing)
            open_top = table.open_top and index == 0
            open_bottom = table.open_bottom and index == count - 1
            table_strips.append(_Strip(number, slab, open_top, open_bottom, strips))
            strips += 1
        _fill([strip.slab for strip in table_strips], ink, mids, taken, box)
        table_bands: list[_Slab] = []
        for strip in table_strips:
            pieces = _strip_bands(strip.slab, height, params)
            for index, piece in enumerate(pieces):
                parts.append((strip, piece, index == 0, index == len(pieces) - 1))
            table_bands += pieces
        groups.append(table_bands)
    free = [item for item, used in zip(ink, taken, strict=True) if not used]
    stream = _stream_slabs(free, height, params)
    _cut([*groups, stream], height, params)

    drafts: list[tuple[BBox, list[tuple[BBox, Page, tuple[TextLine, ...], bool]], dict]] = []
    for strip, slab, first, last in parts:
        boxes, drawn = _ruled_cell_boxes(slab)
        flags = {
            "ruled": True,
            "table": strip.table,
            "strip": strip.number,
            "rule_above": first and not strip.open_top,
            "rule_below": last and not strip.open_bottom,
            "open_top": first and strip.open_top,
            "open_bottom": last and strip.open_bottom,
        }
        drafts.append((_slab_box(slab), _cell_drafts(page, boxes, params, drawn), flags))
    corridors = _corridors(stream)
    for slab in stream:
        boxes = _stream_cell_boxes(slab, corridors)
        cells = _cell_drafts(page, boxes, params, [False] * len(boxes))
        drafts.append((_slab_box(slab), cells, {"ruled": False}))
    widest = _column_widths(drafts)
    bands = [
        Band(
            page.number,
            box,
            tuple(
                Cell(
                    cell_box,
                    region,
                    lines,
                    drawn,
                    None if drawn else _frame(cell_box, lines, widest),
                )
                for cell_box, region, lines, drawn in cells
            ),
            **flags,
        )
        for box, cells, flags in drafts
    ]
    bands.sort(key=lambda band: (band.box.top, band.box.x0))
    kept = tuple(band for band in bands if band.cells)
    lines = tuple(line for band in kept for cell in band.cells for line in cell.lines)
    return PageLayout(kept, tables, height, lines)


def _slab_box(slab: _Slab) -> BBox:
    return BBox(slab.x0, slab.top, slab.x1, slab.bottom)


def _column_widths(drafts) -> list[tuple[float, float]]:
    """(left edge, usual widest line end) of each column of undrawn cells on the page: cells
    whose text starts at one x. The usual end is the median of the cells' widest lines, so that a
    cell merged with its neighbour (its text running on into the next column) does not widen
    the column."""
    starts = sorted(
        (min(line.bbox.x0 for line in lines), max(line.bbox.x1 for line in lines))
        for _, cells, _ in drafts
        for _, _, lines, drawn in cells
        if lines and not drawn
    )
    columns: list[tuple[float, list[float]]] = []
    for left, right in starts:
        if columns and left - columns[-1][0] <= ALIGN_TOLERANCE:
            columns[-1][1].append(right)
        else:
            columns.append((left, [right]))
    return [(left, statistics.median(rights)) for left, rights in columns]


def _frame(box: BBox, lines: tuple[TextLine, ...], widest: list[tuple[float, float]]) -> BBox:
    if not lines:
        return box
    left = min(line.bbox.x0 for line in lines)
    right = max(line.bbox.x1 for line in lines)
    index = bisect_right(widest, (left + ALIGN_TOLERANCE, math.inf)) - 1
    if index >= 0 and left - widest[index][0] <= ALIGN_TOLERANCE:
        right = max(right, widest[index][1])
    return BBox(left, box.top, right, box.bottom)


def _strip_bands(strip: _Slab, height: float, params: LayoutParams) -> list[_Slab]:
    """A ruled row cut at the horizontal gaps of its ink that run across the whole row.

    A table that rules only some of its rows (a frame, a rule under the header) holds several
    rows between two rules; whitespace parts them as it parts the rows of a table without
    rules. Each part keeps the row's vertical rules, and together the parts cover the row.
    """
    pieces = _stream_slabs(strip.ink, height, params)
    if len(pieces) <= 1:
        return [strip]
    out = []
    for index, piece in enumerate(pieces):
        top = strip.top if index == 0 else (pieces[index - 1].bottom + piece.top) / 2
        if index + 1 < len(pieces):
            bottom = (piece.bottom + pieces[index + 1].top) / 2
        else:
            bottom = strip.bottom
        band = _Slab(top, bottom, strip.x0, strip.x1, piece.ink, fixed=strip.fixed)
        band.hints = strip.hints
        out.append(band)
    return out


def _mid_y(item: _Ink) -> float:
    return (item[1] + item[3]) / 2


def _fill(
    slabs: list[_Slab], ink: list[_Ink], mids: list[float], taken: bytearray, box: BBox
) -> None:
    """Give each strip of a ruled table the ink whose centre lies in it (ink sorted by centre)."""
    if not slabs:
        return
    tops = [slab.top for slab in slabs]
    for index in range(bisect_left(mids, box.top), bisect_right(mids, box.bottom)):
        item = ink[index]
        if taken[index] or not box.x0 <= (item[0] + item[2]) / 2 <= box.x1:
            continue
        position = bisect_right(tops, mids[index]) - 1
        if position >= 0 and mids[index] <= slabs[position].bottom:
            slabs[position].ink.append(item)
            taken[index] = 1


def _stream_slabs(ink: list[_Ink], height: float, params: LayoutParams) -> list[_Slab]:
    """Bands of the ink outside ruled tables, split at horizontal gaps."""
    gap = params.band_gap * height
    slabs: list[_Slab] = []
    for item in sorted(ink, key=itemgetter(1)):
        x0, top, x1, bottom = item
        if slabs and top - slabs[-1].bottom < gap:
            slab = slabs[-1]
            slab.ink.append(item)
            if bottom > slab.bottom:
                slab.bottom = bottom
            if x0 < slab.x0:
                slab.x0 = x0
            if x1 > slab.x1:
                slab.x1 = x1
        else:
            slabs.append(_Slab(top, bottom, x0, x1, [item]))
    return slabs


def _ruled_cell_boxes(slab: _Slab) -> tuple[list[BBox], list[bool]]:
    """A ruled row's cells: between the rules that cross it, then at its accepted gaps; and for
    each whether its right edge is drawn (a vertical rule crosses the row there) or only found in
    the text (a gap, or the end of rules that rule the rows alone)."""
    cuts = [(a + b) / 2 for (a, b), ok in zip(slab.gaps, slab.accepted, strict=True) if ok]
    xs = sorted({slab.x0, slab.x1, *slab.fixed, *cuts})
    pairs = [(a, b) for a, b in zip(xs, xs[1:], strict=False) if b - a > 1.0]
    drawn = set(slab.fixed)
    return [BBox(a, slab.top, b, slab.bottom) for a, b in pairs], [b in drawn for _, b in pairs]


def _stream_cell_boxes(slab: _Slab, corridors: list[tuple[float, float]]) -> list[BBox]:
    """A band's cells between its accepted gaps, each widened to the column it belongs to.

    A cell reaches left to where its column's text starts in any row and right to where the
    column's widest line ends (the corridor of the gap beside it), never into its neighbours.
    """
    cuts = [gap for gap, ok in zip(slab.gaps, slab.accepted, strict=True) if ok]
    boxes = []
    for index in range(len(cuts) + 1):
        left_gap = cuts[index - 1] if index else None
        right_gap = cuts[index] if index < len(cuts) else None
        x0 = left_gap[1] if left_gap else slab.x0
        x1 = right_gap[0] if right_gap else slab.x1
        if left_gap:
            corridor = _corridor_of(left_gap, corridors)
            x0 = max(left_gap[0], min(x0, corridor[1]))
        if right_gap:
            corridor = _corridor_of(right_gap, corridors)
            x1 = min(right_gap[1], max(x1, corridor[0]))
        boxes.append(BBox(x0, slab.top, x1, slab.bottom))
    return boxes


def _corridor_of(gap: tuple[float, float], corridors: list[tuple[float, float]]):
    a, b = gap
    for corridor in corridors:
        if corridor[0] <= b and corridor[1] >= a:
            return corridor
    return gap


def _cell_drafts(
    page: Page, boxes: list[BBox], params: LayoutParams, drawn: list[bool]
) -> list[tuple[BBox, Page, tuple[TextLine, ...], bool]]:
    regions = page.split(boxes, _CENTRE_TOLERANCE)
    return [
        (box, region, tuple(text_lines(region.chars, params)), right)
        for box, region, right in zip(boxes, regions, drawn, strict=True)
    ]
