"""A run: discover inputs, skip what is unchanged, convert the rest in isolated workers, commit
each document whole, and keep the manifest, the registry tables and the review queue current."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from extractors.families import families
from extractors.pdf import BACKENDS, DEFAULT_BACKEND
from normalise.registry import Registry
from outputs.schemas import CONTRACT_VERSION
from outputs.store import Store

from .convert import ConvertedDocument, ConvertTask, convert, encoded, failed, prepare_worker
from .discover import Input, discover, sha256_file
from .isolation import Limits, Outcome, format_bytes, run_isolated
from .lock import RunLock

# The manifest is rewritten at most this often during a run (and once at its end): it lists every
# document, so writing it after each one would cost a long archive quadratic time.
MANIFEST_INTERVAL = 2.0


@dataclass(frozen=True, slots=True)
class Options:
    backend: str = DEFAULT_BACKEND
    workers: int = max(1, os.cpu_count() or 1)
    timeout: float = 120.0
    max_memory: int = 2 * 1024**3
    max_pages: int = 1000
    password: str | None = None
    overrides: Path | None = None
    prune: bool = False
    wait: bool = False


@dataclass(slots=True)
class DocumentOutcome:
    doc_id: str
    source_path: str
    status: str
    error: str | None
    skipped: bool
    seconds: float = 0.0
    peak_rss: int | None = None


@dataclass(slots=True)
class RunSummary:
    out: Path
    documents: list[DocumentOutcome] = field(default_factory=list)
    usage_errors: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)
    log: Path | None = None  # OUT/logs/<run start>.log, when the run changed anything

    @property
    def failed(self) -> list[DocumentOutcome]:
        return [d for d in self.documents if d.status == "failed"]


def _version() -> str:
    """The installed release: a new release may read the same bytes differently."""
    try:
        return importlib.metadata.version("opfolg")
    except importlib.metadata.PackageNotFoundError:
        return "source"


def fingerprint(registry: Registry, backend: str = DEFAULT_BACKEND) -> str:
    """What, besides a file's bytes, decides its rows: a change re-converts every document."""
    parts = {
        "opfolg": _version(),
        "contract": CONTRACT_VERSION,
        "backend": backend,
        "families": {family.NAME: family.VERSION for family in families()},
        "committees": registry.committee_rows(),
        "units": registry.unit_rows(),
        "overrides": [repr(o) for o in registry.overrides()],
    }
    data = json.dumps(parts, sort_keys=True, default=str).encode()
    return hashlib.sha256(data).hexdigest()[:16]


def ingest(
    arguments: list[str],
    out: Path,
    options: Options = Options(),
    progress: Callable[[int, int, str], None] | None = None,
) -> RunSummary:
    """Convert every PDF named or found below the folders named into the datasets under ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    summary = RunSummary(out)
    with RunLock(out, wait=options.wait):
        store = Store(out)
        recovered = store.recover()
        manifest = store.read_manifest()
        known: dict[str, dict] = manifest.get("documents", {})
        for doc_id in recovered:
            known.pop(doc_id, None)
        # Documents committed after the last manifest write of a run that was killed: their rows
        # are whole, but nothing vouches for them; they are converted again like new ones.
        for doc_id in sorted(store.committed() - set(known)):
            store.remove(doc_id)
            recovered.append(doc_id)
        registry = Registry.load(options.overrides)
        print_ = fingerprint(registry, options.backend)

        inputs, summary.usage_errors = discover(arguments)
        started = datetime.now(UTC).replace(microsecond=0)
        todo: list[tuple[str, ConvertTask]] = []
        seen: dict[str, Input] = {}
        for item in inputs:
            try:
                doc_id = sha256_file(item.path)
            except OSError as error:
                summary.usage_errors.append(f"{item.source_path}: cannot read ({error.strerror})")
                continue
            if doc_id in seen:
                continue
            seen[doc_id] = item
            entry = known.get(doc_id)
            unchanged = entry is not None and entry.get("fingerprint") == print_
            if unchanged and not _worth_retrying(entry, options):
                summary.documents.append(
                    DocumentOutcome(
                        doc_id, item.source_path, entry["status"], entry.get("error"), True
                    )
                )
                continue
            task = ConvertTask(
                path=str(item.path),
                source_path=item.source_path,
                file_name=item.file_name,
                doc_id=doc_id,
                ingested_at=started,
                backend=options.backend,
                password=options.password,
                max_pages=options.max_pages,
                overrides=str(options.overrides) if options.overrides else None,
            )
            todo.append((doc_id, task))
        # Largest files first: small ones then fill the workers' last gaps, and a run does not
        # end waiting on one big file that happened to start last.
        todo.sort(key=lambda entry: -_file_size(entry[1].path))

        # A file whose bytes changed at the same path replaces its old document whole.
        current_paths = {item.source_path: doc_id for doc_id, item in seen.items()}
        removed_from: dict[str, str] = {}
        for doc_id, entry in list(known.items()):
            replaced = current_paths.get(entry.get("source_path")) not in (None, doc_id)
            gone = options.prune and doc_id not in seen
            if (replaced or gone) and doc_id not in seen:
                store.remove(doc_id)
                removed_from[doc_id] = known.pop(doc_id).get("source_path") or doc_id
                summary.removed.append(doc_id)

        log = None
        if todo or summary.removed or recovered:
            log = RunLog.create(out, started, options, len(todo), len(summary.documents))
            summary.log = log.path
            for doc_id in recovered:
                log.line("recovered", doc_id, "an interrupted commit was undone")
            for doc_id, source_path in removed_from.items():
                log.line("removed", source_path, f"doc_id {doc_id}")

        tasks = dict(todo)
        limits = Limits(timeout=options.timeout, max_memory=options.max_memory)
        done, saved = 0, 0.0
        for outcome in run_isolated(convert, todo, options.workers, limits, prepare_worker):
            done += 1
            task = tasks[outcome.key]
            document = _document(outcome, task)
            store.commit(task.doc_id, document.municipality, document.files)
            row = document.document
            known[task.doc_id] = {
                "source_path": task.source_path,
                "file_name": task.file_name,
                "municipality": document.municipality,
                "doc_type": row["doc_type"],
                "pages": row["pages"],
                "status": row["status"],
                "error": row["error"],
                "fingerprint": print_,
                "counts": document.counts,
            }
            if row["status"] == "failed":
                known[task.doc_id]["limits"] = _limits(options)
            summary.documents.append(
                DocumentOutcome(
                    task.doc_id,
                    task.source_path,
                    row["status"],
                    row["error"],
                    False,
                    outcome.seconds,
                    outcome.peak_rss,
                )
            )
            if time.monotonic() - saved >= MANIFEST_INTERVAL:
                _save_manifest(store, known, manifest, started)
                saved = time.monotonic()
            if log:
                log.document(summary.documents[-1])
            if progress:
                progress(done, len(todo), task.source_path)

        if todo or summary.removed or recovered:
            _save_manifest(store, known, manifest, started)
        store.write_registry(registry.committee_rows(), registry.unit_rows())
        store.write_review_queue()
        summary.manifest = store.read_manifest()
        if log:
            log.finish(summary)
    summary.documents.sort(key=lambda d: d.source_path)
    return summary


def _file_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _limits(options: Options) -> dict:
    return {
        "timeout": options.timeout,
        "max_memory": options.max_memory,
        "max_pages": options.max_pages,
    }


def _worth_retrying(entry: dict, options: Options) -> bool:
    """A failed document is tried again when this run could end otherwise: a password is given,
    or a limit it failed under is raised."""
    if entry.get("status") != "failed":
        return False
    if options.password:
        return True
    before = entry.get("limits") or {}
    return any(value > before.get(name, value) for name, value in _limits(options).items())


def _document(outcome: Outcome, task: ConvertTask) -> ConvertedDocument:
    if outcome.ok and isinstance(outcome.value, ConvertedDocument):
        return outcome.value
    error = outcome.error or "conversion failed for an unknown reason"
    if error.startswith("worker crashed"):
        # The PDF library died on this file: the other backend may read it.
        other = next((b for b in BACKENDS if b != task.backend), None)
        error += " while reading this file" + (f"; try --backend {other}" if other else "")
    return encoded(failed(task, error))


def _save_manifest(store: Store, known: dict, previous: dict, started: datetime) -> None:
    manifest = {
        "contract_version": CONTRACT_VERSION,
        "updated_at": started.isoformat(),
        "documents": dict(sorted(known.items())),
    }
    store.write_manifest(manifest)
    previous.clear()
    previous.update(manifest)


LOG_DIR = "logs"


class RunLog:
    """OUT/logs/<run start>.log: one tab-separated line per document converted (status, seconds,
    peak memory, source path, error) or removed, between a header and a closing line.

    Written as the run goes, so a killed run leaves its log up to the kill. A run that changes
    nothing writes no log: re-running on unchanged input leaves OUT byte-identical.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._started = time.monotonic()

    @classmethod
    def create(
        cls, out: Path, started: datetime, options: Options, todo: int, unchanged: int
    ) -> RunLog:
        folder = out / LOG_DIR
        folder.mkdir(parents=True, exist_ok=True)
        stem = started.strftime("%Y-%m-%dT%H-%M-%SZ")
        path, n = folder / f"{stem}.log", 1
        while path.exists():  # two runs started within the same second
            n += 1
            path = folder / f"{stem}-{n}.log"
        log = cls(path)
        log._write(
            f"# opfolg ingest started {started.isoformat()}: {todo} to convert, "
            f"{unchanged} unchanged; backend {options.backend}, workers {options.workers}, "
            f"timeout {options.timeout:g} s, max memory {format_bytes(options.max_memory)}, "
            f"max pages {options.max_pages}"
        )
        return log

    def document(self, outcome: DocumentOutcome) -> None:
        peak = format_bytes(outcome.peak_rss) if outcome.peak_rss else "-"
        self._write(
            "\t".join(
                [
                    outcome.status,
                    f"{outcome.seconds:.2f} s",
                    peak,
                    outcome.source_path,
                    outcome.error or "",
                ]
            )
        )

    def line(self, status: str, subject: str, note: str = "") -> None:
        self._write("\t".join([status, "-", "-", subject, note]))

    def finish(self, summary: RunSummary) -> None:
        converted = Counter(d.status for d in summary.documents if not d.skipped)
        unchanged = sum(d.skipped for d in summary.documents)
        self._write(
            f"# finished in {time.monotonic() - self._started:.1f} s: "
            f"{converted['ok']} ok, {converted['partial']} partial, {converted['failed']} failed, "
            f"{unchanged} unchanged, {len(summary.removed)} removed"
        )

    def _write(self, text: str) -> None:
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(text.replace("\n", " ") + "\n")
