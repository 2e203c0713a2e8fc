"""Committee and unit ids in the samples' datasets: every mention the registry knows carries its
id, no id is wrong, and the review queue holds exactly the rest."""

from __future__ import annotations

import duckdb
import pyarrow.parquet as pq
from conftest import BALLERUP, truth

from normalise.registry import COMMITTEES, UNITS, Registry, slug


def _sql(out, query: str) -> list[tuple]:
    return duckdb.sql(query.replace("OUT", str(out))).fetchall()


def test_ballerup_committees_and_units_map_to_their_ids(ingested):
    registry = Registry.load()
    names = {e.name: e.id for e in registry.entities(COMMITTEES, "ballerup")}
    centres = {e.name: e.id for e in registry.entities(UNITS, "ballerup")}
    rows = _sql(
        ingested,
        "SELECT responsible_committee_raw, responsible_committee_ids, responsible_unit_raw, "
        "responsible_unit_id FROM read_parquet('OUT/initiatives/municipality=ballerup/*.parquet')",
    )
    assert len(rows) == 180
    for committee_raw, committee_ids, unit_raw, unit_id in rows:
        named = [name for name in names if name in (committee_raw or "")]
        named.sort(key=lambda name: committee_raw.index(name))
        assert committee_ids == [names[name] for name in named], committee_raw
        assert committee_ids, committee_raw
        if unit_raw in centres:
            assert unit_id == centres[unit_raw]
        assert unit_id is None or unit_id == f"ballerup.{slug(unit_raw)}"


def test_two_committees_in_one_cell_keep_their_order(ingested):
    rows = _sql(
        ingested,
        "SELECT DISTINCT responsible_committee_ids"
        " FROM read_parquet('OUT/initiatives/municipality=ballerup/*.parquet')"
        " WHERE len(responsible_committee_ids) > 1",
    )
    assert (
        [
            "ballerup.social-og-sundhedsudvalget",
            "ballerup.erhvervs-og-beskaeftigelsesudvalget",
        ],
    ) in rows


def test_review_queue_holds_exactly_the_unmapped(ingested):
    queue = pq.read_table(ingested / "review_queue.parquet").to_pylist()
    unmapped_units = _sql(
        ingested,
        "SELECT count(*) FROM read_parquet('OUT/initiatives/**/*.parquet') "
        "WHERE responsible_unit_raw IS NOT NULL AND responsible_unit_id IS NULL",
    )[0][0]
    assert len([q for q in queue if q["column"] == "responsible_unit_raw"]) == unmapped_units
    # The samples name nothing the registry does not know.
    assert queue == []
    raw_centres = {i["responsible_center"] for i in truth(BALLERUP[0])["initiatives"]}
    assert unmapped_units == 0 and None not in raw_centres


def test_registry_tables_written(ingested):
    committees = pq.read_table(ingested / "committees.parquet")
    units = pq.read_table(ingested / "units.parquet")
    assert committees.num_rows == len(Registry.load().committee_rows())
    assert units.num_rows == len(Registry.load().unit_rows())
    assert committees.schema.field("aliases").type.value_type == "string"
