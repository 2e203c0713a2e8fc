"""Rules and filled cells found in a levelled raster by morphology, as page-model primitives.

A horizontal rule is a run of ink at least ``MIN_RULE_POINTS`` long and thin; opening the ink with
a long flat kernel keeps exactly those runs (letters are far shorter). A run of that length but
thick is a filled block (a dark header row): it becomes a ``Rect`` with its colour, whose sides the
layout layer turns into edges as it does for a vector PDF's shading.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model import BBox, Line, Rect
from .raster import Raster

# Pixels darker than this (0-255) are ink: text.
INK_LEVEL = 160
# Pixels this much darker (0-255) than the paper may be a rule: a hairline table border scanned
# at 150 dpi and blurred is 55-75 below the paper at its centre on the scanned samples; noise and
# JPEG stay within 25 of it.
RULE_CONTRAST_ON_PAPER = 22
# Cell shading is at least this much darker than the paper (the lightest on the samples, 0.85
# grey, is 33 below it), judged after a median filter of this size (pixels, odd).
SHADE_CONTRAST = 12
SHADE_FILTER = 9
# A block fills at least this share of its box: a cell's shading is a rectangle; patches of a
# shade too light to be told from the paper everywhere are left out (their cells have rules).
MIN_BLOCK_FILL = 0.9
# A rule is at least this long (points): the longest letter stroke of 12 pt text is under 12 pt.
MIN_RULE_POINTS = 20.0
# A vertical rule may be as short as a one-line row, header rows included (18 pt on the samples);
# the tallest letter stroke, of an 18 pt heading, is 13 pt.
MIN_VERTICAL_RULE_POINTS = 14.0
# ... but one shorter than a rule across (MIN_RULE_POINTS) is a rule only where an end of it meets
# a rule across or a fill within this (points): a one-line row's walls stand between its rules,
# and a bold heading's stems stand free (the "d" and "0" of a 17 pt bold title, 14-15 pt tall
# once scanned, were blanked as walls and the title read "Ancen ... hiuic aet 2(119").
JOIN_POINTS = 2.0
# A run thicker than this (points) is a filled block, not a rule.
MAX_RULE_POINTS = 3.0
# Within a block, a rule is this much darker (0-255) than the block's median.
RULE_CONTRAST = 15
# A filled block (cell shading, a dark header row) is at least this high (points).
MIN_BLOCK_POINTS = 6.0
# ... and this long one way: a cell, not a bold letter thickened by the filter (the layout
# layer's least shading, LayoutParams.shading_min_long_side).
MIN_BLOCK_LONG_POINTS = 30.0
# ... and this thick both ways once found: a fill shades a whole text line and its padding,
# never only the band between a line's baseline and its x-height. Text set dense ("tsætter")
# darkens the median filter across that band alone: such false blocks measured 7.0-8.6 pt high
# on the scanned samples and layout variants (12 pt body text; an 18 pt heading's x-height is
# 9.4 pt), the thinnest real fill, a one-line shaded row, 14.9 pt.
MIN_BLOCK_SIDE_POINTS = 11.0
# Rules are drawn this thick in the page model (points): thin, whatever the scan's blur.
DRAWN_RULE = 0.5
BLACK = (0.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class Parts:
    """A mask's connected pieces (the mask is ``shape`` high and wide): ``stats`` (x, y, w, h,
    area in the mask's pixels), one row a piece in the order OpenCV numbers them, and ``ids``,
    each piece's label in ``labels``, the labelling of the mask's part from ``origin`` (x, y) on.
    Labelling a whole page costs as much as the morphology before it, so a mask is labelled once
    and its pieces passed on; the pieces kept of a labelling keep its labels (relabelling would
    cost a labelling)."""

    shape: tuple[int, int]
    labels: np.ndarray
    origin: tuple[int, int]
    stats: np.ndarray
    ids: np.ndarray

    def own(self, index: int) -> np.ndarray:
        """Piece ``index``'s pixels (bool) within its box."""
        x, y, w, h, _ = self.stats[index].tolist()
        x, y = x - self.origin[0], y - self.origin[1]
        return self.labels[y : y + h, x : x + w] == self.ids[index]


def parts(mask: np.ndarray, connectivity: int) -> Parts:
    """The mask's connected pieces."""
    import cv2

    if not mask.any():  # a page without shading: nothing to label
        none = np.zeros((0, 5), np.int32)
        return Parts(mask.shape, np.zeros((0, 0), np.int32), (0, 0), none, np.zeros(0, int))
    # Labelling costs by the pixel: only the box that holds the mask's pixels is labelled. It
    # starts on an even row and column: OpenCV labels 2 x 2 blocks in turn, and so numbers the
    # pieces as it would on the whole mask.
    x, y, w, h = cv2.boundingRect(mask)
    w, h, x, y = w + x % 2, h + y % 2, x - x % 2, y - y % 2
    # Grana's block-based labelling takes three quarters of the default's time on 8-connected
    # rule and colour masks, numbering alike; on 4-connected pieces it is no quicker.
    algorithm = cv2.CCL_GRANA if connectivity == 8 else cv2.CCL_DEFAULT
    count, labels, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(
        mask[y : y + h, x : x + w], connectivity, cv2.CV_32S, algorithm
    )
    stats[:, 0] += x
    stats[:, 1] += y
    return Parts(mask.shape, labels, (x, y), stats[1:], np.arange(1, count))


# Kept pieces are drawn one by one when their boxes cover less than 1 / DRAW_KEPT of the
# labelled box: comparing a box's labels costs about this many times a lookup per pixel.
DRAW_KEPT = 4


def keep_parts(found: Parts, keep: np.ndarray) -> tuple[np.ndarray, Parts]:
    """The mask of the pieces ``keep`` (a bool per piece) says, and those pieces, in the order a
    labelling of that mask would give them (a kept piece is whole, and the pieces left out
    change no other's place in OpenCV's numbering)."""
    kept = Parts(found.shape, found.labels, found.origin, found.stats[keep], found.ids[keep])
    mask = np.zeros(found.shape, np.uint8)
    boxes = kept.stats[:, 2].astype(np.int64) * kept.stats[:, 3]
    if boxes.sum() * DRAW_KEPT < found.labels.size:
        # Thin rules and a few blocks: each piece drawn in its box costs less than a lookup of
        # every labelled pixel.
        for index, (x, y, w, h, _) in enumerate(kept.stats.tolist()):
            mask[y : y + h, x : x + w][kept.own(index)] = 1
        return mask, kept
    lookup = np.zeros(len(found.ids) + 1, np.uint8)
    lookup[kept.ids] = 1
    x, y = found.origin
    height, width = found.labels.shape
    mask[y : y + height, x : x + width] = lookup[found.labels]
    return mask, kept


@dataclass(frozen=True, slots=True)
class RuleMasks:
    """The raster's rule pixels (horizontal, vertical) and filled blocks, each a uint8 mask, with
    their pieces (8-connected rules, 4-connected blocks), and the paper's grey they were told
    from."""

    horizontal: np.ndarray
    vertical: np.ndarray
    blocks: np.ndarray
    horizontal_parts: Parts
    vertical_parts: Parts
    block_parts: Parts
    paper: int


# The paper is the lightest common grey of a page, not the commonest: a table of shaded cells
# covers more of a page than its paper does (the shaded-cell variant's scanned pages: the cells'
# grey, 215, holds 1.3-1.8 times the pixels of the paper's 245, which made the cells paper and
# found none). A grey is common where the levels within PAPER_SPREAD of it hold at least
# PAPER_PEAK of what the commonest such span holds, and no span near it holds more (the paper
# there held 0.57-1.0 of it; deskew's white corners, under 2 % of a page, hold a few hundredths).
PAPER_SPREAD = 2
PAPER_PEAK = 0.25


def paper_level(grey: np.ndarray) -> int:
    """The paper's grey: the lightest common light level of the page."""
    counts = np.bincount(grey[::4, ::4].ravel(), minlength=256).astype(np.int64)
    spans = np.convolve(counts, np.ones(2 * PAPER_SPREAD + 1, np.int64), "same")[128:]
    light = counts[128:]
    common = spans >= PAPER_PEAK * spans.max()
    reach = 2 * PAPER_SPREAD
    level = int(np.argmax(spans))
    for candidate in np.flatnonzero(common)[::-1].tolist():
        if spans[candidate] >= spans[max(0, candidate - reach) : candidate + reach + 1].max():
            level = candidate
            break
    # The commonest level of that span, as the commonest of the page was before.
    start = max(0, level - PAPER_SPREAD)
    return 128 + start + int(np.argmax(light[start : level + PAPER_SPREAD + 1]))


def ink_mask(grey: np.ndarray) -> np.ndarray:
    return (grey < INK_LEVEL).astype(np.uint8)


def rule_masks(raster: Raster) -> RuleMasks:
    import cv2

    ink = ink_mask(raster.grey)
    paper = paper_level(raster.grey)
    faint = (raster.grey < paper - RULE_CONTRAST_ON_PAPER).astype(np.uint8)
    # A block is shading or a dark fill: darker than the paper after a median filter (which
    # leaves the paper between letters paper, and a shaded cell's text shading), and wide both
    # ways (a square of the block's least height fits in it; no letter stroke is that thick).
    shaded = _median_below(raster.grey, paper - SHADE_CONTRAST, SHADE_FILTER)
    side = max(3, round(MIN_BLOCK_POINTS / raster.scale))
    blocks = _inside(cv2.morphologyEx(shaded, cv2.MORPH_OPEN, np.ones((side, side), np.uint8)))
    long, side = MIN_BLOCK_LONG_POINTS / raster.scale, MIN_BLOCK_SIDE_POINTS / raster.scale
    blocks, block_parts = _long(blocks, long, side)
    gaps = _cut_at_gaps(blocks, block_parts, raster.grey, MAX_GAP_POINTS / raster.scale)
    if gaps is not None:
        blocks, block_parts = _long(blocks, long, side)
    # Within a block only what is clearly darker than the block can be a rule (the rules
    # between shaded header cells); the block's own fill and outline are none.
    candidates = faint.copy()
    if gaps is not None:
        candidates[gaps] = 0  # a gap's blurred sides, between the fills: no rule
    for index, (x, y, w, h, _) in enumerate(block_parts.stats.tolist()):
        part = raster.grey[y : y + h, x : x + w]
        own = cv2.dilate(block_parts.own(index).astype(np.uint8), _SQUARE5)
        level = float(np.median(part[own.astype(bool)])) - RULE_CONTRAST
        view = candidates[y : y + h, x : x + w]
        view[own.astype(bool)] = (part[own.astype(bool)] < level).astype(np.uint8)
    length = max(3, round(MIN_RULE_POINTS / raster.scale))
    height = max(3, round(MIN_VERTICAL_RULE_POINTS / raster.scale))
    flat = cv2.morphologyEx(candidates, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    tall = cv2.morphologyEx(candidates, cv2.MORPH_OPEN, np.ones((height, 1), np.uint8))
    thick = MAX_RULE_POINTS / raster.scale
    flat, flat_parts = _clear_of_text(flat, ink, True, thick)
    tall, tall_parts = _clear_of_text(tall, ink, False, thick)
    tall, tall_parts = _standing_on_rules(
        tall_parts, flat | blocks, MIN_RULE_POINTS / raster.scale, JOIN_POINTS / raster.scale
    )
    return RuleMasks(flat, tall, blocks, flat_parts, tall_parts, block_parts, paper)


# Shaded cells drawn side by side show a thin gap of paper between them; the scan's blur and the
# median filter close it, and the cells become one block (the shaded-cell variant's 32 cells a
# page, ~10 blocks). The gap is still there in the grey: a straight line of pixels across the
# block lighter than the block's own fill. On that variant's scan the fills are 191 (header) and
# 214 (cells) and a gap's middle rows 236-244, its blurred sides 218-233; a fill's pixels lie
# within 4 of its median (90 %), text only darkens them. A pixel is a gap's where it is
# GAP_CONTRAST lighter than its block's median, a line of the block a gap where at least
# GAP_SHARE of the block's pixels on it are; a gap is at most MAX_GAP_POINTS wide (a gap's
# lines measured 3-8 px at 300 dpi: 0.7-1.9 pt); a wider run of light lines is a lighter fill
# beside the block's own, read again with its own median.
GAP_CONTRAST = 12
GAP_SHARE = 0.5
MAX_GAP_POINTS = 4.0
# A block's fill is its median grey, taken on every GAP_SAMPLE-th pixel each way (within a grey
# level of the whole block's, at a sixteenth of the cost).
GAP_SAMPLE = 4


def _cut_at_gaps(
    blocks: np.ndarray, found: Parts, grey: np.ndarray, widest: float
) -> np.ndarray | None:
    """Clears in ``blocks`` the gaps across each block (``found``: its pieces); the mask (bool)
    of the pixels cleared, None where there were none."""
    cleared = None
    for index, (x, y, w, h, _) in enumerate(found.stats.tolist()):
        own = found.own(index)
        part = grey[y : y + h, x : x + w]
        for gx0, gy0, gx1, gy1 in _gaps(part, own, (0, 0, w, h), (True,) * 4, widest):
            if cleared is None:
                cleared = np.zeros(blocks.shape, bool)
            gap = own[gy0:gy1, gx0:gx1]
            blocks[y + gy0 : y + gy1, x + gx0 : x + gx1][gap] = 0
            cleared[y + gy0 : y + gy1, x + gx0 : x + gx1] |= gap
    return cleared


def _gaps(
    grey: np.ndarray,
    own: np.ndarray,
    box: tuple[int, int, int, int],
    edges: tuple[bool, bool, bool, bool],
    widest: float,
) -> list[tuple[int, int, int, int]]:
    """The gaps (x0, y0, x1, y1) across the part ``box`` of a block (``own``: its pixels in
    ``grey``), found by rows, then by columns, in each piece between them again. ``edges``
    (left, top, right, bottom): which sides of the box are the block's own, where a light line
    is the fill's blurred edge, not a gap."""
    x0, y0, x1, y1 = box
    pixels = grey[y0:y1, x0:x1]
    mine = own[y0:y1, x0:x1]
    sample = pixels[::GAP_SAMPLE, ::GAP_SAMPLE][mine[::GAP_SAMPLE, ::GAP_SAMPLE]]
    if sample.size == 0:
        return []
    fill = float(np.median(sample))
    if fill < INK_LEVEL:
        return []  # a dark fill holds light text, its strokes lighter than the fill: no gaps
    light = (pixels > fill + GAP_CONTRAST) & mine
    for axis in (1, 0):  # rows first: a table's rows are split, then each row's cells
        counts = mine.sum(axis=axis)
        runs = _runs(light.sum(axis=axis) >= GAP_SHARE * np.maximum(counts, 1))
        if not runs:
            continue
        length = len(counts)
        if runs == [(0, length)]:
            return []  # light through and through: no gap, a fill of its own
        first, last = (edges[1], edges[3]) if axis == 1 else (edges[0], edges[2])
        gaps: list[tuple[int, int, int, int]] = []
        pieces: list[tuple[int, int, bool, bool]] = []
        start, start_edge = 0, first
        for a, b in runs:
            if b - a > widest:
                continue  # a lighter fill: the pieces either side are read on their own
            at_edge = (a == 0 and first) or (b == length and last)
            if at_edge:
                continue
            gaps.append((a, b))
            if a > start:
                pieces.append((start, a, start_edge, False))
            start, start_edge = b, False
        if length > start:
            pieces.append((start, length, start_edge, last))
        wide = [(a, b) for a, b in runs if b - a > widest]
        if not gaps and not wide:
            continue
        if not gaps:
            # Only a lighter fill: each side of its bounds read alone.
            bounds = sorted({0, length, *(v for r in wide for v in r)})
            pieces = [
                (a, b, first if a == 0 else False, last if b == length else False)
                for a, b in zip(bounds, bounds[1:], strict=False)
            ]
        found: list[tuple[int, int, int, int]] = []
        for a, b in gaps:
            found.append((x0, y0 + a, x1, y0 + b) if axis == 1 else (x0 + a, y0, x0 + b, y1))
        for a, b, before, after in pieces:
            if axis == 1:
                inner = (x0, y0 + a, x1, y0 + b)
                sides = (edges[0], before, edges[2], after)
            else:
                inner = (x0 + a, y0, x0 + b, y1)
                sides = (before, edges[1], after, edges[3])
            if (inner[2] - inner[0], inner[3] - inner[1]) != (x1 - x0, y1 - y0):
                found.extend(_gaps(grey, own, inner, sides, widest))
        return found
    return []


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """The runs of True in ``flags``: (start, end) each."""
    padded = np.concatenate(([False], flags, [False])).astype(np.int8)
    change = np.flatnonzero(np.diff(padded))
    return list(zip(change[::2].tolist(), change[1::2].tolist(), strict=True))


def _standing_on_rules(
    found: Parts, across: np.ndarray, length: float, reach: float
) -> tuple[np.ndarray, Parts]:
    """The vertical runs at least ``length`` long, and the shorter ones with an end within
    ``reach`` of the ``across`` mask (rules across, fills), and their pieces (pixels)."""
    height, width = across.shape
    near = max(1, round(reach))
    keep = np.zeros(len(found.ids), bool)
    for index, (x, y, w, h, _) in enumerate(found.stats.tolist()):
        if h >= length:
            keep[index] = True
            continue
        columns = slice(max(0, x - near), min(width, x + w + near))
        top = across[max(0, y - near) : min(height, y + near + 1), columns]
        bottom = across[max(0, y + h - 1 - near) : min(height, y + h + near), columns]
        keep[index] = bool(top.any() or bottom.any())
    return keep_parts(found, keep)


_SQUARE5 = np.ones((5, 5), np.uint8)


def _median_below(grey: np.ndarray, level: int, size: int) -> np.ndarray:
    """Where the median of the ``size`` x ``size`` square around a pixel is below ``level``
    (uint8 mask), as ``cv2.medianBlur(grey, size) < level`` gives it (its border replicated):
    the median is below the level where more than half of the square is, so a box sum of the
    pixels below it tells the same, at a tenth of the median filter's cost (0.01 against 0.2
    CPU s on a 300 dpi A4 page)."""
    import cv2

    below = (grey < level).astype(np.uint8)
    counts = cv2.boxFilter(
        below, cv2.CV_16U, (size, size), normalize=False, borderType=cv2.BORDER_REPLICATE
    )
    return (counts > size * size // 2).astype(np.uint8)


# A rule has paper on both sides; a run through a line of bold letters has their bodies beside
# it. A run with ink along more than this share of either side is text.
TEXT_BESIDE = 0.1
# The sides are looked at this many pixels beyond the run, ENDS pixels short of its ends.
BESIDE = 4
ENDS = 8


def _clear_of_text(
    mask: np.ndarray, ink: np.ndarray, horizontal: bool, thick: float
) -> tuple[np.ndarray, Parts]:
    """The thin runs of ``mask`` with paper on both sides, clear of the raster's border: the
    rules, and their pieces."""
    found = parts(_inside(mask), 8)  # the dark edge first: the rest is labelled in its box
    height, width = mask.shape
    keep = np.zeros(len(found.ids), bool)
    for label, (x, y, w, h, _) in enumerate(found.stats.tolist()):
        if (h if horizontal else w) > thick:
            continue
        if x == 0 or y == 0 or x + w >= width or y + h >= height:
            continue  # the scanner's dark edge
        # The run's ends are left out: there it meets the rules across it, ink on both sides.
        if horizontal:
            a, b = x + ENDS, max(x + ENDS + 1, x + w - ENDS)
            before = ink[max(0, y - BESIDE), a:b]
            after = ink[min(height - 1, y + h - 1 + BESIDE), a:b]
        else:
            a, b = y + ENDS, max(y + ENDS + 1, y + h - ENDS)
            before = ink[a:b, max(0, x - BESIDE)]
            after = ink[a:b, min(width - 1, x + w - 1 + BESIDE)]
        crowded = before.mean() > TEXT_BESIDE, after.mean() > TEXT_BESIDE
        # A horizontal run with letters along a side runs through a line of text; a vertical
        # one is a rule unless letters crowd both sides (a cell's text may start close to it).
        if not (any(crowded) if horizontal else all(crowded)):
            keep[label] = True
    return keep_parts(found, keep)


def _long(mask: np.ndarray, length: float, side: float) -> tuple[np.ndarray, Parts]:
    """The solid pieces of the mask at least ``length`` long one way and ``side`` the other
    (pixels), and those pieces (4-connected)."""
    found = parts(mask, 4)
    stats = found.stats
    long = np.maximum(stats[:, 2], stats[:, 3]) >= length
    long &= np.minimum(stats[:, 2], stats[:, 3]) >= side
    solid = stats[:, 4] >= MIN_BLOCK_FILL * stats[:, 2] * stats[:, 3]
    return keep_parts(found, long & solid)


def _inside(mask: np.ndarray) -> np.ndarray:
    """The mask without the pieces that touch the raster's border: the scanner's dark edge and
    the shadow of the sheet, never a part of the page. Each is flooded from the border (8-way):
    the cost is the edge's pixels, not the page's, as labelling would be."""
    import cv2

    inside = mask.copy()
    height, width = mask.shape
    border = [(0, y) for y in np.flatnonzero(mask[:, 0])]
    border += [(width - 1, y) for y in np.flatnonzero(mask[:, -1])]
    border += [(x, 0) for x in np.flatnonzero(mask[0])]
    border += [(x, height - 1) for x in np.flatnonzero(mask[-1])]
    for x, y in border:
        if inside[y, x]:
            cv2.floodFill(inside, None, (int(x), int(y)), 0, flags=8)
    return inside


def rule_lines(masks: RuleMasks, scale: float) -> list[Line]:
    """Each horizontal and vertical rule as a ``Line`` in points (page-model coordinates)."""

    lines: list[Line] = []
    thick = MAX_RULE_POINTS / scale
    for found, horizontal in ((masks.horizontal_parts, True), (masks.vertical_parts, False)):
        for x, y, w, h, _area in found.stats.tolist():
            across = h if horizontal else w
            if across > thick:
                continue
            if horizontal:
                mid = (y + h / 2) * scale
                box = BBox(x * scale, mid - DRAWN_RULE / 2, (x + w) * scale, mid + DRAWN_RULE / 2)
            else:
                mid = (x + w / 2) * scale
                box = BBox(mid - DRAWN_RULE / 2, y * scale, mid + DRAWN_RULE / 2, (y + h) * scale)
            lines.append(Line(box, BLACK, DRAWN_RULE))
    return lines


def block_rects(masks: RuleMasks, raster: Raster) -> list[Rect]:
    """Each filled block as a ``Rect`` with its median colour."""

    rects: list[Rect] = []
    scale = raster.scale
    for index, (x, y, w, h, _area) in enumerate(masks.block_parts.stats.tolist()):
        if min(w, h) * scale < MIN_BLOCK_POINTS:
            continue
        pixels = raster.rgb[y : y + h, x : x + w][masks.block_parts.own(index)]
        fill = tuple(float(v) / 255 for v in np.median(pixels, axis=0))
        box = BBox(x * scale, y * scale, (x + w) * scale, (y + h) * scale)
        rects.append(Rect(box, None, fill))
    return rects
