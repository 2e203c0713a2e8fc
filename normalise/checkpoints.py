"""Milestone checkpoints: which follow-up round a milestone belongs to.

"1. budgetopfølgning 2019" is round 1 (rounds 1–3 are the year's three budget follow-ups, with no
fixed date); a date such as "31.12.2019" is the year-end follow-up, round 4, on that date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .dates import parse_date

YEAR_END = 4

_ROUND = re.compile(r"^\s*([1-3])\s*\.\s*budget\s*-?\s*opfølgning", re.IGNORECASE)
_ORDINAL = re.compile(r"^\s*(første|anden|tredje)\s+budget\s*-?\s*opfølgning", re.IGNORECASE)
_ORDINALS = {"første": 1, "anden": 2, "tredje": 3}


@dataclass(frozen=True, slots=True)
class Checkpoint:
    round: int | None
    date: date | None


def parse_checkpoint(text: str | None) -> Checkpoint:
    if not text:
        return Checkpoint(None, None)
    match = _ROUND.match(text) or _ORDINAL.match(text)
    if match:
        token = match.group(1).lower()
        return Checkpoint(int(token) if token.isdigit() else _ORDINALS[token], None)
    day = parse_date(text)
    if day is not None and (day.month, day.day) == (12, 31):
        return Checkpoint(YEAR_END, day)
    return Checkpoint(None, day)
