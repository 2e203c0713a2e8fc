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

from collections.abc import Callable
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


class PdfminerFont:
    """What pdfminer makes of one font (or of several subsets of one face): its name, its
    descent, its blank glyphs, and whether the program it embeds does not decode."""

    __slots__ = ("name", "descent", "broken_program", "_fonts", "_blanks", "_texts")

    def __init__(self, name: str, descent: float, *fonts: object, broken_program: bool = False):
        self.name = name
        self.descent = descent  # per unit font size
        self.broken_program = broken_program
        self._fonts = fonts
        self._blanks: dict[str, float] | None = None
        self._texts: dict[str, list[float]] | None = None

    def maps(self, text: str) -> bool:
        """Whether some code of the font reads as ``text``."""
        return text in self._widths_by_text()

    def width_of(self, text: str) -> float | None:
        """pdfminer's advance (per unit size) of the glyph that reads as ``text``, where the
        codes that read so agree on one."""
        widths = self._widths_by_text().get(text)
        return widths[0] if widths is not None and len(widths) == 1 else None

    def _widths_by_text(self) -> dict[str, list[float]]:
        if self._texts is None:
            self._texts = {}
            for font in self._fonts:
                for code, text in _code_texts(font).items():
                    try:
                        width = float(font.char_width(code))
                    except Exception:  # noqa: BLE001 - a width pdfminer cannot read
                        width = float("nan")
                    widths = self._texts.setdefault(text, [])
                    if all(abs(width - other) > WIDTH_AGREES for other in widths):
                        widths.append(width)
        return self._texts

    def blanks(self) -> dict[str, float]:
        """{text: advance per unit size} of the glyphs the font maps to whitespace, the lowest
        code's for each text: what a glyph that draws nothing reads as in pdfminer."""
        if self._blanks is None:
            self._blanks = {}
            for font in self._fonts:
                for text, width in _blank_glyphs(font):
                    self._blanks.setdefault(text, width)
        return self._blanks

    def width_agreement(self, width_of: Callable[[str], float | None], count: int = 8) -> float:
        """The share of sampled chars whose width ``width_of`` reads as pdfminer does."""
        samples = self._widths(count)
        if not samples:
            return 0.0
        agree = 0
        for text, width in samples:
            other = width_of(text)
            agree += other is not None and abs(other - width) <= WIDTH_AGREES
        return agree / len(samples)

    def _widths(self, count: int) -> list[tuple[str, float]]:
        out = []
        for font in self._fonts:
            for code, text in sorted(_code_texts(font).items())[:count]:
                if isinstance(text, str) and len(text) == 1:
                    try:
                        out.append((text, float(font.char_width(code))))
                    except Exception:  # noqa: BLE001 - a width pdfminer cannot read is left out
                        continue
        return out


# Two readings of a font's descent, or of a glyph's width (per unit size), closer than this are one.
DESCENT_AGREES = 1e-3
WIDTH_AGREES = 1e-3


class PageFonts:
    """The fonts of a page as pdfminer reads them, found by base font name.

    A font goes by its BaseFont and by its descriptor's FontName (a composite font's BaseFont
    adds its CMap: "SimSun-GBK-EUC-H" is "SimSun"). A name may stand for several fonts: two font
    dictionaries with one BaseFont, subsets of one face that another library names without
    their prefix ("Calibri-Light" for "BCDFEE+Calibri-Light"), names that are not UTF-8 read
    with replacement characters. Where
    it does, the font meant is the one whose descent that library reads, then the one whose
    widths it reads for the chars the font maps; fonts that still agree are read as one.
    """

    def __init__(self, fonts: dict[str, list[PdfminerFont]]):
        self._exact = fonts
        self._faces: dict[str, list[PdfminerFont]] = {}
        for name, found in fonts.items():
            subsets = self._faces.setdefault(font_name(name), [])
            subsets += [font for font in found if font not in subsets]

    def find(
        self, name: str, descent: float, width_of: Callable[[str], float | None]
    ) -> PdfminerFont | None:
        """The font named ``name`` that another library reads with ``descent`` (per unit size)
        and ``width_of(char)`` (per unit size, None where it has none)."""
        exact = self._exact.get(name, [])
        candidates = exact + [f for f in self._faces.get(font_name(name), ()) if f not in exact]
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        agreeing = [f for f in candidates if abs(abs(f.descent) - abs(descent)) <= DESCENT_AGREES]
        if not agreeing:
            return (exact or candidates)[0]
        if len(agreeing) > 1:
            scores = [f.width_agreement(width_of) for f in agreeing]
            best = max(scores)
            agreeing = [f for f, score in zip(agreeing, scores, strict=True) if score == best]
        if len(agreeing) == 1:
            return agreeing[0]
        # Fonts that cannot be told apart: their name if they share one, else the name given.
        names = {f.name for f in agreeing}
        merged_name = names.pop() if len(names) == 1 else font_name(name)
        fonts = (font for f in agreeing for font in f._fonts)
        broken = any(f.broken_program for f in agreeing)
        return PdfminerFont(merged_name, agreeing[0].descent, *fonts, broken_program=broken)


def _code_texts(font) -> dict[int, str]:
    """The text pdfminer reads for each code of the font that it can read."""
    from pdfminer.cmapdb import IdentityUnicodeMap

    _parse_deferred(font)
    codes: dict[int, str] = {}
    codes.update(getattr(font, "cid2unicode", None) or {})
    unicode_map = getattr(font, "unicode_map", None)
    if isinstance(unicode_map, IdentityUnicodeMap):
        codes[0x20] = " "
    elif unicode_map is not None:
        codes.update(unicode_map.cid2unichr)
    return codes


def _blank_glyphs(font) -> list[tuple[str, float]]:
    codes = _code_texts(font)
    found: dict[str, float] = {}
    for code in sorted(codes):
        text = codes[code]
        if isinstance(text, str) and text and text.isspace() and text not in found:
            try:
                found[text] = float(font.char_width(code))
            except Exception:  # noqa: BLE001 - a width pdfminer cannot read is no blank
                continue
    return list(found.items())


class PdfminerPages:
    """The pages of a file as pdfminer reads them, for a backend that reads them its own way.

    Two things are asked of them. Fonts: what pdfminer makes of each font of a page, by base
    font name, which such a backend must give instead of its own values - pdfminer names a
    font by its descriptor's FontName (the standard font a non-embedded "Arial,Bold" stands for
    is "Helvetica-Bold") and takes its descent from the descriptor alone (0 where the
    descriptor says nothing); other libraries name it by BaseFont and fall back on the font
    program. And the pages themselves, whose content streams damage.py checks. Only font
    dictionaries are read here, never a content stream. A file pdfminer cannot read is read as
    PDFium repairs it, as the pdfplumber backend does.
    """

    def __init__(self, path: Path, password: str | None):
        self._file = None
        self._pages: list | None = None
        self._manager = None
        self._last: tuple[int | None, PageFonts] = (None, PageFonts({}))
        self._broken_programs: dict[int, bool] = {}  # by font dictionary
        try:
            self._pages = self._read(open(path, "rb"), password)  # noqa: SIM115 - until close()
        except Exception:  # noqa: BLE001 - read as repaired, or the caller's values stand in
            self._pages = None
        if not self._pages:
            from .repair import repaired_copy

            repaired = repaired_copy(path, password)
            if repaired is not None:
                try:
                    self._pages = self._read(repaired, password)
                except Exception:  # noqa: BLE001
                    self._pages = None

    def _read(self, file, password: str | None) -> list:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfinterp import PDFResourceManager
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser

        self.close()
        self._file = file
        document = PDFDocument(PDFParser(file), password=password or "")
        self._manager = PDFResourceManager(caching=True)
        return list(PDFPage.create_pages(document))

    def page(self, number: int):
        """pdfminer's page ``number`` (a PDFPage), or None where pdfminer finds no such page."""
        if not self._pages or number > len(self._pages):
            return None
        return self._pages[number - 1]

    def fonts(self, number: int) -> PageFonts:
        """What pdfminer makes of the fonts of page ``number``."""
        from pdfminer.pdftypes import PDFObjRef

        page = self.page(number)
        if page is None:
            return PageFonts({})
        # Pages often share one resource dictionary: the last answer is kept for the next page.
        shared = page.attrs.get("Resources")
        key = shared.objid if isinstance(shared, PDFObjRef) else None
        if key is not None and key == self._last[0]:
            return self._last[1]
        out: dict[str, list[PdfminerFont]] = {}
        try:
            self._collect(page.resources, out, depth=0)
        except Exception:  # noqa: BLE001 - a broken dictionary leaves the caller's values
            pass
        fonts = PageFonts(out)
        self._last = (key, fonts)
        return fonts

    def _collect(self, resources, out: dict[str, list[PdfminerFont]], depth: int) -> None:
        from pdfminer.pdftypes import PDFObjRef, dict_value, resolve1, stream_value
        from pdfminer.psparser import literal_name

        resources = dict_value(resources)
        for spec in dict_value(resources.get("Font", {})).values():
            objid = spec.objid if isinstance(spec, PDFObjRef) else None
            try:
                spec = dict_value(spec)
                base = resolve1(spec.get("BaseFont", ""))
                key = objid if objid is not None else id(spec)
                if key not in self._broken_programs:
                    # Before pdfminer reads the program (and forgets its raw bytes).
                    self._broken_programs[key] = _broken_program(spec)
                font = self._font(objid, spec)
            except Exception:  # noqa: BLE001 - one odd font leaves the rest readable
                continue
            facts = PdfminerFont(
                font_name(_text(font.fontname)),
                float(font.get_descent()),
                font,
                broken_program=self._broken_programs[key],
            )
            for name in {*_names(base, literal_name), facts.name}:
                listed = out.setdefault(name, [])
                # A font its form XObjects share is read once.
                if all(other._fonts[0] is not font for other in listed):
                    listed.append(facts)
        if depth >= 4:
            return
        for xobject in dict_value(resources.get("XObject", {})).values():
            try:
                stream = stream_value(xobject)
            except Exception:  # noqa: BLE001
                continue
            if literal_name(stream.get("Subtype")) == "Form" and "Resources" in stream:
                self._collect(stream["Resources"], out, depth + 1)

    def _font(self, objid, spec):
        """pdfminer's font of a font dictionary (one per dictionary, as pdfminer caches them),
        a simple font's ToUnicode CMap read but not parsed until its codes are asked for
        (_code_texts): a font's name and descent are asked of every font, its codes of few,
        and the parse is most of what pdfminer spends on a font (a fifth of a small file's
        conversion)."""
        from pdfminer.pdftypes import stream_value
        from pdfminer.psparser import literal_name

        subtype = literal_name(spec["Subtype"]) if "Subtype" in spec else "Type1"
        to_unicode = spec.get("ToUnicode")
        cached = objid and objid in self._manager._cached_fonts
        if cached or to_unicode is None or subtype in _COMPOSITE_SUBTYPES:
            return self._manager.get_font(objid, spec)
        # Read (and decoded) here, so that a stream that does not decode fails the font here,
        # as it fails pdfminer's reading of it.
        data = stream_value(to_unicode).get_data()
        font = self._manager.get_font(objid, {k: v for k, v in spec.items() if k != "ToUnicode"})
        font._unparsed_to_unicode = data
        return font

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


# Fonts whose ToUnicode pdfminer reads in ways of their own (pdfinterp.get_font, PDFCIDFont):
# read as pdfminer reads them, not deferred.
_COMPOSITE_SUBTYPES = frozenset({"Type0", "CIDFontType0", "CIDFontType2"})


def _parse_deferred(font) -> None:
    """Parse the ToUnicode CMap of a font whose parse was deferred (PdfminerPages._font), as
    pdfminer's PDFSimpleFont does."""
    data = font.__dict__.pop("_unparsed_to_unicode", None)
    if data is None:
        return
    from io import BytesIO

    from pdfminer.cmapdb import CMapParser, FileUnicodeMap

    unicode_map = FileUnicodeMap()
    try:
        CMapParser(unicode_map, BytesIO(data)).run()
    except Exception:  # noqa: BLE001 - pdfminer's parser reads past what it cannot
        return  # (it has not been seen to raise): the font's own encoding stands
    font.unicode_map = unicode_map


def _broken_program(spec) -> bool:
    """Whether the font program a font dictionary embeds does not decode."""
    from pdfminer.pdftypes import dict_value, list_value, resolve1

    from .damage import undecodable

    descriptors = [spec.get("FontDescriptor")]
    descriptors += [
        dict_value(descendant).get("FontDescriptor")
        for descendant in list_value(spec.get("DescendantFonts", []))
    ]
    for descriptor in descriptors:
        descriptor = resolve1(descriptor)
        if not isinstance(descriptor, dict):
            continue
        for key in ("FontFile", "FontFile2", "FontFile3"):
            program = resolve1(descriptor.get(key))
            if program is not None and hasattr(program, "rawdata") and undecodable(program):
                return True
    return False


def _names(base: object, literal_name) -> list[str]:
    """The names a base font goes by: pdfminer's, and, for a name that is not UTF-8, the same
    bytes read as UTF-8 with replacement characters, as other libraries give it."""
    names = [_text(literal_name(base))]
    raw = getattr(base, "name", None)
    if isinstance(raw, bytes):
        names.append(raw.decode("utf-8", "replace"))
    return names


def _text(name: object) -> str:
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


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
