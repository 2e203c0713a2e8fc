"""Edges: every drawn evidence of a table's rules, as horizontal and vertical segments.

A rule reaches the page in many forms: a stroked line, a thin filled rectangle, a stroked
rectangle's sides, a straight path, many short pieces (a browser draws each cell's edge on its
own), or only the edge of a cell's shading. Each becomes an edge; edges that lie on one line are
snapped to a common position and joined where their pieces meet (pdfplumber's
``snap_edges`` → ``join_edge_group``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from itertools import groupby
from operator import attrgetter

from ..model import RGB, BBox, Page
from .params import DEFAULT_PARAMS, LayoutParams


class Orientation(Enum):
    HORIZONTAL = "horizontal"
    VERTICAL = "vertical"


class EdgeSource(Enum):
    LINE = "line"  # a stroked line or straight path
    RULE_RECT = "rule_rect"  # a thin filled or stroked rectangle
    OUTLINE = "outline"  # a side of a stroked rectangle
    SHADING = "shading"  # a side of a filled cell


@dataclass(frozen=True, slots=True)
class Edge:
    """A segment on a horizontal (``position`` = y) or vertical (``position`` = x) line."""

    orientation: Orientation
    position: float
    start: float  # x0 of a horizontal edge, top of a vertical one
    end: float
    source: EdgeSource

    @property
    def length(self) -> float:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Edges:
    horizontal: tuple[Edge, ...]  # sorted by position, then start
    vertical: tuple[Edge, ...]
    shading: tuple[BBox, ...]  # the filled cells whose sides gave edges


def page_edges(page: Page, params: LayoutParams = DEFAULT_PARAMS) -> Edges:
    """The page's edges, snapped and joined (found once per page and parameters)."""
    key = ("edges", params)
    found = page.memo.get(key)
    if found is None:
        horizontal, vertical, shading = _raw_edges(page, params)
        found = page.memo[key] = Edges(
            tuple(_merge(horizontal, params)), tuple(_merge(vertical, params)), tuple(shading)
        )
    return found


def is_shading(box: BBox, fill: RGB | None, params: LayoutParams) -> bool:
    """A filled rectangle large enough to be a cell, in a colour other than the page's."""
    if fill is None or min(fill) >= params.background_lightness:
        return False
    short, long = sorted((box.width, box.height))
    return short >= params.shading_min_side and long >= params.shading_min_long_side


def is_rule_box(box: BBox, params: LayoutParams) -> bool:
    """Thin in one direction and long in the other: a rule however it was drawn."""
    return (box.height <= params.rule_thickness) != (box.width <= params.rule_thickness)


def _raw_edges(page: Page, params: LayoutParams) -> tuple[list[Edge], list[Edge], list[BBox]]:
    horizontal: list[Edge] = []
    vertical: list[Edge] = []
    shading: list[BBox] = []
    thick = params.rule_thickness

    def rule(box: BBox, source: EdgeSource) -> None:
        if box.height <= thick and box.width > thick:
            horizontal.append(Edge(Orientation.HORIZONTAL, box.mid_y, box.x0, box.x1, source))
        elif box.width <= thick and box.height > thick:
            vertical.append(Edge(Orientation.VERTICAL, box.mid_x, box.top, box.bottom, source))

    def sides(box: BBox, source: EdgeSource) -> None:
        horizontal.append(Edge(Orientation.HORIZONTAL, box.top, box.x0, box.x1, source))
        horizontal.append(Edge(Orientation.HORIZONTAL, box.bottom, box.x0, box.x1, source))
        vertical.append(Edge(Orientation.VERTICAL, box.x0, box.top, box.bottom, source))
        vertical.append(Edge(Orientation.VERTICAL, box.x1, box.top, box.bottom, source))

    for line in page.lines:
        if line.stroke is not None:
            rule(line.bbox, EdgeSource.LINE)
    for rect in page.rects:
        box = rect.bbox
        if box.height <= thick or box.width <= thick:
            if rect.fill is not None or rect.stroke is not None:
                rule(box, EdgeSource.RULE_RECT)
            continue
        if rect.stroke is not None:
            sides(box, EdgeSource.OUTLINE)
        elif is_shading(box, rect.fill, params):
            sides(box, EdgeSource.SHADING)
            shading.append(box)
    for curve in page.curves:
        if curve.stroke is not None and _straight(curve.points, params):
            rule(curve.bbox, EdgeSource.LINE)
    return horizontal, vertical, shading


def _straight(points: tuple[tuple[float, float], ...], params: LayoutParams) -> bool:
    """A path whose points all lie on one horizontal or vertical line."""
    if len(points) < 2:
        return False
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return max(xs) - min(xs) <= params.rule_thickness or max(ys) - min(ys) <= params.rule_thickness


_POSITION = attrgetter("position")
_START = attrgetter("start")


def _merge(edges: list[Edge], params: LayoutParams) -> Iterator[Edge]:
    """Snap edges to common positions, then join the pieces of each position."""
    for position, group in _snap(edges, params.snap_tolerance):
        group.sort(key=_START)
        current = group[0]
        start, end, source = current.start, current.end, current.source
        for edge in group[1:]:
            if edge.start <= end + params.join_tolerance:
                end = max(end, edge.end)
                continue
            if end - start >= params.min_edge_length:
                yield Edge(current.orientation, position, start, end, source)
            start, end, source = edge.start, edge.end, edge.source
        if end - start >= params.min_edge_length:
            yield Edge(current.orientation, position, start, end, source)


def _snap(edges: list[Edge], tolerance: float) -> Iterator[tuple[float, list[Edge]]]:
    """Groups of edges whose positions chain within ``tolerance``, each at one position."""
    ordered = sorted(edges, key=_POSITION)
    cluster: list[Edge] = []
    for edge in ordered:
        if cluster and edge.position - cluster[-1].position > tolerance:
            yield from _by_position(cluster)
            cluster = []
        cluster.append(edge)
    if cluster:
        yield from _by_position(cluster)


def _by_position(cluster: list[Edge]) -> Iterator[tuple[float, list[Edge]]]:
    # Within a snapped cluster, the position is the length-weighted mean of its pieces.
    total = sum(edge.length for edge in cluster) or 1.0
    position = sum(edge.position * edge.length for edge in cluster) / total
    yield round(position, 3), list(cluster)


def group_by_position(edges: tuple[Edge, ...]) -> list[tuple[float, list[Edge]]]:
    """Edges of one orientation, grouped by their (snapped) position."""
    return [(position, list(group)) for position, group in groupby(edges, key=_POSITION)]
