"""The output directory: one file per document per table, committed whole or not at all.

A document is committed in three steps: its new files are staged under hidden temporary names, a
journal naming them is written, then they are renamed into place (the documents row last) and the
journal removed. A run killed in between leaves a journal; ``recover`` then removes that document
entirely, so the next run converts it again and nothing half-written survives.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .parquet import TEMP_SUFFIX, parquet_bytes, stage, to_table, write_atomic
from .schemas import (
    COMMITTEES,
    DOCUMENT_TABLES,
    PARTITION_KEY,
    REVIEW_QUEUE,
    UNITS,
)

JOURNAL_DIR = ".journal"
REVIEW_DIR = "_review"  # per-document review rows; review_queue.parquet is built from them
MANIFEST = "manifest.json"


REVIEW = "review"  # the key of a document's review rows among its encoded files


def encode(tables: dict[str, list[dict]], review: list[dict]) -> dict[str, bytes]:
    """A document's rows as the Parquet bytes of its files, one per table that has rows.

    Pure and picklable, so that a worker process does the encoding and the parent only writes.
    """
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

    # ------------------------------------------------------------ commit

    def commit(self, doc_id: str, municipality: str, files: dict[str, bytes]) -> None:
        """Replace whatever the store holds of ``doc_id`` with these files (from ``encode``)."""
        wanted: dict[Path, bytes] = {
            self.review_file(doc_id)
            if table == REVIEW
            else self.file(table, municipality, doc_id): data
            for table, data in files.items()
        }
        stale = [path for path in self.document_files(doc_id) if path not in wanted]
        changed = {
            path: data
            for path, data in wanted.items()
            if not (path.exists() and path.read_bytes() == data)
        }
        if not changed and not stale:
            return
        staged = {path: stage(path, data) for path, data in changed.items()}
        journal = self._journal(doc_id)
        journal.parent.mkdir(parents=True, exist_ok=True)
        journal_data = {
            "doc_id": doc_id,
            "staged": [str(temp) for temp in staged.values()],
            "targets": [str(path) for path in staged],
            "stale": [str(path) for path in stale],
        }
        write_atomic(journal, json.dumps(journal_data, sort_keys=True).encode())
        for path in stale:
            path.unlink(missing_ok=True)
        self._prune_empty({path.parent for path in stale})
        # The documents row goes last: a reader that sees it sees the rest.
        for path in sorted(staged, key=self._is_documents_file):
            os.replace(staged[path], path)
        journal.unlink()

    def remove(self, doc_id: str) -> None:
        files = sorted(self.document_files(doc_id), key=lambda p: not self._is_documents_file(p))
        for path in files:
            path.unlink(missing_ok=True)
        self._prune_empty({path.parent for path in files})

    def _prune_empty(self, folders: set[Path]) -> None:
        """Drop partition and table folders a removal left empty: DuckDB's glob and pyarrow fail
        on an empty table folder, and no folder at all reads as a table with no rows."""
        for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
            for candidate in (folder, folder.parent):
                if candidate != self.root and candidate.is_dir() and not any(candidate.iterdir()):
                    candidate.rmdir()

    def committed(self) -> set[str]:
        """The ids of the documents whose rows are in place (their documents file exists)."""
        return {
            path.stem for path in (self.root / "documents").glob(f"{PARTITION_KEY}=*/*.parquet")
        }

    def _is_documents_file(self, path: Path) -> bool:
        return path.relative_to(self.root).parts[0] == "documents"

    def _journal(self, doc_id: str) -> Path:
        return self.root / JOURNAL_DIR / f"{doc_id}.json"

    # ------------------------------------------------------------ recovery

    def recover(self) -> list[str]:
        """Undo every interrupted commit; the ids of the documents that were removed."""
        removed = []
        journal_dir = self.root / JOURNAL_DIR
        for journal in sorted(journal_dir.glob("*.json")) if journal_dir.exists() else []:
            doc_id = journal.stem
            self.remove(doc_id)
            removed.append(doc_id)
            journal.unlink()
        for temp in self.root.rglob(f".*{TEMP_SUFFIX}") if self.root.exists() else []:
            temp.unlink(missing_ok=True)
        return removed

    # ------------------------------------------------------------ run-wide files

    def write_registry(self, committees: list[dict], units: list[dict]) -> None:
        write_atomic(
            self.root / "committees.parquet", parquet_bytes(to_table(committees, COMMITTEES))
        )
        write_atomic(self.root / "units.parquet", parquet_bytes(to_table(units, UNITS)))

    def write_review_queue(self) -> None:
        """review_queue.parquet: the per-document review rows, in doc_id order."""
        parts = sorted((self.root / REVIEW_DIR).glob("*.parquet"))
        tables = [pq.read_table(part, schema=REVIEW_QUEUE) for part in parts]
        table = pa.concat_tables(tables) if tables else REVIEW_QUEUE.empty_table()
        write_atomic(self.root / "review_queue.parquet", parquet_bytes(table))

    def read_manifest(self) -> dict:
        path = self.root / MANIFEST
        if not path.exists():
            return {}
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def write_manifest(self, manifest: dict) -> bool:
        data = json.dumps(manifest, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
        return write_atomic(self.root / MANIFEST, data.encode("utf-8"))
