"""``opfolg inspect``: the layout and the family's reading of one file, as text and as pictures.

The text lists, per page, each band (ruled or not, running, continued) with its cells
and what the family read it as. The pictures (``--png DIR``) draw the same over the rendered page,
as camelot's plot and pdfplumber's ``to_image`` do: ruled cells in blue, whitespace cells in
orange, running heads and feet in grey, a continued row with a red bar, smileys as dots in their
colour.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from extractors.inspection import InspectedBand, Inspection

# Pictures are drawn at this many pixels per point (108 dpi): cells and text stay legible.
PNG_SCALE = 1.5
# Cell texts are cut to this many characters in the listing.
TEXT_WIDTH = 60

_RULED = (31, 119, 180)
_WHITESPACE = (255, 127, 14)
_RUNNING = (150, 150, 150)
_CONTINUED = (214, 39, 40)
_SMILEY = {"green": (0, 176, 80), "yellow": (255, 192, 0), "red": (255, 0, 0)}


def parse_pages(spec: str | None) -> set[int] | None:
    """ "3-5,8" → {3, 4, 5, 8}; None for every page."""
    if not spec:
        return None
    pages: set[int] = set()
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        first, dash, last = part.partition("-")
        try:
            low = int(first)
            high = int(last) if dash else low
        except ValueError as error:
            raise ValueError(f"--pages: {part!r} is not a page number or range") from error
        if low < 1 or high < low:
            raise ValueError(f"--pages: {part!r} is not a range of pages")
        pages.update(range(low, high + 1))
    return pages


def _flags(band: InspectedBand) -> str:
    flags = "ruled" if band.ruled else "space"
    if band.running:
        flags += " running"
    if band.continued:
        flags += " continued"
    return flags


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TEXT_WIDTH else text[: TEXT_WIDTH - 1] + "…"


def write_listing(inspection: Inspection, out: TextIO) -> None:
    out.write(f"family: {inspection.family}\n")
    for page in inspection.pages:
        out.write(f"\npage {page.number}: {len(page.bands)} bands, {page.tables} ruled tables\n")
        for band in page.bands:
            x0, top, x1, bottom = band.box
            out.write(f"  [{_flags(band)}] y {top:.0f}-{bottom:.0f}, x {x0:.0f}-{x1:.0f}\n")
            for cell in band.cells:
                smiley = ""
                if cell.smiley is not None:
                    smiley = f"  <smiley {cell.smiley.colour} {cell.smiley.source}>"
                out.write(
                    f"    | x {cell.box[0]:.0f}-{cell.box[2]:.0f}: {_short(cell.text)!r}{smiley}\n"
                )
            if band.reading:
                out.write(f"    -> {band.reading}\n")


def write_pictures(
    path: Path, inspection: Inspection, folder: Path, password: str | None
) -> list[Path]:
    """One PNG per inspected page, named after the file and the page."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    document = pdfium.PdfDocument(str(path), password=password)
    try:
        for page in inspection.pages:
            image = document[page.number - 1].render(scale=PNG_SCALE).to_pil().convert("RGB")
            _draw(ImageDraw.Draw(image), page.bands)
            target = folder / f"{path.stem}_p{page.number:03d}.png"
            image.save(target)
            written.append(target)
    finally:
        document.close()
    return written


def _draw(draw, bands: Iterable[InspectedBand]) -> None:
    def box(b):
        return [round(v * PNG_SCALE) for v in b]

    for band in bands:
        colour = _RUNNING if band.running else (_RULED if band.ruled else _WHITESPACE)
        for cell in band.cells:
            draw.rectangle(box(cell.box), outline=colour, width=2)
            if cell.smiley is not None:
                x0, top, x1, bottom = box(cell.box)
                cx, cy, r = (x0 + x1) // 2, (top + bottom) // 2, 5
                fill = _SMILEY[cell.smiley.colour]
                draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(0, 0, 0), fill=fill)
        if band.continued:
            x0, top, _, bottom = box(band.box)
            draw.rectangle([x0 - 6, top, x0 - 2, bottom], fill=_CONTINUED)
