"""The pyarrow schemas of docs/CONTRACT.md: one per table the families declare, the documents
table, and the run-wide tables (registry, review queue).

Partitioned tables leave ``municipality`` out of their files: it lives in the path
(``municipality=<id>/``) and readers get it back through hive partitioning.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa

from extractors.tables import Column, ColumnType
from normalise.document import DOCUMENTS as DOCUMENTS_TABLE
from normalise.document import dataset_columns

CONTRACT_VERSION = "1.2"

PARTITION_KEY = "municipality"

_string = pa.string()
_strings = pa.list_(pa.string())

ARROW_TYPES: dict[ColumnType, pa.DataType] = {
    ColumnType.STRING: _string,
    ColumnType.STRINGS: _strings,
    ColumnType.INT8: pa.int8(),
    ColumnType.INT16: pa.int16(),
    ColumnType.INT32: pa.int32(),
    ColumnType.INT32S: pa.list_(pa.int32()),
    ColumnType.FLOAT32: pa.float32(),
    ColumnType.FLOAT64: pa.float64(),
    ColumnType.BOOL: pa.bool_(),
    ColumnType.DATE: pa.date32(),
    ColumnType.TIMESTAMP: pa.timestamp("us", tz="UTC"),
    ColumnType.COUNTS: pa.list_(
        pa.struct([("what", _string), ("announced", pa.int32()), ("read", pa.int32())])
    ),
}


def arrow_schema(columns: Iterable[Column]) -> pa.Schema:
    """The Arrow schema of declared columns. Every field stays nullable in the files (the
    contract's non-null columns are checked as rows are written, see ``missing_required``), so
    that a file's schema is the same whatever its rows hold."""
    return pa.schema([(column.name, ARROW_TYPES[column.type]) for column in columns])


_REGISTRY_FIELDS = [
    ("id", _string),
    ("municipality", _string),
    ("name", _string),
    ("abbreviation", _string),
    ("function", _string),
    ("valid_from", pa.date32()),
    ("valid_to", pa.date32()),
    ("aliases", _strings),
    ("verified", pa.bool_()),
]
COMMITTEES = pa.schema(_REGISTRY_FIELDS)
UNITS = pa.schema(_REGISTRY_FIELDS)

REVIEW_QUEUE = pa.schema(
    [
        ("doc_id", _string),
        ("table", _string),
        ("column", _string),
        ("raw", _string),
        ("best_id", _string),
        ("score", pa.float32()),
    ]
)

_COLUMNS = dataset_columns()
# The per-document tables, in the order a document's files are committed (documents last, so a
# document row is never visible before its details).
DOCUMENT_TABLES: dict[str, pa.Schema] = {
    name: arrow_schema(columns) for name, columns in _COLUMNS.items()
}
DOCUMENTS = DOCUMENT_TABLES[DOCUMENTS_TABLE]

# Columns that the contract marks non-null ("string" without "?").
REQUIRED: dict[str, frozenset[str]] = {
    name: frozenset(column.name for column in columns if not column.nullable)
    for name, columns in _COLUMNS.items()
}


def missing_required(table: str, rows: list[dict]) -> str | None:
    """What the first row that breaks the contract's non-null columns lacks, as one line; None
    when every row has them all."""
    required = REQUIRED.get(table, frozenset())
    for number, row in enumerate(rows, 1):
        missing = sorted(name for name in required if row.get(name) is None)
        if missing:
            return (
                f"{table} row {number}: {', '.join(missing)} missing, which the contract says is "
                "never null"
            )
    return None
