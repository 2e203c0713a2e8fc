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
# The family names a browser knows the same files by.
BROWSER_FAMILY = {
    "LiberationSans": "Liberation Sans",
    "LiberationSerif": "Liberation Serif",
    "LiberationSansNarrow": "Liberation Sans Narrow",
    "DejaVuSans": "DejaVu Sans",
    "DejaVuSansCondensed": "DejaVu Sans Condensed",
    "DejaVuSerif": "DejaVu Serif",
    "DejaVuSerifCondensed": "DejaVu Serif Condensed",
    "Carlito": "Carlito",
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
    font = TTFont(FONT_DIR / FONT_FILES["DejaVuSans"], recalcTimestamp=False)
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


SMALL_CAPS_SCALE = 0.78  # a small capital's size against its capital


def small_caps_font(name: str, build_dir: Path) -> str:
    """A copy of a TrueType font whose lowercase letters draw small capitals.

    The cmap still maps each lowercase character to its own glyph (a composite of the capital,
    scaled), so the text layer keeps the case a reader would type while the page shows small caps.
    Returns the registered name.
    """
    from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

    caps_name = f"{name}-SmallCaps"
    target = build_dir / f"{caps_name}.ttf"
    if not target.exists():
        build_dir.mkdir(parents=True, exist_ok=True)
        # Carlito's 'created' stamp is out of range; fontTools says so and reads it anyway.
        logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)
        font = TTFont(FONT_DIR / FONT_FILES[name], recalcTimestamp=False)
        cmap = font.getBestCmap()
        glyf, hmtx = font["glyf"], font["hmtx"]
        order = font.getGlyphOrder()
        mapping = {}
        for code, glyph_name in sorted(cmap.items()):
            char = chr(code)
            upper = char.upper()
            if not char.islower() or len(upper) != 1 or ord(upper) not in cmap:
                continue
            capital = cmap[ord(upper)]
            component = GlyphComponent()
            component.glyphName = capital
            component.x, component.y = 0, 0
            component.transform = [[SMALL_CAPS_SCALE, 0], [0, SMALL_CAPS_SCALE]]
            component.flags = 0x4
            glyph = Glyph()
            glyph.numberOfContours = -1
            glyph.components = [component]
            small = f"{glyph_name}.sc"
            glyf.glyphs[small] = glyph
            order.append(small)
            advance, _ = hmtx[capital]
            hmtx[small] = (round(advance * SMALL_CAPS_SCALE), 0)
            mapping[code] = small
        font.setGlyphOrder(order)
        glyf.glyphOrder = order
        for glyph_name in mapping.values():
            glyf[glyph_name].recalcBounds(glyf)
        font["maxp"].numGlyphs = len(order)
        if "post" in font:
            font["post"].formatType = 3.0  # no glyph names to keep in step
        for table in font["cmap"].tables:
            if table.isUnicode():
                table.cmap.update({code: g for code, g in mapping.items() if code in table.cmap})
        for table_tag in ("GSUB", "GPOS", "GDEF", "hdmx", "LTSH", "VDMX", "kern"):
            if table_tag in font:
                del font[table_tag]  # rules written for the old glyphs
        names = font["name"]
        for record in names.names:
            if record.nameID in (1, 3, 4, 6):
                names.setName(
                    caps_name, record.nameID, record.platformID, record.platEncID, record.langID
                )
        font.save(target)
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as ReportlabTTFont

    if caps_name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(ReportlabTTFont(caps_name, str(target)))
    return caps_name
