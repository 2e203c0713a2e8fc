"""Rasterising a scanned page: the pixels the OCR route reads, at the resolution Tesseract wants.

Archive scans are about 150 dpi; Tesseract's LSTM model reads 9-10 pt text best at about twice
that (on the scanned Ballerup sample, words read right rose from 96 % at 150 dpi to 99 % at 300
dpi), so a page is rendered once at ``OCR_DPI`` and every later step works on that raster.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

OCR_DPI = 300
POINTS_PER_INCH = 72.0
# OpenCV works in one thread, as Tesseract does: documents are read in parallel by workers,
# and OpenCV's own threads cost more CPU than they save (a page's deskew and morphology: 0.63
# CPU s in two threads, 0.55 in one, on the bench's pages).
OPENCV_THREADS = 1


@dataclass(frozen=True, slots=True)
class Raster:
    """A page's pixels: ``rgb`` (h x w x 3, uint8) and ``grey`` (h x w), at ``dpi``."""

    rgb: np.ndarray
    grey: np.ndarray
    dpi: float

    @property
    def scale(self) -> float:
        """Points per pixel."""
        return POINTS_PER_INCH / self.dpi


def render_page(pdfium_page, dpi: float = OCR_DPI) -> Raster:
    """The page as an RGB and a greyscale raster at ``dpi`` (pypdfium2 draws the page's image)."""
    import cv2

    cv2.setNumThreads(OPENCV_THREADS)
    bitmap = pdfium_page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True)
    rgb = np.ascontiguousarray(bitmap.to_numpy()[:, :, :3])
    return Raster(rgb, cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), dpi)
