"""Deadlines, responsible initials and political routes as status lists print them.

Deadline rules (``parse_deadline``): a deadline is read as the **last day of the period the text
names**, i.e. the date by which the work is due.

- A full date is that date: ``1/10 2012``, ``1.10.2012``, ``1-10-12``, ``2012-10-01``,
  ``1. oktober 2012`` -> 2012-10-01.
- A month and a year is the month's last day: ``september 2012``, ``KB i september 2012``,
  ``sep. 2012``, ``sept '12`` -> 2012-09-30.
- ``ultimo`` (the end of) changes nothing: ``Ultimo 2012`` -> 2012-12-31, ``ultimo maj 2013`` ->
  2013-05-31. ``primo`` and ``medio`` (early, mid) name a vague part of the period, not a day: no
  date (``primo 2013`` -> None).
- A season names three months, not a day: no date (``forår 2013``, ``efterår 2014`` -> None).
- ``1. halvår 2013`` -> 2013-06-30, ``2. halvår`` -> 31 December; ``3. kvartal 2013`` or
  ``Q3 2013`` -> 2013-09-30.
- A year alone is its last day: ``2012`` -> 2012-12-31.
- A year is four digits (1900-2099) or an apostrophe and two digits (``'12``); a period named
  without a year takes the next year in the text (``aug./sep '12`` -> both in 2012).
- Several periods in one text (a range such as ``aug./sep '12``) give the latest of them:
  2012-09-30.
- Anything else is no date (None): ``Pågår``, ``løbende``, ``udarbejdes på baggrund af
  idrætsstrategi``, a month without a year, an impossible date such as ``31/2 2012``.

The raw text is always kept beside the date (``deadline_raw``): the date is a reading of it.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from .dates import MONTHS, safe_date

# Abbreviations as printed: "jan.", "sep", "sept.", "okt." ("mar" for marts, "maj" is whole).
_MONTH_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "mrt": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "dec": 12,
}
# A season names three months, not a day: a deadline of "forår 2013" could be any of ninety, so
# it has no date (the raw text stays in deadline_raw).
_SEASONS = {"forår", "foråret", "sommer", "sommeren", "efterår", "efteråret", "vinter", "vinteren"}
_QUALIFIERS = {"primo", "medio", "ultimo"}

_YEAR = r"(?:(?:19|20)\d{2}|['’]\d{2})"
_FULL_NUMERIC = re.compile(
    r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})"
    r"(?:[/.-]((?:19|20)\d{2}|['’]?\d{2})|\.?\s+((?:19|20)\d{2}|['’]\d{2}))(?![\d/.-])"
)
_ISO = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")
_DAY_MONTH_YEAR = re.compile(
    r"(?<!\d)(\d{1,2})\.?\s+([a-zæøå]+)\.?\s+(" + _YEAR + r")(?!\d)", re.IGNORECASE
)
_HALF_OR_QUARTER = re.compile(
    r"(?<!\d)([1-4])\.?\s*(halvår|kvartal)\b|\b[qk]([1-4])\b", re.IGNORECASE
)
# Halves and quarters are first rewritten to a marker word ending in a letter for the month they
# end with, so that the token scan below can give them the year that follows.
_PERIOD_MARK = "periodendsin"
_MARK_LETTERS = "abcdefghijkl"
_TOKEN = re.compile(r"(?:19|20)\d{2}(?!\d)|['’]\d{2}(?!\d)|[a-zæøå]+", re.IGNORECASE)


def _year(text: str) -> int:
    digits = text.lstrip("'’")
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month(word: str) -> int | None:
    word = word.lower()
    return MONTHS.get(word) or _MONTH_ABBREVIATIONS.get(word)


def _period_end(year: int, period: tuple[str, int | None], qualifier: str | None) -> date | None:
    """The last day of the period; None where "primo"/"medio" make it a vague part of one."""
    if qualifier in {"primo", "medio"}:
        return None
    kind, value = period
    if kind in {"month", "half", "quarter"} and value is not None:
        return _month_end(year, value)
    return date(year, 12, 31)


def parse_deadline(raw: str | None) -> date | None:
    """The date a printed deadline names (module docstring: the rules), or None."""
    if not raw or not raw.strip():
        return None
    text = raw.strip()
    found: list[date] = []

    def take(match: re.Match, value: date | None) -> str:
        if value is not None:
            found.append(value)
        return " "

    text = _ISO.sub(
        lambda m: take(m, safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))), text
    )
    text = _FULL_NUMERIC.sub(
        lambda m: take(
            m, safe_date(_year(m.group(3) or m.group(4)), int(m.group(2)), int(m.group(1)))
        ),
        text,
    )

    def day_month_year(m: re.Match) -> str:
        month = _month(m.group(2))
        if month is None:
            return m.group(0)
        return take(m, safe_date(_year(m.group(3)), month, int(m.group(1))))

    text = _DAY_MONTH_YEAR.sub(day_month_year, text)

    def half_or_quarter(m: re.Match) -> str:
        if m.group(2):
            number, unit = int(m.group(1)), m.group(2).lower()
        else:
            number, unit = int(m.group(3)), "kvartal"
        if unit == "halvår" and number > 2:
            return " "
        end_month = number * 6 if unit == "halvår" else number * 3
        return f" {_PERIOD_MARK}{_MARK_LETTERS[end_month - 1]} "

    text = _HALF_OR_QUARTER.sub(half_or_quarter, text)

    pending: list[tuple[tuple[str, int | None], str | None]] = []
    qualifier: str | None = None
    for token in _TOKEN.findall(text):
        word = token.lower()
        if re.fullmatch(r"(?:19|20)\d{2}|['’]\d{2}", word):
            year = _year(word)
            if not pending:
                pending.append((("year", None), qualifier))
            ends = (
                _period_end(year, period, q) for period, q in pending if period[0] != "ambiguous"
            )
            found.extend(end for end in ends if end is not None)
            pending, qualifier = [], None
        elif word in _QUALIFIERS:
            qualifier = word
        elif word.startswith(_PERIOD_MARK) and len(word) == len(_PERIOD_MARK) + 1:
            pending.append((("half", _MARK_LETTERS.index(word[-1]) + 1), None))
        elif _month(word) is not None:
            pending.append((("month", _month(word)), qualifier))
            qualifier = None
        elif word in _SEASONS:
            pending.append((("ambiguous", None), None))
    return max(found) if found else None


def split_responsible(raw: str | None) -> list[str]:
    """Responsible initials in the order printed: "JRU / JTR" -> ["JRU", "JTR"].

    Initials are separated by "/", "," , "&" or "og"; blanks around them do not matter.
    """
    if not raw:
        return []
    parts = re.split(r"\s*(?:/|,|&|\bog\b)\s*", raw.strip())
    return [part.strip() for part in parts if part.strip()]


_ROUTE_SEPARATOR = re.compile(r"\s+[-–—]\s+|\s*(?:/|,|→|->|>|;)\s*")
_ABBREVIATION_CHAIN = re.compile(r"[A-ZÆØÅ]{1,6}(?:[-–][A-ZÆØÅ]{1,6})+")


def split_route(raw: str | None) -> list[str]:
    """The committees a case passes, in order: "BU - ØU - KB" -> ["BU", "ØU", "KB"].

    Steps are separated by a dash with blanks around it, "/", ",", ";" or an arrow; a dash without
    blanks separates only abbreviations ("BU-ØU-KB"), so a name such as "Sundheds- og
    Omsorgsudvalget" or "Sundhedsrådet" stays whole.
    """
    if not raw:
        return []
    steps: list[str] = []
    for part in _ROUTE_SEPARATOR.split(raw.strip()):
        part = " ".join(part.split())
        if not part:
            continue
        if _ABBREVIATION_CHAIN.fullmatch(part):
            steps.extend(re.split(r"[-–]", part))
        else:
            steps.append(part)
    return steps
