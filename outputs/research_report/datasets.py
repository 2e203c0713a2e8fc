"""The datasets of one output directory as DuckDB views, and the documents a report counts.

Each table folder reads as one view with ``municipality`` from the partition path; a table with no
files yet is an empty view of its contract schema, so that every query runs on every directory.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from ..schemas import COMMITTEES, DOCUMENT_TABLES, PARTITION_KEY, REVIEW_QUEUE, UNITS

# Columns of contract 1.1 that the report's views rest on: data written before them cannot be
# reported on truthfully (every milestone would read "due unknown").
REQUIRED_COLUMNS = {
    "documents": ("report_key",),
    "milestones": ("checkpoint_year", "due"),
    "status_items": ("status_class",),
}
# Contract 1.1 columns that other parts of the pipeline add; shown where the data has them.
OPTIONAL_DOCUMENT_COLUMNS = ("coverage", "warnings", "ocr_pages")

RUN_WIDE_FILES = {
    "committees": ("committees.parquet", COMMITTEES),
    "units": ("units.parquet", UNITS),
    "review_queue": ("review_queue.parquet", REVIEW_QUEUE),
}

# One file per report: where several files hold one report, the one read completely (`ok`) counts,
# then the first by file name. Failed files hold no rows and never count.
COUNTED_DOCUMENTS = """
CREATE VIEW counted_documents AS
SELECT * FROM documents
WHERE status <> 'failed'
QUALIFY row_number() OVER (
    PARTITION BY coalesce(report_key, doc_id)
    ORDER BY status = 'ok' DESC, file_name, doc_id
) = 1
"""


class DatasetError(Exception):
    """The directory holds no datasets the report can read; the message says what to do."""


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _empty(schema: pa.Schema, partitioned: bool) -> pa.Table:
    if partitioned:
        schema = schema.append(pa.field(PARTITION_KEY, pa.string()))
    return schema.empty_table()


def _columns(connection: duckdb.DuckDBPyConnection, view: str) -> set[str]:
    return {row[0] for row in connection.execute(f"DESCRIBE {view}").fetchall()}


def connect(data: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one view per table of ``data`` and ``counted_documents``."""
    data = Path(data)
    if not (data / "documents").is_dir():
        raise DatasetError(f"no datasets in {data}: run `opfolg ingest … --out {data}` first")
    connection = duckdb.connect()
    for table, schema in DOCUMENT_TABLES.items():
        folder = data / table
        if any(folder.glob(f"{PARTITION_KEY}=*/*.parquet")):
            pattern = _quoted(folder / "**" / "*.parquet")
            connection.execute(
                f"CREATE VIEW {table} AS SELECT * FROM read_parquet({pattern}, "
                "hive_partitioning = true, union_by_name = true)"
            )
        else:
            connection.register(f"{table}_empty", _empty(schema, partitioned=True))
            connection.execute(f"CREATE VIEW {table} AS SELECT * FROM {table}_empty")
    for view, (name, schema) in RUN_WIDE_FILES.items():
        path = data / name
        if path.is_file():
            connection.execute(f"CREATE VIEW {view} AS SELECT * FROM read_parquet({_quoted(path)})")
        else:
            connection.register(f"{view}_empty", _empty(schema, partitioned=False))
            connection.execute(f"CREATE VIEW {view} AS SELECT * FROM {view}_empty")
    for table, required in REQUIRED_COLUMNS.items():
        missing = [column for column in required if column not in _columns(connection, table)]
        if missing:
            raise DatasetError(
                f"{data}/{table} has no {', '.join(missing)} (contract 1.1): the datasets were "
                "written by an older opfolg; run `opfolg ingest` on the same input again (it "
                "converts every document once for the new columns)"
            )
    connection.execute(COUNTED_DOCUMENTS)
    return connection


def document_columns(connection: duckdb.DuckDBPyConnection) -> set[str]:
    """The optional contract-1.1 columns the documents view has."""
    present = _columns(connection, "documents")
    return {column for column in OPTIONAL_DOCUMENT_COLUMNS if column in present}
