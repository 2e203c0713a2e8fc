"""The chars of a PDFium page, with pdfminer's geometry and pdfplumber's text.

* a char's box is pdfminer's (see pdfminer_rules): the advance width by the font size, from the
  baseline plus the font's descent up by one font size, through the char's matrix. PDFium's
  tight box hugs the glyph and its loose box is the union of that with the ascent..descent box,
  so the loose box gives the advance only where the glyph does not overhang it; elsewhere the
  font's own width for the char is asked, with the loose box as a last resort.
* PDFium's marks for a line-end hyphen (code 2) become "-" again, and a glyph PDFium splits into
  several chars (a ligature, UTF-16 halves) is one char again, measured as the one glyph it is.
* the text is the content stream's, as pdfminer reads it: the spaces PDFium generates between
  words and lines are dropped, except where one stands in for a space glyph of the stream
  (PDFium folds a space that follows its own into it); and a text object PDFium's text page
  leaves out because its glyphs draw nothing (a browser writes each space on its own) is the
  space it draws (see PageChars.add_blank).
* a glyph its font maps to no Unicode reads "(cid:N)", as in pdfminer.
* the reads every char needs (its text object, its origin, its flags) run in one C loop (see
  pdfium_calls.read_chars).
"""

from __future__ import annotations

import ctypes
from functools import partial
from itertools import groupby, repeat
from math import hypot
from operator import eq

import pypdfium2.raw as raw

from .chartext import LIGATURE_OF, as_shown, has_surrogate, unmapped
from .matrix import Matrix, multiply
from .model import BBox, Char, CharIndex, char_index_of_runs
from .pdfium_calls import (
    GENERATED,
    GET_CHAR_MATRIX,
    GET_FILL_COLOUR,
    GET_FONT,
    GET_FONT_SIZE,
    UNMAPPED,
    read_chars,
)
from .pdfminer_rules import PageFonts, font_name, is_upright, turned_box, upright_extent

# Below this a matrix entry counts as zero: the text runs along an axis.
AXIS_EPSILON = 1e-6
# The loose box's right edge is the advance only when it lies clear of the glyph's own box.
OVERHANG_EPSILON = 1e-3
# A generated space whose next char starts further on than this (user units) stood in for a
# space glyph PDFium folded into it; where none was folded, the next char starts where it does.
FOLDED_SPACE_GAP = 1e-3
# Two text objects whose origins lie closer than this share of the font size across the text
# direction sit on one baseline.
SAME_BASELINE = 0.01
# A blank object of a font that is not embedded is a blank glyph where the next text object
# starts within this share of the font size of the glyph's width.
BLANK_ADVANCE = 0.1
# PDFium compares a text object with this many text objects before it for a repeat; the two
# boxes of one text drawn twice have the same extents within this (user units).
REPEAT_WINDOW = 5
SAME_EXTENT = 0.01
# A text object whose glyphs span less than this (user units) draws nothing: PDFium's text page
# leaves it out (its own threshold).
BLANK_OBJECT_WIDTH = 0.01


class PageChars:
    """Builds the chars of one page: those of its text page, then those of the text objects the
    text page leaves out, all in the order of the content (pdfminer's).

    ``device`` and ``to_page`` take user space to pdfminer's device space and to page space;
    ``fonts`` are what pdfminer makes of the page's fonts (pdfminer_rules.PdfminerPages).
    """

    def __init__(self, text_page, device: Matrix, to_page: Matrix, fonts: PageFonts):
        self.text_page = text_page
        self.to_page = to_page
        self.runs = _Runs(text_page, device, to_page, fonts)
        # The chars of each text object, and the runs they were built in (for the char index),
        # by its address; and the addresses in the order of the content.
        self.of_object: dict[int, list[Char]] = {}
        self.runs_of: dict[int, list] = {}
        self.order: list[int] = []
        # Text objects left out whose glyphs PDFium cannot place (a font it has no glyphs for).
        self.unplaced = 0

    def read_text_page(self) -> None:
        text_page = self.text_page
        count = raw.FPDFText_CountChars(text_page)
        if count <= 0:
            return
        text = _page_text(text_page, count)
        if len(text) < count:
            # Every index is read below, a generated char's too: a short text is padded.
            text += "\ufffd" * (count - len(text))
        text = text[:count]
        keys, xs, ys, flags = read_chars(text_page, count)
        runs, of_object, runs_of = self.runs, self.of_object, self.runs_of
        start = 0
        # A text object's chars come as one run of indices, or as several where PDFium reorders
        # right-to-left text or puts a generated space between two objects.
        for key, indices in groupby(keys):
            end = start + len(list(indices))
            if key is not None:
                if key in of_object:
                    runs.centres = runs_of[key]
                    of_object[key] += runs.chars(
                        key,
                        start,
                        text[start:end],
                        xs[start:end],
                        ys[start:end],
                        flags[start:end],
                    )
                else:
                    runs.centres = runs_of[key] = []
                    of_object[key] = runs.chars(
                        key,
                        start,
                        text[start:end],
                        xs[start:end],
                        ys[start:end],
                        flags[start:end],
                    )
            start = end

    def add_left_out(self, texts: list[tuple[object, Matrix]], matrix_of) -> None:
        """The chars of the text objects the text page left out, among ``texts`` (every text
        object of the page in content order, each with its form's matrix); ``matrix_of`` reads
        an object's own (text) matrix.

        PDFium's text page leaves out a text object whose glyphs draw nothing (see
        ``_Runs.blank``), and one that repeats one of the five text objects before it at about
        the same place (a word printed twice over for a bolder look); pdfminer reads both.
        """
        for position, (text_object, parent) in enumerate(texts):
            key = ctypes.cast(text_object, ctypes.c_void_p).value
            self.order.append(key)
            if key in self.of_object:
                continue
            self.runs.centres = self.runs_of[key] = []
            left, bottom, right, top = (ctypes.c_float() for _ in range(4))
            if not raw.FPDFPageObj_GetBounds(text_object, left, bottom, right, top):
                continue
            matrix = multiply(matrix_of(text_object), parent)
            if abs(right.value - left.value) < BLANK_OBJECT_WIDTH:
                following = None
                if position + 1 < len(texts) and texts[position + 1][1] == parent:
                    following = multiply(matrix_of(texts[position + 1][0]), parent)
                chars = self.runs.blank(text_object, matrix, following)
                if chars is None:
                    self.unplaced += 1
                    chars = []
            else:
                box = (left.value, bottom.value, right.value, top.value)
                chars = self._repeat(text_object, matrix, box, texts, position, matrix_of)
            self.of_object[key] = chars

    def _repeat(self, text_object, matrix, box, texts, position: int, matrix_of) -> list[Char]:
        """The chars of a text object that repeats an earlier one: that one's, moved by the
        distance between the two, in this one's colour.

        The earlier one is found as PDFium finds it: among the five text objects before it in
        the same content, one of the same font size whose box covers most of this one's.
        """
        parent = texts[position][1]
        earlier = [
            (other, other_parent)
            for other, other_parent in texts[max(0, position - REPEAT_WINDOW) : position]
            if other_parent == parent
        ]
        for other, _ in reversed(earlier):
            chars = self.of_object.get(ctypes.cast(other, ctypes.c_void_p).value)
            if chars and _repeats(other, box) and _same_size(other, text_object):
                origin = multiply(matrix_of(other), parent)
                return self.runs.moved(
                    chars, text_object, matrix, matrix[4] - origin[4], matrix[5] - origin[5]
                )
        return []

    def result(self) -> tuple[tuple[Char, ...], CharIndex | None]:
        """The page's chars, and the index of them that the page would otherwise build."""
        placed = set(self.order)
        order = self.order + [key for key in self.of_object if key not in placed]
        chars: list[Char] = []
        runs: list = []
        for key in order:
            found = self.of_object.get(key)
            if found:
                chars += found
                runs += self.runs_of[key]
        if not chars:
            return (), None
        return tuple(chars), char_index_of_runs(runs)


def _repeats(other, box: tuple[float, float, float, float]) -> bool:
    """Whether ``box`` could be text object ``other``'s drawn again: a box of the same size
    (the same glyphs) that meets it over at least half its width (PDFium's test)."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPageObj_GetBounds(other, left, bottom, right, top):
        return False
    width, height = box[2] - box[0], box[3] - box[1]
    if (
        abs((right.value - left.value) - width) > SAME_EXTENT
        or abs((top.value - bottom.value) - height) > SAME_EXTENT
    ):
        return False
    x0, y0 = max(left.value, box[0]), max(bottom.value, box[1])
    x1, y1 = min(right.value, box[2]), min(top.value, box[3])
    return x1 > x0 and y1 > y0 and abs((x1 - x0) - width) <= width / 2


def _same_size(first, second) -> bool:
    sizes = (ctypes.c_float(), ctypes.c_float())
    GET_FONT_SIZE(first, ctypes.byref(sizes[0]))
    GET_FONT_SIZE(second, ctypes.byref(sizes[1]))
    return sizes[0].value == sizes[1].value


class _TextStyle:
    """What every char of one text object shares."""

    __slots__ = ("font", "font_key", "font_handle", "pdfminer", "size", "descent", "fill")
    __slots__ += ("a", "b", "c", "d", "plain", "upright")

    def __init__(self, font, font_key, font_handle, pdfminer, size, descent, fill, matrix, upright):
        self.font = font
        self.font_key = font_key
        self.font_handle = font_handle
        self.pdfminer = pdfminer  # what pdfminer makes of the font, where it could read it
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
    per object, and a glyph's advance once per font.
    """

    def __init__(self, text_page, device: Matrix, to_page: Matrix, fonts: PageFonts):
        self.text_page = text_page
        self.to_page = to_page
        self.plain_page = tuple(to_page[:4]) == (1.0, 0.0, 0.0, -1.0)
        self.style_reader = _StyleReader(text_page, device, fonts)
        self.styles: dict[int, _TextStyle] = {}
        # Advance widths per unit font size, by font handle and glyph text, for this page.
        self.advances: dict[int, dict[str, float]] = {}
        # (vertical centre, chars, horizontal centres) of each run of chars built, for the index.
        self.centres: list[tuple[float, list[Char], list[float]]] = []

    def chars(
        self, key: int, start: int, text: str, xs: list[float], ys: list[float], flags: bytes
    ) -> list:
        """The chars of the text object at address ``key`` found at indices ``start`` onwards;
        ``flags`` are their pdfium_calls flags (GENERATED, UNMAPPED)."""
        style = self.styles.get(key)
        if style is None:
            style = self.styles[key] = self.style_reader.read(start, key)
        advances = self._advances(style)
        if (
            style.plain
            and self.plain_page
            and ys.count(ys[0]) == len(ys)
            and not any(map(eq, xs, xs[1:]))
            and flags.count(0) == len(flags)
            and "\ufffe" not in text
            and "\x02" not in text
            and not has_surrogate(text)
        ):
            return self._straight(style, advances, start, text, xs, ys[0])
        return self._one_by_one(style, advances, start, text, xs, ys, flags)

    def blank(self, text_object, matrix: Matrix, following: Matrix | None) -> list[Char] | None:
        """The blank char a blank text object (one the text page left out) stands for; None
        where the object may hold glyphs PDFium cannot place.

        A text object PDFium leaves out for drawing nothing holds blank glyphs where PDFium has
        the font's own program (embedded). A font it has not, it replaces by one of its own or
        the system's, which may lack the glyphs (a symbol, a CJK face): such an object is blank
        only where the ``following`` text object on its baseline starts a blank glyph's width
        on. The char is one of the font's blank glyphs as pdfminer reads it, with pdfminer's
        width: the one whose width is nearest that distance, else a space before the rest.
        """
        style = self.style_reader.read_object(text_object, matrix[:4])
        blanks = style.pdfminer.blanks() if style.pdfminer is not None else {}
        gap = _baseline_gap(style, matrix, following)
        embedded = raw.FPDFFont_GetIsEmbedded(style.font_handle) == 1
        if not embedded and (
            gap is None or all(abs(width - gap) > BLANK_ADVANCE for width in blanks.values())
        ):
            return None
        if not blanks:
            return []
        text = " " if " " in blanks else next(iter(blanks))
        if gap is not None and len(blanks) > 1:
            text = min(blanks, key=lambda blank: (abs(blanks[blank] - gap), blank != " "))
        straight = style.plain and self.plain_page
        char = self._char(style, text, blanks[text], matrix[4], matrix[5], straight)
        self._record((char,))
        return [char]

    def moved(self, chars: list[Char], text_object, matrix: Matrix, dx: float, dy: float):
        """``chars`` moved by (dx, dy) in user space, in the style of ``text_object``."""
        style = self.style_reader.read_object(text_object, matrix[:4])
        pa, pb, pc, pd = self.to_page[:4]
        shift_x, shift_y = pa * dx + pc * dy, pb * dx + pd * dy
        out = [
            Char(
                char.text,
                style.font,
                char.size,
                style.fill,
                BBox(b.x0 + shift_x, b.top + shift_y, b.x1 + shift_x, b.bottom + shift_y),
                char.upright,
            )
            for char in chars
            for b in (char.bbox,)
        ]
        self._record(out)
        return out

    def _advances(self, style: _TextStyle) -> dict[str, float]:
        advances = self.advances.get(style.font_key)
        if advances is None:
            advances = self.advances[style.font_key] = {}
        return advances

    def _straight(self, style, advances, start: int, text: str, xs: list[float], y: float) -> list:
        """Unrotated text on one baseline, a glyph per char: the common case, in bulk."""
        widths = list(map(advances.get, text))
        if None in widths:
            for offset, character in enumerate(text):
                if widths[offset] is None:
                    widths[offset] = self._advance(
                        advances, style, start + offset, start + offset, character, xs[offset], y
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

    def _one_by_one(self, style, advances, start: int, text: str, xs, ys, flags) -> list:
        """Any other run: turned text, marked hyphens, generated spaces, glyphs without
        Unicode, and glyphs that stand for several chars."""
        out: list[Char] = []
        straight = style.plain and self.plain_page
        count = len(text)
        offset = 0
        while offset < count:
            x, y = xs[offset], ys[offset]
            if flags[offset] & GENERATED:
                if text[offset] == " ":
                    advance = self._folded_space(style, advances, offset, xs, ys, flags)
                    if advance is not None:
                        out.append(self._char(style, " ", advance, x, y, straight))
                offset += 1
                continue
            # One glyph that stands for several chars (a ligature, or a char beyond the BMP in
            # two UTF-16 halves) comes as chars at one origin: pdfminer keeps one char.
            end = offset + 1
            while (
                end < count
                and not flags[end] & GENERATED
                and xs[end] == x
                and ys[end] == y
                and self._one_glyph(start + end - 1, start + end)
            ):
                end += 1
            glyph = "".join(
                unmapped(ord(text[i]))
                if flags[i] & UNMAPPED
                else self._unmarked(style, start + i, text[i])
                for i in range(offset, end)
            )
            # Two UTF-16 halves at one origin are one char; a half alone is none.
            glyph = as_shown(_join(glyph) if end - offset > 1 else glyph)
            advance = self._advance(advances, style, start + offset, start + end - 1, glyph, x, y)
            out.append(self._char(style, glyph, advance, x, y, straight))
            offset = end
        self._record(out)
        return out

    def _one_glyph(self, first: int, then: int) -> bool:
        """Whether chars ``first`` and ``then``, which share an origin, are of one glyph.

        PDFium gives each char of one glyph the glyph's box, or a share of it side by side
        (a ligature split into its letters); two glyphs drawn at one point (a zero-width space
        before a letter) have boxes of their own.
        """
        before, after = _char_box(self.text_page, first), _char_box(self.text_page, then)
        if before == after:
            return True
        left, right, bottom, top = before
        return (
            abs(after[0] - right) <= OVERHANG_EPSILON
            and abs(after[2] - bottom) <= OVERHANG_EPSILON
            and abs(after[3] - top) <= OVERHANG_EPSILON
        )

    def _unmarked(self, style: _TextStyle, index: int, character: str) -> str:
        if character in "\ufffe\x02":
            # PDFium marks a line-end hyphen (code 2) and a glyph without Unicode so. The hyphen
            # was a hyphen-minus or a soft hyphen: the one the font maps.
            if raw.FPDFText_GetUnicode(self.text_page, index) != 2:
                return "\ufffd"
            soft = style.pdfminer is not None and style.pdfminer.maps("\xad")
            return "\xad" if soft and not style.pdfminer.maps("-") else "-"
        return character

    def _folded_space(self, style, advances, offset: int, xs, ys, flags) -> float | None:
        """The advance of the space glyph a generated space at ``offset`` stands in for, or
        None where it stands for no glyph (kerning PDFium reads as a word gap).

        PDFium gives a space it generates within a text object the origin of the glyph that
        follows; where that glyph is a space, PDFium folds it into its own, and the next char
        it keeps starts a space further on.
        """
        following = next((i for i in range(offset + 1, len(xs)) if not flags[i] & GENERATED), None)
        if following is None:
            return None
        direction = hypot(style.a, style.b) or 1.0
        along = (
            (xs[following] - xs[offset]) * style.a + (ys[following] - ys[offset]) * style.b
        ) / direction
        if along <= FOLDED_SPACE_GAP:
            return None
        advance = advances.get(" ")
        if advance is None:
            width = _glyph_width(style.font_handle, " ")
            if width is not None and 0.0 < width <= along / (style.size * direction):
                advance = advances[" "] = width
            else:
                return along / (style.size * direction)
        return advance

    def _char(self, style: _TextStyle, text: str, advance: float, x, y, straight: bool) -> Char:
        if straight:
            upper, lower = upright_extent(self.to_page[5], style.d, style.descent, style.size, y)
            pe = self.to_page[4]
            box = BBox(x + pe, upper, x + style.a * (advance * style.size) + pe, lower)
            return Char(text, style.font, lower - upper, style.fill, box, style.upright)
        matrix = (style.a, style.b, style.c, style.d)
        box = turned_box(
            matrix, style.descent, style.size, advance * style.size, x, y, self.to_page
        )
        return Char(text, style.font, box.height, style.fill, box, style.upright)

    def _record(self, chars) -> None:
        self.centres += (
            ((b.top + b.bottom) / 2, [char], [(b.x0 + b.x1) / 2])
            for char in chars
            for b in (char.bbox,)
        )

    def _advance(
        self, advances, style, first: int, last: int, glyph: str, x: float, y: float
    ) -> float:
        """The advance of the glyph at indices ``first``..``last`` that reads ``glyph``.

        A glyph PDFium splits into several chars (a ligature) has no box of its own in PDFium:
        its advance is pdfminer's width for the code that reads so, where there is one.
        """
        advance = advances.get(glyph)
        if advance is None:
            if last > first and style.pdfminer is not None:
                advance = style.pdfminer.width_of(LIGATURE_OF.get(glyph, glyph))
                if advance is None and glyph in LIGATURE_OF:
                    advance = style.pdfminer.width_of(glyph)
            if advance is None or not advance > 0.0:
                advance = _measure(self.text_page, first, last, style, glyph, x, y)
            advances[glyph] = advance
        return advance


def _measure(text_page, first: int, last: int, style: _TextStyle, glyph: str, x, y) -> float:
    """The advance per unit font size of the glyph at indices ``first``..``last``, from PDFium's
    boxes: where PDFium splits a glyph into several chars it splits the boxes too, and their
    union is the glyph's."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    loose = raw.FS_RECTF()
    raw.FPDFText_GetLooseCharBox(text_page, first, loose)
    raw.FPDFText_GetCharBox(text_page, first, left, right, bottom, top)
    edges = [loose.left, loose.right, loose.bottom, loose.top]
    glyph_box = [left.value, right.value, bottom.value, top.value]
    for index in range(first + 1, last + 1):
        raw.FPDFText_GetLooseCharBox(text_page, index, loose)
        raw.FPDFText_GetCharBox(text_page, index, left, right, bottom, top)
        edges = [
            min(edges[0], loose.left),
            max(edges[1], loose.right),
            min(edges[2], loose.bottom),
            max(edges[3], loose.top),
        ]
        glyph_box = [
            min(glyph_box[0], left.value),
            max(glyph_box[1], right.value),
            min(glyph_box[2], bottom.value),
            max(glyph_box[3], top.value),
        ]
    return _advance_from_boxes(style, glyph, x, y, edges, glyph_box)


def _baseline_gap(style: _TextStyle, matrix: Matrix, following: Matrix | None) -> float | None:
    """How far on (per unit font size) the ``following`` text object starts along the text
    direction of one at ``matrix``, if it starts on the same baseline."""
    if following is None:
        return None
    dx, dy = following[4] - matrix[4], following[5] - matrix[5]
    norm = hypot(style.a, style.b)
    if not norm:
        return None
    along = (dx * style.a + dy * style.b) / norm
    across = (dy * style.a - dx * style.b) / norm
    if along < 0 or abs(across) > SAME_BASELINE * style.size * norm:
        return None
    return along / (style.size * norm)


def _char_box(text_page, index: int) -> tuple[float, float, float, float]:
    """PDFium's tight box of a char: left, right, bottom, top."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    raw.FPDFText_GetCharBox(text_page, index, left, right, bottom, top)
    return left.value, right.value, bottom.value, top.value


class _StyleReader:
    """Reads the style of a text object: a handful of PDFium calls, once per object."""

    def __init__(self, text_page, device: Matrix, fonts: PageFonts):
        self.text_page = text_page
        self.device = device
        self.pdfminer_fonts = fonts
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
        matrix = self.matrix
        GET_CHAR_MATRIX(self.text_page, index, self.matrix_ref)
        return self._style(ctypes.c_void_p(key), (matrix.a, matrix.b, matrix.c, matrix.d))

    def read_object(self, text_object, matrix: tuple[float, float, float, float]) -> _TextStyle:
        """The style of a text object its chars are placed by ``matrix`` (a, b, c, d)."""
        return self._style(text_object, matrix)

    def _style(self, text_object, char_matrix: tuple[float, float, float, float]) -> _TextStyle:
        GET_FONT_SIZE(text_object, self.size_ref)
        font_key = GET_FONT(text_object) or 0
        known = self.fonts.get(font_key)
        if known is None:
            font = ctypes.cast(ctypes.c_void_p(font_key), raw.FPDF_FONT)
            base = _font_name(font) if font_key else ""
            own_descent = _descent(font) if font_key else 0.0
            pdfminer = self.pdfminer_fonts.find(base, own_descent, partial(_glyph_width, font))
            if pdfminer is not None:
                name, descent = pdfminer.name, pdfminer.descent
            else:
                name, descent = font_name(base), own_descent
            known = self.fonts[font_key] = (name, descent, font, pdfminer)
        name, descent, font, pdfminer = known
        font_size = float(self.size.value) or 1.0
        r, g, b, _ = self.rgba
        fill = (
            (r.value / 255, g.value / 255, b.value / 255)
            if GET_FILL_COLOUR(text_object, *self.rgba_refs)
            else None
        )
        upright = is_upright(char_matrix, self.device)
        return _TextStyle(
            name,
            font_key,
            font,
            pdfminer,
            font_size,
            descent * font_size,
            fill,
            char_matrix,
            upright,
        )


def _advance_from_boxes(style: _TextStyle, glyph: str, x, y, loose, tight) -> float:
    """The glyph's advance per unit font size.

    ``loose`` and ``tight`` are PDFium's loose and tight boxes of the glyph (left, right,
    bottom, top). Where the loose box reaches past the glyph, its far edge is the advance. Where
    the glyph overhangs its advance, the font's width for the glyph is asked instead, and
    trusted only if it fits inside the loose box.
    """
    a, b, c, d = style.a, style.b, style.c, style.d
    unit = style.size
    if abs(b) < AXIS_EPSILON and abs(c) < AXIS_EPSILON and abs(a) > AXIS_EPSILON:
        edge, glyph_edge, start, step = (
            (loose[1], tight[1], x, a) if a > 0 else (loose[0], tight[0], x, a)
        )
    elif abs(a) < AXIS_EPSILON and abs(d) < AXIS_EPSILON and abs(b) > AXIS_EPSILON:
        edge, glyph_edge, start, step = (
            (loose[3], tight[3], y, b) if b > 0 else (loose[2], tight[2], y, b)
        )
    else:
        # Turned text: the loose box is the turned advance box's bounds, too wide; the font's
        # own width is asked first, and trusted where the loose box holds it.
        from_loose = _loose_advance(style, x, y, loose)
        width = _glyph_width(style.font_handle, glyph)
        if width is not None and 0.0 < width <= from_loose + OVERHANG_EPSILON:
            return width
        return from_loose
    from_loose = max(0.0, (edge - start) / (step * unit))
    if abs(edge - glyph_edge) > OVERHANG_EPSILON:
        return from_loose
    width = _glyph_width(style.font_handle, glyph)
    if width is not None and 0.0 < width <= from_loose + OVERHANG_EPSILON:
        return width
    return from_loose


def _glyph_width(font, glyph: str) -> float | None:
    """The font's advance for the glyph that reads ``glyph``, at size 1: PDFium maps one char
    back to a code, and letters a ligature stands for to the ligature's."""
    if len(glyph) != 1:
        glyph = LIGATURE_OF.get(glyph, "")
    if not font or len(glyph) != 1:
        return None
    width = ctypes.c_float()
    if not raw.FPDFFont_GetGlyphWidth(font, ord(glyph), 1.0, width):
        return None
    return float(width.value)


def _loose_advance(style: _TextStyle, x, y, loose) -> float:
    """The advance read off the loose box: too wide by any overhang, but never missing."""
    a, b = style.a, style.b
    unit = style.size
    if abs(a) >= abs(b):
        edge = loose[1] if a > 0 else loose[0]
        return max(0.0, (edge - x) / (a * unit)) if a else 0.0
    edge = loose[3] if b > 0 else loose[2]
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
