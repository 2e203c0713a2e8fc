"""A budget follow-up is `ok` only when what it prints was read: milestone rows and header rows
the text layer shows but the reading did not find make it `partial`, naming the pages."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from truthcheck import converted

TITLE = "Anden opfølgning på Aftale om budget 2019 for Ballerup Kommune"


def _pdf(path: Path, pages: list[list[tuple[float, float, str]]]) -> Path:
    """A PDF of text lines at (x, y from the top) in Helvetica 9 pt, a page per list."""
    sheet = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    for lines in pages:
        sheet.setFont("Helvetica-Bold", 16)
        sheet.drawString(60, height - 60, TITLE)
        sheet.setFont("Helvetica", 9)
        for x, y, text in lines:
            sheet.drawString(x, height - y, text)
        sheet.showPage()
    sheet.save()
    return path


def _convert(path: Path) -> dict:
    return converted.__wrapped__(path, "pdfium")


def _initiative(top: float, number: str) -> list[tuple[float, float, str]]:
    """An initiative table without rules, its columns set apart by wide gaps."""
    rows = [
        (60, top, f"{number}. Et initiativ"),
        (330, top, "Drift"),
        (400, top, "Tid"),
        (500, top, "Smiley"),
        (60, top + 14, "En beskrivelse af initiativet."),
        (330, top + 14, "Ansvarligt center: Politik og Borgerservice"),
    ]
    for index in range(4):
        y = top + 32 + 14 * index
        rows += [
            (60, y, "Milepæl"),
            (130, y, f"Milepæl nummer {index + 1}"),
            (400, y, "31.12.2019"),
        ]
    rows += [(60, top + 32 + 56, "Økonomi"), (130, top + 32 + 56, "Der er ikke afsat økonomi.")]
    return rows


def test_a_readable_follow_up_is_ok(tmp_path):
    tables = _convert(_pdf(tmp_path / "ok.pdf", [_initiative(120, "1.1")]))
    (document,) = tables["documents"]
    assert (document["status"], document["error"]) == ("ok", None)
    assert len(tables["milestones"]) == 4


def test_milestone_rows_that_were_not_read_make_it_partial(tmp_path):
    readable = _initiative(120, "1.1")
    # The second page prints its rows as one run of text each: the labels stand in no column.
    flattened = [
        (60, 120 + 14 * index, f"Milepæl nummer {index + 1} Milepæl 31.12.2019 ...")
        for index in range(4)
    ]
    tables = _convert(_pdf(tmp_path / "partial.pdf", [readable, flattened]))
    (document,) = tables["documents"]
    assert document["status"] == "partial"
    assert "milestone rows printed were not read" in document["error"]
    assert "page(s) 2" in document["error"]
    assert len(tables["milestones"]) == 4  # what was read is kept


def test_a_follow_up_whose_tables_cannot_be_read_is_never_ok(tmp_path):
    # Only the words, each on a line of its own: no header row, no labelled row.
    words = [(60 + 40 * (i % 10), 120 + 14 * (i // 10), "Milepæl") for i in range(40)]
    tables = _convert(_pdf(tmp_path / "unreadable.pdf", [words]))
    (document,) = tables["documents"]
    assert document["doc_type"] == "budget_followup"
    assert document["status"] == "partial"
    assert "no initiatives found" in document["error"]
    assert tables.get("initiatives", []) == []


def _ruled_pdf(path: Path, rows: list[tuple[float, float, str]]) -> Path:
    """One page of text lines in a table ruled around every line of rows and between its
    columns (x 55, 125, 325, 395, 495, 545)."""
    sheet = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    sheet.setFont("Helvetica-Bold", 16)
    sheet.drawString(60, height - 60, TITLE)
    sheet.setFont("Helvetica", 9)
    for x, y, text in rows:
        sheet.drawString(x, height - y, text)
    tops = sorted({y for _, y, _ in rows})
    edges = [top - 10 for top in tops] + [tops[-1] + 4]
    sheet.setLineWidth(0.5)
    for y in edges:
        sheet.line(55, height - y, 545, height - y)
    for x in (55, 125, 325, 395, 495, 545):
        sheet.line(x, height - edges[0], x, height - edges[-1])
    sheet.showPage()
    sheet.save()
    return path


def test_a_table_row_read_as_no_row_makes_the_document_partial(tmp_path):
    # A milestone row's label is misread (a scan read "<p>Milepæl</p>" as "p>"): the labels the
    # page prints and the rows read agree, three and three, yet the row's cells went into no
    # record. The rows after it are still read.
    rows = _initiative(120, "1.1")
    third = 120 + 32 + 14 * 2
    rows = [(x, y, "p>" if (y, text) == (third, "Milepæl") else text) for x, y, text in rows]
    tables = _convert(_ruled_pdf(tmp_path / "misread.pdf", rows))
    (document,) = tables["documents"]
    assert document["status"] == "partial"
    assert document["error"].startswith(
        "page 1: a row of a table read as no row of its initiative: 'p> Milepæl nummer 3"
    )
    assert [m["text"] for m in tables["milestones"]] == [
        "Milepæl nummer 1",
        "Milepæl nummer 2",
        "Milepæl nummer 4",
    ]
    assert tables["economy"]


def test_a_ruled_follow_up_is_ok(tmp_path):
    tables = _convert(_ruled_pdf(tmp_path / "ruled.pdf", _initiative(120, "1.1")))
    (document,) = tables["documents"]
    assert (document["status"], document["error"]) == ("ok", None)
    assert len(tables["milestones"]) == 4


def test_announced_rows_are_counted_as_whole_words():
    """A page announces a milestone row per "Milepæl" and a header row per "Smiley" that stand
    as words: not inside a longer word, whatever letters (Danish among them) touch them;
    digits, underscores and punctuation beside them count as word ends."""
    from extractors.budget_followup import _announced
    from extractors.pdf.model import BBox, Char, Page

    def page(text: str) -> Page:
        chars = tuple(Char(t, "Sans", 10.0, None, BBox(0.0, 0.0, 1.0, 1.0)) for t in text)
        return Page(1, 100.0, 100.0, chars, (), (), (), ())

    assert _announced(page("Milepæl 1 Milepæl")) == (2, 0)
    assert _announced(page("MilepælMilepæl æMilepæl Milepæls Milepælå")) == (0, 0)
    assert _announced(page("1Milepæl_ -Milepæl- (Milepæl)\nMilepæl")) == (4, 0)
    assert _announced(page("Smiley smiley SmileySmiley ÅSmiley 9Smiley9")) == (0, 2)
