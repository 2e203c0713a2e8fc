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
  space it draws (see _Runs.blank); one it leaves out as a repeat of another is that one again.
* a glyph its font maps to no Unicode reads "(cid:N)", as in pdfminer.
* the reads every char needs (its text object, its origin, its flags) run in one C loop (see
  pdfium_calls.read_chars).
"""

from __future__ import annotations

import ctypes
from collections import Counter
from collections.abc import Callable
from functools import partial
from itertools import repeat
from math import hypot
from operator import eq, itemgetter

import pypdfium2.raw as raw

from . import pdfium_calls
from .chartext import LIGATURE_OF, as_shown, has_surrogate, unmapped
from .matrix import IDENTITY, Matrix, multiply
from .model import BBox, Char, CharIndex, char_index_of_runs
from .pdfium_calls import (
    GENERATED,
    GET_BOUNDS,
    GET_FILL_COLOUR,
    GET_FONT,
    GET_FONT_SIZE,
    UNMAPPED,
    read_chars,
    read_facts,
    read_runs,
)
from .pdfminer_rules import (
    PageFonts,
    PdfminerFont,
    font_name,
    is_upright,
    turned_box,
    upright_extent,
)

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
    ``fonts`` are what pdfminer makes of the page's fonts (pdfminer_rules.PdfminerPages);
    ``texts`` are the page's text objects (address, form matrix) in content order.

    A browser writes a text object per glyph: what a char shares with its object is read for
    all objects at once (pdfium_calls.read_runs), styles are kept by value, and the chars of
    text objects that follow one another in the content on one baseline in one style are
    built together, so that no step costs more per text object than per run of chars.
    """

    def __init__(
        self,
        text_page,
        device: Matrix,
        to_page: Matrix,
        fonts: PageFonts,
        texts: list[tuple[int, Matrix]],
    ):
        self.text_page = text_page
        self.to_page = to_page
        self.runs = _Runs(text_page, device, to_page, fonts)
        self.texts = texts
        # An address met twice keeps its last position, as in a loop over the objects.
        self.position = dict(zip(map(itemgetter(0), texts), range(len(texts)), strict=True))
        # What was built, in the order built: (content position, chars, their runs for the
        # char index, the text objects they are of with how many chars each).
        self.pieces: list[tuple[int, list[Char], list, list[tuple[int, int]]]] = []
        self.read: set[int] = set()  # the text objects the text page holds chars of
        self._of_object: dict[int, list[Char]] | None = None
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
        objects, xs, ys, flags = read_chars(text_page, count)
        found = read_runs(text_page, objects)
        self.read = set(found.keys)
        runs, pieces = self.runs, self.pieces
        styles = runs.styles_of(found.styles)
        # An object the walk did not meet (none should be) goes after all it met.
        outside = len(self.texts)
        positions = [
            outside if position is None else position
            for position in map(self.position.get, found.keys)
        ]
        # An object whose chars come in several runs (PDFium reorders right-to-left text) is
        # built run by run, its runs kept together in the content's order.
        split = len(self.read) < len(found.keys)
        repeated = {key for key, n in Counter(found.keys).items() if n > 1} if split else set()
        plain_page = runs.plain_page
        batch: _Batch | None = None
        for run, (start, end) in enumerate(zip(found.starts, found.ends, strict=True)):
            style, key, position = styles[run], found.keys[run], positions[run]
            piece_text = text[start:end]
            if (
                plain_page
                and style.plain
                and key not in repeated
                and position != outside
                and _simple(piece_text, xs, ys, flags, start, end)
            ):
                y = ys[start]
                if (
                    batch is not None
                    and batch.style is style
                    and batch.y == y
                    and position == batch.last_position + 1
                    and xs[start] != batch.xs[-1]
                ):
                    batch.add(key, position, range(start, end), piece_text, xs[start:end])
                    continue
                if batch is not None:
                    pieces.append(batch.build(runs))
                batch = _Batch(
                    style, y, key, position, range(start, end), piece_text, xs[start:end]
                )
                continue
            if batch is not None:
                pieces.append(batch.build(runs))
                batch = None
            chars, centres = runs.one_by_one(
                style, start, piece_text, xs[start:end], ys[start:end], flags[start:end]
            )
            pieces.append((position, chars, centres, [(key, len(chars))]))
        if batch is not None:
            pieces.append(batch.build(runs))

    def add_left_out(self, matrix_of) -> None:
        """The chars of the text objects the text page left out; ``matrix_of`` reads an
        object's own (text) matrix.

        PDFium's text page leaves out a text object whose glyphs draw nothing (see
        ``_Runs.blank``), and one that repeats one of the five text objects before it at about
        the same place (a word printed twice over for a bolder look); pdfminer reads both.
        """
        texts, read = self.texts, self.read
        left, bottom, right, top = bounds = tuple(ctypes.c_float() for _ in range(4))
        refs = tuple(map(ctypes.byref, bounds))
        if len(self.position) == len(texts):
            # Each object once: those left out found by set difference, not one by one (a
            # browser's page has thousands of text objects and leaves out a few).
            positions = sorted(map(self.position.__getitem__, self.position.keys() - read))
        else:
            positions = [i for i, (address, _) in enumerate(texts) if address not in read]
        # What each object left out is, read for all of them in one C loop where it is built.
        facts = read_facts([texts[position][0] for position in positions])
        for number, position in enumerate(positions):
            address, parent = texts[position]
            text_object = ctypes.cast(address, raw.FPDF_PAGEOBJECT)
            reading = None
            if facts is not None:
                bounded, x0, y0, x1, y1, own, font, size, filled, *rgb = facts[number]
                if not bounded:
                    continue
                matrix = multiply(own or IDENTITY, parent)
                box = (x0, y0, x1, y1)
                reading = (font, size, *matrix[:4], *((1, *rgb) if filled else (0, 0, 0, 0)))
            else:
                if not GET_BOUNDS(text_object, *refs):
                    continue
                matrix = multiply(matrix_of(text_object), parent)
                box = (left.value, bottom.value, right.value, top.value)
            if abs(box[2] - box[0]) < BLANK_OBJECT_WIDTH:

                def following(position=position, parent=parent) -> Matrix | None:
                    if position + 1 < len(texts) and texts[position + 1][1] == parent:
                        return multiply(matrix_of(ctypes.c_void_p(texts[position + 1][0])), parent)
                    return None

                built = self.runs.blank(text_object, matrix, following, reading)
                if built is None:
                    self.unplaced += 1
                    continue
            else:
                built = self._repeat(text_object, matrix, box, position, matrix_of)
            if built is not None:
                chars, centres = built
                self.pieces.append((position, chars, centres, [(address, len(chars))]))
                if self._of_object is not None:
                    self._of_object.setdefault(address, []).extend(chars)

    def _repeat(self, text_object, matrix, box, position: int, matrix_of):
        """The chars (and their runs) of a text object that repeats an earlier one: that
        one's, moved by the distance between the two, in this one's colour.

        The earlier one is found as PDFium finds it: among the five text objects before it in
        the same content, one of the same font size whose box covers most of this one's.
        """
        parent = self.texts[position][1]
        of_object = self._chars_of_objects()
        for address, other_parent in reversed(
            self.texts[max(0, position - REPEAT_WINDOW) : position]
        ):
            if other_parent != parent:
                continue
            other = ctypes.cast(address, raw.FPDF_PAGEOBJECT)
            chars = of_object.get(address)
            if chars and _repeats(other, box) and _same_size(other, text_object):
                origin = multiply(matrix_of(other), parent)
                return self.runs.moved(
                    chars, text_object, matrix, matrix[4] - origin[4], matrix[5] - origin[5]
                )
        return None

    def _chars_of_objects(self) -> dict[int, list[Char]]:
        if self._of_object is None:
            self._of_object = {}
            for _, chars, _, members in self.pieces:
                offset = 0
                for address, count in members:
                    self._of_object.setdefault(address, []).extend(chars[offset : offset + count])
                    offset += count
        return self._of_object

    def result(self) -> tuple[tuple[Char, ...], CharIndex | None]:
        """The page's chars, and the index of them that the page would otherwise build."""
        chars: list[Char] = []
        runs: list = []
        for _, found, centres, _ in sorted(self.pieces, key=itemgetter(0)):
            chars += found
            runs += centres
        if not chars:
            return (), None
        return tuple(chars), char_index_of_runs(runs)


_SPECIAL = frozenset("\ufffe\x02")


def _simple(text: str, xs, ys, flags, start: int, end: int) -> bool:
    """Whether the run start..end is one of plain glyphs on one baseline, side by side: no
    generated or unmapped char, no mark, no UTF-16 half, no two glyphs at one origin."""
    if end - start == 1:
        return not flags[start] and text not in _SPECIAL and not has_surrogate(text)
    run_flags = flags[start:end]
    return (
        run_flags.count(0) == len(run_flags)
        and ys[start:end].count(ys[start]) == end - start
        and not any(map(eq, xs[start : end - 1], xs[start + 1 : end]))
        and "\ufffe" not in text
        and "\x02" not in text
        and not has_surrogate(text)
    )


class _Batch:
    """Runs of plain glyphs, of text objects that follow one another in the content, on one
    baseline in one style: built as one."""

    __slots__ = ("style", "y", "position", "last_position", "indices", "texts", "xs", "members")

    def __init__(self, style, y: float, key: int, position: int, indices, text: str, xs):
        self.style, self.y = style, y
        self.position = self.last_position = position
        self.indices: list[int] = list(indices)
        self.texts = [text]
        self.xs: list[float] = xs
        self.members = [(key, len(text))]

    def add(self, key: int, position: int, indices, text: str, xs) -> None:
        self.last_position = position
        self.indices += indices
        self.texts.append(text)
        self.xs += xs
        self.members.append((key, len(text)))

    def build(self, runs: _Runs):
        chars, centre = runs.straight(
            self.style, self.indices, "".join(self.texts), self.xs, self.y
        )
        return (self.position, chars, [centre], self.members)


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
        # Styles by what read_runs reads of a text object (font, size, matrix, fill).
        self.styles: dict[tuple, _TextStyle] = {}
        # Advance widths per unit font size, by font handle and glyph text, for this page; and
        # whether a font is embedded.
        self.advances: dict[int, dict[str, float]] = {}
        self.embedded: dict[int, bool] = {}

    def styles_of(self, values: list[tuple]) -> list[_TextStyle]:
        """The style of each run, from what read_runs read of its text object, one style
        object for each distinct reading."""
        cache = self.styles
        found = list(map(cache.get, values))
        if None in found:
            build = self.style_reader.style
            for position, style in enumerate(found):
                if style is None:
                    key = values[position]
                    style = cache.get(key)
                    if style is None:
                        style = cache[key] = build(key)
                    found[position] = style
        return found

    def object_style(self, text_object, matrix: Matrix, reading: tuple | None = None) -> _TextStyle:
        """The style of a text object that ``matrix`` (its text matrix, then its form's)
        places, read as read_runs reads one (or from its ``reading``, where it was read)."""
        if reading is None:
            reading = self.style_reader.reading(text_object, matrix[:4])
        return self.styles_of([reading])[0]

    def straight(self, style, indices: list[int], text: str, xs: list[float], y: float):
        """Unrotated glyphs on one baseline, one per char (the common case) at text page
        ``indices``, in bulk: the chars and their run for the char index."""
        advances = self._advances(style)
        widths = list(map(advances.get, text))
        if None in widths:
            for offset, character in enumerate(text):
                if widths[offset] is None:
                    index = indices[offset]
                    widths[offset] = self._advance(
                        advances, style, index, index, character, xs[offset], y
                    )
        upper, lower = upright_extent(self.to_page[5], style.d, style.descent, style.size, y)
        pe, a, size = self.to_page[4], style.a, style.size
        compiled = pdfium_calls.COMPILED
        if compiled is not None:
            # The same chars, built in one C loop (a tenth of a page's build in Python).
            chars, mids = compiled.straight(
                Char,
                BBox,
                text,
                xs,
                widths,
                pe,
                a,
                size,
                upper,
                lower,
                style.font,
                style.fill,
                style.upright,
            )
            return chars, ((upper + lower) / 2, chars, mids)
        # The right edge as the char-by-char path computes it, to the last bit.
        boxes = [
            _new(BBox, (x + pe, upper, x + a * (w * size) + pe, lower))
            for x, w in zip(xs, widths, strict=True)
        ]
        shared = (repeat(style.font), repeat(lower - upper), repeat(style.fill))
        chars = list(map(_new, repeat(Char), zip(text, *shared, boxes, repeat(style.upright))))
        return chars, ((upper + lower) / 2, chars, [(b[0] + b[2]) / 2 for b in boxes])

    def blank(
        self,
        text_object,
        matrix: Matrix,
        following: Callable[[], Matrix | None],
        reading: tuple | None = None,
    ):
        """The blank char a blank text object (one the text page left out) stands for, with
        its run for the char index; None where the object may hold glyphs PDFium cannot place.

        A text object PDFium leaves out for drawing nothing holds blank glyphs where PDFium has
        the font's own program (embedded). A font it has not, it replaces by one of its own or
        the system's, which may lack the glyphs (a symbol, a CJK face): such an object is blank
        only where the ``following`` text object on its baseline starts a blank glyph's width
        on. The char is one of the font's blank glyphs as pdfminer reads it, with pdfminer's
        width: the one whose width is nearest that distance, else a space before the rest.
        """
        style = self.object_style(text_object, matrix, reading)
        if style.pdfminer is None:
            return None  # a font pdfminer does not know: what the object holds is not known
        blanks = style.pdfminer.blanks()
        # A font whose embedded program does not decode is one PDFium puts another in place of.
        embedded = self._embedded(style) and not style.pdfminer.broken_program
        # The distance to the next object is asked only where it decides something.
        gap = _baseline_gap(style, matrix, following()) if not embedded or len(blanks) > 1 else None
        if not embedded and (
            gap is None or all(abs(width - gap) > BLANK_ADVANCE for width in blanks.values())
        ):
            return None
        if not blanks:
            return [], []
        text = " " if " " in blanks else next(iter(blanks))
        if gap is not None and len(blanks) > 1:
            text = min(blanks, key=lambda blank: (abs(blanks[blank] - gap), blank != " "))
        straight = style.plain and self.plain_page
        char = self._char(style, text, blanks[text], matrix[4], matrix[5], straight)
        return [char], _runs_of((char,))

    def moved(self, chars: list[Char], text_object, matrix: Matrix, dx: float, dy: float):
        """``chars`` moved by (dx, dy) in user space, in the style of ``text_object``, with
        their runs for the char index."""
        style = self.object_style(text_object, matrix)
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
        return out, _runs_of(out)

    def _embedded(self, style: _TextStyle) -> bool:
        embedded = self.embedded.get(style.font_key)
        if embedded is None:
            embedded = self.embedded[style.font_key] = (
                raw.FPDFFont_GetIsEmbedded(style.font_handle) == 1
            )
        return embedded

    def _advances(self, style: _TextStyle) -> dict[str, float]:
        advances = self.advances.get(style.font_key)
        if advances is None:
            advances = self.advances[style.font_key] = {}
        return advances

    def one_by_one(self, style, start: int, text: str, xs, ys, flags):
        """Any other run: turned text, marked hyphens, generated spaces, glyphs without
        Unicode, and glyphs that stand for several chars; with their runs for the char index."""
        advances = self._advances(style)
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
        return out, _runs_of(out)

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


def _runs_of(chars) -> list[tuple[float, list[Char], list[float]]]:
    """Each char as a run of its own for the char index: (vertical centre, [char], [centre])."""
    return [
        ((b.top + b.bottom) / 2, [char], [(b.x0 + b.x1) / 2])
        for char in chars
        for b in (char.bbox,)
    ]


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
    """Makes the style of a text object from what PDFium reads of it; a font's name and
    descent are looked up once per font."""

    def __init__(self, text_page, device: Matrix, fonts: PageFonts):
        self.text_page = text_page
        self.device = device
        self.pdfminer_fonts = fonts
        # Font name and descent by font address; compared within one page only, as PDFium may
        # reuse an address later.
        self.fonts: dict[int, tuple[str, float, object, PdfminerFont | None]] = {}
        self.size = ctypes.c_float()
        self.size_ref = ctypes.byref(self.size)
        self.rgba = tuple(ctypes.c_uint() for _ in range(4))
        self.rgba_refs = tuple(ctypes.byref(value) for value in self.rgba)

    def reading(self, text_object, matrix: tuple[float, float, float, float]) -> tuple:
        """What read_runs would read of a text object whose chars ``matrix`` places."""
        self.size.value = 0.0
        GET_FONT_SIZE(text_object, self.size_ref)
        font_key = GET_FONT(text_object) or 0
        r, g, b, _ = self.rgba
        if not GET_FILL_COLOUR(text_object, *self.rgba_refs):
            return (font_key, float(self.size.value), *matrix, 0, 0, 0, 0)
        return (font_key, float(self.size.value), *matrix, 1, r.value, g.value, b.value)

    def style(self, reading: tuple) -> _TextStyle:
        """The style of a text object from its reading: (font, size, a, b, c, d, filled, red,
        green, blue)."""
        font_key, size, a, b, c, d, filled, red, green, blue = reading
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
        font_size = size or 1.0
        fill = (red / 255, green / 255, blue / 255) if filled else None
        char_matrix = (a, b, c, d)
        return _TextStyle(
            name,
            font_key,
            font,
            pdfminer,
            font_size,
            descent * font_size,
            fill,
            char_matrix,
            is_upright(char_matrix, self.device),
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
