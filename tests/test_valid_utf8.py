"""Text is always valid UTF-8: a lone surrogate in any text becomes U+FFFD, with a warning, and
the document is written rather than failed at Parquet encoding."""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime

import pyarrow.dataset as ds
from conftest import ALBERTSLUND, opfolg, sample_pdf

from normalise.document import NormalisedDocument, with_valid_text
from normalise.text import valid_utf8
from outputs.store import encode

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_a_lone_surrogate_becomes_the_replacement_character():
    assert valid_utf8("Nyt \ud800tiltag") == ("Nyt \ufffdtiltag", 1)
    assert valid_utf8("\udcff\udcfe") == ("\ufffd\ufffd", 2)
    assert valid_utf8("😊 ok æøå") == ("😊 ok æøå", 0)  # a whole pair is a char, not a surrogate


def _document(status: str = "ok", error: str | None = None) -> NormalisedDocument:
    row = {
        "doc_id": "d",
        "source_path": "d.pdf",
        "file_name": "d.pdf",
        "doc_type": "budget_followup",
        "title": "Opfølgning",
        "pages": 3,
        "status": status,
        "error": error,
        "extractor": "x",
        "extractor_version": "1",
        "contract_version": "1.0",
        "ingested_at": NOW,
        "warnings": [error] if error else [],
        "completeness": [],
        "ocr_pages": [],
    }
    initiative = {"doc_id": "d", "agreement": "A", "initiative_no": "1.1", "title": "T\ud800"}
    initiative |= {"responsible_committee_ids": ["x\udc00"], "page_first": 2, "page_last": 2}
    return NormalisedDocument("ballerup", {"documents": [row], "initiatives": [initiative]})


def test_every_text_of_every_row_is_made_valid_and_the_document_says_so():
    document = with_valid_text(_document())
    row = document.tables["documents"][0]
    initiative = document.tables["initiatives"][0]
    assert initiative["title"] == "T\ufffd"
    assert initiative["responsible_committee_ids"] == ["x\ufffd"]
    warning = (
        "2 invalid character(s) (lone UTF-16 surrogates) replaced by U+FFFD in "
        "initiatives.responsible_committee_ids, initiatives.title (first on page 2)"
    )
    assert (row["status"], row["error"], row["warnings"]) == ("partial", warning, [warning])
    encode(document.tables, document.review)  # Parquet takes it


def test_the_first_warning_stays_the_error():
    document = with_valid_text(_document("partial", "no goals found"))
    row = document.tables["documents"][0]
    assert row["error"] == "no goals found"
    assert row["warnings"][0] == "no goals found" and len(row["warnings"]) == 2


def test_clean_text_is_left_alone():
    document = _document()
    document.tables["initiatives"][0]["title"] = "Tiltag"
    document.tables["initiatives"][0]["responsible_committee_ids"] = []
    row = with_valid_text(document).tables["documents"][0]
    assert (row["status"], row["error"], row["warnings"]) == ("ok", None, [])


def test_a_file_name_that_is_not_utf8_is_ingested_with_a_warning(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    name = os.fsdecode(b"temaer \xff.pdf")  # bytes no UTF-8 decodes: a lone surrogate in Python
    shutil.copy(sample_pdf(ALBERTSLUND[3]), inbox / name)
    out = tmp_path / "out"
    result = opfolg("ingest", str(inbox), "--out", str(out), "--json", "--workers", "1")
    assert result.returncode == 0, result.stderr
    (document,) = json.loads(result.stdout)["documents"]
    assert document["status"] == "partial"
    assert document["source_path"] == str(inbox / name)  # JSON escapes it: the same string back
    (row,) = ds.dataset(out / "documents", partitioning="hive").to_table().to_pylist()
    assert row["file_name"] == "temaer \ufffd.pdf"
    assert row["warnings"] == [
        "2 invalid character(s) (lone UTF-16 surrogates) replaced by U+FFFD in "
        "documents.file_name, documents.source_path"
    ]
    assert ds.dataset(out / "themes", partitioning="hive").count_rows() == 4
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = manifest["documents"].values()
    assert entry["paths"] == [str((inbox / name).resolve())]
    again = opfolg("ingest", str(inbox), "--out", str(out), "--workers", "1")
    assert again.returncode == 0 and "0 converted, 1 unchanged" in again.stdout
    assert "temaer \\udcff.pdf" in again.stdout or "temaer \\xff.pdf" in again.stdout
