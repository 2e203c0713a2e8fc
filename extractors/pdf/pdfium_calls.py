"""The PDFium calls made once or more per char or path segment, as cheap as they can be made.

The only module that reaches past pypdfium2's public API: its private ctypes bindings (for the
library handle), the bare function handles built on them, and the compiled char reader
(`_pdfium_chars.c`) that is handed PDFium's function addresses. Everything else of the PDFium
backend calls ``pypdfium2.raw`` or the names below.
"""

from __future__ import annotations

import ctypes
from itertools import repeat

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

# Bits of a char's flags.
GENERATED = 1  # PDFium generated the char: a space or line end the content does not draw
UNMAPPED = 2  # the font maps the char's code to no Unicode: PDFium's text is the code


def read_chars(text_page, count: int) -> tuple[list, list[float], list[float], bytes]:
    """Each char's text object, origin, and flags (GENERATED, UNMAPPED).

    The text object is its address, or None for a char PDFium generated between objects (a
    generated char within an object has that object's address). Four foreign calls per char:
    in one C loop where the compiled helper was built, else through ctypes, each call driven by
    map() so that no Python code runs per char.
    """
    if COMPILED is not None:
        address = ctypes.cast(text_page, ctypes.c_void_p).value
        objects, origins, flags = COMPILED.read(
            address, _OBJECT_ADDRESS, _ORIGIN_ADDRESS, _GENERATED_ADDRESS, _MAP_ERROR_ADDRESS, count
        )
        keys = [key or None for key in memoryview(objects).cast("Q").tolist()]
        values = memoryview(origins).cast("d").tolist()
        return keys, values[0::2], values[1::2], flags
    pages = repeat(text_page)
    keys = list(map(GET_TEXT_OBJECT, pages, range(count)))
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
    return keys, buffer[0::2], buffer[1::2], flags
