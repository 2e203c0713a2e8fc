"""The four Albertslund samples' datasets against their truth, every item and field."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import ALBERTSLUND, ALBERTSLUND_2012_IDS, sample_pdf, truth

from normalise.text import fold_whitespace

STATUS, PLAN, STRATEGY, THEMES = ALBERTSLUND


def _rows(out: Path, table: str, name: str) -> list[dict]:
    doc_id = hashlib.sha256(sample_pdf(name).read_bytes()).hexdigest()
    path = out / table / "municipality=albertslund" / f"{doc_id}.parquet"
    assert path.is_file(), f"{table} file missing for {name}"
    return pq.read_table(path).to_pylist()


@pytest.mark.parametrize("name", ALBERTSLUND)
def test_document_rows(ingested, name):
    want = truth(name)["document"]
    (row,) = _rows(ingested, "documents", name)
    assert row["doc_type"] == want["doc_type"]
    assert row["title"] == want["title"]
    assert row["published"] == (
        date.fromisoformat(want["published"]) if want["published"] else None
    )
    assert row["budget_year"] == want["budget_year"]
    assert row["followup_round"] == want["followup_round"]
    assert row["status"] == "ok" and row["error"] is None


def test_status_items(ingested):
    items = truth(STATUS)["items"]
    rows = _rows(ingested, "status_items", STATUS)
    assert len(rows) == len(items) == 14
    for row, want in zip(rows, items, strict=True):
        assert row["seq"] == want["seq"]
        assert row["section"] == want["section"]
        assert row["title"] == want["title"]
        assert fold_whitespace(row["text"]) == fold_whitespace(want["text"])
        assert (row["deadline_raw"] or None) == want["deadline"]
        assert row["status_text"] == want["status"]
        responsible = [i for i in (row["responsible_raw"] or "").replace(" ", "").split("/") if i]
        assert responsible == want["responsible"]
        assert 1 <= row["page"] <= 4


# The deadline rules of normalise/deadlines.py applied to the sample's own deadlines.
DEADLINES = {
    "forår 2013": None,
    "KB i september 2012": date(2012, 9, 30),
    "tidsplan er aug./sep '12": date(2012, 9, 30),
    "udarbejdes på baggrund af idrætsstrategi": None,
    "Pågår": None,
    "1/10 2012": date(2012, 10, 1),
    "2012": date(2012, 12, 31),
    "Ultimo 2012": date(2012, 12, 31),
}


def test_status_deadline_dates(ingested):
    rows = _rows(ingested, "status_items", STATUS)
    seen = {row["deadline_raw"]: row["deadline_date"] for row in rows if row["deadline_raw"]}
    assert seen == DEADLINES


def test_status_committee_routes_in_order(ingested):
    """Every route step of the 2012 list maps to the committee of 2012, in the order printed."""
    items = truth(STATUS)["items"]
    for row, want in zip(_rows(ingested, "status_items", STATUS), items, strict=True):
        assert row["committee_ids"] == [ALBERTSLUND_2012_IDS[step] for step in want["committees"]]
        assert row["responsible_ids"] == [ALBERTSLUND_2012_IDS[i] for i in want["responsible"]]


def test_goals(ingested):
    focus_areas = truth(PLAN)["focus_areas"]
    want = [
        (
            area["number"],
            area["title"],
            goal["number"],
            goal["title"],
            goal["actions"],
            goal["indicators"],
        )
        for area in focus_areas
        for goal in area["goals"]
    ]
    rows = _rows(ingested, "goals", PLAN)
    got = [
        (
            r["focus_area_no"],
            r["focus_area"],
            r["goal_no"],
            r["goal"],
            r["actions"],
            r["indicators"],
        )
        for r in rows
    ]
    assert len(got) == len(want) == 9
    assert got == want
    assert all(6 <= r["page"] <= 14 for r in rows)  # never the table of contents


@pytest.mark.parametrize("name", (STRATEGY, THEMES))
def test_themes(ingested, name):
    want = truth(name)["themes"]
    rows = _rows(ingested, "themes", name)
    assert [r["theme"] for r in rows] == want
    assert [r["seq"] for r in rows] == list(range(1, len(want) + 1))
    assert all(r["text"] for r in rows)


def test_no_rows_invented_across_families(ingested):
    """A family writes only its own tables."""
    own = {
        STATUS: {"documents", "status_items"},
        PLAN: {"documents", "goals"},
        STRATEGY: {"documents", "themes"},
        THEMES: {"documents", "themes"},
    }
    for name, tables in own.items():
        doc_id = hashlib.sha256(sample_pdf(name).read_bytes()).hexdigest()
        present = {p.parts[-3] for p in ingested.glob(f"*/municipality=*/{doc_id}.parquet")}
        assert present == tables, name
