"""Regions: the parts of a levelled page Tesseract reads one at a time.

A ruled table's cells are the areas its rules enclose: connected pieces of the page once its rules
are drawn in. Each cell is read on its own, so that two columns are never read as one line. What
lies outside every cell (headings, running heads, free text) is read as one page with Tesseract's
own layout, the cells blanked out.

A table cut by the page's end has vertical rules running into the margin with no closing rule:
those ends are joined by a rule drawn only here, so the open row is a cell too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .rules import RuleMasks

# Vertical rules whose ends lie within this many points of one another end one open row.
END_TOLERANCE = 3.0
# A cell smaller than this either way (points) holds no text: a gap between two rules drawn close.
MIN_CELL = 4.0
# A piece of the page larger than this share of it is the page around the tables, not a cell.
MAX_CELL_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Region:
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels
    mask: np.ndarray | None  # the region's pixels within box; None for the page around cells


def cell_regions(masks: RuleMasks, scale: float) -> tuple[list[Region], np.ndarray]:
    """The cells enclosed by the rules, and the mask (uint8) of everything inside some cell."""
    import cv2

    walls = (masks.horizontal | masks.vertical | _edges_of(masks.blocks)).astype(np.uint8)
    walls = _close_open_rows(walls, masks.vertical_parts.stats, scale)
    walls = cv2.dilate(walls, np.ones((3, 3), np.uint8))
    height, width = walls.shape
    inside = np.zeros_like(walls)
    cells: list[Region] = []
    # Only the box of the walls and a pixel around it is labelled (labelling costs by the
    # pixel): a piece that reaches that ring is joined by it to the open page around, which
    # reaches the page's edge.
    bx, by, bw, bh = cv2.boundingRect(walls)
    x0, y0 = max(0, bx - 1), max(0, by - 1)
    x1, y1 = min(width, bx + bw + 1), min(height, by + bh + 1)
    open_area = (1 - walls[y0:y1, x0:x1]).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(open_area, connectivity=4)
    smallest = MIN_CELL / scale
    for label in range(1, count):
        x, y, w, h, area = stats[label]
        touches_edge = x == 0 or y == 0 or x + w >= x1 - x0 or y + h >= y1 - y0
        if touches_edge or area > MAX_CELL_SHARE * width * height:
            continue
        if w < smallest or h < smallest:
            continue
        mask = (labels[y : y + h, x : x + w] == label).astype(np.uint8)
        x, y = x + x0, y + y0
        inside[y : y + h, x : x + w] |= mask
        cells.append(Region((int(x), int(y), int(x + w), int(y + h)), mask))
    cells.sort(key=lambda r: (r.box[1], r.box[0]))
    return cells, inside


def _edges_of(blocks: np.ndarray) -> np.ndarray:
    """The outline of each filled block: its sides bound cells as rules do."""
    import cv2

    return cv2.morphologyEx(blocks, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))


def _close_open_rows(walls: np.ndarray, stats: np.ndarray, scale: float) -> np.ndarray:
    """Walls with a rule joining the ends of vertical rules (``stats``: their pieces' boxes, as
    OpenCV gives them) that end together in open space."""
    import cv2

    tolerance = END_TOLERANCE / scale
    closed = walls.copy()
    for end in ("top", "bottom"):
        ends = sorted(
            (int(y if end == "top" else y + h - 1), int(x + w // 2)) for x, y, w, h, _ in stats
        )
        group: list[tuple[int, int]] = []
        for item in [*ends, None]:
            if item is not None and (not group or item[0] - group[-1][0] <= tolerance):
                group.append(item)
                continue
            if len(group) >= 2:
                y = round(sum(g[0] for g in group) / len(group))
                xs = [g[1] for g in group]
                cv2.line(closed, (min(xs), y), (max(xs), y), 1, 1)
            group = [item] if item is not None else []
    return closed
