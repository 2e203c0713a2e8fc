"""Every documents row says how much was read: coverage against its family's bar, and what the
document announces against what was read; a document that nearly looks like a family's and that
no family reads is `partial`, not `ok` with nothing."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from conftest import ALBERTSLUND, BALLERUP
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from truthcheck import converted

from extractors import budget_followup, status_list
from extractors.coverage import BodyText, record_words, words


def _pdf(path: Path, lines: list[str]) -> Path:
    sheet = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    sheet.setFont("Helvetica", 10)
    for number, text in enumerate(lines):
        sheet.drawString(60, 780 - 16 * number, text)
    sheet.save()
    return path


def _convert(path: Path) -> dict:
    """The documents row of one file, converted afresh (the truth check's cache aside: a test
    here changes a family's bar)."""
    return converted.__wrapped__(path, "pdfium")["documents"][0]


def test_words_are_counted_case_folded_without_markup():
    assert words("Milepæl: 1. budgetopfølgning 2019, MILEPÆL") == Counter(
        {"milepæl": 2, "1": 1, "budgetopfølgning": 1, "2019": 1}
    )
    assert record_words(["<p>Ny skole</p>", ("skole",), None, 3]) == Counter({"ny": 1, "skole": 2})


def test_coverage_uses_each_record_word_once_in_page_order():
    class Line:
        def __init__(self, text: str):
            self.text = text

    body = BodyText()
    body.add(1, [Line("Ny skole"), Line("Milepæl")])  # 7 of its 14 letters are in records
    body.add(2, [Line("skole")])  # the one "skole" of the records went to page 1
    coverage = body.coverage(["ny skole"])
    assert coverage.pages == {1: pytest.approx(7 / 14), 2: 0.0}
    assert coverage.share == pytest.approx(7 / 19)
    assert coverage.pages_below(0.5) == [2]
    assert BodyText().coverage([]).share is None


def test_the_datasets_say_what_was_read(ingested):
    documents = ds.dataset(ingested / "documents", partitioning="hive").to_table().to_pylist()
    assert len(documents) == 6
    for row in documents:
        assert row["status"] == "ok"
        assert 0.12 <= row["coverage"] <= 1.0, row["file_name"]
    ballerup = [row for row in documents if row["file_name"].startswith(BALLERUP[0])]
    for row in ballerup:
        assert row["completeness"] == [
            {"what": "milestone rows", "announced": 360, "read": 360},
            {"what": "initiative header rows", "announced": 90, "read": 90},
        ]


def test_a_reading_below_the_family_bar_is_partial_with_its_pages(monkeypatch, tmp_path):
    sample = Path(__file__).resolve().parent.parent / "samples" / f"{BALLERUP[0]}.pdf"
    monkeypatch.setattr(budget_followup, "COVERAGE_BAR", 0.95)
    row = _convert(sample)
    assert row["status"] == "partial"
    assert row["error"].startswith("only 89% of the body text went into records, 95% expected")
    assert "(pages below: 1, 2, " in row["error"]


def test_items_not_read_make_a_status_list_partial_with_their_page(monkeypatch):
    sample = Path(__file__).resolve().parent.parent / "samples" / f"{ALBERTSLUND[0]}.pdf"
    extract = status_list.extract

    def first_page_unread(*args, **kwargs):
        extraction = extract(*args, **kwargs)
        extraction.records = [item for item in extraction.records if item.page != 1]
        return extraction

    assert _convert(sample)["status"] == "ok"
    monkeypatch.setattr(status_list, "extract", first_page_unread)
    row = _convert(sample)
    assert row["status"] == "partial"
    assert row["error"].endswith("80% expected (pages below: 1)")


def test_a_document_that_nearly_looks_like_a_family_is_partial(tmp_path):
    lines = ["Milepæl: nyt plejecenter", "Ansvarligt udvalg: Social- og Sundhedsudvalget"]
    row = _convert(_pdf(tmp_path / "near.pdf", lines))
    assert (row["doc_type"], row["status"]) == ("unknown", "partial")
    assert row["error"] == (
        "looks like a budget_followup document (certainty 0.40, 0.50 needed) but no family read it"
    )


def test_a_document_like_no_family_stays_ok_and_unknown(tmp_path):
    row = _convert(_pdf(tmp_path / "letter.pdf", ["Kære borger", "Tak for dit brev."]))
    assert (row["doc_type"], row["status"], row["error"]) == ("unknown", "ok", None)
    assert row["coverage"] == 0.0
