"""The shared PDF layer: a backend turns a file into neutral ``Page`` objects."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from .errors import PasswordRequired, PdfError
from .model import RGB, BBox, Char, Curve, DocumentInfo, Image, Line, Page, Rect

BACKENDS = ("pdfplumber", "pdfium")
DEFAULT_BACKEND = "pdfium"


class PdfSource(Protocol):
    info: DocumentInfo

    def page(self, number: int) -> Page: ...

    def close(self) -> None: ...


def open_pdf(
    path: Path | str, backend: str = DEFAULT_BACKEND, password: str | None = None
) -> PdfSource:
    """Open ``path`` with the named backend; raises PdfError with a one-line reason."""
    if backend == "pdfplumber":
        from .pdfplumber_backend import PdfplumberDocument

        return PdfplumberDocument(Path(path), password)
    if backend == "pdfium":
        from .pdfium_backend import PdfiumDocument

        return PdfiumDocument(Path(path), password)
    raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")


__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "RGB",
    "BBox",
    "Char",
    "Curve",
    "DocumentInfo",
    "Image",
    "Line",
    "Page",
    "PasswordRequired",
    "PdfError",
    "PdfSource",
    "Rect",
    "open_pdf",
]
