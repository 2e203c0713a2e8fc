"""A document's datasets against its truth JSON, field by field: what differs, in words.

One conversion per (file, backend), the way a worker converts it, so that a difference anywhere
(layout, family, normaliser) shows here. Used by the sample and layout-variation tests.
"""

from __future__ import annotations

import hashlib
import operator
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

from page_joints import ambiguous_joints, same_reading

from normalise.deadlines import split_route
from pipeline.convert import ConvertTask, convert_rows

KIND = {"Drift": "drift", "Anlæg": "anlaeg"}


@lru_cache(maxsize=256)
def converted(path: Path, backend: str) -> dict[str, list[dict]]:
    """Every table's rows for one file and backend (the documents row included)."""
    task = ConvertTask(
        path=str(path),
        source_path=str(path),
        file_name=path.name,
        doc_id=hashlib.sha256(path.read_bytes()).hexdigest(),
        ingested_at=datetime(2026, 1, 1, tzinfo=UTC),
        backend=backend,
        password=None,
        max_pages=1000,
        overrides=None,
    )
    return convert_rows(task).tables


def differences(path: Path, truth: dict, backend: str) -> list[str]:
    tables = converted(path, backend)
    found = _document(tables, truth["document"])
    doc_type = truth["document"]["doc_type"]
    if doc_type == "budget_followup":

        def same(got, want) -> bool:
            return got == want or same_reading(got, want, ambiguous_joints(path))

        found += _budget_followup(tables, truth["initiatives"], same)
    elif doc_type == "status_list":
        found += _status_list(tables, truth["items"])
    elif doc_type == "business_plan":
        found += _business_plan(tables, truth["focus_areas"])
    else:
        found += _themes(tables, truth["themes"])
    return found


def _compare(where: str, got, want, out: list[str], same=operator.eq) -> None:
    if not same(got, want):
        out.append(f"{where}: got {got!r}, want {want!r}")


def _document(tables: dict, want: dict) -> list[str]:
    out: list[str] = []
    (row,) = tables["documents"]
    _compare("status", (row["status"], row["error"]), ("ok", None), out)
    for column in ("doc_type", "title", "budget_year", "followup_round"):
        _compare(column, row[column], want[column], out)
    published = date.fromisoformat(want["published"]) if want["published"] else None
    _compare("published", row["published"], published, out)
    return out


def _budget_followup(tables: dict, initiatives: list[dict], same) -> list[str]:
    out: list[str] = []
    rows = tables.get("initiatives", [])
    keys = [(r["agreement"], r["initiative_no"]) for r in rows]
    want_keys = [(e["agreement"], e["number"]) for e in initiatives]
    if keys != want_keys:
        missing = [k for k in want_keys if k not in keys]
        extra = [k for k in keys if k not in want_keys]
        out.append(
            f"initiatives: {len(keys)} read, {len(want_keys)} in truth; "
            f"missing {missing[:5]}, extra {extra[:5]}"
        )
    by_key = {(r["agreement"], r["initiative_no"]): r for r in rows}
    milestones: dict[tuple, list[dict]] = {}
    for m in tables.get("milestones", []):
        milestones.setdefault((m["agreement"], m["initiative_no"]), []).append(m)
    economy = {(r["agreement"], r["initiative_no"]): r for r in tables.get("economy", [])}
    for want in initiatives:
        key = (want["agreement"], want["number"])
        where = f"{key[0][-4:]} {key[1]}"
        row = by_key.get(key)
        if row is None:
            continue
        for column, truth_key in (
            ("section", "section"),
            ("title", "title"),
            ("description", "description"),
            ("responsible_unit_raw", "responsible_center"),
            ("responsible_committee_raw", "responsible_committee"),
            ("contributor_raw", "contributor"),
            ("latest_status", "latest_status"),
        ):
            _compare(f"{where} {column}", row[column], want[truth_key], out, same)
        _compare(f"{where} kind", row["kind"], KIND[want["kind"]], out)
        got_m = [
            (m["seq"], m["checkpoint_raw"], m["text"], m["smiley"]) for m in milestones.get(key, [])
        ]
        want_m = [(m["seq"], m["checkpoint"], m["text"], m["smiley"]) for m in want["milestones"]]
        if len(got_m) != len(want_m):
            out.append(f"{where} milestones: {len(got_m)} read, {len(want_m)} in truth")
        for g, w in zip(got_m, want_m, strict=False):
            _compare(f"{where} milestone {w[0]}", g, w, out, same)
        got_e = economy.get(key)
        want_e = want["economy"]
        _compare(
            f"{where} economy",
            (got_e["text"], got_e["smiley"]) if got_e else None,
            (want_e["text"], want_e["smiley"]) if want_e else None,
            out,
            same,
        )
    return out


def _status_list(tables: dict, items: list[dict]) -> list[str]:
    out: list[str] = []
    rows = tables.get("status_items", [])
    if len(rows) != len(items):
        out.append(f"items: {len(rows)} read, {len(items)} in truth")
    for row, want in zip(rows, items, strict=False):
        where = f"item {want['seq']}"
        got = (
            row["seq"],
            row["section"],
            row["title"],
            row["text"],
            [part.strip() for part in (row["responsible_raw"] or "").split("/") if part.strip()],
            row["deadline_raw"],
            row["status_text"],
        )
        expected = (
            want["seq"],
            want["section"],
            want["title"],
            want["text"],
            want["responsible"],
            want["deadline"],
            want["status"],
        )
        _compare(where, got, expected, out)
        _compare(f"{where} route", split_route(row["committees_raw"]), want["committees"], out)
    return out


def _business_plan(tables: dict, focus_areas: list[dict]) -> list[str]:
    out: list[str] = []
    want = [
        (a["number"], a["title"], g["number"], g["title"], g["actions"], g["indicators"])
        for a in focus_areas
        for g in a["goals"]
    ]
    got = [
        (
            r["focus_area_no"],
            r["focus_area"],
            r["goal_no"],
            r["goal"],
            r["actions"],
            r["indicators"],
        )
        for r in tables.get("goals", [])
    ]
    if len(got) != len(want):
        out.append(f"goals: {len(got)} read, {len(want)} in truth")
    for g, w in zip(got, want, strict=False):
        _compare(f"goal {w[2]}", g, w, out)
    return out


def _themes(tables: dict, themes: list[str]) -> list[str]:
    out: list[str] = []
    _compare("themes", [r["theme"] for r in tables.get("themes", [])], themes, out)
    return out
