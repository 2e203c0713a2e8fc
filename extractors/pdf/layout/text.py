"""The text of a block of lines as a reader reads it: wrapped lines joined, words that a narrow
column cut mended, paragraphs on "\\n".

A cut word is told from a wrap between two words by geometry (the line was filled to the edge, a
letter on both sides) and, where the line holds other words too, by the document's own vocabulary:
a layout engine cuts inside a word only when the word does not fit, so the mended word is one the
document prints whole elsewhere, and the two pieces are not both words of their own.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import pairwise

from ..model import BBox
from .lines import TextLine
from .params import DEFAULT_PARAMS, LayoutParams

SUSPENDED_HYPHEN_FOLLOWERS = {"og", "eller", "samt", "til", "&", "and", "or"}
# A mended word may be an inflection of a word the document prints whole ("budgetopfølgning" when
# the document prints "budgetopfølgningen"): up to this many letters more.
INFLECTION_LETTERS = 3

_WORD = re.compile(r"[^\W\d_]+")


def _key(word: str) -> str:
    return word.casefold()


class Vocabulary:
    """The words a document prints whole: the tokens inside its lines, never a line's first or
    last token, which a narrow column may have cut."""

    def __init__(self) -> None:
        self._words: set[str] = set()
        self._sorted: list[str] | None = None

    def add_lines(self, lines: Iterable[TextLine]) -> None:
        for line in lines:
            tokens = line.text.split(" ")
            for token in tokens[1:-1]:
                for word in _WORD.findall(token):
                    self._words.add(_key(word))
        self._sorted = None

    def __contains__(self, word: str) -> bool:
        return _key(word) in self._words

    def knows(self, word: str) -> bool:
        """Is ``word``, or an inflection of it, printed whole in the document?"""
        key = _key(word)
        if key in self._words:
            return True
        if self._sorted is None:
            self._sorted = sorted(self._words)
        index = bisect_left(self._sorted, key)
        return (
            index < len(self._sorted)
            and self._sorted[index].startswith(key)
            and len(self._sorted[index]) - len(key) <= INFLECTION_LETTERS
        )


def ends_at_space(line: TextLine) -> bool:
    """Does the text layer carry a blank after the line's last glyph?

    Writers that keep the blank at which they wrapped a line (LibreOffice does) say outright that
    the break fell between two words, whatever the geometry suggests.
    """
    return bool(line.chars) and line.chars[-1].text.isspace()


def _filled(
    previous: TextLine, following: TextLine, box: BBox, left_pad: float, params: LayoutParams
) -> bool:
    """Did the previous line run up to the edge, leaving no room for the next line's first char?"""
    next_char_width = following.chars[0].bbox.width
    available_right = box.x1 - left_pad
    return previous.bbox.x1 + next_char_width > available_right - params.fill_tolerance


def _is_forced_break(
    previous: TextLine,
    following: TextLine,
    box: BBox,
    left_pad: float,
    vocabulary: Vocabulary | None,
    params: LayoutParams,
) -> bool:
    """Did a narrow column cut a word in two at this line end?"""
    if not following.text or ends_at_space(previous):
        return False
    last, first = previous.text[-1], following.text[0]
    if not (last.isalpha() and first.isalpha()):
        return False
    if first.isupper() and not last.isupper():
        return False
    if not _filled(previous, following, box, left_pad, params):
        return False
    if " " not in previous.text:
        # A single token filling the line: the word was wider than the column.
        return True
    if vocabulary is None:
        return False
    head = _WORD.findall(previous.text.rsplit(" ", 1)[-1])
    tail = _WORD.findall(following.text.split(" ", 1)[0])
    if not head or not tail:
        return False
    head_word, tail_word = head[-1], tail[0]
    if head_word in vocabulary and tail_word in vocabulary:
        return False  # two words of their own: the engine wrapped at a space
    return vocabulary.knows(head_word + tail_word)


def wrap_separator(
    previous: TextLine,
    following: TextLine,
    box: BBox | None = None,
    left_pad: float = 0.0,
    vocabulary: Vocabulary | None = None,
    params: LayoutParams = DEFAULT_PARAMS,
) -> str:
    """What joins two wrapped lines of one paragraph: "" where the wrap cut a word, else " "."""
    if previous.text.endswith("/") and not ends_at_space(previous):
        return ""
    if previous.text.endswith("-") and len(previous.text) > 1 and previous.text[-2].isalnum():
        following_word = following.text.split(" ", 1)[0].lower()
        if following_word in SUSPENDED_HYPHEN_FOLLOWERS or following_word.startswith(","):
            return " "
        return ""
    if box is not None and _is_forced_break(previous, following, box, left_pad, vocabulary, params):
        return ""
    return " "


def left_pad(lines: Sequence[TextLine], box: BBox) -> float:
    """How far the block's leftmost line starts inside ``box``: the cell's padding."""
    return max(0.0, min(line.bbox.x0 for line in lines) - box.x0)


def join_lines(
    lines: Sequence[TextLine],
    box: BBox | None = None,
    vocabulary: Vocabulary | None = None,
    params: LayoutParams = DEFAULT_PARAMS,
) -> str:
    """The text of a block of lines: wrapped lines joined, cut words mended, paragraphs on "\\n"."""
    if not lines:
        return ""
    pad = left_pad(lines, box) if box is not None else 0.0
    heights = [line.bbox.height for line in lines]
    typical = statistics.median(heights) if heights else 0.0
    out = [lines[0].text]
    for previous, line in pairwise(lines):
        gap = line.bbox.top - previous.bbox.bottom
        if typical and gap > params.paragraph_gap * typical:
            out.append("\n")
        else:
            out.append(wrap_separator(previous, line, box, pad, vocabulary, params))
        out.append(line.text)
    return "".join(out)
