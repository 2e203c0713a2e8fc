"""The reference backend: pdfplumber (pdfminer.six) primitives turned into the page model."""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from .colour import to_rgb
from .errors import PasswordRequired, PdfError
from .model import BBox, Char, Curve, DocumentInfo, Image, Line, Page, Rect
from .render import render_region

NAME = "pdfplumber"


def _bbox(obj: dict) -> BBox:
    return BBox(float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]))


def _painted(obj: dict, flag: str, colour_key: str):
    if not obj.get(flag, True):
        return None
    return to_rgb(obj.get(colour_key))


def _font(name: str) -> str:
    # Subset prefixes ("CAAAAA+LiberationSans") differ between files and say nothing of the face.
    return name.split("+", 1)[1] if "+" in name[:8] else name


class PdfplumberDocument:
    def __init__(self, path: Path, password: str | None = None):
        self.path = Path(path)
        self.password = password
        try:
            self._pdf = pdfplumber.open(self.path, password=password or "")
            pages = len(self._pdf.pages)
        except Exception as error:  # pdfminer raises many unrelated types for a bad file
            raise _explain(error) from error
        metadata = {
            str(k): v.decode("latin-1", "replace") if isinstance(v, bytes) else str(v)
            for k, v in (self._pdf.metadata or {}).items()
        }
        self.info = DocumentInfo(pages=pages, metadata=metadata)

    def page(self, number: int) -> Page:
        plumber_page = self._pdf.pages[number - 1]
        try:
            return self._convert(plumber_page, number)
        finally:
            plumber_page.close()

    def _convert(self, p, number: int) -> Page:
        objects = p.objects
        chars = tuple(
            Char(
                text=c["text"],
                font=_font(c.get("fontname", "")),
                size=float(c.get("size", 0.0)),
                fill=to_rgb(c.get("non_stroking_color")),
                bbox=_bbox(c),
                upright=bool(c.get("upright", True)),
            )
            for c in objects.get("char", ())
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
        return Page(number, float(p.width), float(p.height), chars, lines, rects, curves, images)

    def close(self) -> None:
        self._pdf.close()


def _explain(error: Exception) -> PdfError:
    name = type(error).__name__
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    if name in {"PDFPasswordIncorrect", "PdfminerException"} and "password" in repr(error).lower():
        return PasswordRequired("the PDF is encrypted: a password is needed (--password)")
    if name == "PDFPasswordIncorrect":
        return PasswordRequired("the PDF is encrypted: a password is needed (--password)")
    if name in {"PDFSyntaxError", "PSEOF", "PDFNoValidXRef"} or "No /Root" in text:
        return PdfError(f"not a readable PDF ({name}: {text or 'damaged file'})")
    return PdfError(f"cannot open the PDF ({name}: {text or 'no detail'})")
