"""The command line as a user runs it: a subprocess over a copy of the samples, read with DuckDB."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import ALL_SAMPLES, BALLERUP, opfolg, sample_pdf


def _snapshot(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    inbox = root / "in" / "archive year"
    inbox.mkdir(parents=True)
    for name in ALL_SAMPLES:
        shutil.copy(sample_pdf(name), inbox / f"{name}.pdf")
    return root


def test_ingest_subprocess_then_duckdb(run_dir):
    out = run_dir / "out"
    result = opfolg("ingest", str(run_dir / "in"), "--out", str(out), "--json", "--workers", "2")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert len(summary["documents"]) == len(ALL_SAMPLES)
    assert all(d["status"] == "ok" for d in summary["documents"])
    assert summary["totals"]["milestone_smileys"] == {"green": 234, "yellow": 52, "red": 2}

    glob = str(out / "milestones" / "**" / "*.parquet")
    rows = duckdb.sql(
        f"SELECT municipality, smiley, count(*) FROM read_parquet('{glob}', hive_partitioning=true)"
        " GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    assert rows == [
        ("ballerup", "green", 234),
        ("ballerup", "red", 2),
        ("ballerup", "yellow", 52),
        ("ballerup", None, 432),
    ]
    docs = duckdb.sql(
        f"SELECT file_name, municipality, source_path FROM read_parquet("
        f"'{out}/documents/**/*.parquet', hive_partitioning=true) ORDER BY file_name"
    ).fetchall()
    assert [d[0] for d in docs] == sorted(f"{n}.pdf" for n in ALL_SAMPLES)
    for file_name, municipality, source_path in docs:
        assert source_path == str(run_dir / "in" / "archive year" / file_name)
        if file_name.startswith("ballerup"):
            assert municipality == "ballerup"
    # The same milestone numbers from two agreements stay apart.
    twelve = duckdb.sql(
        f"SELECT DISTINCT agreement FROM read_parquet('{glob}', hive_partitioning=true) "
        "WHERE initiative_no = '4.12' ORDER BY 1"
    ).fetchall()
    assert twelve == [("Aftale om budget 2018",), ("Aftale om budget 2019",)]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["contract_version"] and len(manifest["documents"]) == len(ALL_SAMPLES)


def test_second_run_leaves_every_file_byte_identical(run_dir):
    out = run_dir / "out"
    if not (out / "manifest.json").exists():
        assert opfolg("ingest", str(run_dir / "in"), "--out", str(out)).returncode == 0
    before = _snapshot(out)
    result = opfolg("ingest", str(run_dir / "in"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "0 converted" in result.stdout
    assert _snapshot(out) == before


def test_changed_file_replaces_its_rows_whole(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    target = inbox / "report.pdf"
    shutil.copy(sample_pdf(BALLERUP[0]), target)
    out = tmp_path / "out"
    assert opfolg("ingest", str(inbox), "--out", str(out), "--workers", "1").returncode == 0
    shutil.copy(sample_pdf(BALLERUP[1]), target)
    assert opfolg("ingest", str(inbox), "--out", str(out), "--workers", "1").returncode == 0
    new_id = hashlib.sha256(target.read_bytes()).hexdigest()
    files = sorted(p.name for p in (out / "milestones").rglob("*.parquet"))
    assert files == [f"{new_id}.parquet"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert list(manifest["documents"]) == [new_id]


def test_usage_errors_exit_2(tmp_path):
    assert opfolg("ingest", "--out", str(tmp_path)).returncode == 2
    assert (
        opfolg("ingest", str(tmp_path / "missing.pdf"), "--out", str(tmp_path / "o")).returncode
        == 2
    )
    assert (
        opfolg("ingest", str(tmp_path), "--out", str(tmp_path / "o"), "--workers", "0").returncode
        == 2
    )
