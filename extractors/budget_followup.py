"""Budget-agreement follow-ups (Ballerup's "opfølgning på Aftale om budget"): one table per
initiative — a header row (number and title, kind, "Tid", "Smiley"), a description row with the
responsible centre and committee, four "Milepæl" rows, an "Økonomi" row and sometimes "Seneste
status".

The document is read as one stream of bands (table rows, ruled or not, and free text) across pages.
Columns are known by the header row's labels, not by their place: the cells under "Tid" hold the
checkpoint, those under "Smiley" the smiley, whatever the column order and however the table is
drawn. A row goes on until the next row that names itself (a header, a label): its parts cut by a
page break, or split by whitespace in a table without rules, are put back together.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from .pdf import BBox, DocumentInfo, Page
from .pdf.layout import (
    Cell,
    TextLine,
    Vocabulary,
    join_lines,
    page_lines,
)
from .pdf.layout.columns import EDGE_TOLERANCE, column_spans, cut_at_column, ink_box, share_under
from .pdf.layout.document import DocumentReader, PageView, PlacedBand, Trace
from .pdf.layout.fields import FieldText
from .records import Count, DocumentRecord, Extraction, SmileyReading
from .smileys import read_smiley
from .tables import Normalising, Row, Table, Tally, columns

NAME = "budget_followup"
VERSION = "2.0"
DOC_TYPE = "budget_followup"
# The share of the body text that a complete reading puts into records: 0.85-0.90 on both samples
# and every drawing of the layout-variation corpus (the reading guide and the row labels are
# shown, not records); the sample with its initiatives' titles read but not their rows covers 0.14.
COVERAGE_BAR = 0.6

_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_HEADER = re.compile(r"^(\d+(?:\.\d+)+)\.?\s+(.+)$", re.DOTALL)
_NUMBER = re.compile(r"^(\d+(?:\.\d+)+)\.?$")
_SECTION = re.compile(r"^(\d+)\.\s+\D")
_EXTRA_AGREEMENT = re.compile(r"opfølgning på (Aftale om budget \d{4})", re.IGNORECASE)
_TITLE_AGREEMENT = re.compile(r"Aftale om budget (\d{4})", re.IGNORECASE)
_DATE_LINE = re.compile(r"^Dato:\s*(.+)$")
_KINDS = {"drift", "anlæg", "anlaeg"}
# "Anden opfølgning på …": the ordinal in the title is the follow-up round (4 = the year-end one).
_ROUNDS = {
    "første": 1,
    "1.": 1,
    "anden": 2,
    "2.": 2,
    "tredje": 3,
    "3.": 3,
    "fjerde": 4,
    "4.": 4,
    "sidste": 4,
    "endelig": 4,
    "endelige": 4,
}
_RESPONSIBLE_LABELS = re.compile(
    r"(Ansvarligt\s+center|Ansvarligt\s+udvalg|Væsentlig\s+bidragsyder)\s*:", re.IGNORECASE
)
MILESTONE, ECONOMY, LATEST_STATUS = "Milepæl", "Økonomi", "Seneste status"
_LABELS = (MILESTONE, ECONOMY, LATEST_STATUS)
CHECKPOINT_LABEL, SMILEY_LABEL = "Tid", "Smiley"
# What the text layer announces, counted without the layout: one "Milepæl" per milestone row, one
# "Smiley" per header row (the reading guide says "smiley" in lower case).
# The word is matched first and the letter before it looked for behind it: a pattern that
# starts with the word is searched for as a literal, one that starts with the look behind is
# tried at every char of the page (a fortieth of a sample's conversion).
_ANNOUNCED_MILESTONE = re.compile(r"Milepæl(?<![^\W\d_]Milepæl)(?![^\W\d_])")
_ANNOUNCED_HEADER = re.compile(r"Smiley(?<![^\W\d_]Smiley)(?![^\W\d_])")
# A section heading names a theme in a few words.
MAX_SECTION_WORDS = 25
# A cell belongs to the checkpoint or smiley column when this share of it lies under the label.
COLUMN_SHARE = 0.5
# A band belongs to a table when it starts no further than this (points) left of the header row.
TABLE_MARGIN = 24.0


def _plain(text: str) -> str:
    return " ".join(_TAG.sub(" ", text).split())


# ---------------------------------------------------------------- records and tables


@dataclass(slots=True)
class MilestoneRecord:
    seq: int
    checkpoint_raw: str | None
    text_raw: str
    smiley: SmileyReading | None
    page: int


@dataclass(slots=True)
class EconomyRecord:
    text_raw: str
    smiley: SmileyReading | None
    page: int


@dataclass(slots=True)
class InitiativeRecord:
    agreement: str
    number: str
    section: str | None
    title: str
    kind_raw: str | None
    description_raw: str | None
    responsible_unit_raw: str | None
    responsible_committee_raw: str | None
    contributor_raw: str | None
    latest_status_raw: str | None
    page_first: int
    page_last: int
    milestones: list[MilestoneRecord] = field(default_factory=list)
    economy: EconomyRecord | None = None


SMILEY_STATUS = {"green": "achieved", "yellow": "partially_achieved", "red": "not_achieved"}
KINDS = {"drift": "drift", "anlæg": "anlaeg", "anlaeg": "anlaeg"}
SMILEY_COLOURS = ("green", "yellow", "red")
_KEY = ("doc_id: string", "agreement: string", "initiative_no: string")


def _key(item: InitiativeRecord, norm: Normalising) -> Row:
    return {"doc_id": norm.doc_id, "agreement": item.agreement, "initiative_no": item.number}


def _initiative_rows(items: list[InitiativeRecord], norm: Normalising) -> list[Row]:
    rows = []
    for item in items:
        unit_raw = norm.text(item.responsible_unit_raw)
        committee_raw = norm.text(item.responsible_committee_raw)
        units = norm.unit_ids(unit_raw, "initiatives", "responsible_unit_raw")
        committees = norm.committee_ids(committee_raw, "initiatives", "responsible_committee_raw")
        rows.append(
            _key(item, norm)
            | {
                "section": norm.line(item.section) if item.section else None,
                "title": norm.line(item.title),
                "kind": KINDS.get((item.kind_raw or "").lower()),
                "description": norm.text(item.description_raw),
                "responsible_unit_raw": unit_raw,
                "responsible_unit_id": units[0] if len(units) == 1 else None,
                "responsible_committee_raw": committee_raw,
                "responsible_committee_ids": committees,
                "contributor_raw": norm.text(item.contributor_raw),
                "latest_status": norm.text(item.latest_status_raw),
                "page_first": item.page_first,
                "page_last": item.page_last,
            }
        )
    return rows


def _milestone_rows(items: list[InitiativeRecord], norm: Normalising) -> list[Row]:
    rows = []
    for item in items:
        for milestone in item.milestones:
            checkpoint_raw = norm.text(milestone.checkpoint_raw)
            checkpoint = norm.checkpoint(checkpoint_raw)
            smiley = milestone.smiley
            colour = smiley.colour if smiley else None
            rows.append(
                _key(item, norm)
                | {
                    "seq": milestone.seq,
                    "checkpoint_raw": checkpoint_raw,
                    "checkpoint_round": checkpoint.round,
                    "checkpoint_date": checkpoint.date,
                    "text": norm.text(milestone.text_raw) or "",
                    "smiley": colour,
                    "status": SMILEY_STATUS.get(colour) if colour else None,
                    "smiley_source": smiley.source if smiley else None,
                    "smiley_confidence": float(smiley.confidence) if smiley else None,
                    "page": milestone.page,
                    "checkpoint_year": checkpoint.year,
                    "due": norm.due(checkpoint),
                }
            )
    return rows


def _economy_rows(items: list[InitiativeRecord], norm: Normalising) -> list[Row]:
    rows = []
    for item in items:
        if item.economy is None:
            continue
        smiley = item.economy.smiley
        text = norm.text(item.economy.text_raw) or ""
        rows.append(
            _key(item, norm)
            | {
                "text": text,
                "amount_mdkk": norm.amount_mdkk(text),
                "smiley": smiley.colour if smiley else None,
                "smiley_source": smiley.source if smiley else None,
                "page": item.economy.page,
            }
        )
    return rows


TABLES = (
    Table(
        "initiatives",
        columns(
            *_KEY,
            "section: string?",
            "title: string",
            "kind: string?",
            "description: string?",
            "responsible_unit_raw: string?",
            "responsible_unit_id: string?",
            "responsible_committee_raw: string?",
            "responsible_committee_ids: list<string>",
            "contributor_raw: string?",
            "latest_status: string?",
            "page_first: int32",
            "page_last: int32",
        ),
        _initiative_rows,
        label="initiatives",
    ),
    Table(
        "milestones",
        columns(
            *_KEY,
            "seq: int8",
            "checkpoint_raw: string?",
            "checkpoint_round: int8?",
            "checkpoint_date: date32?",
            "text: string",
            "smiley: string?",
            "status: string?",
            "smiley_source: string?",
            "smiley_confidence: float32?",
            "page: int32",
            "checkpoint_year: int16?",  # contract 1.1
            "due: bool?",  # contract 1.1: checkpoint at or before the document's own round
        ),
        _milestone_rows,
        label="milestones",
        tallies=(Tally("milestone_smileys", "smiley", "milestone smileys", SMILEY_COLOURS),),
    ),
    Table(
        "economy",
        columns(
            *_KEY,
            "text: string",
            "amount_mdkk: float64?",
            "smiley: string?",
            "smiley_source: string?",
            "page: int32",
        ),
        _economy_rows,
        label="economy rows",
        tallies=(Tally("economy_smileys", "smiley", "economy smileys", SMILEY_COLOURS),),
    ),
)


# ---------------------------------------------------------------- the reading


class _State(Enum):
    OUTSIDE = "outside"  # no initiative open
    DESCRIPTION = "description"  # after a header, before the first labelled row
    ROW = "row"  # a labelled row is open
    # past a row of the open table read as no row of it: the table goes on, its next labelled
    # row is read, and nothing continues the row that was skipped
    SKIPPED = "skipped"


@dataclass(slots=True)
class _Columns:
    """Where a header row's labels put the checkpoint and the smiley, and the table's extent."""

    left: float
    right: float
    checkpoint: tuple[float, float] | None
    smiley: tuple[float, float] | None


@dataclass(slots=True)
class _Row:
    label: str
    page: int
    ruled: bool
    label_rest: str = ""  # the words of a label a page break cut off, still to come
    text: FieldText = field(default_factory=FieldText)
    checkpoint: FieldText = field(default_factory=FieldText)
    smiley: SmileyReading | None = None


@dataclass(slots=True)
class _Initiative:
    agreement: str
    section: str | None
    number: str
    title: str
    kind: str | None
    page_first: int
    page_last: int
    columns: _Columns
    ruled: bool
    description: FieldText = field(default_factory=FieldText)
    responsible: FieldText = field(default_factory=FieldText)
    responsible_range: tuple[float, float] | None = None
    rows: list[_Row] = field(default_factory=list)


@dataclass(slots=True)
class _Header:
    number: str
    title: str
    kind: str | None
    columns: _Columns


def _header(band: PlacedBand) -> _Header | None:
    """A header row: the initiative's number and title (in one cell, or the number in a cell of
    its own), and the labels "Tid" and "Smiley" over the columns they name."""
    cells = [cell for cell in band.band.cells if cell.lines]
    if len(cells) < 2:
        return None
    texts = [_plain(cell.text) for cell in cells]
    checkpoint = smiley = None
    kind = None
    labels = set()
    for index, text in enumerate(texts):
        if text in (CHECKPOINT_LABEL, SMILEY_LABEL) or text.lower() in _KINDS:
            labels.add(index)
    spans = column_spans(band.band, cells)
    for index in labels:
        text = texts[index]
        if text == CHECKPOINT_LABEL:
            checkpoint = spans[index]
        elif text == SMILEY_LABEL:
            smiley = spans[index]
        else:
            kind = text
    if checkpoint is None and smiley is None:
        return None
    titled = _number_and_title([t for i, t in enumerate(texts) if i not in labels])
    if titled is None:
        return None
    box = band.band.box
    columns = _Columns(box.x0, box.x1, checkpoint, smiley)
    return _Header(titled[0], titled[1], kind, columns)


def _number_and_title(texts: list[str]) -> tuple[str, str] | None:
    for index, text in enumerate(texts):
        match = _HEADER.match(text)
        if match:
            return match.group(1), " ".join(match.group(2).split())
        number = _NUMBER.match(text)
        if number and index + 1 < len(texts):
            return number.group(1), " ".join(texts[index + 1].split())
    return None


def _label_of(cell: Cell) -> tuple[str, str] | None:
    """The row label the cell prints, and what of it a page break left for the next page: a
    label cut at the foot of a page ("Seneste" | "status") is its first words."""
    words = _plain(cell.text).split()
    for label in _LABELS:
        parts = label.split()
        if words and words == parts[: len(words)]:
            return label, " ".join(parts[len(words) :])
    return None


@dataclass(slots=True)
class _Block:
    """Consecutive free lines of one style: a heading, a paragraph, the title."""

    page: int
    lines: list[TextLine]

    @property
    def text(self) -> str:
        return " ".join(_plain(join_lines(self.lines)).split())


class _Reader:
    def __init__(self, default_agreement: str):
        self.agreement = default_agreement
        self.sections: list[tuple[str, str]] = []  # (number, heading) in order
        self.initiatives: list[_Initiative] = []
        self.current: _Initiative | None = None
        self.row: _Row | None = None
        self.state = _State.OUTSIDE
        self.block: _Block | None = None
        self.vocabulary = Vocabulary()
        self.headers_seen: Counter[int] = Counter()  # per page, repeats included
        self.milestones_seen: Counter[int] = Counter()
        # (page, text) of ruled rows inside an initiative's table read as no row of it
        self.unaccounted: list[tuple[int, str]] = []

    # ---- free text

    def _free(self, band: PlacedBand) -> None:
        """Free text, line by line into blocks of one style: a heading is a block of its own
        even inside a band that holds more (a ruled strip between two tables)."""
        for line in band.band.lines:
            block = self.block
            if (
                block is not None
                and block.page == band.page
                and _continues_block(block.lines, line)
            ):
                block.lines.append(line)
            else:
                self._flush_block()
                self.block = _Block(band.page, [line])

    def _flush_block(self) -> None:
        block, self.block = self.block, None
        if block is None:
            return
        text = block.text
        extra = _EXTRA_AGREEMENT.search(text)
        if extra and text.lower().startswith("ekstra"):
            self.agreement = _agreement_name(extra.group(1))
            rest = text[extra.end() :].strip()
            text = rest
        section = _SECTION.match(text)
        if section and len(text.split()) <= MAX_SECTION_WORDS:
            self.sections.append((section.group(1), text))

    # ---- table bands

    def band(self, band: PlacedBand) -> str:
        """Read one band; say what it was read as (for ``opfolg inspect``)."""
        header = _header(band)
        if header is not None:
            self._flush_block()
            self.headers_seen[band.page] += 1
            current = self.current
            if (
                band.first_on_page
                and current is not None
                and (current.number, current.title) == (header.number, header.title)
            ):
                return f"header of {header.number} repeated at the top of the page: skipped"
            self._open(header, band)
            columns = header.columns
            return (
                f"header of {self.current.agreement} {header.number} {header.title!r}"
                f" ({header.kind or 'no kind'}; Tid {_span(columns.checkpoint)},"
                f" Smiley {_span(columns.smiley)})"
            )
        label_cell = next((c for c in band.band.cells if c.lines), None)
        labelled = _label_of(label_cell) if label_cell is not None else None
        label, rest = labelled if labelled is not None else (None, "")
        if (
            label is not None
            and self.current is not None
            and self.state is not _State.OUTSIDE
            and self._in_table(band)
        ):
            self._flush_block()
            self._open_row(label, label_cell, band, rest)
            return f"{label} row of {self.current.number}{_smiley_note(self.row.smiley)}"
        if self._continues(band):
            self._flush_block()
            describing = self.state is _State.DESCRIPTION
            first_part = describing and not self.current.description.pieces
            what = "description" if describing else self.row.label
            began = self.current.page_first if describing else self.row.page
            self._continue(band)
            if first_part:
                return f"description of {self.current.number}"
            how = "continued over the page break" if band.continued else "continues"
            return f"{how}: {what} of {self.current.number} (begun on page {began})"
        if self._inside_open_table(band):
            # A ruled row of the table the reading is in (text in two of its cells or more: a
            # heading between rules is one), yet neither a row of it nor the rest of one: what
            # it shows is read as no part of the initiative.
            self.unaccounted.append((band.page, " ".join(c.text for c in band.band.cells)))
            self._flush_block()
            self.row = None
            self.state = _State.SKIPPED
            return f"a row of {self.current.number} read as no row of it"
        self._close_row()
        self._free(band)
        return "free text"

    def _inside_open_table(self, band: PlacedBand) -> bool:
        return (
            self.current is not None
            and self.state is not _State.OUTSIDE
            and band.band.ruled
            and self._in_table(band)
            and sum(1 for cell in band.band.cells if cell.text.strip()) >= 2
        )

    def _in_table(self, band: PlacedBand) -> bool:
        columns = self.current.columns
        box = band.band.box
        # The right side says little: a table without rules ends where its widest row does,
        # and its header row (a few labels) may end well short of that.
        return columns.left - TABLE_MARGIN <= box.x0 < columns.right

    def _open(self, header: _Header, band: PlacedBand) -> None:
        self._close_row()
        section = self._section_for(header.number)
        self.current = _Initiative(
            self.agreement,
            section,
            header.number,
            header.title,
            header.kind,
            band.page,
            band.page,
            header.columns,
            band.band.ruled,
        )
        self.initiatives.append(self.current)
        self.state = _State.DESCRIPTION

    def _section_for(self, number: str) -> str | None:
        major = number.split(".", 1)[0]
        for section_number, heading in reversed(self.sections):
            if section_number == major:
                return heading
        return None

    def _open_row(self, label: str, label_cell: Cell, band: PlacedBand, rest: str) -> None:
        self._close_row()
        self.row = _Row(label, band.page, band.band.ruled, rest)
        self.current.rows.append(self.row)
        self.current.page_last = band.page
        if label == MILESTONE:
            self.milestones_seen[band.page] += 1
        self.state = _State.ROW
        self._fill_row(band, skip=label_cell)

    def _close_row(self) -> None:
        self.row = None
        if self.state in (_State.ROW, _State.SKIPPED):
            self.state = _State.OUTSIDE

    def _continues(self, band: PlacedBand) -> bool:
        """Is this unlabelled band the rest of the open row (or of the description)?"""
        if self.current is None or self.state in (_State.OUTSIDE, _State.SKIPPED):
            return False
        if not self._in_table(band):
            return False
        if band.continued or self.state is _State.DESCRIPTION:
            return True
        # A row goes on only with nothing in the label column (its label is printed on its first
        # part alone): a band that starts at the table's left edge without a label is no part of
        # the row (a heading, a paragraph), ruled or not.
        text_start = self._text_start()
        return all(
            ink_box(cell).x0 >= text_start - EDGE_TOLERANCE
            for cell in band.band.cells
            if cell.lines and not self._rest_of_label(cell)
        )

    def _rest_of_label(self, cell: Cell) -> bool:
        """Is the cell the part of the open row's label that a page break cut off?"""
        row = self.row
        return row is not None and bool(row.label_rest) and _plain(cell.text) == row.label_rest

    def _text_start(self) -> float:
        """Where the text column's text starts: right of the label column, as the rows print it."""
        starts = [
            line.bbox.x0
            for row in self.current.rows
            for field_ in (row.text, row.checkpoint)
            for piece in field_.pieces
            for line in piece.lines
        ]
        return min(starts) if starts else self.current.columns.left + 1.0

    def _continue(self, band: PlacedBand) -> None:
        self.current.page_last = band.page
        if self.state is _State.DESCRIPTION:
            self._fill_description(band)
        elif self.row is not None:
            self._fill_row(band, skip=None)

    def _fill_description(self, band: PlacedBand) -> None:
        current = self.current
        cells = [cell for cell in band.band.cells if cell.lines]
        if current.responsible_range is None:
            for cell in cells:
                if _RESPONSIBLE_LABELS.search(_plain(cell.text)):
                    current.responsible_range = (cell.box.x0, cell.box.x1)
        for cell in cells:
            if (
                current.responsible_range
                and share_under(ink_box(cell), current.responsible_range) > 0.5
            ):
                current.responsible.add(band.page, [cell])
            else:
                current.description.add(band.page, [cell])

    def _fill_row(self, band: PlacedBand, skip: Cell | None) -> None:
        row, columns = self.row, self.current.columns
        takes_checkpoint = row.label == MILESTONE
        cells = [c for c in band.band.cells if c is not skip and not self._rest_of_label(c)]
        if takes_checkpoint and columns.checkpoint is not None:
            cells = cut_at_column(cells, columns.checkpoint)
        for cell in cells:
            ink = ink_box(cell)
            if share_under(ink, columns.smiley) >= COLUMN_SHARE:
                continue  # read below, from the column's region
            if takes_checkpoint and share_under(ink, columns.checkpoint) >= COLUMN_SHARE:
                row.checkpoint.add(band.page, [cell])
            else:
                row.text.add(band.page, [cell])
        if row.smiley is None and columns.smiley is not None:
            box = band.band.box
            region = self._page.within(
                BBox(columns.smiley[0], box.top, columns.smiley[1], box.bottom)
            )
            row.smiley = read_smiley(region)

    # ---- pages

    def page(self, view: PageView, trace: Trace | None = None) -> None:
        self._page = view.page
        for placed in view.bands:
            self.vocabulary.add_band(placed.band)
            notes = [self.band(part) for part in _rows_of(placed)]
            if trace is not None:
                trace(placed, "; ".join(notes))
        self._flush_block()


def _rows_of(placed: PlacedBand) -> list[PlacedBand]:
    """The band, or the rows it holds where its first cell names several ("Milepæl" twice):
    rows set without space between them share a band, and their labels say where each begins."""
    first = next((cell for cell in placed.band.cells if cell.lines), None)
    if first is None or len(first.lines) < 2:
        return [placed]
    starts = [
        line.bbox.top
        for line in first.lines[1:]
        if _plain(line.text) in _LABELS or _HEADER.match(_plain(line.text))
    ]
    if not starts:
        return [placed]
    # Cut just above each label: half-way from the line before it.
    by_top = {line.bbox.top: index for index, line in enumerate(first.lines)}
    cuts = [(first.lines[by_top[top] - 1].bbox.bottom + top) / 2 for top in starts]
    parts = placed.band.split_at(cuts)
    return [
        PlacedBand(
            part,
            placed.first_on_page and index == 0,
            placed.continued and index == 0,
        )
        for index, part in enumerate(parts)
    ]


def _span(span: tuple[float, float] | None) -> str:
    return f"x {span[0]:.0f}-{span[1]:.0f}" if span else "none"


def _smiley_note(reading: SmileyReading | None) -> str:
    if reading is None:
        return ""
    return f"; smiley {reading.colour} ({reading.source}, {reading.confidence:.2f})"


def _continues_block(lines: list[TextLine], line: TextLine) -> bool:
    previous = lines[-1]
    same_style = previous.bold == line.bold and abs(previous.size - line.size) < 0.5
    gap = line.bbox.top - previous.bbox.bottom
    return same_style and gap < 0.8 * previous.bbox.height


def _agreement_name(text: str) -> str:
    match = _TITLE_AGREEMENT.search(text)
    return f"Aftale om budget {match.group(1)}" if match else text


# ---------------------------------------------------------------- detection


def detect(first_pages: list[Page]) -> float:
    text = " ".join(line.text for page in first_pages for line in page_lines(page))
    lowered = text.lower()
    score = 0.0
    if re.search(r"opfølgning på aftale om budget \d{4}", lowered):
        score += 0.5
    if "milepæl" in lowered:
        score += 0.25
    if "ansvarligt udvalg" in lowered or "ansvarligt center" in lowered:
        score += 0.15
    if "smiley" in lowered:
        score += 0.1
    return min(score, 1.0)


# ---------------------------------------------------------------- records


def _split_responsible(raw: str) -> dict[str, str | None]:
    """The 'Ansvarligt center: … Ansvarligt udvalg: … Væsentlig bidragsyder: …' cell, by label."""
    found: dict[str, str | None] = {"center": None, "udvalg": None, "bidragsyder": None}
    parts = _RESPONSIBLE_LABELS.split(raw)
    for label, value in zip(parts[1::2], parts[2::2], strict=True):
        key = label.split()[-1].lower()
        found[key] = value
    return found


def _record(initiative: _Initiative, vocabulary: Vocabulary) -> InitiativeRecord:
    description = initiative.description.render(vocabulary) or None
    responsible = _split_responsible(initiative.responsible.render(vocabulary))
    record = InitiativeRecord(
        agreement=initiative.agreement,
        number=initiative.number,
        section=initiative.section,
        title=initiative.title,
        kind_raw=initiative.kind,
        description_raw=description,
        responsible_unit_raw=responsible["center"],
        responsible_committee_raw=responsible["udvalg"],
        contributor_raw=responsible["bidragsyder"],
        latest_status_raw=None,
        page_first=initiative.page_first,
        page_last=initiative.page_last,
    )
    for row in initiative.rows:
        text = row.text.render(vocabulary)
        if row.label == MILESTONE:
            seq = len(record.milestones) + 1
            checkpoint = row.checkpoint.render(vocabulary) or None
            record.milestones.append(MilestoneRecord(seq, checkpoint, text, row.smiley, row.page))
        elif row.label == ECONOMY and record.economy is None:
            record.economy = EconomyRecord(text, row.smiley, row.page)
        elif row.label == LATEST_STATUS:
            record.latest_status_raw = text or None
    return record


def _document(view: PageView | None) -> DocumentRecord:
    record = DocumentRecord(doc_type=DOC_TYPE)
    if view is None:
        return record
    content = [line for placed in view.bands for line in placed.band.lines]
    everything = content + [line for band in view.running for line in band.lines]
    worded = [line for line in content if any(ch.isalpha() for ch in line.text)]
    if worded:
        largest = max(line.size for line in worded)
        title: list[TextLine] = []
        for line in content:
            if abs(line.size - largest) < 0.5 and any(ch.isalpha() for ch in line.text):
                title.append(line)
            elif title:
                break
        record.title = " ".join(_plain(line.text) for line in title)
    for line in everything:
        match = _DATE_LINE.match(line.text)
        if match:
            record.published_raw = match.group(1).strip()
            break
    text = " ".join(line.text for line in everything)
    if "Ballerup Kommune" in text:
        record.municipality = "ballerup"
    if record.title:
        match = _TITLE_AGREEMENT.search(record.title)
        if match:
            record.budget_year = int(match.group(1))
        first_word = record.title.split(" ", 1)[0].lower()
        record.followup_round = _ROUNDS.get(first_word)
    return record


def _announced(page: Page) -> tuple[int, int]:
    """Milestone rows and header rows the page's text layer prints, whatever the layout."""
    text = "".join(char.text for char in page.chars)
    return len(_ANNOUNCED_MILESTONE.findall(text)), len(_ANNOUNCED_HEADER.findall(text))


def extract(pages: Iterable[Page], info: DocumentInfo, trace: Trace | None = None) -> Extraction:
    reader: _Reader | None = None
    first_view: PageView | None = None
    document = DocumentRecord(doc_type=DOC_TYPE)
    announced_milestones: Counter[int] = Counter()
    announced_headers: Counter[int] = Counter()
    for view in DocumentReader().pages(pages):
        if first_view is None:
            first_view = view
            document = _document(view)
            default_agreement = (
                f"Aftale om budget {document.budget_year}"
                if document.budget_year
                else "Aftale om budget"
            )
            reader = _Reader(default_agreement)
        milestones, headers = _announced(view.page)
        announced_milestones[view.page.number] = milestones
        announced_headers[view.page.number] = headers
        reader.page(view, trace)
    initiatives = reader.initiatives if reader else []
    vocabulary = reader.vocabulary if reader else Vocabulary()
    extraction = Extraction(
        extractor=NAME,
        extractor_version=VERSION,
        document=document,
        records=[_record(initiative, vocabulary) for initiative in initiatives],
    )
    if reader is not None:
        extraction.counts = [
            _count("milestone rows", announced_milestones, reader.milestones_seen),
            _count("initiative header rows", announced_headers, reader.headers_seen),
        ]
        extraction.warnings += [
            f"page {page}: a row of a table read as no row of its initiative: {text[:60]!r}"
            for page, text in reader.unaccounted
        ]
    if not initiatives:
        extraction.warnings.insert(0, "no initiatives found: the follow-up's tables were not read")
    return extraction


def _count(what: str, announced: Counter[int], read: Counter[int]) -> Count:
    """What the pages show against what was read. A page shows at least the labels its text
    layer prints as words and at least the rows read on it (a label glued to its cell's text in
    the text layer is no word of its own, yet its row may be read)."""
    pages = sorted(set(announced) | set(read))
    shown = sum(max(announced[page], read[page]) for page in pages)
    short = tuple(page for page in pages if read[page] < announced[page])
    missing = sum(announced[page] - read[page] for page in short)
    return Count(what, shown, sum(read.values()), missing, short)
