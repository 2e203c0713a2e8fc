"""The bad-input corpus is what it claims to be."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pdfplumber
import pikepdf
import pypdfium2
import pytest

from tests.badpdfs import (
    BOMB_INFLATED,
    CORPUS,
    FILE_NAMES,
    MANY_PAGES,
    OWNER_PASSWORD,
    SAMPLE,
    USER_PASSWORD,
    make_bad_corpus,
    zero_deflate,
)

GIB = 1024**3
MIB = 1024**2


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_bad_corpus(tmp_path_factory.mktemp("bad"))


def pdfium_texts(path: Path) -> list[str]:
    doc = pypdfium2.PdfDocument(path)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def test_every_file_is_made_under_its_name(corpus: dict[str, Path]) -> None:
    assert SAMPLE.is_file()
    assert set(corpus) == set(CORPUS) == set(FILE_NAMES)
    for key, path in corpus.items():
        assert path.is_file(), key
        assert path.name == FILE_NAMES[key]
    assert " " in corpus["name_spaces"].name
    assert set("æøåÆØÅ") <= set(corpus["name_danish"].name)
    assert corpus["name_dash"].name == "-rapport.pdf"
    sample = SAMPLE.read_bytes()
    for key in ("name_spaces", "name_danish", "name_dash"):
        assert corpus[key].read_bytes() == sample


def test_not_pdfs(corpus: dict[str, Path]) -> None:
    assert corpus["empty"].stat().st_size == 0
    text = corpus["not_pdf"].read_bytes()
    assert text and not text.startswith(b"%PDF")
    text.decode("utf-8")
    for key in ("empty", "not_pdf"):
        with pytest.raises(pikepdf.PdfError):
            pikepdf.open(corpus[key])


def test_truncated_is_the_first_half(corpus: dict[str, Path]) -> None:
    sample = SAMPLE.read_bytes()
    cut = corpus["truncated"].read_bytes()
    assert cut == sample[: len(sample) // 2]
    assert b"%%EOF" not in cut
    with pytest.raises(pypdfium2.PdfiumError):
        pypdfium2.PdfDocument(corpus["truncated"])


def test_user_password_is_needed(corpus: dict[str, Path]) -> None:
    path = corpus["encrypted_user"]
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(path)
    with pytest.raises(pypdfium2.PdfiumError):
        pypdfium2.PdfDocument(path)
    with pikepdf.open(path, password=USER_PASSWORD) as pdf:
        assert pdf.is_encrypted and len(pdf.pages) == 1
    doc = pypdfium2.PdfDocument(path, password=USER_PASSWORD)
    assert len(doc) == 1 and "Netværk" in doc[0].get_textpage().get_text_range()
    doc.close()


def test_owner_only_opens_without_a_password(corpus: dict[str, Path]) -> None:
    path = corpus["encrypted_owner_only"]
    with pikepdf.open(path) as pdf:
        assert pdf.is_encrypted and len(pdf.pages) == 1
    with pikepdf.open(path, password=OWNER_PASSWORD) as pdf:
        assert pdf.owner_password_matched
    assert "Netværk" in pdfium_texts(path)[0]


def test_many_pages(corpus: dict[str, Path]) -> None:
    with pikepdf.open(corpus["many_pages"]) as pdf:
        assert len(pdf.pages) == MANY_PAGES == 3000
    assert corpus["many_pages"].stat().st_size < 2 * MIB


def test_zero_deflate_is_a_valid_zlib_stream() -> None:
    data = zero_deflate(8 * MIB)
    assert len(data) < 16 * 1024
    assert zlib.decompress(data) == bytes(8 * MIB)  # checks the Adler-32 trailer too
    with pytest.raises(ValueError):
        zero_deflate(MIB + 1)


def test_the_bomb_is_small_and_inflates_past_a_gigabyte(corpus: dict[str, Path]) -> None:
    path = corpus["flate_bomb"]
    assert path.stat().st_size < 8 * MIB
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == 1
        contents = pdf.pages[0].obj.Contents
        assert contents.Filter == pikepdf.Name.FlateDecode
        raw = contents.read_raw_bytes()
    assert BOMB_INFLATED >= 4 * GIB
    assert len(raw) * 500 < BOMB_INFLATED  # a ratio no real page has
    # Inflate a bounded prefix in slices, never holding more than one slice.
    inflater = zlib.decompressobj()
    seen, pending = 0, raw
    zeros = bytes(64 * MIB)
    while seen <= GIB:
        piece = inflater.decompress(pending, len(zeros))
        assert piece and piece == zeros[: len(piece)]
        seen += len(piece)
        pending = inflater.unconsumed_tail
    assert seen > GIB and not inflater.eof


def xref_entries(data: bytes) -> list[int]:
    table = data[data.rindex(b"\nxref\n") : data.index(b"trailer", data.rindex(b"\nxref\n"))]
    return [int(m.group(1)) for m in re.finditer(rb"(\d{10}) \d{5} n", table)]


def test_broken_xref_points_every_object_elsewhere_yet_repairs(corpus: dict[str, Path]) -> None:
    data = corpus["broken_xref"].read_bytes()
    offsets = xref_entries(data)
    assert len(offsets) > 5
    for number, offset in enumerate(offsets, 1):
        assert not data[offset:].startswith(b"%d 0 obj" % number)
    with pikepdf.open(corpus["broken_xref"]) as pdf:
        assert len(pdf.pages) == 1
    assert "Netværk" in pdfium_texts(corpus["broken_xref"])[0]


def test_broken_startxref_repairs_in_every_reader(corpus: dict[str, Path]) -> None:
    data = corpus["broken_startxref"].read_bytes()
    startxref = int(re.search(rb"startxref\s+(\d+)", data).group(1))
    assert not data[startxref:].startswith(b"xref")
    assert "Netværk" in pdfium_texts(corpus["broken_startxref"])[0]
    with pdfplumber.open(corpus["broken_startxref"]) as pdf:
        assert "Netværk" in pdf.pages[0].extract_text()


def test_unrepairable_xref_opens_nowhere(corpus: dict[str, Path]) -> None:
    path = corpus["broken_xref_unrepairable"]
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and b"startxref" in data
    assert re.search(rb"\d+ \d+ obj\b", data) is None
    with pytest.raises(pikepdf.PdfError):
        pikepdf.open(path)
    with pytest.raises(pypdfium2.PdfiumError):
        pypdfium2.PdfDocument(path)


def image_names(pdf: pikepdf.Pdf, index: int) -> list[str]:
    xobjects = pdf.pages[index].obj.Resources.get("/XObject", {})
    return [k for k, v in xobjects.items() if v.get("/Subtype") == pikepdf.Name.Image]


def test_scanned_pages_have_an_image_and_no_text(corpus: dict[str, Path]) -> None:
    assert pdfium_texts(corpus["scanned"]) == [""]
    with pikepdf.open(corpus["scanned"]) as pdf:
        assert image_names(pdf, 0) == ["/Im0"]
    mixed = pdfium_texts(corpus["scanned_mixed"])
    assert len(mixed) == 2
    assert "Netværk" in mixed[0] and mixed[1] == ""
    with pikepdf.open(corpus["scanned_mixed"]) as pdf:
        assert image_names(pdf, 1) == ["/Im0"]
        image = pikepdf.PdfImage(pdf.pages[1].obj.Resources.XObject.Im0)
        assert (image.width, image.height) == (420, 594)


def test_the_corpus_is_reproducible(corpus: dict[str, Path], tmp_path: Path) -> None:
    again = make_bad_corpus(tmp_path)
    for key in ("many_pages", "flate_bomb", "broken_xref", "scanned_mixed", "truncated"):
        assert again[key].read_bytes() == corpus[key].read_bytes(), key
