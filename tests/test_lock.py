"""The run lock on an output directory, held by a real second process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pipeline.lock import LockedError, RunLock

ROOT = Path(__file__).resolve().parents[1]

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from pipeline.lock import RunLock

    with RunLock(Path(sys.argv[1])):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)


def hold(out: Path, seconds: float) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(out), str(seconds)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "held"
    return proc


@pytest.fixture
def holder(tmp_path: Path):
    proc = hold(tmp_path / "out", 30)
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def test_second_run_fails_at_once_naming_the_holder(tmp_path: Path, holder) -> None:
    started = time.monotonic()
    with pytest.raises(LockedError) as err:
        with RunLock(tmp_path / "out"):
            pytest.fail("entered a held lock")
    assert time.monotonic() - started < 1.0
    lock_path = tmp_path / "out" / ".lock"
    assert str(err.value) == (
        f"another opfolg run holds {lock_path} (pid {holder.pid}); use --wait to wait for it"
    )


def test_second_run_waits_until_the_first_ends(tmp_path: Path) -> None:
    first = hold(tmp_path / "out", 1.0)
    try:
        started = time.monotonic()
        with RunLock(tmp_path / "out", wait=True, poll=0.05):
            waited = time.monotonic() - started
        assert 0.5 < waited < 10  # it held for 1 s after printing "held"
        assert first.wait(5) == 0
    finally:
        first.kill()
        first.wait()


def test_a_killed_run_leaves_no_stale_lock(tmp_path: Path, holder) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert (tmp_path / "out" / ".lock").exists()
    with RunLock(tmp_path / "out") as lock:
        assert (tmp_path / "out" / ".lock").read_text() == f"{os.getpid()}\n"
        assert lock.path == tmp_path / "out" / ".lock"


def test_the_same_process_cannot_hold_it_twice(tmp_path: Path) -> None:
    with RunLock(tmp_path / "out"):
        with pytest.raises(LockedError, match=f"pid {os.getpid()}"):
            RunLock(tmp_path / "out").acquire()
    # released on exit, also after an exception inside the block
    with pytest.raises(KeyError):
        with RunLock(tmp_path / "out"):
            raise KeyError("x")
    with RunLock(tmp_path / "out"):
        pass


def test_creates_the_output_directory(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b"
    with RunLock(out):
        assert out.is_dir()
