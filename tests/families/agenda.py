"""A family that lives outside opfolg: council agendas ("Dagsorden") with their decisions.

It proves that a new kind of document is one new file: loaded through ``OPFOLG_FAMILIES``, it
adds a table of its own (``agenda_items``) that is ingested, written, counted and summarised like
the shipped ones, without a line changed anywhere else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from extractors.pdf import DocumentInfo, Page
from extractors.pdf.layout import page_lines
from extractors.records import DocumentRecord, Extraction
from extractors.tables import Normalising, Row, Table, Tally, columns

NAME = "agenda"
VERSION = "1"
DOC_TYPE = "agenda"

_TITLE = re.compile(r"^Dagsorden\b")
_ITEM = re.compile(r"^(\d{1,2})\.\s+(.+?)\s+[–-]\s+(Godkendt|Afvist|Udsat)\s*\((.+)\)$")
DECISIONS = {"Godkendt": "approved", "Afvist": "rejected", "Udsat": "postponed"}


@dataclass(slots=True)
class AgendaItemRecord:
    number: int
    title: str
    decision_raw: str
    committee_raw: str
    page: int


def _item_rows(items: list[AgendaItemRecord], norm: Normalising) -> list[Row]:
    table, column = "agenda_items", "committee_raw"
    return [
        {
            "doc_id": norm.doc_id,
            "item_no": item.number,
            "title": norm.line(item.title),
            "decision": DECISIONS[item.decision_raw],
            "committee_raw": norm.text(item.committee_raw),
            "committee_ids": norm.committee_ids(item.committee_raw, table, column),
            "page": item.page,
        }
        for item in items
    ]


TABLES = (
    Table(
        "agenda_items",
        columns(
            "doc_id: string",
            "item_no: int32",
            "title: string",
            "decision: string",
            "committee_raw: string?",
            "committee_ids: list<string>",
            "page: int32",
        ),
        _item_rows,
        label="agenda items",
        tallies=(
            Tally("decisions", "decision", "decisions", ("approved", "rejected", "postponed")),
        ),
    ),
)


def _texts(page: Page) -> list[str]:
    return [line.text.strip() for line in page_lines(page)]


def detect(first_pages: list[Page]) -> float:
    texts = _texts(first_pages[0]) if first_pages else []
    return 1.0 if any(_TITLE.match(text) for text in texts[:3]) else 0.0


def extract(pages: Iterable[Page], info: DocumentInfo | None = None) -> Extraction:
    document = DocumentRecord(doc_type=DOC_TYPE)
    items: list[AgendaItemRecord] = []
    for page in pages:
        for text in _texts(page):
            if document.title is None and _TITLE.match(text):
                document.title = text
            if "Ballerup" in text:
                document.municipality = "ballerup"
            match = _ITEM.match(text)
            if match:
                number, title, decision, committee = match.groups()
                items.append(AgendaItemRecord(int(number), title, decision, committee, page.number))
    extraction = Extraction(NAME, VERSION, document, records=items)
    if not items:
        extraction.warnings.append("no agenda items found")
    return extraction
