"""The report as one HTML file that needs nothing else: styles, plotly.js and every figure inline.

No element of the page refers to anything outside it (no links to scripts, fonts or images), so it
opens offline and sends no request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import jinja2
import plotly.io as pio
from markupsafe import Markup
from plotly.offline import get_plotlyjs

from .figures import STATE_COLOURS, STATUS_CLASS_COLOURS, Plot
from .queries import Result

# The one script the page runs of its own: draw every figure, then say so on <body> so that a
# reader (or a test) can tell the page is complete.
PLOT_CONFIG = {"displaylogo": False, "responsive": True}


@dataclass(frozen=True, slots=True)
class PageContext:
    data_dir: str
    updated_at: str | None
    contract_version: str | None
    csv_dir: str
    results: dict[str, Result]
    plots: dict[str, list[Plot]]  # by section


def _inline_script(source: str) -> Markup:
    """Script text safe inside <script>…</script>: no "</" can close the element early."""
    return Markup(source.replace("</", "<\\/"))


def figure_json(plot: Plot) -> Markup:
    return _inline_script(pio.to_json(plot.figure, validate=True, pretty=False))


def cell(value: Any, column: str) -> str:
    """A value as the tables show it; the CSV files keep the raw value."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if column.startswith("share") or column == "coverage":
        return f"{value * 100:.1f} %"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("outputs.research_report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["cell"] = cell
    environment.filters["figure_json"] = figure_json
    return environment


def render(context: PageContext) -> str:
    plotly_js = get_plotlyjs()
    if "</script" in plotly_js.lower():
        raise ValueError("plotly.js holds a closing script tag: it cannot be inlined as it is")
    template = _environment().get_template("report.html.j2")
    return template.render(
        context=context,
        results=context.results,
        plots=context.plots,
        headline=context.results["headline"].records()[0],
        plotly_js=Markup(plotly_js),
        plot_config=PLOT_CONFIG,
        state_colours=STATE_COLOURS,
        status_colours=STATUS_CLASS_COLOURS,
    )
