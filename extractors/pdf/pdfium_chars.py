"""The chars of a PDFium text page, with pdfminer's geometry.

* a char's box is pdfminer's (see pdfminer_rules): the advance width by the font size, from the
  baseline plus the font's descent up by one font size, through the char's matrix. PDFium's
  tight box hugs the glyph and its loose box is the union of that with the ascent..descent box,
  so the loose box gives the advance only where the glyph does not overhang it; elsewhere the
  font's own width for the char is asked, with the loose box as a last resort.
* PDFium's marks for a line-end hyphen (code 2) become "-" again, and a char PDFium splits in
  two (a ligature, UTF-16 halves) is one char again.
* spaces PDFium synthesises between words and lines (generated chars) are dropped: pdfplumber
  gives only the chars the content stream has.
* the two reads every char needs (its text object and its origin) run in one C loop (see
  pdfium_calls.read_chars).
"""

from __future__ import annotations

import ctypes
from itertools import groupby, repeat
from operator import eq

import pypdfium2.raw as raw

from .matrix import Matrix
from .model import BBox, Char, CharIndex, char_index_of_runs
from .pdfium_calls import (
    GET_CHAR_MATRIX,
    GET_FILL_COLOUR,
    GET_FONT,
    GET_FONT_SIZE,
    read_chars,
)
from .pdfminer_rules import font_name, is_upright, turned_box, upright_extent

# Below this a matrix entry counts as zero: the text runs along an axis.
AXIS_EPSILON = 1e-6
# The loose box's right edge is the advance only when it lies clear of the glyph's own box.
OVERHANG_EPSILON = 1e-3


def page_chars(
    text_page, device: Matrix, to_page: Matrix, descents: dict[str, float]
) -> tuple[tuple[Char, ...], CharIndex | None]:
    """The page's chars, and the index of them that the page would otherwise build.

    ``device`` and ``to_page`` take user space to pdfminer's device space and to page space;
    ``descents`` are pdfminer's font descents by font name (see pdfminer_rules.FontDescents).
    """
    count = raw.FPDFText_CountChars(text_page)
    if count <= 0:
        return (), None
    text = _page_text(text_page, count)
    if len(text) < count:
        # Every index is read below, a generated char's too: a short text is padded.
        text += "\ufffd" * (count - len(text))
    text = text[:count]
    keys, xs, ys = read_chars(text_page, count)
    runs = _Runs(text_page, device, to_page, descents)
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


class _TextStyle:
    """What every char of one text object shares."""

    __slots__ = ("font", "font_key", "font_handle", "size", "descent", "fill")
    __slots__ += ("a", "b", "c", "d", "plain", "upright")

    def __init__(self, font, font_key, font_handle, size, descent, fill, matrix, upright):
        self.font = font
        self.font_key = font_key
        self.font_handle = font_handle
        self.size = size
        self.descent = descent
        self.fill = fill
        a, b, c, d = matrix
        self.a, self.b, self.c, self.d = a, b, c, d
        self.plain = a > 0 and d > 0 and b == 0 and c == 0
        self.upright = upright


# Boxes and chars are named tuples: tuple.__new__ builds one without the keyword handling of the
# generated constructor, which matters at thousands per page.
_new = tuple.__new__


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
        upper, lower = upright_extent(self.to_page[5], style.d, style.descent, style.size, y)
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
        matrix = (style.a, style.b, style.c, style.d)
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
                upper, lower = upright_extent(
                    self.to_page[5], style.d, style.descent, style.size, y
                )
                pe = self.to_page[4]
                box = BBox(x + pe, upper, x + style.a * (advance * style.size) + pe, lower)
                out.append(
                    Char(character, style.font, lower - upper, style.fill, box, style.upright)
                )
            else:
                box = turned_box(
                    matrix, style.descent, style.size, advance * style.size, x, y, self.to_page
                )
                out.append(Char(character, style.font, box.height, style.fill, box, style.upright))
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


def _measure(text_page, index: int, style: _TextStyle, character: str, x, y) -> float:
    """The advance of the char at ``index`` per unit font size, from PDFium's boxes."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    loose = raw.FS_RECTF()
    raw.FPDFText_GetLooseCharBox(text_page, index, loose)
    raw.FPDFText_GetCharBox(text_page, index, left, right, bottom, top)
    return _advance(style, character, x, y, loose, left, right, bottom, top)


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
        GET_CHAR_MATRIX(self.text_page, index, self.matrix_ref)
        GET_FONT_SIZE(text_object, self.size_ref)
        font_key = GET_FONT(text_object) or 0
        known = self.fonts.get(font_key)
        if known is None:
            font = ctypes.cast(ctypes.c_void_p(font_key), raw.FPDF_FONT)
            name = _font_name(font) if font_key else ""
            descent = self.descents.get(font_name(name))
            if descent is None:
                descent = _descent(font) if font_key else 0.0
            known = self.fonts[font_key] = (font_name(name), descent, font)
        name, descent, font = known
        font_size = float(self.size.value) or 1.0
        r, g, b, _ = self.rgba
        fill = (
            (r.value / 255, g.value / 255, b.value / 255)
            if GET_FILL_COLOUR(text_object, *self.rgba_refs)
            else None
        )
        char_matrix = (matrix.a, matrix.b, matrix.c, matrix.d)
        upright = is_upright(char_matrix, self.device)
        return _TextStyle(
            name, font_key, font, font_size, descent * font_size, fill, char_matrix, upright
        )


def _advance(style: _TextStyle, character: str, x, y, loose, left, right, bottom, top) -> float:
    """The char's advance per unit font size.

    Where the loose box reaches past the glyph, its far edge is the advance. Where the glyph
    overhangs its advance, the font's width for the char is asked instead, and trusted only if
    it fits inside the loose box.
    """
    a, b, c, d = style.a, style.b, style.c, style.d
    unit = style.size
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
    unit = style.size
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
