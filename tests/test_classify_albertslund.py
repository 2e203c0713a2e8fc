"""Each Albertslund family claims its own documents and nobody else's.

Every sample is offered to every family (first pages, as the pipeline offers them), and so are
small PDFs written here: unrelated text must be claimed by none of these families, while the same
generator with a status-list table or headed themes shows that generated files are read at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import sample_pages

from extractors import business_plan, status_list, themes
from extractors.families import DETECT_PAGES
from extractors.pdf import Page, open_pdf
from tests.badpdfs import raw_pdf

ROOT = Path(__file__).resolve().parent.parent
FAMILIES = {"status_list": status_list, "business_plan": business_plan, "themes": themes}
THRESHOLD = 0.5
SAMPLES = {
    "albertslund_budgetaftale_2012_status": "status_list",
    "albertslund_voksen_social_virksomhedsplan_2020_2021": "business_plan",
    "albertslund_direktoerforum_2016_2017": "themes",
    "albertslund_netvaerkstemaer_2016": "themes",
    "ballerup_opfoelgning_2019_2": None,
    "ballerup_opfoelgning_2019_2_vector": None,
}


def first_pages(path: Path) -> list[Page]:
    """The leading pages of a generated file, as the pipeline offers them to the families."""
    source = open_pdf(path)
    try:
        count = min(DETECT_PAGES, source.info.pages)
        return [source.page(number) for number in range(1, count + 1)]
    finally:
        source.close()


def claims(pages: list[Page]) -> dict[str, float]:
    return {name: family.detect(pages) for name, family in FAMILIES.items()}


@pytest.mark.parametrize("stem", list(SAMPLES))
def test_each_sample_is_claimed_by_exactly_its_family(stem):
    scores = claims(list(sample_pages(stem)[:DETECT_PAGES]))
    claimed = [name for name, score in scores.items() if score >= THRESHOLD]
    expected = [SAMPLES[stem]] if SAMPLES[stem] else []
    assert claimed == expected, scores
    assert all(0.0 <= score <= 1.0 for score in scores.values())


@pytest.mark.parametrize("name", list(FAMILIES))
def test_family_modules_follow_the_protocol(name):
    family = FAMILIES[name]
    assert family.NAME == name
    assert isinstance(family.VERSION, str) and family.VERSION
    assert callable(family.detect) and callable(family.extract)


# ---------------------------------------------------------------- generated PDFs


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(
    path: Path,
    texts: list[tuple[float, float, float, bool, str]],
    rules: list[tuple[float, float, float, float]] = (),
    width: float = 595.0,
    height: float = 842.0,
) -> Path:
    """A one-page PDF: texts as (x, top, size, bold, text), rules as (x0, top0, x1, top1)."""
    ops: list[bytes] = []
    for x, top, size, bold, text in texts:
        font = b"/F2" if bold else b"/F1"
        y = height - top - size
        ops.append(b"BT %s %.1f Tf %.1f %.1f Td (%s) Tj ET" % (font, size, x, y, _escape(text)))
    for x0, top0, x1, top1 in rules:
        ops.append(b"0.5 w %.1f %.1f m %.1f %.1f l S" % (x0, height - top0, x1, height - top1))
    stream = b"\n".join(ops)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.1f %.1f] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>" % (width, height),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    path.write_bytes(raw_pdf(objects))
    return path


BODY = [
    "The quarterly report of the harbour authority covers shipping volumes,",
    "berth occupancy and the maintenance of the outer breakwater. Volumes rose",
    "slightly on the previous quarter, mainly from bulk cargo, while container",
    "traffic was flat. The dredging programme continues as planned next spring.",
]


def _paragraphs(lines: list[str], top: float, size: float = 10.5) -> list[tuple]:
    return [(72.0, top + index * size * 1.3, size, False, line) for index, line in enumerate(lines)]


def _table(top: float, header: list[str], row: list[str]) -> tuple[list[tuple], list[tuple]]:
    xs = [70.0, 250.0, 320.0, 410.0, 480.0, 560.0]
    bottoms = [top, top + 20.0, top + 40.0]
    rules = [(xs[0], y, xs[-1], y) for y in bottoms]
    rules += [(x, top, x, bottoms[-1]) for x in xs]
    lefts = xs[:-1]  # each cell's text starts at its column's left rule
    texts = [(x + 3.0, top + 5.0, 9.0, True, label) for x, label in zip(lefts, header, strict=True)]
    texts += [(x + 3.0, top + 25.0, 9.0, False, cell) for x, cell in zip(lefts, row, strict=True)]
    return texts, rules


def test_plain_unrelated_text_is_claimed_by_nobody(tmp_path):
    path = make_pdf(tmp_path / "plain.pdf", _paragraphs(BODY, 72.0))
    pages = first_pages(path)
    assert "harbour authority" in "".join(char.text for char in pages[0].chars)
    scores = claims(pages)
    assert all(score < THRESHOLD for score in scores.values()), scores
    for family in FAMILIES.values():
        extraction = family.extract(iter(pages))
        assert not extraction.records
        assert extraction.warnings


def test_plain_text_naming_albertslund_is_claimed_by_nobody(tmp_path):
    lines = ["Albertslund Kommune", *BODY]
    scores = claims(first_pages(make_pdf(tmp_path / "named.pdf", _paragraphs(lines, 72.0))))
    assert all(score < THRESHOLD for score in scores.values()), scores


def test_a_table_with_other_columns_is_not_a_status_list(tmp_path):
    texts, rules = _table(
        120.0, ["Navn", "Adresse", "Telefon", "Email", "Note"], ["Albertslund", "a", "b", "c", "d"]
    )
    path = make_pdf(
        tmp_path / "table.pdf", _paragraphs(["Albertslund Kommune"], 72.0) + texts, rules
    )
    scores = claims(first_pages(path))
    assert all(score < THRESHOLD for score in scores.values()), scores


def test_a_generated_status_table_is_claimed_by_the_status_list_only(tmp_path):
    texts, rules = _table(
        120.0,
        ["Aftaletekst", "Ansvarlig", "Politisk behandling", "Tidsplan", "Status"],
        ["Skolemad: Der arbejdes videre", "JRU", "BU - KB", "2013", "Pågår"],
    )
    title = [
        (72.0, 60.0, 18.0, True, "Status på budgetaftale 2013"),
        (72.0, 90.0, 9.0, False, "Albertslund Kommune"),
    ]
    path = make_pdf(tmp_path / "status.pdf", title + texts, rules)
    pages = first_pages(path)
    scores = claims(pages)
    assert scores["status_list"] >= THRESHOLD, scores
    assert scores["business_plan"] < THRESHOLD and scores["themes"] < THRESHOLD, scores
    items = status_list.extract(iter(pages)).records
    assert [(item.title, item.responsible_raw, item.deadline_raw) for item in items] == [
        ("Skolemad", "JRU", "2013")
    ]


def test_generated_headed_themes_are_claimed_by_the_themes_family_only(tmp_path):
    texts = [(72.0, 60.0, 20.0, True, "Netværkstemaer 2017")]
    texts += _paragraphs(["Albertslund Kommune vælger tre temaer."], 100.0)
    top = 140.0
    for heading in ("Grøn omstilling", "Unge i job", "Trygge boligområder"):
        texts.append((72.0, top, 13.0, True, heading))
        texts += _paragraphs(BODY, top + 22.0)
        top += 110.0
    pages = first_pages(make_pdf(tmp_path / "themes.pdf", texts))
    scores = claims(pages)
    assert scores["themes"] >= THRESHOLD, scores
    assert scores["status_list"] < THRESHOLD and scores["business_plan"] < THRESHOLD, scores
    extraction = themes.extract(iter(pages))
    assert [record.theme for record in extraction.records] == [
        "Grøn omstilling",
        "Unge i job",
        "Trygge boligområder",
    ]
    assert extraction.document.doc_type == "themes"
    assert extraction.document.title == "Netværkstemaer 2017"


class _Family:
    """A stand-in family that reports a fixed certainty and counts how often it was asked."""

    def __init__(self, score: float):
        self.score, self.asked = score, 0

    def detect(self, pages: list[Page]) -> float:
        self.asked += 1
        return self.score


def test_a_certain_family_ends_the_search_and_a_tie_keeps_the_first(monkeypatch) -> None:
    import extractors.families as families

    certain, never, tied, also_tied = _Family(1.0), _Family(1.0), _Family(0.8), _Family(0.8)
    monkeypatch.setattr(families, "families", lambda: [certain, never])
    assert families.classify([]) is certain
    assert (certain.asked, never.asked) == (1, 0)
    monkeypatch.setattr(families, "families", lambda: [tied, also_tied])
    assert families.classify([]) is tied
    assert (tied.asked, also_tied.asked) == (1, 1)
