"""status_class: the free-text status of a status list read as done, ongoing or planned, or None.

Calibrated on the status texts of the 2012 status list (the shared truth); each rule of
docs/RULES.md has its own cases, including the ones where the rules must not settle the text.
"""

from __future__ import annotations

import json

import pyarrow.dataset as ds
import pytest
from conftest import SHARED

from normalise.status_class import StatusClass, listed_form, status_class, words

DONE, ONGOING, PLANNED = StatusClass.DONE, StatusClass.ONGOING, StatusClass.PLANNED

# The calibration set: every status text the 2012 status list prints, and its class.
CALIBRATION = {
    "indgår i KB's beslutnigsgrundlag": None,  # part of a decision to come: says no state
    "Arbejdet fortsætter og børnekrisehus etableres.": ONGOING,
    "Gennnemføres": None,  # present passive: "is being" or "will be" carried out
    "bliver afsluttet og kan afføde behov ifht. anlægsplanen": ONGOING,
    "bliver afsluttet": ONGOING,
    "hænger sammen med pkt. om besparelse/ udbud af materialegården": None,
    "Arbejdet fortætter": ONGOING,  # a typo of "fortsætter"
    "Arbejdet fortsætter": ONGOING,
    "Erstattes af 2024": None,
    "Erstattes af budgetaftale 2013": None,
}


def _truth_statuses() -> list[str | None]:
    path = SHARED / "samples" / "truth" / "albertslund_budgetaftale_2012_status.json"
    return [item["status"] for item in json.loads(path.read_text(encoding="utf-8"))["items"]]


def test_calibration_set_is_the_truths_status_texts():
    assert set(_truth_statuses()) == set(CALIBRATION)


@pytest.mark.parametrize("text", sorted(CALIBRATION))
def test_calibration(text):
    assert status_class(text) == CALIBRATION[text]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Afsluttet", DONE),
        ("Projektet er gennemført i 2012", DONE),
        ("Vedtaget af KB 12/6", DONE),
        ("Pågår", ONGOING),
        ("Projektet er i gang", ONGOING),
        ("Under udarbejdelse", ONGOING),
        ("Der arbejdes videre med sagen", ONGOING),
        ("Planlagt til foråret", PLANNED),
        ("Ikke påbegyndt", PLANNED),
        ("Afventer budgetforhandlingerne", PLANNED),
        # a future marker before a done participle: the end is still to come
        ("Forventes afsluttet 2013", ONGOING),
        # several classes named: part done, part to come
        ("Analysen er gennemført, implementering planlægges", ONGOING),
        ("Første del afsluttet, resten pågår", ONGOING),
    ],
)
def test_rules(text, expected):
    assert status_class(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "Ikke afsluttet",  # what the work is not does not say what it is
        "Ikke helt gennemført",
        "Gennemføres",
        "Udarbejdes",
        "Skal etablere nyt tilbud",  # an infinitive, not a typo of "etableret"
        "Sagen afsluttes i 2013",  # present passive, not a typo of "afsluttet"
        "Udgår",
        "Se pkt. 4",
    ],
)
def test_unsettled_stays_null(text):
    assert status_class(text) is None


def test_typos_are_one_letter_off_with_the_same_ending():
    assert listed_form("fortætter") == "fortsætter"
    assert listed_form("gennemførrt") == "gennemført"
    assert listed_form("etablere") == "etablere"  # itself a listed form
    assert listed_form("etablerer") is None  # the ending differs from "etableret"
    assert listed_form("pågr") is None  # too short to call a typo


def test_words_fold_a_letter_typed_three_times():
    assert words("Gennnemføres!") == ["gennemføres"]


def test_the_status_lists_dataset_has_the_classes(ingested):
    table = ds.dataset(ingested / "status_items", partitioning="hive").to_table()
    rows = table.select(["status_text", "status_class"]).to_pylist()
    assert len(rows) == 14
    for row in rows:
        expected = CALIBRATION[row["status_text"]]
        assert row["status_class"] == (expected.value if expected else None)
