"""The reference backend: pdfplumber (pdfminer.six) primitives turned into the page model."""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from .chartext import as_shown
from .collect import cycle_collection_paused
from .colour import to_rgb
from .damage import page_not_loaded, stream_damage, text_damage
from .errors import PasswordRequired, PdfError
from .model import RGB, BBox, Char, Curve, DocumentInfo, Image, Line, Page, Rect
from .pdfminer_rules import font_name
from .render import render_region
from .repair import repaired_copy

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
                repaired = repaired_copy(self.path, password)
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
        """Page ``number``; one pdfminer cannot read comes back empty, its damage named."""
        if not 1 <= number <= self.info.pages:
            raise IndexError(f"page {number} outside 1..{self.info.pages}")
        plumber_page = self._pdf.pages[number - 1]
        # Before pdfminer decodes the streams (and forgets their raw bytes).
        damage = stream_damage(plumber_page.page_obj)
        try:
            with cycle_collection_paused():
                return self._convert(plumber_page, number, damage)
        except MemoryError:
            raise
        except Exception as error:  # pdfminer raises many unrelated types for a bad page
            return page_not_loaded(
                number,
                _size(plumber_page, "width"),
                _size(plumber_page, "height"),
                f"pdfminer cannot read the page ({type(error).__name__}: {_line(error)})",
                damage,
            )
        finally:
            plumber_page.close()

    def _convert(self, p, number: int, damage: list[str]) -> Page:
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
                        as_shown(c["text"]),
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
        chars = tuple(chars)
        return Page(
            number,
            float(p.width),
            float(p.height),
            chars,
            lines,
            rects,
            curves,
            images,
            damage=tuple(damage + text_damage(chars)),
        )

    def close(self) -> None:
        self._pdf.close()


def _size(page, side: str) -> float:
    try:
        return float(getattr(page, side))
    except Exception:  # noqa: BLE001 - a page box pdfminer cannot read
        return 0.0


def _line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:120] if text else "no detail"


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
