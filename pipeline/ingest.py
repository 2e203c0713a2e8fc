"""A run: discover inputs, check the output directory, plan (``pipeline.plan``), then carry the plan
out: remove, convert in isolated workers, commit each document whole, and keep the manifest, the
registry tables and the review queue current.

Nothing is written before the input is known to be there: a named path that is missing or cannot
be read, or a --prune over an input that looks absent, stops the run before OUT is touched.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import time
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache, partial
from pathlib import Path

from extractors.families import families
from extractors.pdf import BACKENDS
from normalise.registry import Registry
from outputs.schemas import CONTRACT_VERSION, DOCUMENT_TABLES
from outputs.store import Store

from . import defaults
from .cluster import DaskCluster
from .convert import ConvertedDocument, ConvertTask, convert, encoded, failed, prepare_worker
from .discover import Discovery, discover, sha256_file
from .isolation import Limits, Outcome, format_bytes, run_isolated
from .lock import RunLock
from .manifest import Manifest, ManifestEntry
from .plan import Action, Found, Plan, PlanItem, make_plan
from .runlog import LogTotals, RunLog

# The manifest is rewritten at most this often during a run (and once at its end): it lists every
# document, so writing it after each one would cost a long archive quadratic time.
MANIFEST_INTERVAL = 2.0


@dataclass(frozen=True, slots=True)
class Options:
    backend: str = defaults.BACKEND
    ocr: str = defaults.OCR
    workers: int = defaults.WORKERS
    timeout: float = defaults.TIMEOUT
    max_memory: int = defaults.MAX_MEMORY
    max_pages: int = defaults.MAX_PAGES
    password: str | None = None
    overrides: Path | None = None
    prune: bool = False
    wait: bool = False
    force: bool = False
    dask: str | None = None  # a Dask scheduler's address, or local:N (pipeline.cluster)


class InputError(Exception):
    """The run cannot start: a named input path is missing or unreadable, the overrides cannot
    be read, or --prune would act on an input that looks absent. OUT was not touched."""

    def __init__(self, lines: list[str]):
        super().__init__("; ".join(lines))
        self.lines = lines


class OutputError(Exception):
    """OUT cannot be written (read-only, full, ...). What was committed before stays whole."""

    def __init__(self, message: str, summary: RunSummary):
        super().__init__(message)
        self.summary = summary


@dataclass(slots=True)
class DocumentOutcome:
    doc_id: str
    source_path: str
    status: str
    error: str | None
    skipped: bool
    seconds: float = 0.0
    peak_rss: int | None = None
    action: str = Action.SKIP.value
    reason: str = ""
    copies: tuple[str, ...] = ()
    changed: bool = True  # False for a skip, or a retry that ended as before (nothing written)


@dataclass(frozen=True, slots=True)
class Removal:
    doc_id: str
    source_path: str
    reason: str


@dataclass(slots=True)
class RunSummary:
    out: Path
    documents: list[DocumentOutcome] = field(default_factory=list)
    usage_errors: list[str] = field(default_factory=list)  # files below a named folder unread
    removals: list[Removal] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)  # found at the start, one line each
    unrepaired: list[str] = field(default_factory=list)  # damaged, and not in this run's input
    manifest: dict = field(default_factory=dict)
    log: Path | None = None  # OUT/logs/<run start>.log, when the run changed anything
    plan: Plan | None = None
    cluster: str | None = None  # the Dask cluster that converted, with --dask

    @property
    def failed(self) -> list[DocumentOutcome]:
        return [d for d in self.documents if d.status == "failed"]

    @property
    def removed(self) -> list[str]:
        return [removal.doc_id for removal in self.removals]


def release() -> str:
    """The installed release: a new release may read the same bytes differently."""
    try:
        return importlib.metadata.version("opfolg")
    except importlib.metadata.PackageNotFoundError:
        return "source"


def fingerprint(
    registry: Registry, backend: str = defaults.BACKEND, ocr: str = defaults.OCR
) -> str:
    """What, besides a file's bytes, decides its rows: a change re-converts every document."""
    parts = {
        "opfolg": release(),
        "contract": CONTRACT_VERSION,
        # A column added within a contract version: every document's files get it.
        "schemas": {table: str(schema) for table, schema in DOCUMENT_TABLES.items()},
        "backend": backend,
        "ocr": ocr,
        "families": {family.NAME: family.VERSION for family in families()},
        "committees": registry.committee_rows(),
        "units": registry.unit_rows(),
        "overrides": [repr(o) for o in registry.overrides()],
    }
    data = json.dumps(parts, sort_keys=True, default=str).encode()
    return hashlib.sha256(data).hexdigest()[:16]


@lru_cache(maxsize=4)
def code_fingerprint(backend: str, ocr: str = defaults.OCR) -> str:
    """The fingerprint without local overrides: what a Dask worker must share with the client."""
    return fingerprint(Registry.load(None), backend, ocr)


# ------------------------------------------------------------ before anything is written


@dataclass(slots=True)
class _Prepared:
    discovery: Discovery
    found: list[Found]
    unreadable: list[str]
    registry: Registry
    fingerprint: str


def _prepare(arguments: list[str], options: Options) -> _Prepared:
    """Discover and hash the input, load the registry; InputError where the run must not start."""
    discovery = discover(arguments)
    if discovery.named_problems:
        raise InputError(discovery.named_problems)
    found: list[Found] = []
    unreadable = list(discovery.unreadable)
    for item in discovery.inputs:
        try:
            found.append(Found(item, sha256_file(item.path)))
        except OSError as error:
            unreadable.append(f"{item.source_path}: cannot read ({error.strerror})")
    if options.prune:
        refusals = [f"{path}: holds no PDF files" for path in discovery.empty]
        refusals += unreadable
        if refusals:
            raise InputError(
                [f"refusing --prune: {line}" for line in refusals]
                + ["an input that is not all there would remove documents that are; nothing done"]
            )
    try:
        registry = Registry.load(options.overrides)
    except (OSError, ValueError) as error:
        raise InputError([f"cannot use the overrides file {options.overrides}: {error}"]) from error
    return _Prepared(
        discovery, found, unreadable, registry, fingerprint(registry, options.backend, options.ocr)
    )


# ------------------------------------------------------------ the state of OUT


@dataclass(slots=True)
class _Survey:
    manifest: Manifest
    undone: dict[str, str]  # rows taken out (or to be taken out): why
    damaged: dict[str, str]  # vouched documents whose files are missing or damaged: why


def _survey(store: Store, apply: bool) -> _Survey:
    """What OUT holds and what vouches for it. With ``apply``, broken-off commits are undone and
    rows no manifest vouches for are taken out; without, they are only reported."""
    manifest = Manifest.decode(store.read_manifest(), CONTRACT_VERSION)
    undone: dict[str, str] = {}
    interrupted = store.recover() if apply else store.interrupted()
    for doc_id in interrupted:
        manifest.documents.pop(doc_id, None)
        undone[doc_id] = "its last commit was broken off"
    # Committed after the last manifest write of a run that was killed: whole, but not vouched for.
    for doc_id in sorted(store.committed() - set(manifest.documents) - set(undone)):
        if apply:
            store.remove(doc_id)
        undone[doc_id] = "its rows were written after the last manifest of a killed run"
    damaged: dict[str, str] = {}
    for doc_id, entry in list(manifest.documents.items()):
        if not entry.files:  # recorded before files were stamped: vouch for what is there
            stamps = store.stamps(doc_id)
            manifest.documents[doc_id] = entry = replace(entry, files=stamps)
            if not any(name.startswith("documents/") for name in stamps):
                damaged[doc_id] = "its documents file is missing"
                continue
        problems = store.check(entry.files)
        if problems:
            damaged[doc_id] = "; ".join(problems)
    return _Survey(manifest, undone, damaged)


def plan_ingest(arguments: list[str], out: Path, options: Options = Options()) -> RunSummary:
    """What ``ingest`` would do, and nothing written: the plan, the damage found, the input that
    cannot be read. Raises InputError where ``ingest`` would not start."""
    out = Path(out)
    prepared = _prepare(arguments, options)
    summary = RunSummary(out, usage_errors=prepared.unreadable)
    store = Store(out)
    survey = (
        _survey(store, apply=False) if out.is_dir() else _Survey(Manifest(CONTRACT_VERSION), {}, {})
    )
    summary.plan = _plan(prepared, survey, options)
    summary.damaged = _damage_lines(survey)
    summary.unrepaired = [f"doc_id {d}: {why}" for d, why in summary.plan.unrepaired]
    return summary


def _plan(prepared: _Prepared, survey: _Survey, options: Options) -> Plan:
    return make_plan(
        prepared.found,
        survey.manifest,
        prepared.fingerprint,
        prepared.discovery.scope,
        damaged=survey.damaged,
        undone=survey.undone,
        prune=options.prune,
        force=options.force,
    )


def _damage_lines(survey: _Survey) -> list[str]:
    lines = [f"doc_id {doc_id}: {why}" for doc_id, why in sorted(survey.undone.items())]
    return lines + [f"doc_id {doc_id}: {why}" for doc_id, why in sorted(survey.damaged.items())]


# ------------------------------------------------------------ the run


def ingest(
    arguments: list[str],
    out: Path,
    options: Options = Options(),
    progress: Callable[[int, int, str], None] | None = None,
) -> RunSummary:
    """Convert every PDF named or found below the folders named into the datasets under ``out``.

    Raises InputError before anything is written when the input is not there, OutputError when
    OUT cannot be written (the summary so far attached), LockedError when another run holds OUT.
    """
    out = Path(out)
    prepared = _prepare(arguments, options)
    summary = RunSummary(out, usage_errors=prepared.unreadable)
    # ClusterError before OUT is touched: a cluster that is not there costs no data.
    cluster = _connect(options) if options.dask else None
    summary.cluster = cluster.description if cluster else None
    try:
        out.mkdir(parents=True, exist_ok=True)
        with RunLock(out, wait=options.wait):
            _run(Store(out), prepared, options, summary, progress, cluster)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        summary.documents.sort(key=lambda d: d.source_path)
        raise OutputError(f"cannot write to {out}: {reason}", summary) from error
    finally:
        if cluster is not None:
            cluster.close()
    summary.documents.sort(key=lambda d: d.source_path)
    return summary


def _run(
    store: Store,
    prepared: _Prepared,
    options: Options,
    summary: RunSummary,
    progress: Callable[[int, int, str], None] | None,
    cluster: DaskCluster | None = None,
) -> None:
    survey = _survey(store, apply=True)
    manifest = survey.manifest
    try:
        _carry_out(store, prepared, options, summary, progress, survey, cluster)
    finally:  # also when OUT fills up half-way: the summary tells what the datasets hold
        summary.manifest = manifest.to_json()


def _carry_out(
    store: Store,
    prepared: _Prepared,
    options: Options,
    summary: RunSummary,
    progress: Callable[[int, int, str], None] | None,
    survey: _Survey,
    cluster: DaskCluster | None = None,
) -> None:
    manifest = survey.manifest
    before = Manifest.decode(store.read_manifest(), CONTRACT_VERSION)
    plan = summary.plan = _plan(prepared, survey, options)
    summary.damaged = _damage_lines(survey)
    summary.unrepaired = [f"doc_id {d}: {why}" for d, why in plan.unrepaired]
    started = datetime.now(UTC).replace(microsecond=0)
    conversions = plan.conversions
    log = RunLog(store.root, started, _log_header(started, options, plan, cluster))

    for doc_id, why in sorted(survey.undone.items()):
        log.line("recovered", doc_id, why)
    unrepaired = {doc_id for doc_id, _ in plan.unrepaired}
    for doc_id, why in sorted(survey.damaged.items()):
        log.line("damaged", doc_id, why, changed=doc_id not in unrepaired)
    for gone, reason in _removals(plan):
        entry = manifest.documents.pop(gone)
        store.remove(gone)
        summary.removals.append(Removal(gone, entry.source_path, reason))
        log.line("removed", entry.source_path, f"doc_id {gone}: {reason}")
    for doc_id, paths in plan.paths.items():
        if doc_id in manifest.documents:
            manifest.documents[doc_id] = manifest.documents[doc_id].with_paths(paths)
    for item in plan.of(Action.SKIP):
        entry = manifest.documents[item.doc_id]
        summary.documents.append(
            DocumentOutcome(
                item.doc_id,
                item.source_path,
                entry.status,
                entry.error,
                True,
                action=item.action.value,
                reason=item.reason,
                copies=item.copies,
                changed=False,
            )
        )

    # Largest files first: small ones then fill the workers' last gaps, and a run does not end
    # waiting on one big file that happened to start last.
    conversions.sort(key=lambda item: -_file_size(item.input.path))
    tasks = {item.doc_id: (item, _task(item, started, options)) for item in conversions}
    limits = Limits(timeout=options.timeout, max_memory=options.max_memory)
    saved = 0.0  # the first document is vouched for at once
    work = [(doc_id, task) for doc_id, (_, task) in tasks.items()]
    if cluster is not None:
        outcomes = cluster.run(convert, work, limits, prepare_worker)
    else:
        outcomes = run_isolated(convert, work, options.workers, limits, prepare_worker)
    with closing(outcomes):
        for done, outcome in enumerate(outcomes, start=1):
            item, task = tasks[outcome.key]
            document = _document(outcome, task)
            row = document.document
            previous = manifest.documents.get(item.doc_id)
            changed = not _failed_as_before(item, row, previous, survey)
            if changed:
                stamps = store.commit(item.doc_id, document.municipality, document.files)
                manifest.documents[item.doc_id] = ManifestEntry(
                    source_path=row["source_path"],
                    paths=plan.paths[item.doc_id],
                    file_name=row["file_name"],
                    municipality=document.municipality,
                    doc_type=row["doc_type"],
                    pages=row["pages"],
                    status=row["status"],
                    error=row["error"],
                    fingerprint=prepared.fingerprint,
                    counts=document.counts,
                    files=stamps,
                )
            result = DocumentOutcome(
                item.doc_id,
                item.source_path,
                row["status"],
                row["error"],
                False,
                outcome.seconds,
                outcome.peak_rss,
                action=item.action.value,
                reason=item.reason,
                copies=item.copies,
                changed=changed,
            )
            summary.documents.append(result)
            peak = format_bytes(result.peak_rss) if result.peak_rss else "-"
            log.document(
                result.status, result.seconds, peak, result.source_path, result.error, changed
            )
            for copy in item.copies:
                log.line("copy", copy, f"same bytes as {item.source_path}", changed)
            if changed and time.monotonic() - saved >= MANIFEST_INTERVAL:
                _save_manifest(store, manifest, started)
                saved = time.monotonic()
            if progress:
                progress(done, len(conversions), item.source_path)

    manifest.files = store.write_registry(
        prepared.registry.committee_rows(), prepared.registry.unit_rows()
    )
    manifest.files |= store.write_review_queue()
    if not manifest.same_content(before):
        _save_manifest(store, manifest, started)
    converted = Counter(d.status for d in summary.documents if d.changed)
    log.finish(
        LogTotals(
            converted["ok"],
            converted["partial"],
            converted["failed"],
            sum(not d.changed for d in summary.documents),
            len(summary.removals),
        )
    )
    summary.log = log.path


def _removals(plan: Plan) -> list[tuple[str, str]]:
    """(doc id, why) of every document the plan takes out of the datasets."""
    gone = [(item.doc_id, item.reason) for item in plan.of(Action.REMOVE)]
    for item in plan.items:
        gone += [(old, f"replaced by new bytes at {item.source_path}") for old in item.replaces]
    return gone


def _failed_as_before(
    item: PlanItem, row: dict, previous: ManifestEntry | None, survey: _Survey
) -> bool:
    """A document that failed again with the same error, its files intact: nothing to write, so
    that a run over unchanged input leaves OUT as it was."""
    return (
        previous is not None
        and item.doc_id not in survey.damaged
        and item.doc_id not in survey.undone
        and previous.status == "failed"
        and row["status"] == "failed"
        and previous.error == row["error"]
    )


def _task(item: PlanItem, started: datetime, options: Options) -> ConvertTask:
    assert item.input is not None
    return ConvertTask(
        path=str(item.input.path),
        source_path=item.input.source_path,
        file_name=item.input.file_name,
        doc_id=item.doc_id,
        ingested_at=started,
        backend=options.backend,
        ocr=options.ocr,
        password=options.password,
        max_pages=options.max_pages,
        overrides=str(options.overrides) if options.overrides else None,
    )


def _connect(options: Options) -> DaskCluster:
    assert options.dask is not None
    return DaskCluster.connect(
        options.dask, partial(code_fingerprint, options.backend, options.ocr)
    )


def _log_header(
    started: datetime, options: Options, plan: Plan, cluster: DaskCluster | None = None
) -> str:
    workers = cluster.description if cluster else f"workers {options.workers}"
    return (
        f"# opfolg ingest started {started.isoformat()}: {len(plan.conversions)} to convert, "
        f"{len(plan.of(Action.SKIP))} unchanged; backend {options.backend}, "
        f"{workers}, timeout {options.timeout:g} s, "
        f"max memory {format_bytes(options.max_memory)}, max pages {options.max_pages}"
    )


def _file_size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _document(outcome: Outcome, task: ConvertTask) -> ConvertedDocument:
    if outcome.ok and isinstance(outcome.value, ConvertedDocument):
        return outcome.value
    error = outcome.error or "conversion failed for an unknown reason"
    if error.startswith("worker crashed"):
        # The PDF library died on this file: the other backend may read it.
        other = next((b for b in BACKENDS if b != task.backend), None)
        error += " while reading this file" + (f"; try --backend {other}" if other else "")
    return encoded(failed(task, error))


def _save_manifest(store: Store, manifest: Manifest, started: datetime) -> None:
    manifest.contract_version = CONTRACT_VERSION
    manifest.updated_at = started.isoformat()
    store.write_manifest(manifest.encode())
