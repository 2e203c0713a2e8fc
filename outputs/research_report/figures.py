"""The report's plots, as Plotly figures built from query results (never from numbers of their own).

Each function takes the results it plots and returns ``Plot``s: an id for the page and the figure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from .queries import Result

SMILEY_COLOURS = {"green": "#00B050", "yellow": "#FFC000", "red": "#FF0000"}
STATE_COLOURS = {
    "not yet due": "#e8e8e8",
    "due unknown": "#c8c8e6",
    "due, not rated": "#8c8c8c",
    **SMILEY_COLOURS,
}
STATUS_CLASS_COLOURS = {
    "done": "#2e7d32",
    "ongoing": "#f9a825",
    "planned": "#1565c0",
    "unsettled": "#9e9e9e",
}
DOCUMENT_STATUS_COLOURS = {"ok": "#2e7d32", "partial": "#f9a825", "failed": "#c62828"}
NOT_RATED_COLOUR = STATE_COLOURS["due, not rated"]
# Series that are not smileys or states (agreements, actions and indicators): no green, yellow or
# red, so that nothing reads as a smiley that is not one.
NEUTRAL_COLOURS = ["#1a4d8f", "#8fb3e0", "#6a3d9a", "#cab2d6", "#4d4d4d", "#a6a6a6"]

LABEL_CHARS = 48  # axis labels longer than this are cut; the tables beside give the whole text
ROW_HEIGHT = 17  # pixels per row of a heat map or a horizontal bar chart
BASE_HEIGHT = 140  # pixels for a figure's title, axes and legend
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', Arial, sans-serif"


@dataclass(frozen=True, slots=True)
class Plot:
    id: str
    figure: go.Figure


def short(text: str | None, limit: int = LABEL_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _layout(title: str, height: int, **extra: Any) -> dict[str, Any]:
    layout = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        "font": {"family": FONT, "size": 12},
        "legend": {"orientation": "h", "y": -0.12, "x": 0},
        "template": "none",  # plotly.js's own defaults: no theme copied into every figure
        "colorway": NEUTRAL_COLOURS,
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        **extra,
    }
    for axis in ("xaxis", "yaxis"):  # room for long labels (committee and section names)
        layout[axis] = {"automargin": True, **layout.get(axis, {})}
    return layout


def _groups(result: Result, *keys: str) -> dict[tuple, list[dict[str, Any]]]:
    groups: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for record in result.records():
        groups[tuple(record[key] for key in keys)].append(record)
    return dict(groups)


def milestones_by_checkpoint(result: Result) -> list[Plot]:
    """Due milestones by smiley for each checkpoint, one stacked-bar chart per municipality."""
    plots = []
    for (municipality,), records in _groups(result, "municipality").items():
        x = [[r["agreement"] for r in records], [r["checkpoint"] for r in records]]
        series = [*SMILEY_COLOURS.items(), ("not_rated", NOT_RATED_COLOUR)]
        traces = [
            go.Bar(
                name="due, not rated" if column == "not_rated" else column,
                x=x,
                y=[r[column] for r in records],
                marker_color=colour,
                hovertemplate="%{x}: %{y} " + column.replace("_", " ") + "<extra></extra>",
            )
            for column, colour in series
        ]
        figure = go.Figure(
            traces,
            _layout(
                f"{municipality}: due milestones by smiley, per checkpoint",
                420,
                barmode="stack",
                yaxis={"title": "milestones", "gridcolor": "#eee"},
            ),
        )
        plots.append(Plot(f"milestones-by-checkpoint-{municipality}", figure))
    return plots


def share_achieved(result: Result, by: str, what: str) -> list[Plot]:
    """Share of rated due milestones that are green, per ``by`` (committee or section)."""
    plots = []
    for (municipality,), records in _groups(result, "municipality").items():
        agreements = list(dict.fromkeys(r["agreement"] for r in records))
        labels = list(dict.fromkeys(short(r[by]) for r in records))
        traces = []
        for agreement in agreements:
            rows = [r for r in records if r["agreement"] == agreement]
            traces.append(
                go.Bar(
                    name=agreement,
                    orientation="h",
                    y=[short(r[by]) for r in rows],
                    x=[r["share_achieved"] for r in rows],
                    customdata=[[r["green"], r["rated"], r["due"]] for r in rows],
                    hovertemplate=(
                        "%{y}<br>%{x:.1%} achieved: %{customdata[0]} green of "
                        "%{customdata[1]} rated (%{customdata[2]} due)<extra>"
                        + agreement
                        + "</extra>"
                    ),
                )
            )
        height = BASE_HEIGHT + ROW_HEIGHT * len(labels) * max(1, len(agreements))
        figure = go.Figure(
            traces,
            _layout(
                f"{municipality}: share achieved (green of rated due milestones) per {what}",
                height,
                barmode="group",
                xaxis={"tickformat": ".0%", "range": [0, 1], "gridcolor": "#eee"},
                yaxis={"autorange": "reversed", "categoryorder": "array", "categoryarray": labels},
            ),
        )
        plots.append(Plot(f"achieved-by-{what}-{municipality}", figure))
    return plots


def economy_by_smiley(result: Result) -> list[Plot]:
    plots = []
    for (municipality,), records in _groups(result, "municipality").items():
        x = [r["agreement"] for r in records]
        series = [*SMILEY_COLOURS.items(), ("not_rated", NOT_RATED_COLOUR)]
        traces = [
            go.Bar(
                name="not rated" if column == "not_rated" else column,
                x=x,
                y=[r[column] for r in records],
                marker_color=colour,
            )
            for column, colour in series
        ]
        figure = go.Figure(
            traces,
            _layout(
                f"{municipality}: economy rows by smiley",
                340,
                barmode="stack",
                yaxis={"title": "economy rows", "gridcolor": "#eee"},
            ),
        )
        plots.append(Plot(f"economy-by-smiley-{municipality}", figure))
    return plots


STATES = tuple(STATE_COLOURS)  # z value of a heat-map cell: its state's index


def _discrete_scale(colours: list[str]) -> list[list[Any]]:
    scale: list[list[Any]] = []
    for index, colour in enumerate(colours):
        scale += [[index / len(colours), colour], [(index + 1) / len(colours), colour]]
    return scale


def _column_label(seq: int, records: list[dict[str, Any]]) -> str:
    """A heat map column is the n-th milestone of each initiative: named by its checkpoint where
    every initiative has the same one there."""
    checkpoints = {r["checkpoint"] for r in records if r["seq"] == seq}
    return f"{seq}: {checkpoints.pop()}" if len(checkpoints) == 1 else f"milestone {seq}"


def initiative_smileys(result: Result) -> list[Plot]:
    """Each initiative's milestones across its checkpoints: one heat map per agreement."""
    plots = []
    for (municipality, agreement), records in _groups(result, "municipality", "agreement").items():
        initiatives = list(
            dict.fromkeys(
                (r["initiative_no"], short(f"{r['initiative_no']} {r['initiative'] or ''}", 44))
                for r in records
            )
        )
        seqs = sorted({r["seq"] for r in records})
        columns = {seq: _column_label(seq, records) for seq in seqs}
        row_of = {number: index for index, (number, _) in enumerate(initiatives)}
        z: list[list[int | None]] = [[None] * len(seqs) for _ in initiatives]
        text: list[list[str]] = [[""] * len(seqs) for _ in initiatives]
        for r in records:
            row, column = row_of[r["initiative_no"]], seqs.index(r["seq"])
            z[row][column] = STATES.index(r["state"])
            text[row][column] = (
                f"{r['initiative_no']} {short(r['initiative'], 60)}<br>"
                f"{r['checkpoint']}: <b>{r['state']}</b><br>{r['file_name']}, page {r['page']}"
            )
        figure = go.Figure(
            go.Heatmap(
                z=z,
                x=[columns[seq] for seq in seqs],
                y=[label for _, label in initiatives],
                text=text,
                hovertemplate="%{text}<extra></extra>",
                colorscale=_discrete_scale(list(STATE_COLOURS.values())),
                zmin=-0.5,
                zmax=len(STATES) - 0.5,
                showscale=False,
                xgap=2,
                ygap=2,
            ),
            _layout(
                f"{municipality}, {agreement}: each initiative's milestones",
                BASE_HEIGHT + ROW_HEIGHT * len(initiatives),
                xaxis={"side": "top"},
                yaxis={"autorange": "reversed", "tickfont": {"size": 10}},
            ),
        )
        plots.append(Plot(f"initiative-smileys-{municipality}-{len(plots) + 1}", figure))
    return plots


def status_by_route(result: Result) -> list[Plot]:
    plots = []
    for (municipality,), records in _groups(result, "municipality").items():
        routes = [r["route"] for r in records]
        traces = [
            go.Bar(
                name=state,
                orientation="h",
                y=routes,
                x=[r[state] for r in records],
                marker_color=colour,
            )
            for state, colour in STATUS_CLASS_COLOURS.items()
        ]
        figure = go.Figure(
            traces,
            _layout(
                f"{municipality}: status items by committee route and status class",
                BASE_HEIGHT + 2 * ROW_HEIGHT * len(routes),
                barmode="stack",
                xaxis={"title": "status items", "dtick": 1, "gridcolor": "#eee"},
                yaxis={"autorange": "reversed"},
            ),
        )
        plots.append(Plot(f"status-by-route-{municipality}", figure))
    return plots


def status_deadlines(result: Result) -> list[Plot]:
    """Status items with a deadline date, on a time axis by route, coloured by status class."""
    plots = []
    dated = [r for r in result.records() if r["deadline_date"] is not None]
    by_municipality: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in dated:
        by_municipality[record["municipality"]].append(record)
    for municipality, records in by_municipality.items():
        routes = list(dict.fromkeys(r["route"] for r in records))
        traces = []
        for state, colour in STATUS_CLASS_COLOURS.items():
            rows = [r for r in records if r["state"] == state]
            if not rows:
                continue
            traces.append(
                go.Scatter(
                    name=state,
                    mode="markers",
                    x=[r["deadline_date"].isoformat() for r in rows],
                    y=[r["route"] for r in rows],
                    marker={"color": colour, "size": 13, "line": {"width": 1, "color": "#333"}},
                    text=[
                        f"{r['seq']}. {short(r['title'] or r['status_text'], 60)}<br>"
                        f"deadline: {r['deadline_raw']}<br>{r['file_name']}, page {r['page']}"
                        for r in rows
                    ],
                    hovertemplate="%{text}<extra>" + state + "</extra>",
                )
            )
        figure = go.Figure(
            traces,
            _layout(
                f"{municipality}: status items by deadline",
                BASE_HEIGHT + 3 * ROW_HEIGHT * len(routes),
                xaxis={"type": "date", "gridcolor": "#eee"},
                yaxis={"type": "category"},
            ),
        )
        plots.append(Plot(f"status-deadlines-{municipality}", figure))
    return plots


def plan_focus_areas(result: Result) -> list[Plot]:
    plots = []
    for (municipality, document), records in _groups(result, "municipality", "document").items():
        labels = [short(f"{r['focus_area_no']}. {r['focus_area']}", 40) for r in records]
        traces = [
            go.Bar(name=column, orientation="h", y=labels, x=[r[column] for r in records])
            for column in ("actions", "indicators")
        ]
        figure = go.Figure(
            traces,
            _layout(
                f"{municipality}, {document}: actions and indicators per focus area",
                BASE_HEIGHT + 2 * ROW_HEIGHT * len(labels),
                barmode="group",
                xaxis={"dtick": 1, "gridcolor": "#eee"},
                yaxis={"autorange": "reversed"},
            ),
        )
        plots.append(Plot(f"plan-focus-areas-{municipality}-{len(plots) + 1}", figure))
    return plots


def documents_by_status(result: Result) -> list[Plot]:
    if not result.rows:
        return []
    records = result.records()
    traces = [
        go.Bar(
            name=status,
            x=[r["doc_type"] for r in records],
            y=[r[status] for r in records],
            marker_color=colour,
        )
        for status, colour in DOCUMENT_STATUS_COLOURS.items()
    ]
    figure = go.Figure(
        traces,
        _layout(
            "files by document type and status",
            340,
            barmode="stack",
            yaxis={"title": "files", "dtick": 1, "gridcolor": "#eee"},
        ),
    )
    return [Plot("documents-by-status", figure)]


def coverage(result: Result) -> list[Plot]:
    """Each file's coverage, where the datasets have the column."""
    if "coverage" not in result.columns:
        return []
    records = [r for r in result.records() if r["coverage"] is not None]
    if not records:
        return []
    figure = go.Figure(
        go.Bar(
            orientation="h",
            y=[short(r["file_name"], 60) for r in records],
            x=[r["coverage"] for r in records],
            marker_color=[DOCUMENT_STATUS_COLOURS.get(r["status"], "#666") for r in records],
            hovertemplate="%{y}: %{x:.1%} of the body text read into records<extra></extra>",
        ),
        _layout(
            "coverage: share of each file's body text that went into some record",
            BASE_HEIGHT + ROW_HEIGHT * len(records),
            xaxis={"tickformat": ".0%", "range": [0, 1], "gridcolor": "#eee"},
            yaxis={"autorange": "reversed"},
        ),
    )
    return [Plot("coverage", figure)]
