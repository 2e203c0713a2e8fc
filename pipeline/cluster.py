"""Converting on a Dask cluster (``--dask``): the workers of a Dask scheduler run the same isolated
conversion as a local run (pipeline.cluster_worker), and this process stays the one writer.

``local:N`` starts a LocalCluster of N worker processes, one thread each, on this machine; any
other address (``tcp://HOST:8786``) names a running scheduler.

The client sends each file's bytes with its task, so the workers need no path in common with it.
The bytes are read here and checked against the doc_id hashed at the start, so a file is
converted as it was hashed; a file of more than ``defaults.DASK_MAX_FILE`` bytes fails with one
line. The bytes travel in the task itself, not as data scattered to one worker: when a worker
dies, the scheduler can give the task to another. It does so up to its allowed-failures; then the
document fails with one line, and the run goes on. A scheduler lost mid-run ends the run
(ClusterError), as Ctrl-C would.

Tasks go out a few per worker thread at a time (WINDOW_PER_THREAD), largest first as the caller
ordered them, so that neither this process nor the scheduler holds more than those files' bytes.

distributed is imported only here and only for a run with --dask: it takes about a second to import.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from . import defaults
from .cluster_worker import (
    Returned,
    Shipped,
    WorkerReport,
    code_identity,
    convert_shipped,
    worker_report,
)
from .convert import ConvertTask, one_line
from .isolation import Limits, Outcome, exception_message, format_bytes

LOCAL = "local:"
WINDOW_PER_THREAD = 2  # tasks in flight per worker thread: one converting, one waiting its turn
THREADS_REFRESH = 5.0  # seconds between looks at how many worker threads the cluster has
FIRST_WORKER_TIMEOUT = 60.0  # seconds a scheduler may take to have a worker at the start


class ClusterError(Exception):
    """The Dask cluster cannot be used (unreachable, no workers, workers that cannot run this
    opfolg), or was lost mid-run. Raised before OUT is touched, except for a loss mid-run."""


def parse_address(text: str) -> str:
    """``local:N`` (N at least 1) or a scheduler address with its protocol; else ValueError."""
    if text.startswith(LOCAL):
        count = text[len(LOCAL) :]
        if not count.isdigit() or int(count) < 1:
            raise ValueError(f"not a number of workers: {text!r} (local:2, local:8)")
        return text
    protocol, _, rest = text.partition("://")
    if not protocol or not rest:
        raise ValueError(f"not a Dask scheduler address: {text!r} (tcp://HOST:8786 or local:N)")
    return text


class DaskCluster:
    """A connection to a Dask scheduler (and the LocalCluster behind it, for ``local:N``)."""

    def __init__(
        self,
        client: Any,
        address: str,
        description: str,
        code_fingerprint: Callable[[], str],
        stack: ExitStack,
    ):
        self.client = client
        self.address = address
        self.description = description  # for the summary and the log: which cluster converted
        self.code_fingerprint = code_fingerprint
        self.code = code_identity(code_fingerprint)  # what every worker's code must be
        self._stack = stack
        self._threads = 0
        self._threads_seen = -THREADS_REFRESH
        self._lost_scheduler = False

    @classmethod
    def connect(
        cls,
        address: str,
        code_fingerprint: Callable[[], str],
        retries: int = defaults.DASK_RETRIES,
    ) -> DaskCluster:
        """Connect, wait for a first worker, and check that every worker can run this opfolg.

        ``code_fingerprint`` is a picklable callable that computes, in any process, what the
        conversion code there is (pipeline.cluster_worker.code_identity); ``retries`` is the
        allowed-failures of a LocalCluster's scheduler.
        """
        address = parse_address(address)
        stack = ExitStack()
        try:
            client, description = _start(address, retries, stack)
            cluster = cls(client, address, description, code_fingerprint, stack)
            cluster._check_workers()
        except BaseException:
            stack.close()
            raise
        return cluster

    def close(self) -> None:
        if self._lost_scheduler:
            # The client would log its broken-off reconnection as a traceback; the run has
            # said what happened in one line.
            with _silenced("distributed.client"):
                self._stack.close()
        else:
            self._stack.close()

    def __enter__(self) -> DaskCluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(
        self,
        fn: Callable[[ConvertTask], Any],
        tasks: Sequence[tuple[str, ConvertTask]],
        limits: Limits,
        initializer: Callable[[], None] | None = None,
    ) -> Iterator[Outcome]:
        """Yield one Outcome per (key, task), in completion order, as run_isolated does.

        Closing the iterator cancels the tasks not yet done. Raises ClusterError when the
        scheduler is lost.
        """
        from distributed import as_completed

        pending = list(reversed(tasks))
        overrides: dict[str, bytes | None] = {}  # the run's overrides file, read once
        in_flight: dict[str, tuple[str, Any]] = {}  # Dask key -> (task key, future)
        completed = as_completed()
        try:
            while pending or in_flight:
                while pending and len(in_flight) < self._window():
                    key, task = pending.pop()
                    shipped = _ship(key, task, overrides)
                    if isinstance(shipped, Outcome):
                        yield shipped
                        continue
                    future = self.client.submit(
                        convert_shipped,
                        shipped,
                        fn,
                        limits,
                        initializer,
                        self.code_fingerprint,
                        key=f"opfolg-convert-{task.doc_id[:16]}-{uuid.uuid4().hex[:8]}",
                        pure=False,
                    )
                    in_flight[future.key] = (key, future)
                    completed.add(future)
                if in_flight:
                    future = next(completed)
                    key, _ = in_flight.pop(future.key)
                    yield self._outcome(key, future)
        finally:
            if in_flight:
                try:
                    self.client.cancel([future for _, future in in_flight.values()])
                except Exception:  # a lost scheduler has nothing left to cancel
                    pass

    def _check_workers(self) -> None:
        try:
            reports: dict[str, WorkerReport] = self.client.run(worker_report, self.code_fingerprint)
        except Exception as error:
            raise ClusterError(
                f"a Dask worker at {self.address} cannot run opfolg ({exception_message(error)}): "
                "install opfolg, the release of this client, on every worker"
            ) from error
        for worker, report in sorted(reports.items()):
            if report.daemonic:
                raise ClusterError(
                    f"Dask worker {worker} is daemonic and cannot start conversion processes: "
                    "start it with DASK_DISTRIBUTED__WORKER__DAEMON=False"
                )
            if report.code != self.code:
                raise ClusterError(
                    f"Dask worker {worker} runs other conversion code than this client (opfolg "
                    "release, registry or library versions): install the same on every worker"
                )
        threads = sum(self.client.nthreads().values())
        self.description += f", {len(reports)} worker(s), {threads} thread(s)"

    def _window(self) -> int:
        now = time.monotonic()
        if now - self._threads_seen >= THREADS_REFRESH:
            try:
                self._threads = sum(self.client.nthreads().values())
            except Exception as error:
                raise self._lost(error) from error
            self._threads_seen = now
        return max(1, WINDOW_PER_THREAD * self._threads)

    def _outcome(self, key: str, future: Any) -> Outcome:
        from distributed.comm import CommClosedError
        from distributed.scheduler import KilledWorker

        try:
            returned: Returned = future.result()
        except KilledWorker as error:
            return _failed(key, died_message(error.allowed_failures))
        except (CancelledError, CommClosedError) as error:
            raise self._lost(error) from error
        except Exception as error:  # the worker's environment, not the file: one line
            return _failed(key, f"on a Dask worker: {exception_message(error)}")
        finally:
            future.release()
        if returned.code != self.code:
            return _failed(
                key,
                "converted by a Dask worker with other conversion code than this client (opfolg "
                "release, registry or library versions): not written; install the same everywhere",
            )
        return returned.outcome

    def _lost(self, error: BaseException) -> ClusterError:
        self._lost_scheduler = True
        reason = getattr(error, "reason", None) or one_line(str(error)) or type(error).__name__
        return ClusterError(
            f"lost the Dask scheduler at {self.address} ({reason}): what was written before "
            "stays; run again"
        )


@contextmanager
def _silenced(name: str) -> Iterator[None]:
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def died_message(allowed_failures: int) -> str:
    return (
        f"the Dask worker converting this file died, {allowed_failures + 1} time(s) on as many "
        f"workers (the scheduler's allowed-failures is {allowed_failures}): not tried again"
    )


# A file's bytes travel in its task: Dask need not warn about graphs of that size.
CLIENT_SETTINGS = {
    "distributed.admin.large-graph-warning-threshold": defaults.DASK_MAX_FILE + 2**20
}


def local_cluster_settings(retries: int = defaults.DASK_RETRIES) -> dict[str, Any]:
    """The Dask settings of a LocalCluster for opfolg (``local:N``), in force while it runs."""
    return CLIENT_SETTINGS | {
        # The workers start the conversion processes.
        "distributed.worker.daemon": False,
        "distributed.scheduler.allowed-failures": retries,
        # A worker is sent only the task it runs: one that dies takes no waiting task with it
        # (a task counts a failure for every worker that died holding it), and the files not
        # yet converted wait at the scheduler for whichever worker is free first.
        "distributed.scheduler.worker-saturation": 1.0,
    }


def local_cluster(workers: int) -> Any:
    """A LocalCluster of ``workers`` processes, one thread each, on this machine; to be started
    within dask.config.set(local_cluster_settings())."""
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        scheduler_port=0,
        # The scheduler serves HTTP (health, metrics) whatever is said; on a free port, so that
        # two runs, or another cluster, never contend for Dask's 8787.
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    )


def _start(address: str, retries: int, stack: ExitStack) -> tuple[Any, str]:
    import dask
    from distributed import Client

    if address.startswith(LOCAL):
        workers = int(address[len(LOCAL) :])
        # For as long as the cluster runs: the nanny reads the settings again whenever it starts
        # a worker anew after one died.
        stack.enter_context(dask.config.set(local_cluster_settings(retries)))
        try:
            local = stack.enter_context(local_cluster(workers))
            client = stack.enter_context(Client(local))
        except Exception as error:
            raise ClusterError(
                f"cannot start a Dask LocalCluster of {workers} worker(s): "
                f"{exception_message(error)}"
            ) from error
        return client, f"Dask LocalCluster {local.scheduler_address}"
    stack.enter_context(dask.config.set(CLIENT_SETTINGS))
    try:
        # The connect timeout is Dask's own (distributed.comm.timeouts.connect, default 30 s).
        client = stack.enter_context(Client(address))
    except Exception as error:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {address}: {exception_message(error)}"
        ) from error
    try:
        client.wait_for_workers(1, timeout=FIRST_WORKER_TIMEOUT)
    except Exception as error:
        raise ClusterError(
            f"the Dask scheduler at {address} has no worker (none joined within "
            f"{FIRST_WORKER_TIMEOUT:g} s): start `dask worker {address}` somewhere"
        ) from error
    return client, f"Dask scheduler {address}"


def _ship(key: str, task: ConvertTask, overrides: dict[str, bytes | None]) -> Shipped | Outcome:
    """The file's bytes as hashed at the start, or the failed Outcome of a file that cannot go.
    ``overrides`` keeps the bytes of each overrides file named, read at its first task."""
    if task.overrides is not None and task.overrides not in overrides:
        named = Path(task.overrides)
        # Read at the start by the client's registry: a file gone since means none, as there.
        overrides[task.overrides] = named.read_bytes() if named.exists() else None
    path = Path(task.path)
    try:
        size = path.stat().st_size
        if size > defaults.DASK_MAX_FILE:
            limit = format_bytes(defaults.DASK_MAX_FILE)
            return _failed(
                key,
                f"{format_bytes(size)}, more than the {limit} a file may have to be sent to a "
                "Dask cluster: convert it without --dask",
            )
        data = path.read_bytes()
    except OSError as error:
        return _failed(key, f"cannot read the file ({error.strerror})")
    if hashlib.sha256(data).hexdigest() != task.doc_id:
        return _failed(key, "the file changed while the run was reading it: run again")
    return Shipped(key, task, data, overrides.get(task.overrides or ""))


def _failed(key: str, error: str) -> Outcome:
    return Outcome(key, False, None, error, 0.0, None)
