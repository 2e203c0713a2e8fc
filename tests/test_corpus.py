"""The committed layout-variation corpus: every variant's PDF shows all of its truth.

The self-check (pdfplumber only) reads every PDF, minutes of work: `make corpus` runs it as it
regenerates the files and `make corpus-check` on the files as committed, and each records the
digest of every variant that passed (tests/corpus/CHECKED). Here every committed variant must
carry the digest of a passed check, and the check itself is proven on one variant: it fails on a
wrong truth and on a damaged PDF.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import logging
from pathlib import Path

import pytest

from tests.corpus import checked
from tests.corpus.check import PdfFacts, check_facts, read_pdf

CORPUS = Path(__file__).resolve().parent / "corpus"
PDFS = CORPUS / "pdfs"
TRUTHS = CORPUS / "truth"
MAX_PDF_BYTES = 400 * 1024
MIN_VARIANTS = {
    "ballerup_opfoelgning_2019_2": 14,
    "albertslund_budgetaftale_2012_status": 6,
    "albertslund_voksen_social_virksomhedsplan_2020_2021": 6,
    "albertslund_direktoerforum_2016_2017": 6,
    "albertslund_netvaerkstemaer_2016": 6,
}
NAMES = sorted(path.stem for path in TRUTHS.glob("*.json"))


def _truth(name: str) -> dict:
    return json.loads((TRUTHS / f"{name}.json").read_text(encoding="utf-8"))


def _read(name: str) -> PdfFacts:
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # Type3 emoji fonts have no FontBBox
    return read_pdf(PDFS / _truth(name)["file"])


@pytest.fixture(scope="module")
def facts() -> dict[str, PdfFacts]:
    """The first budget follow-up's PDF, read once."""
    name = _first_budget_followup()
    return {name: _read(name)}


def test_every_pdf_has_a_truth_and_every_truth_a_pdf():
    pdfs = {path.name for path in PDFS.glob("*.pdf")}
    files = {_truth(name)["file"] for name in NAMES}
    assert files == pdfs
    for name in NAMES:
        assert _truth(name)["file"] == f"{name}.pdf"


def test_enough_variants_of_each_sample():
    samples = [_truth(name)["layout"]["sample"] for name in NAMES]
    for sample, minimum in MIN_VARIANTS.items():
        assert samples.count(sample) >= minimum, sample


@pytest.mark.parametrize("name", NAMES)
def test_variant_passed_the_self_check_as_committed(name):
    assert checked.read().get(name) == checked.digest(name), (
        f"{name} changed since its self-check passed: run make corpus-check"
    )


def test_one_variant_shows_its_truth(facts):
    name = _first_budget_followup()
    assert check_facts(facts[name], _truth(name)) == []


@pytest.mark.parametrize("name", NAMES)
def test_variant_is_small(name):
    assert (PDFS / f"{name}.pdf").stat().st_size < MAX_PDF_BYTES


@pytest.mark.parametrize("name", NAMES)
def test_truth_keeps_the_samples_records(name):
    truth = _truth(name)
    sample = json.loads(
        (
            CORPUS.parents[1].parent
            / "shared"
            / "samples"
            / "truth"
            / f"{truth['layout']['sample']}.json"
        ).read_text(encoding="utf-8")
    )
    assert truth["document"] == sample["document"]
    records = {k: v for k, v in sample.items() if k not in ("file", "document", "render")}
    assert {k: truth[k] for k in records} == records


def _first_budget_followup() -> str:
    return next(n for n in NAMES if _truth(n)["document"]["doc_type"] == "budget_followup")


def _mutated(mutate) -> dict:
    truth = copy.deepcopy(_truth(_first_budget_followup()))
    mutate(truth)
    return truth


def _first_smiley(truth: dict) -> dict:
    return next(m for i in truth["initiatives"] for m in i["milestones"] if m["smiley"])


def _recolour(truth: dict) -> None:
    milestone = _first_smiley(truth)
    milestone["smiley"] = "red" if milestone["smiley"] != "red" else "green"


def _drop_smiley(truth: dict) -> None:
    _first_smiley(truth)["smiley"] = None


def _add_smiley(truth: dict) -> None:
    milestone = next(m for i in truth["initiatives"] for m in i["milestones"] if not m["smiley"])
    milestone["smiley"] = "green"


def _alter_text(truth: dict) -> None:
    truth["initiatives"][3]["milestones"][0]["text"] += " ekstra"


def _claim_other_encoding(truth: dict) -> None:
    truth["render"]["smiley_encodings"] = (
        ["raster"] if "raster" not in truth["render"]["smiley_encodings"] else ["unicode-glyph"]
    )


def _date_info(truth: dict) -> None:
    truth["document"] = {**truth["document"], "published": "2024-03-05"}


@pytest.mark.parametrize(
    "mutate",
    [_recolour, _drop_smiley, _add_smiley, _alter_text, _claim_other_encoding, _date_info],
)
def test_check_fails_on_a_wrong_truth(mutate, facts):
    """The self-check is no rubber stamp: a truth that differs from the PDF is caught."""
    name = _first_budget_followup()
    assert check_facts(facts[name], _truth(name)) == []
    assert check_facts(facts[name], _mutated(mutate)) != []


def _without_first_smiley(facts: PdfFacts) -> PdfFacts:
    return dataclasses.replace(facts, smileys=facts.smileys[1:])


def _first_smiley_recoloured(facts: PdfFacts) -> PdfFacts:
    first = facts.smileys[0]
    colour = "red" if first.colour != "red" else "green"
    return dataclasses.replace(
        facts, smileys=[dataclasses.replace(first, colour=colour)] + facts.smileys[1:]
    )


def _last_smiley_in_another_encoding(facts: PdfFacts) -> PdfFacts:
    last = facts.smileys[-1]
    encoding = "raster" if last.encoding != "raster" else "vector"
    return dataclasses.replace(
        facts, smileys=facts.smileys[:-1] + [dataclasses.replace(last, encoding=encoding)]
    )


def _page_text_lost(facts: PdfFacts) -> PdfFacts:
    return dataclasses.replace(facts, pages=facts.pages[:5] + [""] + facts.pages[6:])


@pytest.mark.parametrize(
    "damage",
    [
        _without_first_smiley,
        _first_smiley_recoloured,
        _last_smiley_in_another_encoding,
        _page_text_lost,
    ],
)
def test_check_fails_on_a_damaged_pdf(damage, facts):
    """The same from the other side: a PDF that lost a smiley, its colour or a page's text."""
    name = _first_budget_followup()
    assert check_facts(damage(facts[name]), _truth(name)) != []
