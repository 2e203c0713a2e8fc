"""Strategy and theme documents: a title, an introduction, then headed themes with their text.

One family serves two document types, told apart by what the document calls itself: a paper about
themes ("Netværkstemaer …") is ``themes``; one about focus areas, strategy or vision
("Direktørforums indsatsområder …") is ``strategy``. The themes are the headings set apart from the
body by size and weight or colour; a list that merely names them in body size (as a numbered
summary often does) is introduction, not themes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .albertslund import (
    body_size,
    clean,
    continues_heading,
    fold_confusables,
    is_heading,
    municipality_of,
    page_text,
    printed_title,
    title_lines,
    view_lines,
)
from .pdf.layout import TextLine, join_lines, ruled_tables, wrap_separator
from .pdf.layout.document import DocumentReader, Trace
from .pdf.model import DocumentInfo, Page
from .records import DocumentRecord, Extraction
from .tables import Normalising, Row, Table, columns

NAME = "themes"
VERSION = "1"
# A complete reading covers 0.81-0.94 of the body text (the title page and letterhead are the
# rest) on both samples and every drawing of the variation corpus; half of the themes read
# covers 0.31-0.51.
COVERAGE_BAR = 0.55


@dataclass(slots=True)
class ThemeRecord:
    seq: int
    theme: str
    text: str | None
    page: int


def _theme_rows(themes: list[ThemeRecord], norm: Normalising) -> list[Row]:
    return [
        {
            "doc_id": norm.doc_id,
            "seq": theme.seq,
            "theme": theme.theme,
            "text": norm.text(theme.text),
            "page": theme.page,
        }
        for theme in themes
    ]


TABLES = (
    Table(
        "themes",
        columns("doc_id: string", "seq: int32", "theme: string", "text: string?", "page: int32"),
        _theme_rows,
        label="themes",
    ),
)

# A heading names a theme in a few words, not a sentence.
MAX_HEADING_WORDS = 14
# Detection wants at least this many headed sections on the first pages.
MIN_HEADINGS = 2
# The document's facts (title, publisher) are read from this many leading pages.
LEADING_PAGES = 3
# A page's last line shorter than the text column by this share of it ends a paragraph.
SHORT_LINE_SHARE = 0.15

_THEME_WORDS = re.compile(r"tema", re.IGNORECASE)
_STRATEGY_WORDS = re.compile(
    r"strategi|indsatsområde|fokusområde|vision|pejlemærke|prioritet", re.IGNORECASE
)
# Other families' documents: business plans also have coloured headings.
_OTHER_FAMILY = re.compile(
    r"virksomhedsplan|^\d{1,2}\.\d{1,2}\.?\s+m\S{0,2}l\s*[–—-]", re.IGNORECASE | re.MULTILINE
)
# A heading's own numbering ("1. ", "2) ") is no part of the theme it names.
_NUMBERING = re.compile(r"^\d{1,2}[.)]\s+")
_SENTENCE_END = re.compile(r"[.!?:]['\"”’)]?$")


def doc_type_of(title: str | None, text: str) -> str:
    """``themes`` or ``strategy``, from the title, else from the body's words."""
    for source in (title or "", text):
        themes = len(_THEME_WORDS.findall(source))
        strategy = len(_STRATEGY_WORDS.findall(source))
        if themes != strategy:
            return "themes" if themes > strategy else "strategy"
    return "themes"


def _headings(lines: list[TextLine], body: float) -> list[tuple[int, int, str]]:
    """(first line, line after, text) of each heading among ``lines``."""
    found: list[tuple[int, int, str]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if is_heading(line, body) and len(line.text.split()) <= MAX_HEADING_WORDS:
            end = index + 1
            while end < len(lines) and continues_heading(lines[end - 1], lines[end]):
                end += 1
            text = clean(" ".join(part.text for part in lines[index:end]))
            found.append((index, end, _NUMBERING.sub("", text, count=1)))
            index = end
        else:
            index += 1
    return found


def detect(first_pages: list[Page]) -> float:
    """How sure we are that these pages hold a strategy or theme document (0..1)."""
    pages = [view_lines(view) for view in DocumentReader().pages(first_pages)]
    text = "\n".join(page_text(lines) for lines in pages)
    if _OTHER_FAMILY.search(fold_confusables(text)):
        return 0.0
    body = body_size(line for lines in pages for line in lines)
    title = printed_title(pages[0], body) if pages else None
    if pages:
        printed = {id(line) for line in title_lines(pages[0], body)}
        pages[0] = [line for line in pages[0] if id(line) not in printed]
    headings = sum(len(_headings(lines, body)) for number, lines in enumerate(pages))
    if headings < MIN_HEADINGS:
        return 0.0
    score = 0.35
    if municipality_of(text) != "unknown":
        score += 0.25
    if title and (_THEME_WORDS.search(title) or _STRATEGY_WORDS.search(title)):
        score += 0.15
    if any(ruled_tables(page) for page in first_pages):
        score /= 2  # a table-bound document belongs to a tabular family
    return round(score, 2)


@dataclass(slots=True)
class _Theme:
    title: str
    page: int
    blocks: list[list[TextLine]] = field(default_factory=list)  # its lines, one list per page


def _page_joint(previous: list[TextLine], following: list[TextLine]) -> str:
    """What joins a theme's text across a page break: a paragraph break or a wrap."""
    last = previous[-1]
    right = max(line.bbox.x1 for line in previous)
    left = min(line.bbox.x0 for line in previous)
    short = last.bbox.x1 < right - (right - left) * SHORT_LINE_SHARE
    if short and _SENTENCE_END.search(last.text):
        return "\n"
    return wrap_separator(last, following[0])


def _theme_text(theme: _Theme) -> str | None:
    parts: list[str] = []
    previous: list[TextLine] | None = None
    for block in theme.blocks:
        if not block:
            continue
        if previous is not None:
            parts.append(_page_joint(previous, block))
        parts.append(join_lines(block))
        previous = block
    return clean("".join(parts)) or None


def extract(
    pages: Iterable[Page], info: DocumentInfo | None = None, trace: Trace | None = None
) -> Extraction:
    """Read a strategy or theme document: its facts and its headed themes in order."""
    themes: list[_Theme] = []
    leading: list[list[TextLine]] = []
    body = 0.0
    title: str | None = None
    for number, view in enumerate(DocumentReader().pages(pages)):
        page, lines = view.page, view_lines(view)
        if len(leading) < LEADING_PAGES:
            leading.append(lines)
            body = body_size(line for lines in leading for line in lines)
        if number == 0:
            title = printed_title(lines, body)
            printed = {id(line) for line in title_lines(lines, body)}
            lines = [line for line in lines if id(line) not in printed]
        position = 0
        for start, end, heading in _headings(lines, body):
            if themes:
                themes[-1].blocks.append(lines[position:start])
            themes.append(_Theme(heading, page.number))
            position = end
        if themes:
            themes[-1].blocks.append(lines[position:])

    text = "\n".join(page_text(lines) for lines in leading)
    document = DocumentRecord(
        municipality=municipality_of(text),
        doc_type=doc_type_of(title, text),
        title=title,
    )
    records = [
        ThemeRecord(seq=seq, theme=theme.title, text=_theme_text(theme), page=theme.page)
        for seq, theme in enumerate(themes, start=1)
    ]
    extraction = Extraction(NAME, VERSION, document, records=records)
    if not records:
        extraction.warnings.append("no headed themes found")
    return extraction
