"""The content every variant prints: the samples' truth, and the raw cell text the source printed.

The truth holds clean text; the source (seed 001) printed literal `<p>` markup in many cells. A
variant that prints markup takes the raw cell from the seed, after checking that cleaning it gives
the truth's text again, so that markup and truth cannot drift apart.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SAMPLE_TRUTH = SHARED / "samples" / "truth"
SEEDS = SHARED / "seeds"
BALLERUP_SEED = SEEDS / "001_38016076980248e1.txt"
BALLERUP_STEM = "ballerup_opfoelgning_2019_2"

_BLOCK_TAG = re.compile(r"</?(?:p|ol|li|ul|br)\b[^>]*>", re.IGNORECASE)
_INLINE_TAG = re.compile(r"</?(?:strong|em|span|b|i|u)\b[^>]*>", re.IGNORECASE)
_BLANKS = re.compile(r"[ \t\u00a0]+")


def clean_markup(raw: str) -> str:
    """The text a reader sees in a cell that prints markup: block tags end paragraphs."""
    text = _INLINE_TAG.sub("", _BLOCK_TAG.sub("\n", raw))
    lines = (_BLANKS.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def paragraphs(text: str) -> list[str]:
    return [part for part in text.split("\n") if part]


@cache
def load_truth(stem: str) -> dict:
    return json.loads((SAMPLE_TRUTH / f"{stem}.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class RawInitiative:
    """One initiative's cells as the source printed them (markup and all)."""

    header: str
    description: str
    responsible: str
    milestones: tuple[str, ...]
    economy: str
    latest_status: str | None


_ROW_LABELS = {"Milepæl", "Økonomi", "Seneste status"}
_LEGEND_ITEM = re.compile(r"^- (\S+): (.*)$")


def _seed_lines() -> list[str]:
    return BALLERUP_SEED.read_text(encoding="utf-8").splitlines()


@cache
def ballerup_raw() -> tuple[RawInitiative, ...]:
    """The seed's table rows grouped per initiative, checked against the truth."""
    groups: list[dict] = []
    for line in _seed_lines():
        fields = line.split("\t")
        if len(fields) != 4 or set(line) <= set("-\t"):
            continue
        label = clean_markup(fields[0])
        if fields[2] == "Tid" and fields[3] == "Smiley":
            groups.append({"header": fields[0], "rows": []})
        elif label == "Milepæl":
            groups[-1]["rows"].append(("m", fields[1]))
        elif label == "Økonomi":
            groups[-1]["rows"].append(("e", fields[1]))
        elif label == "Seneste status":
            groups[-1]["rows"].append(("s", fields[1]))
        elif label not in _ROW_LABELS:
            groups[-1]["description"] = fields[0]
            groups[-1]["responsible"] = fields[1]
    initiatives = []
    for group in groups:
        rows = group["rows"]
        initiatives.append(
            RawInitiative(
                header=group["header"],
                description=group["description"],
                responsible=group["responsible"],
                milestones=tuple(text for kind, text in rows if kind == "m"),
                economy=next(text for kind, text in rows if kind == "e"),
                latest_status=next((text for kind, text in rows if kind == "s"), None),
            )
        )
    truth = load_truth(BALLERUP_STEM)["initiatives"]
    if len(initiatives) != len(truth):
        raise ValueError(f"seed has {len(initiatives)} initiatives, truth {len(truth)}")
    for raw, record in zip(initiatives, truth, strict=True):
        _check_raw(raw, record)
    return tuple(initiatives)


def _check_raw(raw: RawInitiative, record: dict) -> None:
    pairs = [(raw.description, record["description"])]
    pairs += [
        (text, m["text"]) for text, m in zip(raw.milestones, record["milestones"], strict=True)
    ]
    pairs.append((raw.economy, record["economy"]["text"]))
    if record["latest_status"] is not None:
        pairs.append((raw.latest_status or "", record["latest_status"]))
    for raw_text, truth_text in pairs:
        if clean_markup(raw_text) != truth_text:
            raise ValueError(
                f"{record['number']}: seed cell does not clean to the truth: {raw_text[:60]!r}"
            )
    responsible = clean_markup(raw.responsible).replace("\n", " ")
    for value in (record["responsible_center"], record["responsible_committee"]):
        if value and value not in responsible:
            raise ValueError(f"{record['number']}: {value!r} not in the responsible cell")


@dataclass(frozen=True)
class FrontItem:
    """A piece of the text before the first initiative, as the report prints it."""

    kind: str  # letterhead, title, heading, para, legend_heading, legend
    text: str
    colour: str | None = None  # a legend item's smiley


LEGEND_COLOURS = (("green", "yellow", "red"), ("green", "red"))  # milestones, economy


@cache
def ballerup_front_matter() -> tuple[FrontItem, ...]:
    """Letterhead, title and reading guide with its smiley legends, from the seed."""
    title = load_truth(BALLERUP_STEM)["document"]["title"]
    items: list[FrontItem] = [FrontItem("letterhead", "Ballerup Kommune")]
    seen_title = False
    legends = iter(LEGEND_COLOURS)
    colours: Iterator[str] = iter(())
    for line in _seed_lines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("1. ") and "\t" not in line:
            break
        if line == title:
            items.append(FrontItem("title", line))
            seen_title = True
        elif not seen_title:
            items.append(FrontItem("letterhead", line))
        elif line.startswith("Definition af smileys"):
            items.append(FrontItem("legend_heading", line))
            colours = iter(next(legends))
        elif match := _LEGEND_ITEM.match(line):
            items.append(FrontItem("legend", match.group(2), next(colours)))
        elif len(line) < 40 and not line.endswith("."):
            items.append(FrontItem("heading", line))
        else:
            items.append(FrontItem("para", line))
    return tuple(items)


# ---------------------------------------------------------------- Albertslund

STATUS_STEM = "albertslund_budgetaftale_2012_status"
PLAN_STEM = "albertslund_voksen_social_virksomhedsplan_2020_2021"
STRATEGY_STEM = "albertslund_direktoerforum_2016_2017"
THEMES_STEM = "albertslund_netvaerkstemaer_2016"
SEED_OF = {PLAN_STEM: "003_66dca18584ea829b.txt", STRATEGY_STEM: "004_2ae73167ed047e11.txt"}
SEED_OF[THEMES_STEM] = "002_c621943a982f7eeb.txt"
INDICATOR_HEADINGS = ("Målintikator", "Målindikator", "Måлиндikator")
_NUMBERED = re.compile(r"^(\d+)\. (.+)$")
_GOAL = re.compile(r"^(\d+\.\d+) Mål [–-] (.+)$")
_TOC_ENTRY = re.compile(r"^(.*?)(?:\.{3,})?\t(\d+)$")


@dataclass(frozen=True)
class Piece:
    """A piece of an Albertslund document in reading order, before any styling."""

    kind: str  # title, para, heading, numbered, bullet, toc, figure, actions, indicators, back, …
    text: str = ""
    items: tuple[str, ...] = ()
    level: int = 1
    label: str = ""  # a list's heading as printed ("Handlinger", "Målintikator", …)


def _seed(stem: str) -> list[str]:
    text = (SEEDS / SEED_OF[stem]).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def _plain(line: str) -> str:
    return line.replace("*", "")


@cache
def narrative_pieces(stem: str) -> tuple[Piece, ...]:
    """A strategy or themes document: title, paragraphs, a numbered list, headed themes."""
    truth = load_truth(stem)
    themes = [fold_space(theme) for theme in truth["themes"]]
    pieces = []
    for line in _seed(stem):
        if line == truth["document"]["title"]:
            pieces.append(Piece("title", line))
        elif fold_space(line) in themes and not _NUMBERED.match(line):
            pieces.append(Piece("heading", truth["themes"][themes.index(fold_space(line))]))
        elif match := _NUMBERED.match(line):
            pieces.append(Piece("numbered", match.group(2), label=match.group(1)))
        elif pieces and pieces[-1].kind == "para" and line[0].islower():
            # the seed cut this paragraph at a page break; the document prints it whole
            pieces[-1] = Piece("para", f"{pieces[-1].text} {_plain(line)}")
        else:
            pieces.append(Piece("para", _plain(line)))
    headings = [p.text for p in pieces if p.kind == "heading"]
    if headings != truth["themes"]:
        raise ValueError(f"{stem}: headings {headings} are not the truth's themes")
    return tuple(pieces)


def fold_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


@cache
def plan_pieces() -> tuple[Piece, ...]:
    """The business plan from seed 003, its goals' lists checked against the truth."""
    lines = _seed(PLAN_STEM)
    truth = load_truth(PLAN_STEM)
    pieces: list[Piece] = [Piece("cover", items=tuple(lines[:3]))]
    index = 3
    toc: list[str] = []
    if lines[index] == "Indholdsfortegnelse":
        index += 1
        while "\t" in lines[index]:
            toc.append(lines[index])
            index += 1
        pieces.append(Piece("toc", "Indholdsfortegnelse", items=tuple(toc)))
    bullets: list[str] = []
    current: list[str] | None = None
    for line in lines[index:]:
        if line.startswith("- "):
            bullets.append(_plain(line[2:]))
            continue
        if bullets:
            pieces.append(Piece("bullets", items=tuple(bullets)))
            bullets = []
        heading = (
            _NUMBERED.match(line)
            or _GOAL.match(line)
            or line in (*INDICATOR_HEADINGS, "Handlinger")
            or line.startswith("SBSYS")
        )
        if current is not None and not heading:
            current.append(line)  # a list runs on to the next heading
            continue
        if current is not None:
            kind, label = pieces[-1].kind, pieces[-1].label
            pieces[-1] = Piece(kind, items=tuple(current), label=label)
            current = None
        if line == "Handlinger" or line in INDICATOR_HEADINGS:
            kind = "actions" if line == "Handlinger" else "indicators"
            pieces.append(Piece(kind, label=line))
            current = []
        elif match := _GOAL.match(line):
            pieces.append(Piece("goal", match.group(2), label=match.group(1), level=2))
        elif (match := _NUMBERED.match(line)) and len(line) < 120:
            pieces.append(Piece("focus", match.group(2), label=match.group(1), level=1))
        elif line.startswith("Organisationsdiagram"):
            pieces.append(Piece("para", line))
            pieces.append(Piece("figure", "Voksen- & Social", items=_units(pieces)))
        elif line.startswith("SBSYS"):
            pieces.append(Piece("back", items=tuple(lines[lines.index(line) :])))
            break
        elif len(line) < 60 and not line.endswith((".", ":")):
            pieces.append(Piece("heading", line, level=1))
        else:
            pieces.append(Piece("para", _plain(line)))
    _check_plan(pieces, truth)
    return tuple(pieces)


def _units(pieces: list[Piece]) -> tuple[str, ...]:
    """The units of the organisation chart: the bullet list under "Hvem er vi?"."""
    return next(p.items for p in reversed(pieces) if p.kind == "bullets")


def _check_plan(pieces: list[Piece], truth: dict) -> None:
    goals = [
        (g["number"], g["title"], g["actions"], g["indicators"])
        for area in truth["focus_areas"]
        for g in area["goals"]
    ]
    found = []
    for i, piece in enumerate(pieces):
        if piece.kind == "goal":
            actions = next(p.items for p in pieces[i:] if p.kind == "actions")
            indicators = next(p.items for p in pieces[i:] if p.kind == "indicators")
            found.append((piece.label, piece.text, list(actions), list(indicators)))
    if found != goals:
        for a, b in zip(found, goals, strict=False):
            if a != b:
                raise ValueError(f"seed goal {a[0]} does not match the truth: {a} != {b}")
        raise ValueError(f"seed has {len(found)} goals, the truth {len(goals)}")
    areas = [(p.label, p.text) for p in pieces if p.kind == "focus"]
    expected = [(a["number"], a["title"]) for a in truth["focus_areas"]]
    if areas != expected:
        raise ValueError(f"focus areas {areas} are not the truth's {expected}")
