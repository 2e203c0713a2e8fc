"""``opfolg verify OUT``: every file the manifest vouches for is there, with its size and hash,
and nothing a reader would see is unvouched for."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from outputs.schemas import CONTRACT_VERSION, DOCUMENT_TABLES, PARTITION_KEY
from outputs.store import MANIFEST, REVIEW_DIR, Store

from .manifest import Manifest


class NotAnOutputDirectory(Exception):
    pass


@dataclass(slots=True)
class VerifyReport:
    out: Path
    documents: int = 0
    files: int = 0
    problems: list[str] = field(default_factory=list)  # one line each; empty when all is well

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(out: Path) -> VerifyReport:
    out = Path(out)
    if not (out / MANIFEST).is_file():
        raise NotAnOutputDirectory(f"{out}: no {MANIFEST} (not an output directory of ingest)")
    store = Store(out)
    report = VerifyReport(out)
    try:
        manifest = Manifest.parse(store.read_manifest(), CONTRACT_VERSION)
    except ValueError:
        report.problems.append(f"{MANIFEST}: damaged (it does not read as a manifest)")
        return report
    vouched: set[str] = set(manifest.files)
    unstamped: set[str] = set()
    report.problems += store.check(manifest.files)
    for doc_id, entry in sorted(manifest.documents.items()):
        report.documents += 1
        if not entry.files:
            unstamped.add(doc_id)
            report.problems.append(
                f"doc_id {doc_id}: its files have no stamps in {MANIFEST} (written by an older "
                "release; the next run stamps them)"
            )
            continue
        vouched |= set(entry.files)
        report.problems += store.check(entry.files)
    visible = _document_files(out)
    report.files = len(vouched)
    for relative in sorted(set(visible) - vouched):
        if Path(relative).stem in unstamped:
            continue
        report.problems.append(f"{relative}: not in {MANIFEST} (rows nobody vouches for)")
    for doc_id in store.interrupted():
        report.problems.append(f"doc_id {doc_id}: a commit was broken off (the next run undoes it)")
    for temp in store.temporaries():
        report.problems.append(f"{temp.relative_to(out).as_posix()}: a leftover temporary file")
    return report


def _document_files(out: Path) -> list[str]:
    found = []
    for table in DOCUMENT_TABLES:
        found += [
            p.relative_to(out).as_posix()
            for p in (out / table).glob(f"{PARTITION_KEY}=*/*.parquet")
        ]
    found += [p.relative_to(out).as_posix() for p in (out / REVIEW_DIR).glob("*.parquet")]
    return found
