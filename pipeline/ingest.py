"""A run: discover inputs, skip what is unchanged, convert the rest in isolated workers, commit
each document whole, and keep the manifest, the registry tables and the review queue current."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from extractors.families import families
from extractors.pdf import DEFAULT_BACKEND
from normalise.document import NormalisedDocument
from normalise.registry import Registry
from outputs.schemas import CONTRACT_VERSION
from outputs.store import Store

from .convert import ConvertTask, convert, failed
from .discover import Input, discover, sha256_file
from .isolation import Limits, Outcome, run_isolated
from .lock import RunLock


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

    @property
    def failed(self) -> list[DocumentOutcome]:
        return [d for d in self.documents if d.status == "failed"]


def fingerprint(registry: Registry) -> str:
    """What, besides a file's bytes, decides its rows: a change re-converts every document."""
    parts = {
        "contract": CONTRACT_VERSION,
        "families": {family.NAME: family.VERSION for family in families()},
        "committees": registry.committee_rows(),
        "units": registry.unit_rows(),
        "overrides": [repr(o) for o in registry.overrides()],
    }
    data = json.dumps(parts, sort_keys=True, default=str).encode()
    return hashlib.sha256(data).hexdigest()[:16]


def _counts(document: NormalisedDocument) -> dict:
    tables = {name: len(rows) for name, rows in document.tables.items() if name != "documents"}
    smileys = Counter(
        row["smiley"] for row in document.tables.get("milestones", []) if row.get("smiley")
    )
    economy = Counter(
        row["smiley"] for row in document.tables.get("economy", []) if row.get("smiley")
    )
    return {
        "tables": {name: count for name, count in sorted(tables.items()) if count},
        "milestone_smileys": dict(sorted(smileys.items())),
        "economy_smileys": dict(sorted(economy.items())),
        "review": len(document.review),
    }


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
        registry = Registry.load(options.overrides)
        print_ = fingerprint(registry)

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
            if unchanged and not (entry["status"] == "failed" and options.password):
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

        # A file whose bytes changed at the same path replaces its old document whole.
        current_paths = {item.source_path: doc_id for doc_id, item in seen.items()}
        for doc_id, entry in list(known.items()):
            replaced = current_paths.get(entry.get("source_path")) not in (None, doc_id)
            gone = options.prune and doc_id not in seen
            if (replaced or gone) and doc_id not in seen:
                store.remove(doc_id)
                known.pop(doc_id)
                summary.removed.append(doc_id)

        tasks = dict(todo)
        limits = Limits(timeout=options.timeout, max_memory=options.max_memory)
        done = 0
        for outcome in run_isolated(convert, todo, options.workers, limits):
            done += 1
            task = tasks[outcome.key]
            document = _document(outcome, task)
            store.commit(task.doc_id, document.municipality, document.tables, document.review)
            row = document.tables["documents"][0]
            known[task.doc_id] = {
                "source_path": task.source_path,
                "file_name": task.file_name,
                "municipality": document.municipality,
                "doc_type": row["doc_type"],
                "pages": row["pages"],
                "status": row["status"],
                "error": row["error"],
                "fingerprint": print_,
                "counts": _counts(document),
            }
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
            _save_manifest(store, known, manifest, started)
            if progress:
                progress(done, len(todo), task.source_path)

        if summary.removed or recovered:
            _save_manifest(store, known, manifest, started)
        store.write_registry(registry.committee_rows(), registry.unit_rows())
        store.write_review_queue()
        summary.manifest = store.read_manifest()
    summary.documents.sort(key=lambda d: d.source_path)
    return summary


def _document(outcome: Outcome, task: ConvertTask) -> NormalisedDocument:
    if outcome.ok and isinstance(outcome.value, NormalisedDocument):
        return outcome.value
    return failed(task, outcome.error or "conversion failed for an unknown reason")


def _save_manifest(store: Store, known: dict, previous: dict, started: datetime) -> None:
    manifest = {
        "contract_version": CONTRACT_VERSION,
        "updated_at": started.isoformat(),
        "documents": dict(sorted(known.items())),
    }
    store.write_manifest(manifest)
    previous.clear()
    previous.update(manifest)
