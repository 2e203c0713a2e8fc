"""A status list's free-text status as a class: done, ongoing or planned, or None.

The rules are written out in docs/RULES.md ("Status lists: status class"). They read the words a
status text prints against a short Danish lexicon; a text they do not settle gets None, never a
guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz.distance import Indel


class StatusClass(StrEnum):
    DONE = "done"
    ONGOING = "ongoing"
    PLANNED = "planned"


# Word forms and what they say of the work. A form listed as None is known and says nothing by
# itself: the present passive ("gennemføres") means both "is being carried out" and "will be
# carried out". Listing it keeps it from being read as a typo of a neighbouring form.
WORDS: dict[str, StatusClass | None] = {
    **dict.fromkeys(
        (
            "afsluttet",
            "afsluttede",
            "gennemført",
            "gennemførte",
            "udført",
            "udførte",
            "færdig",
            "færdige",
            "færdiggjort",
            "implementeret",
            "vedtaget",
            "godkendt",
            "besluttet",
            "etableret",
            "indført",
            "realiseret",
            "leveret",
            "opfyldt",
            "afholdt",
        ),
        StatusClass.DONE,
    ),
    **dict.fromkeys(
        (
            "fortsætter",
            "fortsat",
            "pågår",
            "pågående",
            "igangsat",
            "igangværende",
            "påbegyndt",
            "arbejdes",
        ),
        StatusClass.ONGOING,
    ),
    **dict.fromkeys(
        ("planlagt", "planlægges", "afventer", "afventes"),
        StatusClass.PLANNED,
    ),
    **dict.fromkeys(
        (
            "afsluttes",
            "gennemføres",
            "udføres",
            "udarbejdes",
            "etableres",
            "implementeres",
            "igangsættes",
            "påbegyndes",
            "vedtages",
            "godkendes",
            "besluttes",
            "etablere",
            "implementere",
            "vedtage",
            "gennemføre",
            "afslutte",
        ),
        None,
    ),
}

# Word sequences read before single words; they take the words they cover.
PHRASES: dict[tuple[str, ...], StatusClass] = {
    ("ikke", "påbegyndt"): StatusClass.PLANNED,
    ("ikke", "igangsat"): StatusClass.PLANNED,
    ("ikke", "startet"): StatusClass.PLANNED,
    ("i", "gang"): StatusClass.ONGOING,
    ("under", "udarbejdelse"): StatusClass.ONGOING,
    ("under", "behandling"): StatusClass.ONGOING,
    ("under", "implementering"): StatusClass.ONGOING,
    ("under", "etablering"): StatusClass.ONGOING,
}

# "bliver afsluttet", "forventes gennemført": the end is still to come, so the work is under way.
FUTURE_MARKERS = frozenset({"bliver", "blive", "forventes", "forventet"})
NEGATIONS = frozenset({"ikke", "aldrig", "ej"})
# How many words before a listed word a negation or a future marker reaches ("ikke helt afsluttet").
MODIFIER_REACH = 2

# A typo is read as the listed word it misspells when it has one letter more or fewer, at least
# this many letters, and the same last letters (an inflection changes the ending: "etablere" is
# not a typo of "etableret").
TYPO_MIN_LETTERS = 6
TYPO_KEPT_ENDING = 2

_WORD = re.compile(r"[a-zæøåéü]+")
_LETTER_RUN = re.compile(r"([a-zæøå])\1\1+")


@dataclass(frozen=True, slots=True)
class _Reading:
    word: str
    status: StatusClass | None


def words(text: str) -> list[str]:
    """The words of a status text, lower case; a letter typed three times or more counts twice."""
    folded = _LETTER_RUN.sub(r"\1\1", text.casefold())
    return _WORD.findall(folded)


def listed_form(word: str) -> str | None:
    """The lexicon form ``word`` is: itself, or the one listed word it is a typo of."""
    if word in WORDS:
        return word
    if len(word) < TYPO_MIN_LETTERS:
        return None
    near = {
        form
        for form in WORDS
        if Indel.distance(word, form) == 1 and form[-TYPO_KEPT_ENDING:] == word[-TYPO_KEPT_ENDING:]
    }
    return near.pop() if len(near) == 1 else None


def _readings(tokens: list[str]) -> list[_Reading] | None:
    """What each listed word or phrase says, in order; None when a negation makes it unsettled."""
    readings: list[_Reading] = []
    position = 0
    while position < len(tokens):
        phrase = next(
            (p for p in PHRASES if tuple(tokens[position : position + len(p)]) == p), None
        )
        if phrase is not None:
            readings.append(_Reading(" ".join(phrase), PHRASES[phrase]))
            position += len(phrase)
            continue
        form = listed_form(tokens[position])
        if form is not None:
            before = set(tokens[max(0, position - MODIFIER_REACH) : position])
            status = WORDS[form]
            if status is not None and before & NEGATIONS:
                return None  # what the work is not does not say what it is
            if status is StatusClass.DONE and before & FUTURE_MARKERS:
                status = StatusClass.ONGOING
            readings.append(_Reading(form, status))
        position += 1
    return readings


def status_class(text: str | None) -> StatusClass | None:
    """The class of a status text, or None when the rules do not settle it.

    One class named is that class; two different ones (part done, part to come) are ``ongoing``.
    """
    if not text:
        return None
    readings = _readings(words(text))
    if not readings:
        return None
    classes = {reading.status for reading in readings if reading.status is not None}
    if not classes:
        return None
    return classes.pop() if len(classes) == 1 else StatusClass.ONGOING
