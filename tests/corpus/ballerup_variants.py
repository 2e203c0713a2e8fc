"""The Ballerup variants: each mixes several choices; together they cover all of them."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
from reportlab.lib.colors import CMYKColor, Color, white

from .ballerup import Design, canvas_blocks, html_document, layout_facts, page_setup
from .build import Rendered, Variant, print_html, render_canvas
from .flow import Breaking, Rules
from .marks import Encoding
from .sources import BALLERUP_STEM

NAVY = Color(0.12, 0.19, 0.38)
GREY = Color(0.45, 0.45, 0.45)
CMYK_RULE = CMYKColor(0, 0, 0, 0.8)
NARROW_CHECKPOINT = (0.11, 0.542, 0.11, 0.118, 0.12)  # "budgetopfølgning" wider than its column
SPACED_CHECKPOINT = (0.12, 0.44, 0.11, 0.21, 0.12)

DESIGNS = (
    Design(
        "ballerup_r01_lines_serif",
        "reportlab",
        "Stroked rules on every cell edge, DejaVu Serif 9 pt, the source's <p> markup printed; "
        "rows cut by page breaks with a closing rule; Unicode ☺/☹ glyphs coloured as text.",
        font="DejaVuSerif",
        size=9,
        encodings=(Encoding.UNICODE,),
    ),
    Design(
        "ballerup_r02_rects_narrow_fill",
        "reportlab",
        "Rules as thin filled rectangles; Liberation Sans Narrow 8 pt; a checkpoint column "
        "narrower than 'budgetopfølgning', which is cut inside the word on the line it starts on "
        "('1. budgetopføl' / 'gning 2019'); clean paragraphs; rows cut without closing rules, the "
        "header row repeated on continuation pages; Symbola emoji; letterhead beside the title.",
        font="LiberationSansNarrow",
        size=8,
        encodings=(Encoding.EMOJI,),
        rules=Rules.RECTS,
        widths=(0.1, 0.577, 0.1, 0.103, 0.12),
        checkpoint_breaking=Breaking.FILL,
        markup=False,
        closing_rules=False,
        repeat_header=True,
        letterhead="beside",
        running_header="title",
        running_footer="dash",
    ),
    Design(
        "ballerup_r03_pieces_cmyk",
        "reportlab",
        "Rules as one short filled piece per cell edge, in CMYK grey; smileys as vector faces "
        "filled in CMYK; DejaVu Sans Condensed 8.5 pt; the economy text spans text and checkpoint; "
        "header rows repeated and allowed to stay alone at the foot of a page.",
        font="DejaVuSansCondensed",
        size=8.5,
        encodings=(Encoding.VECTOR_CMYK,),
        plan="economy text spans text and checkpoint",
        rules=Rules.PIECES,
        rule_colour=CMYK_RULE,
        rule_width=0.6,
        repeat_header=True,
        keep_header_with_next=False,
    ),
    Design(
        "ballerup_r04_shaded_cells_landscape",
        "reportlab",
        "No rules: every cell filled, the grid only visible as the white gaps between fills; A4 "
        "landscape; Carlito 10 pt; the number in the label column, the description and the "
        "responsible block in rows of their own; symbol-font letters J/K/L; clean paragraphs; rows "
        "cut by page breaks.",
        font="Carlito",
        size=10,
        encodings=(Encoding.SYMBOL_FONT,),
        plan="number in the label column",
        widths=(0.1, 0.52, 0.1, 0.18, 0.1),
        landscape=True,
        rules=Rules.SHADE_CELLS,
        markup=False,
        closing_rules=False,
        letterhead="beside",
        running_footer="dash",
    ),
    Design(
        "ballerup_r05_shaded_rows_png",
        "reportlab",
        "No rules: rows filled in alternating shades; Liberation Serif 11 pt; smileys as embedded "
        "PNG images; tables split between rows only, a header row may stay alone at the foot of a "
        "page; a title page; no running header.",
        font="LiberationSerif",
        size=11,
        encodings=(Encoding.RASTER,),
        rules=Rules.SHADE_ROWS,
        split_rows=False,
        keep_header_with_next=False,
        title_page=True,
        running_header="none",
    ),
    Design(
        "ballerup_r06_borderless_checkpoint_first",
        "reportlab",
        "No rules and no shading at all: columns only from text alignment; Liberation Sans 9 pt; "
        "the checkpoint column before the text; vector faces; clean paragraphs; the header row "
        "repeated on continuation pages.",
        font="LiberationSans",
        size=9,
        encodings=(Encoding.VECTOR,),
        plan="checkpoint before text",
        widths=(0.12, 0.22, 0.4, 0.14, 0.12),
        rules=Rules.NONE,
        header_fill=None,
        markup=False,
        repeat_header=True,
    ),
    Design(
        "ballerup_r07_horizontal_per_glyph",
        "reportlab",
        "Horizontal rules only; DejaVu Sans 7.5 pt; the smiley column before the checkpoint; every "
        "glyph in its own text object (BT…ET), as browsers write; Unicode glyphs and Symbola emoji "
        "mixed across initiatives.",
        font="DejaVuSans",
        size=7.5,
        encodings=(Encoding.UNICODE, Encoding.EMOJI),
        plan="smiley before checkpoint",
        widths=(0.11, 0.47, 0.1, 0.1, 0.22),
        rules=Rules.HORIZONTAL,
        per_glyph=True,
        running_header="title",
        running_footer="dash",
    ),
    Design(
        "ballerup_r08_frame_large_landscape",
        "reportlab",
        "An outer frame with most inner rules missing (only under the header row and above the "
        "economy row); Liberation Sans 12 pt, A4 landscape; a checkpoint column that breaks "
        "'1. budgetopfølgning 2019' only at spaces; rows cut without closing rules; Unicode "
        "glyphs, emoji and J/K/L mixed as in the LibreOffice sample; letterhead beside the title.",
        font="LiberationSans",
        size=12,
        encodings=(Encoding.UNICODE, Encoding.EMOJI, Encoding.SYMBOL_FONT),
        widths=SPACED_CHECKPOINT,
        landscape=True,
        rules=Rules.FRAME,
        checkpoint_breaking=Breaking.SPACES,
        closing_rules=False,
        keep_header_with_next=False,
        letterhead="beside",
    ),
    Design(
        "ballerup_r09_navy_between_rows",
        "reportlab",
        "Grey stroked rules, navy header rows with white text; DejaVu Serif 8 pt; a checkpoint "
        "column where 'budgetopfølgning' is cut inside the word on a line of its own; tables split "
        "between rows only, the header row repeated; vector faces and PNG images mixed; clean "
        "paragraphs.",
        font="DejaVuSerif",
        size=8,
        encodings=(Encoding.VECTOR, Encoding.RASTER),
        widths=NARROW_CHECKPOINT,
        rule_colour=GREY,
        header_fill=NAVY,
        header_text=white,
        checkpoint_breaking=Breaking.EMERGENCY,
        split_rows=False,
        repeat_header=True,
        markup=False,
        repeat_2018_heading=False,
    ),
    Design(
        "ballerup_r10_cmyk_rects",
        "reportlab",
        "Thin filled rectangles in CMYK grey; Carlito 9 pt, A4 portrait; the smiley column before "
        "the checkpoint; CMYK vector faces and J/K/L letters mixed; rows cut with closing rules, "
        "header repeated; letterhead beside the title.",
        font="Carlito",
        size=9,
        encodings=(Encoding.VECTOR_CMYK, Encoding.SYMBOL_FONT),
        plan="smiley before checkpoint",
        widths=(0.11, 0.47, 0.1, 0.1, 0.22),
        rules=Rules.RECTS,
        rule_colour=CMYK_RULE,
        repeat_header=True,
        letterhead="beside",
        running_header="title",
    ),
    Design(
        "ballerup_c01_borders_thead",
        "chromium",
        "Headless Chromium: CSS borders on every cell (drawn as one thin filled rectangle per cell "
        "edge); the header row in <thead>, repeated by the browser on continuation pages; rows cut "
        "by page breaks; Liberation Serif 9.5 pt; colour-emoji circles 🟢🟡🔴 (Noto Color Emoji); "
        "the source's markup printed.",
        font="LiberationSerif",
        size=9.5,
        encodings=(Encoding.COLOUR_EMOJI,),
        rules=Rules.PIECES,
        repeat_header=True,
    ),
    Design(
        "ballerup_c02_borderless_svg_landscape",
        "chromium",
        "Headless Chromium, no borders and no backgrounds: columns only from text alignment; A4 "
        "landscape; DejaVu Sans Condensed 9 pt; inline SVG faces; rows never cut (break-inside: "
        "avoid); clean paragraphs; letterhead beside the title.",
        font="DejaVuSansCondensed",
        size=9,
        encodings=(Encoding.VECTOR,),
        landscape=True,
        rules=Rules.NONE,
        header_fill=None,
        split_rows=False,
        markup=False,
        letterhead="beside",
        running_footer="dash",
    ),
    Design(
        "ballerup_c03_shaded_glyphs",
        "chromium",
        "Headless Chromium: cell backgrounds only, no borders (border-spacing leaves the grid as "
        "white gaps); Carlito 10.5 pt; Unicode ☺/☹ coloured by CSS; the economy text spans text "
        "and checkpoint; the header row repeated (<thead>); clean paragraphs.",
        font="Carlito",
        size=10.5,
        encodings=(Encoding.UNICODE,),
        plan="economy text spans text and checkpoint",
        rules=Rules.SHADE_CELLS,
        repeat_header=True,
        markup=False,
    ),
    Design(
        "ballerup_c04_horizontal_png_checkpoint_first",
        "chromium",
        "Headless Chromium: top and bottom borders only; Liberation Sans 8.5 pt; the checkpoint "
        "column before the text, narrow enough that 'budgetopfølgning' wraps inside the word "
        "(overflow-wrap: anywhere); PNG images (data: URLs); a title page; the markup printed.",
        font="LiberationSans",
        size=8.5,
        encodings=(Encoding.RASTER,),
        plan="checkpoint before text",
        widths=(0.11, 0.11, 0.49, 0.17, 0.12),
        rules=Rules.HORIZONTAL,
        title_page=True,
        running_header="title",
    ),
    Design(
        "ballerup_c05_shaded_rows_emoji_jkl",
        "chromium",
        "Headless Chromium: alternating row backgrounds, no borders; DejaVu Serif 9 pt; the smiley "
        "column before the checkpoint; Symbola emoji coloured by CSS and J/K/L letters of the "
        "smiley font mixed; the header row repeated; clean paragraphs.",
        font="DejaVuSerif",
        size=9,
        encodings=(Encoding.EMOJI, Encoding.SYMBOL_FONT),
        plan="smiley before checkpoint",
        widths=(0.11, 0.45, 0.1, 0.1, 0.24),
        rules=Rules.SHADE_ROWS,
        repeat_header=True,
        markup=False,
        running_footer="dash",
    ),
)


def _canvas(design: Design):
    def render(build_dir: Path) -> Rendered:
        blocks = canvas_blocks(design, build_dir)
        pdf, events = render_canvas(blocks, page_setup(design, build_dir), build_dir)
        return Rendered(pdf, layout_facts(design) | {"page_breaks": events})

    return render


def _browser(design: Design):
    def render(build_dir: Path) -> Rendered:
        pdf = print_html(html_document(design, build_dir))
        with pikepdf.open(io.BytesIO(pdf)) as document:
            pages = len(document.pages)
        return Rendered(pdf, layout_facts(design) | {"page_breaks": {"pages": pages}})

    return render


def ballerup_variants() -> list[Variant]:
    variants = []
    for design in DESIGNS:
        render = _canvas(design) if design.route == "reportlab" else _browser(design)
        variants.append(
            Variant(
                design.name, BALLERUP_STEM, design.route, design.encodings, design.notes, render
            )
        )
    return variants
