"""The OCR route's parts on synthetic rasters, and its modes, errors and ocr_pages on one
scanned page (each page read through Tesseract costs seconds: few are read here)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import cv2
import numpy as np
import pytest
from conftest import SAMPLES
from scans import scan_pdf

from extractors.pdf import open_pdf
from extractors.pdf.model import BBox, Page
from extractors.pdf.ocr import OcrMode, OcrSource, OcrUnavailable, engine, rules
from extractors.pdf.ocr import page as page_reading
from extractors.pdf.ocr.deskew import deskew, skew_angle
from extractors.pdf.ocr.engine import Word
from extractors.pdf.ocr.marks import mark_boxes, mark_images
from extractors.pdf.ocr.raster import Raster
from extractors.pdf.ocr.regions import Region, cell_regions
from extractors.pdf.ocr.rules import rule_lines, rule_masks
from extractors.smileys import read_smiley
from pipeline.convert import ConvertTask, convert_rows

DPI = 300
WIDTH, HEIGHT = 1800, 1200  # pixels: 432 x 288 pt


def _raster(rgb: np.ndarray) -> Raster:
    return Raster(rgb, cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), DPI)


def _table(angle: float = 0.0, green: bool = False) -> Raster:
    """A 3 x 3 ruled grid (2 px rules) with a line of text per cell, turned by ``angle``."""
    page = np.full((HEIGHT, WIDTH, 3), 250, np.uint8)
    xs, ys = (200, 700, 1200, 1600), (200, 500, 800, 1000)
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), (60, 60, 60), 2)
    for y in ys:
        cv2.line(page, (xs[0], y), (xs[-1], y), (60, 60, 60), 2)
    for row in range(3):
        for column in range(3):
            origin = (xs[column] + 20, ys[row] + 60)
            cv2.putText(page, "Tekst", origin, cv2.FONT_HERSHEY_SIMPLEX, 1.2, (20, 20, 20), 3)
    if green:  # a smiley-sized green disc (about 13 pt) in the last cell of the first row
        cv2.circle(page, (1400, 350), 27, (0, 176, 80), -1)
    if angle:
        matrix = cv2.getRotationMatrix2D((WIDTH / 2, HEIGHT / 2), angle, 1.0)
        page = cv2.warpAffine(page, matrix, (WIDTH, HEIGHT), borderValue=(250, 250, 250))
    return _raster(page)


def _specks(seed: int, shape=(301, 403), share: float = 0.08) -> np.ndarray:
    """A uint8 mask of random specks and a few bars, some touching the border, the box of its
    pixels starting on an odd row and column."""
    rng = np.random.default_rng(seed)
    mask = (rng.random(shape) < share).astype(np.uint8)
    mask = cv2.dilate(mask, np.ones((2, 3), np.uint8))
    mask[:, :7] = 0
    mask[:3] = 0
    mask[3:8, 40:90] = 1
    mask[120:124, 7:300] = 1
    mask[17:250, shape[1] - 3 :] = 1
    mask[shape[0] - 4 :, 100:200] = 1
    return mask


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("connectivity", [4, 8])
def test_pieces_are_the_ones_opencv_labels_in_its_order(seed, connectivity):
    mask = _specks(seed)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=connectivity)
    found = rules.parts(mask, connectivity)
    assert found.stats.tolist() == stats[1:].tolist()
    for index in range(len(found.ids)):
        x, y, w, h, _ = stats[index + 1]
        assert (found.own(index) == (labels[y : y + h, x : x + w] == index + 1)).all()
    keep = found.stats[:, 4] % 3 == 0
    kept, pieces = rules.keep_parts(found, keep)
    assert (kept == np.isin(labels, np.flatnonzero(keep) + 1)).all()
    _, _, kept_stats, _ = cv2.connectedComponentsWithStats(kept, connectivity=connectivity)
    assert pieces.stats.tolist() == kept_stats[1:].tolist()


@pytest.mark.parametrize("seed", range(4))
def test_the_inside_of_a_mask_is_it_without_the_pieces_at_its_border(seed):
    mask = _specks(seed)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    height, width = mask.shape
    x, y, w, h = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3]
    edge = (x == 0) | (y == 0) | (x + w >= width) | (y + h >= height)
    edge[0] = True
    assert (rules._inside(mask) == (~edge)[labels]).all()


@pytest.mark.parametrize("level", [60, 180, 240])
def test_the_median_test_of_shading_is_the_median_filters(level):
    grey = np.random.default_rng(level).integers(0, 256, (211, 307), dtype=np.uint8)
    grey[40:120, 50:200] //= 2  # a darker block
    expected = cv2.medianBlur(grey, 9) < level
    assert (rules._median_below(grey, level, 9).astype(bool) == expected).all()


@pytest.mark.parametrize("angle", [-1.0, -0.4, 0.0, 0.7])
def test_deskew_finds_the_angle_the_page_was_turned_by(angle):
    assert skew_angle(_table(angle).grey) == pytest.approx(-angle, abs=0.06)


def test_rules_of_a_levelled_grid_become_lines_in_points():
    raster, _ = deskew(_table(0.8))
    lines = rule_lines(rule_masks(raster), raster.scale)
    horizontal = sorted(round(r.bbox.mid_y) for r in lines if r.bbox.width > r.bbox.height)
    vertical = sorted(round(r.bbox.mid_x) for r in lines if r.bbox.height > r.bbox.width)
    # 200, 500, 800, 1000 px and 200, 700, 1200, 1600 px at 300 dpi, within 2 pt.
    assert horizontal == pytest.approx([48, 120, 192, 240], abs=2)
    assert vertical == pytest.approx([48, 168, 288, 384], abs=2)
    # The text is no rule.
    assert len(horizontal) == 4 and len(vertical) == 4


def test_the_cells_the_rules_enclose_are_the_regions_read():
    raster = _table()
    cells, inside = cell_regions(rule_masks(raster), raster.scale)
    assert len(cells) == 9
    assert inside[350, 450] and not inside[100, 100]


def test_a_grid_cut_by_the_pages_end_still_has_its_last_row_as_cells():
    raster = _table()
    open_bottom = raster.rgb.copy()
    open_bottom[998:1004, :] = 250  # the closing rule is not drawn: the row is open
    cells, _ = cell_regions(rule_masks(_raster(open_bottom)), raster.scale)
    assert len(cells) == 9


def test_a_coloured_mark_is_an_image_inside_its_cell_read_as_an_ocr_smiley():
    raster, _ = deskew(_table(0.6, green=True))
    boxes = mark_boxes(raster)
    assert len(boxes) == 1
    (image,) = mark_images(raster, boxes)
    cell = BBox(1200 * 72 / DPI, 200 * 72 / DPI, 1600 * 72 / DPI, 500 * 72 / DPI)
    assert cell.contains_point(image.bbox.mid_x, image.bbox.mid_y)
    page = Page(1, WIDTH * 72 / DPI, HEIGHT * 72 / DPI, (), (), (), (), (image,))
    reading = read_smiley(page.within(cell))
    assert reading is not None and (reading.colour, reading.source) == ("green", "ocr")


def test_text_and_grey_make_no_mark():
    assert mark_boxes(_table()) == []


# ---------------------------------------------------------------- one scanned page


@pytest.fixture(scope="module")
def scanned_page(tmp_path_factory) -> Path:
    """Page 3 of the Ballerup sample, scanned: one ruled page of milestones and smileys."""
    directory = tmp_path_factory.mktemp("scan")
    return scan_pdf(SAMPLES / "ballerup_opfoelgning_2019_2.pdf", directory / "p3.pdf", [3])


def _task(path: Path, ocr: str) -> ConvertTask:
    return ConvertTask(
        path=str(path),
        source_path=str(path),
        file_name=path.name,
        doc_id=hashlib.sha256(path.read_bytes()).hexdigest(),
        ingested_at=datetime(2026, 1, 1, tzinfo=UTC),
        backend="pdfium",
        password=None,
        max_pages=10,
        overrides=None,
        ocr=ocr,
    )


def test_auto_reads_a_scanned_page_and_names_it_in_ocr_pages(scanned_page):
    (row,) = convert_rows(_task(scanned_page, "auto")).tables["documents"]
    assert row["ocr_pages"] == [1]
    assert not any("no text layer" in warning for warning in row["warnings"])


def test_never_leaves_a_scanned_page_unread(scanned_page):
    (row,) = convert_rows(_task(scanned_page, "never")).tables["documents"]
    assert row["ocr_pages"] == []
    assert row["status"] == "partial" and "no text layer on page(s) 1" in row["error"]


def _page_through(name: str, mode: OcrMode, number: int):
    """Page ``number`` of sample ``name`` read through an OcrSource in ``mode``, and the pages
    that source read through OCR."""
    path = SAMPLES / name
    source = OcrSource(open_pdf(path), path, mode=mode)
    try:
        return source.page(number), source.ocr_pages
    finally:
        source.close()


def test_auto_leaves_a_text_page_to_its_backend():
    page, ocr_pages = _page_through("ballerup_opfoelgning_2019_2.pdf", OcrMode.AUTO, 3)
    assert ocr_pages == [] and page.chars[0].font != "OCR"


def test_always_reads_a_text_page_through_ocr_too():
    page, ocr_pages = _page_through("albertslund_budgetaftale_2012_status.pdf", OcrMode.ALWAYS, 1)
    assert ocr_pages == [1]
    assert {c.font for c in page.chars} == {"OCR"}
    assert "Skolemadsordning" in "".join(c.text for c in page.chars)


def test_a_missing_language_model_is_a_one_line_error(scanned_page, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "_ENGINE", None)
    monkeypatch.setenv(engine.TESSDATA_VARIABLE, str(tmp_path))
    with pytest.raises(OcrUnavailable, match="Danish OCR model .* is missing or unreadable"):
        engine.engine()
    (row,) = convert_rows(_task(scanned_page, "auto")).tables["documents"]
    assert row["status"] == "failed"
    assert "Danish OCR model" in row["error"] and "\n" not in row["error"]


def test_the_model_ships_with_the_package():
    assert (engine.SHIPPED_TESSDATA / "dan.traineddata").stat().st_size > 1_000_000


def test_a_short_wall_stands_on_rules_and_a_heading_stem_is_none():
    # A one-line row's wall, 15 pt between the row's rules, is a rule; a bold heading's stem as
    # tall and as dark, standing free (the "d" of a 17 pt title), is none.
    page = np.full((HEIGHT, WIDTH, 3), 246, np.uint8)
    page[200:202, 100:900] = 40
    page[262:264, 100:900] = 40
    page[200:264, 500:502] = 40
    page[600:663, 300:305] = 40
    tall = rule_masks(_raster(page)).vertical
    assert tall[230, 500]
    assert not tall[600:663, 300:305].any()


def test_a_fill_is_found_and_text_set_dense_is_none():
    # A shaded one-line row (15 pt high) is a fill; the x-height band of text set dense ("tsætter":
    # strokes 5 px wide, 4 px apart, 8 pt high) darkens the median filter as much, and is none.
    page = np.full((HEIGHT, WIDTH, 3), 246, np.uint8)
    page[200:263, 200:900] = 210  # 15 pt x 168 pt
    for x in range(300, 470, 9):
        page[600:633, x : x + 5] = 40  # 8 pt x 40 pt of strokes
    blocks = rule_masks(_raster(page)).blocks
    assert blocks[230, 500] and blocks[230, 250]
    assert not blocks[600:633, 300:470].any()


def test_a_dark_bar_inverted_is_paper_to_its_edges():
    # A title bar (grey 50, blurred edge as a scan gives it) with light text: inverted, its text
    # is dark on light, and its outline is paper on every side, the sides of the bar's own box
    # included (there a dark sliver was read as "|" before "4.1.").
    page = np.full((HEIGHT, WIDTH, 3), 246, np.uint8)
    page[300:380, 200:1400] = 50
    cv2.putText(page, "Tekst", (260, 360), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (240, 240, 240), 3)
    page = cv2.GaussianBlur(page, (7, 7), 0)
    raster = _raster(page)
    masks = rule_masks(raster)
    assert masks.blocks[340, 800]
    clean = page_reading._text_image(raster, masks, [])
    text = clean[320:370, 255:400] < rules.INK_LEVEL
    assert text.any()
    # The fill is levelled to paper, not left the grey its inversion gives (205).
    assert np.median(clean[310:370, 600:1300]) >= 250
    outline = np.ones(clean.shape, bool)
    outline[305:375, 205:1395] = False  # all but the bar's outline, 5 px either side
    outline[:290, :] = outline[390:, :] = False
    outline[:, :190] = outline[:, 1410:] = False
    assert not (clean[outline] < rules.INK_LEVEL).any()


def test_the_paper_is_the_lightest_common_grey_though_shading_covers_more():
    # A table of shaded cells over most of the page: its grey is commoner than the paper's, and
    # taken for the paper no cell was shading.
    page = np.full((HEIGHT, WIDTH, 3), 245, np.uint8)
    page[100:1100, 100:1700] = 214
    raster = _raster(page)
    assert rules.paper_level(raster.grey) == 245
    assert rule_masks(raster).blocks[600, 900]


def _shaded_cells(gap: int) -> Raster:
    """A dark header row over two rows of light shaded cells, three a row, ``gap`` px of paper
    between cells, blurred as a scan is; a cell of the first row holds lines of dense strokes."""
    page = np.full((HEIGHT, WIDTH, 3), 245, np.uint8)
    xs, ys = (100, 500, 1200, 1700), (100, 170, 500, 1000)
    for row, (top, bottom) in enumerate(zip(ys, ys[1:], strict=False)):
        for left, right in zip(xs, xs[1:], strict=False):
            page[top : bottom - gap, left : right - gap] = 191 if row == 0 else 214
    for y in range(200, 460, 50):
        page[y : y + 25, 520:1150:8] = 40  # text: a 6 pt line every 12 pt
        page[y : y + 25, 521:1150:8] = 40
    return _raster(cv2.GaussianBlur(page, (0, 0), 1.5))


def test_shaded_cells_drawn_side_by_side_are_blocks_of_their_own():
    raster = _shaded_cells(gap=4)
    masks = rule_masks(raster)
    centres = [(y, x) for y in (135, 335, 750) for x in (300, 850, 1450)]
    labels = cv2.connectedComponents(masks.blocks, connectivity=4)[1]
    assert all(labels[y, x] for y, x in centres)
    assert len({labels[y, x] for y, x in centres}) == 9
    # The text's lines, dark between the fill's, cut no cell; nor is any fill a rule.
    assert len(masks.block_parts.stats) == 9
    assert not (masks.horizontal | masks.vertical).any()
    cells, _ = cell_regions(masks, raster.scale)
    assert len(cells) == 9


def _cell(fill: int, text: str) -> tuple[np.ndarray, Region]:
    """A page with one cell shaded ``fill``, a line of ``text`` in it, blurred as a scan."""
    grey = np.full((300, 1800), 245, np.uint8)
    grey[100:170, 100:1700] = fill
    cv2.putText(grey, text, (112, 152), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 30, 3)
    return cv2.GaussianBlur(grey, (0, 0), 1.2), Region((100, 100, 1700, 170), np.ones((70, 1600)))


def test_a_cell_shaded_mid_grey_is_read_as_text_on_white():
    # Taken as it is, its fill inside the white margin Tesseract is given is thresholded as ink.
    grey, cell = _cell(191, "Ny sundhedspolitik")
    chars = page_reading._read_region(grey, cell, DPI, 72 / DPI, 245 - rules.SHADE_CONTRAST)
    assert "".join(c.text for c in chars) == "Ny sundhedspolitik"


def test_a_line_left_mostly_unread_is_read_again_alone():
    grey, _ = _cell(245, "Tekst om noget")
    crop = np.pad(grey[100:170, 100:1700], 10, constant_values=255)
    line = page_reading._ink_lines(crop)[0]
    top, bottom = line[1], line[3]
    # The cell's reading kept only the line's last letters.
    words = [Word("et", (line[2] - 40, top, line[2], bottom), (top, bottom), 60.0)]
    again = page_reading._unread_lines_alone(crop, DPI, words, 72 / DPI)
    assert " ".join(w.text for w in again) == "Tekst om noget"
