"""One reading of a layout variant per test process: its conversion with each backend against its
truth (tests/test_layout_variants.py) and the two backends' page models against each other
(tests/test_page_equivalence.py), from one parse of each page per backend.

The conversions are a worker's full conversion (layout, family, normaliser), with one difference:
the source keeps every page it gives, so that the page models the conversion read are the ones
compared. A page is a frozen record, so what the comparison sees is what the families read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from unittest import mock

from page_model_compare import document_differences
from truthcheck import differences

import pipeline.convert
from extractors.pdf import BACKENDS, DocumentInfo, Page, PdfSource, open_pdf

CORPUS = Path(__file__).resolve().parent / "corpus"


@dataclass
class _KeptPages:
    """A source that keeps the pages it has given, and stays open for the comparison after the
    conversion has closed it."""

    source: PdfSource
    pages: dict[int, Page] = field(default_factory=dict)

    @property
    def info(self) -> DocumentInfo:
        return self.source.info

    def page(self, number: int) -> Page:
        if number not in self.pages:
            self.pages[number] = self.source.page(number)
        return self.pages[number]

    def close(self) -> None:
        pass  # closed by read_variant, after the comparison


@dataclass(frozen=True)
class VariantReading:
    differences: dict[str, list[str]]  # backend: the conversion's differences from the truth
    page_problems: list[str]  # PDFium's page models against pdfplumber's


def truth_of(pdf: Path) -> dict:
    return json.loads((CORPUS / "truth" / f"{pdf.stem}.json").read_text(encoding="utf-8"))


@cache
def read_variant(pdf: Path) -> VariantReading:
    opened: dict[str, _KeptPages] = {}

    def keeping(path, backend, password=None) -> _KeptPages:
        opened[backend] = _KeptPages(open_pdf(path, backend, password))
        return opened[backend]

    truth = truth_of(pdf)
    try:
        with mock.patch.object(pipeline.convert, "open_pdf", keeping):
            found = {backend: differences(pdf, truth, backend) for backend in BACKENDS}
        # A conversion read earlier in the process (truthcheck caches them) kept no pages.
        for backend in BACKENDS:
            opened.setdefault(backend, _KeptPages(open_pdf(pdf, backend)))
        problems = document_differences(pdf, opened["pdfplumber"], opened["pdfium"])
    finally:
        for kept in opened.values():
            kept.source.close()
    return VariantReading(found, problems)
