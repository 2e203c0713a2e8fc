"""Status lists: the follow-up of a budget agreement as one table of items.

The table has five columns (agreement text, responsible, political route, schedule, status), known
by the labels of its header row in whatever order they come and however the table is drawn (ruled,
in pieces, shaded or without rules). Rows spanning the table are section headings
("Kulturområdet") or intros to what follows ("Partnerne er enige om følgende:"). An item cut by a
page break goes on below the next page's header (when the header is repeated) or its section
row: its rest is no item of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from .albertslund import clean, is_label, municipality_of, printed_title, view_lines
from .pdf.layout import Cell, TextLine, Vocabulary
from .pdf.layout.columns import Span, column_spans, cut_at_column, ink_box, share_under
from .pdf.layout.document import DocumentReader, PlacedBand, Trace
from .pdf.layout.fields import FieldText
from .pdf.model import DocumentInfo, Page
from .records import DocumentRecord, Extraction
from .tables import Normalising, Row, Table, columns

NAME = "status_list"
VERSION = "2"
DOC_TYPE = "status_list"
# A complete reading covers 0.90-0.94 of the body text (the header labels and the title are the
# rest) on the sample and every drawing of the variation corpus, with both backends; the sample
# with the 4 items of its first page not read covers 0.66.
COVERAGE_BAR = 0.8


@dataclass(slots=True)
class StatusItemRecord:
    seq: int
    section: str | None
    title: str | None
    text: str
    responsible_raw: str | None
    committees_raw: str | None
    deadline_raw: str | None
    status_text: str | None
    page: int


def _item_rows(items: list[StatusItemRecord], norm: Normalising) -> list[Row]:
    rows = []
    for entry in items:
        responsible_raw = norm.text(entry.responsible_raw)
        committees_raw = norm.text(entry.committees_raw)
        status_text = norm.text(entry.status_text)
        deadline_raw = norm.text(entry.deadline_raw)
        committee_ids: list[str] = []
        for step in norm.route(committees_raw):
            committee_ids += norm.committee_ids(step, "status_items", "committees_raw")
        rows.append(
            {
                "doc_id": norm.doc_id,
                "seq": entry.seq,
                "section": entry.section,
                "title": entry.title,
                "text": norm.text(entry.text) or "",
                "responsible_raw": responsible_raw,
                "responsible_ids": norm.unit_ids(
                    responsible_raw, "status_items", "responsible_raw"
                ),
                "committees_raw": committees_raw,
                "committee_ids": committee_ids,
                "deadline_raw": deadline_raw,
                "deadline_date": norm.deadline(deadline_raw),
                "status_text": status_text,
                "page": entry.page,
                "status_class": norm.status_class(status_text),
            }
        )
    return rows


TABLES = (
    Table(
        "status_items",
        columns(
            "doc_id: string",
            "seq: int32",
            "section: string?",
            "title: string?",
            "text: string",
            "responsible_raw: string?",
            "responsible_ids: list<string>",
            "committees_raw: string?",
            "committee_ids: list<string>",
            "deadline_raw: string?",
            "deadline_date: date32?",
            "status_text: string?",
            "page: int32",
            "status_class: string?",  # contract 1.1: done, ongoing, planned or null
        ),
        _item_rows,
        label="status items",
    ),
)


class Column(Enum):
    AGREEMENT = "agreement"
    RESPONSIBLE = "responsible"
    ROUTE = "route"
    SCHEDULE = "schedule"
    STATUS = "status"


# Header labels as municipalities print them; matched loosely (see albertslund.is_label).
HEADER_LABELS = {
    Column.AGREEMENT: ("Aftaletekst", "Aftale", "Tekst", "Initiativ", "Indsats"),
    Column.RESPONSIBLE: ("Ansvarlig", "Ansvar", "Ansvarlige"),
    Column.ROUTE: ("Politisk behandling", "Behandling", "Politisk proces", "Udvalg"),
    Column.SCHEDULE: ("Tidsplan", "Frist", "Deadline", "Tidsfrist"),
    Column.STATUS: ("Status", "Status pr."),
}
# A table is a status list when this many of its header cells are known labels.
MIN_HEADER_HITS = 3
# A title before the first colon of an agreement text is short and not a sentence.
MAX_TITLE_WORDS = 12
# A section heading is a few words.
MAX_SECTION_WORDS = 14
# A cell belongs to the column that holds at least this share of its ink.
COLUMN_SHARE = 0.5
# A text runs across the table when at least this share of it lies in each of two columns.
SPAN_SHARE = 0.15
# A list whose items open with a title (or a list marker) in at least this share of them opens
# every item so: an item without either is one the reading cannot account for. On the sample and
# every drawing of the layout corpus all 14 items open so (13 with a title, one with "c2)").
OPENING_SHARE = 0.5
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
    fields: dict[Column, FieldText] = field(default_factory=dict)

    def add(self, column: Column, page: int, cell: Cell) -> None:
        self.fields.setdefault(column, FieldText()).add(page, [cell])


@dataclass(slots=True)
class StatusTable:
    items: list[StatusItemRecord]
    section_rows: list[SectionRow]
    title: str | None
    municipality: str
    warnings: list[str]


class _Row(Enum):
    """What a band of the table is."""

    HEADER = "header"
    SPAN = "span"  # a section heading or an intro, across the table
    ITEM = "item"  # the start of an item
    REST = "rest"  # more of the item above: its rows cut by a page break or by whitespace


# ---------------------------------------------------------------- recognising the table


def _header_columns(band: PlacedBand) -> dict[Column, Span] | None:
    """Which column each header cell names, if the band is a status-list header."""
    cells = [cell for cell in band.band.cells if cell.lines]
    found: dict[int, Column] = {}
    for index, cell in enumerate(cells):
        text = clean(cell.text)
        for column, labels in HEADER_LABELS.items():
            if column not in found.values() and is_label(text, labels):
                found[index] = column
                break
    if len(found) < MIN_HEADER_HITS:
        return None
    spans = column_spans(band.band, cells)
    return {column: spans[index] for index, column in found.items()}


def detect(first_pages: list[Page]) -> float:
    """How sure we are that these pages open a status list (0..1)."""
    header = False
    text = ""
    title = ""
    for view in DocumentReader().pages(first_pages):
        lines = view_lines(view)
        text += "\n".join(line.text for line in lines) + "\n"
        title = title or (printed_title(lines) or "")
        if not header:
            header = any(_header_columns(placed) for placed in view.bands)
    if not header:
        return 0.0
    score = 0.6
    if municipality_of(text) != "unknown":
        score += 0.3
    if re.search(r"\bstatus", title, re.IGNORECASE):
        score += 0.1
    return round(min(score, 1.0), 2)


# ---------------------------------------------------------------- reading rows


def _split_title(text: str) -> tuple[str | None, str]:
    """The title before the first colon and the text after it; no title when there is none."""
    head, colon, rest = text.partition(":")
    head = head.strip()
    if not colon or not head or len(head.split()) > MAX_TITLE_WORDS or "." in head:
        return None, text
    return head, rest.strip()


def _opens_item(text: str) -> bool:
    """Does an agreement text open an item: a title before a colon and its text, or a list
    marker?"""
    if _LIST_MARKER.match(text):
        return True
    title, rest = _split_title(text)
    return title is not None and bool(rest)


def _is_intro(text: str, lines: list[TextLine]) -> bool:
    italic = any("italic" in line.font.lower() or "oblique" in line.font.lower() for line in lines)
    return italic or text.rstrip().endswith(":")


class _Reader:
    def __init__(self) -> None:
        self.columns: dict[Column, Span] | None = None
        self.header_drawn = False
        self.items: list[_Item] = []
        self.section_rows: list[SectionRow] = []
        self.pending: list[list[str | None]] = []  # [title, intro] awaiting the item they precede
        self.section: str | None = None
        self.previous: _Row | None = None
        self.previous_strip: tuple[int, int] | None = None  # (page, strip) of the last item band
        # (page, text) of the cells of item rows that lie in no column
        self.unplaced: list[tuple[int, str]] = []
        self.vocabulary = Vocabulary()

    def band(self, placed: PlacedBand) -> str:
        if _header_columns(placed) is not None:
            if self.columns is None:
                self.columns = _header_columns(placed)
                # Rules part the header's cells: the table is ruled into columns.
                self.header_drawn = sum(cell.drawn for cell in placed.band.cells) >= 2
                return "header"
            self.previous = _Row.HEADER if self.previous is not _Row.ITEM else _Row.ITEM
            return "header repeated: skipped"
        if self.columns is None:
            return "before the table"
        text_cells = [cell for cell in placed.band.cells if cell.lines]
        if not text_cells:
            return "empty"
        placed_cells = self._cells(text_cells)
        kind = self._kind(placed, text_cells, placed_cells)
        if kind is _Row.SPAN:
            self._span(placed)
            self.previous = _Row.SPAN
            return "section row" if self.pending and self.pending[-1][1] is None else "intro row"
        if kind is _Row.REST and self.items:
            item = self.items[-1]
            note = f"continues item {len(self.items)}"
        else:
            item = self._open(placed.page)
            note = f"item {len(self.items)}"
        for column, cell in placed_cells:
            if column is not None:
                item.add(column, placed.page, cell)
            elif clean(cell.text):
                self.unplaced.append((placed.page, clean(cell.text)))
        self.previous = _Row.ITEM
        strip = placed.band.strip
        self.previous_strip = (placed.page, strip) if strip is not None else None
        return note

    def _cells(self, cells: list[Cell]) -> list[tuple[Column | None, Cell]]:
        """The band's cells with the column each lies in (None: it spans several)."""
        for span in self.columns.values():
            cells = cut_at_column(cells, span)
        out = []
        for cell in cells:
            if self.header_drawn and cell.drawn and self._covers_columns(cell.box) > 1:
                out.append((None, cell))  # a merged cell across a table ruled into columns
                continue
            ink = ink_box(cell)
            shares = {column: share_under(ink, span) for column, span in self.columns.items()}
            column = max(shares, key=shares.get)
            out.append((column if shares[column] >= COLUMN_SHARE else None, cell))
        return out

    def _covers_columns(self, box) -> int:
        """How many columns a drawn cell covers the most of."""
        return sum(
            1
            for x0, x1 in self.columns.values()
            if min(box.x1, x1) - max(box.x0, x0) > 0.5 * (x1 - x0)
        )

    def _kind(
        self,
        placed: PlacedBand,
        text_cells: list[Cell],
        cells: list[tuple[Column | None, Cell]],
    ) -> _Row:
        agreement = " ".join(clean(c.text) for col, c in cells if col is Column.AGREEMENT)
        others = [c for col, c in cells if col not in (Column.AGREEMENT, None)]
        spanning = [c for col, c in cells if col is None]
        same_strip = placed.band.strip is not None and self.previous_strip == (
            placed.page,
            placed.band.strip,
        )
        if placed.continued or (same_strip and self.previous is _Row.ITEM):
            return _Row.REST
        if spanning and not others:
            return _Row.SPAN
        if len(text_cells) == 1:
            # One text across the table, or a short heading or intro alone in a column.
            (only,) = text_cells
            text = clean(only.text)
            ink = ink_box(only)
            covered = sum(share_under(ink, span) >= SPAN_SHARE for span in self.columns.values())
            if covered > 1 and not _opens_item(text) or self._reads_as_span(text, only.lines):
                return _Row.SPAN
        if not self.items:
            return _Row.ITEM
        if _opens_item(agreement):
            return _Row.ITEM
        if placed.band.ruled and placed.band.strip is not None and not placed.first_on_page:
            # A new ruled row on the page: a new item, unless it only carries on the others.
            if self.previous in (_Row.HEADER, _Row.SPAN) and not agreement[:1].isupper():
                return _Row.REST
            return _Row.ITEM if agreement[:1].isupper() or not agreement else _Row.REST
        # At a page's head, or a band of a table without rules: more of the open item unless it
        # opens a new one.
        if not agreement or not agreement[:1].isupper() or not others:
            return _Row.REST
        return _Row.ITEM

    @staticmethod
    def _reads_as_span(text: str, lines: Iterable[TextLine]) -> bool:
        """A short text alone in its row, not an item's start, set as a heading or an intro."""
        if _opens_item(text) or len(text.split()) > MAX_SECTION_WORDS or text[:1].islower():
            return False
        lines = list(lines)
        return _is_intro(text, lines) or all(line.bold for line in lines)

    def _span(self, placed: PlacedBand) -> None:
        lines = placed.band.lines
        text = clean(" ".join(clean(cell.text) for cell in placed.band.cells if cell.lines))
        if _is_intro(text, lines) and self.pending:
            self.pending[-1][1] = text
        elif _is_intro(text, lines):
            self.pending.append([None, text])
        else:
            self.pending.append([text, None])
            self.section = text

    def _open(self, page: int) -> _Item:
        seq = len(self.items) + 1
        for title, intro in self.pending:
            self.section_rows.append(SectionRow(title, intro, seq))
        self.pending = []
        item = _Item(page, self.section)
        self.items.append(item)
        return item


def read_table(pages: Iterable[Page], trace: Trace | None = None) -> StatusTable:
    """Items and section rows of a status list, in reading order (each page read once)."""
    reader = _Reader()
    title: str | None = None
    leading: list[str] = []  # the first pages' text, to tell who published the list
    for view in DocumentReader().pages(pages):
        lines = view_lines(view)
        if len(leading) < LEADING_PAGES:
            leading.append("\n".join(line.text for line in [*lines, *view.running_lines]))
            title = title or printed_title(lines)
        for placed in view.bands:
            reader.vocabulary.add_band(placed.band)
            note = reader.band(placed)
            if trace is not None:
                trace(placed, note)
    warnings = []
    if reader.pending:
        warnings.append(f"{len(reader.pending)} section row(s) after the last item")
    records = [_record(seq, item, reader.vocabulary) for seq, item in enumerate(reader.items, 1)]
    warnings += _unaccounted(records, reader.unplaced)
    return StatusTable(
        records, reader.section_rows, title, municipality_of("\n".join(leading)), warnings
    )


def _opens_as_item(record: StatusItemRecord) -> bool:
    # A marker set in capitals ("C2)", as a scan of "c2)" may read) is a marker all the same.
    return record.title is not None or bool(_LIST_MARKER.match(record.text.lower()))


def _unaccounted(records: list[StatusItemRecord], unplaced: list[tuple[int, str]]) -> list[str]:
    """What the reading cannot account for, each with its page: text of an item row that lies in
    no column, and, where the list's items open with a title or a list marker, an item that opens
    with neither (the rest of a row the layout parted in two, read as an item of its own, or an
    item whose agreement text went to another)."""
    warnings = [
        f"page {page}: text of an item row in no column of the table: {text[:60]!r}"
        for page, text in unplaced
    ]
    opening = sum(map(_opens_as_item, records))
    if opening >= OPENING_SHARE * len(records):
        warnings += [
            f"page {record.page}: item {record.seq} opens with neither a title nor a list marker "
            f"as the list's other items do ({record.text[:40]!r})"
            for record in records
            if not _opens_as_item(record)
        ]
    return warnings


def _record(seq: int, item: _Item, vocabulary: Vocabulary) -> StatusItemRecord:
    def text(column: Column) -> str | None:
        field_text = item.fields.get(column)
        return clean(field_text.render(vocabulary)) or None if field_text else None

    title, rest = _split_title(text(Column.AGREEMENT) or "")
    return StatusItemRecord(
        seq=seq,
        section=item.section,
        title=title,
        text=rest,
        responsible_raw=text(Column.RESPONSIBLE),
        committees_raw=text(Column.ROUTE),
        deadline_raw=text(Column.SCHEDULE),
        status_text=text(Column.STATUS),
        page=item.page,
    )


def extract(
    pages: Iterable[Page], info: DocumentInfo | None = None, trace: Trace | None = None
) -> Extraction:
    """Read a status list: the document's facts and one record per item."""
    table = read_table(pages, trace)
    year = _BUDGET_YEAR.search(table.title or "")
    document = DocumentRecord(
        municipality=table.municipality,
        doc_type=DOC_TYPE,
        title=table.title,
        published_raw=None,
        budget_year=int(year.group(1)) if year else None,
        followup_round=None,
    )
    extraction = Extraction(NAME, VERSION, document, records=table.items)
    extraction.warnings.extend(table.warnings)
    if not table.items:
        extraction.warnings.append("no status-list items found")
    return extraction
