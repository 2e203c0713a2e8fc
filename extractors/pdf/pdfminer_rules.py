"""pdfminer's rules for what a char's box is and what a path is, for backends to share.

pdfplumber (pdfminer.six) is the reference backend; a backend built on another library gives the
same page model by following these rules rather than that library's own:

* a font is named without its subset prefix;
* a char's box runs along its advance, from the baseline plus the font's descent (the font
  descriptor's, 0 where the descriptor says nothing) up by one font size, through the char's
  matrix; a char is upright when that matrix keeps the axes' directions;
* a path is split into subpaths, and each is a line (two points), a rect (a closed four-sided
  axis-aligned loop) or else a curve with the end points of its segments;
* coordinates are pdfminer's device space flipped to pdfplumber's top-left page space.
"""

from __future__ import annotations

from pathlib import Path

from .matrix import Matrix, bounds, multiply
from .model import RGB, BBox, Curve, Line, Rect


def font_name(name: str) -> str:
    # Subset prefixes ("CAAAAA+LiberationSans") differ between files and say nothing of the face.
    return name.split("+", 1)[1] if "+" in name[:8] else name


# ---------------------------------------------------------------------------- page space


def page_matrices(
    mediabox: tuple[float, float, float, float], rotation: int
) -> tuple[Matrix, Matrix]:
    """PDF user space to pdfminer's device space, and to pdfplumber's top-left page space."""
    x0, y0, x1, y1 = mediabox
    if rotation == 90:
        device: Matrix = (0.0, -1.0, 1.0, 0.0, -y0, x1)
    elif rotation == 180:
        device = (-1.0, 0.0, 0.0, -1.0, x1, y1)
    elif rotation == 270:
        device = (0.0, 1.0, -1.0, 0.0, y1, -x0)
    else:
        device = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
    left, right = sorted((x0, x1))
    low, high = sorted((y0, y1))
    box = (low, left, high, right) if rotation in (90, 270) else (left, low, right, high)
    height = box[3] - box[1]
    # pdfplumber flips y and adds the (normalised) media box origin back.
    flip: Matrix = (1.0, 0.0, 0.0, -1.0, box[0], height - box[1])
    return device, multiply(device, flip)


def page_size(mediabox: tuple[float, float, float, float], rotation: int) -> tuple[float, float]:
    width = abs(mediabox[2] - mediabox[0])
    height = abs(mediabox[3] - mediabox[1])
    return (height, width) if rotation in (90, 270) else (width, height)


# ---------------------------------------------------------------------------- char boxes


def is_upright(matrix: tuple[float, float, float, float], device: Matrix) -> bool:
    """pdfminer's test, on the char's matrix (a, b, c, d) taken into device space."""
    a, b, c, d = matrix
    A, B, C, D = device[:4]
    da, db, dc, dd = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D)
    return da * dd > 0 and db * dc <= 0


def upright_extent(
    page_f: float, d: float, descent: float, size: float, y: float
) -> tuple[float, float]:
    """Top and bottom of unrotated text on baseline ``y`` (user space), in page space.

    ``page_f`` is the vertical offset of the page matrix (which flips y), ``d`` the char
    matrix's vertical scale, ``descent`` and ``size`` the font's descent and size (user units).
    """
    upper = page_f - (y + d * (descent + size))
    return upper, upper + d * ((descent + size) - descent)


def turned_box(
    matrix: tuple[float, float, float, float],
    descent: float,
    size: float,
    advance: float,
    x: float,
    y: float,
    to_page: Matrix,
) -> BBox:
    """pdfminer's box, (0, descent)..(advance, descent + size) through the char's matrix
    placed at its origin (x, y), in page space: for text in any direction."""
    a, b, c, d = matrix
    pa, pb, pc, pd, pe, pf = to_page
    y0 = descent
    y1 = y0 + size
    corners = (
        (x + c * y0, y + d * y0),
        (x + a * advance + c * y0, y + b * advance + d * y0),
        (x + c * y1, y + d * y1),
        (x + a * advance + c * y1, y + b * advance + d * y1),
    )
    xs = [pa * u + pc * v + pe for u, v in corners]
    ys = [pb * u + pd * v + pf for u, v in corners]
    return BBox(min(xs), min(ys), max(xs), max(ys))


class FontDescents:
    """pdfminer's descent of each font of a page, by font name (subset prefix dropped).

    pdfminer takes a font's descent from its descriptor alone (0 where the descriptor says
    nothing); other libraries fall back on the font program. The descriptors are read here with
    pdfminer's own font classes. Only the font dictionaries are read, never a content stream.
    """

    def __init__(self, path: Path, password: str | None):
        self._file = None
        self._pages: list | None = None
        self._manager = None
        self._last: tuple[int | None, dict[str, float]] = (None, {})
        try:
            from pdfminer.pdfdocument import PDFDocument
            from pdfminer.pdfinterp import PDFResourceManager
            from pdfminer.pdfpage import PDFPage
            from pdfminer.pdfparser import PDFParser

            self._file = open(path, "rb")  # noqa: SIM115 - held until close()
            document = PDFDocument(PDFParser(self._file), password=password or "")
            self._pages = list(PDFPage.create_pages(document))
            self._manager = PDFResourceManager(caching=True)
        except Exception:  # noqa: BLE001 - the caller's own descents stand in
            self._pages = None

    def for_page(self, number: int) -> dict[str, float]:
        from pdfminer.pdftypes import PDFObjRef

        if not self._pages or number > len(self._pages):
            return {}
        page = self._pages[number - 1]
        # Pages often share one resource dictionary: the last answer is kept for the next page.
        shared = page.attrs.get("Resources")
        key = shared.objid if isinstance(shared, PDFObjRef) else None
        if key is not None and key == self._last[0]:
            return self._last[1]
        out: dict[str, float] = {}
        try:
            self._collect(page.resources, out, depth=0)
        except Exception:  # noqa: BLE001 - a broken dictionary leaves the caller's values
            pass
        self._last = (key, out)
        return out

    def _collect(self, resources, out: dict[str, float], depth: int) -> None:
        from pdfminer.pdftypes import PDFObjRef, dict_value, resolve1, stream_value
        from pdfminer.psparser import literal_name

        resources = dict_value(resources)
        for spec in dict_value(resources.get("Font", {})).values():
            objid = spec.objid if isinstance(spec, PDFObjRef) else None
            try:
                spec = dict_value(spec)
                name = literal_name(resolve1(spec.get("BaseFont", "")))
                font = self._manager.get_font(objid, spec)
            except Exception:  # noqa: BLE001 - one odd font leaves the rest readable
                continue
            if isinstance(name, bytes):
                name = name.decode("latin-1")
            out.setdefault(font_name(str(name)), float(font.get_descent()))
        if depth >= 4:
            return
        for xobject in dict_value(resources.get("XObject", {})).values():
            try:
                stream = stream_value(xobject)
            except Exception:  # noqa: BLE001
                continue
            if literal_name(stream.get("Subtype")) == "Form" and "Resources" in stream:
                self._collect(stream["Resources"], out, depth + 1)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


# ---------------------------------------------------------------------------- paths


Segment = tuple[str, tuple[float, float], bool]  # (operator m/l/c, end point, closes)


def subpaths(segments: list[Segment]):
    """pdfminer's subpaths: each run from one "m" to the next, with "h" where a subpath closes.

    Yields (operators, points), e.g. ("mlllh", [five points]).
    """
    if not segments or segments[0][0] != "m":
        return
    found: list[tuple[list[str], list[tuple[float, float]]]] = []
    start = segments[0][1]
    for operator, point, closes in segments:
        if operator == "m":
            start = point
            found.append(([], []))
        ops, points = found[-1]
        ops.append(operator)
        points.append(point)
        if closes:
            ops.append("h")
            points.append(start)
    single = len(found) == 1
    for ops, points in found:
        # A bare "m" among several subpaths paints nothing in pdfminer.
        if len(ops) > 1 or single:
            yield "".join(ops), points


def painted_shape(
    shape: str,
    points: list[tuple[float, float]],
    page_points: list[tuple[float, float]],
    stroke: RGB | None,
    fill: RGB | None,
    line_colour: RGB | None,
    width: float,
) -> Line | Rect | Curve:
    """What pdfminer makes of one painted subpath (converter.PDFLayoutAnalyzer.paint_path).

    ``points`` are in user space, where the rules are applied; ``page_points`` the same points
    in page space, which the shape is given. A line keeps its stroke colour even when only
    filled (``line_colour``), as pdfminer does.
    """
    if len(shape) > 3 and shape.endswith("lh") and points[-2] == points[0]:
        shape = shape[:-2] + "h"
        points = points[:-1]
        page_points = page_points[:-1]
    if shape in ("ml", "mlh"):
        return Line(bounds(page_points[:2]), line_colour, width)
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
        closed = points[0] == points[4]
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if closed and square:
            return Rect(bounds([page_points[0], page_points[2]]), stroke, fill)
    return Curve(bounds(page_points), tuple(page_points), stroke, fill)
