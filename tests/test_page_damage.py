"""Damage is seen: a page whose content stream does not decode, a page that will not load, text
of glyphs without Unicode - the page model names it, both backends alike, the document is
partial with the pages named (failed where nothing is left), and the other pages are read."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from conftest import sample_pdf

from extractors.families import extract_document
from extractors.pdf import BACKENDS, open_pdf
from pipeline.ingest import Options, ingest

THREE_PAGES = "albertslund_direktoerforum_2016_2017"  # themes on each of three pages
ONE_PAGE = "albertslund_netvaerkstemaer_2016"


def _changed(name: str, change) -> bytes:
    out = io.BytesIO()
    with pikepdf.open(sample_pdf(name)) as pdf:
        change(pdf)
        pdf.save(out, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


def _break_stream(page: pikepdf.Page, keep: int) -> None:
    """Cut the page's compressed content stream to its first ``keep`` bytes."""
    stream = page.obj.Contents
    raw = stream.read_raw_bytes()
    stream.write(raw[:keep], filter=stream.Filter)


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("damage")
    files = {
        # Page 2's stream cut in half: the libraries would read its first half and say nothing.
        "cut_stream.pdf": _changed(THREE_PAGES, lambda pdf: _break_stream(pdf.pages[1], 1500)),
        # Page 2 no page for PDFium to load.
        "bad_page.pdf": _changed(
            THREE_PAGES, lambda pdf: pdf.pages[1].obj.__setitem__("/Type", pikepdf.Name.Fax)
        ),
        # Every font's ToUnicode and program gone: the text is glyph codes.
        "no_unicode.pdf": _changed(THREE_PAGES, _drop_fonts),
        # The one page's stream broken at its start: nothing left.
        "nothing_left.pdf": _changed(ONE_PAGE, lambda pdf: _break_stream(pdf.pages[0], 40)),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


def _drop_fonts(pdf: pikepdf.Pdf) -> None:
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary):
            if obj.get("/Type") == "/Font" and "/ToUnicode" in obj:
                del obj["/ToUnicode"]
            if obj.get("/Type") == "/FontDescriptor":
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if key in obj:
                        del obj[key]


def _damage(path: Path, backend: str) -> list[tuple[str, ...]]:
    source = open_pdf(path, backend)
    try:
        return [source.page(n).damage for n in range(1, source.info.pages + 1)]
    finally:
        source.close()


def test_sound_samples_have_no_damage():
    # Both backends name the same damage on every PDF (test_page_equivalence): one is asked.
    for path in sorted(sample_pdf(THREE_PAGES).parent.glob("*.pdf")):
        assert not any(_damage(path, "pdfium")), path


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_stream_that_does_not_decode_is_named_and_the_rest_read(broken, backend):
    damage = _damage(broken["cut_stream.pdf"], backend)
    assert damage[0] == () and damage[2] == ()
    assert damage[1] and "content stream does not decode" in damage[1][0]
    source = open_pdf(broken["cut_stream.pdf"], backend)
    try:
        assert source.page(3).chars == open_pdf(sample_pdf(THREE_PAGES), backend).page(3).chars
    finally:
        source.close()


def test_a_page_pdfium_cannot_load_comes_back_empty_and_named(broken):
    source = open_pdf(broken["bad_page.pdf"], "pdfium")
    try:
        page = source.page(2)
        assert page.chars == () and page.damage
        assert page.damage[-1].startswith("not read: PDFium cannot load the page")
        assert source.page(3).has_text
    finally:
        source.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_text_without_unicode_is_named(broken, backend):
    damage = _damage(broken["no_unicode.pdf"], backend)
    assert all(any("unreadable text" in line for line in page) for page in damage), damage


def test_both_backends_read_glyphs_without_unicode_alike(broken):
    def texts(backend):
        source = open_pdf(broken["no_unicode.pdf"], backend)
        try:
            return sorted(c.text for c in source.page(1).chars if c.text.startswith("(cid:"))
        finally:
            source.close()

    unmapped = texts("pdfplumber")
    assert len(unmapped) > 100
    assert texts("pdfium") == unmapped


@pytest.mark.parametrize("backend", BACKENDS)
def test_damaged_documents_are_partial_or_failed_with_pages_named(broken, tmp_path, backend):
    out = tmp_path / "out"
    summary = ingest([str(path) for path in broken.values()], out, Options(backend=backend))
    by_name = {Path(d.source_path).name: d for d in summary.documents}
    assert by_name["cut_stream.pdf"].status == "partial"
    assert by_name["cut_stream.pdf"].error.startswith("damaged page(s) 2; page 2 damaged:")
    assert by_name["no_unicode.pdf"].status == "partial"
    assert "damaged page(s) 1-3" in by_name["no_unicode.pdf"].error
    assert by_name["nothing_left.pdf"].status == "failed"
    assert by_name["nothing_left.pdf"].error.startswith("no page could be read: damaged page(s) 1")
    if backend == "pdfium":
        assert by_name["bad_page.pdf"].status == "partial"
        # An empty page is damaged, not without a text layer.
        assert by_name["bad_page.pdf"].error.startswith("damaged page(s) 2; page 2 damaged: not")


def test_extraction_names_damaged_pages_first(broken):
    source = open_pdf(broken["cut_stream.pdf"])
    try:
        extraction = extract_document(source)
    finally:
        source.close()
    assert extraction.damaged_pages == [2]
    assert extraction.warnings[0].startswith("page 2 damaged: content stream does not decode")
    # The pages around it are read as they are in the sound file.
    sound = open_pdf(sample_pdf(THREE_PAGES))
    try:
        whole = extract_document(sound)
    finally:
        sound.close()

    def read(themes):  # numbered in the order read: a lost page renumbers those after it
        return [(t.theme, t.text, t.page) for t in themes if t.page != 2]

    assert read(extraction.records) == read(whole.records)
    assert {t.page for t in whole.records} >= {1, 3}
