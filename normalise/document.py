"""One extraction into the rows of every table: the documents row, and the rows of the tables
its family declares, made with the shared normalisation (clean text, dates, checkpoints,
canonical ids)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from extractors.families import UNKNOWN, UNKNOWN_VERSION, declared_tables, tables_of
from extractors.records import DocumentRecord, Extraction
from extractors.tables import CheckpointLike, Column, columns

from .amounts import amount_mdkk
from .checkpoints import Checkpoint, is_due, parse_checkpoint
from .dates import parse_date
from .deadlines import parse_deadline, split_route
from .matching import Mention
from .report_key import report_key
from .status_class import status_class
from .text import clean_text, fold_whitespace, valid_utf8

DOCUMENTS = "documents"
DOCUMENT_COLUMNS = columns(
    "doc_id: string",
    "source_path: string",
    "file_name: string",
    "doc_type: string",
    "title: string?",
    "published: date32?",
    "budget_year: int16?",
    "followup_round: int8?",
    "pages: int32",
    "status: string",
    "error: string?",
    "extractor: string",
    "extractor_version: string",
    "contract_version: string",
    "ingested_at: timestamp",
    "warnings: list<string>",  # contract 1.1: every warning of the document; error the first
    "report_key: string?",  # contract 1.1: one key for every file of the same report
    "coverage: float32?",  # contract 1.1: the share of the body text in some record
    "ocr_pages: list<int32>",  # contract 1.1: pages read through OCR (none without the OCR route)
    # contract 1.2: what the document announces against what was read, by kind
    "completeness: list<struct<what: string, announced: int32, read: int32>>",
)


def dataset_columns() -> dict[str, tuple[Column, ...]]:
    """The columns of every per-document table, in the order a document's files are committed:
    the families' tables first, documents last (a documents row is never seen before its rows)."""
    tables = {table.name: table.columns for table in declared_tables()}
    return tables | {DOCUMENTS: DOCUMENT_COLUMNS}


class EntityMatcher(Protocol):
    """What the normaliser asks of a matcher (``normalise.matching.Matcher``)."""

    def committees(
        self, raw: str | None, municipality: str, on: date | None
    ) -> Sequence[Mention]: ...

    def units(self, raw: str | None, municipality: str, on: date | None) -> Sequence[Mention]: ...


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


def _matching_date(published: date | None, budget_year: int | None) -> date | None:
    if published is not None:
        return published
    return date(budget_year, 1, 1) if budget_year else None


class DocumentNormaliser:
    """The shared normalisation for one document (``extractors.tables.Normalising``); the names
    it could not map with confidence gather in ``review``."""

    def __init__(self, doc_id: str, record: DocumentRecord, matcher: EntityMatcher):
        self.doc_id = doc_id
        self.record = record
        self.municipality = record.municipality or UNKNOWN
        self.published = parse_date(record.published_raw)
        self._on = _matching_date(self.published, record.budget_year)
        self._matcher = matcher
        self.review: list[dict] = []

    def text(self, raw: str | None) -> str | None:
        return clean_text(raw)

    def line(self, raw: str | None) -> str | None:
        return None if raw is None else fold_whitespace(raw)

    def checkpoint(self, raw: str | None) -> Checkpoint:
        return parse_checkpoint(raw)

    def due(self, checkpoint: CheckpointLike) -> bool | None:
        record = self.record
        return is_due(checkpoint.round, checkpoint.year, record.followup_round, record.budget_year)

    def deadline(self, raw: str | None) -> date | None:
        return parse_deadline(raw)

    def route(self, raw: str | None) -> list[str]:
        return split_route(raw)

    def amount_mdkk(self, text: str | None) -> float | None:
        return amount_mdkk(text)

    def status_class(self, text: str | None) -> str | None:
        return status_class(text)

    def committee_ids(self, raw: str | None, table: str, column: str) -> list[str]:
        mentions = self._matcher.committees(raw, self.municipality, self._on)
        return self._ids(mentions, table, column)

    def unit_ids(self, raw: str | None, table: str, column: str) -> list[str]:
        return self._ids(self._matcher.units(raw, self.municipality, self._on), table, column)

    def _ids(self, mentions: Sequence[Mention], table: str, column: str) -> list[str]:
        found: list[str] = []
        for mention in mentions:
            if mention.id is not None:
                found.append(mention.id)
            elif mention.needs_review:
                self.review.append(
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
    """The documents row and the rows of every table the extraction's family declares."""
    record = extraction.document
    norm = DocumentNormaliser(context.doc_id, record, matcher)
    title = fold_whitespace(record.title) if record.title else None
    document = {
        "doc_id": context.doc_id,
        "source_path": context.source_path,
        "file_name": context.file_name,
        "doc_type": record.doc_type,
        "title": title,
        "published": norm.published,
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
            norm.municipality, record.doc_type, title, record.budget_year, record.followup_round
        ),
        "coverage": extraction.coverage,
        "ocr_pages": list(extraction.ocr_pages),
        "completeness": [
            {"what": count.what, "announced": count.announced, "read": count.read}
            for count in extraction.counts
        ],
    }
    result = NormalisedDocument(norm.municipality, {DOCUMENTS: [document]})
    for table in tables_of(extraction.extractor):
        result.tables[table.name] = table.rows(extraction.records, norm)
    result.review = norm.review
    return result


def failed_document(context: DocumentContext) -> NormalisedDocument:
    """The documents row of a file that could not be read: nothing but what the pipeline knows."""
    nothing = Extraction(UNKNOWN, UNKNOWN_VERSION, DocumentRecord())
    return normalise(nothing, context, _NO_MATCHER)


class _NoMatcher:
    def committees(self, raw: str | None, municipality: str, on: date | None) -> list[Mention]:
        return []

    def units(self, raw: str | None, municipality: str, on: date | None) -> list[Mention]:
        return []


_NO_MATCHER = _NoMatcher()


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
