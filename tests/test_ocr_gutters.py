"""Borderless tables on the OCR route: the gutters between columns found in synthetic rasters of
word-sized ink blocks (300 dpi), and the word boxes read beside them."""

from __future__ import annotations

import numpy as np

from extractors.pdf.ocr import gutters
from extractors.pdf.ocr.engine import Word
from extractors.pdf.ocr.gutters import Piece, column_pieces, text_bands
from extractors.pdf.ocr.page import _apart, _with_bearings, _within_pieces

SCALE = 72 / 300  # points per pixel
LINE = 40  # a text line's ink, pixels (10 pt text)
PITCH = 48  # line to line: 8 px of paper between the lines of a cell


def _page(height: int = 700, width: int = 1200) -> np.ndarray:
    return np.zeros((height, width), bool)


def _line(ink: np.ndarray, top: int, words: list[tuple[int, int]]) -> None:
    for x0, x1 in words:
        ink[top : top + LINE, x0:x1] = True


def _row(ink: np.ndarray, top: int, lines: int, gutter: int) -> tuple[int, int]:
    """A table row: a text column of ``lines`` lines (word spaces 14 px, never at one place
    twice), then ``gutter`` px of paper, then a column of one short line."""
    for index in range(lines):
        shift = 37 * index % 90
        _line(ink, top + index * PITCH, [(100, 260 + shift), (274 + shift, 500)])
    right = 500 + gutter
    _line(ink, top, [(right, right + 80)])
    return 500, right


def test_a_gutter_down_two_rows_parts_their_columns():
    ink = _page()
    end, start = _row(ink, 100, 3, 26)  # 26 px: 6.2 pt, the narrowest gutter scanned
    second = 100 + 3 * PITCH + 25  # 25 px of paper: a row's end, not a line's
    _row(ink, second, 2, 26)
    assert [band.lines for band in text_bands(ink, SCALE)] == [3, 2]
    pieces = column_pieces(ink, SCALE)
    assert [p.box for p in pieces] == [
        (100, 100, end, 100 + 2 * PITCH + LINE),
        (start, 100, start + 80, 100 + LINE),
        (100, second, end, second + PITCH + LINE),
        (start, second, start + 80, second + LINE),
    ]
    assert [(p.gutter_left, p.gutter_right) for p in pieces] == [
        (False, True),
        (True, False),
    ] * 2
    assert pieces[0].rows == (100, 100 + 2 * PITCH + LINE)


def test_a_narrow_gap_through_one_band_alone_is_no_gutter():
    ink = _page()
    _row(ink, 100, 3, 26)  # a title's word space where its second line is short looks so
    assert column_pieces(ink, SCALE) == []


def test_a_wide_gutter_parts_a_band_alone():
    ink = _page()
    _row(ink, 100, 3, 60)  # 1.5 of the lines' height
    assert len(column_pieces(ink, SCALE)) == 2


def test_prose_and_a_single_line_have_no_gutter():
    ink = _page()
    for index in range(4):  # word spaces of 14 px, a little further on from line to line
        shift = 37 * index % 90
        _line(ink, 100 + index * PITCH, [(100, 300 + shift), (314 + shift, 700)])
    # one line, a wide space in it (0.75 of its height): a heading's, or a one-line row's
    _line(ink, 400, [(100, 300), (330, 600)])
    assert column_pieces(ink, SCALE) == []


def test_a_single_line_is_cut_only_at_a_gap_wider_than_the_layouts_column_gap():
    ink = _page()
    _line(ink, 100, [(100, 300), (360, 600)])  # 60 px: 1.5 of the line's height
    assert [p.box[::2] for p in column_pieces(ink, SCALE)] == [(100, 300), (360, 600)]


def test_narrow_gaps_of_two_bands_that_end_apart_are_no_gutters():
    ink = _page()
    _row(ink, 100, 3, 26)
    second = 100 + 3 * PITCH + 25
    for index in range(2):  # a gap of 26 px as well, but its column starts 40 px further on
        _line(ink, second + index * PITCH, [(100, 540)])
    _line(ink, second, [(566, 646)])
    assert column_pieces(ink, SCALE) == []


def test_a_word_space_is_no_gutter_even_where_lines_share_it():
    ink = _page()
    for index in range(3):  # 16 px (3.8 pt) of space at one place down three lines
        _line(ink, 100 + index * PITCH, [(100, 300), (316, 700)])
    assert column_pieces(ink, SCALE) == []


def test_the_scanners_dark_edge_joins_no_lines():
    ink = _page()
    _row(ink, 100, 3, 40)
    _row(ink, 100 + 3 * PITCH + 25, 2, 40)
    for y in range(ink.shape[0]):  # a wedge along the left side, as the levelled page has it
        ink[y, : 10 + y // 50] = True
    assert [band.lines for band in text_bands(gutters.off_the_edge(ink), SCALE)] == [3, 2]
    assert len(column_pieces(ink, SCALE)) == 4


def _word(text: str, x0: int, x1: int) -> Word:
    return Word(text, (x0, 12, x1, 40), (10, 44), 90.0)


def test_a_word_box_run_on_over_the_next_word_is_cut_to_its_ink():
    grey = np.full((60, 200), 250, np.uint8)
    grey[14:40, 10:60] = 0  # "JRU"
    grey[14:40, 80:90] = 0  # "/"
    words = [_word("JRU", 10, 95), _word("/", 78, 92)]
    apart = _apart(words, grey)
    assert apart[0].box[:3:2] == (10, 60) and apart[1] == words[1]


def test_words_beside_a_gutter_are_not_widened_into_it():
    words = _with_bearings([_word("indgår", 100, 200), _word("JRU", 300, 360)])
    assert words[0].box[0] < 100 and words[1].box[2] > 360  # widened by their bearings
    piece = Piece((100, 0, 360, 50), (0, 50), gutter_left=False, gutter_right=True)
    kept = _within_pieces(words, [piece], 0, 0)
    assert kept[0].box[0] == words[0].box[0]  # no gutter to the left: the bearing stays
    assert kept[1].box[2] == 360


def test_the_lines_of_a_piece_stay_within_its_rows():
    words = [_word("Skolemadsordning", 100, 300), _word("Der", 320, 360)]  # lines 10-44
    piece = Piece((100, 14, 360, 40), (14, 40), gutter_left=False, gutter_right=False)
    kept = _within_pieces(words, [piece], 0, 0)
    assert [w.line for w in kept] == [(14, 40), (14, 40)]
    assert [w.box for w in kept] == [w.box for w in words]


def test_a_band_a_rule_or_fill_crosses_is_left_to_the_page_layout():
    ink = _page()
    _row(ink, 100, 3, 60)
    ruled = np.zeros(ink.shape[0], bool)
    assert len(gutters.segment(ink, SCALE, ruled)[0]) == 2
    ruled[150] = True  # a vertical rule (or a fill) reaches into the band's rows
    assert gutters.segment(ink, SCALE, ruled) == ([], [])
