"""A damaged file as PDFium reads it, for a library that cannot read it as it is."""

from __future__ import annotations

import io
from pathlib import Path


def repaired_copy(path: Path, password: str | None) -> io.BytesIO | None:
    """The file saved afresh by PDFium, with a sound cross-reference table; None where PDFium
    cannot read it either.

    pdfminer gives up on a scrambled cross-reference table and finds no pages; PDFium rebuilds
    the table, and its copy reads as the original would have. Objects are copied as they are:
    a damaged stream stays damaged.
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path), password=password)
    except Exception:  # noqa: BLE001 - PDFium cannot read it either
        return None
    try:
        if len(document) == 0:
            return None
        buffer = io.BytesIO()
        document.save(buffer)
    except Exception:  # noqa: BLE001
        return None
    finally:
        document.close()
    buffer.seek(0)
    return buffer
