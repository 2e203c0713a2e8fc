"""A worker process is set up once: an initializer runs before its first task, and opfolg's own
setup leaves conversion untouched while sparing pandas and most cycle collections."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import ALBERTSLUND, sample_pdf

from pipeline.isolation import Limits, run_isolated

ROOT = Path(__file__).resolve().parents[1]
STARTS = "OPFOLG_TEST_WORKER_STARTS"


def count_start() -> None:
    os.environ[STARTS] = str(int(os.environ.get(STARTS, "0")) + 1)


def starts(_: object) -> str | None:
    return os.environ.get(STARTS)


def test_the_initializer_runs_once_in_each_worker_and_never_in_the_parent() -> None:
    tasks = [(str(n), n) for n in range(4)]
    outcomes = list(run_isolated(starts, tasks, 1, Limits(timeout=60), count_start))
    assert [o.value for o in outcomes] == ["1"] * 4
    assert STARTS not in os.environ


def test_a_prepared_worker_converts_without_pandas() -> None:
    script = textwrap.dedent(
        """
        import datetime, gc, sys
        from pipeline.convert import WORKER_GC_THRESHOLD, ConvertTask, convert, prepare_worker

        prepare_worker()
        path = sys.argv[1]
        now = datetime.datetime.now(datetime.timezone.utc)
        task = ConvertTask(path, path, "x.pdf", "0" * 64, now, "pdfium", None, 100, None)
        converted = convert(task)
        print(converted.document["status"], converted.counts["tables"].get("themes"))
        print("pandas" in sys.modules, gc.get_threshold()[0] == WORKER_GC_THRESHOLD)
        import pandas  # refused to pyarrow once, not to anyone who asks later
        print(bool(pandas.__version__))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(sample_pdf(ALBERTSLUND[3]))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ok", "4", "False", "True", "True"]
