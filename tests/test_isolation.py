"""Worker isolation: every kind of failure stays inside its task, and the batch goes on."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pipeline.isolation import Limits, Outcome, allow_more_time, run_isolated
from tests.badpdfs import make_bad_corpus

ROOT = Path(__file__).resolve().parents[1]
MB = 1024**2
BIG = 50 * MB


def work(task: tuple[str, object]) -> object:
    """The task function the workers run; top-level so that it pickles by name."""
    kind, x = task
    if kind == "double":
        return x * 2
    if kind == "pid":
        return os.getpid()
    if kind == "raise":
        raise ValueError(f"bad value {x}\nsecond line that must not show")
    if kind == "exit":
        os._exit(3)
    if kind == "sysexit":
        sys.exit(4)
    if kind == "segv":
        ctypes.string_at(0)
    if kind == "hang":
        while True:
            pass
    if kind == "slow-page":
        # A page on a slower route asks for its time first, then takes it: own time counts a
        # sleep (the worker is not waiting for a processor), so the limit is met exactly as
        # busy work would meet it, on a busy machine too.
        allowance, sleep = x
        allow_more_time(allowance)
        time.sleep(sleep)
        return "read"
    if kind == "slow-page-hang":
        allow_more_time(x)
        while True:
            pass
    if kind == "hog":
        hog = bytearray(1024 * MB)  # bytearray zero-fills, so every page is touched
        # Held until the worker is killed: the parent checks memory before time, so however late
        # a busy machine lets it look, it finds the memory limit, never a result or a timeout.
        time.sleep(600)
        return len(hog)
    if kind == "big":
        return bytes(range(256)) * (BIG // 256)
    if kind == "pdfium":
        import pypdfium2

        doc = pypdfium2.PdfDocument(x)
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    raise AssertionError(kind)


LIMITS = Limits(timeout=1.5, max_memory=300 * MB)

MIXED = [
    ("a-ok", ("double", 1)),
    ("b-raise", ("raise", 7)),
    ("c-ok", ("double", 2)),
    ("d-exit", ("exit", 0)),
    ("e-segv", ("segv", 0)),
    ("f-ok", ("double", 3)),
    ("g-hang", ("hang", 0)),
    ("h-hog", ("hog", 0)),
    ("i-sysexit", ("sysexit", 0)),
    ("j-ok", ("double", 4)),
]

EXPECTED = {
    "a-ok": (True, 2, None),
    "b-raise": (False, None, "ValueError: bad value 7"),
    "c-ok": (True, 4, None),
    "d-exit": (False, None, "worker crashed (exit code 3)"),
    "e-segv": (False, None, "worker crashed (signal 11)"),
    "f-ok": (True, 6, None),
    "g-hang": (False, None, "timed out after 1.5 s (--timeout)"),
    "h-hog": (False, None, "exceeded the memory limit of 300 MB (--max-memory)"),
    "i-sysexit": (False, None, "SystemExit: 4"),
    "j-ok": (True, 8, None),
}


def run(tasks: list[tuple[str, tuple[str, int]]], workers: int, limits: Limits = LIMITS) -> dict:
    outcomes = list(run_isolated(work, tasks, workers, limits))
    assert sorted(o.key for o in outcomes) == sorted(key for key, _ in tasks)
    return {o.key: o for o in outcomes}


@pytest.fixture(scope="module")
def mixed_two() -> dict[str, Outcome]:
    return run(MIXED, workers=2)


def test_every_failure_is_contained_and_the_rest_succeed(mixed_two: dict[str, Outcome]) -> None:
    got = {k: (o.ok, o.value, o.error) for k, o in mixed_two.items()}
    assert got == EXPECTED


def test_time_and_memory_are_reported(mixed_two: dict[str, Outcome]) -> None:
    hang = mixed_two["g-hang"]
    assert 1.5 <= hang.seconds < 3.0
    hog = mixed_two["h-hog"]
    assert hog.peak_rss is not None and hog.peak_rss > 300 * MB
    assert hog.peak_rss < 1200 * MB
    ok = mixed_two["a-ok"]
    assert ok.peak_rss is not None and 0 < ok.peak_rss < 300 * MB
    assert all(o.seconds >= 0 for o in mixed_two.values())


def test_one_worker_gives_the_same_outcomes(mixed_two: dict[str, Outcome]) -> None:
    one = run(MIXED, workers=1)
    assert {k: (o.ok, o.value, o.error) for k, o in one.items()} == {
        k: (o.ok, o.value, o.error) for k, o in mixed_two.items()
    }


def test_a_task_given_more_time_runs_past_the_timeout() -> None:
    got = run(
        [("slow", ("slow-page", (30.0, 2.0))), ("plain", ("slow-page", (0.0, 2.0)))],
        workers=2,
        limits=Limits(timeout=0.5),
    )
    assert (got["slow"].ok, got["slow"].value) == (True, "read")
    assert got["plain"].error == "timed out after 0.5 s (--timeout)"


def test_the_time_given_ends_too_and_is_the_tasks_own() -> None:
    # One worker takes the three in turn: the allowance of the first does not carry over.
    got = run(
        [
            ("first", ("slow-page", (30.0, 0.0))),
            ("second", ("slow-page", (0.0, 2.0))),
            ("hung", ("slow-page-hang", 1.0)),
        ],
        workers=1,
        limits=Limits(timeout=0.5),
    )
    assert got["first"].ok
    assert got["second"].error == "timed out after 0.5 s (--timeout)"
    assert got["hung"].error == (
        "timed out after 1.5 s (0.5 s of --timeout and 1 s for its pages read through OCR)"
    )


def test_one_worker_still_runs_in_another_process() -> None:
    got = run([("p1", ("pid", 0)), ("p2", ("pid", 0))], workers=1, limits=Limits(timeout=30))
    pids = {o.value for o in got.values()}
    assert len(pids) == 1  # one long-lived worker took both tasks
    assert os.getpid() not in pids


def test_a_killed_worker_is_replaced() -> None:
    tasks = [("1", ("pid", 0)), ("2", ("exit", 0)), ("3", ("pid", 0))]
    got = run(tasks, workers=1, limits=Limits(timeout=30))
    assert got["1"].ok and got["3"].ok and not got["2"].ok
    assert got["1"].value != got["3"].value


def test_a_big_result_round_trips() -> None:
    got = run([("big", ("big", 0)), ("small", ("double", 5))], workers=2, limits=Limits(30))
    value = got["big"].value
    assert got["big"].ok and isinstance(value, bytes) and len(value) == BIG
    assert value[:300] == bytes(range(256)) + bytes(range(44))
    assert value[-1] == 255
    assert got["small"].value == 10


def test_no_tasks_and_bad_worker_count() -> None:
    assert list(run_isolated(work, [], 2, LIMITS)) == []
    with pytest.raises(ValueError):
        list(run_isolated(work, [("x", ("double", 1))], 0, LIMITS))


def test_closing_the_iterator_ends_the_workers() -> None:
    tasks = [("pid", ("pid", 0)), ("hang", ("hang", 0))]
    outcomes = run_isolated(work, tasks, 2, Limits(timeout=60))
    first = next(outcomes)
    assert first.key == "pid" and _alive(first.value)
    outcomes.close()
    assert not _alive(first.value)


def test_a_flate_bomb_meets_the_memory_limit(tmp_path: Path) -> None:
    corpus = make_bad_corpus(tmp_path)
    tasks = [(k, ("pdfium", str(corpus[k]))) for k in ("flate_bomb", "name_dash")]
    got = run(tasks, workers=1, limits=Limits(timeout=60, max_memory=300 * MB))
    assert got["flate_bomb"].error == "exceeded the memory limit of 300 MB (--max-memory)"
    assert got["name_dash"].ok and "Netværk" in got["name_dash"].value[0]


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


PARENT = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from pipeline.isolation import Limits, run_isolated

    def sleeper(path):
        Path(path).write_text(str(os.getpid()))
        time.sleep(600)

    if __name__ == "__main__":
        out = sys.argv[1]
        tasks = [(str(i), f"{out}/worker{i}.pid") for i in range(2)]
        for outcome in run_isolated(sleeper, tasks, 2, Limits(timeout=600)):
            pass
    """
)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_a_stopped_parent_leaves_no_workers(tmp_path: Path, sig: signal.Signals) -> None:
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # Ctrl-C's default action, even where the test itself runs with SIGINT ignored (a job started
    # in the background by a shell script inherits that).
    parent = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path)],
        env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        pid_files = [tmp_path / f"worker{i}.pid" for i in range(2)]
        deadline = time.monotonic() + 120  # workers start slowly on a busy machine
        while not all(p.exists() and p.read_text() for p in pid_files):
            assert time.monotonic() < deadline, "workers did not start"
            assert parent.poll() is None, "parent exited early"
            time.sleep(0.05)
        pids = [int(p.read_text()) for p in pid_files]
        assert all(_alive(pid) for pid in pids)
        parent.send_signal(sig)
        parent.wait(10)
        deadline = time.monotonic() + 5
        while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in pids), f"orphan workers after {sig.name}"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
