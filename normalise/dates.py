"""Dates as Danish documents print them."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "januar": 1,
    "februar": 2,
    "marts": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}

_LONG = re.compile(r"(\d{1,2})\.\s*([a-zæøå]+)\s+(\d{4})", re.IGNORECASE)
_NUMERIC = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})(\d{2})")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None where the numbers name no day (31 February, month 13)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str | None) -> date | None:
    """'1. august 2019', '31.12.2019', '2019-08-01' or a PDF date 'D:20190801…'; else None."""
    if not text:
        return None
    text = text.strip()
    match = _PDF_DATE.match(text)
    if match:
        return safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _LONG.search(text)
    if match and match.group(2).lower() in MONTHS:
        return safe_date(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
    match = _NUMERIC.search(text)
    if match:
        return safe_date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    match = _ISO.search(text)
    if match:
        return safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return None


def years(text: str) -> list[int]:
    """The years (19xx, 20xx) a text prints, in order; digits inside a longer number are none."""
    return [int(year) for year in _YEAR.findall(text)]
