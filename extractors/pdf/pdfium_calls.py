"""The PDFium calls made once or more per char or path segment, as cheap as they can be made.

The only module that reaches past pypdfium2's public API: its private ctypes bindings (for the
library handle), the bare function handles built on them, and the compiled char reader
(`_pdfium_chars.c`) that is handed PDFium's function addresses. Everything else of the PDFium
backend calls ``pypdfium2.raw`` or the names below.
"""

from __future__ import annotations

import ctypes
from array import array
from itertools import groupby, repeat
from typing import NamedTuple

import pypdfium2.raw as raw
import pypdfium2_raw.bindings as _bindings

_LIBRARY = _bindings._libs["pdfium"]
# The same library, called without releasing the GIL: the calls below take a few hundred
# nanoseconds, less than handing the lock over and back.
_HELD = ctypes.PyDLL(_LIBRARY._name, handle=_LIBRARY._handle)


def _bare(name: str, restype):
    """A private handle on a PDFium function that skips ctypes' argument conversion.

    Called once or twice for every char of a page, the declared argument types cost more than
    the call itself; the callers pass ints, pointer objects and byref() values that need none.
    """
    function = _HELD[name]  # a fresh object: the shared binding keeps its types
    function.argtypes = None
    function.restype = restype
    return function


# Text: the text object's address, or None for a char PDFium generated between objects.
GET_TEXT_OBJECT = _bare("FPDFText_GetTextObject", ctypes.c_void_p)
GET_CHAR_ORIGIN = _bare("FPDFText_GetCharOrigin", None)  # the answer is not read
IS_GENERATED = _bare("FPDFText_IsGenerated", ctypes.c_int)  # 1, 0, or -1 for an error
HAS_MAP_ERROR = _bare("FPDFText_HasUnicodeMapError", ctypes.c_int)  # likewise
GET_CHAR_MATRIX = _bare("FPDFText_GetMatrix", ctypes.c_int)
GET_FONT_SIZE = _bare("FPDFTextObj_GetFontSize", ctypes.c_int)
GET_FONT = _bare("FPDFTextObj_GetFont", ctypes.c_void_p)

# Page objects and paths.
GET_PAGE_OBJECT = _bare("FPDFPage_GetObject", raw.FPDF_PAGEOBJECT)
GET_OBJECT_TYPE = _bare("FPDFPageObj_GetType", ctypes.c_int)
GET_OBJECT_MATRIX = _bare("FPDFPageObj_GetMatrix", ctypes.c_int)
GET_BOUNDS = _bare("FPDFPageObj_GetBounds", ctypes.c_int)
GET_DRAW_MODE = _bare("FPDFPath_GetDrawMode", ctypes.c_int)
GET_STROKE_COLOUR = _bare("FPDFPageObj_GetStrokeColor", ctypes.c_int)
GET_FILL_COLOUR = _bare("FPDFPageObj_GetFillColor", ctypes.c_int)
GET_STROKE_WIDTH = _bare("FPDFPageObj_GetStrokeWidth", ctypes.c_int)
COUNT_SEGMENTS = _bare("FPDFPath_CountSegments", ctypes.c_int)
# A segment handle comes back as a pointer object, which the next calls take as it is.
SEGMENT_CALLS = (
    _bare("FPDFPath_GetPathSegment", raw.FPDF_PATHSEGMENT),
    _bare("FPDFPathSegment_GetType", ctypes.c_int),
    _bare("FPDFPathSegment_GetPoint", ctypes.c_int),
    _bare("FPDFPathSegment_GetClose", ctypes.c_int),
)

try:
    from . import _pdfium_chars as COMPILED  # built at install when a C compiler is at hand
except ImportError:
    COMPILED = None
_OBJECT_ADDRESS = ctypes.cast(_LIBRARY.FPDFText_GetTextObject, ctypes.c_void_p).value
_ORIGIN_ADDRESS = ctypes.cast(_LIBRARY.FPDFText_GetCharOrigin, ctypes.c_void_p).value
_GENERATED_ADDRESS = ctypes.cast(_LIBRARY.FPDFText_IsGenerated, ctypes.c_void_p).value
_MAP_ERROR_ADDRESS = ctypes.cast(_LIBRARY.FPDFText_HasUnicodeMapError, ctypes.c_void_p).value
_MATRIX_ADDRESS = ctypes.cast(_LIBRARY.FPDFText_GetMatrix, ctypes.c_void_p).value
_FONT_SIZE_ADDRESS = ctypes.cast(_LIBRARY.FPDFTextObj_GetFontSize, ctypes.c_void_p).value
_FONT_ADDRESS = ctypes.cast(_LIBRARY.FPDFTextObj_GetFont, ctypes.c_void_p).value
_FILL_ADDRESS = ctypes.cast(_LIBRARY.FPDFPageObj_GetFillColor, ctypes.c_void_p).value
_PAGE_OBJECT_ADDRESS = ctypes.cast(_LIBRARY.FPDFPage_GetObject, ctypes.c_void_p).value
_FORM_OBJECT_ADDRESS = ctypes.cast(_LIBRARY.FPDFFormObj_GetObject, ctypes.c_void_p).value
_TYPE_ADDRESS = ctypes.cast(_LIBRARY.FPDFPageObj_GetType, ctypes.c_void_p).value

if COMPILED is not None:
    COMPILED.path_calls(
        *(
            ctypes.cast(getattr(_LIBRARY, name), ctypes.c_void_p).value
            for name in (
                "FPDFPath_GetDrawMode",
                "FPDFPageObj_GetStrokeColor",
                "FPDFPageObj_GetFillColor",
                "FPDFPageObj_GetStrokeWidth",
                "FPDFPath_CountSegments",
                "FPDFPath_GetPathSegment",
                "FPDFPathSegment_GetType",
                "FPDFPathSegment_GetPoint",
                "FPDFPathSegment_GetClose",
            )
        )
    )

# Bits of a char's flags.
GENERATED = 1  # PDFium generated the char: a space or line end the content does not draw
UNMAPPED = 2  # the font maps the char's code to no Unicode: PDFium's text is the code


def read_chars(text_page, count: int) -> tuple[bytes, list[float], list[float], bytes]:
    """Each char's text object, origin, and flags (GENERATED, UNMAPPED).

    The text objects come as native unsigned 64-bit addresses, 0 for a char PDFium generated
    between objects (a generated char within an object has that object's address). Four
    foreign calls per char: in one C loop where the compiled helper was built, else through
    ctypes, each call driven by map() so that no Python code runs per char.
    """
    if COMPILED is not None:
        address = ctypes.cast(text_page, ctypes.c_void_p).value
        objects, origins, flags = COMPILED.read(
            address, _OBJECT_ADDRESS, _ORIGIN_ADDRESS, _GENERATED_ADDRESS, _MAP_ERROR_ADDRESS, count
        )
        values = memoryview(origins).cast("d").tolist()
        return objects, values[0::2], values[1::2], flags
    pages = repeat(text_page)
    objects = array("Q", [key or 0 for key in map(GET_TEXT_OBJECT, pages, range(count))])
    flags = bytes(
        (generated == 1) | ((unmapped == 1) << 1)
        for generated, unmapped in zip(
            map(IS_GENERATED, pages, range(count)),
            map(HAS_MAP_ERROR, pages, range(count)),
            strict=True,
        )
    )
    buffer = (ctypes.c_double * (2 * count))()
    list(
        map(
            GET_CHAR_ORIGIN,
            pages,
            range(count),
            map(ctypes.byref, repeat(buffer), range(0, 16 * count, 16)),
            map(ctypes.byref, repeat(buffer), range(8, 16 * count, 16)),
        )
    )
    return objects.tobytes(), buffer[0::2], buffer[1::2], flags


class Runs(NamedTuple):
    """The runs of chars of one text object on a text page, with what the object gives them."""

    starts: list[int]  # first index
    ends: list[int]  # past the last index
    keys: list[int]  # the text object's address
    styles: list[tuple]  # (font, size, a, b, c, d, filled, r, g, b)


def read_runs(text_page, objects: bytes) -> Runs:
    """The runs of chars of one text object in ``objects`` (read_chars' first answer), each with
    its object's style: the first char's matrix, the object's font size (0 where PDFium has
    none), font address, and fill colour (filled 1 with its 0..255 channels, else 0)."""
    if COMPILED is not None:
        address = ctypes.cast(text_page, ctypes.c_void_p).value
        starts, ends, keys, matrices, sizes, fonts, fills = COMPILED.runs(
            address, objects, _MATRIX_ADDRESS, _FONT_SIZE_ADDRESS, _FONT_ADDRESS, _FILL_ADDRESS
        )
        m = memoryview(matrices).cast("d").tolist()
        styles = list(
            zip(
                memoryview(fonts).cast("Q").tolist(),
                memoryview(sizes).cast("d").tolist(),
                m[0::4],
                m[1::4],
                m[2::4],
                m[3::4],
                fills[0::4],
                fills[1::4],
                fills[2::4],
                fills[3::4],
                strict=True,
            )
        )
        return Runs(
            memoryview(starts).cast("i").tolist(),
            memoryview(ends).cast("i").tolist(),
            memoryview(keys).cast("Q").tolist(),
            styles,
        )
    starts, ends, keys, styles = [], [], [], []
    matrix, size = raw.FS_MATRIX(), ctypes.c_float()
    rgba = [ctypes.c_uint() for _ in range(4)]
    index = 0
    for key, group in groupby(memoryview(objects).cast("Q").tolist()):
        length = len(list(group))
        if key:
            text_object = ctypes.c_void_p(key)
            matrix.a = matrix.b = matrix.c = matrix.d = 0.0
            size.value = 0.0
            GET_CHAR_MATRIX(text_page, index, ctypes.byref(matrix))
            GET_FONT_SIZE(text_object, ctypes.byref(size))
            for channel in rgba:
                channel.value = 0
            filled = GET_FILL_COLOUR(text_object, *map(ctypes.byref, rgba)) != 0
            r, g, b = (channel.value & 0xFF if filled else 0 for channel in rgba[:3])
            font = GET_FONT(text_object) or 0
            starts.append(index)
            ends.append(index + length)
            keys.append(key)
            styles.append(
                (
                    font,
                    float(size.value),
                    matrix.a,
                    matrix.b,
                    matrix.c,
                    matrix.d,
                    int(filled),
                    r,
                    g,
                    b,
                )
            )
        index += length
    return Runs(starts, ends, keys, styles)


def read_objects(holder, count: int, form: bool) -> tuple[list[int], list[int]]:
    """The addresses (0 for none) and types of the ``count`` page objects of a page, or of a
    form object where ``form``."""
    if COMPILED is not None:
        address = ctypes.cast(holder, ctypes.c_void_p).value
        getter = _FORM_OBJECT_ADDRESS if form else _PAGE_OBJECT_ADDRESS
        addresses, types = COMPILED.objects(address, count, getter, _TYPE_ADDRESS, form)
        return memoryview(addresses).cast("Q").tolist(), memoryview(types).cast("i").tolist()
    get = raw.FPDFFormObj_GetObject if form else GET_PAGE_OBJECT
    handles = [get(holder, index) for index in range(count)]
    addresses = [ctypes.cast(handle, ctypes.c_void_p).value or 0 for handle in handles]
    types = [GET_OBJECT_TYPE(handle) if handle else 0 for handle in handles]
    return addresses, types


# What read_path gives of a path: nothing painted (), or whether it is stroked and filled, its
# stroke and fill colours, its stroke width in its own space, and its painted subpaths as
# (kind, x0, top, x1, bottom, points) with kind 0 a line, 1 a rect, 2 a curve (points only for
# a curve, in page space).
PathReading = tuple


def read_path(address: int, full: tuple[float, ...]) -> PathReading | None:
    """What pdfminer paints of the path object at ``address``, its points taken to page space by
    ``full``, in one C loop; None where the compiled helper is not built, or where the reading
    depends on what the Python one read before (a call of PDFium that failed)."""
    if COMPILED is None:
        return None
    return COMPILED.path(address, *full)


_BOUNDS_ADDRESS = ctypes.cast(_LIBRARY.FPDFPageObj_GetBounds, ctypes.c_void_p).value
_OBJECT_MATRIX_ADDRESS = ctypes.cast(_LIBRARY.FPDFPageObj_GetMatrix, ctypes.c_void_p).value

# What read_facts gives of a text object: (bounded, left, bottom, right, top, own matrix or
# None, font address or 0, font size, filled, red, green, blue).
ObjectFacts = tuple


def read_facts(addresses: list[int]) -> list[ObjectFacts] | None:
    """The bounds, own matrix, font, font size and fill colour of each text object at
    ``addresses``, in one C loop; None where the compiled helper is not built."""
    if COMPILED is None:
        return None
    return COMPILED.facts(
        array("Q", addresses).tobytes(),
        _BOUNDS_ADDRESS,
        _OBJECT_MATRIX_ADDRESS,
        _FONT_SIZE_ADDRESS,
        _FONT_ADDRESS,
        _FILL_ADDRESS,
    )
