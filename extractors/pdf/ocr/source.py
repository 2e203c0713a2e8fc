"""``OcrSource``: a PDF source whose scanned pages are read through OCR.

It wraps any backend's source. ``page(n)`` is the backend's page, or - when the mode says so - the
page read from its pixels (``page.read_scanned_page``), in the same page model, so the families
read a scan as they read any PDF. The pages read so are listed in ``ocr_pages``.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path

from ..errors import PdfError
from ..model import Page
from .raster import render_page


class OcrMode(Enum):
    AUTO = "auto"  # pages without a usable text layer: no text, mostly covered by an image
    ALWAYS = "always"
    NEVER = "never"


DEFAULT_OCR = OcrMode.AUTO
# A page is a scan when images cover at least this share of it (a scanner's page is one image of
# the whole sheet; a text page with a logo or a chart is far below).
SCAN_COVER = 0.5


def is_scan(page: Page) -> bool:
    """A page with no text whose images cover most of it."""
    if page.has_text or page.damage or not page.images or page.width <= 0 or page.height <= 0:
        return False
    covered = sum(
        max(0.0, min(i.bbox.x1, page.width) - max(i.bbox.x0, 0.0))
        * max(0.0, min(i.bbox.bottom, page.height) - max(i.bbox.top, 0.0))
        for i in page.images
    )
    return covered >= SCAN_COVER * page.width * page.height


class OcrSource:
    def __init__(
        self,
        inner,
        path: Path | str,
        password: str | None = None,
        mode: OcrMode = DEFAULT_OCR,
        on_page: Callable[[int], None] | None = None,
    ):
        """``on_page(n)`` is told of each page before it is read through OCR."""
        self.inner = inner
        self.info = inner.info
        self.path = Path(path)
        self.password = password
        self.mode = mode
        self.on_page = on_page
        self.ocr_pages: list[int] = []
        self._pdf = None

    def page(self, number: int) -> Page:
        page = self.inner.page(number)
        if self.mode is OcrMode.NEVER:
            return page
        if self.mode is OcrMode.AUTO and not is_scan(page):
            return page
        if page.damage and not page.has_text and page.width <= 0:
            return page  # a page that could not be loaded has no pixels either
        from .page import read_scanned_page

        if self.on_page is not None:
            self.on_page(number)
        pdfium_page = self._document()[number - 1]
        try:
            raster = render_page(pdfium_page)
        finally:
            pdfium_page.close()
        scanned = read_scanned_page(number, page.width, page.height, raster)
        self.ocr_pages.append(number)
        return scanned

    def _document(self):
        if self._pdf is None:
            import pypdfium2 as pdfium

            try:
                self._pdf = pdfium.PdfDocument(str(self.path), password=self.password)
            except pdfium.PdfiumError as error:
                raise PdfError(f"cannot render the scanned pages ({error})") from error
        return self._pdf

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
        self.inner.close()
