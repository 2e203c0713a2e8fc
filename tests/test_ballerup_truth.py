"""Both Ballerup samples' datasets against their truth, field by field."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import BALLERUP, sample_pdf, truth

KIND = {"Drift": "drift", "Anlæg": "anlaeg"}
COLOURS = ("green", "yellow", "red")


def _rows(out: Path, table: str, name: str) -> list[dict]:
    doc_id = hashlib.sha256(sample_pdf(name).read_bytes()).hexdigest()
    path = out / table / "municipality=ballerup" / f"{doc_id}.parquet"
    assert path.is_file(), f"{table} file missing for {name}"
    return pq.read_table(path).to_pylist()


def _initiative_key(row: dict) -> tuple[str, str]:
    return row["agreement"], row["initiative_no"]


@pytest.mark.parametrize("name", BALLERUP)
def test_document_row(ingested, name):
    expected = truth(name)["document"]
    (row,) = _rows(ingested, "documents", name)
    assert row["doc_type"] == expected["doc_type"] == "budget_followup"
    assert row["title"] == expected["title"]
    assert row["published"] == date.fromisoformat(expected["published"])
    assert row["budget_year"] == expected["budget_year"]
    assert row["followup_round"] == expected["followup_round"]
    assert row["pages"] == 44
    assert row["status"] == "ok" and row["error"] is None
    assert row["file_name"] == f"{name}.pdf"
    assert "municipality" not in row  # it lives in the partition path


@pytest.mark.parametrize("name", BALLERUP)
def test_initiatives_equal_truth(ingested, name):
    expected = truth(name)["initiatives"]
    rows = _rows(ingested, "initiatives", name)
    assert [_initiative_key(r) for r in rows] == [(e["agreement"], e["number"]) for e in expected]
    for row, want in zip(rows, expected, strict=True):
        where = f"{want['agreement']} {want['number']}"
        assert row["section"] == want["section"], where
        assert row["title"] == want["title"], where
        assert row["kind"] == KIND[want["kind"]], where
        assert row["description"] == want["description"], where
        assert row["responsible_unit_raw"] == want["responsible_center"], where
        assert row["responsible_committee_raw"] == want["responsible_committee"], where
        assert row["contributor_raw"] == want["contributor"], where
        assert row["latest_status"] == want["latest_status"], where
        assert 1 <= row["page_first"] <= row["page_last"] <= 44, where


@pytest.mark.parametrize("name", BALLERUP)
def test_milestones_equal_truth(ingested, name):
    expected = truth(name)["initiatives"]
    rows = _rows(ingested, "milestones", name)
    want = [
        (e["agreement"], e["number"], m["seq"], m["checkpoint"], m["text"], m["smiley"])
        for e in expected
        for m in e["milestones"]
    ]
    got = [
        (r["agreement"], r["initiative_no"], r["seq"], r["checkpoint_raw"], r["text"], r["smiley"])
        for r in rows
    ]
    assert len(got) == len(want) == 360
    for g, w in zip(got, want, strict=True):
        assert g == w


@pytest.mark.parametrize("name", BALLERUP)
def test_milestone_checkpoints_and_status(ingested, name):
    rows = _rows(ingested, "milestones", name)
    for row in rows:
        raw = row["checkpoint_raw"]
        if raw.startswith(("1.", "2.", "3.")) and "budgetopfølgning" in raw:
            assert row["checkpoint_round"] == int(raw[0]) and row["checkpoint_date"] is None
        else:
            year = int(raw[-4:])
            assert row["checkpoint_round"] == 4
            assert row["checkpoint_date"] == date(year, 12, 31)
        status = {"green": "achieved", "yellow": "partially_achieved", "red": "not_achieved"}
        assert row["status"] == (status[row["smiley"]] if row["smiley"] else None)
        assert (row["smiley_source"] is None) == (row["smiley"] is None)
        if row["smiley"]:
            assert 0.5 <= row["smiley_confidence"] <= 1.0


@pytest.mark.parametrize("name", BALLERUP)
def test_economy_equal_truth(ingested, name):
    expected = [e for e in truth(name)["initiatives"] if e["economy"] is not None]
    rows = _rows(ingested, "economy", name)
    assert len(rows) == len(expected) == 90
    for row, want in zip(rows, expected, strict=True):
        assert (row["agreement"], row["initiative_no"]) == (want["agreement"], want["number"])
        assert row["text"] == want["economy"]["text"]
        assert row["smiley"] == want["economy"]["smiley"]


@pytest.mark.parametrize("name", BALLERUP)
def test_smiley_totals_by_colour(ingested, name):
    milestones = Counter(r["smiley"] for r in _rows(ingested, "milestones", name))
    economy = Counter(r["smiley"] for r in _rows(ingested, "economy", name))
    assert {c: milestones[c] for c in (*COLOURS, None)} == {
        "green": 117,
        "yellow": 26,
        "red": 1,
        None: 216,
    }
    assert {c: economy[c] for c in (*COLOURS, None)} == {
        "green": 32,
        "yellow": 0,
        "red": 6,
        None: 52,
    }


def test_smiley_sources_per_encoding(ingested):
    """The Word sample mixes glyphs, emoji and a J/K/L symbol font; the other is all drawings."""
    word, vector = BALLERUP
    sources: Counter = Counter()
    for table in ("milestones", "economy"):
        for row in _rows(ingested, table, word):
            if row["smiley"]:
                sources[(row["smiley_source"], row["smiley"])] += 1
    # Unicode glyphs (50/11/2) and emoji (55/1/1) are both "glyph"; J/K/L are "symbol_font".
    assert sources == {
        ("glyph", "green"): 105,
        ("glyph", "yellow"): 12,
        ("glyph", "red"): 3,
        ("symbol_font", "green"): 44,
        ("symbol_font", "yellow"): 14,
        ("symbol_font", "red"): 4,
    }
    drawn = Counter(
        row["smiley_source"]
        for table in ("milestones", "economy")
        for row in _rows(ingested, table, vector)
        if row["smiley"]
    )
    assert drawn == {"vector": 182}


def test_page_provenance(ingested):
    """Pages are where the record is printed: spot checks read off the rendered samples."""
    word, vector = BALLERUP
    first = _rows(ingested, "initiatives", word)[0]
    assert (first["initiative_no"], first["page_first"], first["page_last"]) == ("1.1", 1, 2)
    first_milestone = _rows(ingested, "milestones", word)[0]
    assert first_milestone["page"] == 2
    vector_first = _rows(ingested, "initiatives", vector)[0]
    assert (vector_first["page_first"], vector_first["page_last"]) == (2, 2)
    last = _rows(ingested, "initiatives", word)[-1]
    assert last["agreement"] == "Aftale om budget 2018" and last["page_last"] == 44


def test_narrow_column_words_joined(ingested):
    """The vector sample's checkpoint column wraps "1. / budgetopfølgning / 2019"."""
    _, vector = BALLERUP
    raws = {r["checkpoint_raw"] for r in _rows(ingested, "milestones", vector)}
    assert raws == {
        "1. budgetopfølgning 2019",
        "2. budgetopfølgning 2019",
        "3. budgetopfølgning 2019",
        "31.12.2019",
        "1. budgetopfølgning 2018",
        "2. budgetopfølgning 2018",
        "3. budgetopfølgning 2018",
        "31.12.2018",
    }


def test_no_markup_left(ingested):
    for name in BALLERUP:
        for table, columns in {
            "initiatives": ("description", "contributor_raw", "latest_status", "title"),
            "milestones": ("text", "checkpoint_raw"),
            "economy": ("text",),
        }.items():
            for row in _rows(ingested, table, name):
                for column in columns:
                    value = row[column] or ""
                    assert "<p>" not in value and "</p>" not in value and "<li>" not in value
                    assert value == value.strip()
