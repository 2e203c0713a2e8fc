"""Coverage: how much of the text a document shows went into its records.

The body text of each page (its running heads and feet aside) is cut into words, and so is every
string field of the records the family read. A body word is covered while the records hold the
same word (case aside) not yet used up: first the records read on that page, then what records
have left over from other pages. The coverage is the covered share of the body's letters and
digits, for the document and for each page. It is a measure, not a proof: a label ("Milepæl",
"Tid") or a reading guide is shown but belongs to no record, so a complete reading of a follow-up
covers less than all of its pages; a family sets the bar below which its reading is not complete
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
    for words_of_page in record_words_by_page(value).values():
        found.update(words_of_page)
    return found


def record_words_by_page(value: object) -> dict[int | None, Counter[str]]:
    """The words of the records, by the page each record says it comes from (its ``page`` or
    ``page_first``; a record inside another one without its own page is on its parent's);
    None for the words of records that name no page."""
    # Each page's strings are counted together, in the order met (a Counter keeps its words in
    # the order first seen): a blank between two strings is no part of a word.
    texts: dict[int | None, list[str]] = {}
    stack: list[tuple[object, int | None]] = [(value, None)]
    while stack:
        item, page = stack.pop()
        if isinstance(item, str):
            texts.setdefault(page, []).append(_MARKUP.sub(" ", item))
        elif isinstance(item, list | tuple):
            stack.extend((part, page) for part in item)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            own = getattr(item, "page", None) or getattr(item, "page_first", None)
            page = own if isinstance(own, int) else page
            stack.extend((getattr(item, f.name), page) for f in dataclasses.fields(item))
    return {page: words(" ".join(strings)) for page, strings in texts.items()}


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
        # The lines counted together: a blank between two lines is no part of a word.
        self.pages.setdefault(number, Counter()).update(
            words(" ".join(line.text for line in lines))
        )

    def coverage(self, records: object) -> Coverage:
        """How much of the body the records hold. Each page's words are first matched with the
        words of the records read on that page, then with what the records have left over from
        elsewhere (a row that runs on to the next page), page by page in reading order."""
        by_page = record_words_by_page(records)
        shown: dict[int, int] = {}
        covered: dict[int, int] = {}
        uncovered: dict[int, Counter[str]] = {}
        for number, body in self.pages.items():
            own = by_page.pop(number, Counter())
            used = body & own
            own.subtract(used)
            by_page.setdefault(None, Counter()).update(+own)
            shown[number] = _letters(body)
            covered[number] = _letters(used)
            uncovered[number] = body - used
        left = Counter()
        for rest in by_page.values():
            left.update(rest)
        for number in sorted(self.pages):
            used = uncovered[number] & left
            left.subtract(used)
            covered[number] += _letters(used)
        shares = {n: covered[n] / shown[n] for n in sorted(self.pages) if shown[n]}
        total = sum(shown.values())
        return Coverage(sum(covered.values()) / total if total else None, shares)


def _letters(counts: Counter[str]) -> int:
    return sum(len(word) * count for word, count in counts.items())
