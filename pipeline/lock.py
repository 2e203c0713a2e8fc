"""One run at a time per output directory.

The lock is an flock on OUT/.lock. The kernel releases it when the holding process dies, however it
dies, so a killed run never leaves a stale lock behind; the file itself stays, and only says which
pid held it last.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from types import TracebackType

LOCK_NAME = ".lock"


class LockedError(RuntimeError):
    """Another run holds the lock on the output directory."""


class RunLock:
    """Context manager holding OUT/.lock for the duration of a run.

    wait=False fails at once with LockedError; wait=True polls every `poll` seconds until the other
    run ends.
    """

    def __init__(self, out_dir: Path, wait: bool = False, poll: float = 0.2) -> None:
        self.out_dir = Path(out_dir)
        self.path = self.out_dir / LOCK_NAME
        self.wait = wait
        self.poll = poll
        self._fd: int | None = None

    def acquire(self) -> None:
        if self._fd is not None:
            raise RuntimeError(f"{self.path} is already held by this RunLock")
        self.out_dir.mkdir(parents=True, exist_ok=True)
        # O_CLOEXEC (Python's default) keeps worker processes from inheriting the lock.
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if not self.wait:
                        raise LockedError(self._held_message(fd)) from None
                    time.sleep(self.poll)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
        finally:
            os.close(fd)  # closing the descriptor releases the flock

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def _held_message(self, fd: int) -> str:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        who = f"pid {holder}" if holder.isdigit() else "pid unknown"
        return f"another opfolg run holds {self.path} ({who}); use --wait to wait for it"
