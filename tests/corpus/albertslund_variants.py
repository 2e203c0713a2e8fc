"""The Albertslund variants: six or more of each sample, the choices spread across them."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf

from .albertslund import (
    BLUE,
    Look,
    layout_facts,
    narrative_blocks,
    narrative_html,
    page_setup,
    plan_blocks,
    plan_html,
    status_blocks,
    status_html,
)
from .build import Rendered, Variant, print_html, render_canvas
from .flow import Rules
from .sources import PLAN_STEM, STATUS_STEM, STRATEGY_STEM, THEMES_STEM

STATUS = (
    Look(
        "albertslund_status_r01_bordered_landscape",
        STATUS_STEM,
        "reportlab",
        "Bordered table (stroked lines), A4 landscape, Liberation Sans 10 pt; a narrow "
        "'Ansvarlig' column that breaks initials after the slash ('AVS/' + 'NCB'); the header "
        "row repeated on each page; items cut by page breaks right below a section row, with "
        "closing rules, continued below the repeated header; bold lead-in titles.",
        font="LiberationSans",
        size=10,
        landscape=True,
        margins_mm=(15, 20, 20, 20),
        widths=(0.45, 0.055, 0.15, 0.12, 0.225),
        slash="/",
    ),
    Look(
        "albertslund_status_r02_borderless_portrait",
        STATUS_STEM,
        "reportlab",
        "No rules and no shading, A4 portrait, DejaVu Sans 9.5 pt; columns in another order "
        "(text, deadline, status, responsible, route); the header row only on the first page; "
        "items cut by page breaks right below a section row; the item title on a line of its "
        "own.",
        font="DejaVuSans",
        size=9.5,
        columns=("text", "deadline", "status", "responsible", "committees"),
        widths=(0.42, 0.13, 0.19, 0.1, 0.16),
        rules=Rules.NONE,
        repeat_header=False,
        title_inline=False,
    ),
    Look(
        "albertslund_status_r03_horizontal_reordered",
        STATUS_STEM,
        "reportlab",
        "Horizontal rules only, A4 landscape, Carlito 11 pt; responsible and route before the "
        "text; a route column so narrow that 'BU - ØU - KB' wraps ('BU - ØU -' + 'KB'); items "
        "never cut (moved whole to the next page); header repeated.",
        font="Carlito",
        size=11,
        landscape=True,
        columns=("responsible", "committees", "text", "deadline", "status"),
        widths=(0.08, 0.075, 0.47, 0.14, 0.235),
        rules=Rules.HORIZONTAL,
        split_rows=False,
    ),
    Look(
        "albertslund_status_r04_shaded_narrow",
        STATUS_STEM,
        "reportlab",
        "Row shading only, no rules, A4 portrait, Liberation Serif 10 pt; a narrow schedule "
        "column where long words are cut inside ('septem' + 'ber 2012'), a route column that "
        "cuts 'Sundhedsrådet'; items cut by page breaks without closing rules; the header row "
        "repeated.",
        font="LiberationSerif",
        size=10,
        widths=(0.47, 0.08, 0.1, 0.07, 0.28),
        rules=Rules.SHADE_ROWS,
        closing_rules=False,
    ),
    Look(
        "albertslund_status_c01_browser_borders",
        STATUS_STEM,
        "chromium",
        "Headless Chromium: CSS borders on every cell (one thin filled rectangle per cell "
        "edge), A4 landscape, Liberation Sans 10 pt; the header row in <thead>, repeated on "
        "each page; items cut by page breaks; narrow columns wrap with overflow-wrap: anywhere.",
        font="LiberationSans",
        size=10,
        landscape=True,
        widths=(0.45, 0.06, 0.15, 0.11, 0.23),
        rules=Rules.PIECES,
        slash="/",
    ),
    Look(
        "albertslund_status_c02_browser_borderless",
        STATUS_STEM,
        "chromium",
        "Headless Chromium, no borders, A4 portrait, DejaVu Serif 9 pt; columns in another order "
        "(text, status, deadline, responsible, route); the header row only once; items never "
        "cut (break-inside: avoid).",
        font="DejaVuSerif",
        size=9,
        columns=("text", "status", "deadline", "responsible", "committees"),
        widths=(0.43, 0.19, 0.13, 0.1, 0.15),
        rules=Rules.NONE,
        repeat_header=False,
        split_rows=False,
    ),
)

PLANS = (
    Look(
        "albertslund_plan_r01_glyph_bullets",
        PLAN_STEM,
        "reportlab",
        "Bullets as the text glyph •, wrapped items with a hanging indent; green headings; "
        "Liberation Sans 10.5 pt; cover, table of contents with dot leaders, organisation chart "
        "drawn as boxes with the units' names.",
        font="LiberationSans",
        size=10.5,
        heading="coloured",
    ),
    Look(
        "albertslund_plan_r02_drawn_discs",
        PLAN_STEM,
        "reportlab",
        "Bullets drawn as small filled discs (no glyph), wrapped lines back at the margin (no "
        "hanging indent); bold black headings; DejaVu Serif 10 pt.",
        font="DejaVuSerif",
        size=10,
        bullet="disc",
        hanging=False,
    ),
    Look(
        "albertslund_plan_r03_numbered",
        PLAN_STEM,
        "reportlab",
        "Actions numbered '1.', indicators numbered '1)', hanging indent; larger headings; "
        "Carlito 11 pt; no table of contents.",
        font="Carlito",
        size=11,
        bullet="1.",
        indicator_bullet="1)",
        heading="larger",
        toc=False,
    ),
    Look(
        "albertslund_plan_r04_ruled_table",
        PLAN_STEM,
        "reportlab",
        "Actions and indicators side by side in a ruled two-column table 'Handlinger | "
        "Målindikator' (the indicator heading spelled as the sample does), dash markers; list "
        "headings and the front matter's headings in capitals; Liberation Serif 10 pt.",
        font="LiberationSerif",
        size=10,
        bullet="–",
        lists="two-column table",
        rules=Rules.LINES,
        heading="capitals",
    ),
    Look(
        "albertslund_plan_r05_borderless_table_plain",
        PLAN_STEM,
        "reportlab",
        "A borderless two-column table 'Handlinger | Målindikator', one paragraph per item with "
        "no marker; DejaVu Sans 9.5 pt; blue headings.",
        font="DejaVuSans",
        size=9.5,
        bullet="",
        lists="two-column table",
        rules=Rules.NONE,
        heading="coloured",
        heading_colour=BLUE,
    ),
    Look(
        "albertslund_plan_r06_roman_squares",
        PLAN_STEM,
        "reportlab",
        "Actions numbered 'i.', 'ii.', indicators with drawn filled squares, no hanging indent; "
        "headings in small caps (a font whose lowercase letters draw small capitals, so the "
        "text layer keeps the case); Liberation Sans Narrow 11 pt.",
        font="LiberationSansNarrow",
        size=11,
        bullet="i.",
        indicator_bullet="square",
        hanging=False,
        heading="small caps",
    ),
    Look(
        "albertslund_plan_c01_browser_lettered",
        PLAN_STEM,
        "chromium",
        "Headless Chromium: actions lettered 'a)', indicators with the glyph ▪; green headings; "
        "DejaVu Sans 9.5 pt; the organisation chart as a CSS grid of bordered boxes.",
        font="DejaVuSans",
        size=9.5,
        bullet="a)",
        indicator_bullet="▪",
        heading="coloured",
    ),
    Look(
        "albertslund_plan_c02_browser_table",
        PLAN_STEM,
        "chromium",
        "Headless Chromium: a bordered two-column table 'Handlinger | Målindikator' (<thead> "
        "repeated), no markers; the front matter's lists with the browser's own disc markers "
        "(drawn as small filled circles, no glyph); Carlito 11 pt.",
        font="Carlito",
        size=11,
        bullet="",
        front_bullet="disc",
        lists="two-column table",
        rules=Rules.PIECES,
    ),
)


def _narratives(stem: str, short: str, fonts: tuple[str, ...]) -> tuple[Look, ...]:
    f1, f2, f3, f4, f5, f6 = fonts
    return (
        Look(
            f"albertslund_{short}_r01_coloured_headings",
            stem,
            "reportlab",
            "Green bold headings, one column, body paragraphs with paragraph spacing.",
            font=f1,
            size=11,
            heading="coloured",
        ),
        Look(
            f"albertslund_{short}_r02_numbered_two_columns",
            stem,
            "reportlab",
            "Headings numbered '1.', '2.' …, the body set in two columns below a full-width title.",
            font=f2,
            size=10,
            heading="numbered",
            two_columns=True,
        ),
        Look(
            f"albertslund_{short}_r03_larger_letterhead",
            stem,
            "reportlab",
            "Larger bold black headings; a letterhead block set beside the title (title at the "
            "left, 'Albertslund Kommune' and the unit at the right, at the same height).",
            font=f3,
            size=12,
            heading="larger",
            letterhead_beside=True,
        ),
        Look(
            f"albertslund_{short}_r04_small_caps_two_columns_letterhead",
            stem,
            "reportlab",
            "Headings in bold small caps (the text layer keeps their case), two columns, "
            "letterhead beside the title.",
            font=f4,
            size=10.5,
            heading="small caps",
            two_columns=True,
            letterhead_beside=True,
        ),
        Look(
            f"albertslund_{short}_c01_browser_coloured",
            stem,
            "chromium",
            "Headless Chromium: green headings, one column.",
            font=f5,
            size=10,
            heading="coloured",
        ),
        Look(
            f"albertslund_{short}_c02_browser_numbered_columns",
            stem,
            "chromium",
            "Headless Chromium: numbered headings, CSS two-column body, letterhead beside the "
            "title (flex).",
            font=f6,
            size=11,
            heading="numbered",
            two_columns=True,
            letterhead_beside=True,
        ),
    )


NARRATIVES = _narratives(
    STRATEGY_STEM,
    "strategy",
    (
        "LiberationSans",
        "DejaVuSerif",
        "Carlito",
        "LiberationSerif",
        "DejaVuSans",
        "LiberationSerif",
    ),
) + _narratives(
    THEMES_STEM,
    "themes",
    ("DejaVuSans", "LiberationSerif", "LiberationSans", "Carlito", "DejaVuSerif", "Carlito"),
)

CANVAS = {STATUS_STEM: status_blocks, PLAN_STEM: plan_blocks}
BROWSER = {STATUS_STEM: status_html, PLAN_STEM: plan_html}


def _render(look: Look):
    def render(build_dir: Path) -> Rendered:
        if look.route == "reportlab":
            blocks = CANVAS.get(look.sample, narrative_blocks)(look, build_dir)
            pdf, events = render_canvas(blocks, page_setup(look), build_dir)
            return Rendered(pdf, layout_facts(look) | {"page_breaks": events})
        pdf = print_html(BROWSER.get(look.sample, narrative_html)(look))
        with pikepdf.open(io.BytesIO(pdf)) as document:
            pages = len(document.pages)
        return Rendered(pdf, layout_facts(look) | {"page_breaks": {"pages": pages}})

    return render


def albertslund_variants() -> list[Variant]:
    return [
        Variant(look.name, look.sample, look.route, (), look.notes, _render(look))
        for look in (*STATUS, *PLANS, *NARRATIVES)
    ]
