"""The shipped registry: ids by the contract's rule, contract-typed rows, local overrides."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pyarrow as pa
import pytest

from normalise.registry import (
    COMMITTEE_FUNCTIONS,
    COMMITTEES,
    UNIT_FUNCTIONS,
    UNITS,
    Registry,
    parse_entities,
    read_overrides,
    slug,
)

REGISTRY_DIR = Path(__file__).resolve().parents[1] / "normalise" / "registry"

# The contract's types for committees.parquet and units.parquet.
CONTRACT_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("municipality", pa.string()),
        ("name", pa.string()),
        ("abbreviation", pa.string()),
        ("function", pa.string()),
        ("valid_from", pa.date32()),
        ("valid_to", pa.date32()),
        ("aliases", pa.list_(pa.string())),
        ("verified", pa.bool_()),
    ]
)

# Rows with a guess in them (abbreviation, period, function or the entity itself).
UNVERIFIED = {
    "ballerup.oekonomiudvalget",
    "ballerup.boerne-og-skoleudvalget",
    "ballerup.social-og-sundhedsudvalget",
    "ballerup.kultur-og-fritidsudvalget",
    "ballerup.erhvervs-og-beskaeftigelsesudvalget",
    "albertslund.social-og-sundhedsudvalget",
    "albertslund.miljoe-og-planudvalget",
    "albertslund.bu",
    "albertslund.tu",
    "ballerup.politik-og-borgerservice",
    "ballerup.hr-og-organisationsudvikling",
    "ballerup.oekonomi",
    "albertslund.jru",
    "albertslund.jtr",
    "albertslund.tvi",
    "albertslund.avs",
    "albertslund.ncb",
    "albertslund.mek",
}


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


def test_slug_follows_the_contract():
    assert slug("Social- og Sundhedsudvalget") == "social-og-sundhedsudvalget"
    assert slug("Økonomiudvalget") == "oekonomiudvalget"
    assert slug("Børne- og Ungerådgivning") == "boerne-og-ungeraadgivning"
    assert (
        slug("Kultur-, Bevægelses- og Sundhedsudvalget") == "kultur-bevaegelses-og-sundhedsudvalget"
    )
    assert slug("By, Erhverv og Miljø") == "by-erhverv-og-miljoe"
    assert slug("BU") == "bu"


def test_shipped_files_hold_every_entity_once(registry):
    committees = {entity.id for entity in registry.entities(COMMITTEES)}
    units = {entity.id for entity in registry.entities(UNITS)}
    assert len(committees) == len(registry.entities(COMMITTEES)) == 22
    assert len(units) == len(registry.entities(UNITS)) == 15
    assert {"albertslund.bu", "albertslund.jru", "ballerup.social-og-sundhedsudvalget"} <= (
        committees | units
    )
    for entity in registry.entities(COMMITTEES) + registry.entities(UNITS):
        assert entity.id == f"{entity.municipality}.{slug(entity.name)}"
        assert entity.municipality in {"ballerup", "albertslund"}


def test_guessed_rows_stay_unverified(registry):
    every = registry.entities(COMMITTEES) + registry.entities(UNITS)
    assert {entity.id for entity in every if not entity.verified} == UNVERIFIED


def test_abbreviation_only_rows_use_the_abbreviation_as_name(registry):
    bu = registry.get("albertslund.bu")
    assert (bu.name, bu.abbreviation, bu.name_known) == ("BU", "BU", False)
    jru = registry.get("albertslund.jru")
    assert (jru.name, jru.function, jru.name_known) == ("JRU", "director", False)
    assert registry.get("albertslund.sundhedsraadet").name_known


def test_one_id_over_two_periods(registry):
    sus = registry.get("albertslund.social-og-sundhedsudvalget")
    assert (sus.valid_from, sus.valid_to) == (
        datetime.date(2010, 1, 1),
        datetime.date(2021, 12, 31),
    )
    assert sus.valid_on(datetime.date(2012, 6, 1))
    assert not sus.valid_on(datetime.date(2016, 6, 1))
    assert sus.valid_on(datetime.date(2019, 6, 1))
    assert sus.valid_on(None)


def test_rows_have_the_contract_types(registry):
    for kind, functions in ((COMMITTEES, COMMITTEE_FUNCTIONS), (UNITS, UNIT_FUNCTIONS)):
        rows = registry.rows(kind)
        table = pa.Table.from_pylist(rows, schema=CONTRACT_SCHEMA)
        assert table.num_rows == len(registry.entities(kind))
        assert [list(row) for row in rows] == [CONTRACT_SCHEMA.names] * len(rows)
        assert all(row["function"] in functions for row in rows)
        assert all(row["name"] and isinstance(row["verified"], bool) for row in rows)
    ballerup_oeu = next(
        r for r in registry.committee_rows() if r["id"] == "ballerup.oekonomiudvalget"
    )
    assert ballerup_oeu == {
        "id": "ballerup.oekonomiudvalget",
        "municipality": "ballerup",
        "name": "Økonomiudvalget",
        "abbreviation": "ØU",
        "function": "finance",
        "valid_from": datetime.date(2018, 1, 1),
        "valid_to": datetime.date(2021, 12, 31),
        "aliases": [],
        "verified": False,
    }
    centre = next(r for r in registry.unit_rows() if r["id"] == "ballerup.social-og-sundhed")
    assert centre["aliases"] == ["Center for Social og Sundhed"]
    assert centre["function"] == "centre" and centre["abbreviation"] is None


def test_a_wrong_id_in_the_data_is_refused():
    header = (REGISTRY_DIR / "committees.csv").read_text("utf-8").splitlines()[0]
    row = "ballerup.oekonomi,ballerup,Økonomiudvalget,ØU,finance,,,,,true,x,y"
    with pytest.raises(ValueError, match="should be 'ballerup.oekonomiudvalget'"):
        parse_entities(f"{header}\n{row}\n", COMMITTEES)


def test_an_unknown_function_is_refused():
    header = (REGISTRY_DIR / "units.csv").read_text("utf-8").splitlines()[0]
    row = "ballerup.ejendomme,ballerup,Ejendomme,,finance,,,,,true,x,y"
    with pytest.raises(ValueError, match="function 'finance'"):
        parse_entities(f"{header}\n{row}\n", UNITS)


def test_csv_overrides_add_aliases_to_the_rows(tmp_path):
    overrides = tmp_path / "overrides.csv"
    overrides.write_text(
        "municipality,raw,id\nballerup,Sundhedsudvalget,ballerup.social-og-sundhedsudvalget\n",
        "utf-8",
    )
    shipped_before = (REGISTRY_DIR / "committees.csv").read_bytes()
    registry = Registry.load(overrides)
    row = next(
        r for r in registry.committee_rows() if r["id"] == "ballerup.social-og-sundhedsudvalget"
    )
    assert row["aliases"] == ["Sundhedsudvalget"]
    assert len(registry.overrides(COMMITTEES, "ballerup")) == 1
    assert registry.overrides(UNITS, "ballerup") == ()
    assert (REGISTRY_DIR / "committees.csv").read_bytes() == shipped_before


def test_json_overrides(tmp_path):
    overrides = tmp_path / "overrides.json"
    overrides.write_text(json.dumps({"albertslund": {"Jette Runchel": "albertslund.jru"}}), "utf-8")
    registry = Registry.load(overrides)
    jru = next(r for r in registry.unit_rows() if r["id"] == "albertslund.jru")
    assert jru["aliases"] == ["Jette Runchel"]


def test_missing_overrides_file_holds_nothing(tmp_path):
    assert read_overrides(tmp_path / "none.csv") == []
    assert Registry.load(tmp_path / "none.csv").overrides() == ()


def test_overrides_to_unknown_or_foreign_ids_are_refused(tmp_path):
    overrides = tmp_path / "overrides.csv"
    overrides.write_text("municipality,raw,id\nballerup,X,ballerup.nope\n", "utf-8")
    with pytest.raises(ValueError, match="no such id"):
        Registry.load(overrides)
    overrides.write_text("municipality,raw,id\nballerup,X,albertslund.bu\n", "utf-8")
    with pytest.raises(ValueError, match="belongs to albertslund"):
        Registry.load(overrides)
