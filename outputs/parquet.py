"""Parquet files written so that a reader never sees half of one and unchanged data stays
byte-identical."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

COMPRESSION = "zstd"
TEMP_PREFIX = "."  # pyarrow datasets skip names starting with "." and DuckDB's *.parquet glob too
TEMP_SUFFIX = ".tmp"


def to_table(rows: list[dict], schema: pa.Schema) -> pa.Table:
    columns = {name: [row.get(name) for row in rows] for name in schema.names}
    return pa.Table.from_pydict(columns, schema=schema)


def parquet_bytes(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression=COMPRESSION)
    return buffer.getvalue()


def temp_path(path: Path) -> Path:
    return path.with_name(f"{TEMP_PREFIX}{path.name}.{os.getpid()}{TEMP_SUFFIX}")


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file and a rename; False when unchanged."""
    if path.exists() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    os.replace(stage(path, data), path)
    return True


def stage(path: Path, data: bytes) -> Path:
    """Write ``data`` beside ``path`` under a hidden temporary name, ready to be renamed.

    A write that fails (a full disk) leaves no temporary behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_path(path)
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp
