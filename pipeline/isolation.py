"""Run a function over many tasks in worker processes, each task bounded in time and memory.

One bad PDF must never stop a batch: a crash, a hang or a memory blow-up in one task ends only
that task's worker, which is replaced, and the task comes back as a failed Outcome with a line a
person can act on.

Each worker slot is a long-lived process that takes tasks one at a time. Workers are forked from
a fork server ('forkserver'): one process, started once per parent with the modules of the
function the workers run imported ("preloaded"), and single-threaded, so that forking it is safe
where forking the parent (which may have threads) is not. A worker then starts in milliseconds,
not in the second its imports took under 'spawn', and a replaced worker as fast. Each worker takes
the parent's environment, import path and working directory as they are when it starts (the
server has them as they were when it started). ``Isolated`` is one such worker for a caller that
hands out its tasks one at a time (a task on a Dask worker); it keeps its worker from task to
task and starts it with 'spawn'. A function defined in the program's main module runs under
'spawn' too (see below).

The timeout counts a task's own time: the time since it was handed out, less the time its worker
spent waiting for a processor (the kernel's run delay, /proc/<pid>/schedstat). On an idle machine
that is the wall clock; on a busy one a file gets the same time to convert as on an idle one, so a
run's outcome does not depend on what else the machine is doing. Time a task spends blocked (on a
read, in a sleep) counts.

Memory is watched from the parent: it reads the worker's resident set size from /proc every
POLL seconds and kills the worker past the limit. RLIMIT_AS in the worker is only a backstop set
well above the limit, because numpy and pdfium reserve far more address space than they touch.
A spike shorter than POLL can slip past the watch; memory of processes the task itself starts is
not counted.

Workers import what they run by module name. Only where a function they run is defined in the
program's main module do workers start with 'spawn', which imports that module again in each
worker; it must then guard its entry point with `if __name__ == "__main__":`.

A worker dies with its parent: the kernel kills it when the fork server ends, and the fork server
ends once the parent and every worker it forked have let go of the pipe that keeps it alive,
which each worker does as it starts.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from . import defaults
from .fork_server import main_module_left_out as _main_module_left_out

T = TypeVar("T")
R = TypeVar("R")

POLL = 0.05  # seconds between checks of time and memory
STARTUP_TIMEOUT = 120.0  # seconds a new worker may take to import its libraries
_PR_SET_PDEATHSIG = 1
_GB = 1024**3
_MB = 1024**2


@dataclass(frozen=True)
class Limits:
    timeout: float = defaults.TIMEOUT  # seconds of a task's own time (module docstring)
    max_memory: int = defaults.MAX_MEMORY  # bytes of resident memory per worker


@dataclass(frozen=True)
class Outcome:
    key: str
    ok: bool
    value: object | None
    error: str | None
    seconds: float  # fn's own time; for a killed task, the time the timeout counted
    peak_rss: int | None  # bytes; the worker's peak resident set while it ran this task


# The worker's end of its pipe to the parent, in a worker process (None elsewhere).
_PARENT: Connection | None = None


def allow_more_time(seconds: float) -> None:
    """Give the task running in this worker ``seconds`` more of its own time before the timeout
    (a page that takes its own, slower, route: OCR). Outside a worker it does nothing."""
    if _PARENT is not None and seconds > 0:
        try:
            _PARENT.send(("allow", float(seconds)))
        except OSError:
            pass  # the parent is gone: the worker dies with it


class WorkerStartError(RuntimeError):
    """A worker died or hung before it could take a task: the environment, not the input."""


def format_bytes(n: int) -> str:
    return f"{n / _GB:.1f} GB" if n >= _GB else f"{round(n / _MB)} MB"


def timeout_message(limits: Limits, allowance: float = 0.0) -> str:
    if allowance:
        return (
            f"timed out after {limits.timeout + allowance:g} s ({limits.timeout:g} s of "
            f"--timeout and {allowance:g} s for its pages read through OCR)"
        )
    return f"timed out after {limits.timeout:g} s (--timeout)"


def memory_message(limits: Limits) -> str:
    return f"exceeded the memory limit of {format_bytes(limits.max_memory)} (--max-memory)"


def crash_message(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"worker crashed (signal {-exitcode})"
    return f"worker crashed (exit code {exitcode})"


def exception_message(exc: BaseException) -> str:
    text = str(exc).strip()
    first = text.splitlines()[0] if text else ""
    if len(first) > 300:
        first = first[:297] + "..."
    name = type(exc).__name__
    return f"{name}: {first}" if first else name


def run_isolated(
    fn: Callable[[T], R],
    tasks: Sequence[tuple[str, T]],
    workers: int,
    limits: Limits,
    initializer: Callable[[], None] | None = None,
) -> Iterator[Outcome]:
    """Yield one Outcome per (key, task), in completion order.

    fn must be a picklable top-level function and each task and result picklable; so must
    initializer, which each worker process calls once before its first task. workers=1 still
    runs fn in a separate process. Closing the iterator (or an exception such as Ctrl-C while it
    runs) kills every worker; a parent killed outright takes its workers with it.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    pending = deque(tasks)
    ctx = worker_context(fn, initializer)
    slots: list[_Slot] = []
    try:
        for _ in range(min(workers, len(pending))):
            slots.append(_Slot.start(ctx, fn, limits, initializer))
        while True:
            for slot in slots:
                if slot.state is SlotState.IDLE and pending:
                    slot.dispatch(*pending.popleft())
            if not any(s.state is SlotState.BUSY for s in slots) and not pending:
                return
            ready = wait([obj for s in slots for obj in s.waitables()], timeout=POLL)
            finished: list[Outcome] = []
            for i, slot in enumerate(slots):
                outcome = slot.service(ready, limits)
                if outcome is not None:
                    finished.append(outcome)
                if slot.state is SlotState.DEAD:
                    if pending:
                        slots[i] = _Slot.start(ctx, fn, limits, initializer)
                    else:
                        slot.state = SlotState.RETIRED
            slots = [s for s in slots if s.state is not SlotState.RETIRED]
            # Hand out the next tasks before the caller gets the results: a worker then converts
            # while the caller writes what the last one sent.
            for slot in slots:
                if slot.state is SlotState.IDLE and pending:
                    slot.dispatch(*pending.popleft())
            yield from finished
    finally:
        for slot in slots:
            slot.kill()


class Isolated:
    """One worker process kept from task to task, for a caller that hands out one task at a time
    itself (a task on a Dask worker): the limits and Outcomes of run_isolated, and the libraries
    imported once per process rather than once per task.

    A task that fails by its limits or crashes ends the process; the next task gets a new one.
    Not for use by two threads at once: each thread keeps its own.
    """

    _starting = threading.Lock()  # _main_module_left_out swaps the main module's attributes

    def __init__(
        self,
        fn: Callable[[Any], Any],
        limits: Limits,
        initializer: Callable[[], None] | None = None,
    ) -> None:
        self.fn, self.limits, self.initializer = fn, limits, initializer
        self._slot: _Slot | None = None

    def run(self, key: str, task: Any) -> Outcome:
        """Run fn(task) in the worker process; raises WorkerStartError where none will start."""
        slot = self._idle_slot()
        slot.dispatch(key, task)
        try:
            while True:
                ready = wait(slot.waitables(), timeout=POLL)
                outcome = slot.service(ready, self.limits)
                if outcome is not None:
                    return outcome
        except BaseException:
            slot.kill()
            raise

    def close(self) -> None:
        if self._slot is not None:
            self._slot.kill()
            self._slot = None

    def _idle_slot(self) -> _Slot:
        slot = self._slot
        if slot is not None and (slot.state is SlotState.DEAD or not slot.proc.is_alive()):
            slot.kill()  # ended by its last task's limits, or from outside while it waited
            slot = None
        if slot is None:
            with self._starting:
                # Spawned, not forked from a fork server: the process is kept from task to
                # task, so its start is paid once per caller's thread, and it stays the
                # caller's own child (a Dask worker that dies takes it along at once).
                slot = _Slot.start(
                    multiprocessing.get_context("spawn"), self.fn, self.limits, self.initializer
                )
            self._slot = slot
        while slot.state is SlotState.STARTING:
            slot.service(wait(slot.waitables(), timeout=POLL), self.limits)
        return slot


def worker_context(
    fn: Callable[..., Any] | None = None, initializer: Callable[[], None] | None = None
) -> Any:
    """The multiprocessing context workers of ``fn`` start in: the fork server, with the modules
    of ``fn`` and ``initializer`` preloaded; 'spawn' where either is of the main module."""
    functions = [f for f in (fn, initializer) if f is not None]
    if any(f.__module__ == "__main__" for f in functions):
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    modules = sorted({f.__module__ for f in functions if f.__module__ != "builtins"})
    # A module may name more for the server to import (what its functions import when asked).
    modules += [
        extra
        for module in modules
        for extra in getattr(sys.modules.get(module), "FORK_SERVER_PRELOAD", ())
        if extra not in modules
    ]
    if modules:
        # Only read when the server starts: a server already running keeps what it has, and a
        # worker imports the rest itself.
        ctx.set_forkserver_preload(modules)
    return ctx


class SlotState(Enum):
    """STARTING -> IDLE <-> BUSY; any -> DEAD -> (replaced by a new slot | RETIRED)."""

    STARTING = "starting"
    IDLE = "idle"
    BUSY = "busy"
    DEAD = "dead"
    RETIRED = "retired"


class _Slot:
    """One worker process and the task it is running."""

    def __init__(self, proc: Any, conn: Connection) -> None:
        self.proc = proc
        self.conn = conn
        self.state = SlotState.STARTING
        self.started = time.monotonic()
        self.key = ""
        self.task_started = 0.0
        self.delay_at_dispatch: float | None = None
        self.peak = 0

    @classmethod
    def start(
        cls,
        ctx: Any,
        fn: Callable[[Any], Any],
        limits: Limits,
        initializer: Callable[[], None] | None = None,
    ) -> _Slot:
        parent_conn, child_conn = ctx.Pipe(duplex=True)
        backstop = max(4 * limits.max_memory, limits.max_memory + 8 * _GB)
        # What a spawned worker gets from its parent, a forked one from a server started earlier.
        setting = _Setting(dict(os.environ), list(sys.path), os.getcwd())
        proc = ctx.Process(
            target=_worker_main,
            args=(child_conn, fn, os.getpid(), limits, backstop, initializer, setting),
            name="opfolg-worker",
        )
        with _main_module_left_out(fn, initializer):
            proc.start()
        child_conn.close()
        return cls(proc, parent_conn)

    def waitables(self) -> list[Any]:
        if self.state in (SlotState.STARTING, SlotState.BUSY):
            return [self.conn, self.proc.sentinel]
        return []

    def dispatch(self, key: str, task: Any) -> None:
        self.key = key
        self.peak = 0
        self.task_started = time.monotonic()
        self.delay_at_dispatch = _run_delay(self.proc.pid)
        self.allowance = 0.0  # seconds the task was given beyond the timeout (allow_more_time)
        self.state = SlotState.BUSY
        try:
            self.conn.send((key, task))
        except OSError:
            pass  # the worker died; service() reports the crash against this task

    def service(self, ready: list[Any], limits: Limits) -> Outcome | None:
        """Take the worker's message, notice its death, or enforce the limits."""
        if self.state not in (SlotState.STARTING, SlotState.BUSY):
            return None
        if self.conn in ready or self.proc.sentinel in ready:
            try:
                if self.conn.poll():
                    return self._receive(self.conn.recv())
            except (EOFError, OSError):
                pass
            if self.proc.sentinel in ready or not self.proc.is_alive():
                self.proc.join(1.0)
                return self._fail(crash_message(self.proc.exitcode))
        if self.state is SlotState.STARTING:
            if time.monotonic() - self.started > STARTUP_TIMEOUT:
                self.kill()
                raise WorkerStartError(f"a worker did not start within {STARTUP_TIMEOUT:g} s")
            return None
        rss = _rss(self.proc.pid)
        if rss is not None:
            self.peak = max(self.peak, rss)
            if rss > limits.max_memory:
                return self._fail(memory_message(limits))
        if self._own_time() > limits.timeout + self.allowance:
            return self._fail(timeout_message(limits, self.allowance))
        return None

    def _own_time(self) -> float:
        """Seconds since dispatch, less the time the worker waited for a processor since."""
        elapsed = time.monotonic() - self.task_started
        delay = _run_delay(self.proc.pid)
        if delay is None or self.delay_at_dispatch is None:
            return elapsed
        return max(0.0, elapsed - (delay - self.delay_at_dispatch))

    def _receive(self, msg: tuple[Any, ...]) -> Outcome | None:
        if msg[0] == "ready":
            self.state = SlotState.IDLE
            return None
        if msg[0] == "allow":
            self.allowance += msg[1]
            return None
        _, ok, payload, seconds, peak = msg
        self.state = SlotState.IDLE
        peak = peak if peak is not None else (self.peak or None)
        if ok:
            return Outcome(self.key, True, payload, None, seconds, peak)
        return Outcome(self.key, False, None, payload, seconds, peak)

    def _fail(self, error: str) -> Outcome | None:
        was_busy = self.state is SlotState.BUSY
        seconds = self._own_time() if was_busy else 0.0
        self.kill()
        if not was_busy:
            raise WorkerStartError(f"a worker died before it could take a task: {error}")
        return Outcome(self.key, False, None, error, seconds, self.peak or None)

    def kill(self) -> None:
        if self.state is SlotState.DEAD:
            return
        self.state = SlotState.DEAD
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5.0)
        self.conn.close()


def _rss(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _run_delay(pid: int) -> float | None:
    """Seconds the process has spent runnable but waiting for a processor; None where the kernel
    does not say."""
    try:
        with open(f"/proc/{pid}/schedstat", "rb") as f:
            fields = f.read().split()
        return int(fields[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def _own_peak_rss() -> int | None:
    return _status_field(b"VmHWM:")


def _status_field(name: bytes) -> int | None:
    try:
        with open("/proc/self/status", "rb") as f:
            for line in f:
                if line.startswith(name):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _reset_peak_rss() -> bool:
    # Writing 5 to clear_refs resets VmHWM, so the peak reported is this task's, not the worker's
    # lifetime peak.
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


@dataclass(frozen=True)
class _Setting:
    """The parent's environment, import path and working directory when a worker starts."""

    environ: dict[str, str]
    path: list[str]
    cwd: str

    def apply(self) -> None:
        os.environ.clear()
        os.environ.update(self.environ)
        sys.path[:] = self.path
        try:
            os.chdir(self.cwd)
        except OSError:
            pass  # removed since: task paths are absolute


def _die_with_parent(parent_pid: int) -> None:
    # A parent killed by SIGKILL/SIGTERM runs no cleanup; the kernel then kills its workers: a
    # spawned worker when the parent dies, a forked one when the fork server does, which ends
    # when no process holds its "alive" pipe any more - the worker lets go of its copy here.
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    from multiprocessing import forkserver

    server = forkserver._forkserver
    if server._forkserver_alive_fd is None:  # spawned
        if os.getppid() != parent_pid:  # the parent died before prctl took effect
            os._exit(1)
        return
    try:
        os.close(server._forkserver_alive_fd)
    except OSError:
        pass
    server._forkserver_alive_fd = None
    if not _alive(parent_pid):  # the parent died before prctl took effect
        os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _worker_main(
    conn: Connection,
    fn: Callable[[Any], Any],
    parent_pid: int,
    limits: Limits,
    backstop: int,
    initializer: Callable[[], None] | None,
    setting: _Setting,
) -> None:
    _die_with_parent(parent_pid)
    setting.apply()
    # Ctrl-C reaches the whole process group; the parent decides, and kills the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > backstop:
            resource.setrlimit(resource.RLIMIT_AS, (backstop, hard))
    except (ValueError, OSError):
        pass
    global _PARENT
    _PARENT = conn
    if initializer is not None:
        initializer()
    conn.send(("ready",))
    while True:
        try:
            key, task = conn.recv()
        except (EOFError, OSError):
            return
        resettable = _reset_peak_rss()
        started = time.perf_counter()
        try:
            result: tuple[Any, ...] = (True, fn(task))
        except MemoryError:
            # Only the RLIMIT_AS backstop makes allocations fail here.
            result = (False, memory_message(limits))
        except BaseException as exc:  # SystemExit from a library is a failed task too
            result = (False, exception_message(exc))
        seconds = time.perf_counter() - started
        peak = _own_peak_rss() if resettable else None
        try:
            conn.send(("done", *result, seconds, peak))
        except Exception as exc:  # the result could not be pickled
            del result
            error = f"result could not be sent back: {exception_message(exc)}"
            conn.send(("done", False, error, seconds, peak))
