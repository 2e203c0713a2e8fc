"""Marks: the coloured blobs of smiley size in a scan, as images the smiley reader reads.

A scan keeps a smiley's colour: its pixels are saturated where text, rules and paper are grey.
Each blob of saturated pixels of mark size becomes an ``Image`` whose pixels are the blob's crop
of the levelled raster, so the smiley reader judges its colour and shape as for any image, and
its centre lies where the mark is drawn (inside its cell).
"""

from __future__ import annotations

import numpy as np
from PIL import Image as PILImage

from ..model import BBox, Image
from .raster import Raster
from .rules import parts

# A mark's pixels are at least this saturated and this bright (0-255, OpenCV's HSV): the greens,
# yellows and reds of smileys (a thin-stroked emoji outline, blurred by the scan, reaches 120 at
# most); the dark navy of a header row is below the brightness.
MIN_SATURATION = 60
MIN_VALUE = 110
# The pieces of one mark's colour (a face's outline, cut by its eyes and mouth and thinned by the
# blur) are joined by closing gaps of this many pixels.
CLOSE = 9
# What is drawn in a mark's box is this bright at its median (0-255): smileys' green, yellow and
# red are 176-255; a navy or dark red heading, whose letters' edges pass the thresholds above, is
# about 100.
MIN_MARK_VALUE = 150
# A mark is this large (points, either side): smileys are drawn 6-20 pt; smaller specks are JPEG
# colour noise, larger areas are pictures or shading.
MARK_MIN, MARK_MAX = 4.0, 40.0
# A mark is about as wide as high, and its colour fills at least this share of its box: a smiley
# drawn as an outline glyph (a ring, two eyes, a mouth) fills 0.29-0.33 of it at 300 dpi; a
# colour run along a line of text is long and thin.
MAX_ASPECT = 1.5
MIN_FILL = 0.15
# The crop reaches this far past the blob (points), so that its round outline is seen whole.
MARGIN = 1.0


def mark_boxes(raster: Raster) -> list[tuple[int, int, int, int]]:
    """The pixel boxes (x0, y0, x1, y1) of the raster's marks."""
    import cv2

    hsv = cv2.cvtColor(raster.rgb, cv2.COLOR_RGB2HSV)
    coloured = ((hsv[:, :, 1] >= MIN_SATURATION) & (hsv[:, :, 2] >= MIN_VALUE)).astype(np.uint8)
    # The eyes and mouth split a face's colour into pieces: close them before counting blobs.
    coloured = cv2.morphologyEx(coloured, cv2.MORPH_CLOSE, np.ones((CLOSE, CLOSE), np.uint8))
    found = parts(coloured, 8)  # labelled in the box of the colour: a column of smileys
    low, high = MARK_MIN / raster.scale, MARK_MAX / raster.scale
    paper = int(np.percentile(raster.grey[::8, ::8], 90))
    boxes = []
    for x, y, w, h, area in found.stats.tolist():
        square = max(w, h) <= MAX_ASPECT * min(w, h)
        if low <= w <= high and low <= h <= high and square and area >= MIN_FILL * w * h:
            if _bright(hsv[y : y + h, x : x + w], raster.grey[y : y + h, x : x + w], paper):
                boxes.append((x, y, x + w, y + h))
    return boxes


def _bright(hsv: np.ndarray, grey: np.ndarray, paper: int) -> bool:
    """Whether what is drawn in the box (all that is not paper) is bright colour, as a smiley
    is; letters in a dark colour (a navy heading) are coloured only at their blurred edges."""
    drawn = grey < paper - 30
    if not drawn.any():
        return False
    return float(np.median(hsv[:, :, 2][drawn])) >= MIN_MARK_VALUE


def mark_images(raster: Raster, boxes: list[tuple[int, int, int, int]]) -> list[Image]:
    height, width = raster.grey.shape
    margin = round(MARGIN / raster.scale)
    images = []
    for x0, y0, x1, y1 in boxes:
        a, b = max(0, x0 - margin), max(0, y0 - margin)
        c, d = min(width, x1 + margin), min(height, y1 + margin)
        crop = PILImage.fromarray(np.ascontiguousarray(raster.rgb[b:d, a:c]))
        s = raster.scale
        images.append(
            Image(BBox(a * s, b * s, c * s, d * s), loader=lambda crop=crop: crop, scanned=True)
        )
    return images
