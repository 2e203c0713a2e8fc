"""A new kind of document is one new file: a family declared outside opfolg (tests/families/
agenda.py), loaded through OPFOLG_FAMILIES, gets its own table ingested, written, counted and
summarised like the shipped ones; and rows that break a declared non-null column are never
written."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from conftest import BALLERUP, REPO, opfolg, sample_pdf
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

FAMILY_DIR = Path(__file__).parent / "families"
ENV = {
    "PYTHONPATH": os.pathsep.join([str(REPO), str(FAMILY_DIR)]),
    "OPFOLG_FAMILIES": "agenda",
}
ITEMS = [
    ("Budgetopfølgning 2019", "Godkendt", "Økonomiudvalget"),
    ("Ny skolestruktur", "Udsat", "Børne- og Skoleudvalget"),
    ("Lokalplan 117", "Godkendt", "Kommunalbestyrelsen"),
]


def _agenda(path: Path, items=ITEMS) -> Path:
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont("Helvetica", 16)
    canvas.drawString(60, 780, "Dagsorden for byrådets møde")
    canvas.setFont("Helvetica", 10)
    canvas.drawString(60, 760, "Ballerup Kommune, 27. maj 2019")
    for number, (title, decision, committee) in enumerate(items, start=1):
        canvas.drawString(60, 720 - 24 * number, f"{number}. {title} – {decision} ({committee})")
    canvas.save()
    return path


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("family")
    inbox = root / "in"
    inbox.mkdir()
    _agenda(inbox / "agenda.pdf")
    (inbox / "ballerup.pdf").write_bytes(sample_pdf(BALLERUP[0]).read_bytes())
    out = root / "out"
    result = opfolg("ingest", str(inbox), "--out", str(out), "--json", env=ENV)
    assert result.returncode == 0, result.stderr
    human = opfolg("ingest", str(inbox), "--out", str(out), env=ENV)
    return out, json.loads(result.stdout), human.stdout


def test_the_new_table_is_written_with_its_declared_columns(run):
    out, _, _ = run
    glob = str(out / "agenda_items" / "**" / "*.parquet")
    relation = duckdb.sql(f"SELECT * FROM read_parquet('{glob}', hive_partitioning=true)")
    assert relation.columns == [
        "doc_id",
        "item_no",
        "title",
        "decision",
        "committee_raw",
        "committee_ids",
        "page",
        "municipality",
    ]
    rows = relation.project("item_no, title, decision, committee_ids, municipality").fetchall()
    assert rows == [
        (1, "Budgetopfølgning 2019", "approved", ["ballerup.oekonomiudvalget"], "ballerup"),
        (2, "Ny skolestruktur", "postponed", ["ballerup.boerne-og-skoleudvalget"], "ballerup"),
        (3, "Lokalplan 117", "approved", ["ballerup.kommunalbestyrelsen"], "ballerup"),
    ]


def test_the_new_family_is_counted_and_summarised(run):
    out, summary, human = run
    by_type = summary["totals"]["by_doc_type"]
    assert by_type == {"agenda": 1, "budget_followup": 1}
    assert summary["totals"]["tables"]["agenda_items"] == 3
    assert summary["totals"]["decisions"] == {"approved": 2, "rejected": 0, "postponed": 1}
    # The shipped tables are summarised as before beside it.
    assert summary["totals"]["milestone_smileys"]["green"] > 0
    assert "agenda items 3" in human and "decisions: approved 2, rejected 0, postponed 1" in human
    manifest = json.loads((out / "manifest.json").read_text())
    counts = [entry["counts"] for entry in manifest["documents"].values()]
    assert {"tables": {"agenda_items": 3}, "decisions": {"approved": 2, "postponed": 1}} in [
        {key: value for key, value in c.items() if key in ("tables", "decisions")} for c in counts
    ]


def test_without_the_family_the_agenda_is_unknown(run, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    _agenda(inbox / "agenda.pdf")
    result = opfolg("ingest", str(inbox), "--out", str(tmp_path / "out"), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["totals"]["by_doc_type"] == {"unknown": 1}
    assert "agenda_items" not in summary["totals"]["tables"]


def test_rows_breaking_a_non_null_column_fail_their_document():
    from normalise.document import NormalisedDocument
    from pipeline.convert import encoded

    document = {
        "doc_id": "d1",
        "source_path": "/in/a.pdf",
        "file_name": "a.pdf",
        "doc_type": "budget_followup",
        "pages": 1,
        "status": "ok",
        "extractor": "budget_followup",
        "extractor_version": "2.0",
        "contract_version": "1.1",
        "ingested_at": datetime(2026, 1, 1, tzinfo=UTC),
        "warnings": [],
        "completeness": [],
        "ocr_pages": [],
    }
    milestone = {"doc_id": "d1", "agreement": "A", "initiative_no": "1.1", "seq": 1, "page": 1}
    rows = {"documents": [document], "milestones": [milestone]}  # no text: never null
    converted = encoded(NormalisedDocument("ballerup", rows))
    assert converted.document["status"] == "failed"
    assert converted.document["error"] == (
        "rows not written: milestones row 1: text missing, which the contract says is never null"
    )
    assert set(converted.files) == {"documents"}
    assert converted.counts["tables"] == {}
