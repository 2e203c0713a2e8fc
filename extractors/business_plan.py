"""Business plans (virksomhedsplaner): focus areas, their goals, and each goal's actions and
indicators.

A focus area is a numbered heading ("1. Budget i balance"), a goal a numbered heading below it
("1.1 Mål – …"); both are told from body text by size and weight or colour, so the table of
contents, which repeats them at body size, yields nothing. Under a goal a bullet list follows
each of two labels, "Handlinger" and the indicator label, which documents spell several ways
("Målindikator", "Målintikator", even with Cyrillic letters); the labels are recognised by what
they say (look-alike letters folded to Latin, then a fuzzy comparison), not by one spelling.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .albertslund import (
    body_size,
    clean,
    continues_heading,
    fold_confusables,
    is_heading,
    is_label,
    municipality_of,
    page_text,
    printed_title,
    view_lines,
)
from .pdf.layout import TextLine, join_lines
from .pdf.layout.document import DocumentReader, Trace
from .pdf.model import DocumentInfo, Page
from .records import DocumentRecord, Extraction, GoalRecord

NAME = "business_plan"
VERSION = "1"
DOC_TYPE = "business_plan"

ACTION_LABELS = ("Handlinger", "Handling", "Aktiviteter", "Initiativer")
INDICATOR_LABELS = (
    "Målindikator",
    "Målindikatorer",
    "Indikator",
    "Indikatorer",
    "Succeskriterier",
    "Succeskriterium",
)
# A list label is a short bold line.
MAX_LABEL_WORDS = 3
# Glyphs that open a bullet item; symbol fonts map theirs into the private use area.
BULLETS = set("•▪●◦‣∙·■□➢►-–*")
# A wrapped bullet line starts at least this far (points) right of its bullet.
CONTINUATION_INDENT = 3.0
# Lines further apart than this share of their height do not belong to one bullet item.
ITEM_GAP = 1.0
# The document's facts (title, publisher) are read from this many leading pages.
LEADING_PAGES = 3

_GOAL = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?\s+(.+)$")
_FOCUS = re.compile(r"^(\d{1,2})\.\s+(\D.*)$")
_GOAL_WORD = re.compile(r"^m\S{0,2}l\s*[–—-]\s*", re.IGNORECASE)
_TOC_LEADER = re.compile(r"\.{4,}\s*\d+\s*$")
_PLAN = re.compile(r"virksomhedsplan", re.IGNORECASE)
_GOAL_LINE = re.compile(r"^\d{1,2}\.\d{1,2}\.?\s+m\S{0,2}l\s*[–—-]", re.IGNORECASE | re.MULTILINE)


def _is_bullet(line: TextLine) -> bool:
    first = line.text[:1]
    return bool(first) and (first in BULLETS or 0xE000 <= ord(first) <= 0xF8FF)


def _without_bullet(line: TextLine) -> TextLine:
    return dataclasses.replace(line, text=line.text[1:].strip())


def _is_list_label(line: TextLine, labels: tuple[str, ...]) -> bool:
    return line.bold and len(line.text.split()) <= MAX_LABEL_WORDS and is_label(line.text, labels)


def detect(first_pages: list[Page]) -> float:
    """How sure we are that these pages open a business plan (0..1)."""
    text = "\n".join(page_text(view_lines(view)) for view in DocumentReader().pages(first_pages))
    folded = fold_confusables(text)
    score = 0.0
    if _PLAN.search(folded):
        score += 0.45
    if _GOAL_LINE.search(folded):
        score += 0.3
    if score and municipality_of(text) != "unknown":
        score += 0.2
    return round(score, 2)


@dataclass(slots=True)
class _Goal:
    focus_no: str
    focus: str
    number: str
    title: str
    page: int
    actions: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)


class _Reader:
    """Reads the plan line by line across pages, keeping where in a goal it stands."""

    def __init__(self) -> None:
        self.sizes: Counter[float] = Counter()
        self.goals: list[_Goal] = []
        self.focus: tuple[str, str] | None = None
        self.goal: _Goal | None = None
        self.mode: str | None = None  # "actions" | "indicators" while a list is open
        self.item: list[TextLine] = []

    @property
    def body(self) -> float:
        return self.sizes.most_common(1)[0][0] if self.sizes else 0.0

    def count_sizes(self, lines: list[TextLine]) -> None:
        for line in lines:
            for char in line.chars:
                if not char.text.isspace():
                    self.sizes[round(char.size, 1)] += 1

    def flush_item(self) -> None:
        if self.item and self.goal is not None and self.mode is not None:
            lines = [_without_bullet(self.item[0]), *self.item[1:]]
            text = clean(join_lines(lines))
            if text:
                target = self.goal.actions if self.mode == "actions" else self.goal.indicators
                target.append(text)
        self.item = []

    def close_goal(self) -> None:
        self.flush_item()
        self.mode = None
        self.goal = None

    def heading(self, text: str, page: int) -> None:
        self.close_goal()
        goal = _GOAL.match(text)
        if goal:
            focus_no = goal.group(1)
            focus = self.focus[1] if self.focus and self.focus[0] == focus_no else ""
            printed = unicodedata.normalize("NFC", goal.group(3))
            # Folding maps letter for letter, so the folded match cuts the printed text too.
            word = _GOAL_WORD.match(fold_confusables(printed))
            title = printed[word.end() :] if word else printed
            self.goal = _Goal(focus_no, focus, f"{goal.group(1)}.{goal.group(2)}", title, page)
            self.goals.append(self.goal)
            return
        focus = _FOCUS.match(text)
        self.focus = (focus.group(1), focus.group(2).strip()) if focus else None

    def page(self, page: Page, lines: list[TextLine]) -> None:
        body = self.body
        index = 0
        first = True
        while index < len(lines):
            line = lines[index]
            index += 1
            if _TOC_LEADER.search(line.text):
                continue
            if is_heading(line, body):
                parts = [line]
                while index < len(lines) and continues_heading(parts[-1], lines[index]):
                    parts.append(lines[index])
                    index += 1
                self.heading(clean(" ".join(part.text for part in parts)), page.number)
            elif self.goal is not None and _is_list_label(line, ACTION_LABELS):
                self.flush_item()
                self.mode = "actions"
            elif self.goal is not None and _is_list_label(line, INDICATOR_LABELS):
                self.flush_item()
                self.mode = "indicators"
            elif self.mode is not None and _is_bullet(line):
                self.flush_item()
                self.item = [line]
            elif self.item and _continues_item(self.item, line, first):
                self.item.append(line)
            else:
                self.flush_item()
                self.mode = None
            first = False


def _continues_item(item: list[TextLine], line: TextLine, first_on_page: bool) -> bool:
    if _is_bullet(line) or line.bbox.x0 < item[0].bbox.x0 + CONTINUATION_INDENT:
        return False
    previous = item[-1]
    gap = line.bbox.top - previous.bbox.bottom
    return first_on_page or gap < previous.bbox.height * ITEM_GAP


def extract(
    pages: Iterable[Page], info: DocumentInfo | None = None, trace: Trace | None = None
) -> Extraction:
    """Read a business plan: the document's facts and one record per goal."""
    reader = _Reader()
    leading: list[list[TextLine]] = []
    for view in DocumentReader().pages(pages):
        page, lines = view.page, view_lines(view)
        reader.count_sizes(lines)
        if len(leading) < LEADING_PAGES:
            leading.append(lines)
        reader.page(page, lines)
    reader.close_goal()

    leading_body = body_size(line for lines in leading for line in lines)
    title = printed_title(leading[0], leading_body) if leading else None
    document = DocumentRecord(
        municipality=municipality_of("\n".join(page_text(lines) for lines in leading)),
        doc_type=DOC_TYPE,
        title=title,
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
    extraction = Extraction(NAME, VERSION, document, goals=goals)
    for goal in goals:
        if not goal.actions:
            extraction.warnings.append(f"goal {goal.goal_no}: no actions found")
        if not goal.indicators:
            extraction.warnings.append(f"goal {goal.goal_no}: no indicators found")
    if not goals:
        extraction.warnings.append("no goals found")
    return extraction
