"""The run summary a person reads, built from the manifest and the run's outcomes."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from extractors.families import declared_tables
from extractors.tables import Tally

from .schemas import PARTITION_KEY


@dataclass(frozen=True, slots=True)
class Line:
    source_path: str
    status: str
    error: str | None
    skipped: bool
    copies: tuple[str, ...] = ()  # other inputs with the same bytes
    changed: bool = True  # False for a retry that ended as before: nothing was written


def _tallies() -> list[Tally]:
    return [tally for table in declared_tables() for tally in table.tallies]


def totals(manifest: dict) -> dict:
    """Counts over every document the datasets hold: rows per table and each declared tally
    (smileys by colour, every colour shown)."""
    documents = manifest.get("documents", {})
    tables: Counter = Counter()
    tallied: dict[str, Counter] = {tally.key: Counter() for tally in _tallies()}
    statuses: Counter = Counter()
    doc_types: Counter = Counter()
    for entry in documents.values():
        counts = entry.get("counts", {})
        tables.update(counts.get("tables", {}))
        for key, counter in tallied.items():
            counter.update(counts.get(key, {}))
        statuses[entry.get("status", "?")] += 1
        doc_types[entry.get("doc_type", "?")] += 1
    result = {
        "documents": len(documents),
        "by_status": dict(sorted(statuses.items())),
        "by_doc_type": dict(sorted(doc_types.items())),
        "tables": dict(sorted(tables.items())),
    }
    for tally in _tallies():
        result[tally.key] = {value: tallied[tally.key].get(value, 0) for value in tally.values}
    return result


_REPORT_COLUMNS = ["report_key", "source_path"]


def shared_reports(out: Path) -> dict[str, list[str]]:
    """The reports that the datasets hold in more than one file: report_key -> source paths.

    Files written before contract 1.1 have no report_key and count as reports of their own.
    """
    files: dict[str, list[str]] = defaultdict(list)
    # pyarrow.parquet rather than pyarrow.dataset: the latter imports pandas, which the
    # command line spares itself.
    for path in sorted((Path(out) / "documents").glob(f"{PARTITION_KEY}=*/*.parquet")):
        if "report_key" not in pq.read_schema(path).names:
            continue
        for row in pq.read_table(path, columns=_REPORT_COLUMNS).to_pylist():
            if row["report_key"]:
                files[row["report_key"]].append(row["source_path"])
    return {key: sorted(paths) for key, paths in sorted(files.items()) if len(paths) > 1}


def format_summary(
    manifest: dict,
    lines: Iterable[Line],
    out: str,
    sections: Iterable[tuple[str, list[str]]] = (),
    shared: dict[str, list[str]] | None = None,
) -> str:
    """The summary; ``sections`` are (heading, lines) shown where they have lines (removals,
    damage found, files that could not be read); ``shared`` (report_key -> files) is read from
    ``out`` when not given."""
    lines = list(lines)
    shared = shared_reports(Path(out)) if shared is None else shared
    converted = [line for line in lines if not line.skipped and line.changed]
    again = [line for line in lines if not line.skipped and not line.changed]
    copies = sum(len(line.copies) for line in lines)
    problems = [line for line in lines if line.status != "ok"]
    total = totals(manifest)
    tables = total["tables"]
    files = len(lines) + copies
    head = f"opfolg: {files} input file(s): {len(converted)} converted, "
    if again:
        head += f"{len(again)} failed again as before, "
    head += f"{len(lines) - len(converted) - len(again)} unchanged (skipped)"
    if copies:
        head += f", {copies} byte-identical cop{'y' if copies == 1 else 'ies'}"
    text = [
        head,
        f"datasets in {out}: {total['documents']} document(s) "
        + ", ".join(f"{n} {status}" for status, n in total["by_status"].items()),
        "  by type: " + ", ".join(f"{n} {t}" for t, n in total["by_doc_type"].items()),
        "  "
        + ", ".join(f"{table.label} {tables.get(table.name, 0)}" for table in declared_tables()),
        *(
            f"  {tally.label}: " + ", ".join(f"{v} {n}" for v, n in total[tally.key].items())
            for tally in _tallies()
        ),
    ]
    for line in converted:
        text.append(f"  {line.status:<8} {line.source_path}")
    if copies:
        text.append(f"byte-identical copies (one document each): {copies}")
        for line in lines:
            text += [f"  {copy} = {line.source_path}" for copy in line.copies]
    if shared:
        files = sum(len(paths) for paths in shared.values())
        text.append(
            f"files of one report (same report_key): {len(shared)} report(s) in {files} files"
        )
        for key, paths in shared.items():
            text.append(f"  {key}: " + ", ".join(paths))
    for heading, entries in sections:
        if entries:
            text.append(f"{heading}: {len(entries)}")
            text += [f"  {entry}" for entry in entries]
    if problems:
        text.append(f"failures and partial reads: {len(problems)}")
        for line in problems:
            text.append(f"  {line.status}: {line.source_path}: {line.error}")
    else:
        text.append("failures: 0")
    return "\n".join(text)
