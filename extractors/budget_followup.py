"""Budget-agreement follow-ups (Ballerup's "opfølgning på Aftale om budget"): one ruled table per
initiative — a header row (number, title, kind, "Tid", "Smiley"), a description row with the
responsible centre and committee, four "Milepæl" rows, an "Økonomi" row and sometimes
"Seneste status".

The document is read as one stream of rows and headings across pages, so that a table (or a row)
that runs over a page break is put back together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .pdf import DocumentInfo, Page
from .pdf.layout import TextLine, join_lines, page_lines, row_cells, ruled_rows, text_lines
from .records import (
    DocumentRecord,
    EconomyRecord,
    Extraction,
    InitiativeRecord,
    MilestoneRecord,
    SmileyReading,
)
from .smileys import read_smiley

NAME = "budget_followup"
VERSION = "1.0"
DOC_TYPE = "budget_followup"

_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_HEADER = re.compile(r"^(\d+(?:\.\d+)+)\.?\s+(.+)$", re.DOTALL)
_SECTION = re.compile(r"^\d+\.\s+\S")
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
# A heading is set larger than the body text of tables (9–10 pt) and in bold.
_HEADING_MIN_SIZE = 10.5
# Blocks of free text: consecutive lines of the same style closer than this share of a line height.
_BLOCK_GAP = 0.8


@dataclass
class _Row:
    """One table row as read, possibly completed by its continuation on the next page."""

    page: int
    cells: list[str]
    smiley: SmileyReading | None = None

    @property
    def label(self) -> str:
        """The first cell without the markup some sources print around it ("<p>Milepæl</p>")."""
        return _TAG.sub("", self.cells[0]).strip() if self.cells else ""


@dataclass
class _Heading:
    page: int
    text: str


@dataclass
class _Initiative:
    agreement: str
    section: str | None
    number: str
    title: str
    kind: str | None
    page_first: int
    page_last: int
    description: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    rows: list[_Row] = field(default_factory=list)


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


# ---------------------------------------------------------------- the stream of rows and headings


def _stream(pages: Iterable[Page], first_page_lines: list[TextLine]) -> Iterator[_Row | _Heading]:
    for page in pages:
        items: list[tuple[float, _Row | _Heading]] = []
        in_rows: set[int] = set()
        for row in ruled_rows(page):
            parts = row_cells(page, row)
            for part in parts:
                in_rows.update(map(id, part.region.chars))
            cells = [part.text for part in parts]
            smiley = None
            if len(row.cells) >= 4 and cells[0]:
                smiley = read_smiley(parts[-1].region)
            items.append((row.bbox.top, _Row(page.number, cells, smiley)))
        # Headings, the title and the date are the text outside the tables.
        free = text_lines([char for char in page.chars if id(char) not in in_rows])
        if page.number == 1:
            first_page_lines.extend(free)
        for block in _blocks(free):
            first = block[0]
            if first.bold and first.size >= _HEADING_MIN_SIZE:
                items.append((first.bbox.top, _Heading(page.number, join_lines(block))))
        items.sort(key=lambda item: item[0])
        yield from (item for _, item in items)


def _blocks(lines: list[TextLine]) -> list[list[TextLine]]:
    blocks: list[list[TextLine]] = []
    for line in lines:
        if blocks:
            previous = blocks[-1][-1]
            same_style = previous.bold == line.bold and abs(previous.size - line.size) < 0.5
            gap = line.bbox.top - previous.bbox.bottom
            if same_style and gap < _BLOCK_GAP * previous.bbox.height:
                blocks[-1].append(line)
                continue
        blocks.append([line])
    return blocks


# ---------------------------------------------------------------- assembling initiatives


def _header(row: _Row) -> tuple[str, str, str | None] | None:
    if len(row.cells) < 3:
        return None
    match = _HEADER.match(row.cells[0].strip())
    if not match:
        return None
    rest = [cell.strip() for cell in row.cells[1:]]
    if "Tid" not in rest and "Smiley" not in rest:
        return None
    kind = next((cell for cell in rest if cell.lower() in _KINDS), None)
    return match.group(1), " ".join(match.group(2).split()), kind


_LABELS = {"Milepæl", "Økonomi", "Seneste status"}
_DESCRIPTION = "description"


def _continues(open_part: _Row | str | None, row: _Row, first_on_page: bool) -> bool:
    """Is ``row`` the rest of the open row, cut by a page break inside the row?"""
    if open_part is None or not first_on_page:
        return False
    if open_part == _DESCRIPTION:
        return len(row.cells) == 2
    # A labelled row prints its label only on its first part.
    return len(row.cells) == len(open_part.cells) and not row.label


def _merge(previous: _Row, row: _Row) -> None:
    for index, text in enumerate(row.cells):
        if text:
            previous.cells[index] = f"{previous.cells[index]} {text}".strip()
    if previous.smiley is None:
        previous.smiley = row.smiley


def _assemble(stream: Iterable[_Row | _Heading], default_agreement: str) -> list[_Initiative]:
    initiatives: list[_Initiative] = []
    agreement = default_agreement
    section: str | None = None
    current: _Initiative | None = None
    open_part: _Row | str | None = None
    last_page = 0
    for item in stream:
        first_on_page = item.page != last_page
        last_page = item.page
        if isinstance(item, _Heading):
            extra = _EXTRA_AGREEMENT.search(item.text)
            if extra and item.text.lower().startswith("ekstra"):
                agreement = _agreement_name(extra.group(1))
            elif _SECTION.match(item.text):
                section = item.text
            open_part = None
            continue
        if current is not None and _continues(open_part, item, first_on_page):
            if open_part == _DESCRIPTION:
                current.description.append(item.cells[0])
                current.responsible.append(item.cells[1])
            else:
                _merge(open_part, item)
            current.page_last = item.page
            continue
        header = _header(item)
        if header is not None:
            number, title, kind = header
            current = _Initiative(agreement, section, number, title, kind, item.page, item.page)
            initiatives.append(current)
            open_part = None
            continue
        if current is None:
            continue
        current.page_last = item.page
        if item.label in _LABELS:
            current.rows.append(item)
            open_part = item
        elif len(item.cells) == 2 and not current.rows:
            current.description.append(item.cells[0])
            current.responsible.append(item.cells[1])
            open_part = _DESCRIPTION
    return initiatives


def _agreement_name(text: str) -> str:
    match = _TITLE_AGREEMENT.search(text)
    return f"Aftale om budget {match.group(1)}" if match else text


# ---------------------------------------------------------------- records


def _split_responsible(raw: str) -> dict[str, str | None]:
    """The 'Ansvarligt center: … Ansvarligt udvalg: … Væsentlig bidragsyder: …' cell, by label."""
    found: dict[str, str | None] = {"center": None, "udvalg": None, "bidragsyder": None}
    parts = _RESPONSIBLE_LABELS.split(raw)
    for label, value in zip(parts[1::2], parts[2::2], strict=True):
        key = label.split()[-1].lower()
        found[key] = value
    return found


def _milestone_cells(row: _Row) -> tuple[str, str | None]:
    """(text, checkpoint) of a labelled row, whatever its number of cells."""
    cells = row.cells
    text = cells[1] if len(cells) > 1 else ""
    checkpoint = cells[2] if len(cells) > 3 else None
    return text, checkpoint


def _records(initiative: _Initiative) -> InitiativeRecord:
    description = " ".join(part for part in initiative.description if part) or None
    responsible = _split_responsible(" ".join(part for part in initiative.responsible if part))
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
        text, checkpoint = _milestone_cells(row)
        if row.label == "Milepæl":
            seq = len(record.milestones) + 1
            record.milestones.append(MilestoneRecord(seq, checkpoint, text, row.smiley, row.page))
        elif row.label == "Økonomi" and record.economy is None:
            record.economy = EconomyRecord(text, row.smiley, row.page)
        elif row.label == "Seneste status":
            record.latest_status_raw = text or None
    return record


def _document(lines: list[TextLine], info: DocumentInfo) -> DocumentRecord:
    record = DocumentRecord(doc_type=DOC_TYPE)
    if lines:
        largest = max(line.size for line in lines)
        title_lines = [line for line in lines if abs(line.size - largest) < 0.5]
        record.title = join_lines(title_lines)
    for line in lines:
        match = _DATE_LINE.match(line.text)
        if match:
            record.published_raw = match.group(1).strip()
            break
    if record.published_raw is None:
        record.published_raw = info.metadata.get("CreationDate")
    text = " ".join(line.text for line in lines)
    if "Ballerup Kommune" in text:
        record.municipality = "ballerup"
    if record.title:
        match = _TITLE_AGREEMENT.search(record.title)
        if match:
            record.budget_year = int(match.group(1))
        first_word = record.title.split(" ", 1)[0].lower()
        record.followup_round = _ROUNDS.get(first_word)
    return record


def extract(pages: Iterable[Page], info: DocumentInfo) -> Extraction:
    first_page_lines: list[TextLine] = []
    stream = _stream(pages, first_page_lines)
    # The first page's free text (title, date) is known once the first page has been streamed.
    buffered: list[_Row | _Heading] = []
    for item in stream:
        buffered.append(item)
        if item.page > 1:
            break
    document = _document(first_page_lines, info)
    default_agreement = (
        f"Aftale om budget {document.budget_year}" if document.budget_year else "Aftale om budget"
    )

    def everything() -> Iterator[_Row | _Heading]:
        yield from buffered
        yield from stream

    initiatives = _assemble(everything(), default_agreement)
    return Extraction(
        extractor=NAME,
        extractor_version=VERSION,
        document=document,
        initiatives=[_records(initiative) for initiative in initiatives],
    )
