"""Milestone checkpoints: which follow-up round and year a milestone belongs to, and whether it was
due when its document was written.

"1. budgetopfølgning 2019" is round 1 of 2019 (rounds 1–3 are the year's three budget follow-ups,
with no fixed date); a date such as "31.12.2019" is the year-end follow-up, round 4, on that date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .dates import parse_date, years

YEAR_END = 4

_ROUND = re.compile(r"^\s*([1-3])\s*\.\s*budget\s*-?\s*opfølgning", re.IGNORECASE)
_ORDINAL = re.compile(r"^\s*(første|anden|tredje)\s+budget\s*-?\s*opfølgning", re.IGNORECASE)
_ORDINALS = {"første": 1, "anden": 2, "tredje": 3}


@dataclass(frozen=True, slots=True)
class Checkpoint:
    round: int | None
    date: date | None
    year: int | None = None


def checkpoint_year(text: str, day: date | None) -> int | None:
    """The year a checkpoint names: its date's year, else the one year its text prints.

    A text that prints two different years ("2019/2020") names no single year: None, not a pick.
    """
    if day is not None:
        return day.year
    named = set(years(text))
    return named.pop() if len(named) == 1 else None


def parse_checkpoint(text: str | None) -> Checkpoint:
    if not text:
        return Checkpoint(None, None)
    match = _ROUND.match(text) or _ORDINAL.match(text)
    if match:
        token = match.group(1).lower()
        number = int(token) if token.isdigit() else _ORDINALS[token]
        return Checkpoint(number, None, checkpoint_year(text, None))
    day = parse_date(text)
    if day is not None and (day.month, day.day) == (12, 31):
        return Checkpoint(YEAR_END, day, day.year)
    return Checkpoint(None, day, checkpoint_year(text, day))


def is_due(
    checkpoint_round: int | None,
    checkpoint_year: int | None,
    followup_round: int | None,
    budget_year: int | None,
) -> bool | None:
    """Whether the checkpoint (year, round) is at or before the document's own (year, round).

    Years decide first: a checkpoint of an earlier year is due and one of a later year is not,
    whatever the rounds. Within the document's own year both rounds must be known. None when the
    comparison is not settled by what is known.
    """
    if checkpoint_year is None or budget_year is None:
        return None
    if checkpoint_year != budget_year:
        return checkpoint_year < budget_year
    if checkpoint_round is None or followup_round is None:
        return None
    return checkpoint_round <= followup_round
