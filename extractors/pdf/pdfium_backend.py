"""The fast backend: PDFium (pypdfium2) primitives turned into the page model.

The reference backend is pdfplumber; this one must give the same page model, so it rebuilds
pdfminer's geometry from what PDFium reports instead of passing PDFium's own boxes through:

* a char's box is pdfminer's: the advance width by the font size, from the baseline plus the
  font's descent up by one font size, transformed by the char's matrix. PDFium's tight box hugs
  the glyph and its loose box is the union of that with the ascent..descent box, so the loose
  box gives the advance only where the glyph does not overhang it; elsewhere the font's own
  width for the char is asked, with the loose box as a last resort. The descent is pdfminer's
  (the font descriptor's), read from the font dictionaries.
* PDFium's marks for a line-end hyphen (code 2) become "-" again, and a char PDFium splits in
  two (a ligature, UTF-16 halves) is one char again.
* spaces PDFium synthesises between words and lines (generated chars) are dropped: pdfplumber
  gives only the chars the content stream has.
* the two reads every char needs (its text object and its origin) run in one C loop,
  `_pdfium_chars.c`, compiled at install; where it could not be compiled, ctypes makes the same
  calls one by one, several times slower.
* paths are split into subpaths and classed as pdfminer does (two points: a line; a closed
  axis-aligned four-sided loop: a rect; anything else: a curve with the end points of its
  segments), in the coordinates pdfplumber uses for rotated pages and shifted media boxes.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from functools import partial
from itertools import groupby, repeat
from operator import eq
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pypdfium2_raw.bindings as _bindings

from .collect import cycle_collection_paused
from .errors import PasswordRequired, PdfError
from .model import (
    CHAR_INDEX,
    RGB,
    BBox,
    Char,
    CharIndex,
    Curve,
    DocumentInfo,
    Image,
    Line,
    Page,
    Rect,
    char_index_of_runs,
)
from .render import render_region

NAME = "pdfium"

METADATA_KEYS = (
    "Title",
    "Author",
    "Subject",
    "Keywords",
    "Creator",
    "Producer",
    "CreationDate",
    "ModDate",
)

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


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


# The text object's address, or None for a char PDFium generated.
_GET_TEXT_OBJECT = _bare("FPDFText_GetTextObject", ctypes.c_void_p)
_GET_CHAR_ORIGIN = _bare("FPDFText_GetCharOrigin", None)  # the answer is not read
_GET_CHAR_MATRIX = _bare("FPDFText_GetMatrix", ctypes.c_int)
_GET_FONT_SIZE = _bare("FPDFTextObj_GetFontSize", ctypes.c_int)
_GET_FONT = _bare("FPDFTextObj_GetFont", ctypes.c_void_p)

try:
    from . import _pdfium_chars as _COMPILED  # built at install when a C compiler is at hand
except ImportError:
    _COMPILED = None
_OBJECT_ADDRESS = ctypes.cast(_LIBRARY.FPDFText_GetTextObject, ctypes.c_void_p).value
_ORIGIN_ADDRESS = ctypes.cast(_LIBRARY.FPDFText_GetCharOrigin, ctypes.c_void_p).value

# Below this a matrix entry counts as zero: the text runs along an axis.
AXIS_EPSILON = 1e-6
# The loose box's right edge is the advance only when it lies clear of the glyph's own box.
OVERHANG_EPSILON = 1e-3


def _multiply(first: Matrix, then: Matrix) -> Matrix:
    """The matrix applying ``first`` and then ``then`` (PDF row-vector convention)."""
    a, b, c, d, e, f = first
    A, B, C, D, E, F = then
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _font(name: str) -> str:
    # Subset prefixes ("CAAAAA+LiberationSans") differ between files and say nothing of the face.
    return name.split("+", 1)[1] if "+" in name[:8] else name


def _page_matrices(
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
    return device, _multiply(device, flip)


def _page_size(mediabox: tuple[float, float, float, float], rotation: int) -> tuple[float, float]:
    width = abs(mediabox[2] - mediabox[0])
    height = abs(mediabox[3] - mediabox[1])
    return (height, width) if rotation in (90, 270) else (width, height)


class PdfiumDocument:
    def __init__(self, path: Path, password: str | None = None):
        self.path = Path(path)
        self.password = password
        if not self.path.is_file():
            raise PdfError(f"cannot open the PDF (no such file: {self.path})")
        try:
            self._pdf = pdfium.PdfDocument(self.path, password=password)
        except pdfium.PdfiumError as error:
            raise _explain(error) from error
        except Exception as error:  # an unreadable path or file type
            raise PdfError(f"cannot open the PDF ({type(error).__name__}: {error})") from error
        self.info = DocumentInfo(pages=len(self._pdf), metadata=self._metadata())
        self._descents = _Descents(self.path, password)

    def _metadata(self) -> dict[str, str]:
        metadata: dict[str, str] = {}
        for key in METADATA_KEYS:
            tag = key.encode("ascii")
            size = raw.FPDF_GetMetaText(self._pdf.raw, tag, None, 0)
            if size <= 2:
                continue
            buffer = ctypes.create_string_buffer(size)
            raw.FPDF_GetMetaText(self._pdf.raw, tag, buffer, size)
            value = buffer.raw[: size - 2].decode("utf-16-le", "replace")
            if value:
                metadata[key] = value
        return metadata

    def page(self, number: int) -> Page:
        if not 1 <= number <= self.info.pages:
            raise IndexError(f"page {number} outside 1..{self.info.pages}")
        try:
            pdfium_page = self._pdf[number - 1]
        except pdfium.PdfiumError as error:
            raise PdfError(f"cannot read page {number} ({error})") from error
        try:
            with cycle_collection_paused():
                return self._convert(pdfium_page, number)
        finally:
            pdfium_page.close()

    def _convert(self, pdfium_page, number: int) -> Page:
        handle = pdfium_page.raw
        mediabox = tuple(float(v) for v in pdfium_page.get_mediabox())
        rotation = pdfium_page.get_rotation() % 360
        device, to_page = _page_matrices(mediabox, rotation)
        width, height = _page_size(mediabox, rotation)
        text_page = raw.FPDFText_LoadPage(handle)
        try:
            chars, index = (
                self._chars(text_page, number, device, to_page) if text_page else ((), None)
            )
        finally:
            if text_page:
                raw.FPDFText_ClosePage(text_page)
        graphics = _Graphics(to_page)
        graphics.walk(
            raw.FPDFPage_CountObjects(handle),
            partial(_GET_PAGE_OBJECT, handle),
            IDENTITY,
        )
        path, password = self.path, self.password
        images = tuple(
            Image(box, loader=lambda box=box: render_region(path, number, box, password))
            for box in graphics.images
        )
        return Page(
            number,
            width,
            height,
            chars,
            tuple(graphics.lines),
            tuple(graphics.rects),
            tuple(graphics.curves),
            images,
            memo={CHAR_INDEX: index} if index is not None else {},
        )

    # ------------------------------------------------------------------ chars

    def _chars(
        self, text_page, number: int, device: Matrix, to_page: Matrix
    ) -> tuple[tuple[Char, ...], CharIndex | None]:
        """The page's chars, and the index of them that the page would otherwise build."""
        count = raw.FPDFText_CountChars(text_page)
        if count <= 0:
            return (), None
        text = _page_text(text_page, count)
        if len(text) < count:
            # Every index is read below, a generated char's too: a short text is padded.
            text += "\ufffd" * (count - len(text))
        text = text[:count]
        keys, xs, ys = read_chars(text_page, count)
        runs = _Runs(text_page, device, to_page, self._descents.for_page(number))
        out: list[Char] = []
        start = 0
        # A text object's chars come as one run of indices, or as several where PDFium reorders
        # right-to-left text or puts a generated space among them.
        for key, indices in groupby(keys):
            end = start + len(list(indices))
            if key is not None:
                out += runs.chars(key, start, text[start:end], xs[start:end], ys[start:end])
            start = end
        return tuple(out), char_index_of_runs(runs.centres)

    def close(self) -> None:
        self._descents.close()
        self._pdf.close()


def read_chars(text_page, count: int) -> tuple[list, list[float], list[float]]:
    """Each char's text object (its address, or None for a char PDFium generated) and origin.

    Two foreign calls per char: in one C loop where the compiled helper was built, else through
    ctypes, each call driven by map() so that no Python code runs per char.
    """
    if _COMPILED is not None:
        address = ctypes.cast(text_page, ctypes.c_void_p).value
        objects, origins = _COMPILED.read(address, _OBJECT_ADDRESS, _ORIGIN_ADDRESS, count)
        keys = [key or None for key in memoryview(objects).cast("Q").tolist()]
        values = memoryview(origins).cast("d").tolist()
        return keys, values[0::2], values[1::2]
    pages = repeat(text_page)
    keys = list(map(_GET_TEXT_OBJECT, pages, range(count)))
    buffer = (ctypes.c_double * (2 * count))()
    list(
        map(
            _GET_CHAR_ORIGIN,
            pages,
            range(count),
            map(ctypes.byref, repeat(buffer), range(0, 16 * count, 16)),
            map(ctypes.byref, repeat(buffer), range(8, 16 * count, 16)),
        )
    )
    return keys, buffer[0::2], buffer[1::2]


class _Runs:
    """Turns the runs of one page's chars into Chars.

    What a char shares with its text object (font, size, colour, matrix, descent) is read once
    per object, and a char's advance once per font.
    """

    def __init__(self, text_page, device: Matrix, to_page: Matrix, descents: dict[str, float]):
        self.text_page = text_page
        self.to_page = to_page
        self.plain_page = tuple(to_page[:4]) == (1.0, 0.0, 0.0, -1.0)
        self.read_style = _StyleReader(text_page, device, descents).read
        self.styles: dict[int, _TextStyle] = {}
        # Advance widths per unit font size, by font handle and char, for this page.
        self.advances: dict[int, dict[str, float]] = {}
        # (vertical centre, chars, horizontal centres) of each run of chars built, for the index.
        self.centres: list[tuple[float, list[Char], list[float]]] = []

    def chars(self, key: int, start: int, text: str, xs: list[float], ys: list[float]) -> list:
        """The chars of the text object at address ``key`` found at indices ``start`` onwards."""
        style = self.styles.get(key)
        if style is None:
            style = self.styles[key] = self.read_style(start, key)
        advances = self.advances.get(style.font_key)
        if advances is None:
            advances = self.advances[style.font_key] = {}
        if (
            style.plain
            and self.plain_page
            and ys.count(ys[0]) == len(ys)
            and not any(map(eq, xs, xs[1:]))
            and "\ufffe" not in text
            and "\x02" not in text
        ):
            return self._straight(style, advances, start, text, xs, ys[0])
        return self._one_by_one(style, advances, start, text, xs, ys)

    def _straight(self, style, advances, start: int, text: str, xs: list[float], y: float) -> list:
        """Unrotated text on one baseline, a glyph per char: the common case, in bulk."""
        widths = list(map(advances.get, text))
        if None in widths:
            for offset, character in enumerate(text):
                if widths[offset] is None:
                    widths[offset] = self._advance(
                        advances, style, start + offset, character, xs[offset], y
                    )
        upper, lower = self._vertical(style, y)
        pe, a, size = self.to_page[4], style.a, style.size
        # The right edge as the char-by-char path computes it, to the last bit.
        boxes = [
            _new(BBox, (x + pe, upper, x + a * (w * size) + pe, lower))
            for x, w in zip(xs, widths, strict=True)
        ]
        shared = (repeat(style.font), repeat(lower - upper), repeat(style.fill))
        chars = list(map(_new, repeat(Char), zip(text, *shared, boxes, repeat(style.upright))))
        self.centres.append(((upper + lower) / 2, chars, [(b[0] + b[2]) / 2 for b in boxes]))
        return chars

    def _one_by_one(self, style, advances, start: int, text: str, xs, ys) -> list[Char]:
        """Any other run: turned text, marked hyphens, and glyphs that stand for several chars."""
        out: list[Char] = []
        previous = None
        straight = style.plain and self.plain_page
        for offset, character in enumerate(text):
            index = start + offset
            if character in "\ufffe\x02":
                # PDFium marks a line-end hyphen (code 2) and a glyph without Unicode so.
                code = raw.FPDFText_GetUnicode(self.text_page, index)
                character = "-" if code == 2 else "\ufffd"
            x, y = xs[offset], ys[offset]
            if out and (x, y) == previous:
                # One glyph that stands for several chars (a ligature, or a char beyond the BMP
                # in two UTF-16 halves): pdfminer keeps one char.
                last = out[-1]
                joined = _join(last.text + character)
                out[-1] = Char(joined, last.font, last.size, last.fill, last.bbox, last.upright)
                continue
            previous = (x, y)
            advance = self._advance(advances, style, index, character, x, y)
            if straight:
                upper, lower = self._vertical(style, y)
                pe = self.to_page[4]
                box = BBox(x + pe, upper, x + style.a * (advance * style.size) + pe, lower)
                out.append(
                    Char(character, style.font, lower - upper, style.fill, box, style.upright)
                )
            else:
                out.append(_turned_char(character, style, advance * style.size, x, y, self.to_page))
        self.centres += (
            ((b.top + b.bottom) / 2, [char], [(b.x0 + b.x1) / 2])
            for char in out
            for b in (char.bbox,)
        )
        return out

    def _advance(self, advances, style, index: int, character: str, x: float, y: float) -> float:
        advance = advances.get(character)
        if advance is None:
            advance = advances[character] = _measure(self.text_page, index, style, character, x, y)
        return advance

    def _vertical(self, style: _TextStyle, y: float) -> tuple[float, float]:
        """Top and bottom of upright text on baseline ``y``: pdfminer's box runs from the
        descent to the descent plus one font size."""
        upper = self.to_page[5] - (y + style.d * (style.descent + style.size))
        return upper, upper + style.d * ((style.descent + style.size) - style.descent)


# Boxes and chars are named tuples: tuple.__new__ builds one without the keyword handling of the
# generated constructor, which matters at thousands per page.
_new = tuple.__new__


def _turned_char(
    character: str, style: _TextStyle, adv: float, x: float, y: float, to_page: Matrix
) -> Char:
    """pdfminer's box, (0, descent)..(adv, descent + size) through the char's matrix."""
    a, b, c, d = style.a, style.b, style.c, style.d
    pa, pb, pc, pd, pe, pf = to_page
    y0 = style.descent
    y1 = y0 + style.size
    corners = (
        (x + c * y0, y + d * y0),
        (x + a * adv + c * y0, y + b * adv + d * y0),
        (x + c * y1, y + d * y1),
        (x + a * adv + c * y1, y + b * adv + d * y1),
    )
    xs = [pa * u + pc * v + pe for u, v in corners]
    ys = [pb * u + pd * v + pf for u, v in corners]
    box = BBox(min(xs), min(ys), max(xs), max(ys))
    size = box.height if not style.vertical else box.width
    return Char(character, style.font, size, style.fill, box, style.upright)


def _measure(text_page, index: int, style: _TextStyle, character: str, x, y) -> float:
    """The advance of the char at ``index`` per unit font size, from PDFium's boxes."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    loose = raw.FS_RECTF()
    raw.FPDFText_GetLooseCharBox(text_page, index, loose)
    raw.FPDFText_GetCharBox(text_page, index, left, right, bottom, top)
    return _advance(style, character, x, y, loose, left, right, bottom, top)


class _TextStyle:
    """What every char of one text object shares."""

    __slots__ = ("font", "font_key", "font_handle", "size", "scale", "descent", "fill")
    __slots__ += ("a", "b", "c", "d", "plain", "upright", "vertical")

    def __init__(self, font, font_key, font_handle, size, descent, fill, matrix, upright):
        self.font = font
        self.font_key = font_key
        self.font_handle = font_handle
        self.size = size
        self.scale = 1.0
        self.descent = descent
        self.fill = fill
        a, b, c, d = matrix
        self.a, self.b, self.c, self.d = a, b, c, d
        self.plain = a > 0 and d > 0 and b == 0 and c == 0
        self.upright = upright
        self.vertical = False


class _StyleReader:
    """Reads the style of a text object: a handful of PDFium calls, once per object."""

    def __init__(self, text_page, device: Matrix, descents: dict[str, float]):
        self.text_page = text_page
        self.device = device
        self.descents = descents
        # Font name and descent by font address; compared within one page only, as PDFium may
        # reuse an address later.
        self.fonts: dict[int, tuple[str, float, object]] = {}
        self.matrix = raw.FS_MATRIX()
        self.matrix_ref = ctypes.byref(self.matrix)
        self.size = ctypes.c_float()
        self.size_ref = ctypes.byref(self.size)
        self.rgba = tuple(ctypes.c_uint() for _ in range(4))
        self.rgba_refs = tuple(ctypes.byref(value) for value in self.rgba)

    def read(self, index: int, key: int) -> _TextStyle:
        """The style of the text object at address ``key``, which the char at ``index`` is of."""
        text_object = ctypes.c_void_p(key)
        matrix = self.matrix
        _GET_CHAR_MATRIX(self.text_page, index, self.matrix_ref)
        _GET_FONT_SIZE(text_object, self.size_ref)
        font_key = _GET_FONT(text_object) or 0
        known = self.fonts.get(font_key)
        if known is None:
            font = ctypes.cast(ctypes.c_void_p(font_key), raw.FPDF_FONT)
            name = _font_name(font) if font_key else ""
            descent = self.descents.get(_font(name))
            if descent is None:
                descent = _descent(font) if font_key else 0.0
            known = self.fonts[font_key] = (_font(name), descent, font)
        name, descent, font = known
        font_size = float(self.size.value) or 1.0
        r, g, b, _ = self.rgba
        fill = (
            (r.value / 255, g.value / 255, b.value / 255)
            if _GET_FILL_COLOUR(text_object, *self.rgba_refs)
            else None
        )
        a, b, c, d = (matrix.a, matrix.b, matrix.c, matrix.d)
        A, B, C, D = self.device[:4]
        da, db, dc, dd = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D)
        # pdfminer's test, on the char's matrix in its device space.
        upright = da * dd > 0 and db * dc <= 0
        return _TextStyle(
            name, font_key, font, font_size, descent * font_size, fill, (a, b, c, d), upright
        )


def _advance(style: _TextStyle, character: str, x, y, loose, left, right, bottom, top) -> float:
    """The char's advance per unit font size.

    Where the loose box reaches past the glyph, its far edge is the advance. Where the glyph
    overhangs its advance, the font's width for the char is asked instead, and trusted only if
    it fits inside the loose box.
    """
    a, b, c, d = style.a, style.b, style.c, style.d
    unit = style.size * style.scale
    if abs(b) < AXIS_EPSILON and abs(c) < AXIS_EPSILON and abs(a) > AXIS_EPSILON:
        edge, glyph, start, step = (
            (loose.right, right.value, x, a) if a > 0 else (loose.left, left.value, x, a)
        )
    elif abs(a) < AXIS_EPSILON and abs(d) < AXIS_EPSILON and abs(b) > AXIS_EPSILON:
        edge, glyph, start, step = (
            (loose.top, top.value, y, b) if b > 0 else (loose.bottom, bottom.value, y, b)
        )
    else:
        return _loose_advance(style, x, y, loose)
    from_loose = max(0.0, (edge - start) / (step * unit))
    if abs(edge - glyph) > OVERHANG_EPSILON:
        return from_loose
    width = _glyph_width(style.font_handle, character)
    if width is not None and 0.0 < width <= from_loose + OVERHANG_EPSILON:
        return width
    return from_loose


def _glyph_width(font, character: str) -> float | None:
    """The font's advance for ``character`` at size 1 (PDFium maps the char back to a code)."""
    if not font or len(character) != 1:
        return None
    width = ctypes.c_float()
    if not raw.FPDFFont_GetGlyphWidth(font, ord(character), 1.0, width):
        return None
    return float(width.value)


def _loose_advance(style: _TextStyle, x, y, loose) -> float:
    """The advance read off the loose box: too wide by any overhang, but never missing."""
    a, b = style.a, style.b
    unit = style.size * style.scale
    if abs(a) >= abs(b):
        edge = loose.right if a > 0 else loose.left
        return max(0.0, (edge - x) / (a * unit)) if a else 0.0
    edge = loose.top if b > 0 else loose.bottom
    return max(0.0, (edge - y) / (b * unit))


def _page_text(text_page, count: int) -> str:
    """Every char of the text page, one per index."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = raw.FPDFText_GetText(text_page, 0, count, buffer)
    text = bytes(buffer)[: max(0, written - 1) * 2].decode("utf-16-le", "replace")
    if len(text) == count:
        return text
    units = buffer[:count]
    if written - 1 == count and 0 not in units:
        # A char beyond the BMP: PDFium gives each UTF-16 half an index of its own, and the
        # decoding above paired them. Taken one unit per index, the text is what PDFium reports
        # char by char (a line-end hyphen reads U+FFFE here, code 2 there: both are asked).
        return "".join(map(chr, units))
    # Chars PDFium leaves out of its text make the indices drift.
    return "".join(_unicode(raw.FPDFText_GetUnicode(text_page, i)) for i in range(count))


def _join(text: str) -> str:
    """Mend UTF-16 halves into the one char they encode."""
    try:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeError:
        return text


def _unicode(code: int) -> str:
    try:
        return chr(code) if code else ""
    except (ValueError, OverflowError):
        return "\ufffd"


def _font_name(font) -> str:
    size = raw.FPDFFont_GetBaseFontName(font, None, 0)
    if size <= 1:
        return ""
    buffer = ctypes.create_string_buffer(size)
    raw.FPDFFont_GetBaseFontName(font, buffer, size)
    return buffer.value.decode("utf-8", "replace")


def _descent(font) -> float:
    """PDFium's descent per unit size, for a font whose dictionary could not be read."""
    if not font:
        return 0.0
    value = ctypes.c_float()
    if not raw.FPDFFont_GetDescent(font, 1.0, value):
        return 0.0
    return -abs(float(value.value))


class _Descents:
    """pdfminer's descent of each font of a page, by base font name (subset prefix dropped).

    pdfminer takes a font's descent from its descriptor alone (0 where the descriptor says
    nothing), PDFium falls back on the font program; the char boxes follow pdfminer, so the
    descriptors are read here with pdfminer's own font classes. Only the font dictionaries are
    read, never a content stream.
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
        except Exception:  # noqa: BLE001 - the PDFium descents stand in
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
        except Exception:  # noqa: BLE001 - a broken dictionary leaves PDFium's values
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
            # PDFium names a font without its subset prefix.
            out.setdefault(_font(str(name)), float(font.get_descent()))
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


# ---------------------------------------------------------------------------- graphics


class _Graphics:
    """Lines, rects, curves and images of a page, form XObjects included."""

    def __init__(self, to_page: Matrix):
        self.to_page = to_page
        self.lines: list[Line] = []
        self.rects: list[Rect] = []
        self.curves: list[Curve] = []
        self.images: list[BBox] = []
        # Out-parameters of the PDFium calls, made once per page rather than once per call.
        self._matrix = raw.FS_MATRIX()
        self._matrix_ref = ctypes.byref(self._matrix)
        self._ints = (ctypes.c_int(), ctypes.c_int())
        self._int_refs = tuple(ctypes.byref(value) for value in self._ints)
        self._floats = (ctypes.c_float(), ctypes.c_float())
        self._float_refs = tuple(ctypes.byref(value) for value in self._floats)
        self._rgba = tuple(ctypes.c_uint() for _ in range(4))
        self._rgba_refs = tuple(ctypes.byref(value) for value in self._rgba)

    def walk(self, count: int, get: Callable[[int], object], parent: Matrix) -> None:
        get_type = _GET_OBJECT_TYPE
        for index in range(count):
            page_object = get(index)
            if not page_object:
                continue
            kind = get_type(page_object)
            if kind == _PATH:
                self._path(page_object, _multiply(self._object_matrix(page_object), parent))
            elif kind == _IMAGE:
                self._image(_multiply(self._object_matrix(page_object), parent))
            elif kind == _FORM:
                form = page_object
                self.walk(
                    raw.FPDFFormObj_CountObjects(form),
                    lambda i, form=form: raw.FPDFFormObj_GetObject(form, i),
                    _multiply(self._object_matrix(form), parent),
                )

    def _object_matrix(self, page_object) -> Matrix:
        matrix = self._matrix
        if not _GET_OBJECT_MATRIX(page_object, self._matrix_ref):
            return IDENTITY
        return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)

    def _colour(self, getter, page_object) -> RGB | None:
        r, g, b, _ = self._rgba
        if not getter(page_object, *self._rgba_refs):
            return None
        return (r.value / 255, g.value / 255, b.value / 255)

    def _image(self, matrix: Matrix) -> None:
        full = _multiply(matrix, self.to_page)
        points = [_apply(full, u, v) for u, v in ((0, 0), (1, 0), (0, 1), (1, 1))]
        self.images.append(_bounds(points))

    def _path(self, path_object, matrix: Matrix) -> None:
        fill_mode, stroke = self._ints
        if not _GET_DRAW_MODE(path_object, *self._int_refs):
            return
        fill, stroked = fill_mode.value != 0, bool(stroke.value)
        if not fill and not stroked:
            return  # a clipping path: pdfminer paints nothing for it
        stroke_colour = self._colour(_GET_STROKE_COLOUR, path_object)
        fill_colour = self._colour(_GET_FILL_COLOUR, path_object)
        width = self._floats[0]
        _GET_STROKE_WIDTH(path_object, self._float_refs[0])
        width = float(width.value)
        full = _multiply(matrix, self.to_page)
        for shape, points in _subpaths(self._segments(path_object)):
            page_points = [_apply(full, x, y) for x, y in points]
            self._classify(
                shape,
                points,
                page_points,
                stroke_colour if stroked else None,
                fill_colour if fill else None,
                stroke_colour,
                width,
            )

    def _segments(self, path_object) -> list[tuple[str, tuple[float, float], bool]]:
        """The path as (operator, end point, closes) in pdfminer's letters: m, l, c."""
        out: list[tuple[str, tuple[float, float], bool]] = []
        append = out.append
        get_segment, get_kind, get_point, get_close = _SEGMENT_CALLS
        x, y = self._floats
        x_ref, y_ref = self._float_refs
        bezier = 0
        for index in range(_COUNT_SEGMENTS(path_object)):
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

    def _classify(self, shape, points, page_points, stroke, fill, line_colour, width) -> None:
        # pdfminer's rules (converter.PDFLayoutAnalyzer.paint_path), on untransformed points.
        if len(shape) > 3 and shape.endswith("lh") and points[-2] == points[0]:
            shape = shape[:-2] + "h"
            points = points[:-1]
            page_points = page_points[:-1]
        if shape in ("ml", "mlh"):
            self.lines.append(Line(_bounds(page_points[:2]), line_colour, width))
            return
        if shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
            closed = points[0] == points[4]
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
            )
            if closed and square:
                self.rects.append(Rect(_bounds([page_points[0], page_points[2]]), stroke, fill))
                return
        self.curves.append(Curve(_bounds(page_points), tuple(page_points), stroke, fill))


_PATH, _IMAGE, _FORM = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM
_MOVETO, _LINETO = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_LINETO
_BEZIERTO = raw.FPDF_SEGMENT_BEZIERTO
_GET_PAGE_OBJECT = _bare("FPDFPage_GetObject", raw.FPDF_PAGEOBJECT)
_GET_OBJECT_TYPE = _bare("FPDFPageObj_GetType", ctypes.c_int)
_GET_OBJECT_MATRIX = _bare("FPDFPageObj_GetMatrix", ctypes.c_int)
_GET_DRAW_MODE = _bare("FPDFPath_GetDrawMode", ctypes.c_int)
_GET_STROKE_COLOUR = _bare("FPDFPageObj_GetStrokeColor", ctypes.c_int)
_GET_FILL_COLOUR = _bare("FPDFPageObj_GetFillColor", ctypes.c_int)
_GET_STROKE_WIDTH = _bare("FPDFPageObj_GetStrokeWidth", ctypes.c_int)
_COUNT_SEGMENTS = _bare("FPDFPath_CountSegments", ctypes.c_int)
# A segment handle comes back as a pointer object, which the next calls take as it is.
_SEGMENT_CALLS = (
    _bare("FPDFPath_GetPathSegment", raw.FPDF_PATHSEGMENT),
    _bare("FPDFPathSegment_GetType", ctypes.c_int),
    _bare("FPDFPathSegment_GetPoint", ctypes.c_int),
    _bare("FPDFPathSegment_GetClose", ctypes.c_int),
)


def _subpaths(segments):
    """pdfminer's subpaths: each run from one "m" to the next, with "h" where a subpath closes."""
    if not segments or segments[0][0] != "m":
        return
    subpaths: list[tuple[list[str], list[tuple[float, float]]]] = []
    start = segments[0][1]
    for operator, point, closes in segments:
        if operator == "m":
            start = point
            subpaths.append(([], []))
        ops, points = subpaths[-1]
        ops.append(operator)
        points.append(point)
        if closes:
            ops.append("h")
            points.append(start)
    single = len(subpaths) == 1
    for ops, points in subpaths:
        # A bare "m" among several subpaths paints nothing in pdfminer.
        if len(ops) > 1 or single:
            yield "".join(ops), points


def _apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return (a * x + c * y + e, b * x + d * y + f)


def _bounds(points) -> BBox:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return BBox(min(xs), min(ys), max(xs), max(ys))


def _explain(error: Exception) -> PdfError:
    code = getattr(error, "err_code", None)
    if code == raw.FPDF_ERR_PASSWORD:
        return PasswordRequired("the PDF is encrypted: a password is needed (--password)")
    if code == raw.FPDF_ERR_FORMAT:
        return PdfError("not a readable PDF (damaged or not a PDF)")
    if code == raw.FPDF_ERR_FILE:
        return PdfError("cannot open the PDF (file not found or unreadable)")
    if code == raw.FPDF_ERR_SECURITY:
        return PdfError("cannot open the PDF (unsupported security scheme)")
    if code == raw.FPDF_ERR_SUCCESS:
        return PdfError("the PDF has no pages")
    text = str(error).strip().splitlines()[0] if str(error).strip() else "no detail"
    return PdfError(f"cannot open the PDF ({text})")
