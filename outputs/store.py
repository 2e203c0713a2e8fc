"""The output directory: one file per document per table, committed whole or not at all.

A document is committed in three steps: its new files are staged under hidden temporary names, a
journal naming them is written, then they are put in place and the journal removed. A run killed in
between leaves a journal; ``recover`` then removes that document entirely, so the next run converts
it again and nothing half-written survives.

The documents file is the commit point a reader goes by: while it is there, every other file of
that document is there too, all of the same version. So the table files are renamed into place
first and the documents file last; a document that is replaced by different files leaves first
(its old documents file removed before any of its other files change); and a removal takes the
documents file first and the table files after it. Between two of those steps, and after a kill
until the next run recovers, a reader can see table rows whose documents row is not there; never a
documents row whose rows are missing or mixed.

Every file written is stamped with its size and SHA-256, so that the manifest can vouch for it and a
later run or ``opfolg verify`` can tell a file that was deleted or damaged since.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .parquet import TEMP_SUFFIX, parquet_bytes, stage, to_table, write_atomic
from .schemas import (
    COMMITTEES,
    DOCUMENT_TABLES,
    PARTITION_KEY,
    REVIEW_QUEUE,
    UNITS,
    missing_required,
)

JOURNAL_DIR = ".journal"
REVIEW_DIR = "_review"  # per-document review rows; review_queue.parquet is built from them
MANIFEST = "manifest.json"


REVIEW = "review"  # the key of a document's review rows among its encoded files
DOCUMENTS = "documents"
REGISTRY_FILES = ("committees.parquet", "units.parquet")
REVIEW_QUEUE_FILE = "review_queue.parquet"
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What the manifest vouches for of one file: its size and its SHA-256."""

    size: int
    sha256: str

    @classmethod
    def of(cls, data: bytes) -> FileStamp:
        return cls(len(data), hashlib.sha256(data).hexdigest())

    @classmethod
    def read(cls, path: Path) -> FileStamp:
        digest, size = hashlib.sha256(), 0
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
        return cls(size, digest.hexdigest())

    def to_json(self) -> dict[str, Any]:
        return {"size": self.size, "sha256": self.sha256}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileStamp:
        return cls(int(data["size"]), str(data["sha256"]))


class ContractError(ValueError):
    """Rows that break the contract (a non-null column without a value): never written."""


def encode(tables: dict[str, list[dict]], review: list[dict]) -> dict[str, bytes]:
    """A document's rows as the Parquet bytes of its files, one per table that has rows.

    Pure and picklable, so that a worker process does the encoding and the parent only writes.
    Raises ContractError, writing nothing, when a row lacks a column the contract says is never
    null, or a table is not one of the declared ones.
    """
    unknown = sorted(set(tables) - set(DOCUMENT_TABLES))
    if unknown:
        raise ContractError(f"rows for undeclared table(s): {', '.join(unknown)}")
    for table, rows in tables.items():
        problem = missing_required(table, rows)
        if problem:
            raise ContractError(problem)
    files: dict[str, bytes] = {}
    for table, schema in DOCUMENT_TABLES.items():
        rows = tables.get(table) or []
        if rows:
            rows = [{k: v for k, v in row.items() if k != PARTITION_KEY} for row in rows]
            files[table] = parquet_bytes(to_table(rows, schema))
    if review:
        files[REVIEW] = parquet_bytes(to_table(review, REVIEW_QUEUE))
    return files


@dataclass(frozen=True, slots=True)
class Store:
    root: Path

    def file(self, table: str, municipality: str, doc_id: str) -> Path:
        return self.root / table / f"{PARTITION_KEY}={municipality}" / f"{doc_id}.parquet"

    def review_file(self, doc_id: str) -> Path:
        return self.root / REVIEW_DIR / f"{doc_id}.parquet"

    def document_files(self, doc_id: str) -> list[Path]:
        """Every committed file of a document, in any partition."""
        found = []
        for table in DOCUMENT_TABLES:
            found += sorted((self.root / table).glob(f"{PARTITION_KEY}=*/{doc_id}.parquet"))
        review = self.review_file(doc_id)
        if review.exists():
            found.append(review)
        return found

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    # ------------------------------------------------------------ commit

    def commit(
        self, doc_id: str, municipality: str, files: dict[str, bytes]
    ) -> dict[str, FileStamp]:
        """Replace whatever the store holds of ``doc_id`` with these files (from ``encode``); the
        stamp of each file, by its path relative to the root."""
        wanted: dict[Path, bytes] = {
            self.review_file(doc_id)
            if table == REVIEW
            else self.file(table, municipality, doc_id): data
            for table, data in files.items()
        }
        stamps = {self.relative(path): FileStamp.of(data) for path, data in wanted.items()}
        stale = [path for path in self.document_files(doc_id) if path not in wanted]
        changed = {
            path: data
            for path, data in wanted.items()
            if not (path.exists() and path.read_bytes() == data)
        }
        if not changed and not stale:
            return stamps
        staged: dict[Path, Path] = {}
        journal = self._journal(doc_id)
        try:
            for path, data in changed.items():
                staged[path] = stage(path, data)
            journal.parent.mkdir(parents=True, exist_ok=True)
            journal_data = {
                "doc_id": doc_id,
                "staged": [str(temp) for temp in staged.values()],
                "targets": [str(path) for path in staged],
                "stale": [str(path) for path in stale],
            }
            write_atomic(journal, json.dumps(journal_data, sort_keys=True).encode())
        except OSError:
            for temp in staged.values():  # nothing in place has changed yet: leave no trace
                temp.unlink(missing_ok=True)
            raise
        leaving = [path for path in changed if self._is_documents_file(path) and path.exists()]
        if leaving and (stale or len(changed) > 1):
            # More than the documents file changes: the document leaves the readers' view first.
            stale = leaving + stale
        for path in self._documents_first(stale):
            path.unlink(missing_ok=True)
        self._prune_empty({path.parent for path in stale})
        for path in self._documents_first(staged, reverse=True):
            os.replace(staged[path], path)
        journal.unlink()
        return stamps

    def remove(self, doc_id: str) -> None:
        """Every file of ``doc_id``, the documents file first."""
        files = self._documents_first(self.document_files(doc_id))
        for path in files:
            path.unlink(missing_ok=True)
        self._prune_empty({path.parent for path in files})

    def _documents_first(self, paths, reverse: bool = False) -> list[Path]:
        return sorted(paths, key=lambda p: self._is_documents_file(p) == reverse)

    def stamps(self, doc_id: str) -> dict[str, FileStamp]:
        """The stamps of the files the store holds of ``doc_id``, read from disk."""
        return {self.relative(path): FileStamp.read(path) for path in self.document_files(doc_id)}

    def check(self, stamps: dict[str, FileStamp]) -> list[str]:
        """What differs between these files and their stamps: one line per missing or damaged
        file; empty when every file is as it was written."""
        problems = []
        for relative, stamp in sorted(stamps.items()):
            path = self.root / relative
            try:
                size = path.stat().st_size
                found = FileStamp.read(path) if size == stamp.size else None
            except FileNotFoundError:
                problems.append(f"{relative}: missing")
                continue
            except OSError as error:
                problems.append(f"{relative}: cannot be read ({error.strerror})")
                continue
            if found is None:
                problems.append(f"{relative}: {size} bytes instead of {stamp.size}")
            elif found.sha256 != stamp.sha256:
                problems.append(f"{relative}: damaged (its SHA-256 differs)")
        return problems

    def _prune_empty(self, folders: set[Path]) -> None:
        """Drop partition and table folders a removal left empty: DuckDB's glob and pyarrow fail
        on an empty table folder, and no folder at all reads as a table with no rows."""
        for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
            for candidate in (folder, folder.parent):
                if candidate != self.root and candidate.is_dir() and not any(candidate.iterdir()):
                    candidate.rmdir()

    def committed(self) -> set[str]:
        """The ids of the documents whose rows are in place (their documents file exists)."""
        return {path.stem for path in (self.root / DOCUMENTS).glob(f"{PARTITION_KEY}=*/*.parquet")}

    def _is_documents_file(self, path: Path) -> bool:
        return path.relative_to(self.root).parts[0] == DOCUMENTS

    def _journal(self, doc_id: str) -> Path:
        return self.root / JOURNAL_DIR / f"{doc_id}.json"

    # ------------------------------------------------------------ recovery

    def interrupted(self) -> list[str]:
        """The ids of the documents whose commit was broken off (``recover`` undoes them)."""
        journal_dir = self.root / JOURNAL_DIR
        return sorted(j.stem for j in journal_dir.glob("*.json")) if journal_dir.exists() else []

    def temporaries(self) -> list[Path]:
        return sorted(self.root.rglob(f".*{TEMP_SUFFIX}")) if self.root.exists() else []

    def recover(self) -> list[str]:
        """Undo every interrupted commit; the ids of the documents that were removed."""
        removed = []
        journal_dir = self.root / JOURNAL_DIR
        for journal in sorted(journal_dir.glob("*.json")) if journal_dir.exists() else []:
            doc_id = journal.stem
            self.remove(doc_id)
            removed.append(doc_id)
            journal.unlink()
        for temp in self.temporaries():
            temp.unlink(missing_ok=True)
        return removed

    # ------------------------------------------------------------ run-wide files

    def write_registry(self, committees: list[dict], units: list[dict]) -> dict[str, FileStamp]:
        """committees.parquet and units.parquet; their stamps."""
        stamps = {}
        for name, rows, schema in zip(
            REGISTRY_FILES, (committees, units), (COMMITTEES, UNITS), strict=True
        ):
            data = parquet_bytes(to_table(rows, schema))
            write_atomic(self.root / name, data)
            stamps[name] = FileStamp.of(data)
        return stamps

    def write_review_queue(self) -> dict[str, FileStamp]:
        """review_queue.parquet: the per-document review rows, in doc_id order; its stamp."""
        parts = sorted((self.root / REVIEW_DIR).glob("*.parquet"))
        tables = [pq.read_table(part, schema=REVIEW_QUEUE) for part in parts]
        table = pa.concat_tables(tables) if tables else REVIEW_QUEUE.empty_table()
        data = parquet_bytes(table)
        write_atomic(self.root / REVIEW_QUEUE_FILE, data)
        return {REVIEW_QUEUE_FILE: FileStamp.of(data)}

    def read_manifest(self) -> bytes | None:
        """The manifest's bytes; None when there is none (the pipeline reads what they say)."""
        try:
            return (self.root / MANIFEST).read_bytes()
        except FileNotFoundError:
            return None

    def write_manifest(self, data: bytes) -> bool:
        return write_atomic(self.root / MANIFEST, data)
