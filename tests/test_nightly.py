"""Nightly runs are safe: an input that is not there stops the run before OUT is touched, --prune
refuses to act on an input that looks absent and lists what it removes, --dry-run writes nothing,
a file is known by its resolved path, byte copies are listed, and the command line behaves."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ALBERTSLUND, REPO, opfolg, sample_pdf

from outputs.schemas import CONTRACT_VERSION
from pipeline import defaults

STATUS_LIST, _, DIREKTOERFORUM, NETVAERK = ALBERTSLUND


def snapshot(out: Path) -> dict[str, str]:
    if not out.exists():
        return {}
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def archive(tmp_path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.copy(sample_pdf(STATUS_LIST), folder / "status.pdf")
    shutil.copy(sample_pdf(NETVAERK), folder / "temaer.pdf")
    return folder


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return opfolg("ingest", *args, "--workers", "1", cwd=cwd, timeout=300)


def test_a_missing_input_path_exits_2_and_leaves_out_untouched(archive, tmp_path):
    out = tmp_path / "out"
    result = run(str(tmp_path / "not-mounted"), "--out", str(out), "--json")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"opfolg: {tmp_path / 'not-mounted'}: no such file or folder"
    ]
    assert json.loads(result.stdout)["error"].endswith("no such file or folder")
    assert not out.exists()  # not even created
    assert run(str(archive), "--out", str(out)).returncode == 0
    before = snapshot(out)
    # One missing path among good ones: still nothing done.
    assert run(str(archive), str(tmp_path / "gone.pdf"), "--out", str(out)).returncode == 2
    assert snapshot(out) == before


def test_an_input_that_cannot_be_read_exits_2_and_leaves_out_untouched(archive, tmp_path):
    unreadable = tmp_path / "socket.pdf"  # a path that exists and that no one can read
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(unreadable))
    try:
        out = tmp_path / "out"
        result = run(str(archive), str(unreadable), "--out", str(out))
        assert result.returncode == 2
        assert result.stderr.startswith(f"opfolg: {unreadable}: ")
        assert not out.exists()
    finally:
        server.close()


def test_prune_refuses_an_input_that_looks_absent_and_lists_its_removals(archive, tmp_path):
    out = tmp_path / "out"
    assert run(str(archive), "--out", str(out)).returncode == 0
    before = snapshot(out)
    empty = tmp_path / "mountpoint"
    empty.mkdir()
    refused = run(str(empty), "--out", str(out), "--prune", "--json")
    assert refused.returncode == 2
    first_line = refused.stderr.splitlines()[0]
    assert first_line == f"opfolg: refusing --prune: {empty}: holds no PDF files"
    assert json.loads(refused.stdout)["error"].startswith("refusing --prune")
    assert run(str(tmp_path / "absent"), "--out", str(out), "--prune").returncode == 2
    assert snapshot(out) == before
    # Without --prune an empty folder is no danger: nothing to do, nothing removed.
    assert run(str(empty), "--out", str(out)).returncode == 0
    assert snapshot(out) == before

    (archive / "temaer.pdf").unlink()
    pruned = run(str(archive), "--out", str(out), "--prune", "--json")
    assert pruned.returncode == 0, pruned.stderr
    removed = json.loads(pruned.stdout)["removed"]
    assert [(r["source_path"], r["reason"]) for r in removed] == [
        (str(archive / "temaer.pdf"), "not in this run's input (--prune)")
    ]
    shutil.copy(sample_pdf(NETVAERK), archive / "temaer.pdf")
    run(str(archive), "--out", str(out))
    (archive / "temaer.pdf").unlink()
    summary = run(str(archive), "--out", str(out), "--prune").stdout
    assert "removed: 1" in summary
    assert f"  {archive / 'temaer.pdf'} (doc_id " in summary


def test_dry_run_prints_the_plan_and_writes_nothing(archive, tmp_path):
    out = tmp_path / "out"
    first = run(str(archive), "--out", str(out), "--dry-run")
    assert first.returncode == 0 and not out.exists()
    assert "plan: 2 convert, 0 skip, 0 replace, 0 remove, 0 retry" in first.stdout
    assert run(str(archive), "--out", str(out)).returncode == 0
    before = snapshot(out)
    shutil.copy(sample_pdf(DIREKTOERFORUM), archive / "status.pdf")  # new bytes, known path
    shutil.copy(sample_pdf(NETVAERK), archive / "copy.pdf")
    (archive / "broken.pdf").write_bytes(b"%PDF-1.4\nnothing\n")
    plan = run(str(archive), "--out", str(out), "--dry-run", "--json")
    assert plan.returncode == 0 and snapshot(out) == before
    actions = {Path(i["source_path"]).name: i["action"] for i in json.loads(plan.stdout)["plan"]}
    assert actions == {"broken.pdf": "convert", "status.pdf": "replace", "copy.pdf": "skip"}
    run(str(archive), "--out", str(out))
    again = run(str(archive), "--out", str(out), "--dry-run", "--prune")
    lines = again.stdout.splitlines()
    assert lines[0] == f"dry run: nothing written to {out}"
    assert lines[1] == "plan: 0 convert, 2 skip, 0 replace, 0 remove, 1 retry"
    retry = f"retry    {archive / 'broken.pdf'}  (failed last time: "
    assert any(line.startswith(retry) for line in lines)
    assert f"         {archive / 'temaer.pdf'}  (same bytes as {archive / 'copy.pdf'})" in lines


def test_a_file_named_relatively_and_absolutely_is_one_document(archive, tmp_path):
    out = tmp_path / "out"
    assert run("archive/status.pdf", "--out", str(out), cwd=tmp_path).returncode == 0
    shutil.copy(sample_pdf(DIREKTOERFORUM), archive / "status.pdf")
    changed = run(str(archive / "status.pdf"), "--out", str(out), "--json")
    summary = json.loads(changed.stdout)
    assert [d["action"] for d in summary["documents"]] == ["replace"]
    assert len(summary["removed"]) == 1
    manifest = json.loads((out / "manifest.json").read_text())["documents"]
    assert len(manifest) == 1
    assert list(manifest.values())[0]["paths"] == [str((archive / "status.pdf").resolve())]


def test_byte_copies_are_listed_everywhere(archive, tmp_path):
    out = tmp_path / "out"
    shutil.copy(archive / "temaer.pdf", archive / "temaer kopi.pdf")
    result = run(str(archive), "--out", str(out), "--json")
    summary = json.loads(result.stdout)
    copies = {Path(d["source_path"]).name: d["copies"] for d in summary["documents"]}
    assert copies["temaer kopi.pdf"] == [str(archive / "temaer.pdf")]
    log = Path(summary["log"]).read_text(encoding="utf-8")
    copy, original = archive / "temaer.pdf", archive / "temaer kopi.pdf"
    assert f"copy\t-\t-\t{copy}\tsame bytes as {original}" in log
    doc_id = hashlib.sha256((archive / "temaer.pdf").read_bytes()).hexdigest()
    manifest = json.loads((out / "manifest.json").read_text())["documents"]
    assert manifest[doc_id]["paths"] == sorted(
        str((archive / name).resolve()) for name in ("temaer kopi.pdf", "temaer.pdf")
    )
    text = run(str(archive), "--out", str(out)).stdout
    assert "3 input file(s): 0 converted, 2 unchanged (skipped), 1 byte-identical copy" in text
    assert f"  {archive / 'temaer.pdf'} = {archive / 'temaer kopi.pdf'}" in text


def test_version_and_help_with_defaults():
    version = opfolg("--version")
    assert version.returncode == 0
    assert (
        version.stdout.startswith("opfolg ") and f"(contract {CONTRACT_VERSION})" in version.stdout
    )
    help_text = " ".join(opfolg("ingest", "--help").stdout.split())
    for phrase in (
        f"(default: {defaults.BACKEND})",
        f"here {defaults.WORKERS})",
        f"(default: {defaults.TIMEOUT:g})",
        "(default: 2G)",
        f"(default: {defaults.MAX_PAGES})",
        "--dry-run",
        "--force",
        "--prune",
    ):
        assert phrase in help_text, phrase
    assert opfolg("verify", "--help").returncode == 0


def test_a_closed_stdout_costs_no_traceback(archive, tmp_path):
    command = [sys.executable, "-m", "pipeline", "ingest", str(archive), "--out"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for extra in ([], ["--json"]):
        reader = subprocess.Popen(
            [*command, str(tmp_path / f"out{len(extra)}"), "--workers", "1", *extra],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        reader.stdout.close()  # like `| head -0`: the reader is gone before anything is printed
        _, stderr = reader.communicate(timeout=300)
        assert b"Traceback" not in stderr and b"BrokenPipe" not in stderr, stderr
        assert reader.returncode == 0
        assert (tmp_path / f"out{len(extra)}" / "manifest.json").is_file()


def test_a_folder_that_cannot_be_listed_is_said_and_stops_prune(archive, tmp_path, monkeypatch):
    """As root no permission hides a folder, so the listing itself is made to fail: the files
    below it are unknown, so the run says so and exits 1, and --prune will not act on it."""
    import errno

    import pipeline.discover
    from pipeline.ingest import InputError, Options, ingest

    hidden = archive / "2019"
    hidden.mkdir()
    shutil.copy(sample_pdf(DIREKTOERFORUM), hidden / "report.pdf")
    real_walk = os.walk

    def walk(top, onerror=None, **kwargs):
        for folder, dirs, files in real_walk(top, onerror=onerror, **kwargs):
            if Path(folder) == hidden:
                onerror(PermissionError(errno.EACCES, "Permission denied", str(hidden)))
                dirs.clear()
                continue
            yield folder, dirs, files

    monkeypatch.setattr(pipeline.discover.os, "walk", walk)
    found = pipeline.discover.discover([str(archive)])
    assert found.unreadable == [f"{hidden}: cannot read (Permission denied)"]
    assert sorted(i.file_name for i in found.inputs) == ["status.pdf", "temaer.pdf"]
    out = tmp_path / "out"
    with pytest.raises(InputError) as refused:
        ingest([str(archive)], out, Options(workers=1, prune=True))
    assert refused.value.lines[0] == f"refusing --prune: {hidden}: cannot read (Permission denied)"
    assert not out.exists()
    summary = ingest([str(archive)], out, Options(workers=1))
    assert summary.usage_errors == [f"{hidden}: cannot read (Permission denied)"]
    assert len(summary.documents) == 2
