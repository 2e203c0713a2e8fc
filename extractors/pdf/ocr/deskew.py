"""Deskew: the angle a scanned page was turned by, and the page turned back.

The angle is the one at which the page's rows of ink are sharpest: the ink's horizontal projection
is summed per row, and the sum of squares of those row sums peaks when rules and text lines lie
flat (a long rule then falls into one or two rows; turned by 1 degree, a 500 pt rule spreads over
nine). Long rules weigh most, so a ruled page is levelled on its rules; a page without rules is
levelled on its text lines the same way.
"""

from __future__ import annotations

import numpy as np

from .raster import Raster

# Scanners turn a page by a degree or two; the search covers this much either way (degrees).
MAX_ANGLE = 2.0
# Coarse step of the search, then the fine step around the best coarse angle (degrees): a 0.05
# degree error moves a rule's end by 0.4 pt across an A4 page, far inside the layout's snapping.
COARSE_STEP = 0.25
FINE_STEP = 0.025
# The fine search covers this much either side of the best coarse angle (degrees).
FINE_SPAN = 0.15
# Sharpness within this share of the best is as sharp.
PLATEAU = 1e-3
# The projection is measured on a copy this wide (pixels): enough to resolve 0.05 degrees over
# the page's width (a rule of 450 pt rises 0.4 pt), and quick.
MEASURE_WIDTH = 900
# Pixels darker than this (0-255) are ink.
INK_LEVEL = 140


def skew_angle(grey: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise positive as in ``cv2.getRotationMatrix2D``) that
    levels the page's rules and text lines."""
    import cv2

    height, width = grey.shape
    factor = min(1.0, MEASURE_WIDTH / width)
    small = cv2.resize(grey, (round(width * factor), round(height * factor)), cv2.INTER_AREA)
    ink = (small < INK_LEVEL).astype(np.uint8)
    if ink.sum() == 0:
        return 0.0
    # Only the middle of the page: the scanner's dark edge is no rule of the page.
    h, w = ink.shape
    ink[:, : w // 40] = 0
    ink[:, w - w // 40 :] = 0
    ink[: h // 40] = 0
    ink[h - h // 40 :] = 0

    def sharpness(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        turned = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST)
        rows = cv2.reduce(turned, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel().astype(np.float64)
        return float(np.dot(rows, rows))

    def sharpest(angles: np.ndarray) -> float:
        # Angles a step apart can rule a thin rule into the same rows: the middle of the run of
        # equally sharp angles, not its first.
        scores = np.array([sharpness(a) for a in angles])
        return float(np.mean(angles[scores >= scores.max() * (1 - PLATEAU)]))

    best = sharpest(np.arange(-MAX_ANGLE, MAX_ANGLE + COARSE_STEP / 2, COARSE_STEP))
    fine = np.arange(best - FINE_SPAN, best + FINE_SPAN + FINE_STEP / 2, FINE_STEP)
    return round(sharpest(fine), 3)


def deskew(raster: Raster, angle: float | None = None) -> tuple[Raster, float]:
    """The raster turned level, and the angle it was turned by."""
    import cv2

    if angle is None:
        angle = skew_angle(raster.grey)
    if abs(angle) < FINE_STEP / 2:
        return raster, 0.0
    height, width = raster.grey.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)

    def turn(pixels: np.ndarray) -> np.ndarray:
        white = (255,) * (pixels.shape[2] if pixels.ndim == 3 else 1)
        return cv2.warpAffine(
            pixels, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=white
        )

    return Raster(turn(raster.rgb), turn(raster.grey), raster.dpi), angle
