"""The OCR route: scanned pages read into the neutral page model.

raster (render the page) -> deskew (level it on its rules) -> rules (rules and filled cells by
morphology) -> marks (coloured blobs: smileys) -> regions (the cells the rules enclose) -> engine
(Tesseract, one cell at a time) -> page (it all as one ``Page``); ``source.OcrSource`` decides
which pages take this route.
"""

from .engine import OcrUnavailable
from .source import DEFAULT_OCR, OcrMode, OcrSource, is_scan

OCR_MODES = tuple(mode.value for mode in OcrMode)

__all__ = ["DEFAULT_OCR", "OCR_MODES", "OcrMode", "OcrSource", "OcrUnavailable", "is_scan"]
