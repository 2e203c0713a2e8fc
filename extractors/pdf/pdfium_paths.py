"""The graphics of a PDFium page: its paths as lines, rects and curves with their colours, and
where its images lie; form XObjects are walked into. The walk also lists the page's text objects,
for the chars that PDFium's text page leaves out."""

from __future__ import annotations

import ctypes
from math import hypot

import pypdfium2.raw as raw

from .matrix import IDENTITY, Matrix, apply, bounds, multiply
from .model import RGB, BBox, Curve, Line, Rect
from .pdfium_calls import (
    COUNT_SEGMENTS,
    GET_DRAW_MODE,
    GET_FILL_COLOUR,
    GET_OBJECT_MATRIX,
    GET_STROKE_COLOUR,
    GET_STROKE_WIDTH,
    SEGMENT_CALLS,
    read_objects,
    read_path,
)
from .pdfminer_rules import Segment, painted_shape, subpaths

_PATH, _IMAGE, _FORM = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM
_TEXT = raw.FPDF_PAGEOBJ_TEXT
_MOVETO, _LINETO = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_LINETO
_BEZIERTO = raw.FPDF_SEGMENT_BEZIERTO
# The kinds of shape pdfium_calls.read_path gives.
_LINE, _RECT = 0, 1


class PageGraphics:
    """Lines, rects, curves and image boxes of a page, in page space (``to_page``)."""

    def __init__(self, to_page: Matrix):
        self.to_page = to_page
        self.lines: list[Line] = []
        self.rects: list[Rect] = []
        self.curves: list[Curve] = []
        self.images: list[BBox] = []
        # Each text object's address with the matrix of the form it lies in (identity on the
        # page), in the order of the content.
        self.texts: list[tuple[int, Matrix]] = []
        # Out-parameters of the PDFium calls, made once per page rather than once per call.
        self._matrix = raw.FS_MATRIX()
        self._matrix_ref = ctypes.byref(self._matrix)
        self._ints = (ctypes.c_int(), ctypes.c_int())
        self._int_refs = tuple(ctypes.byref(value) for value in self._ints)
        self._floats = (ctypes.c_float(), ctypes.c_float())
        self._float_refs = tuple(ctypes.byref(value) for value in self._floats)
        self._rgba = tuple(ctypes.c_uint() for _ in range(4))
        self._rgba_refs = tuple(ctypes.byref(value) for value in self._rgba)

    def walk(self, holder, count: int, form: bool = False, parent: Matrix = IDENTITY) -> None:
        """Read the ``count`` objects of a page (``holder``), or of a form object where
        ``form``, placed by ``parent``."""
        addresses, types = read_objects(holder, count, form)
        texts = self.texts
        for address, kind in zip(addresses, types, strict=True):
            if kind == _TEXT:
                texts.append((address, parent))
            elif not address:
                continue
            elif kind == _PATH:
                path = ctypes.c_void_p(address)
                matrix = multiply(self.object_matrix(path), parent)
                if not self._compiled_path(address, matrix):
                    self._path(path, matrix)
            elif kind == _IMAGE:
                self._image(multiply(self.object_matrix(ctypes.c_void_p(address)), parent))
            elif kind == _FORM:
                form_object = ctypes.cast(address, raw.FPDF_PAGEOBJECT)
                self.walk(
                    form_object,
                    raw.FPDFFormObj_CountObjects(form_object),
                    True,
                    multiply(self.object_matrix(form_object), parent),
                )

    def object_matrix(self, page_object) -> Matrix:
        """The object's own matrix (a text object's: its text matrix)."""
        matrix = self._matrix
        if not GET_OBJECT_MATRIX(page_object, self._matrix_ref):
            return IDENTITY
        return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)

    def _colour(self, getter, page_object) -> RGB | None:
        r, g, b, _ = self._rgba
        if not getter(page_object, *self._rgba_refs):
            return None
        return (r.value / 255, g.value / 255, b.value / 255)

    def _image(self, matrix: Matrix) -> None:
        full = multiply(matrix, self.to_page)
        points = [apply(full, u, v) for u, v in ((0, 0), (1, 0), (0, 1), (1, 1))]
        self.images.append(bounds(points))

    def _compiled_path(self, address: int, matrix: Matrix) -> bool:
        """``_path`` in one C loop (pdfium_calls.read_path); False where it was not read so."""
        reading = read_path(address, multiply(matrix, self.to_page))
        if reading is None:
            return False
        if not reading:
            return True  # nothing painted
        stroked, filled, stroke_colour, fill_colour, width, shapes = reading
        width = width * hypot(matrix[0], matrix[1])
        stroke = stroke_colour if stroked else None
        fill = fill_colour if filled else None
        for kind, x0, top, x1, bottom, points in shapes:
            box = BBox(x0, top, x1, bottom)
            if kind == _LINE:
                self.lines.append(Line(box, stroke_colour, width))
            elif kind == _RECT:
                self.rects.append(Rect(box, stroke, fill))
            else:
                self.curves.append(Curve(box, points, stroke, fill))
        return True

    def _path(self, path_object, matrix: Matrix) -> None:
        fill_mode, stroke = self._ints
        if not GET_DRAW_MODE(path_object, *self._int_refs):
            return
        fill, stroked = fill_mode.value != 0, bool(stroke.value)
        if not fill and not stroked:
            return  # a clipping path: pdfminer paints nothing for it
        stroke_colour = self._colour(GET_STROKE_COLOUR, path_object)
        fill_colour = self._colour(GET_FILL_COLOUR, path_object)
        width = self._floats[0]
        GET_STROKE_WIDTH(path_object, self._float_refs[0])
        # PDFium gives the width in the path's own space; pdfminer scales it by the matrix
        # in force, along x.
        width = float(width.value) * hypot(matrix[0], matrix[1])
        full = multiply(matrix, self.to_page)
        kinds = {Line: self.lines, Rect: self.rects, Curve: self.curves}
        for shape, points in subpaths(self._segments(path_object)):
            painted = painted_shape(
                shape,
                points,
                [apply(full, x, y) for x, y in points],
                stroke_colour if stroked else None,
                fill_colour if fill else None,
                stroke_colour,
                width,
            )
            kinds[type(painted)].append(painted)

    def _segments(self, path_object) -> list[Segment]:
        """The path as (operator, end point, closes) in pdfminer's letters: m, l, c."""
        out: list[Segment] = []
        append = out.append
        get_segment, get_kind, get_point, get_close = SEGMENT_CALLS
        x, y = self._floats
        x_ref, y_ref = self._float_refs
        bezier = 0
        for index in range(COUNT_SEGMENTS(path_object)):
            segment = get_segment(path_object, index)
            kind = get_kind(segment)
            if kind == _BEZIERTO:
                # PDFium stores a curve as three points; pdfminer keeps only where it ends.
                bezier += 1
                if bezier % 3:
                    continue
                operator = "c"
            elif kind == _MOVETO:
                bezier = 0
                operator = "m"
            elif kind == _LINETO:
                bezier = 0
                operator = "l"
            else:
                continue
            get_point(segment, x_ref, y_ref)
            append((operator, (float(x.value), float(y.value)), bool(get_close(segment))))
        return out
