"""What opfolg sees in a document: per page, the bands and cells the layout found, the smiley
marks in them, and how the document's family read each band.

For people checking a new layout (``opfolg inspect``): nothing here is needed to convert a file.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

from .families import DETECT_PAGES, classify
from .pdf import PdfSource
from .pdf.layout import Band
from .pdf.layout.document import DocumentReader, PlacedBand
from .records import SmileyReading
from .smileys import read_smiley


@dataclass(frozen=True, slots=True)
class InspectedCell:
    box: tuple[float, float, float, float]
    text: str
    smiley: SmileyReading | None


@dataclass(frozen=True, slots=True)
class InspectedBand:
    box: tuple[float, float, float, float]
    cells: tuple[InspectedCell, ...]
    ruled: bool
    running: bool
    continued: bool
    reading: str | None  # what the family read the band as


@dataclass(frozen=True, slots=True)
class InspectedPage:
    number: int
    width: float
    height: float
    tables: int
    bands: tuple[InspectedBand, ...]


@dataclass(frozen=True, slots=True)
class Inspection:
    family: str
    pages: tuple[InspectedPage, ...]


def inspect_document(source: PdfSource, pages: Container[int] | None = None) -> Inspection:
    """The layout and the family's reading of ``source``; only ``pages`` are reported (all if
    None), though every page is read, as a run reads them."""
    parsed = [source.page(number) for number in range(1, source.info.pages + 1)]
    family = classify(parsed[:DETECT_PAGES])
    readings: dict[int, str] = {}
    if family is not None:

        def trace(placed: PlacedBand, note: str) -> None:
            readings[id(placed.band)] = note

        family.extract(iter(parsed), source.info, trace)
    out = []
    for view in DocumentReader().pages(parsed):
        if pages is not None and view.page.number not in pages:
            continue
        bands = [_band(placed.band, placed, readings) for placed in view.bands]
        bands += [_band(band, None, readings) for band in view.running]
        bands.sort(key=lambda band: (band.box[1], band.box[0]))
        out.append(
            InspectedPage(
                view.page.number,
                view.page.width,
                view.page.height,
                len(view.layout.tables),
                tuple(bands),
            )
        )
    return Inspection(family.NAME if family is not None else "unknown", tuple(out))


def _band(band: Band, placed: PlacedBand | None, readings: dict[int, str]) -> InspectedBand:
    cells = tuple(
        InspectedCell(tuple(cell.box), cell.text, read_smiley(cell.region)) for cell in band.cells
    )
    return InspectedBand(
        tuple(band.box),
        cells,
        band.ruled,
        running=placed is None,
        continued=placed.continued if placed else False,
        reading=readings.get(id(band)),
    )
