"""The plan of a run, as a pure function: what to convert, skip, replace, remove and retry."""

from __future__ import annotations

from pathlib import Path

from outputs.store import FileStamp
from pipeline.discover import Input
from pipeline.manifest import Manifest, ManifestEntry
from pipeline.plan import Action, Found, make_plan

PRINT = "fingerprint-1"
INBOX = "/archive/2019"
SCOPE = [(INBOX, True)]


def entry(path: str, status: str = "ok", fingerprint: str = PRINT, **extra) -> ManifestEntry:
    return ManifestEntry(
        source_path=path,
        paths=(path,),
        file_name=Path(path).name,
        municipality="ballerup",
        doc_type="budget_followup",
        pages=1,
        status=status,
        error="it broke" if status == "failed" else None,
        fingerprint=fingerprint,
        counts={},
        files={"documents/municipality=ballerup/x.parquet": FileStamp(1, "0" * 64)},
        **extra,
    )


def found(path: str, doc_id: str, named: str | None = None) -> Found:
    return Found(Input(Path(path), named or path, path), doc_id)


def manifest(**entries: ManifestEntry) -> Manifest:
    return Manifest("1.0", documents=dict(entries))


def actions(plan) -> dict[str, tuple[Action, str]]:
    return {item.doc_id: (item.action, item.reason) for item in plan.items}


def test_new_unchanged_failed_and_reconverted():
    known = manifest(
        same=entry(f"{INBOX}/a.pdf"),
        broke=entry(f"{INBOX}/b.pdf", status="failed"),
        older=entry(f"{INBOX}/c.pdf", fingerprint="fingerprint-0"),
    )
    files = [
        found(f"{INBOX}/a.pdf", "same"),
        found(f"{INBOX}/b.pdf", "broke"),
        found(f"{INBOX}/c.pdf", "older"),
        found(f"{INBOX}/d.pdf", "new"),
    ]
    plan = make_plan(files, known, PRINT, SCOPE)
    assert actions(plan) == {
        "same": (Action.SKIP, "unchanged"),
        "broke": (Action.RETRY, "failed last time: it broke"),
        "older": (Action.CONVERT, "converted before by another release, backend or registry"),
        "new": (Action.CONVERT, "new"),
    }
    assert [item.doc_id for item in plan.conversions] == ["broke", "older", "new"]
    assert plan.removals == []


def test_force_converts_every_input_again():
    plan = make_plan(
        [found(f"{INBOX}/a.pdf", "same")],
        manifest(same=entry(f"{INBOX}/a.pdf")),
        PRINT,
        SCOPE,
        force=True,
    )
    assert actions(plan) == {"same": (Action.CONVERT, "--force")}


def test_damaged_and_undone_documents_are_retried_or_reported():
    known = manifest(hurt=entry(f"{INBOX}/a.pdf"), lost=entry("/elsewhere/z.pdf"))
    damaged = {"hurt": "documents/x.parquet: missing", "lost": "themes/x.parquet: missing"}
    undone = {"cut": "its last commit was broken off"}
    files = [found(f"{INBOX}/a.pdf", "hurt"), found(f"{INBOX}/b.pdf", "cut")]
    plan = make_plan(files, known, PRINT, SCOPE, damaged=damaged, undone=undone)
    assert actions(plan) == {
        "hurt": (Action.RETRY, "its files in OUT are damaged: documents/x.parquet: missing"),
        "cut": (Action.RETRY, "its last commit was broken off"),
    }
    # Damaged, and its bytes are not in this run's input: nothing can repair it now; it says so.
    assert plan.unrepaired == [("lost", "themes/x.parquet: missing")]


def test_new_bytes_at_a_known_path_replace_the_old_document():
    known = manifest(old=entry(f"{INBOX}/a.pdf"))
    plan = make_plan([found(f"{INBOX}/a.pdf", "new")], known, PRINT, SCOPE)
    (item,) = plan.items
    assert (item.action, item.replaces) == (Action.REPLACE, ("old",))
    assert plan.removals == ["old"]
    assert plan.paths == {"new": (f"{INBOX}/a.pdf",)}


def test_a_path_named_relatively_is_the_same_file_named_absolutely():
    """The plan knows files by their resolved path: how the user named them does not matter."""
    known = manifest(old=entry(f"{INBOX}/a.pdf"))
    relative = found(f"{INBOX}/a.pdf", "new", named="2019/a.pdf")
    plan = make_plan([relative], known, PRINT, [(INBOX, True)])
    assert plan.items[0].action is Action.REPLACE and plan.removals == ["old"]
    assert plan.items[0].source_path == "2019/a.pdf"


def test_a_copy_outside_the_run_keeps_the_old_document():
    known = manifest(old=entry(f"{INBOX}/a.pdf").with_paths((f"{INBOX}/a.pdf", "/backup/a.pdf")))
    plan = make_plan([found(f"{INBOX}/a.pdf", "new")], known, PRINT, SCOPE)
    assert actions(plan)["new"][0] is Action.CONVERT and plan.removals == []
    assert plan.paths["old"] == ("/backup/a.pdf",)


def test_new_bytes_already_known_elsewhere_remove_the_old_document():
    known = manifest(old=entry(f"{INBOX}/a.pdf"), known=entry(f"{INBOX}/b.pdf"))
    files = [found(f"{INBOX}/a.pdf", "known"), found(f"{INBOX}/b.pdf", "known")]
    plan = make_plan(files, known, PRINT, SCOPE)
    assert actions(plan)["known"] == (Action.SKIP, "unchanged")
    assert actions(plan)["old"][0] is Action.REMOVE and plan.removals == ["old"]
    assert plan.paths["known"] == (f"{INBOX}/a.pdf", f"{INBOX}/b.pdf")


def test_copies_are_one_document_with_every_path():
    files = [found(f"{INBOX}/a.pdf", "d"), found(f"{INBOX}/copy/a.pdf", "d")]
    plan = make_plan(files, manifest(), PRINT, SCOPE)
    (item,) = plan.items
    assert item.copies == (f"{INBOX}/copy/a.pdf",)
    assert plan.paths["d"] == (f"{INBOX}/a.pdf", f"{INBOX}/copy/a.pdf")


def test_gone_documents_are_kept_unless_pruned():
    known = manifest(gone=entry(f"{INBOX}/gone.pdf"), other=entry("/other/o.pdf"))
    kept = make_plan([], known, PRINT, SCOPE)
    assert kept.items == [] and kept.removals == []
    assert kept.paths == {"gone": (f"{INBOX}/gone.pdf",), "other": ("/other/o.pdf",)}
    pruned = make_plan([], known, PRINT, SCOPE, prune=True)
    assert actions(pruned) == {
        "gone": (Action.REMOVE, "not in this run's input (--prune)"),
        "other": (Action.REMOVE, "not in this run's input (--prune)"),
    }


def test_recorded_paths_gone_from_the_input_are_dropped_and_others_kept():
    old = entry(f"{INBOX}/a.pdf").with_paths(
        (f"{INBOX}/a.pdf", f"{INBOX}/moved-away.pdf", "/backup/a.pdf")
    )
    plan = make_plan([found(f"{INBOX}/a.pdf", "d")], manifest(d=old), PRINT, SCOPE)
    assert plan.paths["d"] == (f"{INBOX}/a.pdf", "/backup/a.pdf")


def test_the_plan_describes_itself_one_line_per_document():
    known = manifest(old=entry(f"{INBOX}/a.pdf"), gone=entry(f"{INBOX}/gone.pdf"))
    files = [found(f"{INBOX}/a.pdf", "new"), found(f"{INBOX}/b.pdf", "new")]
    text = make_plan(files, known, PRINT, SCOPE, prune=True).describe().splitlines()
    assert text[0] == "plan: 0 convert, 0 skip, 1 replace, 1 remove, 0 retry"
    assert text[1].startswith(f"replace  {INBOX}/a.pdf  (new bytes at a known path")
    assert text[2] == f"         {INBOX}/b.pdf  (same bytes as {INBOX}/a.pdf)"
    assert text[3] == f"remove   {INBOX}/gone.pdf  (not in this run's input (--prune))"
