"""Records: what an extractor reads off a document, as printed, with the page it came from.

Strings are raw (markup and all); ids, dates and clean text are the normaliser's work.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SmileyReading:
    colour: str  # "green" | "yellow" | "red"
    source: str  # "glyph" | "symbol_font" | "vector" | "image"
    confidence: float


@dataclass(slots=True)
class DocumentRecord:
    municipality: str = "unknown"
    doc_type: str = "unknown"
    title: str | None = None
    published_raw: str | None = None  # a date as printed ("1. august 2019") or ISO from metadata
    budget_year: int | None = None
    followup_round: int | None = None


@dataclass(slots=True)
class MilestoneRecord:
    seq: int
    checkpoint_raw: str | None
    text_raw: str
    smiley: SmileyReading | None
    page: int


@dataclass(slots=True)
class EconomyRecord:
    text_raw: str
    smiley: SmileyReading | None
    page: int


@dataclass(slots=True)
class InitiativeRecord:
    agreement: str
    number: str
    section: str | None
    title: str
    kind_raw: str | None
    description_raw: str | None
    responsible_unit_raw: str | None
    responsible_committee_raw: str | None
    contributor_raw: str | None
    latest_status_raw: str | None
    page_first: int
    page_last: int
    milestones: list[MilestoneRecord] = field(default_factory=list)
    economy: EconomyRecord | None = None


@dataclass(slots=True)
class StatusItemRecord:
    seq: int
    section: str | None
    title: str | None
    text: str
    responsible_raw: str | None
    committees_raw: str | None
    deadline_raw: str | None
    status_text: str | None
    page: int


@dataclass(slots=True)
class GoalRecord:
    focus_area_no: str
    focus_area: str
    goal_no: str
    goal: str
    actions: list[str]
    indicators: list[str]
    page: int


@dataclass(slots=True)
class ThemeRecord:
    seq: int
    theme: str
    text: str | None
    page: int


@dataclass(slots=True)
class Extraction:
    """Everything one family read from one document."""

    extractor: str
    extractor_version: str
    document: DocumentRecord
    initiatives: list[InitiativeRecord] = field(default_factory=list)
    status_items: list[StatusItemRecord] = field(default_factory=list)
    goals: list[GoalRecord] = field(default_factory=list)
    themes: list[ThemeRecord] = field(default_factory=list)
    # Pages without a text layer (scanned or blank), damaged pages aside.
    pages_without_text: list[int] = field(default_factory=list)
    # Pages the PDF layer could not read whole (Page.damage); each is named in ``warnings``.
    damaged_pages: list[int] = field(default_factory=list)
    # The damaged pages of which no text could be read at all.
    unread_pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
