"""The layout layer on synthetic pages: one table drawn every way gives the same cells."""

from __future__ import annotations

import pytest

from extractors.pdf.layout import DEFAULT_PARAMS, LayoutParams, page_edges, page_layout
from extractors.pdf.layout.document import DocumentReader
from extractors.pdf.layout.text import Vocabulary
from extractors.pdf.model import BBox, Char, Line, Page, Rect

SIZE = 9.0
ADVANCE = 5.0
BLACK = (0.0, 0.0, 0.0)
GREY = (0.85, 0.85, 0.85)

# A table of three columns and three rows; each row one line of text per cell.
COLUMNS = (60.0, 160.0, 400.0, 520.0)
ROWS = (100.0, 120.0, 140.0, 160.0)
TEXTS = (
    ("Aftaletekst", "Ansvarlig", "Status"),
    ("Skolemad", "JRU", "Pågår"),
    ("Børn i krise", "JRU / JTR", "Arbejdet fortsætter"),
)


def chars(text: str, x: float, top: float, size: float = SIZE, font: str = "Sans") -> list[Char]:
    out = []
    for letter in text:
        out.append(Char(letter, font, size, BLACK, BBox(x, top, x + ADVANCE, top + size)))
        x += ADVANCE
    return out


def table_chars() -> list[Char]:
    out = []
    for row, texts in enumerate(TEXTS):
        for column, text in enumerate(texts):
            out += chars(text, COLUMNS[column] + 4, ROWS[row] + 5)
    return out


def page(chars_=(), lines=(), rects=(), number: int = 1, height: float = 842.0) -> Page:
    return Page(number, 595.0, height, tuple(chars_), tuple(lines), tuple(rects), (), ())


def hline(y: float, x0: float, x1: float) -> Line:
    return Line(BBox(x0, y, x1, y), BLACK, 0.5)


def vline(x: float, top: float, bottom: float) -> Line:
    return Line(BBox(x, top, x, bottom), BLACK, 0.5)


def full_grid_lines() -> list[Line]:
    return [hline(y, COLUMNS[0], COLUMNS[-1]) for y in ROWS] + [
        vline(x, ROWS[0], ROWS[-1]) for x in COLUMNS
    ]


def per_cell_pieces() -> list[Rect]:
    """Every cell's four sides as thin filled rectangles, as a browser draws them."""
    out = []
    for top, bottom in zip(ROWS, ROWS[1:], strict=False):
        for x0, x1 in zip(COLUMNS, COLUMNS[1:], strict=False):
            out.append(Rect(BBox(x0, top - 0.4, x1, top + 0.4), None, BLACK))
            out.append(Rect(BBox(x0, bottom - 0.4, x1, bottom + 0.4), None, BLACK))
            out.append(Rect(BBox(x0 - 0.4, top, x0 + 0.4, bottom), None, BLACK))
            out.append(Rect(BBox(x1 - 0.4, top, x1 + 0.4, bottom), None, BLACK))
    return out


def shaded_cells() -> list[Rect]:
    """No rules at all: each cell filled, with white space between the cells."""
    return [
        Rect(BBox(x0 + 1, top + 1, x1 - 1, bottom - 1), None, GREY)
        for top, bottom in zip(ROWS, ROWS[1:], strict=False)
        for x0, x1 in zip(COLUMNS, COLUMNS[1:], strict=False)
    ]


def cell_texts(layout) -> list[tuple[str, ...]]:
    return [tuple(cell.text for cell in band.cells if cell.lines) for band in layout.bands]


DRAWINGS = {
    "lines": lambda: {"lines": full_grid_lines()},
    "pieces": lambda: {"rects": per_cell_pieces()},
    "shading": lambda: {"rects": shaded_cells()},
    "horizontal rules only": lambda: {"lines": [hline(y, COLUMNS[0], COLUMNS[-1]) for y in ROWS]},
    "no rules": lambda: {},
}


@pytest.mark.parametrize("drawing", sorted(DRAWINGS))
def test_every_drawing_gives_the_same_cells(drawing):
    layout = page_layout(page(table_chars(), **DRAWINGS[drawing]()))
    assert cell_texts(layout) == [tuple(texts) for texts in TEXTS]


def test_pieces_are_joined_into_rules():
    edges = page_edges(page(rects=per_cell_pieces()))
    assert sorted({round(e.position, 1) for e in edges.horizontal}) == list(ROWS)
    assert all(e.start <= COLUMNS[0] + 0.5 and e.end >= COLUMNS[-1] - 0.5 for e in edges.horizontal)
    assert sorted({round(e.position, 1) for e in edges.vertical}) == list(COLUMNS)


def test_ruled_rows_are_marked_ruled_and_whitespace_rows_not():
    ruled = page_layout(page(table_chars(), lines=full_grid_lines()))
    assert all(band.ruled and band.rule_above and band.rule_below for band in ruled.bands)
    free = page_layout(page(table_chars()))
    assert not any(band.ruled for band in free.bands)


def test_merged_cell_spans_the_row():
    # The middle row has no vertical rule inside it: one cell across the table.
    lines = [hline(y, COLUMNS[0], COLUMNS[-1]) for y in ROWS]
    lines += [vline(COLUMNS[0], ROWS[0], ROWS[-1]), vline(COLUMNS[-1], ROWS[0], ROWS[-1])]
    lines += [vline(x, ROWS[0], ROWS[1]) for x in COLUMNS[1:-1]]
    lines += [vline(x, ROWS[2], ROWS[3]) for x in COLUMNS[1:-1]]
    text = table_chars()[:0]
    for column, word in enumerate(TEXTS[0]):
        text += chars(word, COLUMNS[column] + 4, ROWS[0] + 5)
    text += chars("Kulturområdet", COLUMNS[0] + 4, ROWS[1] + 5)
    for column, word in enumerate(TEXTS[2]):
        text += chars(word, COLUMNS[column] + 4, ROWS[2] + 5)
    layout = page_layout(page(text, lines=lines))
    assert [len(band.cells) for band in layout.bands] == [3, 1, 3]
    assert layout.bands[1].cells[0].text == "Kulturområdet"


def test_a_missing_vertical_rule_is_found_from_the_other_rows():
    lines = [hline(y, COLUMNS[0], COLUMNS[-1]) for y in ROWS]
    lines += [vline(x, ROWS[0], ROWS[-1]) for x in (COLUMNS[0], COLUMNS[2], COLUMNS[3])]
    lines += [vline(COLUMNS[1], ROWS[0], ROWS[1])]  # drawn in the first row only
    layout = page_layout(page(table_chars(), lines=lines))
    assert cell_texts(layout) == [tuple(texts) for texts in TEXTS]


def test_open_rows_at_a_page_break_continue():
    # Page 1: the table's verticals run to the foot with no closing rule; page 2: they start at
    # the head with no opening rule.
    first = page(
        chars("Milepæl", 64, 700) + chars("Første del", 164, 700),
        lines=[
            hline(690, 60, 400),
            vline(60, 690, 760),
            vline(160, 690, 760),
            vline(400, 690, 760),
        ],
        number=1,
    )
    second = page(
        chars("anden del", 164, 60),
        lines=[hline(80, 60, 400), vline(60, 50, 80), vline(160, 50, 80), vline(400, 50, 80)],
        number=2,
    )
    views = list(DocumentReader().pages([first, second]))
    last = views[0].bands[-1]
    assert last.band.open_bottom and not last.band.rule_below
    head = views[1].bands[0]
    assert head.band.open_top and head.continued


def test_running_heads_and_feet_are_not_content():
    def one(number: int) -> Page:
        text = chars("Ballerup Kommune", 400, 30) + chars(f"Side {number} af 3", 450, 805)
        text += chars(f"Indhold på side {number}", 60, 300)
        return page(text, number=number)

    views = list(DocumentReader().pages([one(1), one(2), one(3)]))
    for view in views:
        assert [b.texts for b in view.running] == [
            ("Ballerup Kommune",),
            (f"Side {view.page.number} af 3",),
        ]
        assert [p.band.texts for p in view.bands] == [(f"Indhold på side {view.page.number}",)]


def test_a_page_number_alone_is_running_even_on_a_single_page():
    text = chars("Indhold", 60, 300) + chars("– 1 –", 290, 810)
    (view,) = DocumentReader().pages([page(text)])
    assert [b.texts for b in view.running] == [("– 1 –",)]


def test_blocks_side_by_side_keep_their_own_lines():
    # A title at the left and a letterhead at the right, on the same baselines.
    text = chars("Anden opfølgning på", 60, 100, size=16) + chars("Dato: 1. august 2019", 400, 100)
    text += chars("Aftale om budget 2019", 60, 120, size=16) + chars("Tlf. dir.: 2498", 400, 120)
    layout = page_layout(page(text))
    lines = [line.text for line in layout.lines]
    assert "Anden opfølgning på" in lines and "Dato: 1. august 2019" in lines
    assert not any("på Dato" in line for line in lines)


def test_tolerances_are_parameters():
    # With a column gap wider than the table's gaps, a borderless table is one column.
    params = LayoutParams(column_gap=100.0, min_column_gap=100.0)
    layout = page_layout(page(table_chars()), params)
    assert all(len(band.cells) == 1 for band in layout.bands)
    assert page_layout(page(table_chars()), DEFAULT_PARAMS) is not layout


def test_vocabulary_mends_a_word_cut_beside_another_word():
    from extractors.pdf.layout import join_lines, text_lines

    cell = BBox(100.0, 98.0, 168.0, 200.0)  # 3 pt padding: 62 pt of text, 12 chars
    lines = text_lines(chars("1. budgetopf", 103, 100) + chars("ølgning 2019", 103, 111))
    vocabulary = Vocabulary()
    assert join_lines(lines, cell, vocabulary) == "1. budgetopf ølgning 2019"
    vocabulary.add_lines(text_lines(chars("den anden budgetopfølgning i år", 0, 300)))
    assert join_lines(lines, cell, vocabulary) == "1. budgetopfølgning 2019"


def test_vocabulary_never_glues_two_words_it_knows():
    from extractors.pdf.layout import join_lines, text_lines

    cell = BBox(100.0, 98.0, 168.0, 200.0)
    lines = text_lines(chars("et godt arbe", 103, 100) + chars("jde i dag", 103, 111))
    vocabulary = Vocabulary()
    vocabulary.add_lines(text_lines(chars("et arbe og jde og arbejde her", 0, 300)))
    assert join_lines(lines, cell, vocabulary) == "et godt arbe jde i dag"
