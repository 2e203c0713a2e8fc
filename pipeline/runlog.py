"""OUT/logs/<run start>.log: what a run changed, one tab-separated line per document converted
(status, seconds, peak memory, source path, error), removed, recovered or copied, between a header
and a closing line.

Written as the run goes, so a killed run leaves its log up to the kill. The file is made at the
first line that changes the datasets: a run that changes nothing writes no log, and re-running on
unchanged input leaves OUT byte-identical. Lines that change nothing (a document that failed again
as it failed before) wait for such a line, and are dropped if none comes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

LOG_DIR = "logs"


@dataclass(frozen=True, slots=True)
class LogTotals:
    ok: int
    partial: int
    failed: int
    unchanged: int
    removed: int


@dataclass(slots=True)
class RunLog:
    out: Path
    started: datetime
    header: str
    path: Path | None = None  # set when the first line that changes something is written
    _waiting: list[str] = field(default_factory=list)
    _clock: float = field(default_factory=time.monotonic)

    def document(
        self,
        status: str,
        seconds: float,
        peak: str,
        source_path: str,
        error: str | None,
        changed: bool = True,
    ) -> None:
        fields = [status, f"{seconds:.2f} s", peak, source_path, error or ""]
        self._line("\t".join(fields), changed)

    def line(self, status: str, subject: str, note: str = "", changed: bool = True) -> None:
        self._line("\t".join([status, "-", "-", subject, note]), changed)

    def finish(self, totals: LogTotals) -> None:
        if self.path is None:
            return
        self._write(
            f"# finished in {time.monotonic() - self._clock:.1f} s: "
            f"{totals.ok} ok, {totals.partial} partial, {totals.failed} failed, "
            f"{totals.unchanged} unchanged, {totals.removed} removed"
        )

    def _line(self, text: str, changed: bool) -> None:
        if self.path is None and not changed:
            self._waiting.append(text)
            return
        if self.path is None:
            self.path = self._create()
            self._write(self.header)
            for waiting in self._waiting:
                self._write(waiting)
            self._waiting.clear()
        self._write(text)

    def _create(self) -> Path:
        folder = self.out / LOG_DIR
        folder.mkdir(parents=True, exist_ok=True)
        stem = self.started.strftime("%Y-%m-%dT%H-%M-%SZ")
        path, n = folder / f"{stem}.log", 1
        while path.exists():  # two runs started within the same second
            n += 1
            path = folder / f"{stem}-{n}.log"
        return path

    def _write(self, text: str) -> None:
        assert self.path is not None
        # A file name whose bytes are not UTF-8 is written as its escapes: the log stays readable.
        with open(self.path, "a", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(text.replace("\n", " ") + "\n")
