"""One extraction into the rows of every table: clean text, dates, checkpoints, canonical ids."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from extractors.records import Extraction, SmileyReading

from .checkpoints import is_due, parse_checkpoint
from .dates import parse_date
from .deadlines import parse_deadline, split_route
from .report_key import report_key
from .status_class import status_class
from .text import clean_text, fold_whitespace, valid_utf8

SMILEY_STATUS = {"green": "achieved", "yellow": "partially_achieved", "red": "not_achieved"}
KINDS = {"drift": "drift", "anlæg": "anlaeg", "anlaeg": "anlaeg"}

_AMOUNT = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*(mia|mio|t|tusind)?\.?\s*kr\b",
    re.IGNORECASE,
)
_SCALE = {"mia": 1000.0, "mio": 1.0, "t": 0.001, "tusind": 0.001, None: 0.000001}


class MentionLike(Protocol):
    """What the normaliser needs of a matched mention (``normalise.matching.Mention``)."""

    @property
    def raw(self) -> str: ...
    @property
    def id(self) -> str | None: ...
    @property
    def best_id(self) -> str | None: ...
    @property
    def score(self) -> float: ...
    @property
    def needs_review(self) -> bool: ...


class EntityMatcher(Protocol):
    def committees(
        self, raw: str | None, municipality: str, on: date | None
    ) -> Sequence[MentionLike]: ...

    def units(
        self, raw: str | None, municipality: str, on: date | None
    ) -> Sequence[MentionLike]: ...


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """What the pipeline knows of the file, as opposed to what the extractor read in it."""

    doc_id: str
    source_path: str
    file_name: str
    pages: int
    status: str
    error: str | None
    ingested_at: datetime
    contract_version: str
    warnings: tuple[str, ...] = ()  # what makes the document partial, one line each


@dataclass(slots=True)
class NormalisedDocument:
    municipality: str
    tables: dict[str, list[dict]] = field(default_factory=dict)
    review: list[dict] = field(default_factory=list)


def amount_mdkk(text: str | None) -> float | None:
    """The first amount in the text, in millions of kroner ("0,6 mio. kr." → 0.6)."""
    if not text:
        return None
    match = _AMOUNT.search(text)
    if not match:
        return None
    whole = match.group(1).replace(".", "")
    number = float(f"{whole}.{match.group(2)}" if match.group(2) else whole)
    scale = match.group(3).lower() if match.group(3) else None
    return round(number * _SCALE[scale], 6)


def _smiley(reading: SmileyReading | None) -> tuple[str | None, str | None, float | None]:
    if reading is None:
        return None, None, None
    return reading.colour, reading.source, float(reading.confidence)


def _text(raw: str | None) -> str:
    return clean_text(raw) or ""


def _matching_date(published: date | None, budget_year: int | None) -> date | None:
    if published is not None:
        return published
    return date(budget_year, 1, 1) if budget_year else None


class _Review:
    def __init__(self, doc_id: str):
        self.doc_id = doc_id
        self.rows: list[dict] = []

    def ids(self, mentions: Sequence[MentionLike], table: str, column: str) -> list[str]:
        found: list[str] = []
        for mention in mentions:
            if mention.id is not None:
                found.append(mention.id)
            elif mention.needs_review:
                self.rows.append(
                    {
                        "doc_id": self.doc_id,
                        "table": table,
                        "column": column,
                        "raw": mention.raw,
                        "best_id": mention.best_id,
                        "score": float(mention.score),
                    }
                )
        return found


def normalise(
    extraction: Extraction, context: DocumentContext, matcher: EntityMatcher
) -> NormalisedDocument:
    """Every table's rows for one document."""
    record = extraction.document
    published = parse_date(record.published_raw)
    municipality = record.municipality or "unknown"
    on = _matching_date(published, record.budget_year)
    review = _Review(context.doc_id)
    doc_id = context.doc_id
    result = NormalisedDocument(municipality)
    title = fold_whitespace(record.title) if record.title else None

    result.tables["documents"] = [
        {
            "doc_id": doc_id,
            "source_path": context.source_path,
            "file_name": context.file_name,
            "doc_type": record.doc_type,
            "title": title,
            "published": published,
            "budget_year": record.budget_year,
            "followup_round": record.followup_round,
            "pages": context.pages,
            "status": context.status,
            "error": context.error,
            "extractor": extraction.extractor,
            "extractor_version": extraction.extractor_version,
            "contract_version": context.contract_version,
            "ingested_at": context.ingested_at,
            "warnings": list(context.warnings),
            "report_key": report_key(
                municipality, record.doc_type, title, record.budget_year, record.followup_round
            ),
        }
    ]

    initiatives, milestones, economy = [], [], []
    for item in extraction.initiatives:
        key = {"doc_id": doc_id, "agreement": item.agreement, "initiative_no": item.number}
        unit_raw = clean_text(item.responsible_unit_raw)
        committee_raw = clean_text(item.responsible_committee_raw)
        units = review.ids(
            matcher.units(unit_raw, municipality, on), "initiatives", "responsible_unit_raw"
        )
        committees = review.ids(
            matcher.committees(committee_raw, municipality, on),
            "initiatives",
            "responsible_committee_raw",
        )
        initiatives.append(
            key
            | {
                "section": fold_whitespace(item.section) if item.section else None,
                "title": fold_whitespace(item.title),
                "kind": KINDS.get((item.kind_raw or "").lower()),
                "description": clean_text(item.description_raw),
                "responsible_unit_raw": unit_raw,
                "responsible_unit_id": units[0] if len(units) == 1 else None,
                "responsible_committee_raw": committee_raw,
                "responsible_committee_ids": committees,
                "contributor_raw": clean_text(item.contributor_raw),
                "latest_status": clean_text(item.latest_status_raw),
                "page_first": item.page_first,
                "page_last": item.page_last,
            }
        )
        for milestone in item.milestones:
            checkpoint_raw = clean_text(milestone.checkpoint_raw)
            checkpoint = parse_checkpoint(checkpoint_raw)
            colour, source, confidence = _smiley(milestone.smiley)
            milestones.append(
                key
                | {
                    "seq": milestone.seq,
                    "checkpoint_raw": checkpoint_raw,
                    "checkpoint_round": checkpoint.round,
                    "checkpoint_date": checkpoint.date,
                    "text": _text(milestone.text_raw),
                    "smiley": colour,
                    "status": SMILEY_STATUS.get(colour) if colour else None,
                    "smiley_source": source,
                    "smiley_confidence": confidence,
                    "page": milestone.page,
                    "checkpoint_year": checkpoint.year,
                    "due": is_due(
                        checkpoint.round,
                        checkpoint.year,
                        record.followup_round,
                        record.budget_year,
                    ),
                }
            )
        if item.economy is not None:
            colour, source, _ = _smiley(item.economy.smiley)
            text = _text(item.economy.text_raw)
            economy.append(
                key
                | {
                    "text": text,
                    "amount_mdkk": amount_mdkk(text),
                    "smiley": colour,
                    "smiley_source": source,
                    "page": item.economy.page,
                }
            )
    result.tables["initiatives"] = initiatives
    result.tables["milestones"] = milestones
    result.tables["economy"] = economy

    status_items = []
    for entry in extraction.status_items:
        responsible_raw = clean_text(entry.responsible_raw)
        committees_raw = clean_text(entry.committees_raw)
        status_text = clean_text(entry.status_text)
        committee_ids: list[str] = []
        for step in split_route(committees_raw):
            committee_ids += review.ids(
                matcher.committees(step, municipality, on), "status_items", "committees_raw"
            )
        status_items.append(
            {
                "doc_id": doc_id,
                "seq": entry.seq,
                "section": entry.section,
                "title": entry.title,
                "text": _text(entry.text),
                "responsible_raw": responsible_raw,
                "responsible_ids": review.ids(
                    matcher.units(responsible_raw, municipality, on),
                    "status_items",
                    "responsible_raw",
                ),
                "committees_raw": committees_raw,
                "committee_ids": committee_ids,
                "deadline_raw": clean_text(entry.deadline_raw),
                "deadline_date": parse_deadline(clean_text(entry.deadline_raw)),
                "status_text": status_text,
                "page": entry.page,
                "status_class": status_class(status_text),
            }
        )
    result.tables["status_items"] = status_items

    result.tables["goals"] = [
        {
            "doc_id": doc_id,
            "focus_area_no": goal.focus_area_no,
            "focus_area": goal.focus_area,
            "goal_no": goal.goal_no,
            "goal": goal.goal,
            "actions": list(goal.actions),
            "indicators": list(goal.indicators),
            "page": goal.page,
        }
        for goal in extraction.goals
    ]
    result.tables["themes"] = [
        {
            "doc_id": doc_id,
            "seq": theme.seq,
            "theme": theme.theme,
            "text": clean_text(theme.text),
            "page": theme.page,
        }
        for theme in extraction.themes
    ]
    result.review = review.rows
    return result


def with_valid_text(document: NormalisedDocument) -> NormalisedDocument:
    """The document with every text valid UTF-8: a lone surrogate in any string of any row
    becomes U+FFFD, and the documents row says so in a warning (the document is then partial,
    unless it failed). Parquet cannot encode such a string; without this, one bad character would
    fail the whole document."""
    where: dict[str, int | None] = {}  # "table.column" -> the first page it occurs on
    replaced = 0
    for table, rows in [*document.tables.items(), ("review_queue", document.review)]:
        for row in rows:
            for column, value in row.items():
                fixed, count = _valid_value(value)
                if count:
                    row[column] = fixed
                    replaced += count
                    where.setdefault(f"{table}.{column}", row.get("page", row.get("page_first")))
    if not replaced:
        return document
    pages = sorted({page for page in where.values() if page is not None})
    warning = (
        f"{replaced} invalid character(s) (lone UTF-16 surrogates) replaced by U+FFFD in "
        + ", ".join(sorted(where))
        + (f" (first on page {pages[0]})" if pages else "")
    )
    for row in document.tables.get("documents", []):
        row["warnings"] = [*row.get("warnings", []), warning]
        if row["status"] == "ok":
            row["status"] = "partial"
        if row.get("error") is None:
            row["error"] = warning
    return document


def _valid_value(value: object) -> tuple[object, int]:
    if isinstance(value, str):
        return valid_utf8(value)
    if isinstance(value, list) and any(isinstance(item, str) for item in value):
        pairs = [valid_utf8(item) if isinstance(item, str) else (item, 0) for item in value]
        return [item for item, _ in pairs], sum(count for _, count in pairs)
    return value, 0
