"""The fonts the variants use: Debian's TrueType files, and a Wingdings-like smiley font built here.

Nothing is committed from here: the fonts are only needed to regenerate the corpus.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FONT_DIR = Path("/usr/share/fonts/truetype")
FONT_FILES = {
    "DejaVuSans": "dejavu/DejaVuSans.ttf",
    "DejaVuSans-Bold": "dejavu/DejaVuSans-Bold.ttf",
    "DejaVuSansCondensed": "dejavu/DejaVuSansCondensed.ttf",
    "DejaVuSansCondensed-Bold": "dejavu/DejaVuSansCondensed-Bold.ttf",
    "DejaVuSerif": "dejavu/DejaVuSerif.ttf",
    "DejaVuSerif-Bold": "dejavu/DejaVuSerif-Bold.ttf",
    "DejaVuSerifCondensed": "dejavu/DejaVuSerifCondensed.ttf",
    "DejaVuSerifCondensed-Bold": "dejavu/DejaVuSerifCondensed-Bold.ttf",
    "DejaVuSansMono": "dejavu/DejaVuSansMono.ttf",
    "LiberationSans": "liberation/LiberationSans-Regular.ttf",
    "LiberationSans-Bold": "liberation/LiberationSans-Bold.ttf",
    "LiberationSans-Italic": "liberation/LiberationSans-Italic.ttf",
    "LiberationSerif": "liberation/LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold": "liberation/LiberationSerif-Bold.ttf",
    "LiberationSansNarrow": "liberation/LiberationSansNarrow-Regular.ttf",
    "LiberationSansNarrow-Bold": "liberation/LiberationSansNarrow-Bold.ttf",
    "Carlito": "crosextra/Carlito-Regular.ttf",
    "Carlito-Bold": "crosextra/Carlito-Bold.ttf",
    "Symbola": "ancient-scripts/Symbola_hint.ttf",
}
SMILEY_FONT = "SmileySymbols"
# The letters a Wingdings-like font draws as faces, and the DejaVu Sans glyphs they take.
SMILEY_LETTERS = {"J": 0x263A, "K": 0x1F610, "L": 0x2639}


def bold(font: str) -> str:
    """The bold face of a family, where there is one."""
    name = f"{font}-Bold"
    return name if name in FONT_FILES else font


def font_path(name: str, build_dir: Path) -> Path:
    if name == SMILEY_FONT:
        return smiley_font(build_dir)
    return FONT_DIR / FONT_FILES[name]


def smiley_font(build_dir: Path) -> Path:
    """A symbol font whose letters J, K and L draw a smiling, a neutral and a frowning face."""
    target = build_dir / f"{SMILEY_FONT}.ttf"
    if target.exists():
        return target
    build_dir.mkdir(parents=True, exist_ok=True)
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # DejaVu's FFTM table is dropped
    font = TTFont(FONT_DIR / FONT_FILES["DejaVuSans"])
    options = subset.Options()
    options.name_IDs = []
    options.layout_features = []
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[0x20, *SMILEY_LETTERS.values()])
    subsetter.subset(font)
    faces = font.getBestCmap()
    mapping = {0x20: faces[0x20]} | {
        ord(letter): faces[code] for letter, code in SMILEY_LETTERS.items()
    }
    for table in font["cmap"].tables:
        table.cmap = dict(mapping)
    font["cmap"].tables = [t for t in font["cmap"].tables if t.format == 4]
    names = font["name"]
    names.names = []
    for name_id, value in ((1, SMILEY_FONT), (2, "Regular"), (4, SMILEY_FONT), (6, SMILEY_FONT)):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)
    font["OS/2"].usFirstCharIndex = 0x20
    font["OS/2"].usLastCharIndex = ord("L")
    font.save(target)
    return target


@cache
def register(name: str, build_dir: Path) -> str:
    """Register a TrueType font with reportlab (embedded as a subset) and return its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as ReportlabTTFont

    pdfmetrics.registerFont(ReportlabTTFont(name, str(font_path(name, build_dir))))
    return name
