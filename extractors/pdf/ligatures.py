"""Typographic ligatures read as the letters a reader sees.

A ligature glyph (ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ) maps to one code point of Unicode's presentation forms; text a
reader searches and a family compares holds the letters ("effekter", not "eﬀekter"). PDFium
splits these code points into their letters itself; pdfminer keeps them, so the pdfplumber
backend expands them with this table.
"""

from __future__ import annotations

import unicodedata

# The Latin presentation forms, U+FB00..U+FB06, and their compatibility letters.
LIGATURES: dict[str, str] = {
    chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)
}
# The ligature a run of letters comes from, for asking a font the width of its glyph.
LIGATURE_OF: dict[str, str] = {letters: ligature for ligature, letters in LIGATURES.items()}


def expand(text: str) -> str:
    """``text`` with every Latin ligature written as its letters."""
    if len(text) == 1:
        return LIGATURES.get(text, text)
    return "".join(LIGATURES.get(character, character) for character in text)
