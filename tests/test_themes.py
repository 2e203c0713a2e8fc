"""Strategy and theme samples read back against their truth."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from conftest import assert_document_facts, sample_pages

from extractors import themes
from extractors.pdf import Page

ROOT = Path(__file__).resolve().parent.parent
STEMS = ("albertslund_direktoerforum_2016_2017", "albertslund_netvaerkstemaer_2016")
# The page each theme's heading is printed on in these samples.
THEME_PAGES = {STEMS[0]: [1, 2, 2, 3, 3], STEMS[1]: [1, 1, 1, 1]}


def truth(stem: str) -> dict:
    return json.loads((ROOT / "tests" / "truth" / f"{stem}.json").read_text(encoding="utf-8"))


@cache
def pages(stem: str) -> tuple[Page, ...]:
    return sample_pages(stem)


@cache
def extraction(stem: str):
    return themes.extract(iter(pages(stem)))


@pytest.mark.parametrize("stem", STEMS)
def test_document_facts_match_truth(stem):
    document = extraction(stem).document
    expected = truth(stem)["document"]
    assert_document_facts(document, expected)
    assert extraction(stem).extractor == themes.NAME


@pytest.mark.parametrize("stem", STEMS)
def test_themes_match_truth_in_order(stem):
    records = extraction(stem).records
    expected = truth(stem)["themes"]
    assert expected, "truth lists no themes"
    assert [record.theme for record in records] == expected
    assert [record.seq for record in records] == list(range(1, len(expected) + 1))
    assert [record.page for record in records] == THEME_PAGES[stem]


@pytest.mark.parametrize("stem", STEMS)
def test_every_theme_has_its_own_text(stem):
    records = extraction(stem).records
    headings = [record.theme for record in records]
    for record in records:
        assert record.text and len(record.text) > 200
        assert record.text == record.text.strip()
        assert not any(heading in record.text.split("\n") for heading in headings)


def test_the_introduction_and_its_numbered_list_are_not_themes():
    records = extraction(STEMS[0]).records
    assert all("Direktørforum arbejder ud fra" not in record.text for record in records)
    # The bold summary list spells two themes differently; only the headings count.
    assert "Albertslund skal være en attraktiv bosætningsby" not in [r.theme for r in records]


def test_a_paragraph_across_a_page_break_is_one_paragraph():
    first = extraction(STEMS[0]).records[0].text
    assert "mange forskellige aktører og mange forskellige perspektiver. I 2016-2017" in first
    assert first.count("\n") == 3  # four paragraphs


@pytest.mark.parametrize("stem", STEMS)
def test_detect_claims_the_sample(stem):
    assert themes.detect(list(pages(stem)[:3])) >= 0.5


def test_doc_type_is_read_from_the_words_used():
    assert themes.doc_type_of("Netværkstemaer fra efteråret 2016", "") == "themes"
    assert themes.doc_type_of("Direktørforums indsatsområder 2016-2017", "") == "strategy"
    assert themes.doc_type_of(None, "Vores strategi og vision") == "strategy"
