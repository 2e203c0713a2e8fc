"""Runs over a growing, changing archive: unchanged files are skipped, changed files replace their
rows whole, vanished files keep theirs unless --prune, and failures are retried when a run could
end otherwise."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pyarrow.dataset as ds
from conftest import ALBERTSLUND, BALLERUP, sample_pdf

from outputs.schemas import DOCUMENT_TABLES
from pipeline.ingest import Options, ingest

STATUS_LIST, _, DIREKTOERFORUM, NETVAERK = ALBERTSLUND
OPTIONS = Options(workers=2)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): sha(p)
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def doc_ids_by_table(out: Path) -> dict[str, set[str]]:
    found = {}
    for table in DOCUMENT_TABLES:
        dataset = ds.dataset(out / table, partitioning="hive") if (out / table).exists() else None
        if dataset is not None and dataset.files:
            rows = dataset.to_table(columns=["doc_id"])
            found[table] = set(rows.column("doc_id").to_pylist())
    return found


def all_doc_ids(out: Path) -> set[str]:
    return set().union(*doc_ids_by_table(out).values())


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())["documents"]


def test_unchanged_skipped_changed_replaced_gone_kept_until_pruned(tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(sample_pdf(STATUS_LIST), inbox / "status.pdf")
    shutil.copy(sample_pdf(NETVAERK), inbox / "temaer.pdf")
    first = ingest([str(inbox)], out, OPTIONS)
    assert [d.skipped for d in first.documents] == [False, False]
    status_id, themes_id = sha(inbox / "status.pdf"), sha(inbox / "temaer.pdf")
    tables = doc_ids_by_table(out)
    assert tables["documents"] == {status_id, themes_id}
    assert status_id in tables["status_items"]  # the replaced document had rows beyond its own

    # Unchanged bytes: nothing converted, nothing written, no log.
    before = snapshot(out)
    second = ingest([str(inbox)], out, OPTIONS)
    assert [d.skipped for d in second.documents] == [True, True]
    assert second.log is None
    assert snapshot(out) == before

    # New bytes at the same path: the old document goes, in every table, and the new one comes.
    shutil.copy(sample_pdf(DIREKTOERFORUM), inbox / "status.pdf")
    new_id = sha(inbox / "status.pdf")
    third = ingest([str(inbox)], out, OPTIONS)
    assert third.removed == [status_id]
    assert all_doc_ids(out) == {new_id, themes_id}
    assert set(manifest(out)) == {new_id, themes_id}
    assert {d.doc_id: d.skipped for d in third.documents} == {new_id: False, themes_id: True}
    log = third.log.read_text(encoding="utf-8")
    assert f"removed\t-\t-\t{inbox / 'status.pdf'}\tdoc_id {status_id}" in log
    assert f"\t{inbox / 'status.pdf'}\t" in log.split("removed")[1]  # the new one converted

    # A file gone from the input keeps its rows ...
    (inbox / "temaer.pdf").unlink()
    kept = snapshot(out)
    fourth = ingest([str(inbox)], out, OPTIONS)
    assert fourth.removed == [] and snapshot(out) == kept
    assert all_doc_ids(out) == {new_id, themes_id}
    # ... until --prune.
    fifth = ingest([str(inbox)], out, Options(workers=2, prune=True))
    assert fifth.removed == [themes_id]
    assert all_doc_ids(out) == {new_id}
    assert set(manifest(out)) == {new_id}
    assert not list(out.rglob(f"{themes_id}*"))


def test_failed_document_is_tried_again_on_every_run(bad_corpus, tmp_path):
    out = tmp_path / "out"
    blank = str(bad_corpus["many_pages"])
    good = str(sample_pdf(NETVAERK))

    def by_path(summary):  # the summary is sorted by path, and where files lie varies
        return {d.source_path: d for d in summary.documents}

    first = by_path(ingest([blank, good], out, Options(workers=2, max_pages=100)))
    assert (first[blank].status, first[good].status) == ("failed", "ok")
    assert "--max-pages" in first[blank].error
    # The next run tries the failed one again (a timeout on a busy night need not last); it fails
    # as before, so nothing is written and OUT stays byte-identical.
    before = snapshot(out)
    again_summary = ingest([blank, good], out, Options(workers=2, max_pages=100))
    again = by_path(again_summary)
    assert (again[blank].action, again[blank].skipped, again[blank].changed) == (
        "retry",
        False,
        False,
    )
    assert again[blank].reason.startswith("failed last time: 3000 pages")
    assert again[good].skipped and again[good].action == "skip"
    assert snapshot(out) == before and again_summary.log is None
    # Tried again with a raised limit, it converts; the good one stays as it was.
    raised = by_path(ingest([blank, good], out, Options(workers=2, max_pages=5000)))
    assert (raised[blank].status, raised[blank].skipped) == ("partial", False)
    assert (raised[good].status, raised[good].skipped) == ("ok", True)
    assert manifest(out)[sha(Path(blank))]["status"] == "partial"
    # --force converts everything again, changed or not.
    forced = by_path(ingest([blank, good], out, Options(workers=2, max_pages=5000, force=True)))
    assert [(d.action, d.skipped) for d in forced.values()] == [("convert", False)] * 2


def test_runs_log_one_line_per_converted_document(tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    for name in (STATUS_LIST, NETVAERK):
        shutil.copy(sample_pdf(name), inbox / f"{name}.pdf")
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.4\nnothing else")
    summary = ingest([str(inbox)], out, OPTIONS)
    assert summary.log is not None and summary.log.parent == out / "logs"
    lines = summary.log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 + 3
    # Sorted by status and file name: the lines come in the order the documents finished.
    body = sorted((line.split("\t") for line in lines[1:-1]), key=lambda f: (f[0], Path(f[3]).name))
    assert [(fields[0], Path(fields[3]).name) for fields in body] == [
        ("failed", "broken.pdf"),
        ("ok", f"{STATUS_LIST}.pdf"),
        ("ok", f"{NETVAERK}.pdf"),
    ]
    assert (
        body[0][4] == "the PDF is cut short (no %%EOF at its end): get a complete copy of the file"
    )
    assert all(fields[2].endswith("MB") for fields in body)
    assert lines[-1].startswith("# finished in") and "2 ok, 0 partial, 1 failed" in lines[-1]


def test_largest_files_are_converted_first(tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    # Named so that neither the alphabetical order nor its reverse is the order by size.
    names = {"b_small.pdf": NETVAERK, "a_middle.pdf": STATUS_LIST, "c_large.pdf": BALLERUP[0]}
    for file_name, sample in names.items():
        shutil.copy(sample_pdf(sample), inbox / file_name)
    sizes = {name: (inbox / name).stat().st_size for name in names}
    assert sizes["b_small.pdf"] < sizes["a_middle.pdf"] < sizes["c_large.pdf"]
    summary = ingest([str(inbox)], out, Options(workers=1))
    # One worker finishes the files in the order it was given them.
    finished = [
        Path(line.split("\t")[3]).name for line in summary.log.read_text().splitlines()[1:-1]
    ]
    assert finished == ["c_large.pdf", "a_middle.pdf", "b_small.pdf"]
