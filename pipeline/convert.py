"""Converting one file: what a worker process does, from bytes on disk to the rows of every table.

Nothing here writes to the output directory; the parent commits what a worker returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from extractors.families import UNKNOWN, UNKNOWN_VERSION, extract_document
from extractors.pdf import PdfError, open_pdf
from normalise.document import DocumentContext, NormalisedDocument, normalise
from normalise.matching import Matcher
from normalise.registry import Registry
from outputs.schemas import CONTRACT_VERSION


@dataclass(frozen=True, slots=True)
class ConvertTask:
    path: str
    source_path: str
    file_name: str
    doc_id: str
    ingested_at: datetime
    backend: str
    password: str | None
    max_pages: int
    overrides: str | None


@lru_cache(maxsize=4)
def _matcher(overrides: str | None) -> Matcher:
    return Matcher(Registry.load(Path(overrides) if overrides else None))


def _pages_phrase(pages: list[int]) -> str:
    shown = ", ".join(str(n) for n in pages[:10])
    return shown + (f" and {len(pages) - 10} more" if len(pages) > 10 else "")


def failed(task: ConvertTask, error: str, pages: int = 0) -> NormalisedDocument:
    """The documents row of a file that could not be converted."""
    context = _context(task, pages, "failed", error)
    return NormalisedDocument(
        "unknown",
        {"documents": [_failed_row(context)]},
    )


def _failed_row(context: DocumentContext) -> dict:
    return {
        "doc_id": context.doc_id,
        "source_path": context.source_path,
        "file_name": context.file_name,
        "doc_type": UNKNOWN,
        "title": None,
        "published": None,
        "budget_year": None,
        "followup_round": None,
        "pages": context.pages,
        "status": context.status,
        "error": context.error,
        "extractor": UNKNOWN,
        "extractor_version": UNKNOWN_VERSION,
        "contract_version": context.contract_version,
        "ingested_at": context.ingested_at,
    }


def _context(task: ConvertTask, pages: int, status: str, error: str | None) -> DocumentContext:
    return DocumentContext(
        doc_id=task.doc_id,
        source_path=task.source_path,
        file_name=task.file_name,
        pages=pages,
        status=status,
        error=error,
        ingested_at=task.ingested_at,
        contract_version=CONTRACT_VERSION,
    )


def convert(task: ConvertTask) -> NormalisedDocument:
    """Extract and normalise one file; a file that cannot be read gives a failed documents row."""
    try:
        source = open_pdf(task.path, task.backend, task.password)
    except PdfError as error:
        return failed(task, str(error))
    try:
        pages = source.info.pages
        if pages == 0:
            return failed(task, "the PDF has no pages")
        if pages > task.max_pages:
            return failed(
                task, f"{pages} pages, more than the limit of {task.max_pages} (--max-pages)", pages
            )
        try:
            extraction = extract_document(source)
        except PdfError as error:
            return failed(task, str(error), pages)
    finally:
        source.close()
    status, error = "ok", None
    if extraction.pages_without_text:
        status = "partial"
        error = (
            f"no text layer on page(s) {_pages_phrase(extraction.pages_without_text)} "
            "(scanned images?); those pages were not read"
        )
    elif extraction.warnings:
        status, error = "partial", extraction.warnings[0]
    context = _context(task, pages, status, error)
    return normalise(extraction, context, _matcher(task.overrides))
