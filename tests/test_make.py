"""`make ingest`, the README's command, exits with opfolg's own code: a nightly job can tell
"some documents failed" (1) from "misconfigured" (2)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ALBERTSLUND, REPO, sample_pdf


def make_ingest(inputs: str, out: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    variables = [f"IN={inputs}", f"OUT={out}", "ARGS=--workers 1"]
    return subprocess.run(
        ["make", "-C", str(REPO), "ingest", *variables, *extra],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_ingest_exits_with_opfolgs_code(tmp_path):
    good = tmp_path / "good.pdf"
    shutil.copy(sample_pdf(ALBERTSLUND[3]), good)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnothing else")
    out = tmp_path / "out"

    ok = make_ingest(str(good), out)
    assert ok.returncode == 0, ok.stderr
    assert "failures: 0" in ok.stdout  # opfolg's own summary, on make's stdout

    some_failed = make_ingest(f"{good} {broken}", out)
    assert some_failed.returncode == 1, some_failed.stderr
    assert "failed: " in some_failed.stdout and "cut short" in some_failed.stdout

    misconfigured = make_ingest(str(tmp_path / "not-mounted"), out)
    assert misconfigured.returncode == 2
    assert f"opfolg: {tmp_path / 'not-mounted'}: no such file or folder" in misconfigured.stderr
    assert not (REPO / ".venv" / ".ingest-exit-code.mk").exists()

    shown = make_ingest(str(good), out, "-n")  # make -n shows the command, runs nothing
    assert shown.returncode == 0 and "opfolg ingest" in shown.stdout
