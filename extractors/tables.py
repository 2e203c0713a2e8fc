"""What a family declares it produces: its tables, their columns, and how its records become rows.

A column is written in the contract's own notation (``"seq: int8"``, ``"section: string?"``; a
``?`` marks a column that may be null), so a declaration reads like docs/CONTRACT.md and can be
checked against it. The types are named, not built: the extractors know nothing of Parquet, and
``outputs/`` turns each type into its Arrow type.

A table's rows are made by the family's own function from the family's own records, with the
shared normalisation (clean text, dates, checkpoints, committee and unit ids) handed in as a
``Normalising``; the normaliser implements it. The pipeline, the normaliser, the writers, the
manifest counts and the summary take everything else from the declarations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Protocol


class ColumnType(Enum):
    """The column types of the contract, spelled as the contract spells them."""

    STRING = "string"
    STRINGS = "list<string>"
    INT8 = "int8"
    INT16 = "int16"
    INT32 = "int32"
    INT32S = "list<int32>"
    FLOAT32 = "float32"
    FLOAT64 = "float64"
    BOOL = "bool"
    DATE = "date32"
    TIMESTAMP = "timestamp"  # microseconds, UTC
    # What a document announces against what was read, one entry per kind of thing counted.
    COUNTS = "list<struct<what: string, announced: int32, read: int32>>"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: ColumnType
    nullable: bool

    @classmethod
    def parse(cls, spec: str) -> Column:
        """``"name: type"`` or ``"name: type?"``, as docs/CONTRACT.md writes a column."""
        name, _, kind = (part.strip() for part in spec.partition(":"))
        if not name or not kind:
            raise ValueError(f"a column is 'name: type', not {spec!r}")
        nullable = kind.endswith("?")
        return cls(name, ColumnType(kind.rstrip("?")), nullable)

    def __str__(self) -> str:
        return f"{self.name}: {self.type.value}{'?' if self.nullable else ''}"


def columns(*specs: str) -> tuple[Column, ...]:
    parsed = tuple(Column.parse(spec) for spec in specs)
    names = [column.name for column in parsed]
    if len(set(names)) != len(names):
        raise ValueError(f"a column named twice among {names}")
    return parsed


class CheckpointLike(Protocol):
    """A milestone's checkpoint as the normaliser reads it."""

    @property
    def round(self) -> int | None: ...
    @property
    def date(self) -> date | None: ...
    @property
    def year(self) -> int | None: ...


class Normalising(Protocol):
    """The shared normalisation a family's rows are made with, for one document.

    Every id a method returns is canonical; a name matched below the confidence threshold gives
    no id and goes to the review queue under (``table``, ``column``), never to a guess.
    """

    @property
    def doc_id(self) -> str: ...

    def text(self, raw: str | None) -> str | None:
        """Clean text: markup removed, whitespace folded; None when nothing is left."""

    def line(self, raw: str | None) -> str | None:
        """Whitespace folded to single spaces, nothing else changed; None stays None."""

    def checkpoint(self, raw: str | None) -> CheckpointLike:
        """The follow-up round, date and year a checkpoint text names."""

    def due(self, checkpoint: CheckpointLike) -> bool | None:
        """Whether the checkpoint is at or before this document's own follow-up."""

    def deadline(self, raw: str | None) -> date | None:
        """The last day a deadline text allows."""

    def route(self, raw: str | None) -> list[str]:
        """The steps of a committee route ("ØU → KB"), in order."""

    def amount_mdkk(self, text: str | None) -> float | None:
        """The first amount in the text, in millions of kroner."""

    def status_class(self, text: str | None) -> str | None:
        """``done``, ``ongoing`` or ``planned`` by the rules of docs/RULES.md; else None."""

    def committee_ids(self, raw: str | None, table: str, column: str) -> list[str]:
        """The committees a text names, in the order named."""

    def unit_ids(self, raw: str | None, table: str, column: str) -> list[str]:
        """The units (centres, departments) a text names, in the order named."""


Row = dict[str, Any]
RowMaker = Callable[[Sequence[Any], Normalising], list[Row]]


@dataclass(frozen=True, slots=True)
class Tally:
    """Values of one column counted over a document's rows, for the manifest and the summary
    (the milestones' smileys by colour)."""

    key: str  # the name of the counts in the manifest
    column: str
    label: str  # how the summary names the counts
    values: tuple[str, ...]  # the values the summary always shows, in this order


@dataclass(frozen=True, slots=True)
class Table:
    """One dataset a family writes: one Parquet file per document, partitioned by municipality."""

    name: str
    columns: tuple[Column, ...]
    rows: RowMaker
    label: str  # how the run summary names its rows ("economy rows")
    tallies: tuple[Tally, ...] = ()

    @property
    def required(self) -> frozenset[str]:
        """The columns the contract says are never null."""
        return frozenset(column.name for column in self.columns if not column.nullable)
