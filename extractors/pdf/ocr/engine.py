"""The Tesseract engine: one per process, with the Danish model, reading words and their boxes.

The model ships with opfolg (``tessdata/dan.traineddata``, see its README); ``OPFOLG_TESSDATA``
names another directory holding ``dan.traineddata``. Tesseract runs one thread
(``OMP_THREAD_LIMIT=1``, set before it loads): documents are read in parallel by workers, and
threads inside each would only contend for the same cores.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import numpy as np

from ..errors import PdfError

LANGUAGE = "dan"
TESSDATA_VARIABLE = "OPFOLG_TESSDATA"
SHIPPED_TESSDATA = Path(__file__).with_name("tessdata")


# A font's em against Tesseract's row height (x-height, ascenders and descenders: 0.98 em on the
# scanned status list's 12 pt Liberation Sans), and the ascent and descent a PDF boxes its chars
# by (Liberation Sans: 0.905 and 0.212 em).
ROW_EM = 1.0
ASCENT = 0.905
DESCENT = 0.212


class OcrUnavailable(PdfError):
    """The OCR engine or its language model cannot be loaded."""


class Segmentation(Enum):
    """How Tesseract lays out the text of an image it is given (its page segmentation mode)."""

    BLOCK = "block"  # one cell: a uniform block of lines
    PAGE = "page"  # free text outside tables: Tesseract finds its blocks
    LINE = "line"  # one word or line, read again on its own


@dataclass(frozen=True, slots=True)
class Word:
    """A word read, in the pixels of the image given: its box, its line's top and bottom."""

    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1
    line: tuple[int, int]  # top, bottom of the text line it is on
    confidence: float  # 0..100


def tessdata_dir() -> Path:
    named = os.environ.get(TESSDATA_VARIABLE)
    return Path(named) if named else SHIPPED_TESSDATA


_ENGINE = None


def engine():
    """This process's Tesseract API, made on first use."""
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = _load()
    return _ENGINE


def _load():
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    directory = tessdata_dir()
    model = directory / f"{LANGUAGE}.traineddata"
    if not model.is_file() or not os.access(model, os.R_OK):
        raise OcrUnavailable(
            f"cannot read scanned pages: the Danish OCR model {model} is missing or unreadable "
            f"(set {TESSDATA_VARIABLE} to a directory holding {LANGUAGE}.traineddata)"
        )
    try:
        import tesserocr
    except ImportError as error:
        raise OcrUnavailable(
            f"cannot read scanned pages: tesserocr is not installed ({error})"
        ) from None
    try:
        api = tesserocr.PyTessBaseAPI(
            path=str(directory), lang=LANGUAGE, oem=tesserocr.OEM.LSTM_ONLY
        )
    except RuntimeError as error:
        raise OcrUnavailable(
            f"cannot read scanned pages: Tesseract cannot load {model} ({error})"
        ) from None
    # Tesseract reads each doubtful line a second time inverted (light text on dark), which costs a
    # fifth of its time on a page of tables; dark cells are inverted before it sees them.
    api.SetVariable("tessedit_do_invert", "0")
    return api


def _line_extent(iterator, textline) -> tuple[int, int] | None:
    """The top and bottom of the text line the iterator is in, as a PDF boxes its chars: the
    font's ascent above the baseline and its descent below, whatever letters the line holds. The
    ink of a line is shorter (of capitals alone, "AVS/", much shorter), and the layout would take
    the wider gap between two such lines for a paragraph's end."""
    box = iterator.BoundingBox(textline)
    if box is None:
        return None
    try:
        height = iterator.RowAttributes()["row_height"]
        (_, y1), (_, y2) = iterator.Baseline(textline)
    except (RuntimeError, TypeError, ValueError, KeyError):
        return box[1], box[3]
    if height <= 0:
        return box[1], box[3]
    baseline = (y1 + y2) / 2
    em = height / ROW_EM
    return round(baseline - ASCENT * em), round(baseline + DESCENT * em)


def read_words(grey: np.ndarray, dpi: float, segmentation: Segmentation) -> list[Word]:
    """The words Tesseract reads in a greyscale image (black text on white)."""
    import tesserocr

    api = engine()
    height, width = grey.shape
    modes = {
        Segmentation.BLOCK: tesserocr.PSM.SINGLE_BLOCK,
        Segmentation.PAGE: tesserocr.PSM.AUTO,
        Segmentation.LINE: tesserocr.PSM.SINGLE_LINE,
    }
    api.SetPageSegMode(modes[segmentation])
    api.SetImageBytes(np.ascontiguousarray(grey).tobytes(), width, height, 1, width)
    api.SetSourceResolution(round(dpi))
    api.Recognize()
    words: list[Word] = []
    iterator = api.GetIterator()
    level = tesserocr.RIL.WORD
    if iterator is None:
        return words
    while True:
        try:
            text = iterator.GetUTF8Text(level)
        except RuntimeError:  # tesserocr's word of an empty result: nothing read here
            text = None
        if text and text.strip():
            box = iterator.BoundingBox(level)
            line = _line_extent(iterator, tesserocr.RIL.TEXTLINE)
            if box is not None and line is not None:
                words.append(Word(text.strip(), box, line, iterator.Confidence(level)))
        if not iterator.Next(level):
            break
    return words
