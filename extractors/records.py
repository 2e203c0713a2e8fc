"""Records: what an extractor reads off a document, as printed, with the page it came from.

The records every family shares are here; a family's own records (an initiative, a goal) are
declared in the family's module with the tables made of them. Strings are raw (markup and all);
ids, dates and clean text are the normaliser's work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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


@dataclass(frozen=True, slots=True)
class Count:
    """What a document announces of one kind of thing against what the family read of it: the
    "Milepæl" rows its text layer prints against the milestone rows read."""

    what: str  # "milestone rows"
    announced: int
    read: int
    missing: int = 0  # announced but not read, summed over the pages where reading fell short
    pages: tuple[int, ...] = ()  # those pages

    def shortfall(self) -> str | None:
        """One line saying what was not read, or None when nothing was missed."""
        if not self.missing:
            return None
        pages = ", ".join(str(number) for number in self.pages)
        return (
            f"{self.missing} of {self.announced} {self.what} printed were not read "
            f"(page(s) {pages})"
        )


@dataclass(slots=True)
class Extraction:
    """Everything one family read from one document."""

    extractor: str
    extractor_version: str
    document: DocumentRecord
    # The family's own records, in document order; its tables (``TABLES``) make rows of them.
    records: list[Any] = field(default_factory=list)
    # Pages without a text layer (scanned or blank), damaged pages aside.
    pages_without_text: list[int] = field(default_factory=list)
    # Pages read through OCR (scanned pages; see extractors/pdf/ocr).
    ocr_pages: list[int] = field(default_factory=list)
    # Pages the PDF layer could not read whole (Page.damage); each is named in ``warnings``.
    damaged_pages: list[int] = field(default_factory=list)
    # The damaged pages of which no text could be read at all.
    unread_pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)  # announced against read, for each kind
    coverage: float | None = None  # the share of the body text in some record (see coverage.py)
