"""The review queue: what the normaliser could not map, summed up, and a reviewer's answer to it.

The round trip: a run writes ``review_queue.parquet`` (doc_id, table, column, raw, best_id, score);
``summarise_queue`` groups it by raw text; the reviewer picks an id and ``accept`` records the raw
text as a local alias of that id in the overrides file; the next run loads the registry with that
file (``Registry.load(overrides_path)``) and the alias step maps the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .matching import exact_key
from .registry import Override, Registry, read_overrides, write_overrides
from .text import fold_whitespace

QueueSummary = list[tuple[str, int, str | None, float]]


def summarise_queue(queue: Any) -> QueueSummary:
    """(raw, count, best_id, best_score) per raw text, the most frequent first.

    ``queue`` is the path of review_queue.parquet, a pyarrow Table, a pandas DataFrame or an
    iterable of row mappings. The best id is the one of the highest score seen for that text.
    """
    groups: dict[str, list[Any]] = {}
    for row in _queue_rows(queue):
        raw = row["raw"]
        score = float(row["score"]) if row["score"] is not None else 0.0
        group = groups.setdefault(raw, [0, None, float("-inf")])
        group[0] += 1
        if score > group[2]:
            group[1], group[2] = row["best_id"], score
        elif group[1] is None and row["best_id"] is not None and score == group[2]:
            group[1] = row["best_id"]
    summary = [(raw, count, best_id, score) for raw, (count, best_id, score) in groups.items()]
    return sorted(summary, key=lambda item: (-item[1], -item[3], item[0]))


def format_queue(queue: Any) -> str:
    """The summary as a plain-text table; ``queue`` is a summary or what summarise_queue takes."""
    summary = queue if _is_summary(queue) else summarise_queue(queue)
    if not summary:
        return "The review queue is empty."
    id_width = max(len("best candidate"), *(len(best_id or "-") for _, _, best_id, _ in summary))
    lines = [f"{'count':>5}  {'score':>5}  {'best candidate':<{id_width}}  raw"]
    for raw, count, best_id, score in summary:
        shown = fold_whitespace(raw)
        lines.append(f"{count:>5}  {score:>5.1f}  {best_id or '-':<{id_width}}  {shown}")
    return "\n".join(lines)


def accept(
    raw: str,
    entity_id: str,
    municipality: str,
    overrides_path: Path,
    registry: Registry | None = None,
) -> None:
    """Record ``raw`` as a local alias of ``entity_id`` in ``municipality``: the next run maps it.

    The shipped registry is not touched. An earlier answer for the same text is replaced. Raises
    ValueError for an unknown id, an id of another municipality, an empty text, or a text that is
    already the name of another entity (the exact-name step would win over the alias).
    """
    text = fold_whitespace(raw).strip()
    if not text:
        raise ValueError("cannot accept an empty raw text")
    shipped = registry if registry is not None else Registry.load()
    entity = shipped.get(entity_id)
    if entity is None:
        raise ValueError(f"unknown id {entity_id!r}: not in the committee or unit registry")
    if entity.municipality != municipality:
        raise ValueError(
            f"id {entity_id!r} belongs to {entity.municipality}, not to {municipality}"
        )
    key = exact_key(text)
    for other in shipped.entities(entity.kind, municipality):
        if other.id != entity_id and other.name_known and exact_key(other.name) == key:
            raise ValueError(f"{text!r} is the name of {other.id}; it cannot also mean {entity_id}")
    kept = [
        override
        for override in read_overrides(overrides_path)
        if not (override.municipality == municipality and exact_key(override.raw) == key)
    ]
    write_overrides(overrides_path, [*kept, Override(municipality, text, entity_id)])


def _queue_rows(queue: Any) -> Iterable[Mapping[str, Any]]:
    if isinstance(queue, str | Path):
        import pyarrow.parquet as pq

        queue = pq.read_table(queue, columns=["raw", "best_id", "score"])
    if hasattr(queue, "to_pylist"):  # pyarrow Table
        return queue.to_pylist()
    if hasattr(queue, "to_dict") and hasattr(queue, "columns"):  # pandas DataFrame
        frame = queue.astype(object).where(queue.notna(), None)
        return frame.to_dict("records")
    return queue


def _is_summary(queue: Any) -> bool:
    return isinstance(queue, list) and all(isinstance(item, tuple) for item in queue)
