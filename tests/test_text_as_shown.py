"""Text reads as the page shows it, with either backend: ligatures as their letters, spaces the
content stream draws as spaces, and none where it draws none.

Browser-made PDFs (tests/fixtures/browser) write each glyph and each space as a text object of
its own, set ligatures from the font and space letters and words glyph by glyph; the small PDFs
written here hold the kerning cases of a content stream one by one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from badpdfs import raw_pdf

from extractors.pdf import BACKENDS, open_pdf
from extractors.pdf.chartext import LIGATURES
from extractors.pdf.layout import text_lines

BROWSER = Path(__file__).resolve().parent / "fixtures" / "browser"
# A blank text object is placed where its text object starts; a browser may move the glyph
# from there by a kerning of a few hundredths of a point (points).
SPACE_PLACE = 0.1


def _lines(path: Path, backend: str, number: int = 1) -> list[str]:
    source = open_pdf(path, backend)
    try:
        return [line.text for line in text_lines(source.page(number).chars)]
    finally:
        source.close()


def _chars(path: Path, backend: str, number: int = 1):
    source = open_pdf(path, backend)
    try:
        return source.page(number).chars
    finally:
        source.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_browser_ligatures_read_as_letters(backend):
    lines = _lines(BROWSER / "ligatures_and_spacing.pdf", backend)
    text = "\n".join(lines)
    assert "Opfølgning på effekter af afledte fiskale tiltag" in lines
    assert "Effekterne af de officielle indsatser" in text
    assert "Økonomi Afledte effekter: 0,6 mio. kr. 31.12.2019" in lines
    assert not set(text) & set(LIGATURES), "a ligature code point in the text"
    for broken in ("eff ekter", "offi cielle", "afl edte", "fi skale", "Eff ekt"):
        assert broken not in text


@pytest.mark.parametrize("backend", BACKENDS)
def test_browser_spaces_between_tight_letters_and_words(backend):
    # Letter- and word-spacing leave gaps too narrow to read as spaces: the words are apart
    # only where the space glyphs the browser drew are read.
    lines = _lines(BROWSER / "ligatures_and_spacing.pdf", backend)
    assert "Tæt spærret tekst med effekter og afledte officielle tiltag i hele linjen." in lines
    assert "Smalle ordmellemrum i en linje med mange små ord og effekter i." in lines
    assert "Spærret tekst om officielle effekter." in lines


def test_pdfium_reads_the_spaces_a_browser_draws():
    path = BROWSER / "ligatures_and_spacing.pdf"
    want = [c for c in _chars(path, "pdfplumber") if c.text == " "]
    have = [c for c in _chars(path, "pdfium") if c.text == " "]
    assert len(want) > 100
    assert len(have) == len(want)
    for a, b in zip(
        sorted(want, key=lambda c: (round(c.bbox.top, 1), c.bbox.x0)),
        sorted(have, key=lambda c: (round(c.bbox.top, 1), c.bbox.x0)),
        strict=True,
    ):
        assert b.bbox.top == pytest.approx(a.bbox.top, abs=SPACE_PLACE)
        assert b.bbox.x0 == pytest.approx(a.bbox.x0, abs=SPACE_PLACE)
        assert b.bbox.x1 == pytest.approx(a.bbox.x1, abs=SPACE_PLACE)


def _helvetica_page(content: bytes) -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        ]
    )


# Helvetica at 12 pt: a space is 3.336 pt wide, an "x" 6 pt.
KERNING = b"""
BT /F1 12 Tf 50 700 Td [(Kerned) -300 ( space) -300 (gap)] TJ ET
BT /F1 12 Tf 50 680 Td [(word) -600 (gap)] TJ ET
BT /F1 12 Tf 50 660 Td (x) Tj ET BT /F1 12 Tf 56.5 660 Td ( ) Tj ET BT /F1 12 Tf 58 660 Td (y) Tj ET
BT /F1 12 Tf 50 640 Td [( ) 278 (T) (wo)] TJ ET
"""


@pytest.fixture(scope="module")
def kerning_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("kerning") / "kerning.pdf"
    path.write_bytes(_helvetica_page(KERNING))
    return path


@pytest.mark.parametrize("backend", BACKENDS)
def test_kerning_and_space_glyphs(kerning_pdf, backend):
    assert _lines(kerning_pdf, backend) == ["Kerned space gap", "word gap", "x y", "Two"]


def test_pdfium_space_glyphs_are_pdfplumbers(kerning_pdf):
    """A space after TJ kerning (which PDFium folds into a space of its own), a space drawn as a
    text object of its own, a space before a glyph at the same place: each is the content
    stream's space, where pdfplumber has it; the kerning alone makes no char."""

    def read(backend):
        return sorted(
            (c.text, round(c.bbox.x0, 2), round(c.bbox.x1, 2), round(c.bbox.top, 2))
            for c in _chars(kerning_pdf, backend)
        )

    want = read("pdfplumber")
    assert [c for c in want if c[0] == " "]
    assert read("pdfium") == want
