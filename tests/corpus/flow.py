"""A small flow and table layout engine drawn on the reportlab canvas.

Platypus cannot draw what the corpus needs: rules as per-cell pieces, grids made only of cell
shading, rows cut inside by a page break with or without a closing rule, a table's header row
repeated on a continuation page, a header row left alone at the foot of a page, and one text object
per glyph. This engine lays blocks out top-down into pages of drawing operations, counts the page
break events it produced (so a variant's truth can say what it holds), and then draws the pages,
when the page count is known for "Side n af N".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum

from reportlab.lib.colors import Color, black
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas


class Breaking(Enum):
    """How a word wider than its column is broken (never with a hyphen)."""

    EMERGENCY = "emergency"  # moved to a line of its own, cut where that line is full (LibreOffice)
    FILL = "fill"  # started on the current line and cut where it is full
    SPACES = "spaces"  # never cut: the design keeps every word narrower than its column


class Rules(Enum):
    LINES = "stroked lines"
    RECTS = "thin filled rectangles"
    PIECES = "one piece per cell edge"
    SHADE_CELLS = "cell shading only"
    SHADE_ROWS = "row shading only"
    NONE = "no rules, no shading"
    HORIZONTAL = "horizontal rules only"
    FRAME = "outer frame, inner rules partly missing"


MM = 72 / 25.4
A4 = (595.276, 841.89)  # portrait, in points
RULED = (Rules.LINES, Rules.RECTS, Rules.PIECES, Rules.HORIZONTAL, Rules.FRAME)


@dataclass(frozen=True)
class Style:
    font: str
    size: float
    leading: float = 0.0  # 0: 1.2 × size
    colour: Color = black
    space_after: float = 0.0  # a paragraph's gap, how a clean paragraph break shows
    align: str = "left"
    breaking: Breaking = Breaking.EMERGENCY

    @property
    def line_height(self) -> float:
        return self.leading or round(self.size * 1.2, 2)


@dataclass(frozen=True)
class Para:
    text: str
    style: Style
    keep_with_next: bool = False
    space_before: float = 0.0
    lead: str = ""  # a lead-in in another font on the first line ("Skolemadsordning:")
    lead_font: str = ""
    indent: float = 0.0  # of every line
    first_indent: float = 0.0  # of the first line, from `indent` (negative: hanging)
    marker: str | None = None  # a list marker: text ("•", "1.", "a)") or "disc"/"square" (drawn)
    marker_indent: float = 0.0  # where the marker sits
    marker_font: str = ""


@dataclass(frozen=True)
class Mark:
    """A smiley; how it is drawn is the renderer's business."""

    colour: str  # green, yellow, red
    encoding: str
    face: str  # smile, neutral, frown
    size: float


@dataclass(frozen=True)
class LegendItem:
    """A legend line: a smiley, then its meaning, wrapped with a hanging indent."""

    mark: Mark
    text: str
    style: Style


@dataclass(frozen=True)
class Cell:
    items: tuple[Para | Mark, ...] = ()
    span: int = 1
    fill: Color | None = None


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    header: bool = False
    fill: Color | None = None


@dataclass(frozen=True)
class TableStyle:
    rules: Rules = Rules.LINES
    rule_width: float = 0.5
    rule_colour: Color = black
    padding: tuple[float, float, float, float] = (2.5, 3.0, 2.5, 3.0)  # top, right, bottom, left
    split_rows: bool = True  # a row may be cut by a page break
    closing_rules: bool = True  # a cut row gets a rule at the foot and at the head of the next page
    repeat_header: bool = False  # the header rows again at the top of a continuation page
    keep_header_with_next: bool = True  # else a header row can stay alone at the foot of a page
    shading: tuple[Color, Color] = (Color(0.86, 0.88, 0.92), Color(0.94, 0.95, 0.97))
    header_shading: Color = Color(0.75, 0.79, 0.86)
    gap: float = 1.6  # white between shaded cells or rows: the only trace of the grid


@dataclass(frozen=True)
class Table:
    widths: tuple[float, ...]
    rows: tuple[Row, ...]
    style: TableStyle
    header_rows: int = 1
    space_after: float = 8.0


@dataclass(frozen=True)
class SideBySide:
    """Two blocks set at the same height (a title at the left, a letterhead at the right)."""

    left: tuple[Para, ...]
    right: tuple[Para, ...]
    right_width: float
    gap: float = 18.0
    space_after: float = 10.0


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Columns:
    """From here on the page is set in `count` columns (until the end of the document)."""

    count: int
    gap: float = 18.0


@dataclass(frozen=True)
class TocLine:
    """A table-of-contents entry: text, dot leaders, the page number at the right edge."""

    text: str
    page: str
    style: Style
    indent: float = 0.0


@dataclass(frozen=True)
class Box:
    """A figure's box, in fractions of the frame width and points from the figure's top."""

    x: float
    top: float
    w: float
    h: float
    label: str


@dataclass(frozen=True)
class Figure:
    """A drawing with text labels (an organisation chart): boxes, lines between their centres."""

    boxes: tuple[Box, ...]
    links: tuple[tuple[int, int], ...]
    height: float
    style: Style
    space_after: float = 10.0


Block = Para | LegendItem | Table | SideBySide | PageBreak | Columns | TocLine | Figure


@dataclass(frozen=True)
class PageSetup:
    width: float
    height: float
    margins: tuple[float, float, float, float]  # top, right, bottom, left
    per_glyph: bool = False  # one BT…ET per glyph, as browsers write
    decorate: Callable[[Canvas, int, int, PageSetup], None] | None = None  # running header/footer

    @property
    def frame_width(self) -> float:
        return self.width - self.margins[1] - self.margins[3]


# Drawing operations, top-down coordinates from the page's top-left corner.
@dataclass(frozen=True)
class TextOp:
    x: float
    baseline: float
    text: str
    font: str
    size: float
    colour: Color


@dataclass(frozen=True)
class MarkOp:
    x: float
    top: float
    mark: Mark


@dataclass(frozen=True)
class LineOp:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    colour: Color


@dataclass(frozen=True)
class ShapeOp:
    """A drawn list bullet: a filled disc or square, no glyph."""

    x: float
    top: float
    size: float
    shape: str
    colour: Color


@dataclass(frozen=True)
class FillOp:
    x: float
    top: float
    w: float
    h: float
    colour: Color


Op = TextOp | MarkOp | LineOp | FillOp | ShapeOp
MarkRenderer = Callable[[Canvas, Mark, float, float], None]  # canvas, mark, x, y of its bottom


# ---------------------------------------------------------------- text

Token = tuple[str, str]  # a word and its font


def _width(text: str, style: Style, font: str | None = None) -> float:
    return stringWidth(text, font or style.font, style.size)


def _line_width(tokens: list[Token], style: Style) -> float:
    total = 0.0
    for index, (word, font) in enumerate(tokens):
        total += _width(word, style, font) + (_width(" ", style, font) if index else 0.0)
    return total


def _cut(word: str, room: float, style: Style, font: str) -> int:
    """How many leading characters of a word fit in `room` (at least one); after a slash if any."""
    for end in range(len(word), 0, -1):
        if _width(word[:end], style, font) <= room:
            slash = word.rfind("/", 0, end)
            return slash + 1 if 0 < slash < end - 1 else end
    return 1


def wrap_tokens(
    tokens: list[Token], style: Style, widths: tuple[float, float]
) -> list[list[Token]]:
    """Greedy line breaking at spaces; a word wider than the line is cut inside, never hyphenated.

    `widths` are the first line's width and the others'.
    """
    lines: list[list[Token]] = []
    line: list[Token] = []

    def width() -> float:
        return widths[0] if not lines else widths[1]

    for word, font in tokens:
        if _line_width([*line, (word, font)], style) <= width():
            line.append((word, font))
            continue
        if style.breaking is Breaking.FILL and line and _width(word, style, font) > width():
            room = width() - _line_width(line, style) - _width(" ", style, font)
            if room > style.size:
                head = _cut(word, room, style, font)
                lines.append([*line, (word[:head], font)])
                line, word = [], word[head:]
        if line:
            lines.append(line)
            line = []
        while _width(word, style, font) > width() and style.breaking is not Breaking.SPACES:
            head = _cut(word, width(), style, font)
            lines.append([(word[:head], font)])
            word = word[head:]
        if word:
            line = [(word, font)]
    if line:
        lines.append(line)
    return lines or [[]]


def wrap(text: str, style: Style, width: float) -> list[str]:
    lines = wrap_tokens([(word, style.font) for word in text.split()], style, (width, width))
    return [" ".join(word for word, _ in line) for line in lines]


@dataclass(frozen=True)
class _Unit:
    """One line of a cell (or one smiley): the smallest piece a page break can leave alone."""

    height: float
    ops: Callable[[float, float], list[Op]]  # (x, top) -> operations


def _para_units(para: Para, width: float) -> list[_Unit]:
    style = para.style
    tokens = [(word, para.lead_font or style.font) for word in para.lead.split()]
    tokens += [(word, style.font) for word in para.text.split()]
    first = width - para.indent - para.first_indent
    lines = wrap_tokens(tokens, style, (first, width - para.indent))
    units = []
    for index, line in enumerate(lines):
        height = style.line_height + (style.space_after if index == len(lines) - 1 else 0.0)
        offset = para.space_before if index == 0 else 0.0
        indent = para.indent + (para.first_indent if index == 0 else 0.0)
        marker = para.marker if index == 0 else None
        units.append(
            _Unit(
                height + offset,
                _line_ops(line, style, width - indent, offset, indent, marker, para),
            )
        )
    return units


def _line_ops(
    line: list[Token], style: Style, width: float, offset: float, indent: float, marker, para
):
    def ops(x: float, top: float) -> list[Op]:
        shift = indent
        if style.align == "right":
            shift += width - _line_width(line, style)
        elif style.align == "center":
            shift += (width - _line_width(line, style)) / 2
        baseline = top + offset + (style.line_height - style.size) / 2 + style.size * 0.8
        out: list[Op] = []
        if marker is not None:
            out += _marker_ops(marker, para, x, top + offset, baseline, style)
        cursor = x + shift
        run: list[str] = []
        run_font = None
        run_x = cursor
        for index, (word, font) in enumerate(line):
            gap = _width(" ", style, run_font or font) if index else 0.0
            if font != run_font and run:
                out.append(
                    TextOp(run_x, baseline, " ".join(run), run_font, style.size, style.colour)
                )
                run = []
            if not run:
                run_x = cursor + gap
                run_font = font
            run.append(word)
            cursor += gap + _width(word, style, font)
        if run:
            out.append(TextOp(run_x, baseline, " ".join(run), run_font, style.size, style.colour))
        return out

    return ops


def _marker_ops(
    marker: str, para: Para, x: float, top: float, baseline: float, style: Style
) -> list[Op]:
    """A list item's marker at its indent: a glyph or numbering as text, or a drawn disc/square."""
    mx = x + para.marker_indent
    if marker in ("disc", "square"):
        size = style.size * 0.36
        y = baseline - style.size * 0.33 - size / 2
        return [ShapeOp(mx, y, size, marker, style.colour)]
    return [TextOp(mx, baseline, marker, para.marker_font or style.font, style.size, style.colour)]


def _mark_units(mark: Mark, width: float, centre: bool) -> list[_Unit]:
    def ops(x: float, top: float) -> list[Op]:
        shift = (width - mark.size) / 2 if centre else 0.0
        return [MarkOp(x + shift, top + 0.5, mark)]

    return [_Unit(mark.size + 1.0, ops)]


def _cell_units(cell: Cell, width: float) -> list[_Unit]:
    units: list[_Unit] = []
    for item in cell.items:
        if isinstance(item, Mark):
            units += _mark_units(item, width, centre=True)
        else:
            units += _para_units(item, width)
    return units


# ---------------------------------------------------------------- pages


@dataclass
class _Page:
    ops: list[Op] = field(default_factory=list)


@dataclass
class Layout:
    """The laid-out document: pages of operations and what the page breaks did."""

    setup: PageSetup
    pages: list[_Page]
    events: Counter

    @property
    def page_count(self) -> int:
        return len(self.pages)


class _Flow:
    def __init__(self, setup: PageSetup):
        self.setup = setup
        self.pages: list[_Page] = [_Page()]
        self.y = setup.margins[0]
        self.events: Counter = Counter()
        self.columns, self.column, self.gap = 1, 0, 0.0
        self.column_top = setup.margins[0]

    @property
    def frame_width(self) -> float:
        total = self.setup.frame_width
        return (total - self.gap * (self.columns - 1)) / self.columns

    @property
    def left(self) -> float:
        return self.setup.margins[3] + self.column * (self.frame_width + self.gap)

    @property
    def bottom(self) -> float:
        return self.setup.height - self.setup.margins[2]

    @property
    def room(self) -> float:
        return self.bottom - self.y

    @property
    def at_top(self) -> bool:
        return self.y <= self.column_top + 0.01

    def new_page(self) -> None:
        if self.column + 1 < self.columns:
            self.column += 1
            self.y = self.column_top
            return
        self.pages.append(_Page())
        self.y = self.column_top = self.setup.margins[0]
        self.column = 0

    def start_columns(self, block: Columns) -> None:
        self.columns, self.column, self.gap = block.count, 0, block.gap
        self.column_top = self.y

    def emit(self, ops: list[Op]) -> None:
        self.pages[-1].ops.extend(ops)

    # -- blocks

    def para(self, para: Para, following: Block | None) -> None:
        units = _para_units(para, self.frame_width)
        need = sum(u.height for u in units)
        if para.keep_with_next and following is not None:
            need += _min_height(following, self.frame_width)
        if need > self.room and not self.at_top:
            self.new_page()
        for unit in units:
            if unit.height > self.room and not self.at_top:
                self.new_page()
            self.emit(unit.ops(self.left, self.y))
            self.y += unit.height

    def legend(self, item: LegendItem) -> None:
        indent = item.mark.size + _width(": ", item.style)
        lines = wrap(item.text, item.style, self.frame_width - indent)
        height = len(lines) * item.style.line_height + item.style.space_after
        if height > self.room and not self.at_top:
            self.new_page()
        style = item.style
        mark_top = self.y + (style.line_height - item.mark.size) / 2
        self.emit([MarkOp(self.left, mark_top, item.mark)])
        for index, line in enumerate(lines):
            baseline = self.y + (style.line_height - style.size) / 2 + style.size * 0.8
            if index == 0:
                colon_x = self.left + item.mark.size + 0.5
                self.emit([TextOp(colon_x, baseline, ":", style.font, style.size, style.colour)])
            self.emit(
                [TextOp(self.left + indent, baseline, line, style.font, style.size, style.colour)]
            )
            self.y += style.line_height
        self.y += item.style.space_after

    def toc_line(self, line: TocLine) -> None:
        style = line.style
        number_width = _width(line.page, style)
        room = self.frame_width - line.indent - number_width - _width(" ....", style)
        lines = wrap(line.text, style, room)
        height = len(lines) * style.line_height + style.space_after
        if height > self.room and not self.at_top:
            self.new_page()
        x = self.left + line.indent
        for index, text in enumerate(lines):
            baseline = self.y + (style.line_height - style.size) / 2 + style.size * 0.8
            ops: list[Op] = [TextOp(x, baseline, text, style.font, style.size, style.colour)]
            if index == len(lines) - 1:
                start = x + _width(text + " ", style)
                end = self.left + self.frame_width - number_width - _width(" ", style)
                dots = "." * max(3, int((end - start) / _width(".", style)))
                ops.append(TextOp(start, baseline, dots, style.font, style.size, style.colour))
                right = self.left + self.frame_width - number_width
                ops.append(TextOp(right, baseline, line.page, style.font, style.size, style.colour))
            self.emit(ops)
            self.y += style.line_height
        self.y += style.space_after

    def figure(self, figure: Figure) -> None:
        if figure.height > self.room and not self.at_top:
            self.new_page()
        width, top = self.frame_width, self.y
        centres = []
        ops: list[Op] = []
        for box in figure.boxes:
            x0, y0 = self.left + box.x * width, top + box.top
            w = box.w * width
            centres.append((x0 + w / 2, y0, y0 + box.h))
            ops += [
                LineOp(x0, y0, x0 + w, y0, 0.8, black),
                LineOp(x0, y0 + box.h, x0 + w, y0 + box.h, 0.8, black),
                LineOp(x0, y0, x0, y0 + box.h, 0.8, black),
                LineOp(x0 + w, y0, x0 + w, y0 + box.h, 0.8, black),
            ]
            label = Para(box.label, replace(figure.style, align="center"))
            units = _para_units(label, w - 6)
            y = y0 + (box.h - sum(u.height for u in units)) / 2
            for unit in units:
                ops += unit.ops(x0 + 3, y)
                y += unit.height
        for a, b in figure.links:
            (xa, _, bottom_a), (xb, top_b, _) = centres[a], centres[b]
            middle = (bottom_a + top_b) / 2
            ops += [
                LineOp(xa, bottom_a, xa, middle, 0.8, black),
                LineOp(xa, middle, xb, middle, 0.8, black),
                LineOp(xb, middle, xb, top_b, 0.8, black),
            ]
        self.emit(ops)
        self.y = top + figure.height + figure.space_after

    def side_by_side(self, block: SideBySide) -> None:
        left_width = self.frame_width - block.right_width - block.gap
        tops = []
        for paras, x, width in (
            (block.left, self.left, left_width),
            (block.right, self.left + left_width + block.gap, block.right_width),
        ):
            y = self.y
            for para in paras:
                for unit in _para_units(para, width):
                    self.emit(unit.ops(x, y))
                    y += unit.height
            tops.append(y)
        self.y = max(tops) + block.space_after

    def table(self, table: Table) -> None:
        placer = _TablePlacer(self, table)
        placer.place()
        self.y += table.space_after


def _min_height(block: Block, width: float) -> float:
    """What must fit below a heading kept with its next block: a table's header row, three lines."""
    if isinstance(block, Table):
        return _row_height(block.rows[0], block, width) + 36.0
    if isinstance(block, Para):
        return block.style.line_height * 2
    return 0.0


def _row_height(row: Row, table: Table, width: float) -> float:
    top, _, bottom, _ = table.style.padding
    spans = _spans(row, table.widths)
    tallest = 0.0
    for cell, (x0, x1) in zip(row.cells, spans, strict=True):
        inner = x1 - x0 - table.style.padding[1] - table.style.padding[3]
        tallest = max(tallest, sum(u.height for u in _cell_units(cell, inner)))
    return tallest + top + bottom


def _spans(row: Row, widths: Sequence[float]) -> list[tuple[float, float]]:
    edges = [0.0]
    for w in widths:
        edges.append(edges[-1] + w)
    spans, column = [], 0
    for cell in row.cells:
        spans.append((edges[column], edges[column + cell.span]))
        column += cell.span
    if column != len(widths):
        raise ValueError(f"row spans {column} columns of {len(widths)}")
    return spans


@dataclass(frozen=True)
class _Fragment:
    """The part of a row on one page."""

    row: Row
    top: float
    bottom: float
    opens: bool  # its top is the row's real top edge
    closes: bool  # its bottom is the row's real bottom edge


class _TablePlacer:
    def __init__(self, flow: _Flow, table: Table):
        self.flow = flow
        self.table = table
        self.style = table.style
        self.x0 = flow.left
        self.page_fragments: list[_Fragment] = []

    def _cells(self, row: Row) -> list[tuple[Cell, float, float, list[_Unit]]]:
        pad = self.style.padding
        out = []
        for cell, (a, b) in zip(row.cells, _spans(row, self.table.widths), strict=True):
            inner = b - a - pad[1] - pad[3]
            out.append((cell, self.x0 + a, self.x0 + b, _cell_units(cell, inner)))
        return out

    def place(self) -> None:
        rows = self.table.rows
        headers = rows[: self.table.header_rows]
        for index, row in enumerate(rows):
            following = rows[index + 1] if index + 1 < len(rows) else None
            if row.header and following is not None and self.style.keep_header_with_next:
                need = self._full_height(row) + self._first_part_height(following)
                if need > self.flow.room and not self.flow.at_top:
                    self._break_page(repeat=(), continued=index > 0)
            self._place_row(row, headers)
            if row.header and following is not None:
                if self._first_part_height(following) > self.flow.room:
                    self.flow.events["header row alone at the foot of a page"] += 1
        self._draw_rules()

    def _full_height(self, row: Row) -> float:
        pad = self.style.padding
        return max(sum(u.height for u in units) for *_, units in self._cells(row)) + pad[0] + pad[2]

    def _first_part_height(self, row: Row) -> float:
        if not self.style.split_rows:
            return self._full_height(row)
        pad = self.style.padding
        first = max(units[0].height if units else 0.0 for *_, units in self._cells(row))
        return first + pad[0] + pad[2]

    def _break_page(self, repeat: Sequence[Row], continued: bool = True, cut: bool = False) -> None:
        self._draw_rules()
        self.flow.new_page()
        if not continued:
            return
        for header in repeat:
            self.flow.events["header row repeated on a continuation page"] += 1
            self._place_row(header, ())
        if cut and repeat:
            self.flow.events["cut row continued right below the repeated header row"] += 1

    def _place_row(self, row: Row, headers: Sequence[Row]) -> None:
        pad = self.style.padding
        cells = self._cells(row)
        pending = [list(units) for *_, units in cells]
        repeat = headers if self.style.repeat_header and not row.header else ()
        opens = True
        while True:
            full = max(sum(u.height for u in units) for units in pending) + pad[0] + pad[2]
            if full <= self.flow.room:
                self._emit_fragment(row, cells, pending, full, opens, closes=True)
                return
            if not (self.style.split_rows or self.flow.at_top):
                self.flow.events["table split between rows"] += 1
                self._break_page(repeat)
                continue
            fits = self._fitting(pending, self.flow.room - pad[0] - pad[2])
            if any(units and not n for units, n in zip(pending, fits, strict=True)):
                fits = [0] * len(fits)  # a cell whose first line does not fit: no cut here
            if not any(fits):
                if not self.flow.at_top:
                    self.flow.events["table split between rows"] += 1
                    self._break_page(repeat)
                    continue
                fits = [min(1, len(units)) for units in pending]  # a line taller than the page
            taken = [units[:n] for units, n in zip(pending, fits, strict=True)]
            height = max(sum(u.height for u in units) for units in taken) + pad[0] + pad[2]
            before = self.page_fragments[-1].row if self.page_fragments else None
            self._emit_fragment(row, cells, taken, max(height, self.flow.room), opens, closes=False)
            pending = [units[n:] for units, n in zip(pending, fits, strict=True)]
            key = "with" if self.style.closing_rules and self.style.rules in RULED else "without"
            self.flow.events[f"row cut by a page break, {key} closing rules"] += 1
            if before is not None and not before.header and len(before.cells) == 1 < len(row.cells):
                self.flow.events["row cut right below a row spanning the table"] += 1
            self._break_page(repeat, cut=True)
            opens = False

    @staticmethod
    def _fitting(pending: list[list[_Unit]], room: float) -> list[int]:
        fits = []
        for units in pending:
            total, count = 0.0, 0
            for unit in units:
                if total + unit.height > room:
                    break
                total += unit.height
                count += 1
            fits.append(count)
        return fits

    def _emit_fragment(self, row, cells, parts, height, opens, closes) -> None:
        pad = self.style.padding
        top = self.flow.y
        fragment = _Fragment(row, top, top + height, opens, closes)
        self._shade(fragment, cells)
        for (_cell, a, _b, _units), units in zip(cells, parts, strict=True):
            y = top + pad[0]
            for unit in units:
                self.flow.emit(unit.ops(a + pad[3], y))
                y += unit.height
        self.page_fragments.append(fragment)
        self.flow.y = top + height

    # -- rules and shading

    def _shade(self, fragment: _Fragment, cells) -> None:
        style = self.style
        gap = style.gap / 2
        if style.rules is Rules.SHADE_CELLS:
            for cell, a, b, _ in cells:
                colour = cell.fill or (
                    style.header_shading if fragment.row.header else style.shading[0]
                )
                top = fragment.top + (gap if fragment.opens else 0.0)
                bottom = fragment.bottom - (gap if fragment.closes else 0.0)
                self.flow.emit([FillOp(a + gap, top, b - a - 2 * gap, bottom - top, colour)])
        elif style.rules is Rules.SHADE_ROWS:
            count = sum(1 for f in self.page_fragments if f.opens)
            colour = fragment.row.fill or (
                style.header_shading if fragment.row.header else style.shading[count % 2]
            )
            top = fragment.top + (gap if fragment.opens else 0.0)
            bottom = fragment.bottom - (gap if fragment.closes else 0.0)
            width = sum(self.table.widths)
            self.flow.emit([FillOp(self.x0, top, width, bottom - top, colour)])
        else:
            for cell, a, b, _ in cells:
                colour = cell.fill or fragment.row.fill
                if colour is not None:
                    self.flow.emit(
                        [FillOp(a, fragment.top, b - a, fragment.bottom - fragment.top, colour)]
                    )

    def _draw_rules(self) -> None:
        """Rules of the fragments on the page just filled."""
        fragments, self.page_fragments = self.page_fragments, []
        if not fragments or self.style.rules in (Rules.SHADE_CELLS, Rules.SHADE_ROWS, Rules.NONE):
            return
        style = self.style
        x0, x1 = self.x0, self.x0 + sum(self.table.widths)
        ops: list[Op] = []
        for number, fragment in enumerate(fragments):
            after_header = number > 0 and fragments[number - 1].row.header
            draw_top = fragment.opens or style.closing_rules or after_header
            last = number == len(fragments) - 1
            draw_bottom = last and (fragment.closes or style.closing_rules)
            spans = [(self.x0 + a, self.x0 + b) for a, b in _spans(fragment.row, self.table.widths)]
            top, bottom = fragment.top, fragment.bottom
            if style.rules is Rules.FRAME:
                if (number == 0 and draw_top) or _labelled(fragment.row, "Økonomi"):
                    ops += self._h(x0, x1, top)
                if fragment.row.header:
                    ops += self._h(x0, x1, bottom)
                    ops += [op for a, _ in spans[1:] for op in self._v(a, top, bottom)]
                if draw_bottom:
                    ops += self._h(x0, x1, bottom)
                ops += self._v(x0, top, bottom) + self._v(x1, top, bottom)
            elif style.rules is Rules.PIECES:
                for a, b in spans:
                    if draw_top:
                        ops += self._h(a, b, top)
                    if draw_bottom:
                        ops += self._h(a, b, bottom)
                    ops += self._v(a, top, bottom)
                ops += self._v(x1, top, bottom)
            else:
                if draw_top:
                    ops += self._h(x0, x1, top)
                if draw_bottom:
                    ops += self._h(x0, x1, bottom)
                if style.rules is not Rules.HORIZONTAL:
                    ops += [op for a, _ in spans for op in self._v(a, top, bottom)]
                    ops += self._v(x1, top, bottom)
        self.flow.emit(ops)

    def _h(self, a: float, b: float, y: float) -> list[Op]:
        style = self.style
        if style.rules in (Rules.RECTS, Rules.PIECES):
            w = style.rule_width
            return [FillOp(a, y - w / 2, b - a, w, style.rule_colour)]
        return [LineOp(a, y, b, y, style.rule_width, style.rule_colour)]

    def _v(self, x: float, top: float, bottom: float) -> list[Op]:
        style = self.style
        if style.rules in (Rules.RECTS, Rules.PIECES):
            w = style.rule_width
            return [FillOp(x - w / 2, top, w, bottom - top, style.rule_colour)]
        return [LineOp(x, top, x, bottom, style.rule_width, style.rule_colour)]


def _labelled(row: Row, label: str) -> bool:
    first = row.cells[0].items if row.cells else ()
    return bool(first) and isinstance(first[0], Para) and first[0].text == label


def lay_out(blocks: Sequence[Block], setup: PageSetup) -> Layout:
    flow = _Flow(setup)
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, PageBreak):
            flow.column = flow.columns - 1  # the next page, not the next column
            flow.new_page()
        elif isinstance(block, Columns):
            flow.start_columns(block)
        elif isinstance(block, TocLine):
            flow.toc_line(block)
        elif isinstance(block, Figure):
            flow.figure(block)
        elif isinstance(block, Para):
            flow.para(block, following)
        elif isinstance(block, LegendItem):
            flow.legend(block)
        elif isinstance(block, SideBySide):
            flow.side_by_side(block)
        else:
            flow.table(block)
    return Layout(setup, flow.pages, flow.events)


# ---------------------------------------------------------------- drawing


def render(layout: Layout, canvas: Canvas, draw_mark: MarkRenderer) -> None:
    setup = layout.setup
    height = setup.height
    for number, page in enumerate(layout.pages, start=1):
        canvas.setPageSize((setup.width, height))
        for op in page.ops:
            if isinstance(op, FillOp):
                canvas.setFillColor(op.colour)
                canvas.rect(op.x, height - op.top - op.h, op.w, op.h, stroke=0, fill=1)
        for op in page.ops:
            if isinstance(op, LineOp):
                canvas.setStrokeColor(op.colour)
                canvas.setLineWidth(op.width)
                canvas.line(op.x0, height - op.y0, op.x1, height - op.y1)
            elif isinstance(op, TextOp):
                draw_text(canvas, op, height, setup.per_glyph)
            elif isinstance(op, MarkOp):
                draw_mark(canvas, op.mark, op.x, height - op.top - op.mark.size)
            elif isinstance(op, ShapeOp):
                canvas.setFillColor(op.colour)
                y = height - op.top - op.size
                if op.shape == "disc":
                    canvas.circle(
                        op.x + op.size / 2, y + op.size / 2, op.size / 2, stroke=0, fill=1
                    )
                else:
                    canvas.rect(op.x, y, op.size, op.size, stroke=0, fill=1)
        if setup.decorate is not None:
            setup.decorate(canvas, number, layout.page_count, setup)
        canvas.showPage()


def draw_text(canvas: Canvas, op: TextOp, page_height: float, per_glyph: bool) -> None:
    canvas.setFillColor(op.colour)
    canvas.setFont(op.font, op.size)
    y = page_height - op.baseline
    if not per_glyph:
        canvas.drawString(op.x, y, op.text)
        return
    # Each glyph its own BT…ET, placed by moving the origin by the glyph's advance; the font is
    # set outside the text objects (text state outlives them). The operators repeat, so the
    # stream stays small and quick to read.
    font = getFont(op.font)
    canvas.saveState()
    canvas.translate(op.x, y)
    code, current = canvas._code, None
    for char in op.text:
        for subset, data in font.splitString(char, canvas._doc):
            name = font.getSubsetInternalName(subset, canvas._doc)
            if name != current:
                code.append(f"{name} {fp_str(op.size)} Tf")
                current = name
            code.append(f"BT ({canvas._escape(data)}) Tj ET")
        canvas.translate(stringWidth(char, op.font, op.size), 0)
    canvas.restoreState()
