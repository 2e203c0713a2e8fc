"""What a Dask worker does for opfolg: convert one file whose bytes the client sent, in a process of
its own with the run's limits, and send the encoded document back. Nothing here writes to OUT.

Dask cannot stop a task that runs too long or takes too much memory, and a PDF library that
crashes would take the Dask worker with it; so the conversion runs as in a local run, in a worker
process of pipeline.isolation. Each thread of a Dask worker keeps one such process from task to
task (``Isolated``), so the libraries are imported once per thread, not once per file.

The bytes are written to a private folder under the Dask worker's local directory for the time
of the conversion. The run's overrides file is kept there under its SHA-256, so that the
conversion process reads the same path, and builds its matcher once, from one task to the next.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import multiprocessing
import os
import re
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .convert import ConvertTask
from .isolation import Isolated, Limits, Outcome

DAEMONIC = (
    "the Dask worker is daemonic and cannot start conversion processes: start it with "
    "DASK_DISTRIBUTED__WORKER__DAEMON=False (README, Dask)"
)


@dataclass(frozen=True, slots=True)
class Shipped:
    """One file as the client sends it: its task, its bytes, and the bytes of the run's
    overrides file (None without one)."""

    key: str
    task: ConvertTask
    data: bytes
    overrides: bytes | None


@dataclass(frozen=True, slots=True)
class Returned:
    outcome: Outcome
    code: str  # the worker's code_identity: the client checks it against its own


@dataclass(frozen=True, slots=True)
class WorkerReport:
    daemonic: bool
    code: str


class DaemonicWorker(RuntimeError):
    """The Dask worker process may not start processes of its own."""


def convert_shipped(
    shipped: Shipped,
    fn: Callable[[ConvertTask], Any],
    limits: Limits,
    initializer: Callable[[], None] | None,
    code_fingerprint: Callable[[], str],
) -> Returned:
    """The Dask task: ``fn`` over the shipped file in this thread's isolated worker process."""
    if multiprocessing.current_process().daemon:
        raise DaemonicWorker(DAEMONIC)
    from distributed import get_worker  # here: the client imports this module, and distributed
    # takes a second to import, which a run without --dask need not pay

    directory = Path(get_worker().local_directory)
    with tempfile.TemporaryDirectory(prefix="opfolg-", dir=directory) as private:
        path = Path(private) / Path(shipped.task.path).name
        path.write_bytes(shipped.data)
        task = replace(
            shipped.task,
            path=str(path),
            overrides=_overrides_file(directory, shipped.task.overrides, shipped.overrides),
        )
        outcome = _runner(fn, limits, initializer).run(shipped.key, task)
    return Returned(outcome, code_identity(code_fingerprint))


def worker_report(code_fingerprint: Callable[[], str]) -> WorkerReport:
    """What the client checks of every worker before a run (``Client.run``)."""
    return WorkerReport(multiprocessing.current_process().daemon, code_identity(code_fingerprint))


def code_identity(code_fingerprint: Callable[[], str]) -> str:
    """The conversion code of this process: opfolg's fingerprint (release, schemas, families,
    shipped registry) and the versions of the libraries it depends on. Two processes with the
    same identity give the same rows for the same bytes."""
    parts = {"opfolg": code_fingerprint(), "libraries": _dependency_versions()}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


@lru_cache(maxsize=1)
def _dependency_versions() -> dict[str, str | None]:
    try:
        requires = importlib.metadata.requires("opfolg") or []
    except importlib.metadata.PackageNotFoundError:
        return {}
    versions: dict[str, str | None] = {}
    for requirement in requires:
        if "extra ==" in requirement:
            continue
        name = re.split(r"[\s;<>=!~\[]", requirement, maxsplit=1)[0]
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return versions


_threads = threading.local()


def _runner(
    fn: Callable[[Any], Any], limits: Limits, initializer: Callable[[], None] | None
) -> Isolated:
    """This thread's worker process; a new one where a run asks for other limits or code."""
    runner: Isolated | None = getattr(_threads, "runner", None)
    if runner is not None and (runner.fn, runner.limits, runner.initializer) != (
        fn,
        limits,
        initializer,
    ):
        runner.close()
        runner = None
    if runner is None:
        runner = _threads.runner = Isolated(fn, limits, initializer)
    return runner


def _overrides_file(directory: Path, named: str | None, data: bytes | None) -> str | None:
    """A path on this worker that holds ``data``, with the suffix (.csv, .json) of the client's
    file, which decides how it is read."""
    if named is None or data is None:
        return None
    digest = hashlib.sha256(data).hexdigest()[:16]
    path = directory / f"opfolg-overrides-{digest}{Path(named).suffix}"
    if not path.exists():
        staged = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        staged.write_bytes(data)
        os.replace(staged, path)
    return str(path)
