"""The review queue summed up, and an accepted answer mapping the text on the next run."""

from __future__ import annotations

import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from normalise.matching import Matcher
from normalise.registry import Registry, read_overrides
from normalise.review import accept, format_queue, summarise_queue

REGISTRY_DIR = Path(__file__).resolve().parents[1] / "normalise" / "registry"
QUEUE_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("table", pa.string()),
        ("column", pa.string()),
        ("raw", pa.string()),
        ("best_id", pa.string()),
        ("score", pa.float32()),
    ]
)
ON = datetime.date(2019, 8, 1)


def queue_table() -> pa.Table:
    column = "responsible_committee_raw"
    ssu = "ballerup.social-og-sundhedsudvalget"
    rows = [
        ("a", "initiatives", column, "Sundhedsudvalget", ssu, 81.1),
        ("b", "initiatives", column, "Sundhedsudvalget", ssu, 81.1),
        ("b", "initiatives", column, "XYZ-udvalget", "ballerup.oekonomiudvalget", 52.2),
        ("c", "status_items", "committee_ids", "MBU", None, 0.0),
        ("c", "status_items", "committee_ids", "MBU", "albertslund.miljoe-og-byudvalget", 0.0),
        ("c", "initiatives", column, "Sundhedsudvalget", ssu, 81.1),
    ]
    return pa.Table.from_pylist(
        [dict(zip(QUEUE_SCHEMA.names, r, strict=True)) for r in rows], schema=QUEUE_SCHEMA
    )


def test_summary_groups_by_raw_text_with_counts():
    summary = summarise_queue(queue_table())
    assert [(raw, count, best_id) for raw, count, best_id, _ in summary] == [
        ("Sundhedsudvalget", 3, "ballerup.social-og-sundhedsudvalget"),
        ("MBU", 2, "albertslund.miljoe-og-byudvalget"),
        ("XYZ-udvalget", 1, "ballerup.oekonomiudvalget"),
    ]
    assert summary[0][3] == pytest.approx(81.1, abs=1e-4)
    assert summary[2][3] == pytest.approx(52.2, abs=1e-4)


def test_summary_reads_the_parquet_file_and_a_data_frame(tmp_path):
    path = tmp_path / "review_queue.parquet"
    pq.write_table(queue_table(), path)
    expected = summarise_queue(queue_table())
    assert summarise_queue(path) == expected
    assert summarise_queue(str(path)) == expected
    assert summarise_queue(queue_table().to_pandas()) == expected


def test_summary_of_a_missing_queue_file_fails(tmp_path):
    with pytest.raises(FileNotFoundError):
        summarise_queue(tmp_path / "review_queue.parquet")


def test_format_lists_each_raw_text_once():
    text = format_queue(queue_table())
    lines = text.splitlines()
    assert lines[0].split() == ["count", "score", "best", "candidate", "raw"]
    assert lines[1].split() == [
        "3",
        "81.1",
        "ballerup.social-og-sundhedsudvalget",
        "Sundhedsudvalget",
    ]
    assert lines[2].split() == ["2", "0.0", "albertslund.miljoe-og-byudvalget", "MBU"]
    assert lines[3].split() == ["1", "52.2", "ballerup.oekonomiudvalget", "XYZ-udvalget"]
    assert len(lines) == 4
    assert format_queue(summarise_queue(queue_table())) == text
    assert format_queue([]) == "The review queue is empty."


def test_accept_round_trip(tmp_path):
    overrides = tmp_path / "data" / "registry_overrides.csv"
    shipped_before = (REGISTRY_DIR / "committees.csv").read_bytes()
    [before] = Matcher(Registry.load(overrides)).committees("Sundhedsudvalget", "ballerup", ON)
    assert (before.id, before.best_id) == (None, "ballerup.social-og-sundhedsudvalget")

    accept("Sundhedsudvalget", "ballerup.social-og-sundhedsudvalget", "ballerup", overrides)

    [after] = Matcher(Registry.load(overrides)).committees("Sundhedsudvalget", "ballerup", ON)
    assert (after.id, after.method) == ("ballerup.social-og-sundhedsudvalget", "alias")
    # Only in the municipality it was accepted for.
    [elsewhere] = Matcher(Registry.load(overrides)).committees(
        "Sundhedsudvalget", "albertslund", ON
    )
    assert elsewhere.id is None
    assert (REGISTRY_DIR / "committees.csv").read_bytes() == shipped_before
    assert overrides.read_text("utf-8") == (
        "municipality,raw,id\nballerup,Sundhedsudvalget,ballerup.social-og-sundhedsudvalget\n"
    )


def test_accept_replaces_an_earlier_answer_and_keeps_others(tmp_path):
    overrides = tmp_path / "overrides.csv"
    accept("Center for Økonomi og Styring", "ballerup.oekonomi", "ballerup", overrides)
    accept("Jette  Runchel", "albertslund.jru", "albertslund", overrides)
    accept("jette runchel", "albertslund.jtr", "albertslund", overrides)
    assert {(o.municipality, o.raw, o.id) for o in read_overrides(overrides)} == {
        ("ballerup", "Center for Økonomi og Styring", "ballerup.oekonomi"),
        ("albertslund", "jette runchel", "albertslund.jtr"),
    }
    [unit] = Matcher(Registry.load(overrides)).units("Jette Runchel", "albertslund", None)
    assert unit.id == "albertslund.jtr"


def test_accept_writes_json_when_the_file_is_json(tmp_path):
    overrides = tmp_path / "overrides.json"
    accept("Økonomi og Styring", "ballerup.oekonomi", "ballerup", overrides)
    [unit] = Matcher(Registry.load(overrides)).units("Økonomi og Styring", "ballerup", ON)
    assert (unit.id, unit.method) == ("ballerup.oekonomi", "alias")


def test_accept_refuses_what_cannot_work(tmp_path):
    overrides = tmp_path / "overrides.csv"
    with pytest.raises(ValueError, match="unknown id 'ballerup.nope'"):
        accept("Nope", "ballerup.nope", "ballerup", overrides)
    with pytest.raises(ValueError, match="belongs to albertslund"):
        accept("BU", "albertslund.bu", "ballerup", overrides)
    with pytest.raises(ValueError, match="empty"):
        accept("  ", "ballerup.oekonomi", "ballerup", overrides)
    with pytest.raises(ValueError, match="is the name of ballerup.oekonomiudvalget"):
        accept("Økonomiudvalget", "ballerup.kommunalbestyrelsen", "ballerup", overrides)
    assert not overrides.exists()
