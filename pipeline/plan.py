"""What a run will do, decided before it does anything: a pure function of what the input holds,
what the manifest says and what the output directory's check found.

Each input document is converted (new bytes, or bytes converted before by another release,
backend or registry, or everything with --force), skipped (unchanged), converted in place of the
document whose path now holds it (replace), or tried again (retry: it failed last time, its files
in OUT are missing or damaged, or its commit was broken off). A document no longer in the input is
kept, or removed with --prune; one whose every path now holds other bytes is removed as replaced.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from .discover import Input, in_scope
from .manifest import Manifest, ManifestEntry


class Action(Enum):
    CONVERT = "convert"
    SKIP = "skip"
    REPLACE = "replace"
    REMOVE = "remove"
    RETRY = "retry"


CONVERSIONS = (Action.CONVERT, Action.REPLACE, Action.RETRY)


@dataclass(frozen=True, slots=True)
class Found:
    """An input file and the id of its bytes."""

    input: Input
    doc_id: str


@dataclass(frozen=True, slots=True)
class PlanItem:
    action: Action
    doc_id: str
    source_path: str  # as named (for a removal: as named when it was converted)
    reason: str
    input: Input | None = None  # None for a removal
    copies: tuple[str, ...] = ()  # other inputs of this run with the same bytes, as named
    replaces: tuple[str, ...] = ()  # doc ids that leave the datasets for this one


@dataclass(slots=True)
class Plan:
    items: list[PlanItem] = field(default_factory=list)
    # The resolved paths the manifest will name for every document that stays.
    paths: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Documents whose files are damaged and whose bytes are not in this run's input: (doc_id, why).
    unrepaired: list[tuple[str, str]] = field(default_factory=list)

    def of(self, *actions: Action) -> list[PlanItem]:
        return [item for item in self.items if item.action in actions]

    @property
    def conversions(self) -> list[PlanItem]:
        return self.of(*CONVERSIONS)

    @property
    def removals(self) -> list[str]:
        """Every doc id that leaves the datasets: removed, or replaced by a conversion."""
        gone = [item.doc_id for item in self.of(Action.REMOVE)]
        return gone + [old for item in self.items for old in item.replaces]

    def describe(self) -> str:
        """The plan as a person reads it: one line per document, the action first."""
        lines = []
        for item in self.items:
            line = f"{item.action.value:<8} {item.source_path}  ({item.reason})"
            lines.append(line)
            lines += [f"{'':<8} {copy}  (same bytes as {item.source_path})" for copy in item.copies]
        for doc_id, why in self.unrepaired:
            lines.append(f"{'damaged':<8} doc_id {doc_id}  ({why}; not in this run's input)")
        counts = ", ".join(f"{len(self.of(action))} {action.value}" for action in Action)
        return "\n".join([f"plan: {counts}", *lines])


def legacy_paths(entry: ManifestEntry) -> tuple[str, ...]:
    """Where a manifest entry's bytes were found; written before paths were recorded, the path
    it was named by, resolved now."""
    if entry.paths:
        return entry.paths
    return (str(Path(entry.source_path).resolve()),) if entry.source_path else ()


def make_plan(
    found: Iterable[Found],
    manifest: Manifest,
    fingerprint: str,
    scope: list[tuple[str, bool]],
    damaged: dict[str, str] | None = None,
    undone: dict[str, str] | None = None,
    prune: bool = False,
    force: bool = False,
) -> Plan:
    """The plan of a run.

    ``damaged``: documents of the manifest whose files in OUT are missing or damaged, with why;
    ``undone``: documents whose rows were taken out before planning (a broken-off commit, rows no
    manifest vouched for), with why; ``scope``: the run's named paths, resolved, as
    ``Discovery.scope`` gives them (a recorded path in scope that was not found has gone).
    """
    damaged, undone = damaged or {}, undone or {}
    by_doc: dict[str, list[Input]] = {}
    holder: dict[str, str] = {}  # resolved path -> the doc id found there
    for item in found:
        by_doc.setdefault(item.doc_id, []).append(item.input)
        holder[item.input.resolved] = item.doc_id

    decisions = {
        doc_id: _decide(doc_id, manifest.documents.get(doc_id), fingerprint, damaged, undone, force)
        for doc_id in by_doc
    }
    plan = Plan()
    removals: list[PlanItem] = []  # listed after the input's documents
    replaced_by: dict[str, list[str]] = {}
    for doc_id, entry in sorted(manifest.documents.items()):
        if doc_id in by_doc:
            continue
        recorded = legacy_paths(entry)
        changed = [p for p in recorded if p in holder]
        elsewhere = [p for p in recorded if p not in holder and not in_scope(p, scope)]
        if changed and not elsewhere:
            new_id = holder[changed[0]]
            if decisions[new_id][0] is not Action.SKIP:
                replaced_by.setdefault(new_id, []).append(doc_id)
                continue
            reason = f"replaced: {changed[0]} now holds bytes already in the datasets"
            removals.append(PlanItem(Action.REMOVE, doc_id, entry.source_path, reason))
        elif prune:
            reason = "not in this run's input (--prune)"
            removals.append(PlanItem(Action.REMOVE, doc_id, entry.source_path, reason))
        else:
            plan.paths[doc_id] = tuple(elsewhere) or tuple(p for p in recorded if p not in changed)
            if doc_id in damaged:
                plan.unrepaired.append((doc_id, damaged[doc_id]))

    for doc_id, inputs in by_doc.items():
        first, entry = inputs[0], manifest.documents.get(doc_id)
        copies = tuple(i.source_path for i in inputs[1:])
        replaces = tuple(replaced_by.get(doc_id, ()))
        action, reason = decisions[doc_id]
        if replaces and action is not Action.RETRY:
            action = Action.REPLACE
            reason = f"new bytes at a known path, in place of doc_id {', '.join(replaces)}"
        item = PlanItem(action, doc_id, first.source_path, reason, first, copies, replaces)
        plan.items.append(item)
        here = {i.resolved for i in inputs}
        recorded = legacy_paths(entry) if entry else ()
        kept = {p for p in recorded if p not in holder and not in_scope(p, scope)}
        plan.paths[doc_id] = tuple(sorted(here | kept))
    plan.items += removals
    return plan


def _decide(
    doc_id: str,
    entry: ManifestEntry | None,
    fingerprint: str,
    damaged: dict[str, str],
    undone: dict[str, str],
    force: bool,
) -> tuple[Action, str]:
    if doc_id in undone:
        return Action.RETRY, undone[doc_id]
    if doc_id in damaged:
        return Action.RETRY, f"its files in OUT are damaged: {damaged[doc_id]}"
    if entry is None:
        return Action.CONVERT, "new"
    if force:
        return Action.CONVERT, "--force"
    if entry.fingerprint != fingerprint:
        return Action.CONVERT, "converted before by another release, backend or registry"
    if entry.status == "failed":
        return Action.RETRY, f"failed last time: {entry.error}"
    return Action.SKIP, "unchanged"
