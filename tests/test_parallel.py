"""Workers change how fast a run goes, never what it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
from conftest import ALBERTSLUND, BALLERUP, comparable_manifest, sample_pdf

from pipeline.ingest import Options, ingest

BAD = ("scanned_mixed", "empty", "encrypted_user", "broken_xref", "not_pdf")


def files(out: Path) -> dict[str, Path]:
    """Every file of the output directory but the lock and the run logs."""
    return {
        p.relative_to(out).as_posix(): p
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != ".lock" and p.relative_to(out).parts[0] != "logs"
    }


def comparable(relative: str, path: Path):
    """The file's content; documents rows without ingested_at, which is each run's own start."""
    if relative.startswith("documents/"):
        return pq.read_table(path).drop_columns(["ingested_at"]).to_pylist()
    if relative == "manifest.json":
        manifest = json.loads(path.read_text())
        manifest.pop("updated_at")
        manifest["documents"] = comparable_manifest(manifest["documents"])
        return manifest
    return path.read_bytes()


def test_workers_give_identical_datasets(bad_corpus, tmp_path):
    arguments = [str(sample_pdf(n)) for n in (*ALBERTSLUND, BALLERUP[0])]
    arguments += [str(bad_corpus[key]) for key in BAD]
    runs = {}
    for workers in (1, 3):
        out = tmp_path / f"workers{workers}"
        summary = ingest(arguments, out, Options(workers=workers, max_memory=1024**3))
        assert len(summary.documents) == len(arguments)
        runs[workers] = out
    one, many = files(runs[1]), files(runs[3])
    assert sorted(one) == sorted(many)
    assert any(name.startswith("documents/") for name in one)
    for name in one:
        assert comparable(name, one[name]) == comparable(name, many[name]), name
    # Only ingested_at may differ: one value per run, the run's start to the second.
    for out in runs.values():
        stamps = {r["ingested_at"] for r in pq.read_table(out / "documents").to_pylist()}
        assert len(stamps) == 1 and next(iter(stamps)).microsecond == 0
    statuses = sorted(
        d["status"] for d in json.loads(one["manifest.json"].read_text())["documents"].values()
    )
    assert statuses.count("failed") == 3 and statuses.count("partial") == 1
