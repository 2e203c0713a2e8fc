"""Two backends' page models of one page against each other: what tells them apart beyond the
rules below (tests/test_page_equivalence.py reads every PDF so, tests/variant_reading.py the
layout corpus).

The same page model: PDFium's chars are pdfplumber's (text, font, size, colour, box), its text
lines are pdfplumber's, its lines, rects, curves and images are pdfplumber's, and it names the
same damage (extractors/pdf/damage.py).

Tolerances: a char's left and right edges within X_TOLERANCE, its top and bottom within
Y_TOLERANCE, its size within SIZE_TOLERANCE; a shape's box within BOX_TOLERANCE; colours within
COLOUR_TOLERANCE per channel.

Where the two libraries legitimately read a page differently, the rule below says why, and it
applies to those chars only; every other char must match one to one. Blank chars (whitespace)
are matched by where they start, as the lines read every blank as one space:

* FOLDED_SPACE - a blank that touches another blank, or follows one with no inked char between:
  PDFium's text page keeps one space of a run of spaces.
* BLANK_AFTER_GAP - a blank after a gap that reads as a space anyway, or at either end of a
  line: PDFium's text page puts a space of its own in the gap (or at the line break) and folds
  the blank into it.
* SPACE_AFTER_HYPHEN - a blank right after a hyphen: PDFium's text page drops the blanks after
  a hyphen it takes for a line-end hyphen (the end of its own line, which may run on into the
  next column of a table).
* BLANK_GLYPH - a blank char PDFium does not read from the text page (a text object that draws
  nothing) is one of its font's blank glyphs; which one PDFium does not say, so its text and
  width may be another blank's.
* GAP_AT_THRESHOLD - a gap between two chars within X_TOLERANCE of the width the lines read as
  a space: boxes that agree within the tolerance may put it on either side, so the lines may
  differ there by that space.
* SIDE_BY_SIDE - where the lines of the whole page differ, the lines of each cell and column
  (what the families read) are the same: page-wide lines may join two columns side by side on
  one backend and not on the other.
* TIED_ORDER - chars that start at one x on one line (letters stacked, text set vertically) are
  read in the order their text objects hold them, which PDFium's text page may change: such a
  line is the same chars in any order.
* SOFT_HYPHEN - PDFium marks a line-end hyphen without saying whether it was "-" or U+00AD;
  where the font maps both, it reads "-".
* TWIN - a char drawn a second time at the same place within one text object: PDFium keeps one.
* ZERO_WIDTH - a glyph the font's widths leave out is zero wide for pdfminer, as wide as its
  glyph for PDFium: its right edge is not compared, and the lines read it with PDFium's.
* LOSSY_FONT_NAME - a font name that is not UTF-8: pdfminer keeps its bytes, PDFium reads it
  with replacement characters and cannot tell two such names apart.
* DEVICE_INDEPENDENT_COLOUR - a colour in a colour space other than DeviceGray and DeviceRGB:
  pdfplumber reports its components (CMYK, a tint, ICC-based values, a pattern) and the model
  converts them naively, PDFium converts them as it paints them; a char's colour is not
  compared where pdfplumber names such a space for it, a shape's on a page that sets one.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from pathlib import Path

from damage_corpus import damage_kinds

from extractors.pdf import Char, Curve, Page, PdfSource, Rect
from extractors.pdf.layout import DEFAULT_PARAMS, page_lines, text_lines

SPACE_RATIO = DEFAULT_PARAMS.space_ratio  # the share of the font size the lines read as a space

# PDFium reads the media box in single precision.
PAGE_TOLERANCE = 1e-3
X_TOLERANCE = 1.0
Y_TOLERANCE = 1.5
SIZE_TOLERANCE = 0.01
BOX_TOLERANCE = 1.0
COLOUR_TOLERANCE = 1 / 255 + 1e-9
# Line widths agree within this share of pdfminer's (LINE_WIDTH_SCALE).
LINE_WIDTH_RATIO = 0.25
# Two blanks touch when one starts within this of where the other ends (points).
TOUCHING = 0.5
# PDFium deletes a char drawn again within this share of the font size of the first.
TWIN_DISTANCE = 0.07
DEVICE_COLOUR_SPACES = {"DeviceGray", "DeviceRGB"}


def document_differences(path: Path, reference: PdfSource, fast: PdfSource) -> list[str]:
    """Every page's differences, each named by its page, PDFium's ``fast`` against
    pdfplumber's ``reference``."""
    if fast.info.pages != reference.info.pages:
        return [f"{fast.info.pages} pages for {reference.info.pages}"]
    problems: list[str] = []
    for number in range(1, reference.info.pages + 1):
        expected, got = reference.page(number), fast.page(number)
        problems += [f"page {number}: {p}" for p in page_differences(path, expected, got)]
    return problems


def page_differences(path: Path, expected: Page, got: Page) -> list[str]:
    """What tells the two pages apart beyond the rules of the module."""
    problems = []
    if not (
        _close(expected.width, got.width, PAGE_TOLERANCE)
        and _close(expected.height, got.height, PAGE_TOLERANCE)
    ):
        problems.append(f"size {expected.width}x{expected.height} != {got.width}x{got.height}")
    comparison = _CharComparison(path, expected, got)
    problems += comparison.problems
    want, have = text_lines(comparison.reference_as_read), text_lines(got.chars)
    wrong = _differing_lines(want, have)
    if (len(want) != len(have) or wrong) and not _same_region_lines(expected, got):
        problems.append(f"text lines differ ({len(want)} vs {len(have)}): {wrong[:2]}")
    problems += _graphics_differences(path, expected, got)
    if damage_kinds(expected.damage) != damage_kinds(got.damage):
        problems.append(f"damage {got.damage} != {expected.damage}")
    return problems


def _differing_lines(want: list, have: list) -> list[tuple[str, str]]:
    return [
        (a.text, b.text)
        for a, b in zip(want, have, strict=False)
        if a.text != b.text and not _tied_order(a, b) and not _gap_at_threshold(a, b)
    ]


def _same_region_lines(expected: Page, got: Page) -> bool:
    """SIDE_BY_SIDE: lines built across the whole page join two columns whose baselines lie
    within Y_TOLERANCE of the share of overlap that makes one line, so they may join on one
    backend and not on the other; the lines the families read are built inside their cells and
    columns (the layout layer), and those must be the same, blanks folded."""
    want, have = page_lines(expected), page_lines(got)
    if len(want) != len(have):
        return False
    return not [
        pair
        for pair in _differing_lines(want, have)
        if " ".join(pair[0].split()) != " ".join(pair[1].split())
    ]


def _gap_at_threshold(want, have) -> bool:
    """GAP_AT_THRESHOLD: the two lines differ in spaces only, and the reference line has a gap
    between two chars within X_TOLERANCE of the width that reads as a space (SPACE_RATIO of
    the font size): boxes that agree within the tolerance may fall on either side of it."""
    if want.text.replace(" ", "") != have.text.replace(" ", ""):
        return False
    inked = sorted((c for c in want.chars if not _blank(c)), key=lambda c: c.bbox.x0)
    for before, after in zip(inked, inked[1:], strict=False):
        threshold = SPACE_RATIO * max(before.size, after.size, 1.0)
        if abs((after.bbox.x0 - before.bbox.x1) - threshold) <= X_TOLERANCE:
            return True
    return False


def _tied_order(want, have) -> bool:
    """TIED_ORDER: the two lines hold the same chars, and chars that start at one x (text set
    vertically, letters stacked) read in the order their text objects hold them, which PDFium's
    text page may change."""
    starts = [round(c.bbox.x0, 1) for c in want.chars if not _blank(c)]
    if len(set(starts)) == len(starts):
        return False
    return sorted(want.text.replace(" ", "")) == sorted(have.text.replace(" ", ""))


def _blank(char: Char) -> bool:
    return char.text.isspace()


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance


def _close_colour(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return all(abs(x - y) <= COLOUR_TOLERANCE for x, y in zip(a, b, strict=True))


def _close_box(a, b, tolerance=BOX_TOLERANCE) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def _same_line(a: Char, b: Char) -> bool:
    return _close(a.bbox.top, b.bbox.top, Y_TOLERANCE) and _close(
        a.bbox.bottom, b.bbox.bottom, Y_TOLERANCE
    )


class _CharComparison:
    """Matches the reference chars of a page with PDFium's, one to one, under the rules."""

    def __init__(self, path: Path, expected: Page, got: Page):
        self.path = path
        self.number = expected.number
        self.problems: list[str] = []
        reference = list(expected.chars)
        self.match: dict[int, Char] = {}  # reference position: PDFium char
        left = self._match_ink(reference, got.chars)
        left += self._match_blanks(reference, got.chars)
        self.problems += [f"PDFium char {c.text!r} at {_box(c)} not in pdfplumber" for c in left]
        absent = self._explain_absent(reference, got.chars)
        # The reference as PDFium may read it: its chars under the rules (text as matched,
        # legitimately absent chars left out); its lines must be PDFium's.
        self.reference_as_read = [
            _as_read(char, self.match.get(i)) for i, char in enumerate(reference) if i not in absent
        ]

    def _match_ink(self, reference: list[Char], chars) -> list[Char]:
        pool: dict[str, list[Char]] = defaultdict(list)
        for char in chars:
            if not _blank(char):
                pool[char.text].append(char)
        for position, want in enumerate(reference):
            if _blank(want):
                continue
            texts = [want.text] + (["-"] if want.text == "\xad" else [])  # SOFT_HYPHEN
            found = None
            for text in texts:
                found = _nearest(want, pool.get(text, ()), zero_width=want.bbox.x1 == want.bbox.x0)
                if found is not None:
                    pool[text].remove(found)
                    break
            if found is None:
                continue
            self.match[position] = found
            self._check_style(want, found)
        return [char for chars in pool.values() for char in chars]

    def _check_style(self, want: Char, have: Char) -> None:
        where = f"{want.text!r} at {_box(want)}"
        if have.font != want.font and not _lossy_names(want.font, have.font):
            self.problems.append(f"{where}: font {have.font!r} != {want.font!r}")
        if not _close(have.size, want.size, SIZE_TOLERANCE):
            self.problems.append(f"{where}: size {have.size} != {want.size}")
        if have.upright != want.upright:
            self.problems.append(f"{where}: upright {have.upright} != {want.upright}")
        if not _close_colour(want.fill, have.fill) and self._device_colour(want):
            self.problems.append(f"{where}: fill {have.fill} != {want.fill}")

    def _match_blanks(self, reference: list[Char], chars) -> list[Char]:
        pool = [char for char in chars if _blank(char)]
        for position, want in enumerate(reference):
            if not _blank(want):
                continue
            found = next(
                (
                    char
                    for char in pool
                    if _close(char.bbox.x0, want.bbox.x0, X_TOLERANCE) and _same_line(char, want)
                ),
                None,
            )
            if found is not None:
                pool.remove(found)
                self.match[position] = found  # BLANK_GLYPH: any blank text, any width
        return pool

    def _explain_absent(self, reference: list[Char], chars) -> set[int]:
        """The reference chars PDFium lacks under a rule; reports the others."""
        rows: dict[int, list[tuple[int, Char]]] = defaultdict(list)
        for position, char in enumerate(reference):
            rows[round(char.bbox.top)].append((position, char))
        absent = set()
        nearby: dict[int, list[tuple[int, Char]]] = {}
        for position, want in enumerate(reference):
            if position in self.match:
                continue
            # The chars of its line: of the rows a top within Y_TOLERANCE can fall in, those
            # whose top and bottom are within it.
            row = round(want.bbox.top)
            if row not in nearby:
                nearby[row] = [item for r in range(row - 2, row + 3) for item in rows.get(r, ())]
            top, bottom = want.bbox.top, want.bbox.bottom
            line = [
                (other_position, other)
                for other_position, other in nearby[row]
                if other is not want
                and abs(other.bbox.top - top) <= Y_TOLERANCE
                and abs(other.bbox.bottom - bottom) <= Y_TOLERANCE
            ]
            others = [other for _, other in line]
            rule = (
                self._folded_space(others, want)
                or self._space_after_hyphen(others, want)
                or self._blank_after_gap(others, want)
                or self._twin(line, want)
            )
            if rule:
                absent.add(position)
            else:
                self.problems.append(f"pdfplumber char {want.text!r} at {_box(want)} not read")
        return absent

    @staticmethod
    def _folded_space(line: list[Char], want: Char) -> str | None:
        if not _blank(want):
            return None
        if any(
            _blank(other)
            and (
                _close(other.bbox.x1, want.bbox.x0, TOUCHING)
                or _close(want.bbox.x1, other.bbox.x0, TOUCHING)
            )
            for other in line
        ):
            return "FOLDED_SPACE"
        before = [c for c in line if c.bbox.x0 < want.bbox.x0]
        if before and _blank(max(before, key=lambda c: c.bbox.x0)):
            return "FOLDED_SPACE"
        return None

    @staticmethod
    def _blank_after_gap(line: list[Char], want: Char) -> str | None:
        if not _blank(want):
            return None
        inked = [c for c in line if not _blank(c)]
        before = [c for c in inked if c.bbox.x0 < want.bbox.x0]
        beyond = [c for c in inked if c.bbox.x1 > want.bbox.x1 + X_TOLERANCE]
        if not before or not beyond:
            return "BLANK_AFTER_GAP"
        last = max(before, key=lambda c: c.bbox.x1)
        if want.bbox.x0 - last.bbox.x1 > SPACE_RATIO * max(want.size, last.size, 1.0):
            return "BLANK_AFTER_GAP"
        return None

    @staticmethod
    def _space_after_hyphen(line: list[Char], want: Char) -> str | None:
        if _blank(want) and any(
            other.text in ("-", "\xad") and _close(other.bbox.x1, want.bbox.x0, TOUCHING)
            for other in line
        ):
            return "SPACE_AFTER_HYPHEN"
        return None

    def _twin(self, line: list[tuple[int, Char]], want: Char) -> str | None:
        near = TWIN_DISTANCE * max(want.size, 1.0)
        for position, other in line:
            if (
                position in self.match
                and other.text == want.text
                and _close(other.bbox.x0, want.bbox.x0, near)
                and _close(other.bbox.top, want.bbox.top, near)
            ):
                return "TWIN"
        return None

    def _device_colour(self, want: Char) -> bool:
        """Whether the reference char's colour is in DeviceGray or DeviceRGB (else
        DEVICE_INDEPENDENT_COLOUR applies)."""
        spaces = _char_colour_spaces(self.path, self.number)
        key = (want.text, round(want.bbox.x0, 1), round(want.bbox.top, 1))
        return spaces.get(key, "DeviceGray") in DEVICE_COLOUR_SPACES


def _as_read(want: Char, have: Char | None) -> Char:
    """The reference char as the rules let PDFium read it: with PDFium's text where a rule
    lets the text differ, and PDFium's right edge where ZERO_WIDTH leaves it uncompared."""
    if have is None:
        return want
    if want.bbox.x1 == want.bbox.x0 and not _blank(want):
        return want._replace(text=have.text, bbox=want.bbox._replace(x1=have.bbox.x1))
    return want._replace(text=have.text)


def _nearest(want: Char, candidates, zero_width: bool) -> Char | None:
    best, best_distance = None, None
    for char in candidates:
        a, b = want.bbox, char.bbox
        if not (
            _close(a.x0, b.x0, X_TOLERANCE)
            and (zero_width or _close(a.x1, b.x1, X_TOLERANCE))  # ZERO_WIDTH
            and _close(a.top, b.top, Y_TOLERANCE)
            and _close(a.bottom, b.bottom, Y_TOLERANCE)
        ):
            continue
        distance = abs(a.x0 - b.x0) + abs(a.top - b.top)
        if best is None or distance < best_distance:
            best, best_distance = char, distance
    return best


def _lossy_names(reference: str, pdfium: str) -> bool:
    # LOSSY_FONT_NAME: pdfminer writes a name that is not UTF-8 as the repr of its bytes.
    return reference.startswith("b'") and "\ufffd" in pdfium


def _box(char: Char) -> str:
    return "({:.1f}, {:.1f}, {:.1f}, {:.1f})".format(*char.bbox)


@cache
def _char_colour_spaces(path: Path, number: int) -> dict[tuple, str]:
    """The colour space of each char of the page, as pdfplumber reports it."""
    import pdfplumber

    from extractors.pdf.chartext import as_shown

    with pdfplumber.open(path) as pdf:
        return {
            (as_shown(c["text"]), round(float(c["x0"]), 1), round(float(c["top"]), 1)): c.get(
                "ncs", ""
            )
            for c in pdf.pages[number - 1].chars
        }


# ---------------------------------------------------------------------------- graphics


def _graphics_differences(path: Path, expected: Page, got: Page) -> list[str]:
    """Lines, rects, curves and images matched one to one by box, and by colour where the page
    paints in device colours only (DEVICE_INDEPENDENT_COLOUR).

    Rules of their own:

    * LINE_WIDTH_UNSET - a path painted before any line width is set is 0 wide for pdfminer and
      1 (the PDF's default) for PDFium: a line's width is compared where pdfminer read one.
    * LINE_WIDTH_SCALE - pdfminer scales a width by the matrix in force when the width is set,
      PDFium by the one in force when the path is painted (a form's matrix may come between):
      widths agree within LINE_WIDTH_RATIO of each other.
    * RECT_CLOSED_TWICE - a rectangle closed again ("re h"): pdfminer's path holds the closing
      twice and is no longer a rect but a curve; PDFium keeps one close, and a rect.
    * LONE_POINT - a path of one point (a bare moveto, painted): pdfminer makes a curve of one
      point of it, PDFium no path at all.
    """
    problems = []
    device = None
    expected_shapes = {
        "lines": list(expected.lines),
        "rects": list(expected.rects),
        "curves": [],
        "images": list(expected.images),
    }
    for curve in expected.curves:
        if len(curve.points) == 1:
            continue  # LONE_POINT
        if _rect_closed_twice(curve):
            expected_shapes["rects"].append(Rect(curve.bbox, curve.stroke, curve.fill))
        else:
            expected_shapes["curves"].append(curve)
    for kind, same in (
        ("lines", lambda a, b: _close_box(a.bbox, b.bbox)),
        ("rects", lambda a, b: _close_box(a.bbox, b.bbox)),
        ("curves", lambda a, b: _close_box(a.bbox, b.bbox) and len(a.points) == len(b.points)),
        ("images", lambda a, b: _close_box(a.bbox, b.bbox)),
    ):
        want, have = expected_shapes[kind], list(getattr(got, kind))
        if len(want) != len(have):
            problems.append(f"{len(have)} {kind}, pdfplumber has {len(want)}")
            continue
        # Shapes drawn over each other are told apart by colour and width; lines of no known
        # width take what the others leave.
        for item in sorted(want, key=lambda shape: getattr(shape, "width", 1.0) == 0):
            candidates = [other for other in have if same(item, other)]
            if not candidates:
                problems.append(f"{kind}: {item.bbox} not in PDFium's")
                continue
            found = min(
                candidates,
                key=lambda other: (
                    kind == "lines" and not _same_width(item.width, other.width),
                    not _same_colours(item, other),
                    abs(getattr(item, "width", 0.0) - getattr(other, "width", 0.0)),
                ),
            )
            have.remove(found)
            if kind == "lines" and not _same_width(item.width, found.width):
                problems.append(f"lines: {item.bbox} width {found.width} != {item.width}")
            if not _same_colours(item, found):
                if device is None:
                    device = _paints_device_colours_only(path, expected.number)
                if device:
                    problems.append(
                        f"{kind}: {item.bbox} colours {_colours(found)} != {_colours(item)}"
                    )
    return problems


def _same_width(reference: float, pdfium: float) -> bool:
    if reference == 0:
        return True  # LINE_WIDTH_UNSET
    return abs(reference - pdfium) <= max(0.01, LINE_WIDTH_RATIO * reference)


def _rect_closed_twice(curve: Curve) -> bool:
    """A closed axis-aligned four-sided loop whose closing point comes twice."""
    points = curve.points
    if len(points) != 6 or not (points[0] == points[4] == points[5]):
        return False
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[:4]
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
        y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
    )


def _colours(item) -> tuple:
    return (getattr(item, "stroke", None), getattr(item, "fill", None))


def _same_colours(a, b) -> bool:
    return all(_close_colour(x, y) for x, y in zip(_colours(a), _colours(b), strict=True))


@cache
def _paints_device_colours_only(path: Path, number: int) -> bool:
    """Whether page ``number`` (and the forms it draws) sets colours in DeviceGray and DeviceRGB
    only."""
    import pikepdf

    device = {"/DeviceGray", "/DeviceRGB", "/G", "/RGB"}
    with pikepdf.open(path) as pdf:
        page = pdf.pages[number - 1]
        seen: set = set()

        def only_device(holder, resources) -> bool:
            spaces = resources.get("/ColorSpace", {}) if resources is not None else {}
            for operands, operator in pikepdf.parse_content_stream(holder):
                name = str(operator)
                if name in ("k", "K"):
                    return False
                if name in ("cs", "CS"):
                    space = str(operands[0])
                    if space not in device and str(spaces.get(space, "")) not in device:
                        return False
                if name == "Do" and resources is not None:
                    form = resources.get("/XObject", {}).get(str(operands[0]))
                    if form is not None and form.get("/Subtype") == "/Form":
                        key = form.objgen
                        if key not in seen:
                            seen.add(key)
                            if not only_device(form, form.get("/Resources", resources)):
                                return False
            return True

        return only_device(page, page.get("/Resources"))
