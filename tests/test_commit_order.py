"""A commit killed after any one of its renames or removals: a reader never sees a documents row
whose rows are missing or of another version, and recovery leaves each document whole or absent.

Each point is a real death: a forked child commits and ends itself with os._exit right after the
n-th file operation, so no cleanup of any kind runs, then the parent reads OUT as a reader would.
"""

from __future__ import annotations

import os
import pathlib
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from outputs.schemas import DOCUMENT_TABLES
from outputs.store import Store, encode

NOW = datetime(2026, 1, 1, tzinfo=UTC)
KILLED = 9


def _document(doc_id: str, version: str) -> dict:
    return {
        "doc_id": doc_id,
        "source_path": f"{doc_id}.pdf",
        "file_name": f"{doc_id}.pdf",
        "doc_type": "budget_followup",
        "title": version,
        "pages": 1,
        "status": "ok",
        "extractor": "x",
        "extractor_version": "1",
        "contract_version": "1.0",
        "ingested_at": NOW,
        "warnings": [],
        "completeness": [],
        "ocr_pages": [],
    }


def _milestone(doc_id: str, seq: int, version: str) -> dict:
    row = {"doc_id": doc_id, "agreement": "A", "initiative_no": "1.1", "seq": seq, "page": 1}
    return row | {"text": version}


def _theme(doc_id: str, seq: int, version: str) -> dict:
    return {"doc_id": doc_id, "seq": seq, "theme": version, "page": 1}


def _review(doc_id: str, version: str) -> dict:
    return {"doc_id": doc_id, "table": "t", "column": "c", "raw": version, "best_id": None}


# Versions of document "d": v2 moves to another partition, drops milestones, adds themes; v3 does
# the same in v1's partition; v4 has v1's files with other rows.
VERSIONS = {
    "v1": (
        "ballerup",
        {
            "documents": [_document("d", "v1")],
            "milestones": [_milestone("d", 1, "v1"), _milestone("d", 2, "v1")],
        },
        [_review("d", "v1") | {"score": 1.0}],
    ),
    "v2": (
        "albertslund",
        {"documents": [_document("d", "v2")], "themes": [_theme("d", 1, "v2")]},
        [],
    ),
    "v3": (
        "ballerup",
        {"documents": [_document("d", "v3")], "themes": [_theme("d", 1, "v3")]},
        [],
    ),
    "v4": (
        "ballerup",
        {
            "documents": [_document("d", "v4")],
            "milestones": [_milestone("d", 1, "v4"), _milestone("d", 2, "v4")],
        },
        [_review("d", "v4") | {"score": 1.0}],
    ),
}
EXPECTED_TABLES = {
    "v1": {"documents", "milestones"},
    "v2": {"documents", "themes"},
    "v3": {"documents", "themes"},
    "v4": {"documents", "milestones"},
}


def seen(out: Path) -> dict[str, dict[str, set[str]]]:
    """For each doc id, each table's versions a reader sees (the version marker of its rows)."""
    view: dict[str, dict[str, set[str]]] = {}
    marker = {"documents": "title", "milestones": "text", "themes": "theme"}
    for table in DOCUMENT_TABLES:
        if not (out / table).exists():
            continue
        for row in ds.dataset(out / table, partitioning="hive").to_table().to_pylist():
            view.setdefault(row["doc_id"], {}).setdefault(table, set()).add(row[marker[table]])
    return view


def assert_readers_see_whole_versions(out: Path, where: str) -> None:
    view = seen(out)
    assert view.get("keep") == {"documents": {"k"}}, where  # the other document: never touched
    tables = view.get("d", {})
    if "documents" not in tables:
        return  # not there for a reader that goes by the documents rows
    (version,) = tables["documents"]
    assert set(tables) == EXPECTED_TABLES[version], where
    assert all(versions == {version} for versions in tables.values()), where
    rows = ds.dataset(out / "milestones", partitioning="hive") if version in ("v1", "v4") else None
    if rows is not None:
        assert rows.to_table().filter(ds.field("doc_id") == "d").num_rows == 2, where


def _steps(out: Path, action, kill_after: int | None) -> int:
    """Run ``action(store)`` in a child that dies right after file operation ``kill_after`` (a
    rename into place or a removal of a document's file); the child's exit code."""
    pid = os.fork()
    if pid == 0:  # the child: count the document's file operations, die after the chosen one
        try:
            count = {"n": 0}
            real_replace, real_unlink = os.replace, pathlib.Path.unlink

            def step() -> None:
                count["n"] += 1
                if count["n"] == kill_after:
                    os._exit(KILLED)

            def replace(source, target):
                real_replace(source, target)
                if Path(target).suffix == ".parquet":
                    step()

            def unlink(self, missing_ok=False):
                real_unlink(self, missing_ok=missing_ok)
                if self.suffix == ".parquet" and not self.name.startswith("."):
                    step()

            os.replace = replace
            pathlib.Path.unlink = unlink
            action(Store(out))
            os._exit(0)
        except BaseException:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _prepared(out: Path, version: str | None) -> None:
    store = Store(out)
    store.commit("keep", "ballerup", encode({"documents": [_document("keep", "k")]}, []))
    if version:
        municipality, tables, review = VERSIONS[version]
        store.commit("d", municipality, encode(tables, review))


def _commit(version: str):
    municipality, tables, review = VERSIONS[version]
    files = encode(tables, review)
    return lambda store: store.commit("d", municipality, files)


SCENARIOS = {
    "new document": (None, _commit("v1")),
    "replaced by other files in another partition": ("v1", _commit("v2")),
    "replaced back": ("v2", _commit("v1")),
    "replaced by other files in the same partition": ("v1", _commit("v3")),
    "replaced by the same files with other rows": ("v1", _commit("v4")),
    "removed": ("v1", lambda store: store.remove("d")),
}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_a_kill_after_any_step_shows_readers_whole_versions(tmp_path, scenario):
    before, action = SCENARIOS[scenario]
    points = 0
    for kill_after in range(1, 20):
        out = tmp_path / f"after-{kill_after}"
        _prepared(out, before)
        code = _steps(out, action, kill_after)
        assert code in (KILLED, 0), code
        if code == 0:  # fewer steps than kill_after: the operation completed
            assert_readers_see_whole_versions(out, f"{scenario}: completed")
            break
        points += 1
        where = f"{scenario}: killed after step {kill_after}"
        assert_readers_see_whole_versions(out, where)
        recovered = Store(out).recover()
        view = seen(out)
        assert set(view) <= {"keep", "d"}, where
        if "d" in view:  # the kill came after the commit's last step: whole, and vouched for
            assert not recovered, where
            assert_readers_see_whole_versions(out, where)
        assert not list(out.rglob(".*.tmp")), where
    assert points >= 1, "the operation took no step that could be killed"
    # Every step was a kill point: the documents file is the last rename, the first removal.
    assert points >= {"new document": 3, "removed": 3}.get(scenario, 4)


def test_the_documents_file_is_renamed_last_and_removed_first(tmp_path):
    order: list[str] = []
    real_replace, real_unlink = os.replace, pathlib.Path.unlink

    def replace(source, target):
        real_replace(source, target)
        if Path(target).suffix == ".parquet":
            order.append("put " + Path(target).relative_to(tmp_path).parts[0])

    def unlink(self, missing_ok=False):
        real_unlink(self, missing_ok=missing_ok)
        if self.suffix == ".parquet" and not self.name.startswith("."):
            order.append("drop " + self.relative_to(tmp_path).parts[0])

    _prepared(tmp_path, "v1")
    os.replace, pathlib.Path.unlink = replace, unlink
    try:
        _commit("v2")(Store(tmp_path))
        Store(tmp_path).remove("d")
    finally:
        os.replace, pathlib.Path.unlink = real_replace, real_unlink
    assert order == [
        "drop documents",  # v1 leaves the readers' view first
        "drop milestones",
        "drop _review",
        "put themes",
        "put documents",  # v2 is there once its documents row is
        "drop documents",  # removal: the documents row first
        "drop themes",
    ]
