"""The fast backend: PDFium (pypdfium2) primitives turned into the page model.

The reference backend is pdfplumber; this one must give the same page model, so it rebuilds
pdfminer's geometry (pdfminer_rules) from what PDFium reports instead of passing PDFium's own
boxes through. The work is split by concern: the chars of a text page (pdfium_chars), paths and
colours (pdfium_paths), the calls made per char (pdfium_calls); this module opens the document,
reads its metadata, explains its errors and puts each page together.
"""

from __future__ import annotations

import ctypes
from functools import partial
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from .collect import cycle_collection_paused
from .damage import page_not_loaded, stream_damage, text_damage
from .errors import PasswordRequired, PdfError
from .model import CHAR_INDEX, BBox, DocumentInfo, Image, Page, char_index_of_runs
from .pdfium_chars import PageChars
from .pdfium_paths import PageGraphics
from .pdfminer_rules import PdfminerPages, page_matrices, page_size
from .render import render_page_region, render_region

NAME = "pdfium"

METADATA_KEYS = (
    "Title",
    "Author",
    "Subject",
    "Keywords",
    "Creator",
    "Producer",
    "CreationDate",
    "ModDate",
)


class PdfiumDocument:
    def __init__(self, path: Path, password: str | None = None):
        self.path = Path(path)
        self.password = password
        if not self.path.is_file():
            raise PdfError(f"cannot open the PDF (no such file: {self.path})")
        try:
            self._pdf = pdfium.PdfDocument(self.path, password=password)
        except pdfium.PdfiumError as error:
            raise _explain(error) from error
        except Exception as error:  # an unreadable path or file type
            raise PdfError(f"cannot open the PDF ({type(error).__name__}: {error})") from error
        self.info = DocumentInfo(pages=len(self._pdf), metadata=self._metadata())
        self._pdfminer = PdfminerPages(self.path, password)
        self._pdfminer_reader = None  # the reference backend, for pages PDFium cannot read
        self._rendering: tuple[int, pdfium.PdfPage] | None = None  # the page images are read of
        self._closed = False

    def _metadata(self) -> dict[str, str]:
        metadata: dict[str, str] = {}
        for key in METADATA_KEYS:
            tag = key.encode("ascii")
            size = raw.FPDF_GetMetaText(self._pdf.raw, tag, None, 0)
            if size <= 2:
                continue
            buffer = ctypes.create_string_buffer(size)
            raw.FPDF_GetMetaText(self._pdf.raw, tag, buffer, size)
            value = buffer.raw[: size - 2].decode("utf-16-le", "replace")
            if value:
                metadata[key] = value
        return metadata

    def page(self, number: int) -> Page:
        """Page ``number``; one PDFium cannot load comes back empty, its damage named."""
        if not 1 <= number <= self.info.pages:
            raise IndexError(f"page {number} outside 1..{self.info.pages}")
        pdfminer_page = self._pdfminer.page(number)
        damage = stream_damage(pdfminer_page) if pdfminer_page is not None else []
        try:
            pdfium_page = self._pdf[number - 1]
        except pdfium.PdfiumError as error:
            width, height = self._page_size(number)
            return page_not_loaded(
                number, width, height, f"PDFium cannot load the page ({error})", damage
            )
        try:
            with cycle_collection_paused():
                page = self._convert(pdfium_page, number, damage)
        except BaseException:
            pdfium_page.close()
            raise
        if page.images:
            # Kept loaded for the reading of its images (loading a page again costs as much as
            # reading its objects).
            self._close_rendering()
            self._rendering = (number, pdfium_page)
        else:
            pdfium_page.close()
        return page

    def _page_size(self, number: int) -> tuple[float, float]:
        try:
            width, height = self._pdf.get_page_size(number - 1)
        except Exception:  # noqa: BLE001 - a page PDFium knows nothing of
            return 0.0, 0.0
        return float(width), float(height)

    def _convert(self, pdfium_page, number: int, damage: list[str]) -> Page:
        handle = pdfium_page.raw
        mediabox = tuple(float(v) for v in pdfium_page.get_mediabox())
        rotation = pdfium_page.get_rotation() % 360
        device, to_page = page_matrices(mediabox, rotation)
        width, height = page_size(mediabox, rotation)
        graphics = PageGraphics(to_page)
        graphics.walk(handle, raw.FPDFPage_CountObjects(handle))
        text_page = raw.FPDFText_LoadPage(handle)
        try:
            chars, index, lost = self._chars(text_page, graphics, device, to_page, number)
        finally:
            if text_page:
                raw.FPDFText_ClosePage(text_page)
        images = tuple(
            Image(box, loader=partial(self._render, number, box)) for box in graphics.images
        )
        return Page(
            number,
            width,
            height,
            chars,
            tuple(graphics.lines),
            tuple(graphics.rects),
            tuple(graphics.curves),
            images,
            memo={CHAR_INDEX: index} if index is not None else {},
            damage=tuple(damage + lost + text_damage(chars)),
        )

    def _render(self, number: int, box: BBox):
        """Region ``box`` of page ``number`` as a PIL image, from this open document.

        A page's images are read one after another: the page stays loaded for the next, rather
        than the file being opened again for each (a smiley drawn as an image is one per row).
        Once the document is closed, the file is opened again.
        """
        if self._closed:
            return render_region(self.path, number, box, self.password)
        if self._rendering is None or self._rendering[0] != number:
            self._close_rendering()
            self._rendering = (number, self._pdf[number - 1])
        return render_page_region(self._rendering[1], box)

    def _close_rendering(self) -> None:
        if self._rendering is not None:
            self._rendering[1].close()
            self._rendering = None

    def _chars(self, text_page, graphics: PageGraphics, device, to_page, number: int):
        """The page's chars, their index, and what of its text could not be read."""
        if not text_page:
            return (), None, []
        chars = PageChars(text_page, device, to_page, self._pdfminer.fonts(number), graphics.texts)
        chars.read_text_page()
        chars.add_left_out(graphics.object_matrix)
        if not chars.unplaced:
            return *chars.result(), []
        # Text PDFium cannot place (a font it has no glyphs for): pdfminer reads it from the
        # font's codes, and the page's chars are pdfminer's - where pdfminer reads the file,
        # with the same pages (a damaged file may read otherwise).
        reference = self._reference()
        if reference is not None and reference.info.pages == self.info.pages:
            found = reference.page(number).chars
            index = char_index_of_runs(
                ((b.top + b.bottom) / 2, [c], [(b.x0 + b.x1) / 2]) for c in found for b in (c.bbox,)
            )
            return found, index, []
        lost = f"{chars.unplaced} text objects in fonts PDFium has no glyphs for, not read"
        return *chars.result(), [lost]

    def _reference(self):
        """The reference backend on this file, or None where it cannot read it."""
        if self._pdfminer_reader is None:
            from .pdfplumber_backend import PdfplumberDocument

            try:
                self._pdfminer_reader = PdfplumberDocument(self.path, self.password)
            except PdfError:
                self._pdfminer_reader = False
        return self._pdfminer_reader or None

    def close(self) -> None:
        self._close_rendering()
        self._closed = True
        if self._pdfminer_reader:
            self._pdfminer_reader.close()
        self._pdfminer.close()
        self._pdf.close()


def _explain(error: Exception) -> PdfError:
    code = getattr(error, "err_code", None)
    if code == raw.FPDF_ERR_PASSWORD:
        return PasswordRequired("the PDF is encrypted: a password is needed (--password)")
    if code == raw.FPDF_ERR_FORMAT:
        return PdfError("not a readable PDF (damaged or not a PDF)")
    if code == raw.FPDF_ERR_FILE:
        return PdfError("cannot open the PDF (file not found or unreadable)")
    if code == raw.FPDF_ERR_SECURITY:
        return PdfError("cannot open the PDF (unsupported security scheme)")
    if code == raw.FPDF_ERR_SUCCESS:
        return PdfError("the PDF has no pages")
    text = str(error).strip().splitlines()[0] if str(error).strip() else "no detail"
    return PdfError(f"cannot open the PDF ({text})")
