"""The document families opfolg knows, and how a document is matched to one.

A family is a module with ``NAME``, ``VERSION``, ``detect(pages) -> float`` (how sure it is, 0..1,
from the first pages) and ``extract(pages, info) -> Extraction``. A new family is one new module
added to ``FAMILY_MODULES``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from types import ModuleType

from .pdf import Page, PdfSource
from .records import DocumentRecord, Extraction

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

UNKNOWN = "unknown"
UNKNOWN_VERSION = "1"


def families() -> list[ModuleType]:
    return [importlib.import_module(name) for name in FAMILY_MODULES]


def classify(first_pages: list[Page]) -> ModuleType | None:
    """The family most sure of these pages, if any is sure enough."""
    best, best_score = None, DETECT_THRESHOLD
    for family in families():
        score = family.detect(first_pages)
        if score >= best_score and (best is None or score > best_score):
            best, best_score = family, score
        if best_score >= 1.0:
            break  # certain: a later family could only tie, and a tie keeps the first
    return best


def _pages(source: PdfSource, numbers: Iterable[int]) -> Iterator[Page]:
    for number in numbers:
        yield source.page(number)


def extract_document(source: PdfSource, page_count: int | None = None) -> Extraction:
    """Classify and extract one open document, parsing every page exactly once."""
    total = source.info.pages if page_count is None else min(page_count, source.info.pages)
    first = list(_pages(source, range(1, min(DETECT_PAGES, total) + 1)))
    without_text: list[int] = []
    damaged: dict[int, tuple[str, ...]] = {}
    unread: list[int] = []

    def watched(pages: Iterable[Page]) -> Iterator[Page]:
        for page in pages:
            # A damaged page without text lost it to the damage: it has no missing text layer.
            if page.damage:
                damaged[page.number] = page.damage
                if not page.has_text:
                    unread.append(page.number)
            elif not page.has_text:
                without_text.append(page.number)
            yield page

    all_pages = watched(_chain(first, _pages(source, range(len(first) + 1, total + 1))))
    family = classify(first)
    if family is None:
        for _ in all_pages:
            pass
        extraction = Extraction(UNKNOWN, UNKNOWN_VERSION, DocumentRecord())
    else:
        extraction = family.extract(all_pages, source.info)
        for _ in all_pages:  # a family may stop early; the text-layer check still sees every page
            pass
    extraction.pages_without_text = sorted(set(without_text))
    extraction.damaged_pages = sorted(damaged)
    extraction.unread_pages = sorted(set(unread))
    # Damage comes first: it is what a reader of the document's error must know.
    extraction.warnings[:0] = [
        f"page {number} damaged: {'; '.join(damage)}" for number, damage in sorted(damaged.items())
    ]
    return extraction


def _chain(first: list[Page], rest: Iterator[Page]) -> Iterator[Page]:
    yield from first
    yield from rest
