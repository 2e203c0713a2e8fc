"""Builders of small synthetic pages for the smiley reader's tests: one table cell each."""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageDraw

from extractors.pdf import open_pdf
from extractors.pdf.layout.lines import text_lines
from extractors.pdf.layout.tables import ruled_tables
from extractors.pdf.layout.text import join_lines
from extractors.pdf.model import RGB, BBox, Char, Curve, Image, Line, Page, Rect
from extractors.records import SmileyReading
from extractors.smileys import read_smiley

GREEN: RGB = (0.0, 0.690196, 0.313725)  # #00B050
YELLOW: RGB = (1.0, 0.752941, 0.0)  # #FFC000
RED: RGB = (1.0, 0.0, 0.0)  # #FF0000
BLACK: RGB = (0.0, 0.0, 0.0)
WHITE: RGB = (1.0, 1.0, 1.0)
GREY: RGB = (0.5, 0.5, 0.5)

# The cell every synthetic smiley sits in, as in the Ballerup tables' smiley column.
CELL = BBox(490.0, 300.0, 535.0, 336.0)
CENTRE = (CELL.mid_x, CELL.mid_y)


def char(text: str, fill: RGB | None, font: str = "DejaVuSans", size: float = 10.0) -> Char:
    """One character centred in the cell."""
    x, y = CENTRE
    width = size * 0.8
    return Char(
        text, font, size, fill, BBox(x - width / 2, y - size / 2, x + width / 2, y + size / 2)
    )


def word(
    text: str, fill: RGB | None, font: str = "LiberationSans", size: float = 9.0
) -> list[Char]:
    """A word left-aligned in the cell, one Char a letter."""
    x, y = CELL.x0 + 3, CENTRE[1]
    chars = []
    for letter in text:
        chars.append(Char(letter, font, size, fill, BBox(x, y - size / 2, x + 5, y + size / 2)))
        x += 5
    return chars


def ellipse(
    cx: float, cy: float, rx: float, ry: float, fill: RGB | None, stroke: RGB | None = None
) -> Curve:
    """An ellipse as a backend reports it: the on-curve points of its four Bézier arcs."""
    points = ((cx + rx, cy), (cx, cy - ry), (cx - rx, cy), (cx, cy + ry), (cx + rx, cy))
    return Curve(BBox(cx - rx, cy - ry, cx + rx, cy + ry), points, stroke, fill)


def vector_face(fill: RGB, mouth: str = "arc", diameter: float = 13.0) -> tuple[list, list]:
    """A disc with two black eyes and a mouth: (curves, lines) as the reportlab sample draws it."""
    cx, cy = CENTRE
    r = diameter / 2
    curves = [
        ellipse(cx, cy, r, r, fill),
        ellipse(cx - 0.18 * diameter, cy - 0.16 * diameter, 0.6, 0.9, BLACK),
        ellipse(cx + 0.18 * diameter, cy - 0.16 * diameter, 0.6, 0.9, BLACK),
    ]
    lines: list[Line] = []
    left, right, y = cx - 0.25 * diameter, cx + 0.25 * diameter, cy + 0.1 * diameter
    if mouth == "straight":
        lines.append(Line(BBox(left, y, right, y), BLACK, 0.9))
    elif mouth == "arc":  # end points only, as pdfplumber reports a Bézier mouth
        curves.append(Curve(BBox(left, y, right, y), ((left, y), (right, y)), BLACK, None))
    else:  # with the control points: a smile sags (y grows downwards), a frown bulges
        dip = 2.0 if mouth == "smile" else -2.0
        points = ((left, y), (left + 1.5, y + dip), (right - 1.5, y + dip), (right, y))
        curves.append(
            Curve(BBox(left, min(y, y + dip), right, max(y, y + dip)), points, BLACK, None)
        )
    return curves, lines


def shading(fill: RGB) -> Rect:
    """A shaded cell: a filled rectangle the size of the cell."""
    return Rect(CELL, None, fill)


def thin_rule(fill: RGB) -> Rect:
    """A coloured rule drawn as a thin filled rectangle across the cell."""
    return Rect(BBox(CELL.x0 + 2, CENTRE[1], CELL.x1 - 2, CENTRE[1] + 0.8), None, fill)


def square(fill: RGB, side: float = 10.0) -> Rect:
    """A small filled square in the middle of the cell."""
    x, y = CENTRE
    return Rect(BBox(x - side / 2, y - side / 2, x + side / 2, y + side / 2), None, fill)


def cell_rules() -> list[Line]:
    """The grey rules around the cell (their centres on its edges)."""
    grey = (0.5, 0.5, 0.5)
    return [
        Line(BBox(CELL.x0, CELL.top, CELL.x0, CELL.bottom), grey, 0.6),
        Line(BBox(CELL.x1, CELL.top, CELL.x1, CELL.bottom), grey, 0.6),
        Line(BBox(CELL.x0, CELL.top, CELL.x1, CELL.top), grey, 0.6),
        Line(BBox(CELL.x0, CELL.bottom, CELL.x1, CELL.bottom), grey, 0.6),
    ]


def circle_picture(fill: tuple[int, int, int], face: bool = True, size: int = 64) -> PILImage.Image:
    """A coloured disc on white (with eyes and a smile when ``face``), as a PIL RGB image."""
    picture = PILImage.new("RGB", (size, size), (255, 255, 255))
    draw = ImageDraw.Draw(picture)
    m = size // 16
    draw.ellipse((m, m, size - m, size - m), fill=fill)
    if face:
        e = size // 12
        for ex in (size * 0.35, size * 0.65):
            draw.ellipse((ex - e, size * 0.35 - e, ex + e, size * 0.35 + e), fill=(0, 0, 0))
        draw.arc(
            (size * 0.28, size * 0.4, size * 0.72, size * 0.75),
            20,
            160,
            fill=(0, 0, 0),
            width=max(1, size // 20),
        )
    return picture


def picture_image(picture: PILImage.Image, side: float = 14.0) -> tuple[Image, list[int]]:
    """An Image in the cell whose loader returns ``picture``; the list counts the decodings."""
    calls: list[int] = []

    def load():
        calls.append(1)
        return picture

    cx, cy = CENTRE
    box = BBox(cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2)
    return Image(box, loader=load), calls


def page(chars=(), lines=(), rects=(), curves=(), images=(), number: int = 1) -> Page:
    return Page(
        number, 595.0, 842.0, tuple(chars), tuple(lines), tuple(rects), tuple(curves), tuple(images)
    )


def region(**primitives) -> Page:
    """The cell as the Ballerup extractor hands it to the reader: ``page.within(cell)``."""
    primitives.setdefault("lines", cell_rules())
    return page(**primitives).within(CELL)


def image_pdf(path: Path, fill: tuple[int, int, int], side_pt: float = 16.0) -> Path:
    """A one-page PDF whose only content is an image of a coloured smiley, ``side_pt`` wide."""
    picture = circle_picture(fill, size=64)
    picture.save(path, "PDF", resolution=64 * 72 / side_pt)
    return path


def cmyk(c: float, m: float, y: float, k: float) -> RGB:
    return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))


def _ring(n: int = 16, r: float = 6.0):
    cx, cy = CENTRE
    return tuple(
        (cx + r * math.cos(2 * math.pi * i / n), cy + r * math.sin(2 * math.pi * i / n))
        for i in range(n + 1)
    )


def polygon_disc(fill: RGB) -> Curve:
    """A disc drawn as a many-sided polygon, as some producers flatten circles."""
    points = _ring()
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Curve(BBox(min(xs), min(ys), max(xs), max(ys)), points, None, fill)


# ---------------------------------------------------------------- the real samples

LABELS = {"Milepæl", "Økonomi"}
TAG = re.compile(r"<[^>]*>")


def label(text: str) -> str:
    return " ".join(TAG.sub(" ", text).split())


@dataclass(frozen=True)
class _Row:
    cells: tuple[BBox, ...]


def _ruled_rows(page: Page) -> list[_Row]:
    """The rows of the page's ruled tables, each cut into cells by the verticals that cross it."""
    rows: list[_Row] = []
    for table in ruled_tables(page):
        for top, bottom in zip(table.rows, table.rows[1:], strict=False):
            xs = sorted(
                {
                    edge.position
                    for edge in table.verticals
                    if edge.start <= top + 1 and edge.end >= bottom - 1
                }
            )
            cells = tuple(BBox(a, top, b, bottom) for a, b in zip(xs, xs[1:], strict=False))
            if cells:
                rows.append(_Row(cells))
    return rows


def _cell_text(page: Page, box: BBox) -> str:
    return join_lines(text_lines(page.within(box).chars), box)


@dataclass
class SampleReading:
    """What the reader finds in a Ballerup follow-up, from one pass over its pages."""

    smileys: list[tuple[int, str, SmileyReading | None]]  # (page, label, reading), in order
    strays: list[tuple[int, int, SmileyReading]]  # (page, cell index) readings in other cells
    cells: int  # every cell of every ruled row read
    seconds: float  # time spent in read_smiley


def read_sample(path: Path) -> SampleReading:
    """Every milestone and economy smiley cell of a Ballerup follow-up, in document order, and
    what the reader says of every other table cell.

    A smiley row is a ruled row of four cells whose first cell reads "Milepæl" or "Økonomi"; the
    smiley is its fourth cell. Where a table breaks inside such a row, the continuation is the
    first row of the next page, with an empty label cell: when the broken row ended its page and
    its own smiley cell was empty, the continuation's smiley cell gives the reading.
    """
    found: list[list] = []
    strays: list[tuple[int, int, SmileyReading]] = []
    cells = 0
    seconds = 0.0

    def read(current: Page, cell: BBox) -> SmileyReading | None:
        nonlocal cells, seconds
        cells += 1
        inside = current.within(cell)
        started = time.perf_counter()
        result = read_smiley(inside)
        seconds += time.perf_counter() - started
        return result

    source = open_pdf(path)
    try:
        ends_page = False  # did the last smiley row found end its page?
        for number in range(1, source.info.pages + 1):
            current = source.page(number)
            rows = _ruled_rows(current)
            smiley_rows = [row for row in rows if len(row.cells) == 4]
            for row in rows:
                text = label(_cell_text(current, row.cells[0]))
                smiley_cell = len(row.cells) == 4 and (
                    text in LABELS or (text == "" and row is smiley_rows[0] and ends_page)
                )
                for index, cell in enumerate(row.cells):
                    if smiley_cell and index == 3:
                        continue
                    result = read(current, cell)
                    if result is not None:
                        strays.append((number, index, result))
                if not smiley_cell:
                    if len(row.cells) == 4:
                        ends_page = False
                    continue
                result = read(current, row.cells[3])
                if text == "":  # the continuation of a row broken across pages
                    if found[-1][2] is None:
                        found[-1][2] = result
                    ends_page = False
                    continue
                found.append([number, text, result])
                ends_page = row is smiley_rows[-1]
    finally:
        source.close()
    return SampleReading([tuple(entry) for entry in found], strays, cells, seconds)
