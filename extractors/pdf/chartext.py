"""A char's text as a reader sees it, the same from either backend.

* A ligature glyph (ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ) maps to one code point of Unicode's presentation forms; text
  a reader searches and a family compares holds the letters ("effekter", not "eﬀekter"). PDFium
  splits these code points into their letters itself; pdfminer keeps them.
* A glyph the font gives no Unicode for reads "(cid:N)", N its code, as pdfminer writes it.
* Text is valid Unicode: half of a UTF-16 pair without the other half is U+FFFD.
* A char whose text is one of these, or a control character, is unreadable: damage.py counts
  them.
"""

from __future__ import annotations

import re
import unicodedata

# The Latin presentation forms, U+FB00..U+FB06, and their compatibility letters.
LIGATURES: dict[str, str] = {
    chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)
}
# The ligature a run of letters comes from, for asking a font the width of its glyph.
LIGATURE_OF: dict[str, str] = {letters: ligature for ligature, letters in LIGATURES.items()}

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNMAPPED = re.compile(r"\(cid:\d+\)")


def as_shown(text: str) -> str:
    """``text`` with ligatures written as their letters and lone UTF-16 halves replaced."""
    if len(text) == 1:
        shown = LIGATURES.get(text, text)
        return REPLACEMENT if "\ud800" <= shown <= "\udfff" else shown
    text = "".join(LIGATURES.get(character, character) for character in text)
    return _SURROGATE.sub(REPLACEMENT, text)


def has_surrogate(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def unmapped(code: int) -> str:
    """The text of a glyph without Unicode, as pdfminer writes it."""
    return f"(cid:{code})"


def unreadable(text: str) -> bool:
    """Whether ``text`` says nothing a reader can read: a glyph without Unicode, a replacement
    character, or a control character (tabs and line ends aside)."""
    if REPLACEMENT in text or (text.startswith("(cid:") and _UNMAPPED.fullmatch(text)):
        return True
    if text.isprintable():
        return False
    return any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in text)
