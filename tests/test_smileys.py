"""The smiley reader, one encoding at a time, then on the two Ballerup samples against the truth."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from extractors.pdf import open_pdf
from extractors.pdf.colour import to_rgb
from extractors.smileys import classify_colour, read_smiley
from tests.smiley_fixtures import (
    BLACK,
    CELL,
    GREEN,
    GREY,
    RED,
    WHITE,
    YELLOW,
    SampleReading,
    char,
    circle_picture,
    cmyk,
    ellipse,
    image_pdf,
    picture_image,
    polygon_disc,
    read_sample,
    region,
    shading,
    square,
    thin_rule,
    vector_face,
    word,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
TRUTH = ROOT / "tests" / "truth"
COLOURS = {"green": GREEN, "yellow": YELLOW, "red": RED}


def reading(r):
    return None if r is None else (r.colour, r.source)


# ---------------------------------------------------------------- colour


@pytest.mark.parametrize(
    "rgb, expected",
    [
        (GREEN, "green"),
        (YELLOW, "yellow"),
        (RED, "red"),
        ((0.0, 1.0, 0.0), "green"),
        ((0.573, 0.816, 0.314), "green"),  # #92D050, office light green
        ((0.0, 0.38, 0.0), "green"),  # dark green text
        ((1.0, 1.0, 0.0), "yellow"),
        ((1.0, 0.843, 0.0), "yellow"),  # gold
        ((0.753, 0.0, 0.0), "red"),  # #C00000, office dark red
        (to_rgb((1.0, 0.0, 0.545, 0.31)), "green"),  # #00B050 as CMYK
        (to_rgb((0.0, 0.25, 1.0, 0.0)), "yellow"),
        (to_rgb((0.0, 1.0, 1.0, 0.0)), "red"),
    ],
)
def test_classify_colour_names_the_status(rgb, expected):
    colour, confidence = classify_colour(rgb)
    assert colour == expected
    assert 0.9 <= confidence <= 1.0


@pytest.mark.parametrize(
    "rgb",
    [
        BLACK,
        WHITE,
        GREY,
        (0.2, 0.2, 0.2),
        to_rgb(0.4),  # a grey fill
        to_rgb((0.0, 0.0, 0.0, 1.0)),  # CMYK black
        (0.886, 0.937, 0.855),  # #E2EFDA, light green cell shading
        (1.0, 0.949, 0.8),  # #FFF2CC, light yellow cell shading
        (0.0, 0.0, 1.0),  # blue
        (0.122, 0.22, 0.392),  # navy header fill
        (0.5, 0.0, 0.5),  # purple
        (1.0, 0.0, 1.0),  # magenta
        None,
    ],
)
def test_classify_colour_refuses_what_is_no_status(rgb):
    assert classify_colour(rgb) is None


def test_colours_between_statuses_are_less_certain():
    orange = classify_colour((1.0, 0.5, 0.0))  # 30 degrees: between red and amber
    assert orange is not None and orange[1] < 0.8
    assert classify_colour(YELLOW)[1] > orange[1]


# ---------------------------------------------------------------- glyphs


@pytest.mark.parametrize(
    "text, font, fill, expected",
    [
        ("☺", "DejaVuSans", GREEN, "green"),
        ("☹", "DejaVuSans", YELLOW, "yellow"),
        ("☹", "DejaVuSans", RED, "red"),  # the same glyph as yellow: colour decides
        ("😊", "Symbola", GREEN, "green"),
        ("😐", "Symbola", YELLOW, "yellow"),
        ("😞", "Symbola", RED, "red"),
        ("🙂", "SegoeUIEmoji", GREEN, "green"),
        ("●", "OpenSymbol", GREEN, "green"),  # a coloured dot is a traffic light too
    ],
)
def test_coloured_glyph(text, font, fill, expected):
    result = read_smiley(region(chars=[char(text, fill, font)]))
    assert reading(result) == (expected, "glyph")
    assert result.confidence >= 0.9


def test_face_glyph_confirms_and_an_expression_against_the_colour_lowers():
    agreeing = read_smiley(region(chars=[char("☺", GREEN)]))
    dot = read_smiley(region(chars=[char("●", GREEN)]))
    against = read_smiley(region(chars=[char("☺", RED)]))  # a smiling face painted red
    assert agreeing.confidence >= 0.95
    assert reading(against) == ("red", "glyph")  # colour wins
    assert against.confidence < dot.confidence < agreeing.confidence


def test_emoji_with_variation_selector():
    chars = [char("☹", RED, "DejaVuSans"), char("\ufe0f", RED, "DejaVuSans")]
    assert reading(read_smiley(region(chars=chars))) == ("red", "glyph")


def test_colour_emoji_carries_its_colour_in_the_font():
    result = read_smiley(region(chars=[char("🔴", BLACK, "NotoColorEmoji")]))
    assert reading(result) == ("red", "glyph")
    assert result.confidence < 0.9


# ---------------------------------------------------------------- symbol fonts


@pytest.mark.parametrize(
    "text, font, fill, expected",
    [
        ("J", "SmileySymbols", GREEN, "green"),
        ("K", "SmileySymbols", YELLOW, "yellow"),
        ("L", "SmileySymbols", YELLOW, "yellow"),
        ("L", "SmileySymbols", RED, "red"),
        ("J", "Wingdings-Regular", GREEN, "green"),
        ("L", "Wingdings", RED, "red"),
        ("\uf04a", "Wingdings-Regular", GREEN, "green"),  # J through a symbol cmap
        ("\uf04c", "F3", RED, "red"),
        ("\uf04b", "F3", YELLOW, "yellow"),
        ("(cid:74)", "F5", GREEN, "green"),  # a glyph with no text mapping
        ("J", "TT3", GREEN, "green"),  # a lone coloured letter in an unnamed font
    ],
)
def test_symbol_font(text, font, fill, expected):
    result = read_smiley(region(chars=[char(text, fill, font)]))
    assert reading(result) == (expected, "symbol_font")
    assert result.confidence >= 0.75


def test_wingdings_face_confirms():
    named = read_smiley(region(chars=[char("J", GREEN, "Wingdings")]))
    unnamed = read_smiley(region(chars=[char("J", GREEN, "TT3")]))
    assert named.confidence >= 0.95
    assert unnamed.confidence < named.confidence


def test_cmyk_fill_converted_by_the_backend():
    fill = to_rgb((1.0, 0.0, 0.545, 0.31))
    assert reading(read_smiley(region(chars=[char("J", fill, "SmileySymbols")]))) == (
        "green",
        "symbol_font",
    )
    assert reading(read_smiley(region(chars=[char("☹", cmyk(0, 1, 1, 0))]))) == ("red", "glyph")


# ---------------------------------------------------------------- not a smiley


@pytest.mark.parametrize(
    "primitives",
    [
        {},  # an empty cell
        {"chars": [char("☺", BLACK)]},  # an uncoloured face: no colour, no status
        {"chars": [char("😞", BLACK, "Symbola")]},
        {"chars": [char("☺", GREY)]},
        {"chars": [char("J", BLACK, "Wingdings")]},
        {"chars": [char("●", GREY, "OpenSymbol")]},
        {"chars": word("Smiley", WHITE)},  # white header text
        {"chars": word("Ikke relevant", BLACK)},
        {"chars": word("Forsinket", RED)},  # a coloured word is emphasis, not a smiley
        {"chars": [char("1", RED, "LiberationSans")]},  # a coloured footnote number
        {"chars": [char("*", GREEN, "LiberationSans")]},  # coloured punctuation
        {"chars": [char("☺", (0.0, 0.0, 1.0))]},  # a blue face: no status
        {"rects": [shading(GREEN)]},  # a shaded cell, even in a saturated colour
        {"rects": [shading((0.886, 0.937, 0.855))]},
        {"rects": [shading((0.122, 0.22, 0.392))], "chars": word("Smiley", WHITE)},
        {"rects": [thin_rule(GREEN)]},
        {"curves": [ellipse(CELL.mid_x, CELL.mid_y, 6, 6, GREY)]},  # a grey disc
        {"curves": [ellipse(CELL.mid_x, CELL.mid_y, 1, 1, GREEN)]},  # a speck
    ],
)
def test_no_smiley(primitives):
    assert read_smiley(region(**primitives)) is None


def test_smiley_on_shaded_cell():
    primitives = {"rects": [shading((0.886, 0.937, 0.855))], "chars": [char("☹", RED)]}
    assert reading(read_smiley(region(**primitives))) == ("red", "glyph")


def test_black_text_beside_a_smiley_is_ignored():
    chars = [*word("Status", BLACK), char("J", YELLOW, "SmileySymbols")]
    assert reading(read_smiley(region(chars=chars))) == ("yellow", "symbol_font")


# ---------------------------------------------------------------- vector


@pytest.mark.parametrize(
    "fill, mouth, expected",
    [
        (GREEN, "arc", "green"),
        (YELLOW, "straight", "yellow"),
        (YELLOW, "arc", "yellow"),
        (RED, "arc", "red"),
        (GREEN, "smile", "green"),
        (RED, "frown", "red"),
        (cmyk(0, 0.25, 1, 0), "straight", "yellow"),
    ],
)
def test_vector_face(fill, mouth, expected):
    curves, lines = vector_face(fill, mouth)
    result = read_smiley(region(curves=curves, lines=lines))
    assert reading(result) == (expected, "vector")
    assert result.confidence >= 0.9


def test_vector_shape_confirms():
    curves, lines = vector_face(YELLOW, "straight")
    neutral = read_smiley(region(curves=curves, lines=lines))
    bare = read_smiley(region(curves=[curves[0]]))
    square_ = read_smiley(region(rects=[square(YELLOW)]))
    smile_in_red_curves, smile_lines = vector_face(RED, "smile")
    against = read_smiley(region(curves=smile_in_red_curves, lines=smile_lines))
    assert neutral.confidence >= 0.95
    assert reading(bare) == ("yellow", "vector") and bare.confidence < neutral.confidence
    assert reading(square_) == ("yellow", "vector") and square_.confidence < bare.confidence
    assert reading(against) == ("red", "vector") and against.confidence < square_.confidence


def test_polygon_disc_and_coloured_ring():
    assert reading(read_smiley(region(curves=[polygon_disc(GREEN)]))) == ("green", "vector")
    ring = ellipse(CELL.mid_x, CELL.mid_y, 6, 6, None, stroke=RED)
    assert reading(read_smiley(region(curves=[ring]))) == ("red", "vector")


# ---------------------------------------------------------------- images


@pytest.mark.parametrize(
    "fill, expected",
    [((0, 176, 80), "green"), ((255, 192, 0), "yellow"), ((255, 0, 0), "red")],
)
def test_image_smiley(fill, expected):
    image, calls = picture_image(circle_picture(fill))
    result = read_smiley(region(images=[image]))
    assert reading(result) == (expected, "image")
    assert result.confidence >= 0.9
    assert calls == [1]


def test_image_without_colour_is_none():
    image, _ = picture_image(circle_picture((0, 0, 0), face=False))
    assert read_smiley(region(images=[image])) is None


def test_large_image_is_not_decoded():
    image, calls = picture_image(circle_picture((0, 176, 80)), side=30.0)
    big, big_calls = picture_image(circle_picture((0, 176, 80)), side=120.0)
    assert read_smiley(region(images=[big])) is None
    assert big_calls == []
    assert reading(read_smiley(region(images=[image]))) == ("green", "image")


def test_image_not_decoded_when_a_glyph_answers():
    image, calls = picture_image(circle_picture((255, 0, 0)))
    result = read_smiley(region(chars=[char("☺", GREEN)], images=[image]))
    assert reading(result) == ("green", "glyph")
    assert calls == []


def test_image_smiley_in_a_real_pdf(tmp_path):
    path = image_pdf(tmp_path / "smiley.pdf", (255, 192, 0))
    source = open_pdf(path)
    try:
        page = source.page(1)
    finally:
        source.close()
    assert len(page.images) == 1
    result = read_smiley(page.within(page.images[0].bbox))
    assert reading(result) == ("yellow", "image")


# ---------------------------------------------------------------- the samples


def truth_sequence(name: str) -> list[tuple[str, str | None]]:
    truth = json.loads((TRUTH / f"{name}.json").read_text(encoding="utf-8"))
    sequence = []
    for initiative in truth["initiatives"]:
        for milestone in initiative["milestones"]:
            sequence.append(("Milepæl", milestone["smiley"]))
        if initiative["economy"] is not None:
            sequence.append(("Økonomi", initiative["economy"]["smiley"]))
    return sequence


def truth_by_source(name: str) -> Counter:
    """Per-encoding totals from the truth's render notes, in the reader's source names."""
    truth = json.loads((TRUTH / f"{name}.json").read_text(encoding="utf-8"))
    notes = truth["render"]["notes"]
    sources = {"unicode-glyph": "glyph", "emoji-glyph": "glyph", "symbol-font-JKL": "symbol_font"}
    counts: Counter = Counter()
    pattern = r"{}: green (\d+), yellow (\d+), red (\d+)"
    for encoding, source in sources.items():
        match = re.search(pattern.format(re.escape(encoding)), notes)
        assert match, f"no totals for {encoding} in the truth notes"
        for colour, count in zip(("green", "yellow", "red"), match.groups(), strict=True):
            counts[(colour, source)] += int(count)
    return counts


_READ: dict[str, SampleReading] = {}


def sample(name: str) -> SampleReading:
    """Each sample is parsed once for all the tests that read it."""
    if name not in _READ:
        path = SAMPLES / f"{name}.pdf"
        assert path.is_file(), f"sample missing: {path}"
        _READ[name] = read_sample(path)
    return _READ[name]


SAMPLE_NAMES = ["ballerup_opfoelgning_2019_2", "ballerup_opfoelgning_2019_2_vector"]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_sequence_matches_truth(name):
    expected = truth_sequence(name)
    got = [(label, r.colour if r else None) for _, label, r in sample(name).smileys]
    assert len(expected) == 450
    assert len(got) == len(expected)
    mismatches = [(i, g, e) for i, (g, e) in enumerate(zip(got, expected, strict=True)) if g != e]
    assert mismatches == []


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_totals(name):
    readings = [r for _, _, r in sample(name).smileys if r]
    assert Counter(r.colour for r in readings) == {"green": 149, "yellow": 26, "red": 7}
    assert min(r.confidence for r in readings) >= 0.9


def test_word_sample_counts_by_source():
    got = Counter((r.colour, r.source) for _, _, r in sample(SAMPLE_NAMES[0]).smileys if r)
    assert got == truth_by_source(SAMPLE_NAMES[0])
    assert sum(got[(c, "glyph")] for c in COLOURS) == 120
    assert sum(got[(c, "symbol_font")] for c in COLOURS) == 62


def test_vector_sample_counts_by_source():
    got = Counter((r.colour, r.source) for _, _, r in sample(SAMPLE_NAMES[1]).smileys if r)
    assert got == {("green", "vector"): 149, ("yellow", "vector"): 26, ("red", "vector"): 7}


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_no_smiley_outside_the_smiley_cells(name):
    """Header cells (shaded, white text), text cells and rules never read as a smiley."""
    read = sample(name)
    assert read.cells > 1000
    assert read.strays == []


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_reader_is_fast(name):
    read = sample(name)
    # A cell takes about 0.1 ms; the generous bound only catches a pathology (say, rendering).
    assert read.seconds / read.cells < 0.002
