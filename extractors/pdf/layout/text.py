"""The text of a block of lines as a reader reads it: wrapped lines joined, words that a narrow
column cut mended, paragraphs on "\\n".

A cut word is told from a wrap between two words by geometry (the line was filled to the edge, a
letter on both sides) and by what words there are: the document's own vocabulary and the
language's common words (``lexicon``). A layout engine cuts inside a word only when the word does
not fit, so the mended word is one the document prints whole elsewhere or the language uses, and
the two pieces are not both words of their own.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from itertools import pairwise

from ..model import BBox
from .lexicon import is_common_word, is_letter_word
from .lines import LINE_PITCH, TextLine
from .params import DEFAULT_PARAMS, LayoutParams

SUSPENDED_HYPHEN_FOLLOWERS = {"og", "eller", "samt", "til", "&", "and", "or"}
# The rest of a cut word this short (letters) is no word of its own where no word says so.
SHORT_REST = 2
# A mended word may be an inflection of a word the document prints whole ("budgetopfølgning" when
# the document prints "budgetopfølgningen"): the Danish endings of nouns and verbs.
INFLECTIONS = ("e", "en", "er", "et", "ne", "ene", "erne", "s", "es", "ens", "ers", "ede", "te")

_WORD = re.compile(r"[^\W\d_]+")
_PARTS = re.compile(r"[/\-–]")
_YEAR = re.compile(r"(?:19|20)\d\d\b")
_PUNCTUATION = ".,;:!?()\"'«»“”’<>"
_ENDS_WORD = re.compile(r"[^\W\d_][.,;:!?)]+$")
_SENTENCE_END = re.compile(r"[.!?:]['\"”’)]?$")
# A text's last line before a page break that ends this share of the column short of its right
# edge ends its paragraph, when it ends a sentence too.
SHORT_LINE_SHARE = 0.15
# The widest space (a share of the font size) a layout engine sets before a word it wraps: room for
# the word and this much more on the line means the engine did not wrap there.
WRAP_SPACE = 0.5


def _key(word: str) -> str:
    return word.casefold()


class Vocabulary:
    """The words a document prints whole.

    A token inside a line is whole. So is a line's last token where the line stops short of its
    column's edge or punctuation closes it (a column cuts a word only at the edge, between two
    letters), and a line's first token where the line before it in its block ended so (a cut
    word's rest starts the next line). A block's first line may be the rest of a word cut at the
    foot of the page before: its first token is never taken.
    """

    def __init__(self) -> None:
        self._words: set[str] = set()
        # The tokens taken so far: a token met again adds no word (most of a document's are).
        self._tokens: set[str] = set()

    def add_block(
        self,
        lines: Sequence[TextLine],
        box: BBox | None = None,
        params: LayoutParams = DEFAULT_PARAMS,
    ) -> None:
        pad = left_pad(lines, box) if box is not None and lines else 0.0
        ended = False  # did the line before end a word for certain?
        for index, line in enumerate(lines):
            tokens = line.text.split(" ")
            whole = tokens[1:-1]
            following = lines[index + 1] if index + 1 < len(lines) else None
            ends = bool(_ENDS_WORD.search(tokens[-1])) or (
                box is not None
                and following is not None
                and following.text
                and not _filled(line, following, box, pad, params)
            )
            if len(tokens) > 1:
                if ended:
                    whole.append(tokens[0])
                if ends:
                    whole.append(tokens[-1])
            elif ended and ends:
                whole.append(tokens[0])  # a line's one token, whole at both its ends
            ended = ends
            for token in whole:
                self._add_token(token)

    def add_band(self, band, params: LayoutParams = DEFAULT_PARAMS) -> None:
        """Every cell of a band (a ``bands.Band``), each a block."""
        for cell in band.cells:
            if cell.lines:
                self.add_block(cell.lines, cell.measure, params)

    def add_lines(self, lines: Iterable[TextLine]) -> None:
        """Lines whose blocks are not known: only their inner tokens count."""
        for line in lines:
            for token in line.text.split(" ")[1:-1]:
                self._add_token(token)

    def _add_token(self, token: str) -> None:
        if token in self._tokens:
            return
        self._tokens.add(token)
        # Words joined by a slash or a hyphen are words each ("børnekrisehuse/grupper"); a token
        # with an apostrophe ("KB's") is one word, not two.
        for part in _PARTS.split(token.strip(_PUNCTUATION)):
            if part and _WORD.fullmatch(part):
                self._words.add(_key(part))

    def __contains__(self, word: str) -> bool:
        return _key(word) in self._words

    def knows(self, word: str) -> bool:
        """Is ``word``, or an inflection of it, printed whole in the document?"""
        key = _key(word)
        return key in self._words or any(key + ending in self._words for ending in INFLECTIONS)


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
    drawn: bool,
    beyond: Sequence[TextLine] = (),
) -> bool:
    """Did a narrow column cut a word in two at this line end?

    ``drawn`` says the box's right edge is drawn (a rule, a shading's edge): a line that reaches
    it filled the column. Where the edge is only inferred from the text, the widest line seems to
    fill it whatever its words, and only the words can tell a cut. ``beyond`` are the lines after
    ``following``: a word may be cut more than once ("idræts" / "strateg" / "i").
    """
    if not following.text or ends_at_space(previous):
        return False
    last, first = previous.text[-1], following.text[0]
    if not (last.isalnum() and first.isalnum()):
        return False
    if first.isupper() and not last.isupper():
        return False
    if not _filled(previous, following, box, left_pad, params):
        return False
    single = " " not in previous.text
    if last.isdigit() and first.isdigit():
        # A number cut by the column ("31.12.20" + "19") fills a line of its own; a year is a
        # token of its own ("1/10" + "2012").
        return single and not _YEAR.match(following.text)
    if not (last.isalpha() and first.isalpha()):
        return False
    if vocabulary is None:
        # A single token filling the line: the word was wider than the column.
        return single and drawn
    head = _WORD.findall(previous.text.rsplit(" ", 1)[-1])
    tail = _WORD.findall(following.text.split(" ", 1)[0])
    if not head or not tail:
        return single and drawn
    head_word, tail_word = head[-1], tail[0]
    # Pieces count as words only as printed: a piece that is a word less its ending
    # ("Sundhedsråd" + "et") is what a cut leaves; a single letter only if the language has
    # such a word.
    head_known = head_word in vocabulary and is_letter_word(head_word, params.language)
    tail_known = tail_word in vocabulary and is_letter_word(tail_word, params.language)
    if head_known and tail_known:
        return False  # two words of their own ("i" + "gang"): a wrap at a space
    language = params.language
    mended = head_word
    for piece in _pieces(following, beyond, box, left_pad, params):
        mended += piece
        if vocabulary.knows(mended) or is_common_word(mended, language):
            return True
    if not single:
        # A line of several words whose last is cut: only where the rest is a letter or two that
        # is no word ("beslutnigsgrundla" + "g").
        return len(tail_word) <= SHORT_REST and not tail_known and not head_known
    if drawn:
        return True  # a token as wide as a drawn column: the word did not fit
    # An edge found in the text: a cut only where neither piece is a word.
    return not (
        head_known
        or tail_known
        or is_common_word(head_word, language)
        or is_common_word(tail_word, language)
    )


def _is_word(word: str, vocabulary: Vocabulary, params: LayoutParams) -> bool:
    """A word of the language, not initials ("AVS")."""
    if len(word) > 1 and word.isupper():
        return False
    return word in vocabulary or is_common_word(word, params.language)


def _pieces(
    following: TextLine,
    beyond: Sequence[TextLine],
    box: BBox,
    left_pad: float,
    params: LayoutParams,
) -> list[str]:
    """The pieces a cut word may have on the next lines: the next line's first word, and while
    that line is one token filling the column, the first word of the line after it."""
    pieces: list[str] = []
    line = following
    for after in (*beyond, None):
        words = _WORD.findall(line.text.split(" ", 1)[0])
        if not words:
            break
        pieces.append(words[0])
        if after is None or " " in line.text or not _filled(line, after, box, left_pad, params):
            break
        line = after
    return pieces


def wrap_separator(
    previous: TextLine,
    following: TextLine,
    box: BBox | None = None,
    left_pad: float = 0.0,
    vocabulary: Vocabulary | None = None,
    params: LayoutParams = DEFAULT_PARAMS,
    drawn: bool = True,
    beyond: Sequence[TextLine] = (),
) -> str:
    """What joins two wrapped lines of one paragraph: "" where the wrap cut a word, else " "."""
    if previous.text.endswith("/") and not ends_at_space(previous):
        # A line may break after a slash with no blank ("AVS/" + "NCB"); where the words around
        # it are words of the language, not initials, a blank went with the wrap
        # ("besparelse/" + "udbud"). A slash set apart by a blank before it has one after it
        # too ("JRU /" + "JTR": "JRU / JTR"), though a scan's text, read without blanks at the
        # ends of its lines, cannot say so.
        if previous.text.endswith(" /"):
            return " "
        if vocabulary is None:
            return ""
        before = previous.text.rsplit(" ", 1)[-1][:-1]
        head = _WORD.findall(before)
        tail = _WORD.findall(following.text.split(" ", 1)[0])
        if (
            head
            and tail
            and before.endswith(head[-1])  # "aug./" is an abbreviation, no word
            and _is_word(head[-1], vocabulary, params)
            and _is_word(tail[0], vocabulary, params)
        ):
            return " "
        return ""
    following_word = following.text.split(" ", 1)[0]
    if previous.text.endswith("-") and len(previous.text) > 1 and previous.text[-2].isalnum():
        if following_word.lower() in SUSPENDED_HYPHEN_FOLLOWERS or following_word.startswith(","):
            return " "
        return ""
    if previous.text.endswith(" -") and following_word[:1].islower():
        # A hyphen alone after a conjunction opens a suspended compound ("kampagneindhold og
        # -tilrettelæggelse"); the engine may wrap after it. Elsewhere a lone hyphen is a dash
        # between words ("BU - ØU - KB") and keeps its blank.
        before = previous.text[:-2].rsplit(" ", 1)[-1].lower()
        if before in SUSPENDED_HYPHEN_FOLLOWERS:
            return ""
    if box is not None and _is_forced_break(
        previous, following, box, left_pad, vocabulary, params, drawn, beyond
    ):
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
    drawn: bool = True,
) -> str:
    """The text of a block of lines: wrapped lines joined, cut words mended, paragraphs on "\\n".

    ``box`` is the cell the lines fill; ``drawn`` whether its right edge is drawn.
    """
    if not lines:
        return ""
    pad = left_pad(lines, box) if box is not None else 0.0
    heights = [line.bbox.height for line in lines]
    typical = statistics.median(heights) if heights else 0.0
    out = [lines[0].text]
    for index, (previous, line) in enumerate(pairwise(lines)):
        gap = line.bbox.top - previous.bbox.bottom
        if typical and gap > params.paragraph_gap * typical:
            out.append("\n")
        else:
            beyond = lines[index + 2 : index + 4]
            out.append(wrap_separator(previous, line, box, pad, vocabulary, params, drawn, beyond))
        out.append(line.text)
    return "".join(out)


def page_break_separator(
    previous: Sequence[TextLine],
    box: BBox,
    following: Sequence[TextLine],
    vocabulary: Vocabulary | None = None,
    params: LayoutParams = DEFAULT_PARAMS,
    drawn: bool = True,
) -> str:
    """What joins a text cut by a page break: "\n" where a paragraph ended at the break, else
    what joins two wrapped lines.

    A paragraph ended where the next line's first word would have fitted at the end of the last
    line, or where the last line ends a sentence and either stops well short of the column's edge
    or leaves room below it, inside its cell, for another line that was not set.
    """
    last, first = previous[-1], following[0]
    pad = left_pad(previous, box)
    left = box.x0 + pad
    right = max(box.x1 - pad, max(line.bbox.x1 for line in previous))
    room = right - last.bbox.x1 - params.fill_tolerance
    if room > _first_word_width(first) + WRAP_SPACE * first.size:
        # The next word would have fitted on the line: the paragraph ended there. (An edge found
        # in the text lies at or before the true one: the room it leaves is there at least.)
        return "\n"
    short = last.bbox.x1 < right - (right - left) * SHORT_LINE_SHARE
    below = box.bottom - last.bbox.bottom >= LINE_PITCH * last.bbox.height + pad
    if (short or below) and _SENTENCE_END.search(last.text):
        return "\n"
    return wrap_separator(last, first, box, pad, vocabulary, params, drawn, following[1:3])


def _first_word_width(line: TextLine) -> float:
    """How wide the line's first word is set."""
    start = line.chars[0].bbox.x0
    end = start
    for char in line.chars:
        if char.text.isspace():
            break
        end = char.bbox.x1
    return end - start
