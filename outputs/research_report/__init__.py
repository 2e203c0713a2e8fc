"""The researcher's report: one static HTML file over an output directory, and its numbers as CSV.

``write_report(data, out)`` queries the datasets of ``data`` with DuckDB, writes ``out`` (default
``data/report.html``) and, beside it, one CSV file per table of numbers in ``<stem>_csv/``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..parquet import write_atomic
from ..store import Store
from . import figures
from .datasets import DatasetError, connect, document_columns
from .page import PageContext, render
from .queries import Result, run_all

__all__ = ["DatasetError", "ReportFiles", "csv_dir_for", "write_report"]

DEFAULT_NAME = "report.html"
CSV_SUFFIX = "_csv"


@dataclass(frozen=True, slots=True)
class ReportFiles:
    html: Path
    csv_dir: Path
    csv_files: tuple[Path, ...]
    plots: int


def csv_dir_for(html: Path) -> Path:
    return html.with_name(html.stem + CSV_SUFFIX)


def csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def csv_bytes(result: Result) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([csv_value(value) for value in row] for row in result.rows)
    return buffer.getvalue().encode("utf-8")


def plots_by_section(results: dict[str, Result]) -> dict[str, list[figures.Plot]]:
    return {
        "milestones_by_checkpoint": figures.milestones_by_checkpoint(
            results["milestones_by_checkpoint"]
        ),
        "achieved_by_committee": figures.share_achieved(
            results["achieved_by_committee"], "committee", "committee"
        ),
        "achieved_by_section": figures.share_achieved(
            results["achieved_by_section"], "section", "section"
        ),
        "economy_by_smiley": figures.economy_by_smiley(results["economy_by_smiley"]),
        "initiative_smileys": figures.initiative_smileys(results["initiative_smileys"]),
        "status_by_route": figures.status_by_route(results["status_by_route"]),
        "status_deadlines": figures.status_deadlines(results["status_rows"]),
        "plan_focus_areas": figures.plan_focus_areas(results["plan_focus_areas"]),
        "documents_by_status": figures.documents_by_status(results["documents_by_status"]),
        "coverage": figures.coverage(results["document_quality"]),
    }


def _manifest(data: Path) -> dict:
    """What the report says of the run: when it was and under which contract (empty if unread)."""
    raw = Store(data).read_manifest()
    try:
        manifest = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return manifest if isinstance(manifest, dict) else {}


def write_report(data: Path, out: Path | None = None) -> ReportFiles:
    """Write the report of the datasets in ``data``; raises DatasetError when there are none."""
    data = Path(data)
    html = Path(out) if out is not None else data / DEFAULT_NAME
    connection = connect(data)
    try:
        results = run_all(connection, document_columns(connection))
    finally:
        connection.close()
    plots = plots_by_section(results)
    csv_dir = csv_dir_for(html)
    manifest = _manifest(data)
    page = render(
        PageContext(
            data_dir=str(data),
            updated_at=manifest.get("updated_at"),
            contract_version=manifest.get("contract_version"),
            csv_dir=csv_dir.name,
            results=results,
            plots=plots,
        )
    )
    written = []
    for result in results.values():
        path = csv_dir / f"{result.name}.csv"
        write_atomic(path, csv_bytes(result))
        written.append(path)
    for stale in set(csv_dir.glob("*.csv")) - set(written):  # a table this version no longer has
        stale.unlink()
    write_atomic(html, page.encode("utf-8"))
    count = sum(len(section) for section in plots.values())
    return ReportFiles(html, csv_dir, tuple(written), count)
