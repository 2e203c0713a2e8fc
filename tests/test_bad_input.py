"""Bad input never breaks a run: each bad file gets a documents row with a one-line error a person
can act on, and every other document of the same run is written."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from badpdfs import MANY_PAGES, USER_PASSWORD
from conftest import REPO, opfolg

import pipeline.ingest
from pipeline.convert import MAX_ERROR, convert
from pipeline.ingest import Options, ingest

MB = 1024**2
# One copy of each distinct file: the three renamed samples share their bytes (and doc_id), so
# each of them gets a run of its own below.
IN_MAIN_RUN = (
    "empty",
    "not_pdf",
    "truncated",
    "encrypted_user",
    "encrypted_owner_only",
    "many_pages",
    "flate_bomb",
    "broken_xref",
    "broken_startxref",
    "broken_xref_unrepairable",
    "scanned",
    "scanned_mixed",
    "name_spaces",
)


def doc_id(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def documents(out: Path) -> dict[str, dict]:
    """The documents rows under out, by doc_id, read as the contract says readers read them."""
    table = ds.dataset(out / "documents", partitioning="hive").to_table()
    return {row["doc_id"]: row for row in table.to_pylist()}


def assert_one_line(error: str | None) -> None:
    assert error and "\n" not in error and len(error) <= MAX_ERROR, error


@pytest.fixture(scope="module")
def main_run(bad_corpus, tmp_path_factory):
    """Every distinct bad file in one run, with small limits so that the bomb fails quickly."""
    out = tmp_path_factory.mktemp("bad_run") / "out"
    paths = [str(bad_corpus[key]) for key in IN_MAIN_RUN]
    options = Options(workers=2, timeout=60, max_memory=500 * MB, max_pages=1000)
    summary = ingest(paths, out, options)
    rows = documents(out)
    # Every file of the run has its row, whatever happened to the others.
    assert sorted(rows) == sorted({doc_id(bad_corpus[key]) for key in IN_MAIN_RUN})
    assert len(summary.documents) == len(IN_MAIN_RUN)
    return out, rows, summary


def row_of(main_run, bad_corpus, key: str) -> dict:
    _, rows, _ = main_run
    return rows[doc_id(bad_corpus[key])]


def assert_failed(row: dict, *phrases: str) -> None:
    assert row["status"] == "failed", row
    assert_one_line(row["error"])
    for phrase in phrases:
        assert phrase in row["error"], row["error"]
    assert row["doc_type"] == "unknown"


def test_good_documents_of_the_bad_run_are_written(main_run, bad_corpus):
    out, rows, summary = main_run
    for key in ("name_spaces", "encrypted_owner_only", "broken_xref", "broken_startxref"):
        row = row_of(main_run, bad_corpus, key)
        assert row["status"] == "ok", (key, row["error"])
        assert row["error"] is None
        assert row["pages"] == 1
        assert row["source_path"] == str(bad_corpus[key])
    assert sorted(d.status for d in summary.documents).count("failed") == 7
    log = sorted((out / "logs").glob("*.log"))
    assert len(log) == 1
    lines = log[0].read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# opfolg ingest started") and lines[-1].startswith("# finished")
    body = [line.split("\t") for line in lines[1:-1]]
    assert sorted(fields[3] for fields in body) == sorted(str(bad_corpus[k]) for k in IN_MAIN_RUN)
    assert all(len(fields) == 5 and fields[1].endswith(" s") for fields in body)


def test_zero_byte_file(main_run, bad_corpus):
    row = row_of(main_run, bad_corpus, "empty")
    assert_failed(row, "the file is empty (0 bytes)")
    assert row["file_name"] == "empty.pdf" and row["pages"] == 0


def test_text_file_named_pdf(main_run, bad_corpus):
    assert_failed(row_of(main_run, bad_corpus, "not_pdf"), "not a PDF", "%PDF-")


def test_truncated_pdf(main_run, bad_corpus):
    assert_failed(row_of(main_run, bad_corpus, "truncated"), "cut short", "complete copy")


def test_user_password_is_asked_for(main_run, bad_corpus):
    assert_failed(
        row_of(main_run, bad_corpus, "encrypted_user"), "encrypted", "password", "--password"
    )


def test_owner_password_only_opens_without_one(main_run, bad_corpus):
    row = row_of(main_run, bad_corpus, "encrypted_owner_only")
    assert (row["status"], row["error"], row["pages"]) == ("ok", None, 1)


def test_many_pages_fail_at_the_default_page_limit(main_run, bad_corpus):
    row = row_of(main_run, bad_corpus, "many_pages")
    assert_failed(row, f"{MANY_PAGES} pages", "limit of 1000", "--max-pages")
    assert row["pages"] == MANY_PAGES


def test_flate_bomb_stops_at_the_memory_limit(main_run, bad_corpus):
    assert_failed(
        row_of(main_run, bad_corpus, "flate_bomb"), "memory limit of 500 MB", "--max-memory"
    )


def test_scrambled_xref_is_repaired(main_run, bad_corpus):
    for key in ("broken_xref", "broken_startxref"):
        row = row_of(main_run, bad_corpus, key)
        assert (row["status"], row["pages"]) == ("ok", 1), (key, row["error"])


def test_unrepairable_xref_is_a_clear_failure(main_run, bad_corpus):
    row = row_of(main_run, bad_corpus, "broken_xref_unrepairable")
    assert_failed(row, "not a readable PDF", "damaged")


def test_pdfplumber_backend_repairs_or_explains(bad_corpus, tmp_path):
    """pdfminer finds no pages behind a scrambled xref; the backend reads pdfium's repaired copy,
    and says plainly when there is nothing to repair, or when the password given is wrong."""
    keys = ("broken_xref", "broken_startxref", "broken_xref_unrepairable", "encrypted_user")
    out = tmp_path / "out"
    options = Options(workers=2, backend="pdfplumber", password="not it")
    ingest([str(bad_corpus[k]) for k in keys], out, options)
    rows = documents(out)
    wrong = rows[doc_id(bad_corpus["encrypted_user"])]
    assert_failed(wrong, "the password given (--password) does not open it")
    for key in ("broken_xref", "broken_startxref"):
        row = rows[doc_id(bad_corpus[key])]
        assert (row["status"], row["pages"], row["error"]) == ("ok", 1, None), key
    assert_failed(
        rows[doc_id(bad_corpus["broken_xref_unrepairable"])],
        "no pages found",
        "cross-reference table",
        "damaged beyond repair",
    )


def test_scanned_pages_are_named(main_run, bad_corpus):
    only = row_of(main_run, bad_corpus, "scanned")
    assert only["status"] == "partial" and only["pages"] == 1
    assert only["error"].startswith("no text layer on page(s) 1 (1 of 1 pages")
    mixed = row_of(main_run, bad_corpus, "scanned_mixed")
    assert mixed["status"] == "partial" and mixed["pages"] == 2
    assert mixed["error"].startswith("no text layer on page(s) 2 (1 of 2 pages")
    assert_one_line(mixed["error"])


def test_many_blank_pages_read_with_a_higher_limit(bad_corpus, tmp_path):
    path = bad_corpus["many_pages"]
    summary = ingest([str(path)], tmp_path / "out", Options(workers=1, max_pages=5000))
    row = documents(tmp_path / "out")[doc_id(path)]
    assert (row["status"], row["pages"]) == ("partial", MANY_PAGES)
    assert row["error"].startswith(f"no text layer on page(s) 1-{MANY_PAGES} ({MANY_PAGES} of")
    assert_one_line(row["error"])
    assert summary.documents[0].status == "partial"


def test_password_option_converts_the_encrypted_file(bad_corpus, tmp_path):
    path = bad_corpus["encrypted_user"]
    out = tmp_path / "out"
    ingest([str(path)], out, Options(workers=1, password="not it"))
    wrong = documents(out)[doc_id(path)]
    assert_failed(wrong, "encrypted", "password")
    # The same OUT, the right password: the failed document is tried again and converts.
    summary = ingest([str(path)], out, Options(workers=1, password=USER_PASSWORD))
    row = documents(out)[doc_id(path)]
    assert (row["status"], row["error"], row["pages"]) == ("ok", None, 1)
    assert [d.skipped for d in summary.documents] == [False]


# ------------------------------------------------------------ names a shell makes awkward


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return opfolg("ingest", *args, cwd=cwd, timeout=300)


@pytest.mark.parametrize(
    "how", ["after_double_dash", "dot_slash", "in_a_folder", "danish_name"], ids=str
)
def test_awkward_file_names(bad_corpus, tmp_path, how):
    inbox = tmp_path / "indbakke æøå"
    inbox.mkdir()
    key = "name_danish" if how == "danish_name" else "name_dash"
    name = bad_corpus[key].name
    shutil.copyfile(bad_corpus[key], inbox / name)
    out = tmp_path / "out"
    arguments = {
        "after_double_dash": ["--out", str(out), "--workers", "1", "--", name],
        "dot_slash": [f"./{name}", "--out", str(out)],
        "in_a_folder": [str(inbox), "--out", str(out)],
        "danish_name": [name, "--out", str(out)],
    }[how]
    expected_source = {
        "after_double_dash": name,
        "dot_slash": f"./{name}",
        "in_a_folder": str(inbox / name),
        "danish_name": name,
    }[how]
    if "--" not in arguments:
        arguments += ["--workers", "1"]
    result = _cli(*arguments, cwd=inbox)
    assert result.returncode == 0, result.stderr
    rows = list(documents(out).values())
    assert len(rows) == 1
    assert (rows[0]["status"], rows[0]["file_name"]) == ("ok", name)
    assert rows[0]["source_path"] == expected_source


def test_leading_dash_without_separator_is_a_usage_error(bad_corpus, tmp_path):
    shutil.copyfile(bad_corpus["name_dash"], tmp_path / "-rapport.pdf")
    # Like every Unix tool, a leading dash reads as an option: a usage error, nothing written.
    result = _cli("-rapport.pdf", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 2
    assert "opfolg: error:" in result.stderr
    assert not (tmp_path / "out" / "documents").exists()


# ------------------------------------------------------------ crash, hang, exception, memory

SABOTAGE = {
    "crash.pdf": "crash",
    "hang.pdf": "hang",
    "raise.pdf": "raise",
    "hog.pdf": "hog",
}


def sabotaged_convert(task):
    """convert, except for the files named in SABOTAGE, which misbehave as their names say."""
    what = SABOTAGE.get(Path(task.path).name)
    if what == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    if what == "hang":
        time.sleep(600)
    if what == "raise":
        raise RuntimeError("the family tripped over this file")
    if what == "hog":
        hog = bytearray(2 * 1024**3)
        for i in range(0, len(hog), 4096):
            hog[i] = 1
    return convert(task)


def test_crash_hang_exception_and_memory_fail_only_their_document(
    bad_corpus, tmp_path, monkeypatch
):
    inbox = tmp_path / "in"
    inbox.mkdir()
    for name in SABOTAGE:
        (inbox / name).write_bytes(b"%PDF-1.4\n% " + name.encode() + b"\n%%EOF\n")
    shutil.copyfile(bad_corpus["name_spaces"], inbox / "good.pdf")
    shutil.copyfile(bad_corpus["scanned_mixed"], inbox / "mixed.pdf")
    real = pipeline.ingest.run_isolated
    monkeypatch.setattr(
        pipeline.ingest,
        "run_isolated",
        lambda fn, tasks, workers, limits, *rest: real(
            sabotaged_convert, tasks, workers, limits, *rest
        ),
    )
    out = tmp_path / "out"
    summary = ingest([str(inbox)], out, Options(workers=2, timeout=6, max_memory=400 * MB))
    rows = {row["file_name"]: row for row in documents(out).values()}
    assert sorted(rows) == sorted([*SABOTAGE, "good.pdf", "mixed.pdf"])
    assert_failed(rows["crash.pdf"], "worker crashed (signal 11)", "try --backend")
    assert_failed(rows["hang.pdf"], "timed out after 6 s (--timeout)")
    assert_failed(rows["raise.pdf"], "RuntimeError: the family tripped over this file")
    assert_failed(rows["hog.pdf"], "memory limit of 400 MB (--max-memory)")
    assert (rows["good.pdf"]["status"], rows["good.pdf"]["error"]) == ("ok", None)
    assert rows["mixed.pdf"]["status"] == "partial"
    assert len(summary.failed) == 4


def test_cli_exit_1_and_json_when_some_documents_fail(bad_corpus, tmp_path):
    good, empty = bad_corpus["name_spaces"], bad_corpus["empty"]
    out = tmp_path / "out"
    result = _cli(str(good), str(empty), "--out", str(out), "--json", "--workers", "2", cwd=REPO)
    assert result.returncode == 1, result.stderr
    summary = json.loads(result.stdout)
    statuses = {
        Path(d["source_path"]).name: (d["status"], d["error"]) for d in summary["documents"]
    }
    assert statuses == {
        good.name: ("ok", None),
        empty.name: ("failed", "the file is empty (0 bytes): nothing to read"),
    }
    rows = documents(out)
    assert {rows[doc_id(p)]["status"] for p in (good, empty)} == {"ok", "failed"}
    assert len(list((out / "logs").glob("*.log"))) == 1
