"""`opfolg report`: the numbers the page shows, checked against DuckDB queries of this test's own
over the samples' Parquet (not the report's queries), and the page's independence of anything
outside it.

The samples hold two files of one Ballerup report; the report counts it once.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from conftest import opfolg
from report_page import ReportPage

from outputs.research_report import DatasetError, write_report

COUNTED_BALLERUP = "ballerup_opfoelgning_2019_2.pdf"  # of two files of one report: ok, first name


@pytest.fixture(scope="module")
def report(ingested, tmp_path_factory) -> tuple[Path, ReportPage]:
    out = tmp_path_factory.mktemp("report") / "report.html"
    files = write_report(ingested, out)
    assert files.html == out and files.csv_dir == out.with_name("report_csv")
    return out, ReportPage.read(out)


@pytest.fixture(scope="module")
def db(ingested) -> duckdb.DuckDBPyConnection:
    """The samples' datasets, with the files that count: one per report_key."""
    connection = duckdb.connect()
    for table in ("documents", "initiatives", "milestones", "economy", "status_items", "goals"):
        connection.execute(
            f"CREATE VIEW {table} AS SELECT * FROM read_parquet("
            f"'{ingested}/{table}/*/*.parquet', hive_partitioning = true)"
        )
    connection.execute(
        f"CREATE VIEW committees AS SELECT * FROM read_parquet('{ingested}/committees.parquet')"
    )
    connection.execute(
        """
        CREATE VIEW counted AS
        SELECT arg_min(doc_id, (status <> 'ok', file_name)) AS doc_id
        FROM documents GROUP BY coalesce(report_key, doc_id)
        """
    )
    connection.execute(
        "CREATE VIEW m AS SELECT * FROM milestones WHERE doc_id IN (SELECT doc_id FROM counted)"
    )
    return connection


def _one(db, sql: str):
    return db.execute(sql).fetchone()


def test_headline_counts_reports_not_files(report, db):
    _, page = report
    cards = {name: int(value) for name, value in page.cards.items()}
    files, reports = _one(db, "SELECT count(*), count(DISTINCT report_key) FROM documents")
    assert (cards["files"], cards["reports"]) == (files, reports) == (6, 5)
    # One file of the Ballerup sample, as the samples' README counts it.
    assert cards["initiatives"] == 90
    assert cards["milestones"] == 360
    assert (cards["green"], cards["yellow"], cards["red"]) == (117, 26, 1)
    due, rated, not_due = _one(
        db,
        "SELECT count(*) FILTER (due), count(smiley) FILTER (due), "
        "count(*) FILTER (NOT due) FROM m",
    )
    assert (cards["due"], cards["due_rated"], cards["not_yet_due"]) == (due, rated, not_due)
    assert cards["status_items"] == _one(db, "SELECT count(*) FROM status_items")[0] == 14
    assert cards["goals"] == _one(db, "SELECT count(*) FROM goals")[0] == 9


def test_milestones_by_checkpoint(report, db):
    _, page = report
    figure = "milestones-by-checkpoint-ballerup"
    expected = {
        (agreement, checkpoint_round, smiley): n
        for agreement, checkpoint_round, smiley, n in db.execute(
            """
            SELECT agreement, checkpoint_round, coalesce(smiley, 'due, not rated'), count(*)
            FROM m WHERE due GROUP BY ALL
            """
        ).fetchall()
    }
    shown = {}
    for name in ("green", "yellow", "red", "due, not rated"):
        trace = page.trace(figure, name)
        agreements, checkpoints = trace["x"]
        for agreement, checkpoint, n in zip(agreements, checkpoints, trace["y"], strict=True):
            checkpoint_round = 4 if checkpoint.startswith("year-end") else int(checkpoint[6])
            if n:
                shown[(agreement, checkpoint_round, name)] = n
    assert shown == expected
    assert sum(shown.values()) == 188
    table = page.tables["milestones_by_checkpoint"]
    assert sum(int(row["due"]) for row in table) == 188
    assert [row["checkpoint"] for row in table] == [
        "round 1 2018", "round 2 2018", "round 3 2018", "year-end 2018",
        "round 1 2019", "round 2 2019",
    ]  # fmt: skip


def test_share_achieved_per_committee(report, db):
    _, page = report
    expected = {
        (agreement, name): (due, rated, green)
        for agreement, name, due, rated, green in db.execute(
            """
            WITH per_committee AS (
                SELECT m.agreement, m.smiley, unnest(i.responsible_committee_ids) AS id
                FROM m JOIN initiatives i USING (doc_id, agreement, initiative_no)
                WHERE m.due
            )
            SELECT agreement, c.name, count(*), count(smiley),
                count(*) FILTER (smiley = 'green')
            FROM per_committee JOIN committees c USING (id)
            GROUP BY ALL
            """
        ).fetchall()
    }
    table = page.tables["achieved_by_committee"]
    shown = {
        (row["agreement"], row["committee"]): (
            int(row["due"]),
            int(row["rated"]),
            int(row["green"]),
        )
        for row in table
    }
    assert shown == expected
    for row in table:
        due, rated, green = expected[(row["agreement"], row["committee"])]
        assert row["share_achieved"] == f"{green / rated * 100:.1f} %"
    for agreement in ("Aftale om budget 2018", "Aftale om budget 2019"):
        trace = page.trace("achieved-by-committee-ballerup", agreement)
        for committee, share in zip(trace["y"], trace["x"], strict=True):
            due, rated, green = expected[(agreement, committee)]
            assert share == pytest.approx(green / rated, abs=1e-4)


def test_share_achieved_per_section(report, db):
    _, page = report
    expected = dict(
        db.execute(
            """
            SELECT i.section, count(*) FILTER (m.smiley = 'green') / count(m.smiley)
            FROM m JOIN initiatives i USING (doc_id, agreement, initiative_no)
            WHERE m.due AND i.agreement = 'Aftale om budget 2019'
            GROUP BY ALL
            """
        ).fetchall()
    )
    trace = page.trace("achieved-by-section-ballerup", "Aftale om budget 2019")
    assert len(trace["y"]) == len(expected) == 7
    for section, share in zip(trace["y"], trace["x"], strict=True):
        (full,) = [name for name in expected if name.startswith(section.rstrip("…"))]
        assert share == pytest.approx(expected[full], abs=1e-4)


def test_economy_apart(report, db):
    _, page = report
    expected = dict(
        db.execute(
            """
            SELECT coalesce(smiley, 'not rated'), count(*) FROM economy
            WHERE doc_id IN (SELECT doc_id FROM counted) GROUP BY ALL
            """
        ).fetchall()
    )
    shown = Counter()
    for name in ("green", "yellow", "red", "not rated"):
        shown[name] = sum(page.trace("economy-by-smiley-ballerup", name)["y"])
    assert {k: v for k, v in shown.items() if v} == expected
    assert expected == {"green": 32, "red": 6, "not rated": 52}  # the samples' README


def test_heat_map_cells_and_red_and_yellow_list(report, db):
    _, page = report
    states = ["not yet due", "due unknown", "due, not rated", "green", "yellow", "red"]
    shown = Counter()
    rows = 0
    for name, figure in page.figures.items():
        if name.startswith("initiative-smileys-"):
            (heatmap,) = figure["data"]
            rows += len(heatmap["y"])
            shown.update(states[z] for line in heatmap["z"] for z in line if z is not None)
    expected = dict(
        db.execute(
            """
            SELECT CASE WHEN smiley IS NOT NULL THEN smiley
                        WHEN due THEN 'due, not rated' ELSE 'not yet due' END, count(*)
            FROM m GROUP BY ALL
            """
        ).fetchall()
    )
    assert dict(shown) == expected
    assert rows == 90
    listed = {
        (row["initiative_no"], row["checkpoint"], row["smiley"], row["file_name"], int(row["page"]))
        for row in page.tables["red_and_yellow"]
    }
    expected_list = {
        (no, f"{'year-end' if r == 4 else f'round {r}'} {year}", smiley, COUNTED_BALLERUP, p)
        for no, r, year, smiley, p in db.execute(
            """
            SELECT initiative_no, checkpoint_round, checkpoint_year, smiley, page
            FROM m WHERE smiley IN ('red', 'yellow')
            """
        ).fetchall()
    }
    assert listed == expected_list and len(listed) == 27


def test_status_items_by_route_and_class(report, db):
    _, page = report
    expected = {
        route: (items, ongoing, unsettled)
        for route, items, ongoing, unsettled in db.execute(
            """
            WITH steps AS (
                SELECT seq, unnest(committee_ids) AS id,
                    generate_subscripts(committee_ids, 1) AS k
                FROM status_items
            ), named AS (
                SELECT seq, k, coalesce(c.abbreviation, c.name) AS step
                FROM steps JOIN committees c USING (id)
            ), routes AS (
                SELECT s.seq, s.status_class,
                    coalesce((SELECT string_agg(step, ' → ' ORDER BY k) FROM named
                              WHERE named.seq = s.seq), '(no route)') AS route
                FROM status_items s
            )
            SELECT route, count(*), count(*) FILTER (status_class = 'ongoing'),
                count(*) FILTER (status_class IS NULL)
            FROM routes GROUP BY ALL
            """
        ).fetchall()
    }
    shown = {
        row["route"]: (int(row["items"]), int(row["ongoing"]), int(row["unsettled"]))
        for row in page.tables["status_by_route"]
    }
    assert shown == expected
    assert expected["BU → ØU → KB"] == (2, 1, 1)
    dated = sum(len(trace["x"]) for trace in page.figures["status-deadlines-albertslund"]["data"])
    assert dated == _one(db, "SELECT count(deadline_date) FROM status_items")[0] == 6
    assert len(page.tables["status_rows"]) == 14


def test_plan_actions_and_indicators(report, db):
    _, page = report
    expected = db.execute(
        """
        SELECT focus_area_no, sum(len(actions)), sum(len(indicators)) FROM goals
        GROUP BY focus_area_no ORDER BY focus_area_no::INTEGER
        """
    ).fetchall()
    figure = "plan-focus-areas-albertslund-1"
    actions, indicators = page.trace(figure, "actions"), page.trace(figure, "indicators")
    assert [label.split(".")[0] for label in actions["y"]] == [row[0] for row in expected]
    assert actions["x"] == [row[1] for row in expected]
    assert indicators["x"] == [row[2] for row in expected]
    assert sum(actions["x"]) == 22 and sum(indicators["x"]) == 16


def test_data_quality_lists_every_file(report, db):
    _, page = report
    rows = page.tables["document_quality"]
    expected = dict(db.execute("SELECT file_name, status FROM documents").fetchall())
    assert {row["file_name"]: row["status"] for row in rows} == expected
    counted = {row["file_name"] for row in rows if row["counted"] == "yes"}
    assert counted == set(expected) - {"ballerup_opfoelgning_2019_2_vector.pdf"}
    (shared,) = page.tables["shared_reports"]
    assert shared["report_key"] == "ballerup/budget_followup/2019/2"
    assert shared["counted_file"] == COUNTED_BALLERUP


def test_every_counted_row_has_its_file_and_page(report):
    _, page = report
    for view in (
        "due_milestones",
        "initiative_smileys",
        "economy_rows",
        "status_rows",
        "goal_rows",
    ):
        rows = page.tables[view]
        assert rows, view
        assert all(row["file_name"].endswith(".pdf") and int(row["page"]) >= 1 for row in rows)
    assert len(page.tables["due_milestones"]) == 188


def test_csv_files_hold_the_same_numbers(report):
    out, page = report
    folder = out.with_name("report_csv")
    with open(folder / "milestones_by_checkpoint.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    shown = page.tables["milestones_by_checkpoint"]
    assert len(rows) == len(shown)
    for written, row in zip(rows, shown, strict=True):
        for column in ("agreement", "checkpoint", "due", "rated", "green", "yellow", "red"):
            assert written[column] == row[column]
        assert f"{float(written['share_achieved']) * 100:.1f} %" == row["share_achieved"]
    names = {path.stem for path in folder.glob("*.csv")}
    assert set(page.tables) <= names


def test_nothing_outside_the_page(report):
    """No element loads anything: no src or href but in-page anchors, no stylesheet links, no
    url() or @import in styles (the browser test checks the same by the requests it sees)."""
    _, page = report
    scripts = re.findall(r"<script[^>]*>.*?</script>", page.html, re.S)
    assert len(scripts) == 2 + len(page.figures)  # plotly.js, the drawing, one per figure
    assert all(
        script.startswith(("<script>", '<script type="application/json"')) for script in scripts
    )
    html = re.sub(r"<script[^>]*>.*?</script>", "", page.html, flags=re.S)
    assert not re.search(r"<(?:link|img|iframe|object|embed|source|video|audio)\b", html, re.I)
    assert not re.search(r"\s(?:src|srcset|action|poster)\s*=", html, re.I)
    assert all(href.startswith("#") for href in re.findall(r'href="([^"]*)"', html))
    styles = "".join(re.findall(r"<style>(.*?)</style>", html, re.S))
    assert "url(" not in styles and "@import" not in styles


def test_report_is_reproducible(ingested, report, tmp_path):
    out, _ = report
    again = write_report(ingested, tmp_path / out.name)
    assert again.html.read_bytes() == out.read_bytes()


def test_report_command(ingested, tmp_path):
    run = opfolg("report", str(ingested), "--out", str(tmp_path / "r.html"))
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "r.html").is_file() and (tmp_path / "r_csv" / "headline.csv").is_file()
    assert "10 plots" in run.stdout

    missing = opfolg("report", str(tmp_path / "nothing"))
    assert missing.returncode == 2
    assert "no datasets in" in missing.stderr and "Traceback" not in missing.stderr


def test_data_older_than_contract_1_1_is_refused(ingested, tmp_path):
    import shutil

    import pyarrow.parquet as pq

    data = tmp_path / "old"
    shutil.copytree(ingested, data)
    for path in (data / "milestones").glob("*/*.parquet"):
        table = pq.read_table(path)
        pq.write_table(table.drop_columns(["checkpoint_year", "due"]), path)
    with pytest.raises(DatasetError, match="checkpoint_year, due"):
        write_report(data)


def test_coverage_and_warnings_are_shown_where_the_data_has_them(ingested, tmp_path):
    """coverage and warnings are contract-1.1 columns written by other parts of the pipeline; the
    report shows them as soon as the documents files carry them."""
    import shutil

    import pyarrow as pa
    import pyarrow.parquet as pq

    data = tmp_path / "with_coverage"
    shutil.copytree(ingested, data)
    for path in sorted((data / "documents").glob("*/*.parquet")):
        table = pq.read_table(path)
        for name, column in (
            ("coverage", pa.array([0.875], pa.float32())),
            ("warnings", pa.array([["page 3: one row not read"]])),
        ):
            # warnings is already in the documents schema; a second column of that name would
            # leave the first one read
            if name in table.column_names:
                table = table.set_column(table.column_names.index(name), name, column)
            else:
                table = table.append_column(name, column)
        pq.write_table(table, path)
    page = ReportPage.read(write_report(data).html)
    (coverage,) = page.figures["coverage"]["data"]
    assert coverage["x"] == pytest.approx([0.875] * 6)
    rows = page.tables["document_quality"]
    assert {row["coverage"] for row in rows} == {"87.5 %"}
    assert {row["warnings"] for row in rows} == {"page 3: one row not read"}


def test_a_directory_of_failed_files_gives_a_report_with_empty_sections(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "not_a_pdf.pdf").write_text("plain text", encoding="utf-8")
    run = opfolg("ingest", str(inputs), "--out", str(tmp_path / "data"), "--workers", "1")
    assert run.returncode == 1, run.stderr
    page = ReportPage.read(write_report(tmp_path / "data").html)
    assert page.cards["files"] == "1" and page.cards["reports"] == "0"
    assert "No due milestones in these datasets." in page.html
    (row,) = page.tables["document_quality"]
    assert row["status"] == "failed" and row["error"].startswith("not a PDF")
    assert set(page.figures) == {"documents-by-status"}
