"""Ballerup's budget follow-up (seed 001) as a document model, drawn by either route.

A design names every choice a variant makes; `canvas_blocks` turns the truth into blocks for the
canvas engine, `html_document` into HTML for the browser. Both print the same text in the same
order: front matter, then per initiative its section heading (where it changes) and its table.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import CMYKColor, Color, black, white

from . import flow
from .flow import A4, MM, RULED, Breaking, Cell, Mark, Para, Row, Rules, Style, Table, TableStyle
from .fonts import BROWSER_FAMILY, SMILEY_FONT, bold, register, smiley_font
from .marks import Encoding, face_for, html_mark
from .sources import (
    BALLERUP_STEM,
    RawInitiative,
    ballerup_front_matter,
    ballerup_raw,
    load_truth,
    paragraphs,
)

# Row templates: (content, grid columns spanned). A plan's grid has five columns.
Template = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Plan:
    """Which cell goes where: the grid's columns, and each kind of row as spans over them."""

    name: str
    columns: tuple[str, ...]
    header: Template
    description: Template
    milestone: Template
    economy: Template
    latest: Template
    responsible_row: Template = ()  # a row of its own for the responsible block, when set

    def starts(self, template: Template) -> dict[str, int]:
        column, out = 0, {}
        for key, span in template:
            out.setdefault(key, column)
            column += span
        return out

    def validate(self) -> None:
        header, milestone = self.starts(self.header), self.starts(self.milestone)
        if header["tid"] != milestone["checkpoint"] or header["smiley_head"] != milestone["smiley"]:
            raise ValueError(f"plan {self.name}: Tid/Smiley are not above their columns")
        for template in (self.header, self.description, self.milestone, self.economy, self.latest):
            if sum(span for _, span in template) != len(self.columns):
                raise ValueError(f"plan {self.name}: a row does not fill the grid")

    @property
    def milestone_columns(self) -> list[str]:
        return [key for key, _ in self.milestone]


PLANS = {
    plan.name: plan
    for plan in (
        Plan(
            "title spans label and text",
            ("label", "text", "kind", "checkpoint", "smiley"),
            header=(("title", 2), ("kind", 1), ("tid", 1), ("smiley_head", 1)),
            description=(("description", 2), ("responsible", 3)),
            milestone=(("label", 1), ("text", 2), ("checkpoint", 1), ("smiley", 1)),
            economy=(("label", 1), ("text", 2), ("empty", 1), ("smiley", 1)),
            latest=(("label", 1), ("text", 4)),
        ),
        Plan(
            "economy text spans text and checkpoint",
            ("label", "text", "kind", "checkpoint", "smiley"),
            header=(("title", 2), ("kind", 1), ("tid", 1), ("smiley_head", 1)),
            description=(("description", 2), ("responsible", 3)),
            milestone=(("label", 1), ("text", 2), ("checkpoint", 1), ("smiley", 1)),
            economy=(("label", 1), ("text", 3), ("smiley", 1)),
            latest=(("label", 1), ("text", 4)),
        ),
        Plan(
            "number in the label column",
            ("label", "text", "kind", "checkpoint", "smiley"),
            header=(("number", 1), ("title_only", 1), ("kind", 1), ("tid", 1), ("smiley_head", 1)),
            description=(("description", 5),),
            responsible_row=(("responsible", 5),),
            milestone=(("label", 1), ("text", 2), ("checkpoint", 1), ("smiley", 1)),
            economy=(("label", 1), ("text", 3), ("smiley", 1)),
            latest=(("label", 1), ("text", 4)),
        ),
        Plan(
            "checkpoint before text",
            ("label", "checkpoint", "text", "kind", "smiley"),
            header=(("number", 1), ("tid", 1), ("title_only", 1), ("kind", 1), ("smiley_head", 1)),
            description=(("description", 3), ("responsible", 2)),
            milestone=(("label", 1), ("checkpoint", 1), ("text", 2), ("smiley", 1)),
            economy=(("label", 1), ("empty", 1), ("text", 2), ("smiley", 1)),
            latest=(("label", 1), ("text", 4)),
        ),
        Plan(
            "smiley before checkpoint",
            ("label", "text", "kind", "smiley", "checkpoint"),
            header=(("title", 2), ("kind", 1), ("smiley_head", 1), ("tid", 1)),
            description=(("description", 2), ("responsible", 3)),
            milestone=(("label", 1), ("text", 2), ("smiley", 1), ("checkpoint", 1)),
            economy=(("label", 1), ("text", 2), ("smiley", 1), ("empty", 1)),
            latest=(("label", 1), ("text", 4)),
        ),
    )
}


@dataclass(frozen=True)
class Design:
    """Every choice of one Ballerup variant."""

    name: str
    route: str  # reportlab or chromium
    notes: str
    font: str  # a key of fonts.FONT_FILES (the browser uses the family of that file)
    size: float
    encodings: tuple[str, ...]
    plan: str = "title spans label and text"
    widths: tuple[float, ...] = (0.13, 0.37, 0.12, 0.26, 0.12)  # fractions of the frame width
    landscape: bool = False
    margins_mm: tuple[float, float, float, float] = (20, 18, 20, 18)
    markup: bool = True  # print the source's literal <p> markup, else clean paragraphs
    rules: Rules = Rules.LINES
    rule_width: float = 0.5
    rule_colour: Color = black
    header_fill: Color | None = Color(0.85, 0.85, 0.85)
    header_text: Color = black
    checkpoint_breaking: Breaking = Breaking.EMERGENCY
    split_rows: bool = True
    closing_rules: bool = True
    repeat_header: bool = False
    keep_header_with_next: bool = True
    letterhead: str = "above"  # above or beside (the title)
    title_page: bool = False  # the letterhead and title alone on page 1
    running_header: str = "organisation"  # organisation, title or none
    running_footer: str = "side n af N"  # side n af N, dash or none
    per_glyph: bool = False
    repeat_2018_heading: bool = True  # the "Ekstra opfølgning" heading before each 2018 initiative

    @property
    def page_size(self) -> tuple[float, float]:
        return (A4[1], A4[0]) if self.landscape else A4


def header_text(design: Design, title: str) -> str | None:
    return {"organisation": "Ballerup Kommune", "title": title, "none": None}[design.running_header]


def footer_text(number: int, count: int, design: Design) -> str | None:
    return {
        "side n af N": f"Side {number} af {count}",
        "dash": f"– {number} –",
        "none": None,
    }[design.running_footer]


# ---------------------------------------------------------------- shared content


class Smileys:
    """Hands out the marks in document order: an initiative's in one of the design's encodings
    (taken in turn, as the LibreOffice sample mixes them), the legend's in the first."""

    def __init__(self, design: Design):
        self.encodings = design.encodings
        self.yellows = 0

    def mark(self, colour: str | None, initiative: int, size: float) -> Mark | None:
        if colour is None:
            return None
        encodings = self.encodings
        encoding = encodings[initiative % len(encodings)] if initiative >= 0 else encodings[0]
        face = face_for(colour, self.yellows)
        self.yellows += colour == "yellow"
        return Mark(colour, encoding, face, size)


def responsible_paragraphs(record: dict) -> list[str]:
    contributor = paragraphs(record["contributor"] or "")
    first = contributor[0] if contributor else ""
    lines = [
        f"Ansvarligt center: {record['responsible_center'] or ''}".strip(),
        f"Ansvarligt udvalg: {record['responsible_committee'] or ''}".strip(),
        f"Væsentlig bidragsyder: {first}".strip(),
    ]
    return lines + contributor[1:]


def cell_text(design: Design, raw: str, clean: str) -> list[str]:
    """A cell's paragraphs: the raw markup as one run, or the clean paragraphs."""
    if design.markup:
        return [raw] if raw.strip() else []
    return paragraphs(clean)


@dataclass(frozen=True)
class InitiativeContent:
    record: dict
    raw: RawInitiative
    index: int


def initiatives() -> Iterator[InitiativeContent]:
    truth = load_truth(BALLERUP_STEM)
    for index, (record, raw) in enumerate(zip(truth["initiatives"], ballerup_raw(), strict=True)):
        yield InitiativeContent(record, raw, index)


def headings_before(previous: dict | None, record: dict, design: Design) -> list[str]:
    """The section headings printed before an initiative."""
    out = []
    extra = record["agreement"] != "Aftale om budget 2019"
    changed = previous is None or (previous["agreement"], previous["section"]) != (
        record["agreement"],
        record["section"],
    )
    if extra and (changed or design.repeat_2018_heading):
        out.append(f"Ekstra opfølgning på {record['agreement']}")
        out.append(record["section"])
    elif changed:
        out.append(record["section"])
    return out


# ---------------------------------------------------------------- the canvas route


def canvas_blocks(design: Design, build_dir: Path) -> list[flow.Block]:
    plan = PLANS[design.plan]
    plan.validate()
    for name in (design.font, bold(design.font)):
        register(name, build_dir)
    width = design.page_size[0] - (design.margins_mm[1] + design.margins_mm[3]) * MM
    widths = tuple(round(width * share, 2) for share in design.widths)
    gap = round(design.size * 0.55, 2)
    strong = Style(bold(design.font), design.size)
    smileys = Smileys(design)
    mark_size = round(design.size * 1.25, 2)
    blocks: list[flow.Block] = []

    front = ballerup_front_matter()
    letterhead = [
        Para(
            item.text,
            Style(
                design.font, design.size, align="right" if design.letterhead == "above" else "left"
            ),
        )
        for item in front
        if item.kind == "letterhead"
    ]
    title = next(item.text for item in front if item.kind == "title")
    title_para = Para(title, Style(bold(design.font), design.size + 7, space_after=10))
    if design.letterhead == "beside":
        blocks.append(
            flow.SideBySide((title_para,), tuple(letterhead), right_width=round(width * 0.32, 2))
        )
    else:
        blocks += letterhead
        blocks.append(Para(title, title_para.style, space_before=14))
    if design.title_page:
        blocks.append(flow.PageBreak())
    blocks += _front_blocks(front, design, smileys, mark_size)

    table_style = TableStyle(
        rules=design.rules,
        rule_width=design.rule_width,
        rule_colour=design.rule_colour,
        split_rows=design.split_rows,
        closing_rules=design.closing_rules,
        repeat_header=design.repeat_header,
        keep_header_with_next=design.keep_header_with_next,
    )
    heading = Style(bold(design.font), design.size + 3, space_after=4)
    previous = None
    for item in initiatives():
        for text in headings_before(previous, item.record, design):
            blocks.append(Para(text, heading, keep_with_next=True, space_before=6))
        previous = item.record
        rows = _table_rows(item, design, plan, strong, gap, smileys, mark_size)
        blocks.append(Table(widths, tuple(rows), table_style))
    return blocks


def _front_blocks(front, design: Design, smileys: Smileys, mark_size: float) -> list[flow.Block]:
    blocks: list[flow.Block] = []
    body = Style(design.font, design.size + 0.5, space_after=design.size * 0.7)
    for item in front:
        if item.kind == "heading":
            blocks.append(Para(item.text, Style(bold(design.font), design.size + 4, space_after=6)))
        elif item.kind == "para":
            blocks.append(Para(item.text, body))
        elif item.kind == "legend_heading":
            blocks.append(
                Para(item.text, Style(bold(design.font), design.size + 0.5, space_after=3))
            )
        elif item.kind == "legend":
            mark = smileys.mark(item.colour, -1, mark_size)
            blocks.append(
                flow.LegendItem(
                    mark, item.text, Style(design.font, design.size + 0.5, space_after=3)
                )
            )
    return blocks


def _table_rows(item, design, plan, strong, gap, smileys, mark_size) -> list[Row]:
    record, raw = item.record, item.raw
    header_style = Style(bold(design.font), design.size, colour=design.header_text)
    para_style = Style(design.font, design.size, space_after=0 if design.markup else gap)
    checkpoint_style = Style(design.font, design.size, breaking=design.checkpoint_breaking)

    def paras(texts: list[str], style: Style = para_style) -> tuple[Para, ...]:
        return tuple(Para(text, style) for text in texts)

    def header_cell(key: str) -> tuple[Para, ...]:
        return {
            "title": (Para(f"{record['number']}. {record['title']}", header_style),),
            "number": (Para(f"{record['number']}.", header_style),),
            "title_only": (Para(record["title"], header_style),),
            "kind": (Para(record["kind"], header_style),),
            "tid": (Para("Tid", header_style),),
            "smiley_head": (Para("Smiley", header_style),),
        }[key]

    def row(template, cells: dict, header: bool = False) -> Row:
        built = []
        for key, span in template:
            content = cells.get(key, ())
            built.append(Cell(tuple(x for x in content if x is not None), span))
        return Row(tuple(built), header=header, fill=design.header_fill if header else None)

    rows = [row(plan.header, {key: header_cell(key) for key, _ in plan.header}, header=True)]
    responsible = paras(
        cell_text(design, raw.responsible, "\n".join(responsible_paragraphs(record)))
    )
    description = paras(cell_text(design, raw.description, record["description"]))
    rows.append(row(plan.description, {"description": description, "responsible": responsible}))
    if plan.responsible_row:
        rows.append(row(plan.responsible_row, {"responsible": responsible}))
    for milestone, raw_text in zip(record["milestones"], raw.milestones, strict=True):
        mark = smileys.mark(milestone["smiley"], item.index, mark_size)
        cells = {
            "label": (Para("Milepæl", strong),),
            "text": paras(cell_text(design, raw_text, milestone["text"])),
            "checkpoint": (Para(milestone["checkpoint"], checkpoint_style),),
            "smiley": (mark,),
        }
        rows.append(row(plan.milestone, cells))
    economy = record["economy"]
    mark = smileys.mark(economy["smiley"], item.index, mark_size)
    cells = {
        "label": (Para("Økonomi", strong),),
        "text": paras(cell_text(design, raw.economy, economy["text"])),
        "smiley": (mark,),
    }
    rows.append(row(plan.economy, cells))
    if record["latest_status"] is not None:
        cells = {
            "label": (Para("Seneste status", strong),),
            "text": paras(cell_text(design, raw.latest_status or "", record["latest_status"])),
        }
        rows.append(row(plan.latest, cells))
    return rows


def decorate(design: Design, title: str, build_dir: Path):
    """Running header and footer, drawn once the page count is known."""
    font = register(design.font, build_dir)

    def draw(canvas, number: int, count: int, setup: flow.PageSetup) -> None:
        left = setup.margins[3]
        right = setup.width - setup.margins[1]
        top = setup.height - setup.margins[0] * 0.55
        head = header_text(design, title)
        size = max(7.0, design.size - 1)
        if head:
            op = flow.TextOp(left, setup.margins[0] * 0.55, head, font, size, black)
            flow.draw_text(canvas, op, setup.height, setup.per_glyph)
            if design.running_header == "title":
                canvas.setStrokeColor(black)
                canvas.setLineWidth(0.4)
                canvas.line(left, top - 3, right, top - 3)
        foot = footer_text(number, count, design)
        if foot:
            from reportlab.pdfbase.pdfmetrics import stringWidth

            w = stringWidth(foot, font, size)
            x = (left + right - w) / 2 if design.running_footer == "dash" else right - w
            op = flow.TextOp(x, setup.height - setup.margins[2] * 0.5, foot, font, size, black)
            flow.draw_text(canvas, op, setup.height, setup.per_glyph)

    return draw


def page_setup(design: Design, build_dir: Path) -> flow.PageSetup:
    width, height = design.page_size
    title = load_truth(BALLERUP_STEM)["document"]["title"]
    return flow.PageSetup(
        width,
        height,
        tuple(m * MM for m in design.margins_mm),
        per_glyph=design.per_glyph,
        decorate=decorate(design, title, build_dir),
    )


# ---------------------------------------------------------------- the browser route


def html_document(design: Design, build_dir: Path) -> str:
    """The same report as HTML: the browser paginates, repeats <thead> rows and draws the rules."""
    plan = PLANS[design.plan]
    plan.validate()
    smileys = Smileys(design)
    mark_size = round(design.size * 1.25, 2)
    front = ballerup_front_matter()
    title = next(item.text for item in front if item.kind == "title")
    parts = [
        '<!doctype html><html lang="da"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
    ]
    parts.append(
        f"<style>{_font_faces(design, build_dir)}{_css(design, plan)}</style></head><body>"
    )
    letterhead = "".join(
        f"<div>{html.escape(item.text)}</div>" for item in front if item.kind == "letterhead"
    )
    if design.letterhead == "beside":
        parts.append(
            f'<div class="top"><h1>{html.escape(title)}</h1>'
            f'<div class="letterhead">{letterhead}</div></div>'
        )
    else:
        parts.append(
            f'<div class="letterhead above">{letterhead}</div><h1>{html.escape(title)}</h1>'
        )
    if design.title_page:
        parts.append('<div class="pagebreak"></div>')
    for item in front:
        text = html.escape(item.text)
        if item.kind == "heading":
            parts.append(f"<h2>{text}</h2>")
        elif item.kind == "para":
            parts.append(f"<p>{text}</p>")
        elif item.kind == "legend_heading":
            parts.append(f'<p class="legend-heading">{text}</p>')
        elif item.kind == "legend":
            mark = smileys.mark(item.colour, -1, mark_size)
            parts.append(f'<p class="legend">{html_mark(mark)}: {text}</p>')
    previous = None
    for item in initiatives():
        for text in headings_before(previous, item.record, design):
            parts.append(f"<h3>{html.escape(text)}</h3>")
        previous = item.record
        parts.append(_html_table(item, design, plan, smileys, mark_size))
    parts.append("</body></html>")
    return "\n".join(parts)


def _font_faces(design: Design, build_dir: Path) -> str:
    if Encoding.SYMBOL_FONT not in design.encodings:
        return ""
    url = smiley_font(build_dir).as_uri()
    return f"@font-face {{ font-family: '{SMILEY_FONT}'; src: url('{url}'); }}"


def _css(design: Design, plan: Plan) -> str:
    width, height = ("297mm", "210mm") if design.landscape else ("210mm", "297mm")
    top, right, bottom, left = design.margins_mm
    header = header_text(design, load_truth(BALLERUP_STEM)["document"]["title"])
    footer = {
        "side n af N": '"Side " counter(page) " af " counter(pages)',
        "dash": '"– " counter(page) " –"',
        "none": None,
    }[design.running_footer]
    small = f"font: {max(7.0, design.size - 1)}pt '{BROWSER_FAMILY[design.font]}'"
    margin_boxes = ""
    if header:
        margin_boxes += f'@top-left {{ content: "{header}"; {small}; }}'
    if footer:
        where = "bottom-center" if design.running_footer == "dash" else "bottom-right"
        margin_boxes += f"@{where} {{ content: {footer}; {small}; }}"
    rule = f"{design.rule_width}pt solid #000"
    borders = {
        Rules.PIECES: f"td, th {{ border: {rule}; }}",
        Rules.HORIZONTAL: f"td, th {{ border-top: {rule}; border-bottom: {rule}; }}",
        Rules.NONE: "td, th { border: none; }",
        Rules.SHADE_CELLS: "table { border-collapse: separate; border-spacing: 1.6pt; }"
        " td { background: #dbe0eb; } th { background: #bfc9db; }",
        Rules.SHADE_ROWS: "table { border-collapse: separate; border-spacing: 0 1.6pt; }"
        " tr:nth-child(odd) td { background: #dbe0eb; }"
        " tr:nth-child(even) td { background: #f0f2f7; }"
        " th { background: #bfc9db; }",
    }[design.rules]
    header_fill = ""
    if design.header_fill is not None and design.rules not in (Rules.SHADE_CELLS, Rules.SHADE_ROWS):
        r, g, b = (round(c * 255) for c in design.header_fill.rgb())
        header_fill = f"th {{ background: rgb({r},{g},{b}); }}"
    tr, tg, tb = (round(c * 255) for c in design.header_text.rgb())
    breaking = {
        Breaking.EMERGENCY: "overflow-wrap: anywhere;",
        Breaking.SPACES: "overflow-wrap: normal;",
        Breaking.FILL: "word-break: break-all;",
    }[design.checkpoint_breaking]
    rows_split = "" if design.split_rows else "tr { break-inside: avoid; }"
    columns = plan.columns
    cols = "".join(
        f"col.{name} {{ width: {share * 100:.2f}%; }}"
        for name, share in zip(columns, design.widths, strict=True)
    )
    paragraph_gap = "0" if design.markup else f"{design.size * 0.55:.2f}pt"
    return f"""
@page {{ size: {width} {height}; margin: {top}mm {right}mm {bottom}mm {left}mm; {margin_boxes} }}
body {{ font: {design.size}pt '{BROWSER_FAMILY[design.font]}'; margin: 0; }}
h1 {{ font-size: {design.size + 7}pt; margin: 14pt 0 10pt; }}
h2 {{ font-size: {design.size + 4}pt; margin: 8pt 0 6pt; }}
h3 {{ font-size: {design.size + 3}pt; margin: 10pt 0 4pt; break-after: avoid; }}
p {{ margin: 0 0 {design.size * 0.7:.2f}pt; }}
.legend, .legend-heading {{ margin: 0 0 3pt; }}
.letterhead.above {{ text-align: right; }}
.top {{ display: flex; justify-content: space-between; align-items: flex-start; }}
.top h1 {{ margin-top: 0; width: 62%; }}
.pagebreak {{ break-after: page; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; margin-bottom: 8pt; }}
td, th {{ vertical-align: top; text-align: left; padding: 2.5pt 3pt; }}
th {{ color: rgb({tr},{tg},{tb}); font-weight: bold; }}
td.label {{ font-weight: bold; }}
td.checkpoint {{ {breaking} }}
td.smiley {{ text-align: center; }}
td p {{ margin: 0 0 {paragraph_gap}; }}
.smiley {{ vertical-align: top; }}
{cols}
{borders}
{header_fill}
{rows_split}
"""


def _html_table(item, design: Design, plan: Plan, smileys: Smileys, mark_size: float) -> str:
    record, raw = item.record, item.raw

    def text_cell(texts: list[str]) -> str:
        if design.markup:
            return "".join(html.escape(text) for text in texts)
        return "".join(f"<p>{html.escape(text)}</p>" for text in texts)

    def cells(template: Template, content: dict[str, str], tag: str = "td") -> str:
        out = []
        for key, span in template:
            attrs = f' colspan="{span}"' if span > 1 else ""
            out.append(f'<{tag} class="{key}"{attrs}>{content.get(key, "")}</{tag}>')
        return "<tr>" + "".join(out) + "</tr>"

    header_content = {
        "title": html.escape(f"{record['number']}. {record['title']}"),
        "number": html.escape(f"{record['number']}."),
        "title_only": html.escape(record["title"]),
        "kind": html.escape(record["kind"]),
        "tid": "Tid",
        "smiley_head": "Smiley",
    }
    head = cells(plan.header, header_content, tag="th")
    body = []
    responsible = text_cell(
        cell_text(design, raw.responsible, "\n".join(responsible_paragraphs(record)))
    )
    description = text_cell(cell_text(design, raw.description, record["description"]))
    body.append(cells(plan.description, {"description": description, "responsible": responsible}))
    if plan.responsible_row:
        body.append(cells(plan.responsible_row, {"responsible": responsible}))
    for milestone, raw_text in zip(record["milestones"], raw.milestones, strict=True):
        mark = smileys.mark(milestone["smiley"], item.index, mark_size)
        body.append(
            cells(
                plan.milestone,
                {
                    "label": "Milepæl",
                    "text": text_cell(cell_text(design, raw_text, milestone["text"])),
                    "checkpoint": html.escape(milestone["checkpoint"]),
                    "smiley": html_mark(mark) if mark else "",
                },
            )
        )
    economy = record["economy"]
    mark = smileys.mark(economy["smiley"], item.index, mark_size)
    body.append(
        cells(
            plan.economy,
            {
                "label": "Økonomi",
                "text": text_cell(cell_text(design, raw.economy, economy["text"])),
                "smiley": html_mark(mark) if mark else "",
            },
        )
    )
    if record["latest_status"] is not None:
        latest = text_cell(cell_text(design, raw.latest_status or "", record["latest_status"]))
        body.append(cells(plan.latest, {"label": "Seneste status", "text": latest}))
    colgroup = "".join(f'<col class="{name}">' for name in plan.columns)
    if design.repeat_header:
        head, rows = f"<thead>{head}</thead>", "".join(body)
    else:
        rows = head + "".join(body)
        head = ""
    return f"<table><colgroup>{colgroup}</colgroup>{head}<tbody>{rows}</tbody></table>"


def layout_facts(design: Design) -> dict:
    """The truth's `layout` object: the choices a reader of this variant must cope with."""
    plan = PLANS[design.plan]
    facts = {
        "page_size": "A4 landscape" if design.landscape else "A4 portrait",
        "font": design.font,
        "size_pt": design.size,
        "plan": plan.name,
        "grid_columns": list(plan.columns),
        "column_widths": list(design.widths),
        "milestone_columns": plan.milestone_columns,
        "rules": design.rules.value,
        "rule_colour": "cmyk" if isinstance(design.rule_colour, CMYKColor) else "rgb",
        "header_row": _header_fill_name(design),
        "markup": "printed" if design.markup else "clean",
        "checkpoint_breaking": design.checkpoint_breaking.value,
        "rows_split_inside": design.split_rows,
        "closing_rules_at_cut": (
            design.closing_rules if design.split_rows and design.rules in RULED else None
        ),
        "header_row_repeated": design.repeat_header,
        "header_row_kept_with_next": design.keep_header_with_next,
        "letterhead": f"{design.letterhead} the title",
        "title_page": design.title_page,
        "running_header": design.running_header,
        "running_footer": design.running_footer,
        "text_objects": "one per glyph" if design.per_glyph else "one per line",
        "heading_2018_repeated": design.repeat_2018_heading,
        "legend": True,
    }
    return facts


def _header_fill_name(design: Design) -> str:
    if design.header_fill is None:
        return "unshaded"
    text = "white text" if design.header_text == white else "black text"
    return f"shaded {design.header_fill.hexval()}, {text}"
