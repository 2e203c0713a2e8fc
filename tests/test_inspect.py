"""`opfolg inspect`: the cells of a page and the family's reading, as text and as a picture."""

from __future__ import annotations

from conftest import opfolg, sample_pdf
from PIL import Image

WORD = "ballerup_opfoelgning_2019_2"


def test_inspect_prints_the_cells_and_the_reading_of_a_page(tmp_path):
    result = opfolg("inspect", str(sample_pdf(WORD)), "--pages", "2", "--png", str(tmp_path))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "family: budget_followup" in out
    assert "page 2:" in out and "page 3:" not in out
    # The first milestone row of 1.1: its four cells, the smiley, and what it was read as.
    assert "'Milepæl'" in out and "'1. budgetopfølgning 2019'" in out
    assert "<smiley green glyph>" in out
    assert "Milepæl row of 1.1; smiley green" in out
    assert "header of Aftale om budget 2019 1.2 'Nøgletal på social- og sundhedsområdet'" in out
    assert "[space running]" in out and "'Side 2 af 44'" in out


def test_inspect_draws_the_cells_over_the_page(tmp_path):
    result = opfolg("inspect", str(sample_pdf(WORD)), "--pages", "2", "--png", str(tmp_path))
    assert result.returncode == 0, result.stderr
    (picture,) = tmp_path.glob("*.png")
    assert picture.name == f"{WORD}_p002.png"
    image = Image.open(picture).convert("RGB")
    assert image.size == (round(595.3 * 1.5), round(841.9 * 1.5))
    colours = image.getcolors(maxcolors=1 << 20)
    ruled_blue = sum(count for count, rgb in colours if rgb == (31, 119, 180))
    assert ruled_blue > 1000  # ruled cells are outlined; the plain page has no such blue


def test_inspect_says_what_is_wrong_with_its_arguments(tmp_path):
    missing = opfolg("inspect", str(tmp_path / "none.pdf"))
    assert missing.returncode == 2 and "none.pdf" in missing.stderr
    bad_pages = opfolg("inspect", str(sample_pdf(WORD)), "--pages", "5-3")
    assert bad_pages.returncode == 2 and "--pages" in bad_pages.stderr
