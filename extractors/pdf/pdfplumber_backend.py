"""The reference backend: pdfplumber (pdfminer.six) primitives turned into the page model."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber

from .collect import cycle_collection_paused
from .colour import to_rgb
from .errors import PasswordRequired, PdfError
from .ligatures import expand
from .model import RGB, BBox, Char, Curve, DocumentInfo, Image, Line, Page, Rect
from .pdfminer_rules import font_name
from .render import render_region

NAME = "pdfplumber"


def _bbox(obj: dict) -> BBox:
    return BBox(float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]))


def _painted(obj: dict, flag: str, colour_key: str):
    if not obj.get(flag, True):
        return None
    return to_rgb(obj.get(colour_key))


class PdfplumberDocument:
    def __init__(self, path: Path, password: str | None = None):
        self.path = Path(path)
        self.password = password
        self._pdf = None
        try:
            self._pdf = pdfplumber.open(self.path, password=password or "")
            pages = len(self._pdf.pages)
            if pages == 0:
                # pdfminer gives up on a scrambled cross-reference table and finds no pages;
                # pdfium rebuilds the table, and its copy reads as the original would have.
                repaired = _repaired_copy(self.path, password)
                if repaired is not None:
                    self._pdf.close()
                    self._pdf = pdfplumber.open(repaired, password=password or "")
                    pages = len(self._pdf.pages)
        except Exception as error:  # pdfminer raises many unrelated types for a bad file
            if self._pdf is not None:  # workers take many files: leave no handle behind
                self._pdf.close()
            explained = _explain(error)
            if isinstance(explained, PasswordRequired) and password:
                explained = PasswordRequired(_WRONG_PASSWORD)
            raise explained from error
        metadata = {
            str(k): v.decode("latin-1", "replace") if isinstance(v, bytes) else str(v)
            for k, v in (self._pdf.metadata or {}).items()
        }
        self.info = DocumentInfo(pages=pages, metadata=metadata)

    def page(self, number: int) -> Page:
        plumber_page = self._pdf.pages[number - 1]
        try:
            with cycle_collection_paused():
                return self._convert(plumber_page, number)
        finally:
            plumber_page.close()

    def _convert(self, p, number: int) -> Page:
        objects = p.objects
        fonts: dict[str, str] = {}
        fills: dict[object, RGB | None] = {}
        new = tuple.__new__  # named tuples, built without the generated constructor's overhead
        chars = []
        for c in objects.get("char", ()):
            name = c.get("fontname", "")
            font = fonts.get(name)
            if font is None:
                font = fonts[name] = font_name(name)
            colour = c.get("non_stroking_color")
            key = tuple(colour) if isinstance(colour, list) else colour
            fill = fills[key] if key in fills else fills.setdefault(key, to_rgb(colour))
            box = new(BBox, (float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"])))
            chars.append(
                new(
                    Char,
                    (
                        expand(c["text"]),
                        font,
                        float(c.get("size", 0.0)),
                        fill,
                        box,
                        bool(c.get("upright", True)),
                    ),
                )
            )
        lines = tuple(
            Line(_bbox(o), to_rgb(o.get("stroking_color")), float(o.get("linewidth") or 0.0))
            for o in objects.get("line", ())
        )
        rects = tuple(
            Rect(
                _bbox(o),
                _painted(o, "stroke", "stroking_color"),
                _painted(o, "fill", "non_stroking_color"),
            )
            for o in objects.get("rect", ())
        )
        curves = tuple(
            Curve(
                _bbox(o),
                tuple((float(x), float(y)) for x, y in o.get("pts", ())),
                _painted(o, "stroke", "stroking_color"),
                _painted(o, "fill", "non_stroking_color"),
            )
            for o in objects.get("curve", ())
        )
        path, password = self.path, self.password
        images = tuple(
            Image(box, loader=lambda box=box: render_region(path, number, box, password))
            for box in (_bbox(o) for o in objects.get("image", ()))
        )
        return Page(
            number, float(p.width), float(p.height), tuple(chars), lines, rects, curves, images
        )

    def close(self) -> None:
        self._pdf.close()


def _repaired_copy(path: Path, password: str | None) -> io.BytesIO | None:
    """The file as pdfium reads it, saved afresh with a sound cross-reference table."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path), password=password)
    except Exception:  # pdfium cannot read it either: the caller reports no pages
        return None
    try:
        if len(document) == 0:
            return None
        buffer = io.BytesIO()
        document.save(buffer)
    except Exception:
        return None
    finally:
        document.close()
    buffer.seek(0)
    return buffer


_PASSWORD = "the PDF is encrypted: a password is needed (--password)"
_WRONG_PASSWORD = "the PDF is encrypted and the password given (--password) does not open it"


def _explain(error: Exception) -> PdfError:
    # pdfplumber wraps pdfminer's own exception, which names what went wrong.
    if type(error).__name__ == "PdfminerException" and error.args:
        inner = error.args[0]
        if isinstance(inner, Exception):
            error = inner
    name = type(error).__name__
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    if name == "PDFPasswordIncorrect" or "password" in text.lower():
        return PasswordRequired(_PASSWORD)
    if name == "PSEOF" or "unexpected eof" in text.lower():
        return PdfError(
            "the PDF ends too early (cut short or damaged): get a complete copy of the file"
        )
    if "No /Root" in text:
        return PdfError(
            "not a readable PDF: no document catalogue (/Root) found; the file is damaged "
            "or not a PDF"
        )
    if name in {"PDFSyntaxError", "PDFNoValidXRef", "PSSyntaxError"}:
        return PdfError(f"not a readable PDF ({name}: {text or 'damaged file'})")
    return PdfError(f"cannot open the PDF ({name}: {text or 'no detail'})")
