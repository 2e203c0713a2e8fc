"""The output directory is guarded: the manifest stamps every file with its size and hash, a run
notices a file deleted or damaged since and converts that document again (and says so), `opfolg
verify` checks everything, and a read-only or full OUT ends the run with exit 2, one line, the
JSON summary all the same, and nothing half-written."""

from __future__ import annotations

import errno
import json
import shutil
import subprocess
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from conftest import ALBERTSLUND, BALLERUP, comparable_manifest, opfolg, sample_pdf

import outputs.parquet
from outputs.schemas import DOCUMENT_TABLES
from outputs.store import FileStamp, Store
from pipeline.cli import main
from pipeline.ingest import Options, ingest
from pipeline.verify import verify

STATUS_LIST, _, _, NETVAERK = ALBERTSLUND
OPTIONS = Options(workers=2)


def rows(out: Path) -> dict:
    """What a reader sees and the manifest, less what differs between two clean runs over copies
    of the same files: the run's start (in the documents files) and where the input lay."""
    seen = {}
    for table in DOCUMENT_TABLES:
        if (out / table).exists():
            data = ds.dataset(out / table, partitioning="hive").to_table()
            if table == "documents":  # each run's start, and where the input lay
                data = data.drop_columns(["ingested_at", "source_path"])
            seen[table] = sorted(map(repr, data.to_pylist()))
    manifest = json.loads((out / "manifest.json").read_text())
    seen["manifest"] = {
        doc_id: {k: v for k, v in entry.items() if k not in ("source_path", "paths")}
        for doc_id, entry in comparable_manifest(manifest["documents"]).items()
    }
    seen["run files"] = manifest["files"]
    return seen


@pytest.fixture
def inbox(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in (STATUS_LIST, NETVAERK):
        shutil.copy(sample_pdf(name), folder / f"{name}.pdf")
    return folder


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("clean") / "in"
    folder.mkdir()
    for name in (STATUS_LIST, NETVAERK):
        shutil.copy(sample_pdf(name), folder / f"{name}.pdf")
    out = folder.parent / "out"
    ingest([str(folder)], out, OPTIONS)
    return rows(out)


def status_items_file(out: Path) -> Path:
    (path,) = (out / "status_items").rglob("*.parquet")
    return path


def test_the_manifest_stamps_every_file_it_vouches_for(inbox, tmp_path):
    out = tmp_path / "out"
    ingest([str(inbox)], out, OPTIONS)
    manifest = json.loads((out / "manifest.json").read_text())
    stamped = {}
    for doc_id, entry in manifest["documents"].items():
        files = Store(out).document_files(doc_id)
        assert sorted(entry["files"]) == sorted(p.relative_to(out).as_posix() for p in files)
        stamped |= entry["files"]
    stamped |= manifest["files"]
    assert sorted(manifest["files"]) == [
        "committees.parquet",
        "review_queue.parquet",
        "units.parquet",
    ]
    for relative, stamp in stamped.items():
        assert FileStamp.read(out / relative).to_json() == stamp, relative
    assert verify(out).ok and verify(out).files == len(stamped)


DAMAGE = {
    "deleted": lambda path: path.unlink(),
    "bytes flipped": lambda path: path.write_bytes(
        path.read_bytes()[:100]
        + bytes(b ^ 0xFF for b in path.read_bytes()[100:140])
        + path.read_bytes()[140:]
    ),
    "cut short": lambda path: path.write_bytes(path.read_bytes()[:-10]),
}


@pytest.mark.parametrize("how", DAMAGE, ids=str)
def test_a_damaged_file_is_noticed_converted_again_and_said(inbox, tmp_path, clean, how):
    out = tmp_path / "out"
    ingest([str(inbox)], out, OPTIONS)
    damaged = status_items_file(out)
    relative = damaged.relative_to(out).as_posix()
    DAMAGE[how](damaged)
    report = verify(out)
    assert not report.ok and len(report.problems) == 1
    assert report.problems[0].startswith(f"{relative}: ")
    checked = opfolg("verify", str(out))
    assert checked.returncode == 1 and relative in checked.stdout

    summary = ingest([str(inbox)], out, OPTIONS)
    assert len(summary.damaged) == 1 and relative in summary.damaged[0]
    redone = [d for d in summary.documents if d.action == "retry"]
    assert len(redone) == 1 and redone[0].reason.startswith("its files in OUT are damaged")
    assert redone[0].source_path.endswith(f"{STATUS_LIST}.pdf")
    log = summary.log.read_text(encoding="utf-8")
    assert f"damaged\t-\t-\t{redone[0].doc_id}\t{relative}: " in log
    assert rows(out) == clean
    assert verify(out).ok and opfolg("verify", str(out)).returncode == 0


def test_damage_a_run_cannot_repair_is_reported_and_exits_1(inbox, tmp_path):
    out = tmp_path / "out"
    ingest([str(inbox)], out, OPTIONS)
    status_items_file(out).unlink()
    other = str(inbox / f"{NETVAERK}.pdf")
    result = opfolg("ingest", other, "--out", str(out), "--json", "--workers", "1")
    assert result.returncode == 1, result.stderr
    summary = json.loads(result.stdout)
    assert len(summary["unrepaired"]) == 1 and "status_items/" in summary["unrepaired"][0]
    text = opfolg("ingest", other, "--out", str(out), "--workers", "1").stdout
    assert "damage in OUT not repaired (name the file again to restore it): 1" in text


def test_verify_finds_what_nobody_vouches_for(inbox, tmp_path):
    out = tmp_path / "out"
    ingest([str(inbox)], out, OPTIONS)
    stray = out / "themes" / "municipality=ballerup" / f"{'f' * 64}.parquet"
    stray.parent.mkdir(parents=True)
    shutil.copy(next((out / "themes").rglob("*.parquet")), stray)
    (out / ".journal").mkdir(exist_ok=True)
    (out / ".journal" / f"{'e' * 64}.json").write_text("{}")
    (out / "documents" / ".x.parquet.1.tmp").write_bytes(b"half")
    problems = verify(out).problems
    assert problems == [
        f"themes/municipality=ballerup/{'f' * 64}.parquet: not in manifest.json "
        "(rows nobody vouches for)",
        f"doc_id {'e' * 64}: a commit was broken off (the next run undoes it)",
        "documents/.x.parquet.1.tmp: a leftover temporary file",
    ]
    (out / "manifest.json").write_text("{not json")
    assert verify(out).problems == ["manifest.json: damaged (it does not read as a manifest)"]
    assert opfolg("verify", str(tmp_path)).returncode == 2


# ------------------------------------------------------------ an OUT that cannot be written


def test_a_full_disk_ends_the_run_with_exit_2_one_line_and_json(
    inbox, tmp_path, clean, monkeypatch, capsys
):
    out = tmp_path / "out"
    first = str(inbox / f"{NETVAERK}.pdf")
    assert main(["ingest", first, "--out", str(out), "--workers", "1"]) == 0
    capsys.readouterr()
    calls = {"n": 0}

    def full(fd):
        calls["n"] += 1
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outputs.parquet.os, "fsync", full)
    code = main(["ingest", str(inbox), "--out", str(out), "--json", "--workers", "1"])
    captured = capsys.readouterr()
    assert code == 2 and calls["n"] >= 1
    assert captured.err.splitlines() == [f"opfolg: cannot write to {out}: no space left on device"]
    summary = json.loads(captured.out)
    assert summary["error"] == f"cannot write to {out}: no space left on device"
    # Nothing half-written: no temporary, no journal, and what was there reads whole.
    assert not list(out.rglob("*.tmp")) and not list(out.rglob(".journal/*"))
    assert verify(out).ok
    monkeypatch.undo()
    assert main(["ingest", str(inbox), "--out", str(out), "--workers", "1"]) == 0
    assert rows(out) == clean


@pytest.fixture
def tmpfs(tmp_path):
    """A real small file system, where the machine lets the tests mount one (as root)."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_real_full_or_read_only_out_exits_2(tmpfs, tmp_path):
    out = tmpfs / "out"
    big = str(sample_pdf(BALLERUP[0]))
    result = opfolg("ingest", big, "--out", str(out), "--json", "--workers", "1")
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [f"opfolg: cannot write to {out}: no space left on device"]
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout)["error"].endswith("no space left on device")
    assert not list(out.rglob("*.tmp")) and not list(out.rglob(".journal/*"))

    small = str(sample_pdf(NETVAERK))
    shutil.rmtree(out)
    assert opfolg("ingest", small, "--out", str(out), "--workers", "1").returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    result = opfolg("ingest", small, big, "--out", str(out), "--json", "--workers", "1")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"opfolg: cannot write to {out}: read-only file system"]
    assert json.loads(result.stdout)["error"].endswith("read-only file system")
    assert verify(out).ok
