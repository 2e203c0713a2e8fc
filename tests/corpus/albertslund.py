"""Albertslund's status list, business plan, strategy and themes, drawn by either route.

A `Look` names a variant's choices; each family turns its sample's truth (and, for the text around
the records, its seed) into canvas blocks or HTML in the same reading order.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.lib.colors import Color, black

from . import flow
from .flow import A4, MM, RULED, Breaking, Cell, Para, Row, Rules, Style, Table, TableStyle
from .fonts import BROWSER_FAMILY, bold, register, small_caps_font
from .sources import (
    PLAN_STEM,
    STATUS_STEM,
    load_truth,
    narrative_pieces,
    plan_pieces,
)

GREEN = Color(0.0, 0.5, 0.25)
BLUE = Color(0.1, 0.3, 0.6)
STATUS_HEADERS = {
    "text": "Aftaletekst",
    "responsible": "Ansvarlig",
    "committees": "Politisk behandling",
    "deadline": "Tidsplan",
    "status": "Status",
}
STATUS_SUBTITLE = "Albertslund Kommune – opfølgning på budgetaftalen for 2012"
GOAL_ENTRY = re.compile(r"^\d+\.\d+ ")  # a goal's line in the table of contents, indented


@dataclass(frozen=True)
class Look:
    """Every choice of one Albertslund variant."""

    name: str
    sample: str
    route: str  # reportlab or chromium
    notes: str
    font: str
    size: float
    landscape: bool = False
    margins_mm: tuple[float, float, float, float] = (20, 20, 20, 20)
    # status lists
    columns: tuple[str, ...] = ("text", "responsible", "committees", "deadline", "status")
    widths: tuple[float, ...] = (0.44, 0.09, 0.17, 0.12, 0.18)
    rules: Rules = Rules.LINES
    repeat_header: bool = True
    split_rows: bool = True
    closing_rules: bool = True
    slash: str = " / "  # between initials
    title_inline: bool = (
        True  # "Skolemadsordning: Der …" on one run, else the title on its own line
    )
    # business plans
    bullet: str = "•"  # a glyph, "disc"/"square" (drawn), "1."/"1)"/"a)"/"i." (numbered), "" (none)
    indicator_bullet: str | None = None  # the indicators' marker, if not `bullet`
    front_bullet: str | None = None  # the marker of the lists before the goals, if not `bullet`
    hanging: bool = True
    lists: str = "bullets"  # or "two-column table" (ruled per `rules`)
    toc: bool = True
    # headings
    # bold, coloured, larger, numbered, small caps (the text layer keeps the case), or capitals
    # (list labels and front-matter headings only: capitals would lose the records' case)
    heading: str = "bold"
    heading_colour: Color = GREEN
    two_columns: bool = False
    letterhead_beside: bool = False

    @property
    def page_size(self) -> tuple[float, float]:
        return (A4[1], A4[0]) if self.landscape else A4

    @property
    def front_marker(self) -> str:
        return self.bullet if self.front_bullet is None else self.front_bullet

    @property
    def second_bullet(self) -> str:
        return self.bullet if self.indicator_bullet is None else self.indicator_bullet

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - (self.margins_mm[1] + self.margins_mm[3]) * MM


def page_setup(look: Look) -> flow.PageSetup:
    """The page, with its number centred at the foot."""
    width, height = look.page_size

    def decorate(canvas, number: int, count: int, setup: flow.PageSetup) -> None:
        text = f"{number}"
        op = flow.TextOp(
            setup.width / 2 - 3, setup.height - setup.margins[2] * 0.5, text, look.font, 9, black
        )
        flow.draw_text(canvas, op, setup.height, False)

    return flow.PageSetup(width, height, tuple(m * MM for m in look.margins_mm), decorate=decorate)


def _styles(look: Look, build_dir: Path) -> dict[str, Style]:
    for name in (look.font, bold(look.font)):
        register(name, build_dir)
    body = Style(look.font, look.size, space_after=look.size * 0.6)
    strong = bold(look.font)
    heading = small_caps_font(strong, build_dir) if look.heading == "small caps" else strong
    colour = look.heading_colour if look.heading == "coloured" else black
    grow = 4 if look.heading == "larger" else 2
    return {
        "body": body,
        "title": Style(strong, look.size + 8, space_after=10),
        "h1": Style(heading, look.size + grow + 1, colour=colour, space_after=5),
        "h2": Style(heading, look.size + grow, colour=colour, space_after=4),
        "label": Style(strong, look.size, colour=colour, space_after=2),
        "item": Style(look.font, look.size, space_after=2),
        "small": Style(look.font, look.size - 1),
    }


def heading_text(look: Look, number: str, text: str) -> str:
    return f"{number}. {text}" if look.heading == "numbered" and number else text


def label_text(look: Look, text: str) -> str:
    """List headings ("Handlinger", "Målintikator") in capitals where the look says so."""
    return text.upper() if look.heading == "capitals" else text


# ---------------------------------------------------------------- status list


def status_rows(look: Look, styles: dict[str, Style]) -> list[Row]:
    truth = load_truth(STATUS_STEM)
    body = replace(styles["body"], space_after=0)
    strong = bold(look.font)
    header = Row(
        tuple(Cell((Para(STATUS_HEADERS[c], Style(strong, look.size)),)) for c in look.columns),
        header=True,
        fill=Color(0.85, 0.85, 0.85) if look.rules not in (Rules.SHADE_ROWS,) else None,
    )
    rows = [header]
    for item in truth["items"]:
        for section in truth["section_rows"]:
            if section["before_item"] == item["seq"]:
                style = Style(strong, look.size + 1)
                rows.append(Row((Cell((Para(section["title"], style),), span=len(look.columns)),)))
                if section["intro"]:
                    intro = Para(section["intro"], body)
                    rows.append(Row((Cell((intro,), span=len(look.columns)),)))
        cells = []
        for column in look.columns:
            cells.append(Cell(_status_cell(look, item, column, body, strong)))
        rows.append(Row(tuple(cells)))
    return rows


def _status_cell(look: Look, item: dict, column: str, body: Style, strong: str) -> tuple[Para, ...]:
    cell = replace(body, breaking=Breaking.EMERGENCY)
    if column == "text":
        if item["title"] is None:
            return (Para(item["text"], cell),)
        if look.title_inline:
            return (Para(item["text"], cell, lead=f"{item['title']}:", lead_font=strong),)
        return (Para(f"{item['title']}:", Style(strong, look.size)), Para(item["text"], cell))
    value = status_value(look, item, column)
    return (Para(value, cell),) if value else ()


def status_value(look: Look, item: dict, column: str) -> str:
    """A status item's cell as printed: initials joined by the look's slash, the route by " - "."""
    return {
        "responsible": look.slash.join(item["responsible"]),
        "committees": " - ".join(item["committees"]),
        "deadline": item["deadline"] or "",
        "status": item["status"] or "",
    }[column]


def status_blocks(look: Look, build_dir: Path) -> list[flow.Block]:
    styles = _styles(look, build_dir)
    truth = load_truth(STATUS_STEM)
    widths = tuple(round(look.frame_width * share, 2) for share in look.widths)
    table_style = TableStyle(
        rules=look.rules,
        split_rows=look.split_rows,
        closing_rules=look.closing_rules,
        repeat_header=look.repeat_header,
    )
    return [
        Para(truth["document"]["title"], styles["title"]),
        Para(STATUS_SUBTITLE, styles["body"]),
        Table(widths, tuple(status_rows(look, styles)), table_style),
    ]


def status_html(look: Look) -> str:
    truth = load_truth(STATUS_STEM)
    rows = []
    head = "".join(f"<th>{STATUS_HEADERS[c]}</th>" for c in look.columns)
    span = len(look.columns)
    for item in truth["items"]:
        for section in truth["section_rows"]:
            if section["before_item"] == item["seq"]:
                rows.append(
                    f'<tr class="section"><td colspan="{span}">{esc(section["title"])}</td></tr>'
                )
                if section["intro"]:
                    rows.append(
                        f'<tr class="intro"><td colspan="{span}">{esc(section["intro"])}</td></tr>'
                    )
        cells = []
        for column in look.columns:
            if column == "text":
                lead = f"<b>{esc(item['title'])}:</b> " if item["title"] else ""
                cells.append(f'<td class="text">{lead}{esc(item["text"])}</td>')
            else:
                value = status_value(look, item, column)
                cells.append(f'<td class="{column}">{esc(value)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cols = "".join(f'<col style="width:{w * 100:.1f}%">' for w in look.widths)
    thead = f"<thead><tr>{head}</tr></thead>" if look.repeat_header else ""
    first = "" if look.repeat_header else f"<tr>{head}</tr>"
    body = (
        f"<h1>{esc(truth['document']['title'])}</h1><p>{esc(STATUS_SUBTITLE)}</p>"
        f"<table><colgroup>{cols}</colgroup>{thead}<tbody>{first}{''.join(rows)}</tbody></table>"
    )
    return _page(look, body, _table_css(look))


def _table_css(look: Look) -> str:
    rule = "0.6pt solid #000"
    borders = {
        Rules.PIECES: f"td, th {{ border: {rule}; }}",
        Rules.NONE: "td, th { border: none; }",
        Rules.HORIZONTAL: f"td, th {{ border-bottom: {rule}; }}",
        Rules.SHADE_ROWS: "table { border-collapse: separate; border-spacing: 0 1.5pt; }"
        " tbody tr:nth-child(odd) td { background: #e4e8f0; } th { background: #c8d0e0; }",
    }[look.rules]
    breaks = "" if look.split_rows else "tr { break-inside: avoid; }"
    return (
        "table { border-collapse: collapse; width: 100%; table-layout: fixed; }"
        " td, th { vertical-align: top; text-align: left; padding: 2pt 3pt;"
        " overflow-wrap: anywhere; }"
        " tr.section td { font-weight: bold; font-size: 1.1em; } " + borders + breaks
    )


# ---------------------------------------------------------------- business plan


def marker(style: str, index: int) -> str:
    """The marker of list item `index` (0-based) in a list style."""
    if style == "1.":
        return f"{index + 1}."
    if style == "1)":
        return f"{index + 1})"
    if style == "a)":
        return f"{chr(ord('a') + index)})"
    if style == "i.":
        return f"{_roman(index + 1)}."
    return style


def _roman(number: int) -> str:
    numerals = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    out = ""
    for value, letters in numerals:
        while number >= value:
            out += letters
            number -= value
    return out


def _list_paras(look: Look, items, styles, bullet: str) -> list[Para]:
    style = styles["item"]
    indent = look.size * 2.0
    paras = []
    for index, item in enumerate(items):
        mark = marker(bullet, index)
        if not mark:
            paras.append(Para(item, replace(style, space_after=look.size * 0.5)))
        elif look.hanging:
            paras.append(Para(item, style, indent=indent, marker=mark, marker_indent=indent * 0.3))
        else:
            paras.append(
                Para(
                    item,
                    style,
                    first_indent=indent,
                    marker=mark,
                    marker_indent=indent * 0.3,
                )
            )
    return paras


def plan_blocks(look: Look, build_dir: Path) -> list[flow.Block]:
    styles = _styles(look, build_dir)
    blocks: list[flow.Block] = []
    pieces = plan_pieces()
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if piece.kind == "cover":
            title = Style(bold(look.font), look.size + 14, space_after=8)
            blocks.append(Para(piece.items[0], title, space_before=160))
            blocks.append(Para(piece.items[1], title))
            blocks.append(Para(piece.items[2], styles["h1"]))
            blocks.append(flow.PageBreak())
        elif piece.kind == "toc":
            if look.toc:
                blocks.append(Para(piece.text, styles["h1"]))
                for entry in piece.items:
                    text, _, page = entry.rpartition("\t")
                    text = text.rstrip(".")
                    indent = look.size * 1.5 if GOAL_ENTRY.match(text) else 0.0
                    blocks.append(flow.TocLine(text, page, styles["body"], indent=indent))
                blocks.append(flow.PageBreak())
        elif piece.kind == "heading":
            blocks.append(Para(label_text(look, piece.text), styles["h1"], keep_with_next=True))
        elif piece.kind == "para":
            blocks.append(Para(piece.text, styles["body"]))
        elif piece.kind == "bullets":
            blocks += _list_paras(look, piece.items, styles, look.front_marker)
        elif piece.kind == "figure":
            blocks.append(org_chart(piece.text, piece.items, styles["small"]))
        elif piece.kind == "focus":
            text = f"{piece.label}. {piece.text}"
            blocks.append(Para(text, styles["h1"], keep_with_next=True, space_before=6))
        elif piece.kind == "goal":
            text = f"{piece.label} Mål – {piece.text}"
            blocks.append(Para(text, styles["h2"], keep_with_next=True, space_before=4))
        elif piece.kind == "actions":
            indicators = pieces[i + 1]
            if look.lists == "two-column table":
                blocks.append(_list_table(look, piece, indicators, styles))
            else:
                for lst, bullet in ((piece, look.bullet), (indicators, look.second_bullet)):
                    label = Para(label_text(look, lst.label), styles["label"], keep_with_next=True)
                    blocks.append(label)
                    blocks += _list_paras(look, lst.items, styles, bullet)
            i += 1
        elif piece.kind == "back":
            blocks.append(flow.PageBreak())
            for line in piece.items:
                blocks.append(Para(line, styles["body"]))
        i += 1
    return blocks


def _list_table(look: Look, actions, indicators, styles) -> Table:
    width = look.frame_width
    strong = Style(bold(look.font), look.size)
    head = Row(
        (
            Cell((Para(label_text(look, actions.label), strong),)),
            Cell((Para(label_text(look, indicators.label), strong),)),
        ),
        header=True,
    )
    rows = [head]
    for index in range(max(len(actions.items), len(indicators.items))):
        cells = []
        for lst, bullet in ((actions, look.bullet), (indicators, look.second_bullet)):
            if index < len(lst.items):
                mark = marker(bullet, index)
                indent = look.size * 1.6 if mark else 0.0
                item = Para(
                    lst.items[index],
                    styles["item"],
                    indent=indent,
                    marker=mark or None,
                    marker_indent=0.0,
                )
                cells.append(Cell((item,)))
            else:
                cells.append(Cell(()))
        rows.append(Row(tuple(cells)))
    style = TableStyle(rules=look.rules, repeat_header=True)
    return Table((round(width / 2, 2), round(width / 2, 2)), tuple(rows), style, space_after=10)


def org_chart(top: str, units: tuple[str, ...], style: Style) -> flow.Figure:
    """An organisation chart drawn as boxes with the units' names: a figure, not a goal."""
    per_row = 4
    w, h, gap = 0.22, 34.0, 14.0
    boxes = [flow.Box(0.35, 0.0, 0.3, h, top)]
    links = []
    for index, unit in enumerate(units):
        row, column = divmod(index, per_row)
        x = 0.02 + column * 0.245
        boxes.append(flow.Box(x, h + gap + row * (h + gap), w, h, unit))
        if row == 0:
            links.append((0, index + 1))
        else:
            links.append((index + 1 - per_row, index + 1))
    rows = (len(units) + per_row - 1) // per_row
    return flow.Figure(tuple(boxes), tuple(links), h + rows * (h + gap) + 4, style)


def plan_html(look: Look) -> str:
    parts = []
    pieces = plan_pieces()
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if piece.kind == "cover":
            parts.append(
                f'<div class="cover"><h1>{esc(piece.items[0])}<br>{esc(piece.items[1])}</h1>'
                f"<p>{esc(piece.items[2])}</p></div>"
            )
        elif piece.kind == "toc" and look.toc:
            entries = "".join(
                f"<li><span>{esc(e.rpartition(chr(9))[0].rstrip('.'))}</span><span>{e.rpartition(chr(9))[2]}</span></li>"
                for e in piece.items
            )
            parts.append(f'<div class="toc"><h2>{esc(piece.text)}</h2><ul>{entries}</ul></div>')
        elif piece.kind == "heading":
            parts.append(f"<h2>{esc(label_text(look, piece.text))}</h2>")
        elif piece.kind == "para":
            parts.append(f"<p>{esc(piece.text)}</p>")
        elif piece.kind == "bullets":
            parts.append(_html_list(piece.items, look.front_marker))
        elif piece.kind == "figure":
            boxes = "".join(f"<div>{esc(u)}</div>" for u in piece.items)
            parts.append(
                f'<div class="chart"><div class="top">{esc(piece.text)}</div>{boxes}</div>'
            )
        elif piece.kind == "focus":
            parts.append(f'<h2 class="focus">{esc(piece.label)}. {esc(piece.text)}</h2>')
        elif piece.kind == "goal":
            parts.append(f"<h3>{esc(piece.label)} Mål – {esc(piece.text)}</h3>")
        elif piece.kind == "actions":
            indicators = pieces[i + 1]
            if look.lists == "two-column table":
                labels = (label_text(look, lst.label) for lst in (piece, indicators))
                head = "<tr>" + "".join(f"<th>{esc(label)}</th>" for label in labels) + "</tr>"
                rows = []
                for index in range(max(len(piece.items), len(indicators.items))):
                    cells = [
                        f"<td>{esc(lst.items[index])}</td>"
                        if index < len(lst.items)
                        else "<td></td>"
                        for lst in (piece, indicators)
                    ]
                    rows.append("<tr>" + "".join(cells) + "</tr>")
                parts.append(
                    f'<table class="lists"><thead>{head}</thead>'
                    f"<tbody>{''.join(rows)}</tbody></table>"
                )
            else:
                for lst, bullet in ((piece, look.bullet), (indicators, look.second_bullet)):
                    parts.append(f'<p class="label">{esc(label_text(look, lst.label))}</p>')
                    parts.append(_html_list(lst.items, bullet))
            i += 1
        elif piece.kind == "back":
            lines = "".join(f"<p>{esc(line)}</p>" for line in piece.items)
            parts.append(f'<div class="back">{lines}</div>')
        i += 1
    return _page(look, "\n".join(parts), _plan_css(look))


def _html_list(items, bullet: str) -> str:
    if not bullet:
        return "".join(f'<p class="item">{esc(item)}</p>' for item in items)
    if bullet in ("disc", "square", "•"):  # the browser's own list markers
        kind = "square" if bullet == "square" else "disc"
        entries = "".join(f"<li>{esc(item)}</li>" for item in items)
        return f'<ul style="list-style-type:{kind}">{entries}</ul>'
    entries = "".join(
        f'<li data-m="{esc(marker(bullet, index))}">{esc(item)}</li>'
        for index, item in enumerate(items)
    )
    return f'<ul class="glyph">{entries}</ul>'


def _plan_css(look: Look) -> str:
    colour = "#007a3d" if look.heading == "coloured" else "#000"
    hanging = (
        " ul.glyph li { padding-left: 1.8em; text-indent: -1.8em; }"
        if look.hanging
        else " li { list-style-position: inside; } ul, ol { padding-left: 0; }"
    )
    rules = _table_css(look) if look.lists == "two-column table" else ""
    return (
        f"h1, h2, h3, .label {{ color: {colour}; }}"
        " .label { font-weight: bold; margin: 6pt 0 2pt; }"
        " .cover { height: 240mm; padding-top: 60mm; break-after: page; }"
        " .cover h1 { font-size: 2.2em; }"
        " .toc { break-after: page; } .toc ul { list-style: none; padding: 0; }"
        " .toc li { display: flex; justify-content: space-between; }"
        " .toc li span:first-child::after { content: ' ……………'; }"
        " .chart { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10pt;"
        " margin: 8pt 0; }"
        " .chart div { border: 0.8pt solid #000; padding: 4pt; text-align: center;"
        " font-size: 0.85em; }"
        " .chart .top { grid-column: 2 / span 2; }"
        " .back { break-before: page; }"
        " ul.glyph { list-style: none; } ul.glyph li::before { content: attr(data-m) ' '; }"
        " li { margin-bottom: 2pt; }"
        f" {hanging} {rules}"
    )


# ---------------------------------------------------------------- strategy and themes


def narrative_blocks(look: Look, build_dir: Path) -> list[flow.Block]:
    styles = _styles(look, build_dir)
    blocks: list[flow.Block] = []
    theme = 0
    for piece in narrative_pieces(look.sample):
        if piece.kind == "title":
            title = Para(piece.text, styles["title"])
            if look.letterhead_beside:
                letterhead = tuple(Para(line, styles["small"]) for line in letterhead_lines(look))
                blocks.append(flow.SideBySide((title,), letterhead, right_width=150))
            else:
                blocks.append(title)
            if look.two_columns:
                blocks.append(flow.Columns(2))
        elif piece.kind == "heading":
            theme += 1
            text = heading_text(look, str(theme), piece.text)
            blocks.append(Para(text, styles["h1"], keep_with_next=True, space_before=6))
        elif piece.kind == "numbered":
            style = Style(bold(look.font), look.size, space_after=2)
            blocks.append(
                Para(
                    piece.text,
                    style,
                    indent=look.size * 2,
                    marker=f"{piece.label}.",
                    marker_indent=look.size * 0.5,
                )
            )
        else:
            blocks.append(Para(piece.text, styles["body"]))
    return blocks


def letterhead_lines(look: Look) -> list[str]:
    unit = "Direktørforum" if look.sample.endswith("2016_2017") else "Chefforum"
    return ["Albertslund Kommune", unit, "Nordmarks Allé 1", "2620 Albertslund"]


def narrative_html(look: Look) -> str:
    parts = []
    theme = 0
    for piece in narrative_pieces(look.sample):
        if piece.kind == "title":
            title = f"<h1>{esc(piece.text)}</h1>"
            if look.letterhead_beside:
                lines = "".join(f"<div>{esc(line)}</div>" for line in letterhead_lines(look))
                title = f'<div class="top">{title}<div class="letterhead">{lines}</div></div>'
            parts.append(title)
            parts.append('<div class="body">')
        elif piece.kind == "heading":
            theme += 1
            parts.append(f"<h2>{esc(heading_text(look, str(theme), piece.text))}</h2>")
        elif piece.kind == "numbered":
            parts.append(f'<p class="numbered"><b>{piece.label}. {esc(piece.text)}</b></p>')
        else:
            parts.append(f"<p>{esc(piece.text)}</p>")
    parts.append("</div>")
    colour = "#007a3d" if look.heading == "coloured" else "#000"
    columns = ".body { column-count: 2; column-gap: 18pt; }" if look.two_columns else ""
    css = (
        f"h2 {{ color: {colour}; break-after: avoid; }} {columns}"
        " .top { display: flex; justify-content: space-between; }"
        " .letterhead { font-size: 0.85em; }"
        " p.numbered { margin: 0 0 2pt 1.5em; }"
    )
    return _page(look, "\n".join(parts), css)


# ---------------------------------------------------------------- shared


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def _page(look: Look, body: str, css: str) -> str:
    width, height = ("297mm", "210mm") if look.landscape else ("210mm", "297mm")
    top, right, bottom, left = look.margins_mm
    family = BROWSER_FAMILY[look.font]
    return (
        '<!doctype html><html lang="da"><head><meta charset="utf-8"><style>'
        f"@page {{ size: {width} {height}; margin: {top}mm {right}mm {bottom}mm {left}mm;"
        f' @bottom-center {{ content: counter(page); font: 9pt "{family}"; }} }}'
        f" body {{ font: {look.size}pt '{family}'; margin: 0; }}"
        f" p {{ margin: 0 0 {look.size * 0.6:.1f}pt; }} h1 {{ font-size: {look.size + 8}pt; }}"
        f" h2 {{ font-size: {look.size + 3}pt; margin: 8pt 0 4pt; }}"
        f" h3 {{ font-size: {look.size + 2}pt; margin: 6pt 0 3pt; }} {css}"
        f"</style></head><body>{body}</body></html>"
    )


def layout_facts(look: Look) -> dict:
    facts = {
        "page_size": "A4 landscape" if look.landscape else "A4 portrait",
        "font": look.font,
        "size_pt": look.size,
    }
    if look.sample == STATUS_STEM:
        facts |= {
            "columns": list(look.columns),
            "column_widths": list(look.widths),
            "rules": look.rules.value,
            "header_row_repeated": look.repeat_header,
            "rows_split_inside": look.split_rows,
            "closing_rules_at_cut": (
                look.closing_rules if look.split_rows and look.rules in RULED else None
            ),
            "section_rows": "span the table, intro rows below them",
            "split_words": f"initials printed as 'JRU{look.slash}JTR', cut by narrow columns",
            "item_title": "inline bold lead-in" if look.title_inline else "a line of its own",
        }
    elif look.sample == PLAN_STEM:
        facts |= {
            "lists": look.lists,
            "bullets": _bullet_name(look.bullet),
            "indicator_bullets": _bullet_name(look.second_bullet),
            "front_matter_bullets": _bullet_name(look.front_marker),
            "hanging_indent": look.hanging,
            "rules": look.rules.value if look.lists == "two-column table" else "",
            "headings": look.heading,
            "table_of_contents": look.toc,
            "figure": "organisation chart drawn as boxes with unit names",
        }
    else:
        facts |= {
            "headings": look.heading,
            "page_layout": "two columns" if look.two_columns else "one column",
            "letterhead": "beside the title" if look.letterhead_beside else "none",
        }
    return facts


def _bullet_name(bullet: str) -> str:
    return {
        "disc": "drawn filled discs (no glyph)",
        "square": "drawn filled squares (no glyph)",
        "": "none (one paragraph per item)",
        "1.": "numbered 1.",
        "1)": "numbered 1)",
        "a)": "lettered a)",
        "i.": "roman i.",
    }.get(bullet, f"glyph {bullet}")
