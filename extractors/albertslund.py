"""What the Albertslund families share: who published a document, its printed title, its body
lines without running heads, and headings recognised by what they say rather than how one copy
spells them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz

from .pdf.layout import TextLine
from .pdf.layout.document import PageView
from .pdf.layout.flow import reading_order

MUNICIPALITY = "albertslund"
_NAME = re.compile(r"\balbertslund", re.IGNORECASE)
# What str.isalnum() rejects: re's word chars are exactly isalnum() and "_".
_NOT_ALNUM = re.compile(r"[\W_]+")

# A title line is printed at least this many times the body size ...
TITLE_SIZE_RATIO = 1.45
# ... and the title's further lines in the first one's size (within this many points), or in a
# size still well above the body's (a publisher's line just above the first threshold is not).
TITLE_SIZE_TOLERANCE = 0.5
TITLE_LINE_RATIO = 1.6
# A heading is printed larger than the body by at least this factor.
HEADING_SIZE_RATIO = 1.1
# Lines of one heading lie closer than this share of the line height.
HEADING_WRAP_GAP = 1.0
# How close (rapidfuzz ratio, 0..100) a label must come to a known label to count as it.
LABEL_SIMILARITY = 80.0

# Letters from other scripts that print like Latin ones (and the Cyrillic letters a Danish writer
# most likely typed for their Latin counterpart on a mixed keyboard layout).
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "n", "о": "o", "р": "p",
        "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "л": "l", "и": "i",
        "д": "d", "г": "g", "п": "n", "з": "z", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
        "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Л": "L", "И": "I",
        "Д": "D", "Г": "G", "П": "N", "З": "Z",
        "α": "a", "ο": "o", "ρ": "p", "ι": "i", "κ": "k", "ν": "v", "τ": "t",
        "Α": "A", "Β": "B", "Ε": "E", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P",
        "Τ": "T", "Χ": "X",
    }
)  # fmt: skip


def fold_confusables(text: str) -> str:
    """``text`` with look-alike letters of other scripts replaced by their Latin twins."""
    return unicodedata.normalize("NFC", text).translate(_CONFUSABLES)


@lru_cache(maxsize=4096)
def label_key(text: str) -> str:
    """A label as compared: Latin letters only, lower case, without punctuation and blanks."""
    return _NOT_ALNUM.sub("", fold_confusables(text).lower())


def is_label(text: str, labels: Iterable[str], similarity: float = LABEL_SIMILARITY) -> bool:
    """Is ``text`` one of ``labels`` as a reader would take it (look-alikes, a typo or two)?"""
    key = label_key(text)
    if not key:
        return False
    return any(fuzz.ratio(key, label_key(label)) >= similarity for label in labels)


def page_text(lines: Iterable[TextLine]) -> str:
    return "\n".join(line.text for line in lines)


def municipality_of(text: str) -> str:
    """``albertslund`` when the text names it, else ``unknown``."""
    return MUNICIPALITY if _NAME.search(text) else "unknown"


def body_size(lines: Iterable[TextLine]) -> float:
    """The font size most of the text is set in."""
    # Counted by exact size first, then by size to a tenth: a page has a handful of sizes and
    # thousands of chars, so each size is rounded once, not once per char. The rounded sizes
    # come in the order they first occur, as a per-char count has them (a tie keeps the first).
    # Each line counts its chars by size once (the families' detections ask it of the same lines).
    exact: Counter[float] = Counter()
    for line in lines:
        exact.update(line.size_counts)
    sizes: Counter[float] = Counter()
    for size, count in exact.items():
        sizes[round(size, 1)] += count
    return sizes.most_common(1)[0][0] if sizes else 0.0


def view_lines(view: PageView) -> list[TextLine]:
    """The page's content lines (running heads and feet aside) in reading order.

    Found once per page and set of lines: a family's detection and its reading, and the other
    families' detections, ask it of the same page again.
    """
    lines = [line for placed in view.bands for line in placed.band.lines]
    # The lines are the page layout's own (kept in the page's memo), so their ids are stable.
    key = ("reading order", tuple(map(id, lines)))
    found = view.page.memo.get(key)
    if found is None:
        found = view.page.memo[key] = reading_order(lines)
    return list(found)


def title_lines(lines: list[TextLine], size: float | None = None) -> list[TextLine]:
    """The lines of the title printed on the first page: the first line set well above body
    size, and the lines that go on in a title's size."""
    body = body_size(lines) if size is None else size
    title: list[TextLine] = []
    for line in lines:
        if not title and line.size >= body * TITLE_SIZE_RATIO:
            title.append(line)
        elif title and (
            abs(line.size - title[0].size) < TITLE_SIZE_TOLERANCE
            or line.size >= body * TITLE_LINE_RATIO
        ):
            title.append(line)
        elif title:
            break
    return title


def printed_title(lines: list[TextLine], size: float | None = None) -> str | None:
    """The title as printed on the first page (see ``title_lines``)."""
    title = title_lines(lines, size)
    return " ".join(clean(line.text) for line in title) or None


def is_heading(line: TextLine, size: float) -> bool:
    """Set apart from the body: larger than it and bold, or larger and in colour."""
    if line.size < size * HEADING_SIZE_RATIO:
        return False
    coloured = line.fill is not None and max(line.fill) - min(line.fill) > 0.15
    return line.bold or coloured


def clean(text: str) -> str:
    """Blanks folded within each paragraph, empty paragraphs dropped, paragraphs on "\\n"."""
    paragraphs = (" ".join(part.split()) for part in text.split("\n"))
    return "\n".join(part for part in paragraphs if part)


def continues_heading(previous: TextLine, line: TextLine) -> bool:
    """Is ``line`` the wrapped rest of the heading ending in ``previous``?"""
    same_style = (
        abs(previous.size - line.size) < 0.3
        and previous.fill == line.fill
        and previous.bold == line.bold
    )
    gap = line.bbox.top - previous.bbox.bottom
    return same_style and gap < previous.bbox.height * HEADING_WRAP_GAP
