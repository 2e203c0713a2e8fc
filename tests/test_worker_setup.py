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


MAIN_SCRIPT = """
import os, sys
from pathlib import Path

if __name__ != "__main__":  # imported again, in a worker
    Path(os.environ["OPFOLG_TEST_MARKER"]).write_text("imported in a worker")


def triple(x):
    return 3 * x


if __name__ == "__main__":
    sys.path.insert(0, sys.argv[1])
    from pipeline.isolation import Limits, run_isolated

    fn = {"library": abs, "main": triple}[sys.argv[2]]
    outcomes = list(run_isolated(fn, [("a", -2)], 1, Limits(timeout=60)))
    print(outcomes[0].value, "__file__" in sys.modules["__main__"].__dict__)
"""


def test_workers_import_the_main_module_only_when_they_run_something_of_it(tmp_path) -> None:
    script = tmp_path / "program.py"
    script.write_text(MAIN_SCRIPT)
    for kind, value in (("library", "2"), ("main", "-6")):
        marker = tmp_path / f"{kind}.marker"
        result = subprocess.run(
            [sys.executable, str(script), str(ROOT), kind],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "OPFOLG_TEST_MARKER": str(marker)},
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == [value, "True"]  # the main module is whole again
        assert marker.exists() == (kind == "main"), kind


def test_the_command_line_ingests_without_pandas(tmp_path) -> None:
    script = textwrap.dedent(
        """
        import sys
        from pipeline.cli import main

        code = main(["ingest", sys.argv[1], "--out", sys.argv[2], "--json"])
        print(code, "pandas" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(sample_pdf(ALBERTSLUND[3])), str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["0", "False"]
    assert (
        tmp_path / "out" / "committees.parquet"
    ).is_file()  # its own tables written all the same
