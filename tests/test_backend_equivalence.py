"""The PDFium backend (the default) and pdfplumber (the reference) give the same datasets."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import ALL_SAMPLES, sample_pdf

from pipeline.ingest import Options, ingest


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reference") / "data"
    paths = [str(sample_pdf(name)) for name in ALL_SAMPLES]  # as the session's `ingested`
    summary = ingest(paths, out, Options(backend="pdfplumber", workers=2))
    assert len(summary.documents) == len(ALL_SAMPLES)
    return out


def _tables(out: Path) -> dict[str, list[dict]]:
    found = {}
    for path in sorted(out.rglob("*.parquet")):
        rows = pq.read_table(path).to_pylist()
        for row in rows:
            row.pop("ingested_at", None)  # the time of each run, not of the document
        found[str(path.relative_to(out))] = rows
    return found


def test_every_table_equal(ingested, reference):
    default, plumber = _tables(ingested), _tables(reference)
    assert sorted(default) == sorted(plumber)
    assert len([name for name in default if name.startswith("milestones/")]) == 2
    for name in default:
        assert default[name] == plumber[name], name
