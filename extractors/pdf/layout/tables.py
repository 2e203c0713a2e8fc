"""Ruled tables: groups of edges that rule a table, and the horizontal strips (rows) they make.

Edges that meet make one table (pdfplumber's ``edges_to_intersections`` → ``cells_to_tables``,
by connected components). Horizontal rules of one extent with no vertical rule at all (a table
ruled between its rows only) make a table too, when there are enough of them that they cannot be a
page's header and footer rules.

A table's vertical rules may run past its first or last horizontal rule: the row there was cut by
the page's start or end with no rule drawn (a browser or a report writer closing nothing at the
foot of the page). That row is open, and the layout marks it so.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..model import BBox, Page
from .edges import Edge, page_edges
from .params import DEFAULT_PARAMS, LayoutParams

# A table is at least this large (points): a small stroked square (a checkbox, a square mark) is
# four edges that meet, and no table.
MIN_TABLE_WIDTH = 40.0
MIN_TABLE_HEIGHT = 8.0
# Rules that make a table without vertical rules run at least this long (points): a smiley's
# straight mouth repeated down a column is no rule.
MIN_FAMILY_RULE_LENGTH = 60.0


@dataclass(frozen=True, slots=True)
class RuledTable:
    box: BBox
    rows: tuple[float, ...]  # y of each horizontal rule (and of an open row's cut), top to bottom
    columns: tuple[float, ...]  # x of each vertical rule, left to right
    verticals: tuple[Edge, ...]
    open_top: bool  # the first row was cut by the page's start: no rule above it
    open_bottom: bool  # the last row was cut by the page's end: no rule below it


def ruled_tables(page: Page, params: LayoutParams = DEFAULT_PARAMS) -> tuple[RuledTable, ...]:
    """The page's ruled tables, top to bottom (found once per page and parameters)."""
    key = ("ruled_tables", params)
    found = page.memo.get(key)
    if found is None:
        found = page.memo[key] = tuple(_find_tables(page, params))
    return found


class _Components:
    """Union-find over edge indices."""

    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, index: int) -> int:
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _find_tables(page: Page, params: LayoutParams) -> list[RuledTable]:
    edges = page_edges(page, params)
    horizontal, vertical = list(edges.horizontal), list(edges.vertical)
    tol = params.intersection_tolerance
    count = len(horizontal)
    components = _Components(count + len(vertical))
    positions = [h.position for h in horizontal]  # sorted: edges come sorted by position
    met = [False] * count
    for v_index, v in enumerate(vertical):
        lo = bisect_left(positions, v.start - tol)
        hi = bisect_right(positions, v.end + tol)
        for h_index in range(lo, hi):
            h = horizontal[h_index]
            if h.start - tol <= v.position <= h.end + tol:
                components.union(h_index, count + v_index)
                met[h_index] = True
    groups: dict[int, tuple[list[Edge], list[Edge]]] = {}
    for h_index, h in enumerate(horizontal):
        if met[h_index]:
            groups.setdefault(components.find(h_index), ([], []))[0].append(h)
    for v_index, v in enumerate(vertical):
        root = components.find(count + v_index)
        if root in groups:
            groups[root][1].append(v)
    found = list(groups.values())
    loose = [
        h
        for h_index, h in enumerate(horizontal)
        if not met[h_index] and h.length >= MIN_FAMILY_RULE_LENGTH
    ]
    found += [(family, []) for family in _rule_families(loose, params)]
    tables = [
        table
        for hs, vs in _merge_overlapping(found, tol)
        if (table := _ruled_table(hs, vs, params)) is not None
    ]
    tables.sort(key=lambda table: (table.box.top, table.box.x0))
    return tables


def _extent(hs: list[Edge], vs: list[Edge]) -> BBox:
    return BBox(
        min([h.start for h in hs] + [v.position for v in vs]),
        min([h.position for h in hs] + [v.start for v in vs]),
        max([h.end for h in hs] + [v.position for v in vs]),
        max([h.position for h in hs] + [v.end for v in vs]),
    )


def _merge_overlapping(
    groups: list[tuple[list[Edge], list[Edge]]], tol: float
) -> list[tuple[list[Edge], list[Edge]]]:
    """Groups of edges whose areas overlap rule one table: a table ruled between its rows only
    whose header row is drawn as shaded cells is one table, not two on top of each other."""
    boxes = [_extent(hs, vs) for hs, vs in groups]
    merged = _Components(len(groups))
    for a in range(len(groups)):
        for b in range(a + 1, len(groups)):
            one, other = boxes[a], boxes[b]
            if (
                min(one.x1, other.x1) - max(one.x0, other.x0) > tol
                and min(one.bottom, other.bottom) - max(one.top, other.top) > tol
            ):
                merged.union(a, b)
    out: dict[int, tuple[list[Edge], list[Edge]]] = {}
    for index, (hs, vs) in enumerate(groups):
        target = out.setdefault(merged.find(index), ([], []))
        target[0].extend(hs)
        target[1].extend(vs)
    return list(out.values())


def _inside(edge: Edge, box: BBox, tol: float) -> bool:
    return (
        box.top - tol <= edge.position <= box.bottom + tol
        and box.x0 - tol <= edge.start
        and edge.end <= box.x1 + tol
    )


def _distinct(values: list[float], tolerance: float) -> tuple[float, ...]:
    merged: list[float] = []
    for value in sorted(values):
        if merged and value - merged[-1] <= tolerance:
            continue
        merged.append(value)
    return tuple(merged)


def _ruled_table(hs: list[Edge], vs: list[Edge], params: LayoutParams) -> RuledTable | None:
    rows = list(_distinct([h.position for h in hs], params.snap_tolerance))
    columns = _distinct([v.position for v in vs], params.snap_tolerance)
    x0 = min([h.start for h in hs] + [v.position for v in vs])
    x1 = max([h.end for h in hs] + [v.position for v in vs])
    v_top = min((v.start for v in vs), default=rows[0])
    v_bottom = max((v.end for v in vs), default=rows[-1])
    open_top = v_top < rows[0] - params.open_row_min_height
    open_bottom = v_bottom > rows[-1] + params.open_row_min_height
    if open_top:
        rows.insert(0, v_top)
    if open_bottom:
        rows.append(v_bottom)
    if len(rows) < 2:
        return None
    box = BBox(x0, rows[0], x1, rows[-1])
    if box.width < MIN_TABLE_WIDTH or box.height < MIN_TABLE_HEIGHT:
        return None
    return RuledTable(box, tuple(rows), columns, tuple(vs), open_top, open_bottom)


def _rule_families(loose: list[Edge], params: LayoutParams) -> list[list[Edge]]:
    """Tables ruled by horizontal rules alone: enough rules sharing one left and one right end."""
    tol = params.snap_tolerance * 2
    families: list[list[Edge]] = []
    for edge in sorted(loose, key=lambda e: (e.start, e.end)):
        for family in families:
            first = family[0]
            if abs(first.start - edge.start) <= tol and abs(first.end - edge.end) <= tol:
                family.append(edge)
                break
        else:
            families.append([edge])
    return [
        family
        for family in families
        if len(_distinct([edge.position for edge in family], params.snap_tolerance))
        >= params.min_rules_in_family
    ]
