"""Converting one file: what a worker process does, from bytes on disk to the rows of every table.

Nothing here writes to the output directory; the parent commits what a worker returns.
"""

from __future__ import annotations

import gc
import importlib.abc
import os
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import pyarrow as pa

from extractors.families import declared_tables, extract_document
from extractors.pdf import PasswordRequired, PdfError, open_pdf
from extractors.pdf.collect import cycle_collection_paused
from extractors.pdf.ocr import OcrMode, OcrSource
from normalise.document import (
    DOCUMENTS,
    DocumentContext,
    NormalisedDocument,
    failed_document,
    normalise,
    with_valid_text,
)
from normalise.matching import Matcher
from normalise.registry import Registry
from outputs.schemas import CONTRACT_VERSION
from outputs.store import ContractError, encode

from . import defaults
from .isolation import allow_more_time, exception_message


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
    ocr: str = defaults.OCR  # which pages are read through OCR (--ocr)


@lru_cache(maxsize=4)
def _matcher(overrides: str | None) -> Matcher:
    return Matcher(Registry.load(Path(overrides) if overrides else None))


# Net allocations between two runs of the cycle collector in a worker. A page is thousands of
# tuples that live until the page is read and hold no cycles; at the default (700) the collector
# walks every page's chars once for nothing, which costs a worker about a twentieth of its time.
WORKER_GC_THRESHOLD = 50_000


def _ocr_allowance(page: int) -> None:
    allow_more_time(defaults.OCR_SECONDS_PER_PAGE)


def prepare_worker() -> None:
    """Set up a worker process once, before its first file."""
    # One Tesseract thread per worker, set before it loads: the workers read documents in
    # parallel, and threads within each would only contend for the same cores.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])
    spare_pandas()
    # What the imports made lives as long as the worker: kept out of the collector's walks, a
    # full collection walks only what the files made (a twelfth of a worker's time on the
    # samples before).
    gc.freeze()


def spare_pandas() -> None:
    """Tell pyarrow, once for this process, that there is no pandas to import.

    pyarrow imports pandas when it builds its first array, only to ask whether the input is a
    pandas object; opfolg hands it plain lists. Told once, pyarrow does not ask again, and the
    process is spared about 0.25 s. pandas stays importable for anyone who asks for it.
    """
    refusal = _Refuse("pandas")
    sys.meta_path.insert(0, refusal)
    try:
        pa.array(["a"])
    finally:
        sys.meta_path.remove(refusal)


class _Refuse(importlib.abc.MetaPathFinder):
    """Makes one package look absent to whoever imports it."""

    def __init__(self, package: str):
        self.package = package

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == self.package or name.startswith(self.package + "."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


# What the fork server the workers are forked from imports besides this module
# (pipeline.isolation.worker_context).
FORK_SERVER_PRELOAD = ("pipeline.worker_warmup",)

MAX_ERROR = 240  # characters: documents.error is one line a person reads, not a log
_HEAD = 1024  # bytes in which a PDF's "%PDF-" header must appear
_TAIL = 2048  # bytes at the end in which a complete PDF has its "%%EOF"


def _pages_phrase(pages: list[int]) -> str:
    """Page numbers as short ranges: [1, 2, 3, 7] -> "1-3, 7"; at most 10 ranges shown."""
    runs: list[list[int]] = []
    for number in sorted(pages):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    shown = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs[:10])
    rest = sum(b - a + 1 for a, b in runs[10:])
    return shown + (f" and {rest} more" if rest else "")


def one_line(text: str) -> str:
    """``text`` as one short line: whitespace runs collapsed, cut at MAX_ERROR characters."""
    line = " ".join(text.split())
    return line if len(line) <= MAX_ERROR else line[: MAX_ERROR - 3].rstrip() + "..."


def not_a_pdf(path: str) -> str | None:
    """Why the file at ``path`` cannot be a PDF at all, judged from its first bytes; else None."""
    with open(path, "rb") as handle:
        head = handle.read(_HEAD)
    if not head:
        return "the file is empty (0 bytes): nothing to read"
    if b"%PDF-" not in head:
        return "not a PDF: the file does not start with %PDF- (another kind of file named .pdf?)"
    return None


def _cut_short(path: str) -> bool:
    with open(path, "rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - _TAIL))
        return b"%%EOF" not in handle.read()


def failed(task: ConvertTask, error: str, pages: int = 0) -> NormalisedDocument:
    """The documents row of a file that could not be converted."""
    line = one_line(error)
    return failed_document(_context(task, pages, "failed", line, (line,)))


def _context(
    task: ConvertTask,
    pages: int,
    status: str,
    error: str | None,
    warnings: tuple[str, ...] = (),
) -> DocumentContext:
    return DocumentContext(
        doc_id=task.doc_id,
        source_path=task.source_path,
        file_name=task.file_name,
        pages=pages,
        status=status,
        error=error,
        ingested_at=task.ingested_at,
        contract_version=CONTRACT_VERSION,
        warnings=warnings,
    )


@dataclass(frozen=True, slots=True)
class ConvertedDocument:
    """What a worker sends back: the document's files ready to write, and what the manifest and
    the summary need to know of it."""

    municipality: str
    files: dict[str, bytes]
    document: dict
    counts: dict


def encoded(document: NormalisedDocument) -> ConvertedDocument:
    """The document's files; a document whose rows break the contract is failed instead, with
    the reason, and none of its rows are written."""
    document = with_valid_text(document)
    try:
        files = encode(document.tables, document.review)
    except ContractError as error:
        document = _refused(document, str(error))
        files = encode(document.tables, document.review)
    return ConvertedDocument(
        document.municipality, files, document.tables[DOCUMENTS][0], counts(document)
    )


def _refused(document: NormalisedDocument, reason: str) -> NormalisedDocument:
    row = dict(document.tables[DOCUMENTS][0])
    line = one_line(f"rows not written: {reason}")
    row.update(status="failed", error=line, warnings=[line, *row.get("warnings", [])])
    return NormalisedDocument(document.municipality, {DOCUMENTS: [row]})


def counts(document: NormalisedDocument) -> dict:
    """Rows per table and the tallies the tables declare (smileys by colour), for the manifest
    and the run summary."""
    tables = {name: len(rows) for name, rows in document.tables.items() if name != DOCUMENTS}
    result: dict = {"tables": {name: count for name, count in sorted(tables.items()) if count}}
    for table in declared_tables():
        rows = document.tables.get(table.name, [])
        for tally in table.tallies:
            found = Counter(row[tally.column] for row in rows if row.get(tally.column))
            result[tally.key] = dict(sorted(found.items()))
    result["review"] = len(document.review)
    return result


def convert(task: ConvertTask) -> ConvertedDocument:
    """One file's datasets, encoded in the worker so that the parent only writes them.

    The cycle collector is paused for the file and run once after it. A file's pages, chars and
    layouts hold no reference cycles and are freed as they go out of use; what it leaves in
    cycles is little (at most 2,300 objects for a 44-page sample, either backend), while the
    collector, left running, walked every page's young objects once more for nothing (a tenth
    of a worker's time on the samples).
    """
    with cycle_collection_paused():
        converted = encoded(convert_rows(task))
    # What the file made is all in the youngest generation: a collection of it alone finds the
    # file's cycles, without walking again what earlier files left (caches, lazy imports).
    gc.collect(0)
    return converted


def convert_rows(task: ConvertTask) -> NormalisedDocument:
    """Extract and normalise one file; a file that cannot be read gives a failed documents row."""
    try:
        reason = not_a_pdf(task.path)
    except OSError as error:
        return failed(task, f"cannot read the file ({error.strerror})")
    if reason:
        return failed(task, reason)
    try:
        source = open_pdf(task.path, task.backend, task.password)
    except PasswordRequired as error:
        return failed(task, str(error))
    except PdfError as error:
        if _cut_short(task.path):
            return failed(
                task, "the PDF is cut short (no %%EOF at its end): get a complete copy of the file"
            )
        return failed(task, str(error))
    source = OcrSource(source, task.path, task.password, OcrMode(task.ocr), _ocr_allowance)
    try:
        pages = source.info.pages
        if pages == 0:
            return failed(
                task,
                "no pages found: the PDF's page tree or cross-reference table is damaged beyond "
                "repair; save the file again from the program that made it",
            )
        if pages > task.max_pages:
            return failed(
                task, f"{pages} pages, more than the limit of {task.max_pages} (--max-pages)", pages
            )
        try:
            extraction = extract_document(source)
        except PdfError as error:
            return failed(task, str(error), pages)
        except MemoryError:
            raise  # the worker reports the memory limit
        except Exception as error:  # a defect met on this file: fail it, keep the batch going
            return failed(task, f"extraction failed ({exception_message(error)})", pages)
        if extraction.damaged_pages:
            # The first warning, the document's error, names every damaged page and the first
            # damage; the damaged pages and those without text may be all there is.
            damaged = f"damaged page(s) {_pages_phrase(extraction.damaged_pages)}"
            extraction.warnings[0] = f"{damaged}; {extraction.warnings[0]}"
            if len({*extraction.pages_without_text, *extraction.unread_pages}) >= pages:
                return failed(task, f"no page could be read: {extraction.warnings[0]}", pages)
    finally:
        source.close()
    warnings = [one_line(warning) for warning in extraction.warnings]
    if extraction.pages_without_text:
        missing = extraction.pages_without_text
        outcome = (
            "OCR found no text on them either"
            if set(missing) <= set(extraction.ocr_pages)
            else "those pages were not read"
        )
        warnings.insert(
            0,
            f"no text layer on page(s) {_pages_phrase(missing)} ({len(missing)} of {pages} "
            f"pages; scanned or blank?): {outcome}",
        )
    status, error = ("partial", warnings[0]) if warnings else ("ok", None)
    context = _context(task, pages, status, error, tuple(warnings))
    return normalise(extraction, context, _matcher(task.overrides))
