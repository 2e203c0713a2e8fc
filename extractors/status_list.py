"""Status lists: the follow-up of a budget agreement as one ruled table.

The table has five columns (agreement text, responsible, political route, schedule, status) told
apart by their header row, which is repeated on every page. Rows spanning the whole table are
section headings ("Kulturområdet") or intros to what follows ("Partnerne er enige om følgende:").
A row cut by a page break continues in the first row below the next page's header.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .albertslund import (
    body_size,
    clean,
    is_label,
    municipality_of,
    page_text,
    printed_title,
)
from .pdf.layout import TextLine, left_pad, wrap_separator
from .pdf.layout.document import Trace
from .pdf.layout_legacy import Cell, RuledRow, page_lines, row_cells, ruled_rows
from .pdf.model import DocumentInfo, Page
from .records import DocumentRecord, Extraction, StatusItemRecord

NAME = "status_list"
VERSION = "1"
DOC_TYPE = "status_list"

AGREEMENT, RESPONSIBLE, ROUTE, SCHEDULE, STATUS = (
    "agreement",
    "responsible",
    "route",
    "schedule",
    "status",
)
COLUMNS = (AGREEMENT, RESPONSIBLE, ROUTE, SCHEDULE, STATUS)
# Header labels as municipalities print them; matched loosely (see albertslund.is_label).
HEADER_LABELS = {
    AGREEMENT: ("Aftaletekst", "Aftale", "Tekst", "Initiativ", "Indsats"),
    RESPONSIBLE: ("Ansvarlig", "Ansvar", "Ansvarlige"),
    ROUTE: ("Politisk behandling", "Behandling", "Politisk proces", "Udvalg"),
    SCHEDULE: ("Tidsplan", "Frist", "Deadline", "Tidsfrist"),
    STATUS: ("Status", "Status pr."),
}
# A table is a status list when this many of its header cells are known labels.
MIN_HEADER_HITS = 3
# A title before the first colon of an agreement text is short and not a sentence.
MAX_TITLE_WORDS = 12
# An item may open with a list marker such as "c2)"; it starts an item though it is lower case.
_LIST_MARKER = re.compile(r"^[a-zæøå]{1,2}\d{0,2}\)")
# Who published the list is read from this many leading pages.
LEADING_PAGES = 3
_BUDGET_YEAR = re.compile(r"budget\w*\s+((?:19|20)\d{2})", re.IGNORECASE)


@dataclass(slots=True)
class SectionRow:
    """A row spanning the table: a section heading and the intro printed under it."""

    title: str | None
    intro: str | None
    before_item: int  # seq of the item that follows it


@dataclass(slots=True)
class _Item:
    page: int
    section: str | None
    cells: dict[str, list[Cell]] = field(default_factory=dict)


@dataclass(slots=True)
class StatusTable:
    items: list[StatusItemRecord]
    section_rows: list[SectionRow]
    title: str | None
    municipality: str
    warnings: list[str]


# ---------------------------------------------------------------- recognising the table


def _header_columns(texts: list[str]) -> dict[int, str] | None:
    """Which column each header cell names, if the row is a status-list header."""
    mapping: dict[int, str] = {}
    for index, text in enumerate(texts):
        for column, labels in HEADER_LABELS.items():
            if column not in mapping.values() and is_label(text, labels):
                mapping[index] = column
                break
    return mapping if len(mapping) >= MIN_HEADER_HITS else None


def _row_texts(page: Page, row: RuledRow) -> list[str]:
    return [clean(cell.text) for cell in row_cells(page, row)]


def detect(first_pages: list[Page]) -> float:
    """How sure we are that these pages open a status list (0..1)."""
    header = False
    text = ""
    title = ""
    for page in first_pages:
        lines = page_lines(page)
        text += page_text(lines) + "\n"
        if page.number == 1 or not title:
            title = title or (printed_title(lines, body_size(lines)) or "")
        for row in ruled_rows(page):
            if len(row.cells) >= MIN_HEADER_HITS and _header_columns(_row_texts(page, row)):
                header = True
                break
    if not header:
        return 0.0
    score = 0.6
    if municipality_of(text) != "unknown":
        score += 0.3
    if re.search(r"\bstatus", title, re.IGNORECASE):
        score += 0.1
    return round(min(score, 1.0), 2)


# ---------------------------------------------------------------- reading rows


def _cells_text(cells: list[Cell]) -> str | None:
    """The text of one column of an item, mended across the page breaks that cut it."""
    parts: list[str] = []
    previous: Cell | None = None
    for cell in cells:
        if not cell.lines:
            continue
        if previous is not None and parts:
            pad = left_pad(previous.lines, previous.box)
            parts.append(wrap_separator(previous.lines[-1], cell.lines[0], previous.box, pad))
        parts.append(cell.text)
        previous = cell
    return clean("".join(parts)) or None


def _split_title(text: str) -> tuple[str | None, str]:
    """The title before the first colon and the text after it; no title when there is none."""
    head, colon, rest = text.partition(":")
    head = head.strip()
    if not colon or not head or len(head.split()) > MAX_TITLE_WORDS or "." in head:
        return None, text
    return head, rest.strip()


def _is_intro(text: str, lines: list[TextLine]) -> bool:
    italic = any("italic" in line.font.lower() or "oblique" in line.font.lower() for line in lines)
    return italic or text.rstrip().endswith(":")


def _starts_item(text: str) -> bool:
    if not text:
        return False
    first = text[0]
    return not first.islower() or bool(_LIST_MARKER.match(text))


def read_table(pages: Iterable[Page]) -> StatusTable:
    """Items and section rows of a status list, in reading order (each page read once)."""
    items: list[_Item] = []
    section_rows: list[SectionRow] = []
    pending_sections: list[list] = []  # [title, intro] awaiting the item they precede
    section: str | None = None
    header_texts: list[str] | None = None
    columns: dict[int, str] = {}
    last_kind: str | None = None  # "item" or "span": what the previous row was
    title: str | None = None
    leading_text: list[str] = []  # the first pages' text, to tell who published the list
    warnings: list[str] = []

    for page in pages:
        if len(leading_text) < LEADING_PAGES:
            lines = page_lines(page)
            leading_text.append(page_text(lines))
            if title is None:
                title = printed_title(lines, body_size(lines))
        first_on_page = True
        for row in ruled_rows(page):
            if len(row.cells) == 1:
                span = row_cells(page, row)[0]
                cell_lines, text = span.lines, clean(span.text)
                if not text:
                    continue
                if _is_intro(text, cell_lines) and pending_sections:
                    pending_sections[-1][1] = text
                elif _is_intro(text, cell_lines):
                    pending_sections.append([None, text])
                else:
                    pending_sections.append([text, None])
                    section = text
                last_kind = "span"
                first_on_page = False
                continue
            texts = _row_texts(page, row)
            if header_texts is None:
                found = _header_columns(texts)
                if found is not None:
                    header_texts, columns = texts, found
                    continue
            if _header_columns(texts) is not None:
                continue  # the header repeated on a new page
            if not columns:
                continue  # a ruled table before the status table's header
            cells = {
                columns[index]: cell
                for index, cell in enumerate(row_cells(page, row))
                if index in columns
            }
            agreement = (
                texts[_index_of(columns, AGREEMENT)] if AGREEMENT in columns.values() else ""
            )
            continues = (
                first_on_page
                and last_kind == "item"
                and items
                and (not agreement or not _starts_item(agreement))
            )
            if continues:
                for column, cell in cells.items():
                    items[-1].cells.setdefault(column, []).append(cell)
            else:
                seq = len(items) + 1
                for title_text, intro in pending_sections:
                    section_rows.append(SectionRow(title_text, intro, seq))
                pending_sections = []
                items.append(_Item(page.number, section, {c: [cell] for c, cell in cells.items()}))
            last_kind = "item"
            first_on_page = False

    if pending_sections:
        warnings.append(f"{len(pending_sections)} section row(s) after the last item")
    records = [_record(seq, item) for seq, item in enumerate(items, start=1)]
    return StatusTable(
        records, section_rows, title, municipality_of("\n".join(leading_text)), warnings
    )


def _index_of(columns: dict[int, str], column: str) -> int:
    return next(index for index, name in columns.items() if name == column)


def _record(seq: int, item: _Item) -> StatusItemRecord:
    agreement = _cells_text(item.cells.get(AGREEMENT, [])) or ""
    title, text = _split_title(agreement)
    return StatusItemRecord(
        seq=seq,
        section=item.section,
        title=title,
        text=text,
        responsible_raw=_cells_text(item.cells.get(RESPONSIBLE, [])),
        committees_raw=_cells_text(item.cells.get(ROUTE, [])),
        deadline_raw=_cells_text(item.cells.get(SCHEDULE, [])),
        status_text=_cells_text(item.cells.get(STATUS, [])),
        page=item.page,
    )


def extract(
    pages: Iterable[Page], info: DocumentInfo | None = None, trace: Trace | None = None
) -> Extraction:
    """Read a status list: the document's facts and one record per item."""
    table = read_table(pages)
    year = _BUDGET_YEAR.search(table.title or "")
    document = DocumentRecord(
        municipality=table.municipality,
        doc_type=DOC_TYPE,
        title=table.title,
        published_raw=None,
        budget_year=int(year.group(1)) if year else None,
        followup_round=None,
    )
    extraction = Extraction(NAME, VERSION, document, status_items=table.items)
    extraction.warnings.extend(table.warnings)
    if not table.items:
        extraction.warnings.append("no status-list items found")
    return extraction
