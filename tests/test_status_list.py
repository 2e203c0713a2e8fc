"""The status list sample read back against its truth, item by item and field by field."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
from conftest import assert_document_facts, sample_pages

from extractors import status_list
from extractors.pdf import Page
from normalise.deadlines import split_responsible, split_route

ROOT = Path(__file__).resolve().parent.parent
STEM = "albertslund_budgetaftale_2012_status"
TRUTH = json.loads((ROOT / "tests" / "truth" / f"{STEM}.json").read_text(encoding="utf-8"))
TRUTH_ITEMS = TRUTH["items"]
# The page each item starts on in this sample (items 4, 7 and 11 run on to the next page).
ITEM_PAGES = [1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4]


@lru_cache(maxsize=1)
def pages() -> tuple[Page, ...]:
    return sample_pages(STEM)


@lru_cache(maxsize=1)
def extraction():
    return status_list.extract(iter(pages()))


@lru_cache(maxsize=1)
def table() -> status_list.StatusTable:
    return status_list.read_table(iter(pages()))


def test_family_protocol():
    assert status_list.NAME == "status_list"
    assert isinstance(status_list.VERSION, str) and status_list.VERSION
    assert extraction().extractor == status_list.NAME
    assert extraction().extractor_version == status_list.VERSION


def test_document_facts_match_truth():
    document = extraction().document
    expected = TRUTH["document"]
    assert_document_facts(document, expected)


def test_every_item_is_read_and_nothing_else():
    items = extraction().records
    assert len(TRUTH_ITEMS) == 14
    assert [item.seq for item in items] == [item["seq"] for item in TRUTH_ITEMS]
    assert extraction().warnings == []


@pytest.mark.parametrize("expected", TRUTH_ITEMS, ids=lambda item: f"item{item['seq']}")
def test_item_matches_truth(expected):
    items = extraction().records
    assert len(items) >= expected["seq"], "item missing"
    item = items[expected["seq"] - 1]
    assert item.seq == expected["seq"]
    assert item.section == expected["section"]
    assert item.title == expected["title"]
    assert item.text == expected["text"]
    assert split_responsible(item.responsible_raw) == expected["responsible"]
    assert split_route(item.committees_raw) == expected["committees"]
    assert item.deadline_raw == expected["deadline"]
    assert item.status_text == expected["status"]
    assert item.page == ITEM_PAGES[expected["seq"] - 1]


def test_raw_columns_keep_the_printed_separators():
    items = extraction().records
    assert items[1].responsible_raw == "JRU / JTR"  # wrapped at the blank after the slash
    assert items[4].responsible_raw == "AVS/NCB"  # cut after the slash: no blank comes back
    assert items[0].committees_raw == "BU - ØU - KB"
    assert items[11].committees_raw == "Sundhedsrådet"  # "Sundhedsråd" + "et"


def test_cells_cut_by_a_page_break_are_mended():
    item = extraction().records[3]
    # "udarbejde" ends page 1, "s på baggrund af idrætsstra|tegi" opens page 2.
    assert item.deadline_raw == "udarbejdes på baggrund af idrætsstrategi"
    assert item.status_text == "bliver afsluttet og kan afføde behov ifht. anlægsplanen"


def test_section_rows_match_truth():
    rows = table().section_rows
    expected = TRUTH["section_rows"]
    assert len(rows) == len(expected) == 7
    for row, truth in zip(rows, expected, strict=True):
        assert (row.title, row.intro, row.before_item) == (
            truth["title"],
            truth["intro"],
            truth["before_item"],
        )


def test_header_row_is_never_an_item():
    for item in extraction().records:
        assert "Aftaletekst" not in item.text
        assert item.status_text != "Status"


def test_detect_claims_the_sample():
    assert status_list.detect(list(pages()[:3])) >= 0.5


def _with_rule_across(page: Page, y: float) -> Page:
    """The page with one more rule across its table at ``y``."""
    from dataclasses import replace

    from extractors.pdf.model import BBox, Line

    rule = Line(BBox(134.0, y - 0.25, 708.0, y + 0.25), (0.0, 0.0, 0.0), 0.5)
    return replace(page, lines=(*page.lines, rule), memo={})


def test_an_item_row_parted_in_two_is_named_not_read_as_complete():
    # A rule found where none is drawn (a scan's dense text taken for a fill, its sides for
    # rules) parts item 13's row below its first line: the rest, no item's start, must not pass
    # as an item of its own.
    parted = [*pages()[:3], _with_rule_across(pages()[3], 237.8)]
    read = status_list.read_table(iter(parted))
    assert len(read.items) == 15  # the layout's reading: the row is two
    assert any(
        warning.startswith("page 4: item 14 opens with neither") for warning in read.warnings
    ), read.warnings


def test_the_sample_reads_with_nothing_unaccounted():
    assert table().warnings == []


def test_a_list_marker_in_capitals_still_opens_an_item():
    marked = status_list.StatusItemRecord(9, None, None, "C2) at", None, None, None, None, 2)
    assert status_list._unaccounted([*table().items[:8], marked], []) == []
