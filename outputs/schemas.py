"""The pyarrow schemas of docs/CONTRACT.md, one per table.

Partitioned tables leave ``municipality`` out of their files: it lives in the path
(``municipality=<id>/``) and readers get it back through hive partitioning.
"""

from __future__ import annotations

import pyarrow as pa

CONTRACT_VERSION = "1.0"

PARTITION_KEY = "municipality"

_string = pa.string()
_strings = pa.list_(pa.string())

DOCUMENTS = pa.schema(
    [
        ("doc_id", _string),
        ("source_path", _string),
        ("file_name", _string),
        ("doc_type", _string),
        ("title", _string),
        ("published", pa.date32()),
        ("budget_year", pa.int16()),
        ("followup_round", pa.int8()),
        ("pages", pa.int32()),
        ("status", _string),
        ("error", _string),
        ("extractor", _string),
        ("extractor_version", _string),
        ("contract_version", _string),
        ("ingested_at", pa.timestamp("us", tz="UTC")),
        ("warnings", _strings),  # contract 1.1: every warning of the document; error the first
        ("report_key", _string),  # contract 1.1: one key for every file of the same report
    ]
)

INITIATIVES = pa.schema(
    [
        ("doc_id", _string),
        ("agreement", _string),
        ("initiative_no", _string),
        ("section", _string),
        ("title", _string),
        ("kind", _string),
        ("description", _string),
        ("responsible_unit_raw", _string),
        ("responsible_unit_id", _string),
        ("responsible_committee_raw", _string),
        ("responsible_committee_ids", _strings),
        ("contributor_raw", _string),
        ("latest_status", _string),
        ("page_first", pa.int32()),
        ("page_last", pa.int32()),
    ]
)

MILESTONES = pa.schema(
    [
        ("doc_id", _string),
        ("agreement", _string),
        ("initiative_no", _string),
        ("seq", pa.int8()),
        ("checkpoint_raw", _string),
        ("checkpoint_round", pa.int8()),
        ("checkpoint_date", pa.date32()),
        ("text", _string),
        ("smiley", _string),
        ("status", _string),
        ("smiley_source", _string),
        ("smiley_confidence", pa.float32()),
        ("page", pa.int32()),
        ("checkpoint_year", pa.int16()),  # contract 1.1
        ("due", pa.bool_()),  # contract 1.1: checkpoint at or before the document's own round
    ]
)

ECONOMY = pa.schema(
    [
        ("doc_id", _string),
        ("agreement", _string),
        ("initiative_no", _string),
        ("text", _string),
        ("amount_mdkk", pa.float64()),
        ("smiley", _string),
        ("smiley_source", _string),
        ("page", pa.int32()),
    ]
)

STATUS_ITEMS = pa.schema(
    [
        ("doc_id", _string),
        ("seq", pa.int32()),
        ("section", _string),
        ("title", _string),
        ("text", _string),
        ("responsible_raw", _string),
        ("responsible_ids", _strings),
        ("committees_raw", _string),
        ("committee_ids", _strings),
        ("deadline_raw", _string),
        ("deadline_date", pa.date32()),
        ("status_text", _string),
        ("page", pa.int32()),
        ("status_class", _string),  # contract 1.1: done, ongoing, planned or null
    ]
)

GOALS = pa.schema(
    [
        ("doc_id", _string),
        ("focus_area_no", _string),
        ("focus_area", _string),
        ("goal_no", _string),
        ("goal", _string),
        ("actions", _strings),
        ("indicators", _strings),
        ("page", pa.int32()),
    ]
)

THEMES = pa.schema(
    [
        ("doc_id", _string),
        ("seq", pa.int32()),
        ("theme", _string),
        ("text", _string),
        ("page", pa.int32()),
    ]
)

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

# The per-document tables, in the order a document's files are committed (documents last, so a
# document row is never visible before its details).
DOCUMENT_TABLES: dict[str, pa.Schema] = {
    "initiatives": INITIATIVES,
    "milestones": MILESTONES,
    "economy": ECONOMY,
    "status_items": STATUS_ITEMS,
    "goals": GOALS,
    "themes": THEMES,
    "documents": DOCUMENTS,
}

# Columns that the contract marks non-null ("string" without "?").
REQUIRED: dict[str, set[str]] = {
    "documents": {
        "doc_id",
        "source_path",
        "file_name",
        "doc_type",
        "pages",
        "status",
        "extractor",
        "extractor_version",
        "contract_version",
        "ingested_at",
    },
    "initiatives": {"doc_id", "agreement", "initiative_no", "title", "page_first", "page_last"},
    "milestones": {"doc_id", "agreement", "initiative_no", "seq", "text", "page"},
    "economy": {"doc_id", "agreement", "initiative_no", "text", "page"},
    "status_items": {"doc_id", "seq", "text", "page"},
    "goals": {"doc_id", "focus_area_no", "focus_area", "goal_no", "goal", "page"},
    "themes": {"doc_id", "seq", "theme", "page"},
}
