"""A run killed at any moment leaves the previous complete state or the new one; the next run
finishes the job and ends with exactly the datasets of a clean run. Readers never see a temporary
file, and two runs never share an output directory."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from conftest import ALBERTSLUND, REPO, comparable_manifest, sample_pdf

import outputs.store
from outputs.schemas import DOCUMENT_TABLES
from pipeline.ingest import Options, ingest
from pipeline.lock import RunLock

INPUTS = [str(sample_pdf(name)) for name in ALBERTSLUND]
RUN_TABLES = ("committees.parquet", "units.parquet", "review_queue.parquet")


def start_run(out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "ingest", *INPUTS, "--out", str(out), *extra],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill(process: subprocess.Popen) -> None:
    """SIGKILL the run itself, as an out-of-memory killer or a power cut would: no cleanup runs."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)


def committed(out: Path) -> int:
    try:
        return len(json.loads((out / "manifest.json").read_text())["documents"])
    except (OSError, ValueError, KeyError):
        return 0


def datasets(out: Path) -> dict:
    """Everything a reader can see, with ingested_at (the run's start) left out of documents."""
    seen: dict = {}
    for table in DOCUMENT_TABLES:
        if not (out / table).exists():
            continue
        data = ds.dataset(out / table, partitioning="hive").to_table()
        if table == "documents":
            data = data.drop_columns(["ingested_at"])
        seen[table] = sorted(map(repr, data.to_pylist()))
    for name in RUN_TABLES:
        seen[name] = (out / name).read_bytes()
    seen["manifest"] = comparable_manifest(
        json.loads((out / "manifest.json").read_text())["documents"]
    )
    return seen


def assert_no_temp_visible(out: Path) -> None:
    """Neither reader of the contract lists a temporary file, and what they list reads whole."""
    for table in DOCUMENT_TABLES:
        if not (out / table).exists():
            continue
        dataset = ds.dataset(out / table, partitioning="hive")
        for file in dataset.files:
            name = Path(file).name
            assert not name.startswith(".") and name.endswith(".parquet"), file
        try:
            dataset.to_table()
        except FileNotFoundError:
            pass  # replaced between listing and reading: the next look sees the new file
        glob = f"{out}/{table}/**/*.parquet"
        listed = duckdb.sql(f"SELECT file FROM glob('{glob}')").fetchall()
        for (file,) in listed:
            name = Path(file).name
            assert not name.startswith(".") and ".tmp" not in name, file


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("clean") / "out"
    summary = ingest(INPUTS, out, Options(workers=2))
    assert len(summary.documents) == len(INPUTS) and not summary.failed
    return datasets(out)


def test_killed_after_the_first_commit_then_rerun_equals_a_clean_run(clean, tmp_path):
    out = tmp_path / "out"
    process = start_run(out, "--workers", "1")
    deadline = time.monotonic() + 120
    while committed(out) < 1:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no document was committed within 120 s"
        if out.exists():
            assert_no_temp_visible(out)
        time.sleep(0.01)
    kill(process)
    assert 1 <= committed(out) < len(INPUTS), "the run finished before it could be killed"
    assert_no_temp_visible(out)
    summary = ingest(INPUTS, out, Options(workers=2))
    assert sum(d.skipped for d in summary.documents) >= 1  # what was committed is kept
    assert datasets(out) == clean
    assert not list(out.rglob(".*.tmp")) and not list((out / ".journal").glob("*"))


def test_killed_at_random_moments_then_rerun_equals_a_clean_run(clean, tmp_path):
    seed = random.randrange(1_000_000)
    print(f"kill delays seed {seed}")
    rng = random.Random(seed)
    out = tmp_path / "out"
    for step in range(4):
        process = start_run(out, "--workers", "1")
        delay = 0.4 + step * 0.5 + rng.random() * 0.5
        end = time.monotonic() + delay
        while time.monotonic() < end and process.poll() is None:
            if out.exists():
                assert_no_temp_visible(out)
            time.sleep(0.01)
        kill(process)
        assert_no_temp_visible(out)
        print(f"killed after {delay:.2f} s with {committed(out)} document(s) committed")
    result = start_run(out, "--workers", "2")
    stdout, stderr = result.communicate(timeout=300)
    assert result.returncode == 0, stderr
    assert datasets(out) == clean


def test_interrupted_commit_is_undone_and_redone(clean, tmp_path, monkeypatch):
    """A commit broken off after its files were staged: the journal names them, readers see
    nothing of them, and the next run removes that document and converts it again."""
    out = tmp_path / "out"
    real_replace = os.replace
    commits = {"n": 0}

    def dying_replace(source, target):
        if Path(target).parent.name.startswith("municipality="):  # a document's file
            commits["n"] += 1
            if commits["n"] == 2:  # in the second document's commit, after its journal
                raise KeyboardInterrupt("killed")
        return real_replace(source, target)

    monkeypatch.setattr(outputs.store.os, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        ingest(INPUTS, out, Options(workers=1))
    monkeypatch.undo()
    journals = list((out / ".journal").glob("*.json"))
    assert len(journals) == 1
    staged = json.loads(journals[0].read_text())["staged"]
    assert any(Path(path).exists() for path in staged)
    assert_no_temp_visible(out)
    # The documents row is renamed last: the broken-off document is not there for readers.
    visible = ds.dataset(out / "documents", partitioning="hive").to_table().to_pylist()
    assert journals[0].stem not in {row["doc_id"] for row in visible}
    summary = ingest(INPUTS, out, Options(workers=2))
    assert not summary.failed
    assert datasets(out) == clean
    assert not list(out.rglob(".*.tmp")) and not list((out / ".journal").glob("*"))


def test_a_second_run_exits_at_once_or_waits(tmp_path):
    out = tmp_path / "out"
    lock = RunLock(out)
    lock.acquire()
    try:
        started = time.monotonic()
        refused = start_run(out)
        _, stderr = refused.communicate(timeout=120)
        assert refused.returncode == 2
        assert "another opfolg run holds" in stderr and "--wait" in stderr
        assert time.monotonic() - started < 30
        assert not (out / "documents").exists()

        waiting = start_run(out, "--wait", "--workers", "2")
        time.sleep(2.0)
        assert waiting.poll() is None, waiting.communicate()
    finally:
        lock.release()
    _, stderr = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, stderr
    assert committed(out) == len(INPUTS)


def test_documents_of_a_run_share_one_ingested_at(tmp_path):
    out = tmp_path / "out"
    ingest(INPUTS[:2], out, Options(workers=2))
    stamps = {
        row["ingested_at"]
        for row in pq.read_table(out / "documents", partitioning="hive").to_pylist()
    }
    assert len(stamps) == 1
    assert next(iter(stamps)).microsecond == 0
