"""Which words a language uses commonly: evidence, beside the document's own vocabulary, that a
line ends at a word's end rather than in the middle of one a narrow column cut.

wordfreq's frequencies (Zipf scale: 3 is about once in a million words) stand in for a dictionary;
the table of a language is loaded on first use, once per process.
"""

from __future__ import annotations

from functools import lru_cache

# A word this common (Zipf) or more is a word of the language.
COMMON_ZIPF = 3.0
# Shorter tokens are abbreviations and letters more than words: a cut leaves such pieces too.
MIN_LETTERS = 3


@lru_cache(maxsize=65536)
def is_common_word(word: str, language: str) -> bool:
    if len(word) < MIN_LETTERS:
        return False
    from wordfreq import zipf_frequency

    return zipf_frequency(word.casefold(), language) >= COMMON_ZIPF


# The words of one letter each language has (a cut leaves single letters too).
ONE_LETTER_WORDS = {"da": frozenset("iåø"), "en": frozenset("ai")}


def is_letter_word(word: str, language: str) -> bool:
    """False for a single letter that is no word of the language; True for anything longer."""
    return len(word) != 1 or word.casefold() in ONE_LETTER_WORDS.get(language, frozenset())
