"""The document families opfolg knows, and how a document is matched to one.

A family is a module with ``NAME``, ``VERSION``, ``detect(pages) -> float`` (how sure it is, 0..1,
from the first pages), ``extract(pages, info) -> Extraction`` and ``TABLES``, the tables it writes
(``extractors.tables.Table``: columns, how its records become rows, what the summary counts). A
new family is one new module named in ``FAMILY_MODULES`` (or in ``OPFOLG_FAMILIES``, a
comma-separated list of modules to load after them); nothing else names it.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Iterator
from functools import cache
from types import ModuleType

from .coverage import BodyText
from .pdf import Page, PdfSource
from .pdf.layout.document import DocumentReader, PageView
from .records import DocumentRecord, Extraction
from .tables import Table

FAMILY_MODULES = (
    "extractors.budget_followup",
    "extractors.status_list",
    "extractors.business_plan",
    "extractors.themes",
)
# Families look at this many leading pages to recognise a document.
DETECT_PAGES = 3
# Below this certainty no family claims a document: it is `unknown`.
DETECT_THRESHOLD = 0.5
# A document no family claims but one family is this sure of looks like that family's: it is
# `partial` (something was shown that nothing read), not `ok` with nothing. Structure alone is not
# enough: numbered headings without a municipality or a theme word give the themes family 0.35,
# the most any of the 195 peer PDFs scores.
LOOKS_LIKE_THRESHOLD = 0.4

UNKNOWN = "unknown"
UNKNOWN_VERSION = "1"


# More family modules to load after FAMILY_MODULES, comma-separated: a user's own family.
EXTRA_FAMILIES_VARIABLE = "OPFOLG_FAMILIES"


def family_modules() -> tuple[str, ...]:
    extra = os.environ.get(EXTRA_FAMILIES_VARIABLE, "")
    return FAMILY_MODULES + tuple(name.strip() for name in extra.split(",") if name.strip())


def families() -> list[ModuleType]:
    return _load(family_modules())


@cache
def _load(names: tuple[str, ...]) -> list[ModuleType]:
    return [importlib.import_module(name) for name in names]


def declared_tables() -> tuple[Table, ...]:
    """Every family's tables, in the order of the families and of their declarations.

    Two families may write one table by declaring the same ``Table`` object (one imports it from
    the other); two different declarations under one name are an error.
    """
    return _tables(family_modules())


@cache
def _tables(names: tuple[str, ...]) -> tuple[Table, ...]:
    found: dict[str, Table] = {}
    for family in _load(names):
        for table in family.TABLES:
            if found.setdefault(table.name, table) is not table:
                raise ValueError(f"table {table.name!r} declared twice ({family.__name__})")
    return tuple(found.values())


def tables_of(extractor: str) -> tuple[Table, ...]:
    """The tables of the family named ``extractor`` (none for ``unknown``)."""
    for family in families():
        if family.NAME == extractor:
            return tuple(family.TABLES)
    return ()


def classify(first_pages: list[Page]) -> ModuleType | None:
    """The family most sure of these pages, if any is sure enough."""
    family, score = _best(first_pages)
    return family if score >= DETECT_THRESHOLD else None


def _best(first_pages: list[Page]) -> tuple[ModuleType | None, float]:
    """The family most sure of these pages and how sure it is (the first of a tie)."""
    best, best_score = None, 0.0
    for family in families():
        score = family.detect(first_pages)
        if score > best_score:
            best, best_score = family, score
        if best_score >= 1.0:
            break  # certain: a later family could only tie, and a tie keeps the first
    return best, best_score


def _pages(source: PdfSource, numbers: Iterable[int]) -> Iterator[Page]:
    for number in numbers:
        yield source.page(number)


def extract_document(source: PdfSource, page_count: int | None = None) -> Extraction:
    """Classify and extract one open document, parsing every page exactly once; then measure
    what was read against what the document shows (its announced counts, its coverage)."""
    total = source.info.pages if page_count is None else min(page_count, source.info.pages)
    first = list(_pages(source, range(1, min(DETECT_PAGES, total) + 1)))
    without_text: list[int] = []
    body = BodyText()
    damaged: dict[int, tuple[str, ...]] = {}
    unread: list[int] = []

    def watched(views: Iterable[PageView]) -> Iterator[Page]:
        for view in views:
            page = view.page
            # A damaged page without text lost it to the damage: it has no missing text layer.
            if page.damage:
                damaged[page.number] = page.damage
                if not page.has_text:
                    unread.append(page.number)
            elif not page.has_text:
                without_text.append(page.number)
            body.add(page.number, (line for b in view.bands for line in b.band.lines))
            yield page

    rest = _pages(source, range(len(first) + 1, total + 1))
    all_pages = watched(DocumentReader().pages(_chain(first, rest)))
    family, score = _best(first)
    if score < DETECT_THRESHOLD:
        for _ in all_pages:
            pass
        extraction = Extraction(UNKNOWN, UNKNOWN_VERSION, DocumentRecord())
        if family is not None and score >= LOOKS_LIKE_THRESHOLD:
            extraction.warnings.append(
                f"looks like a {family.NAME} document (certainty {score:.2f}, "
                f"{DETECT_THRESHOLD:.2f} needed) but no family read it"
            )
    else:
        extraction = family.extract(all_pages, source.info)
        for _ in all_pages:  # a family may stop early; the text-layer check still sees every page
            pass
    # A page read through OCR is without text only where OCR found none on it either (a blank
    # scan, or one OCR could not read): it is still named, and the document is partial.
    extraction.ocr_pages = sorted(set(getattr(source, "ocr_pages", ())))
    extraction.pages_without_text = sorted(set(without_text))
    extraction.damaged_pages = sorted(damaged)
    extraction.unread_pages = sorted(set(unread))
    # Damage comes first: it is what a reader of the document's error must know.
    extraction.warnings[:0] = [
        f"page {number} damaged: {'; '.join(damage)}" for number, damage in sorted(damaged.items())
    ]
    extraction.warnings.extend(filter(None, (count.shortfall() for count in extraction.counts)))
    coverage = body.coverage([extraction.document, extraction.records])
    extraction.coverage = coverage.share
    bar = getattr(family, "COVERAGE_BAR", None) if score >= DETECT_THRESHOLD else None
    if bar is not None and coverage.share is not None and coverage.share < bar:
        extraction.warnings.append(
            f"only {coverage.share:.0%} of the body text went into records, {bar:.0%} expected "
            f"(pages below: {', '.join(map(str, coverage.pages_below(bar))) or 'none alone'})"
        )
    return extraction


def _chain(first: list[Page], rest: Iterator[Page]) -> Iterator[Page]:
    yield from first
    yield from rest
