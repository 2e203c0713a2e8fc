"""Coverage: how much of the text a document shows went into its records.

The body text of each page (its running heads and feet aside) is cut into words, and so is every
string field of the records the family read. A body word is covered while the records hold the
same word (case aside) not yet used up by an earlier page; the coverage is the covered share of
the body's letters and digits. It is a measure, not a proof: a label ("Milepæl", "Tid") or a
reading guide is shown but belongs to no record, so a complete reading of a follow-up covers less
than all of its pages; a family sets the bar below which its reading is not complete
(``COVERAGE_BAR``), measured on every drawing of its documents.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .pdf.layout import TextLine

_WORD = re.compile(r"[^\W_]+")
_MARKUP = re.compile(r"</?[a-zA-Z][^<>]*>")


def words(text: str) -> Counter[str]:
    """The words (runs of letters and digits) of a text, case folded, with their counts."""
    return Counter(word.casefold() for word in _WORD.findall(text))


def record_words(value: object) -> Counter[str]:
    """The words of every string a record holds: its fields, its lists, the records inside it.
    Literal markup in a raw string (``<p>``) is no word of the text."""
    found: Counter[str] = Counter()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.update(words(_MARKUP.sub(" ", item)))
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            stack.extend(getattr(item, f.name) for f in dataclasses.fields(item))
    return found


@dataclass(frozen=True, slots=True)
class Coverage:
    share: float | None  # 0..1 over the whole body; None when the body has no words
    pages: dict[int, float]  # the share of each page that has body words

    def pages_below(self, bar: float) -> list[int]:
        return sorted(number for number, share in self.pages.items() if share < bar)


@dataclass(slots=True)
class BodyText:
    """The body words of each page, gathered as the pages are read."""

    pages: dict[int, Counter[str]] = field(default_factory=dict)

    def add(self, number: int, lines: Iterable[TextLine]) -> None:
        page = self.pages.setdefault(number, Counter())
        for line in lines:
            page.update(words(line.text))

    def coverage(self, records: object) -> Coverage:
        """How much of the body the records hold, page by page in reading order."""
        left = record_words(records)
        covered_total = shown_total = 0
        shares: dict[int, float] = {}
        for number in sorted(self.pages):
            shown = covered = 0
            for word, count in self.pages[number].items():
                used = min(count, left[word])
                left[word] -= used
                covered += used * len(word)
                shown += count * len(word)
            if shown:
                shares[number] = covered / shown
            covered_total += covered
            shown_total += shown
        share = covered_total / shown_total if shown_total else None
        return Coverage(share, shares)
