"""The PDFium backend's own promises: metadata as pdfplumber reads it, graphics and images
read, errors explained, pages independent of the order they are read in, a compiled char reader.

That both backends give the same page model on every PDF is tests/test_page_equivalence.py.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractors.pdf import Page, PdfError, open_pdf, pdfium_calls
from extractors.pdf.model import CHAR_INDEX

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.pdf"))
PEER_ROOT = ROOT.parent / "shared" / "peer-pdfs"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_document_info(path):
    reference, fast = open_pdf(path, "pdfplumber"), open_pdf(path, "pdfium")
    try:
        assert fast.info.pages == reference.info.pages
        assert fast.info.metadata == reference.info.metadata
        assert fast.info.metadata["CreationDate"].startswith("D:")
    finally:
        reference.close()
        fast.close()


def test_samples_have_graphics():
    # Guards the comparison above against two empty sets.
    fast = open_pdf(ROOT / "samples" / "ballerup_opfoelgning_2019_2_vector.pdf", "pdfium")
    page = fast.page(2)
    assert page.lines or page.rects
    assert sum(len(fast.page(n).curves) for n in range(1, fast.info.pages + 1)) > 0


def test_image_pixels():
    path = ROOT / "samples" / "albertslund_voksen_social_virksomhedsplan_2020_2021.pdf"
    fast = open_pdf(path, "pdfium")
    images = [image for n in range(1, fast.info.pages + 1) for image in fast.page(n).images]
    assert len(images) == 1
    assert images[0].pixels().mode == "RGB"


def test_missing_and_broken_files(tmp_path):
    with pytest.raises(PdfError):
        open_pdf(tmp_path / "absent.pdf", "pdfium")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really\n")
    with pytest.raises(PdfError) as error:
        open_pdf(broken, "pdfium")
    assert "\n" not in str(error.value)


def test_peer_pdfs_open_or_raise_pdf_error():
    peers = sorted(p for p in PEER_ROOT.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())
    assert len(peers) > 20, f"peer PDFs missing under {PEER_ROOT}"
    opened = 0
    for path in peers:
        try:
            source = open_pdf(path, "pdfium")
        except PdfError as error:
            assert str(error) and "\n" not in str(error), path
            continue
        try:
            for number in range(1, source.info.pages + 1):
                page = source.page(number)
                assert page.number == number
                assert_index_is_the_pages_own(page)
        finally:
            source.close()
        opened += 1
    assert opened > 20


def assert_index_is_the_pages_own(page: Page) -> None:
    """The char index PDFium's page comes with is the one the page would build itself."""
    supplied = page.memo.get(CHAR_INDEX)
    if supplied is None:
        assert not page.chars, page.number
        return
    rebuilt = Page(*_content(page)[:7], page.images)._char_index()
    assert supplied[0] == rebuilt[0] and supplied[2] == rebuilt[2], page.number
    assert list(map(id, supplied[1])) == list(map(id, rebuilt[1])), page.number


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_pdfium_index_of_chars_is_the_pages_own(path):
    source = open_pdf(path, "pdfium")
    try:
        for number in range(1, source.info.pages + 1):
            assert_index_is_the_pages_own(source.page(number))
    finally:
        source.close()


BALLERUP_SAMPLES = [
    ROOT / "samples" / "ballerup_opfoelgning_2019_2.pdf",
    ROOT / "samples" / "ballerup_opfoelgning_2019_2_vector.pdf",
]


def _content(page):
    """Everything a page holds, images by their boxes (their loaders are per object)."""
    return (
        page.number,
        page.width,
        page.height,
        page.chars,
        page.lines,
        page.rects,
        page.curves,
        tuple(image.bbox for image in page.images),
    )


@pytest.mark.parametrize("path", BALLERUP_SAMPLES, ids=lambda p: p.stem)
def test_pdfium_pages_do_not_depend_on_reading(path):
    # The same file opened twice, and its pages read backwards, give equal pages: nothing the
    # backend keeps between pages may change what a page holds.
    assert path.is_file(), path
    first, second = open_pdf(path, "pdfium"), open_pdf(path, "pdfium")
    try:
        pages = first.info.pages
        forwards = [_content(first.page(n)) for n in range(1, pages + 1)]
        backwards = [_content(second.page(n)) for n in range(pages, 0, -1)]
    finally:
        first.close()
        second.close()
    assert sum(len(content[3]) for content in forwards) > 10_000
    assert forwards == backwards[::-1]


def test_pdfium_chars_are_plain_model_objects():
    from extractors.pdf import BBox, Char

    source = open_pdf(BALLERUP_SAMPLES[0], "pdfium")
    try:
        chars = source.page(2).chars
    finally:
        source.close()
    assert len(chars) > 1000
    for char in chars:
        assert type(char) is Char and type(char.bbox) is BBox
    char = chars[0]
    rebuilt = Char(
        char.text,
        char.font,
        char.size,
        char.fill,
        BBox(char.bbox.x0, char.bbox.top, char.bbox.x1, char.bbox.bottom),
        char.upright,
    )
    assert char == rebuilt and hash(char) == hash(rebuilt)
    with pytest.raises(AttributeError):  # immutable
        char.bbox.x0 = 0.0  # type: ignore[misc]


def test_pdfium_memory_does_not_grow_with_pages():
    import gc
    import tracemalloc

    path = BALLERUP_SAMPLES[1]
    source = open_pdf(path, "pdfium")
    tracemalloc.start()
    try:
        for number in range(1, 6):
            source.page(number)
        gc.collect()
        early = tracemalloc.get_traced_memory()[0]
        for _ in range(2):
            for number in range(1, source.info.pages + 1):
                source.page(number)
        gc.collect()
        late = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
        source.close()
    assert source.info.pages > 40
    # One page's worth of chars alone is several hundred kilobytes: a cache of every page would
    # show far above this bound.
    assert late - early < 100_000, (early, late)


def test_the_compiled_char_reader_is_built():
    assert pdfium_calls.COMPILED is not None, (
        "extractors/pdf/_pdfium_chars.c is not compiled: reinstall with a C compiler (make env)"
    )


def _reads(path: Path) -> list:
    """What the per-char, per-run and per-object readers give for every page of ``path``,
    addresses numbered by first use (they differ from one load to the next; which chars share
    an object, or a font, do not)."""
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(path)
    try:
        out = []
        for page in document:
            number: dict = {0: None}
            text_page = raw.FPDFText_LoadPage(page.raw)
            count = raw.FPDFText_CountChars(text_page)
            objects, xs, ys, flags = pdfium_calls.read_chars(text_page, count)
            keys = memoryview(objects).cast("Q").tolist()
            runs = pdfium_calls.read_runs(text_page, objects)
            styles = [(number.setdefault(s[0], len(number)), *s[1:]) for s in runs.styles]
            addresses, types = pdfium_calls.read_objects(
                page.raw, raw.FPDFPage_CountObjects(page.raw), False
            )
            out.append(
                (
                    [number.setdefault(key, len(number)) for key in keys],
                    xs,
                    ys,
                    bytes(flags),
                    runs.starts,
                    runs.ends,
                    [number.setdefault(key, len(number)) for key in runs.keys],
                    styles,
                    [number.setdefault(address, len(number)) for address in addresses],
                    types,
                )
            )
            raw.FPDFText_ClosePage(text_page)
            page.close()
        return out
    finally:
        document.close()


def test_compiled_and_ctypes_char_readers_agree(monkeypatch):
    peers = sorted(p for p in PEER_ROOT.rglob("*.pdf") if p.is_file())
    checked = generated = styled = 0
    for path in [*SAMPLES, *peers]:
        try:
            compiled = _reads(path)
        except pdfium.PdfiumError:
            continue  # unreadable peer files are another test's business
        with monkeypatch.context() as patch:
            patch.setattr(pdfium_calls, "COMPILED", None)
            assert _reads(path) == compiled, path
        checked += 1
        generated += sum(page[3].count(1) for page in compiled)
        styled += sum(len(page[7]) for page in compiled)
    assert checked > 40
    assert generated > 1000  # the flags are read, not left at zero
    assert styled > 1000


def _built(path: Path) -> list:
    source = open_pdf(path, "pdfium")
    try:
        pages = [source.page(number) for number in range(1, source.info.pages + 1)]
        return [(page.chars, page.memo.get(CHAR_INDEX)) for page in pages]
    finally:
        source.close()


def test_compiled_and_python_char_builds_agree(monkeypatch):
    """The chars of plain runs, built in C, are the Python build's to the last bit: their
    boxes, text, style and the char index."""
    # A browser's per-glyph objects and reportlab's runs, turned pages among them.
    corpus = sorted((ROOT / "tests" / "corpus" / "pdfs").glob("*.pdf"))[::10]
    chars = 0
    for path in [SAMPLES[0], *corpus]:
        compiled = _built(path)
        with monkeypatch.context() as patch:
            patch.setattr(pdfium_calls, "COMPILED", None)
            assert _built(path) == compiled, path
        chars += sum(len(found) for found, _ in compiled)
    assert chars > 100_000


def _graphics(path: Path) -> list:
    source = open_pdf(path, "pdfium")
    try:
        pages = [source.page(number) for number in range(1, source.info.pages + 1)]
        return [(page.lines, page.rects, page.curves) for page in pages]
    finally:
        source.close()


def test_compiled_and_python_path_reads_agree(monkeypatch):
    """The lines, rects and curves of path objects, read in C, are the Python reading's to the
    last bit: on the peer PDFs (curves, closed and open subpaths, forms, odd colour spaces), the
    samples and the layout corpus."""
    corpus = sorted((ROOT / "tests" / "corpus" / "pdfs").glob("*.pdf"))[::5]
    shapes, kinds = 0, set()
    peers = sorted(p for p in PEER_ROOT.rglob("*.pdf") if p.is_file())
    for path in [*peers, *SAMPLES, *corpus]:
        try:
            compiled = _graphics(path)
        except PdfError:
            continue  # unreadable peer files are another test's business
        with monkeypatch.context() as patch:
            patch.setattr(pdfium_calls, "COMPILED", None)
            assert _graphics(path) == compiled, path
        for page in compiled:
            shapes += sum(map(len, page))
            kinds.update(kind for kind, found in enumerate(page) if found)
    assert shapes > 10_000
    assert kinds == {0, 1, 2}
