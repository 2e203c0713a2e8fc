"""Reading a written report back as a reader of its HTML would: its tables, figures and cards."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

_FIGURE = re.compile(r'<script type="application/json" id="figure-([^"]+)">(.*?)</script>', re.S)


@dataclass
class _Table:
    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)


class _Tables(HTMLParser):
    """Every <table data-view> as rows of {column: cell text}, and the headline cards."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, _Table] = {}
        self.cards: dict[str, str] = {}
        self._table: _Table | None = None
        self._row: dict[str, str] | None = None
        self._column: str | None = None
        self._card: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "table" and attributes.get("data-view"):
            self._table = self.tables.setdefault(attributes["data-view"], _Table())
        elif tag == "tr" and self._table is not None:
            self._row = {}
        elif tag == "td" and self._row is not None:
            self._column, self._text = attributes.get("data-column"), []
        elif tag == "b" and attributes.get("data-column"):
            self._card, self._text = attributes["data-column"], []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag == "tr" and self._table is not None and self._row:
            self._table.rows.append(self._row)
            self._table.columns = list(self._row)
            self._row = None
        elif tag == "td" and self._row is not None and self._column:
            self._row[self._column] = "".join(self._text).strip()
            self._column = None
        elif tag == "b" and self._card:
            self.cards[self._card] = "".join(self._text).strip()
            self._card = None

    def handle_data(self, data: str) -> None:
        if self._column or self._card:
            self._text.append(data)


@dataclass(frozen=True)
class ReportPage:
    html: str
    tables: dict[str, list[dict[str, str]]]
    cards: dict[str, str]
    figures: dict[str, dict]

    @classmethod
    def read(cls, path: Path) -> ReportPage:
        html = path.read_text(encoding="utf-8")
        parser = _Tables()
        parser.feed(html)
        figures = {match.group(1): json.loads(match.group(2)) for match in _FIGURE.finditer(html)}
        return cls(html, {name: t.rows for name, t in parser.tables.items()}, parser.cards, figures)

    def trace(self, figure: str, name: str) -> dict:
        (trace,) = [t for t in self.figures[figure]["data"] if t.get("name") == name]
        return trace
