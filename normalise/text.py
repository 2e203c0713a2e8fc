"""Clean text: literal markup out, paragraphs on "\\n", blanks folded."""

from __future__ import annotations

import re
import unicodedata

# Tags the sources print literally (HTML from the municipalities' case systems).
_PARAGRAPH_TAG = re.compile(r"</?(?:p|ol|ul|li|div|br)(?:\s[^<>]*)?/?>", re.IGNORECASE)
_INLINE_TAG = re.compile(r"</?(?:span|strong|em|b|i|u|font)(?:\s[^<>]*)?>", re.IGNORECASE)
_BLANKS = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
REPLACEMENT_CHARACTER = "\ufffd"


def clean_text(raw: str | None) -> str | None:
    """The text a reader sees; None when nothing is left.

    Block tags (``<p>``, ``<li>``, ``<ol …>``) end a paragraph; inline tags vanish. Each paragraph's
    blanks are folded to one space, and empty paragraphs are dropped.
    """
    if raw is None:
        return None
    text = _INLINE_TAG.sub("", raw)
    text = _PARAGRAPH_TAG.sub("\n", text)
    paragraphs = (_BLANKS.sub(" ", part).strip() for part in text.split("\n"))
    cleaned = "\n".join(part for part in paragraphs if part)
    return cleaned or None


def fold_whitespace(text: str) -> str:
    """All runs of white space, newlines included, as one space."""
    return " ".join(text.split())


def ascii_letters(lowered: str) -> str:
    """A lower-cased text in ASCII: æ, ø, å spelled out (ae, oe, aa), accented letters (é, ü) as
    their base letter, anything else outside ASCII dropped."""
    spelled = lowered.translate(_DANISH_LETTERS)
    return unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii")


def valid_utf8(text: str) -> tuple[str, int]:
    """The text with each lone UTF-16 surrogate (which no UTF-8 can hold: a broken text layer, a
    file name whose bytes are not UTF-8) as U+FFFD; and how many were replaced."""
    return LONE_SURROGATE.subn(REPLACEMENT_CHARACTER, text)
