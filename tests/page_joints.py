"""Where a drawing cannot tell a paragraph's end from a wrapped line: at a page break.

A paragraph whose last line fills its column to the edge and falls at the foot of a page looks
exactly like a paragraph that goes on at the head of the next page: the paragraph gap that tells
them apart on one page is cut off by the break. The reader then takes the likelier reading, one
paragraph. The truth check accepts that reading there, and only there; this module finds those
places in the drawing itself, by the words' positions, independently of the reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pdfplumber

# Words on one line of one column: tops this close (pt), gaps narrower than this many font sizes.
SAME_LINE_TOP = 1.5
WORD_GAP_SIZES = 1.5
# Lines of one column start this close (pt); a gap this many font sizes high ends its block.
SAME_COLUMN_X0 = 1.5
BLOCK_GAP_SIZES = 3.0
# A line filled its column when the next word and a blank of this many font sizes did not fit.
WRAP_SPACE_SIZES = 0.5
# The next page's part is looked for among this many first lines of the column (a repeated
# header row may stand above it).
HEAD_LINES = 4


@dataclass(frozen=True)
class _Line:
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    words: tuple[str, ...]
    first_width: float  # the width the line's first word is set in


def _lines(page) -> list[_Line]:
    words = sorted(page.extract_words(extra_attrs=["size"]), key=lambda w: (w["top"], w["x0"]))
    rows: list[list[dict]] = []
    for word in words:
        for row in rows:
            last = row[-1]
            if (
                abs(last["top"] - word["top"]) <= SAME_LINE_TOP
                and 0 <= word["x0"] - last["x1"] <= WORD_GAP_SIZES * word["size"]
            ):
                row.append(word)
                break
        else:
            rows.append([word])
    return [
        _Line(
            min(w["top"] for w in row),
            max(w["bottom"] for w in row),
            row[0]["x0"],
            row[-1]["x1"],
            row[0]["size"],
            tuple(w["text"] for w in row),
            row[0]["x1"] - row[0]["x0"],
        )
        for row in rows
    ]


@lru_cache(maxsize=64)
def ambiguous_joints(path: Path) -> frozenset[tuple[str, str]]:
    """(last word before, first word after) of every page break where a full line at the foot
    of a column may end its paragraph or go on at the head of the next page."""
    found: set[tuple[str, str]] = set()
    with pdfplumber.open(path) as pdf:
        pages = [_lines(page) for page in pdf.pages]
    for here, after in zip(pages, pages[1:], strict=False):
        for line in here:
            column = [other for other in here if abs(other.x0 - line.x0) <= SAME_COLUMN_X0]
            if any(other.top > line.bottom for other in column):
                continue  # not the column's last line on the page
            right = max(other.x1 for other in _block_above(line, column))
            heads = sorted(
                (other for other in after if abs(other.x0 - line.x0) <= SAME_COLUMN_X0),
                key=lambda other: other.top,
            )[:HEAD_LINES]
            for head in heads:
                if line.x1 + head.first_width + WRAP_SPACE_SIZES * head.size > right:
                    found.add((line.words[-1], head.words[0]))
    return frozenset(found)


def _block_above(line: _Line, column: list[_Line]) -> list[_Line]:
    """The line and the lines of its column above it, up to the first gap wider than
    ``BLOCK_GAP_SIZES`` font sizes: the cell it ends, not a wider cell higher up."""
    block = [line]
    for other in sorted((o for o in column if o.bottom <= line.top), key=lambda o: -o.top):
        if block[-1].top - other.bottom > BLOCK_GAP_SIZES * line.size:
            break
        block.append(other)
    return block


def same_reading(got, want, joints: frozenset[tuple[str, str]]) -> bool:
    """``got`` equals ``want``, or differs only by one paragraph read where the truth has two,
    at page joints the drawing cannot tell."""
    if got == want:
        return True
    if isinstance(got, str) and isinstance(want, str):
        if len(got) != len(want):
            return False
        for index, (a, b) in enumerate(zip(got, want, strict=True)):
            if a == b:
                continue
            if (a, b) != (" ", "\n"):
                return False
            before = want[:index].rsplit(None, 1)[-1:]
            after = want[index + 1 :].split(None, 1)[:1]
            if not before or not after or (before[0], after[0]) not in joints:
                return False
        return True
    if isinstance(got, tuple | list) and isinstance(want, tuple | list):
        return len(got) == len(want) and all(
            same_reading(g, w, joints) for g, w in zip(got, want, strict=True)
        )
    return False
