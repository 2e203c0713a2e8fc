"""Every number the report shows, as DuckDB SQL over the views of ``datasets.connect``.

Each query's result is one table: shown in the page, plotted, and written as a CSV file of the same
name. The facts views join each row with the document it comes from (file name) and keep its page,
so that every row a plot counts can be found.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

# Checkpoint labels sort by year and round; a checkpoint the reader could not place keeps its text.
_CHECKPOINT_LABEL = """
CASE
    WHEN m.checkpoint_round = 4 THEN 'year-end ' || m.checkpoint_year
    WHEN m.checkpoint_round IS NOT NULL AND m.checkpoint_year IS NOT NULL
        THEN 'round ' || m.checkpoint_round || ' ' || m.checkpoint_year
    ELSE coalesce(m.checkpoint_raw, 'checkpoint ' || m.seq)
END
"""


def _natural_order(column: str) -> str:
    """Initiative numbers in the order a reader counts them: 1.9 before 1.10, 4.01.2 before 4.09."""
    return f"list_transform(string_split({column}, '.'), lambda part: try_cast(part AS INTEGER))"


FACT_VIEWS = (
    f"""
CREATE VIEW milestone_facts AS
SELECT
    m.municipality, d.file_name, d.report_key, m.doc_id, m.agreement, m.initiative_no,
    i.title AS initiative, i.section, i.responsible_committee_ids, i.responsible_committee_raw,
    m.seq, {_natural_order("m.initiative_no")} AS initiative_order,
    m.checkpoint_raw, m.checkpoint_round, m.checkpoint_year,
    {_CHECKPOINT_LABEL} AS checkpoint,
    m.due, m.smiley, m.text, m.page,
    CASE
        WHEN m.smiley IS NOT NULL THEN m.smiley
        WHEN m.due THEN 'due, not rated'
        WHEN NOT m.due THEN 'not yet due'
        ELSE 'due unknown'
    END AS state
FROM milestones m
JOIN counted_documents d ON d.doc_id = m.doc_id
LEFT JOIN initiatives i
    ON i.doc_id = m.doc_id AND i.agreement = m.agreement AND i.initiative_no = m.initiative_no
""",
    f"""
CREATE VIEW economy_facts AS
SELECT e.municipality, d.file_name, e.doc_id, e.agreement, e.initiative_no, i.title AS initiative,
    e.smiley, coalesce(e.smiley, 'not rated') AS state, e.amount_mdkk, e.text, e.page,
    {_natural_order("e.initiative_no")} AS initiative_order
FROM economy e
JOIN counted_documents d ON d.doc_id = e.doc_id
LEFT JOIN initiatives i
    ON i.doc_id = e.doc_id AND i.agreement = e.agreement AND i.initiative_no = e.initiative_no
""",
    """
CREATE VIEW status_facts AS
SELECT s.municipality, d.file_name, d.title AS document, s.doc_id, s.seq, s.section, s.title,
    s.text, s.committees_raw, s.committee_ids, s.deadline_raw, s.deadline_date, s.status_text,
    s.status_class, coalesce(s.status_class, 'unsettled') AS state, s.page,
    coalesce(
        (SELECT string_agg(coalesce(c.abbreviation, c.name, s.committee_ids[k]), ' → ' ORDER BY k)
         FROM range(1, len(s.committee_ids) + 1) r(k)
         LEFT JOIN committees c ON c.id = s.committee_ids[k]),
        s.committees_raw,
        '(no route)'
    ) AS route
FROM status_items s
JOIN counted_documents d ON d.doc_id = s.doc_id
""",
    """
CREATE VIEW goal_facts AS
SELECT g.municipality, d.file_name, d.title AS document, g.doc_id, g.focus_area_no,
    g.focus_area, g.goal_no, g.goal, len(g.actions) AS actions, len(g.indicators) AS indicators,
    g.page
FROM goals g
JOIN counted_documents d ON d.doc_id = g.doc_id
""",
)

_SMILEY_COUNTS = """
    count(*) FILTER (WHERE smiley = 'green') AS green,
    count(*) FILTER (WHERE smiley = 'yellow') AS yellow,
    count(*) FILTER (WHERE smiley = 'red') AS red
"""

_SHARE = f"""
    count(*) AS due,
    count(smiley) AS rated,
    count(*) - count(smiley) AS not_rated,
    {_SMILEY_COUNTS},
    count(*) FILTER (WHERE smiley = 'green') / nullif(count(smiley), 0) AS share_achieved
"""


@dataclass(frozen=True, slots=True)
class Query:
    name: str  # also the CSV file's stem
    sql: str


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list[Any]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


HEADLINE = Query(
    "headline",
    """
SELECT
    (SELECT count(*) FROM documents) AS files,
    (SELECT count(*) FROM counted_documents) AS reports,
    (SELECT count(*) FROM documents WHERE status = 'failed') AS failed_files,
    (SELECT count(*) FROM initiatives JOIN counted_documents USING (doc_id)) AS initiatives,
    (SELECT count(*) FROM milestone_facts) AS milestones,
    (SELECT count(*) FROM milestone_facts WHERE due) AS due,
    (SELECT count(smiley) FROM milestone_facts WHERE due) AS due_rated,
    (SELECT count(*) FROM milestone_facts WHERE smiley = 'green') AS green,
    (SELECT count(*) FROM milestone_facts WHERE smiley = 'yellow') AS yellow,
    (SELECT count(*) FROM milestone_facts WHERE smiley = 'red') AS red,
    (SELECT count(*) FROM milestone_facts WHERE NOT due) AS not_yet_due,
    (SELECT count(*) FROM milestone_facts WHERE due IS NULL) AS due_unknown,
    (SELECT count(*) FROM economy_facts) AS economy_rows,
    (SELECT count(*) FROM status_facts) AS status_items,
    (SELECT count(*) FROM goal_facts) AS goals,
    (SELECT count(*) FROM review_queue) AS review_rows
""",
)

MILESTONES_BY_CHECKPOINT = Query(
    "milestones_by_checkpoint",
    f"""
SELECT municipality, agreement, checkpoint, checkpoint_year, checkpoint_round, {_SHARE}
FROM milestone_facts
WHERE due
GROUP BY ALL
ORDER BY municipality, agreement, checkpoint_year, checkpoint_round, checkpoint
""",
)

ACHIEVED_BY_COMMITTEE = Query(
    "achieved_by_committee",
    f"""
WITH named AS (
    SELECT f.*, unnest(
        CASE WHEN len(f.responsible_committee_ids) > 0 THEN f.responsible_committee_ids
        ELSE [NULL::VARCHAR] END
    ) AS committee_id
    FROM milestone_facts f
    WHERE due
)
SELECT named.municipality, agreement,
    coalesce(c.name, committee_id, responsible_committee_raw, '(none named)') AS committee,
    {_SHARE}
FROM named
LEFT JOIN committees c ON c.id = named.committee_id
GROUP BY ALL
ORDER BY municipality, agreement, committee
""",
)

ACHIEVED_BY_SECTION = Query(
    "achieved_by_section",
    f"""
SELECT municipality, agreement, coalesce(section, '(no section)') AS section, {_SHARE}
FROM milestone_facts
WHERE due
GROUP BY ALL
ORDER BY municipality, agreement, section
""",
)

ECONOMY_BY_SMILEY = Query(
    "economy_by_smiley",
    f"""
SELECT municipality, agreement,
    count(*) AS rows,
    {_SMILEY_COUNTS},
    count(*) - count(smiley) AS not_rated,
    round(sum(amount_mdkk), 6) AS amount_mdkk,
    round(sum(amount_mdkk) FILTER (WHERE smiley = 'red'), 6) AS amount_red_mdkk
FROM economy_facts
GROUP BY ALL
ORDER BY municipality, agreement
""",
)

INITIATIVE_SMILEYS = Query(
    "initiative_smileys",
    """
SELECT municipality, agreement, initiative_no, initiative, seq, checkpoint, state, file_name, page
FROM milestone_facts
ORDER BY municipality, agreement, initiative_order, initiative_no, seq
""",
)

RED_AND_YELLOW = Query(
    "red_and_yellow",
    """
SELECT municipality, agreement, initiative_no, initiative, checkpoint, smiley, file_name, page, text
FROM milestone_facts
WHERE smiley IN ('red', 'yellow')
ORDER BY municipality, agreement, smiley = 'yellow', initiative_order, initiative_no, seq
""",
)

DUE_MILESTONES = Query(
    "due_milestones",
    """
SELECT municipality, agreement, initiative_no, initiative, seq, checkpoint_raw, checkpoint, smiley,
    state, file_name, page
FROM milestone_facts
WHERE due
ORDER BY municipality, agreement, initiative_order, initiative_no, seq
""",
)

ECONOMY_ROWS = Query(
    "economy_rows",
    """
SELECT municipality, agreement, initiative_no, initiative, state, amount_mdkk, file_name, page, text
FROM economy_facts
ORDER BY municipality, agreement, initiative_order, initiative_no
""",
)

STATUS_BY_ROUTE = Query(
    "status_by_route",
    """
SELECT municipality, route,
    count(*) AS items,
    count(*) FILTER (WHERE status_class = 'done') AS done,
    count(*) FILTER (WHERE status_class = 'ongoing') AS ongoing,
    count(*) FILTER (WHERE status_class = 'planned') AS planned,
    count(*) FILTER (WHERE status_class IS NULL) AS unsettled,
    count(deadline_date) AS with_deadline_date
FROM status_facts
GROUP BY ALL
ORDER BY municipality, items DESC, route
""",
)

STATUS_ROWS = Query(
    "status_rows",
    """
SELECT municipality, seq, section, title, route, deadline_raw, deadline_date, state, file_name,
    page, status_text
FROM status_facts
ORDER BY municipality, file_name, seq
""",
)

PLAN_FOCUS_AREAS = Query(
    "plan_focus_areas",
    """
SELECT municipality, document, focus_area_no, focus_area,
    count(*) AS goals, sum(actions)::BIGINT AS actions, sum(indicators)::BIGINT AS indicators,
    min(page) AS first_page
FROM goal_facts
GROUP BY municipality, document, focus_area_no, focus_area
ORDER BY municipality, document, try_cast(focus_area_no AS INTEGER), focus_area_no
""",
)

GOAL_ROWS = Query(
    "goal_rows",
    """
SELECT municipality, document, focus_area_no, goal_no, actions, indicators, file_name, page, goal
FROM goal_facts
ORDER BY municipality, document, try_cast(focus_area_no AS INTEGER), goal_no
""",
)

DOCUMENTS_BY_STATUS = Query(
    "documents_by_status",
    """
SELECT doc_type,
    count(*) AS files,
    count(*) FILTER (WHERE status = 'ok') AS ok,
    count(*) FILTER (WHERE status = 'partial') AS partial,
    count(*) FILTER (WHERE status = 'failed') AS failed
FROM documents
GROUP BY ALL
ORDER BY doc_type
""",
)

SHARED_REPORTS = Query(
    "shared_reports",
    """
SELECT d.report_key, count(*) AS files,
    string_agg(d.file_name, ', ' ORDER BY d.file_name) AS file_names,
    any_value(c.file_name) AS counted_file
FROM documents d
LEFT JOIN counted_documents c ON c.report_key = d.report_key
WHERE d.report_key IS NOT NULL
GROUP BY d.report_key
HAVING count(*) > 1
ORDER BY d.report_key
""",
)

REVIEW_QUEUE = Query(
    "review_queue",
    """
SELECT q.raw, q."table", q."column", q.best_id, round(max(q.score), 1) AS best_score,
    count(*) AS mentions,
    string_agg(DISTINCT coalesce(d.file_name, q.doc_id), ', ') AS file_names
FROM review_queue q
LEFT JOIN documents d ON d.doc_id = q.doc_id
GROUP BY ALL
ORDER BY mentions DESC, q.raw
""",
)


def document_quality(optional_columns: set[str]) -> Query:
    """Every file with its status and errors; coverage, warnings and OCR pages where the data has
    those columns (contract 1.1, written by other parts of the pipeline)."""
    extra = []
    if "coverage" in optional_columns:
        extra.append("d.coverage")
    if "warnings" in optional_columns:
        extra.append("array_to_string(d.warnings, ' | ') AS warnings")
    if "ocr_pages" in optional_columns:
        extra.append("len(d.ocr_pages) AS ocr_pages")
    columns = "".join(f", {column}" for column in extra)
    return Query(
        "document_quality",
        f"""
SELECT d.file_name, d.municipality, d.doc_type, d.status, d.pages{columns},
    c.doc_id IS NOT NULL AS counted, d.report_key, d.error
FROM documents d
LEFT JOIN counted_documents c ON c.doc_id = d.doc_id
ORDER BY d.status = 'ok', d.status, d.file_name
""",
    )


STATIC_QUERIES = (
    HEADLINE,
    MILESTONES_BY_CHECKPOINT,
    ACHIEVED_BY_COMMITTEE,
    ACHIEVED_BY_SECTION,
    ECONOMY_BY_SMILEY,
    INITIATIVE_SMILEYS,
    RED_AND_YELLOW,
    DUE_MILESTONES,
    ECONOMY_ROWS,
    STATUS_BY_ROUTE,
    STATUS_ROWS,
    PLAN_FOCUS_AREAS,
    GOAL_ROWS,
    DOCUMENTS_BY_STATUS,
    SHARED_REPORTS,
    REVIEW_QUEUE,
)


def create_fact_views(connection: duckdb.DuckDBPyConnection) -> None:
    for statement in FACT_VIEWS:
        connection.execute(statement)


def run(connection: duckdb.DuckDBPyConnection, query: Query) -> Result:
    cursor = connection.execute(query.sql)
    columns = tuple(column[0] for column in cursor.description)
    return Result(query.name, columns, tuple(tuple(row) for row in cursor.fetchall()))


def run_all(connection: duckdb.DuckDBPyConnection, optional_columns: set[str]) -> dict[str, Result]:
    """Every query of the report, by name, in page order."""
    create_fact_views(connection)
    queries = (*STATIC_QUERIES, document_quality(optional_columns))
    return {query.name: run(connection, query) for query in queries}
