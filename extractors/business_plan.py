"""Business plans (virksomhedsplaner): focus areas, their goals, and each goal's actions and
indicators.

A focus area is a numbered heading ("1. Budget i balance"), a goal a numbered heading below it
("1.1 Mål – …"); both are told from body text by their numbering and by being set apart (larger,
bold or coloured), so that the table of contents and a list that names them in body text yield
nothing. Under a goal a list follows each of two labels, "Handlinger" and the indicator label,
which documents spell several ways ("Målindikator", "Målintikator", even with Cyrillic letters);
the labels are recognised by what they say, not by one spelling.

The lists are read however they are set: items opened by a bullet glyph, a drawn disc or square,
a number or a letter ("1.", "2)", "a)", "ii."), or one paragraph per item with no marker; wrapped
items with a hanging indent or none; or the two lists side by side in a table under the labels
"Handlinger | Målindikator", ruled or not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum

from .albertslund import (
    body_size,
    clean,
    fold_confusables,
    is_label,
    municipality_of,
    page_text,
    printed_title,
    view_lines,
)
from .pdf.layout import Cell, TextLine, Vocabulary, join_lines
from .pdf.layout.document import DocumentReader, PageView, PlacedBand, Trace
from .pdf.layout.text import page_break_separator
from .pdf.model import BBox, DocumentInfo, Page
from .records import DocumentRecord, Extraction
from .tables import Normalising, Row, Table, columns

NAME = "business_plan"
VERSION = "2"
DOC_TYPE = "business_plan"
# A business plan is mostly prose that belongs to no goal: a complete reading of its goals, actions
# and indicators covers 0.17-0.18 of the body text on the sample and every drawing; a plan whose
# lists were not read covers 0.05.
COVERAGE_BAR = 0.12


@dataclass(slots=True)
class GoalRecord:
    focus_area_no: str
    focus_area: str
    goal_no: str
    goal: str
    actions: list[str]
    indicators: list[str]
    page: int


def _goal_rows(goals: list[GoalRecord], norm: Normalising) -> list[Row]:
    return [
        {
            "doc_id": norm.doc_id,
            "focus_area_no": goal.focus_area_no,
            "focus_area": goal.focus_area,
            "goal_no": goal.goal_no,
            "goal": goal.goal,
            "actions": list(goal.actions),
            "indicators": list(goal.indicators),
            "page": goal.page,
        }
        for goal in goals
    ]


TABLES = (
    Table(
        "goals",
        columns(
            "doc_id: string",
            "focus_area_no: string",
            "focus_area: string",
            "goal_no: string",
            "goal: string",
            "actions: list<string>",
            "indicators: list<string>",
            "page: int32",
        ),
        _goal_rows,
        label="goals",
    ),
)

ACTION_LABELS = ("Handlinger", "Handling", "Aktiviteter", "Initiativer")
INDICATOR_LABELS = (
    "Målindikator",
    "Målindikatorer",
    "Indikator",
    "Indikatorer",
    "Succeskriterier",
    "Succeskriterium",
)
# A list label is a short line.
MAX_LABEL_WORDS = 3
# Glyphs that open a bullet item; symbol fonts map theirs into the private use area.
BULLETS = set("•▪●◦‣∙·■□➢►–-*")
# Lines further apart than this share of their height are two paragraphs (two items where a list
# has no markers).
ITEM_GAP = 0.45
# A drawn marker is a small filled shape, at most this many text heights a side, left of a line.
MARKER_SIZE = 1.0
# ... and no further left of the line's text than this many text heights.
MARKER_REACH = 4.0
# A heading is set at least this many times the body size, or bold, or in colour.
HEADING_SIZE_RATIO = 1.1
# Lines of one heading lie closer than this share of the line height.
HEADING_WRAP_GAP = 1.0
# The document's facts (title, publisher) are read from this many leading pages.
LEADING_PAGES = 3
# A page that lists this many headings with dot leaders and page numbers is a table of contents.
MIN_TOC_ENTRIES = 3

_GOAL = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?\s+(.+)$", re.DOTALL)
_FOCUS = re.compile(r"^(\d{1,2})\.\s+(\D.*)$", re.DOTALL)
_GOAL_WORD = re.compile(r"^m\S{0,2}l\s*[–—-]\s*", re.IGNORECASE)
_TOC_LEADER = re.compile(r"(?:\.{4,}|…{2,})\s*\d+\s*$")
_TOC_TITLE = re.compile(r"indholdsfortegnelse|indhold\b", re.IGNORECASE)
_PLAN = re.compile(r"virksomhedsplan", re.IGNORECASE)
_GOAL_LINE = re.compile(r"^\d{1,2}\.\d{1,2}\.?\s+m\S{0,2}l\s*[–—-]", re.IGNORECASE | re.MULTILINE)
# A list item's number or letter: "1.", "2)", "a)", "b.", "iv.", "(3)".
_ENUMERATOR = re.compile(r"^\(?(?:\d{1,2}|[a-zæøå]|[ivxlc]{1,5})[.)](?:\s+|$)", re.IGNORECASE)


class List(Enum):
    ACTIONS = "actions"
    INDICATORS = "indicators"


def detect(first_pages: list[Page]) -> float:
    """How sure we are that these pages open a business plan (0..1)."""
    views = list(DocumentReader().pages(first_pages))
    text = "\n".join(page_text(view_lines(view)) for view in views)
    folded = fold_confusables(text)
    score = 0.0
    if _PLAN.search(folded):
        score += 0.45
    if _GOAL_LINE.search(folded):
        score += 0.3
    if score and municipality_of(text) != "unknown":
        score += 0.2
    return round(score, 2)


# ---------------------------------------------------------------- lines with their markers


@dataclass(frozen=True, slots=True)
class _Entry:
    """A text line as a list reads it: its marker, if one opens it, and its column."""

    line: TextLine
    marker: str | None
    column: BBox  # the box of the cell the line is in
    text: str  # the line's text without its marker
    page: int
    frame: BBox  # what the cell's lines are measured against
    drawn: bool


def _marker_of(text: str) -> tuple[str | None, str]:
    """A marker printed at the start of the line, and the text after it."""
    first = text[:1]
    if first and (first in BULLETS or 0xE000 <= ord(first) <= 0xF8FF):
        return first, text[1:].strip()
    enumerator = _ENUMERATOR.match(text)
    if enumerator and enumerator.end() < len(text):
        return enumerator.group(0).strip(), text[enumerator.end() :]
    return None, text


def _is_marker_text(text: str) -> bool:
    marker, rest = _marker_of(text)
    return (
        marker is not None
        and not rest.strip()
        or (bool(_ENUMERATOR.fullmatch(text.strip())) and len(text.strip()) <= 5)
    )


def _drawn_marks(cell: Cell) -> list[BBox]:
    """Small filled discs and squares in a cell: bullets drawn, not printed."""
    heights = [line.bbox.height for line in cell.lines]
    size = max(heights) if heights else 12.0
    region = cell.region
    return [
        shape.bbox
        for shape in (*region.curves, *region.rects)
        if shape.fill is not None
        and 1.0 <= shape.bbox.width <= MARKER_SIZE * size
        and 1.0 <= shape.bbox.height <= MARKER_SIZE * size
    ]


def _entries(placed: PlacedBand) -> Iterator[_Entry]:
    """The band's lines, cell by cell (left to right), each with the marker that opens it."""
    cells = [cell for cell in placed.band.cells if cell.lines or _drawn_marks(cell)]
    markers: list[tuple[BBox, str]] = []  # markers set apart from their text (own cells)
    texts: list[Cell] = []
    for cell in cells:
        if not cell.lines:
            markers += [(box, "•") for box in _drawn_marks(cell)]
        elif all(_is_marker_text(line.text) for line in cell.lines) and len(cells) > 1:
            markers += [(line.bbox, line.text.strip()) for line in cell.lines]
        else:
            texts.append(cell)
    for cell in texts:
        drawn = _drawn_marks(cell)
        for line in cell.lines:
            marker, text = _marker_of(line.text)
            if marker is None:
                marker = _marker_beside(line, markers) or _marker_beside(
                    line, [(box, "•") for box in drawn]
                )
            yield _Entry(line, marker, cell.box, text, placed.page, cell.measure, cell.drawn)


def _marker_beside(line: TextLine, markers: list[tuple[BBox, str]]) -> str | None:
    """A marker on the line's row, just left of its text."""
    box = line.bbox
    reach = MARKER_REACH * box.height
    for mark, text in markers:
        middle = (mark.top + mark.bottom) / 2
        if box.top - 1.0 <= middle <= box.bottom + 1.0 and box.x0 - reach <= mark.x1 <= box.x0:
            return text
    return None


# ---------------------------------------------------------------- the reading


@dataclass(slots=True)
class _Goal:
    focus_no: str
    focus: str
    number: str
    title: str
    page: int
    actions: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Item:
    target: List
    lines: list[TextLine]
    texts: list[str]
    column: BBox
    page: int  # where its last line is
    frame: BBox
    drawn: bool


class _Reader:
    """Reads the plan band by band across pages, keeping where in a goal it stands."""

    def __init__(self, body: float):
        self.body = body
        self.goals: list[_Goal] = []
        self.focus: tuple[str, str] | None = None
        self.goal: _Goal | None = None
        self.list: List | None = None  # the list open under a label
        self.table: dict[List, BBox] | None = None  # the lists side by side, by column
        self.items: dict[List, _Item | None] = {List.ACTIONS: None, List.INDICATORS: None}
        self.marked: dict[List, bool] = {List.ACTIONS: False, List.INDICATORS: False}
        self.vocabulary = Vocabulary()
        self.heading: list[TextLine] = []
        self.heading_page = 0

    # ---- items

    def _flush(self, target: List) -> None:
        item = self.items[target]
        self.items[target] = None
        if item is None or self.goal is None:
            return
        lines = [_with_text(line, text) for line, text in zip(item.lines, item.texts, strict=True)]
        text = clean(join_lines(lines, item.frame, self.vocabulary, drawn=item.drawn))
        if text:
            (self.goal.actions if target is List.ACTIONS else self.goal.indicators).append(text)

    def _close_lists(self) -> None:
        for target in List:
            self._flush(target)
        self.list = None
        self.table = None

    def _item_line(self, target: List, entry: _Entry) -> bool:
        """Add a line to a list: a new item, or more of the open one. False when the line is no
        part of the list (text after it), which closes it."""
        item = self.items[target]
        if entry.marker is not None:
            self.marked[target] = True
        starts = entry.marker is not None or item is None
        if item is not None and not starts:
            if entry.page != item.page:
                # Over a page break a list goes on only where its item does.
                separator = page_break_separator(
                    item.lines, item.frame, [entry.line], self.vocabulary, drawn=item.drawn
                )
                if separator == "\n":
                    return False
            elif entry.line.bbox.top - item.lines[-1].bbox.bottom > (
                ITEM_GAP * item.lines[-1].bbox.height
            ):
                # A paragraph: a new item in a list without markers; in a list with markers, the
                # end of the list.
                if self.marked[target]:
                    return False
                starts = True
            elif entry.line.bbox.top < item.lines[-1].bbox.top:
                starts = True  # the table's next column: its own items
        if starts:
            self._flush(target)
            self.items[target] = _Item(
                target,
                [entry.line],
                [entry.text],
                entry.column,
                entry.page,
                entry.frame,
                entry.drawn,
            )
        else:
            item.lines.append(entry.line)
            item.texts.append(entry.text)
            item.page = entry.page
        return True

    # ---- headings

    def _is_heading(self, line: TextLine) -> bool:
        if line.size >= self.body * HEADING_SIZE_RATIO:
            return True
        coloured = line.fill is not None and max(line.fill) - min(line.fill) > 0.15
        return (line.bold or coloured) and not self._is_label(line)

    def _flush_heading(self) -> None:
        if not self.heading:
            return
        text = clean(" ".join(line.text for line in self.heading))
        page = self.heading_page
        self.heading = []
        goal = _GOAL.match(text)
        if goal:
            self._close_lists()
            focus_no = goal.group(1)
            focus = self.focus[1] if self.focus and self.focus[0] == focus_no else ""
            printed = unicodedata.normalize("NFC", goal.group(3))
            # Folding maps letter for letter, so the folded match cuts the printed text too.
            word = _GOAL_WORD.match(fold_confusables(printed))
            title = printed[word.end() :] if word else printed
            number = f"{goal.group(1)}.{goal.group(2)}"
            self.goal = _Goal(focus_no, focus, number, title, page)
            self.goals.append(self.goal)
            return
        focus = _FOCUS.match(text)
        if focus:
            self._close_lists()
            self.goal = None
            self.focus = (focus.group(1), focus.group(2).strip())

    def _is_label(self, line: TextLine) -> bool:
        return self._label(line) is not None

    @staticmethod
    def _label(line: TextLine) -> List | None:
        if len(line.text.split()) > MAX_LABEL_WORDS:
            return None
        if is_label(line.text, ACTION_LABELS):
            return List.ACTIONS
        if is_label(line.text, INDICATOR_LABELS):
            return List.INDICATORS
        return None

    # ---- bands

    def band(self, placed: PlacedBand, toc: bool) -> str:
        entries = list(_entries(placed))
        if not entries:
            return "empty"
        if self.table is not None and placed.first_on_page and not _table_like(placed):
            # The lists' table goes on over a page break only in rows of a table.
            self._close_lists()
        labels = {self._label(entry.line): entry for entry in entries if not entry.marker}
        labels.pop(None, None)
        if self.goal is not None and len(labels) == 2 and len(entries) >= 2:
            # "Handlinger | Målindikator" over two columns: the lists side by side.
            if self.table is not None and placed.first_on_page:
                return "list table header repeated"  # the same lists go on below it
            self._flush_heading()
            self._close_lists()
            self.table = {target: entry.column for target, entry in labels.items()}
            for entry in entries:
                if entry not in labels.values():
                    self._table_line(entry)
            return "list table header"
        notes = []
        for entry in entries:
            notes.append(self._line(entry, placed.page, toc))
        self._flush_heading()
        return ", ".join(sorted(set(notes)))

    def _line(self, entry: _Entry, page: int, toc: bool) -> str:
        line = entry.line
        if toc or _TOC_LEADER.search(line.text):
            return "table of contents"
        if self.heading and _continues_heading(self.heading[-1], line):
            self.heading.append(line)
            return "heading"
        self._flush_heading()
        label = None if entry.marker else self._label(line)
        if self.goal is not None and label is not None:
            self._close_lists()
            self.list = label
            return f"{label.value} label"
        # A numbered heading looks like a numbered item: it is set apart from the items.
        numbered = _GOAL.match(line.text) or _FOCUS.match(line.text)
        if numbered and self._is_heading(line):
            self.heading = [line]
            self.heading_page = page
            return "heading"
        if self.table is not None:
            if self._table_line(entry):
                return "list table"
            self._close_lists()
            return "text"
        if self.list is not None:
            target = self.list
            if self._item_line(target, entry):
                return f"{target.value} item"
            self._close_lists()
        return "text"

    def _table_line(self, entry: _Entry) -> bool:
        """Put a line of the list table in the list of its column; False if it is in neither."""
        ink = entry.line.bbox
        for target, column in self.table.items():
            if column.x0 - 2.0 <= ink.x0 <= column.x1:
                return self._item_line(target, entry)
        return False


def _table_like(placed: PlacedBand) -> bool:
    return placed.band.ruled or sum(1 for cell in placed.band.cells if cell.lines) >= 2


def _continues_heading(previous: TextLine, line: TextLine) -> bool:
    same_style = (
        abs(previous.size - line.size) < 0.3
        and previous.fill == line.fill
        and previous.bold == line.bold
    )
    gap = line.bbox.top - previous.bbox.bottom
    return same_style and gap < previous.bbox.height * HEADING_WRAP_GAP


def _with_text(line: TextLine, text: str) -> TextLine:
    return TextLine(line.chars, text, line.bbox) if text != line.text else line


def _is_toc(view: PageView) -> bool:
    lines = view_lines(view)
    leaders = sum(bool(_TOC_LEADER.search(line.text)) for line in lines)
    titled = any(_TOC_TITLE.fullmatch(line.text.strip()) for line in lines)
    return leaders >= MIN_TOC_ENTRIES or titled


def _body_size(views: Iterable[PageView]) -> float:
    return body_size(line for view in views for line in view_lines(view))


def extract(
    pages: Iterable[Page], info: DocumentInfo | None = None, trace: Trace | None = None
) -> Extraction:
    """Read a business plan: the document's facts and one record per goal."""
    views = list(DocumentReader().pages(pages))
    body = _body_size(views)
    reader = _Reader(body)
    for view in views:
        for placed in view.bands:
            reader.vocabulary.add_band(placed.band)
    for view in views:
        toc = _is_toc(view)
        for placed in view.bands:
            note = reader.band(placed, toc)
            if trace is not None:
                trace(placed, note)
    reader._flush_heading()
    reader._close_lists()

    leading = views[:LEADING_PAGES]
    title = printed_title(view_lines(leading[0]), body) if leading else None
    leading_text = "\n".join(
        page_text([*view_lines(view), *view.running_lines]) for view in leading
    )
    document = DocumentRecord(
        municipality=municipality_of(leading_text), doc_type=DOC_TYPE, title=title
    )
    goals = [
        GoalRecord(
            focus_area_no=goal.focus_no,
            focus_area=goal.focus,
            goal_no=goal.number,
            goal=goal.title,
            actions=goal.actions,
            indicators=goal.indicators,
            page=goal.page,
        )
        for goal in reader.goals
    ]
    extraction = Extraction(NAME, VERSION, document, records=goals)
    for goal in goals:
        if not goal.actions:
            extraction.warnings.append(f"goal {goal.goal_no}: no actions found")
        if not goal.indicators:
            extraction.warnings.append(f"goal {goal.goal_no}: no indicators found")
    if not goals:
        extraction.warnings.append("no goals found")
    return extraction
