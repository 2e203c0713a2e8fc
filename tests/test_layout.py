"""Text lines and cell text from chars: spaces, wrapped lines, words a narrow column cut."""

from extractors.pdf.layout import join_lines, text_lines
from extractors.pdf.model import BBox, Char

SIZE = 10.0
WIDTH = 5.0  # every char of these fixtures is 5 pt wide


def _chars(text: str, x: float, top: float) -> list[Char]:
    out = []
    for ch in text:
        out.append(Char(ch, "Sans", SIZE, (0, 0, 0), BBox(x, top, x + WIDTH, top + SIZE)))
        x += WIDTH
    return out


def _lines(*texts: str, left: float = 103.0) -> list:
    chars = []
    for index, text in enumerate(texts):
        chars += _chars(text, left, 100 + index * (SIZE + 1))
    return text_lines(chars)


CELL = BBox(100.0, 98.0, 160.0, 200.0)  # 3 pt padding each side: 54 pt, room for 10 chars + 4 pt


def test_spaces_from_gaps_and_space_chars():
    chars = _chars("ab", 0, 0) + _chars("cd", 14, 0) + _chars(" e", 24, 0)
    assert [line.text for line in text_lines(chars)] == ["ab cd e"]


def test_lines_grouped_top_to_bottom():
    lines = _lines("first", "second", "third")
    assert [line.text for line in lines] == ["first", "second", "third"]


def test_wrapped_lines_joined_with_a_space():
    assert join_lines(_lines("Pågår", "delvist"), CELL) == "Pågår delvist"


def test_word_cut_by_a_narrow_column_is_joined():
    # "septembe" fills the line to the edge (8 chars = 40 pt + padding = ... ) so use 10 chars.
    assert join_lines(_lines("Sundhedsrå", "det"), CELL) == "Sundhedsrådet"
    assert join_lines(_lines("budgetopfø", "lgning 2019"), CELL) == "budgetopfølgning 2019"


def test_short_single_word_line_is_not_glued_to_the_next():
    # "Pågår" leaves room for more: the engine wrapped at a space, so keep it.
    assert join_lines(_lines("Pågår", "forår 2013"), CELL) == "Pågår forår 2013"


def test_full_line_followed_by_a_capital_is_two_words():
    assert join_lines(_lines("Kommunalbe", "Direktion"), CELL) == "Kommunalbe Direktion"


def test_slash_and_hyphen_line_ends():
    assert join_lines(_lines("AVS/", "NCB"), CELL) == "AVS/NCB"
    # A slash set apart by a blank keeps one after it, though the line ends with no blank char
    # (a scan's text): "JRU /" + "JTR".
    assert join_lines(_lines("JRU /", "JTR"), CELL) == "JRU / JTR"
    assert join_lines(_lines("Social-", "og Sundhed"), CELL) == "Social- og Sundhed"
    assert join_lines(_lines("budget-", "opfølgning"), CELL) == "budget-opfølgning"
    assert join_lines(_lines("2019-", "2021"), CELL) == "2019-2021"


def test_paragraph_gap_is_a_newline():
    chars = _chars("one", 103, 100) + _chars("two", 103, 100 + 2.5 * SIZE)
    assert join_lines(text_lines(chars), CELL) == "one\ntwo"


def test_compiled_and_python_lines_agree(monkeypatch):
    """The C loop of a text line gives the Python loop's lines: on a sample's pages, and on a
    row of blanks of every kind, a multi-char glyph, gaps on either side of the space rule,
    sizes below one point, and boxes whose edges stand out of the first char's."""
    from pathlib import Path

    from extractors.pdf import open_pdf
    from extractors.pdf.layout import lines

    assert lines.COMPILED is not None, "extractors/pdf/layout/_lines.c is not compiled (make env)"
    odd = [
        Char("\u00a0", "Sans", 0.5, None, BBox(0.0, 2.0, 1.0, 9.0)),
        Char("(cid:3)", "Sans", 10, None, BBox(1.0, 0.0, 6.0, 10.0)),
        Char("\t", "Sans", 10.0, None, BBox(6.5, 0.0, 7.0, 12.0)),
        Char("x", "Sans", 0.25, None, BBox(7.5, -1.0, 8.0, 10.0)),
        Char("y", "Sans", 0.25, None, BBox(8.75, 0.0, 9.0, 10.0)),
        Char("z", "Sans", 12.0, None, BBox(9.0 + 12.0 * 0.1, 0.0, 30.0, 10.0)),
        Char("\u2003\u3000", "Sans", 10.0, None, BBox(30.0, 0.0, 31.0, 10.0)),
        Char("w", "Sans", 10.0, None, BBox(40.0, 0.0, 41.0, 10.0)),
    ]
    sample = Path(__file__).resolve().parents[1] / "samples" / "ballerup_opfoelgning_2019_2.pdf"
    source = open_pdf(sample, "pdfium")
    try:
        pages = [source.page(number) for number in range(1, 4)]
    finally:
        source.close()
    # Chars without height (each placed alone), and rows that overlap further back than the
    # last three rows a char may join.
    flat = [
        Char("a", "Sans", 10.0, None, BBox(0.0, 5.0, 5.0, 5.0)),
        Char("b", "Sans", 10.0, None, BBox(5.0, 5.0, 9.0, 5.0)),
        Char("c", "Sans", 10.0, None, BBox(9.0, 6.0, 12.0, 4.0)),
        *(
            Char(t, "Sans", 10.0, None, BBox(k * 3.0, k * 2.0, k * 3.0 + 2, k * 2.0 + 9))
            for k, t in enumerate("defgh")
        ),
        Char("i", "Sans", 10.0, None, BBox(40.0, 0.5, 44.0, 9.5)),
    ]
    regions = [odd, flat, *(page.chars for page in pages)]
    regions += [part.chars for page in pages for part in page.split(_halves(page))]
    compiled = [text_lines(list(region)) for region in regions]
    monkeypatch.setattr(lines, "COMPILED", None)
    assert [text_lines(list(region)) for region in regions] == compiled
    assert [line.text for line in compiled[0]] == ["(cid:3) x yz w"]


def _halves(page) -> list[BBox]:
    middle = page.width / 2
    return [BBox(0.0, 0.0, middle, page.height), BBox(middle, 0.0, page.width, page.height)]


def test_compiled_and_python_ink_and_split_agree(monkeypatch):
    """The C loops of a page's ink (bands._ink) and of the sharing out of a band's chars among
    its boxes (Page.split) give the Python loops' results, on a sample's pages and on boxes of
    every shape: side by side, shorter than their band, overlapping, reaching past the page,
    with no width."""
    from pathlib import Path

    from extractors.pdf import model, open_pdf
    from extractors.pdf.layout import bands
    from extractors.pdf.layout.params import DEFAULT_PARAMS

    assert model.COMPILED is not None, "extractors/pdf/_model.c is not compiled (make env)"
    assert bands.COMPILED is not None, "extractors/pdf/layout/_lines.c is not compiled (make env)"
    sample = Path(__file__).resolve().parents[1] / "samples" / "ballerup_opfoelgning_2019_2.pdf"
    source = open_pdf(sample, "pdfium")
    try:
        pages = [source.page(number) for number in range(1, 4)]
    finally:
        source.close()

    def rows(page) -> list[list[BBox]]:
        out = []
        for k in range(8):
            top, step = page.height * k / 8, page.width / 5
            row = [BBox(j * step, top, (j + 1) * step, top + page.height / 8) for j in range(5)]
            row += [BBox(10.0, top + 3.0, 200.0, top + 20.0), BBox(150.0, top, 150.0, top + 40)]
            out.append(row)
        return [*out, [BBox(-50.0, -50.0, page.width + 50, page.height + 50)]]

    def read() -> list:
        found = []
        for page in pages:
            found.append(bands._ink(page, DEFAULT_PARAMS))
            for row in rows(page):
                found.append([(part.chars, part.rects, part.lines) for part in page.split(row)])
        return found

    compiled = read()
    monkeypatch.setattr(model, "COMPILED", None)
    monkeypatch.setattr(bands, "COMPILED", None)
    assert read() == compiled
    assert any(chars for part in compiled[1:] if isinstance(part, list) for chars, _, _ in part)
