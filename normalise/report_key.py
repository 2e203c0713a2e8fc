"""The key of a report, the same for every file of it (two exports, a re-upload).

``<municipality>/<doc_type>/<year>/<edition>``: the year is the agreement's (``budget_year``) or,
for documents without one, the years the title prints ("2020-2021"); the edition is the follow-up
round where there is one, else the title's slug. Rules in docs/RULES.md ("Reports and files").
"""

from __future__ import annotations

from .dates import years
from .registry import slug

UNKNOWN = "unknown"  # municipality or doc_type not told
NO_YEAR = "-"  # the title prints no year: the slug alone tells the report


def title_years(title: str | None) -> str | None:
    """The distinct years a title prints, in order, joined by "-" ("… 2020-2021" → "2020-2021")."""
    if not title:
        return None
    named = list(dict.fromkeys(years(title)))
    return "-".join(map(str, named)) if named else None


def report_key(
    municipality: str | None,
    doc_type: str | None,
    title: str | None,
    budget_year: int | None,
    followup_round: int | None,
) -> str | None:
    """The report's key, or None where the document does not say which report it is."""
    if not municipality or municipality == UNKNOWN:
        return None
    if not doc_type or doc_type == UNKNOWN:
        return None
    title_slug = slug(title) if title else ""
    year = str(budget_year) if budget_year is not None else title_years(title)
    if year is None:
        # Without a year a round names no report of its own: the title alone must tell it.
        return f"{municipality}/{doc_type}/{NO_YEAR}/{title_slug}" if title_slug else None
    edition = str(followup_round) if followup_round is not None else title_slug
    return f"{municipality}/{doc_type}/{year}/{edition}" if edition else None
