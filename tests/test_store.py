"""The output store: whole-document commits, journals, hidden temporaries, empty folders."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pyarrow.dataset as ds
import pytest
from conftest import sample_pdf

from outputs.parquet import parquet_bytes, to_table
from outputs.schemas import DOCUMENT_TABLES, DOCUMENTS
from outputs.store import JOURNAL_DIR, Store, encode
from pipeline.ingest import Options, ingest

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _doc(doc_id: str) -> dict:
    return {
        "doc_id": doc_id,
        "source_path": f"{doc_id}.pdf",
        "file_name": f"{doc_id}.pdf",
        "doc_type": "budget_followup",
        "pages": 1,
        "status": "ok",
        "extractor": "x",
        "extractor_version": "1",
        "contract_version": "1.0",
        "ingested_at": NOW,
        "warnings": [],
        "completeness": [],
        "ocr_pages": [],
    }


def _milestone(doc_id: str, seq: int) -> dict:
    return {
        "doc_id": doc_id,
        "agreement": "A",
        "initiative_no": "1.1",
        "seq": seq,
        "text": "t",
        "page": 1,
    }


def test_commit_replaces_a_document_whole(tmp_path):
    store = Store(tmp_path)
    rows = {"documents": [_doc("d1")], "milestones": [_milestone("d1", 1), _milestone("d1", 2)]}
    store.commit("d1", "ballerup", encode(rows, []))
    assert store.committed() == {"d1"}
    store.commit("d1", "ballerup", encode({"documents": [_doc("d1")]}, []))
    assert not (tmp_path / "milestones").exists()  # no rows: no file, and no empty folder
    assert sorted(p.name for p in tmp_path.rglob("*.parquet")) == ["d1.parquet"]


def test_unchanged_commit_touches_nothing(tmp_path):
    store = Store(tmp_path)
    tables = {"documents": [_doc("d1")], "milestones": [_milestone("d1", 1)]}
    store.commit("d1", "ballerup", encode(tables, []))
    stamps = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*.parquet")}
    store.commit("d1", "ballerup", encode(tables, []))
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*.parquet")} == stamps


def test_interrupted_commit_is_undone_and_temporaries_are_invisible(tmp_path):
    store = Store(tmp_path)
    store.commit("d1", "ballerup", encode({"documents": [_doc("d1")]}, []))
    # A run killed between staging and renaming: a temporary beside the data, a journal naming it.
    folder = tmp_path / "milestones" / "municipality=ballerup"
    folder.mkdir(parents=True)
    temp = folder / ".d2.parquet.123.tmp"
    temp.write_bytes(parquet_bytes(to_table([_milestone("d2", 1)], DOCUMENT_TABLES["milestones"])))
    (tmp_path / "documents" / "municipality=ballerup" / "d2.parquet").write_bytes(
        parquet_bytes(to_table([_doc("d2")], DOCUMENTS))
    )
    (tmp_path / JOURNAL_DIR).mkdir(exist_ok=True)
    (tmp_path / JOURNAL_DIR / "d2.json").write_text(json.dumps({"doc_id": "d2"}))
    assert ds.dataset(tmp_path / "milestones", partitioning="hive").to_table().num_rows == 0
    assert store.recover() == ["d2"]
    assert store.committed() == {"d1"} and not temp.exists()
    assert not list((tmp_path / JOURNAL_DIR).iterdir())


def test_rows_nobody_vouches_for_are_converted_again(tmp_path):
    """Committed after the last manifest write of a killed run: removed, then converted anew."""
    out = tmp_path / "out"
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.pdf").write_bytes(sample_pdf("albertslund_netvaerkstemaer_2016").read_bytes())
    ingest([str(inbox)], out, Options(workers=1))
    stray = Store(out)
    stray.commit("f" * 64, "ballerup", encode({"documents": [_doc("f" * 64)]}, []))
    summary = ingest([str(inbox)], out, Options(workers=1))
    assert "f" * 64 not in Store(out).committed()
    assert [d.skipped for d in summary.documents] == [True]


@pytest.mark.parametrize("table", ["documents", "milestones"])
def test_partition_layout(tmp_path, table):
    store = Store(tmp_path)
    path = store.file(table, "albertslund", "abc")
    assert path == tmp_path / table / "municipality=albertslund" / "abc.parquet"
