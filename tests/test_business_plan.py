"""The business plan sample read back against its truth, goal by goal."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
from conftest import assert_document_facts, sample_pages

from extractors import business_plan
from extractors.albertslund import fold_confusables, is_label
from extractors.pdf import Page

ROOT = Path(__file__).resolve().parent.parent
STEM = "albertslund_voksen_social_virksomhedsplan_2020_2021"
TRUTH = json.loads((ROOT / "tests" / "truth" / f"{STEM}.json").read_text(encoding="utf-8"))
TRUTH_GOALS = [(area, goal) for area in TRUTH["focus_areas"] for goal in area["goals"]]
# The pages the table of contents prints for each goal (they match this file's pages).
TOC_PAGES = {
    "1.1": 6, "1.2": 6, "2.1": 8, "3.1": 9, "3.2": 9, "3.3": 10, "4.1": 11, "5.1": 12, "6.1": 13,
}  # fmt: skip


@lru_cache(maxsize=1)
def pages() -> tuple[Page, ...]:
    return sample_pages(STEM)


@lru_cache(maxsize=1)
def extraction():
    return business_plan.extract(iter(pages()))


def test_document_facts_match_truth():
    document = extraction().document
    expected = TRUTH["document"]
    assert_document_facts(document, expected)
    assert extraction().extractor == business_plan.NAME


def test_every_goal_once_and_the_table_of_contents_none():
    goals = extraction().records
    assert len(TRUTH_GOALS) == 9
    assert [goal.goal_no for goal in goals] == [goal["number"] for _, goal in TRUTH_GOALS]
    assert all(goal.page > 2 for goal in goals)  # page 2 is the table of contents
    assert extraction().warnings == []


@pytest.mark.parametrize("area, expected", TRUTH_GOALS, ids=[g["number"] for _, g in TRUTH_GOALS])
def test_goal_matches_truth(area, expected):
    by_number = {goal.goal_no: goal for goal in extraction().records}
    assert expected["number"] in by_number, "goal missing"
    goal = by_number[expected["number"]]
    assert goal.focus_area_no == area["number"]
    assert goal.focus_area == area["title"]
    assert goal.goal == expected["title"]
    assert goal.actions == expected["actions"]
    assert goal.indicators == expected["indicators"]
    assert goal.page == TOC_PAGES[expected["number"]]


def test_indicator_label_is_recognised_in_every_spelling():
    for spelling in ("Målindikator", "Målintikator", "Måлиндikator", "MÅLINDIKATOR"):
        assert is_label(spelling, business_plan.INDICATOR_LABELS), spelling
        assert not is_label(spelling, business_plan.ACTION_LABELS), spelling
    assert fold_confusables("Måлиндikator") == "Målindikator"
    assert is_label("Handlinger", business_plan.ACTION_LABELS)
    assert not is_label("Målinger af afgørelser og trivsel", business_plan.INDICATOR_LABELS)


def test_the_cyrillic_heading_still_opens_the_indicators():
    goal = {goal.goal_no: goal for goal in extraction().records}["5.1"]
    assert goal.indicators[0].startswith("Procedure for god overgang")


def test_detect_claims_the_sample():
    assert business_plan.detect(list(pages()[:3])) >= 0.5
