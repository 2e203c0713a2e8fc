"""Rasterising part of a page, for primitives (images) whose pixels a reader needs."""

from __future__ import annotations

from pathlib import Path

from .model import BBox

RENDER_SCALE = 4.0  # 288 dpi: enough to see the colours of a 10 pt smiley


def render_region(path: Path, page_number: int, box: BBox, password: str | None = None):
    """The region ``box`` of page ``page_number`` (1-based) as a PIL RGB image."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path), password=password)
    try:
        page = document[page_number - 1]
        try:
            return render_page_region(page, box)
        finally:
            page.close()
    finally:
        document.close()


def render_page_region(page, box: BBox):
    """The region ``box`` of an open pypdfium2 page as a PIL RGB image."""
    width, height = page.get_size()
    crop = (
        max(0.0, box.x0),
        max(0.0, height - box.bottom),
        max(0.0, width - box.x1),
        max(0.0, box.top),
    )
    bitmap = page.render(scale=RENDER_SCALE, crop=crop)
    return bitmap.to_pil().convert("RGB")
