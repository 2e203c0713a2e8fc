"""Other projects' test PDFs, read where they lie: none breaks the run, each gets a documents row,
and none (not one is a municipal document) gets rows it does not have."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from conftest import SHARED

from extractors.pdf import BACKENDS
from pipeline.convert import MAX_ERROR
from pipeline.ingest import Options, ingest

PEER = SHARED / "peer-pdfs"
# Rows only a municipal follow-up document can have.
MUNICIPAL_TABLES = ("initiatives", "milestones", "economy", "status_items", "goals", "themes")


def peer_pdfs() -> list[Path]:
    assert PEER.is_dir(), f"peer PDFs missing: {PEER}"
    found = sorted(p for p in PEER.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())
    assert len(found) >= 50, f"expected the peer PDF collection in {PEER}, found {len(found)}"
    return found


@pytest.fixture(scope="module", params=BACKENDS)
def peer_run(request, tmp_path_factory):
    pdfs = peer_pdfs()
    out = tmp_path_factory.mktemp(f"peer_{request.param}") / "out"
    options = Options(backend=request.param, workers=2, max_memory=1024**3)
    summary = ingest([str(PEER)], out, options)
    return pdfs, out, summary, request.param


def test_every_peer_pdf_gets_a_documents_row(peer_run):
    pdfs, out, summary, backend = peer_run
    rows = {
        r["doc_id"]: r
        for r in ds.dataset(out / "documents", partitioning="hive").to_table().to_pylist()
    }
    expected = {hashlib.sha256(p.read_bytes()).hexdigest() for p in pdfs}
    assert set(rows) == expected  # files with the same bytes share one row
    assert not summary.usage_errors
    for row in rows.values():
        assert row["status"] in ("ok", "partial", "failed")
        if row["status"] == "ok":
            assert row["error"] is None
        else:
            assert row["error"] and "\n" not in row["error"] and len(row["error"]) <= MAX_ERROR
    by_name = {r["file_name"]: r for r in rows.values()}
    assert by_name["empty.pdf"]["error"] == "the file is empty (0 bytes): nothing to read"
    assert "password is needed (--password)" in by_name["password-example.pdf"]["error"]

    counts = Counter(row["status"] for row in rows.values())
    slowest = max(summary.documents, key=lambda d: d.seconds)
    print(
        f"\npeer PDFs, backend {backend}: {len(pdfs)} files, {len(rows)} distinct documents: "
        f"{counts['ok']} ok, {counts['partial']} partial, {counts['failed']} failed; "
        f"slowest {Path(slowest.source_path).name} {slowest.seconds:.1f} s"
    )
    for row in sorted(rows.values(), key=lambda r: r["file_name"]):
        if row["status"] != "ok":
            print(f"  {row['status']:8} {row['file_name']}: {row['error']}")


def test_no_peer_pdf_gets_municipal_rows(peer_run):
    _, out, _, _ = peer_run
    invented = {}
    for table in MUNICIPAL_TABLES:
        files = sorted((out / table).rglob("*.parquet")) if (out / table).exists() else []
        if files:
            names = ds.dataset(out / table, partitioning="hive").to_table(columns=["doc_id"])
            invented[table] = Counter(names.column("doc_id").to_pylist())
    assert invented == {}
