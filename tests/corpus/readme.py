"""Writes tests/corpus/README.md: how to rebuild, and one table row per variant from its truth."""

from __future__ import annotations

import json
from pathlib import Path

from .build import CORPUS, TRUTH_DIR

INTRO = """\
# The layout-variation corpus

The samples' truth (`../shared/samples/truth/*.json`) rendered through many layouts, so that the
extractors can be proven equal to the truth on every drawing of the same content. Each variant is
`pdfs/<variant>.pdf` with `truth/<variant>.json`: the sample's truth (the same `document` block and
the same records) with its own `file`, `render` (route, smiley encodings, notes) and a `layout`
object listing the choices it made (`layout.sample` names the sample; for the canvas route
`layout.page_breaks` counts what the page breaks did: rows cut with or without closing rules, header
rows repeated or left alone at the foot of a page).

Every variant prints all of its sample's truth and the text around it (letterhead, title, reading
guide with the smiley legend drawn in the variant's own encoding, section headings, the "Ekstra
opfølgning på Aftale om budget 2018" block, running headers and footers). Cells print either the
source's literal `<p>…</p>` markup (taken from the seed, checked to clean to the truth) or clean
paragraphs with paragraph spacing. Words wider than a narrow column are cut inside the word, never
hyphenated. The PDF's Info dates are 2024-03-05, never the document's own date.

## Rebuild

```sh
make corpus        # = .venv/bin/python -m tests.corpus; regenerates pdfs/, truth/ and this README
.venv/bin/python -m tests.corpus --only ballerup_r01_lines_serif   # one variant
make corpus-check  # = .venv/bin/python -m tests.corpus --check; the committed files, checked again
```

It needs what CI does not have: Debian's `chromium` and the fonts DejaVu, Liberation, Carlito,
Symbola and Noto Color Emoji (`fonts-dejavu`, `fonts-liberation`, `fonts-crosextra-carlito`,
`fonts-symbola`, `fonts-noto-color-emoji`). A rebuild gives byte-identical files: reportlab runs
with `invariant=1`, and every PDF (Chromium's too) is finished by pikepdf with a fixed Info
dictionary, no XMP, no structure tree and a content-derived `/ID`. The symbol font whose letters
J, K and L draw faces (`SmileySymbols`) is built from DejaVu Sans outlines with fontTools at build
time. After writing each variant the generator runs the self-check below on it and fails if it
does not pass.

## Routes

- **reportlab**: a small flow and table engine of the corpus's own on the canvas (`flow.py`), for
  what platypus cannot draw: rules as lines, as thin filled rectangles, as one piece per cell edge,
  as cell or row shading only, or not at all; rows cut by a page break with or without closing
  rules; header rows repeated on continuation pages or left alone at the foot of a page; one text
  object (BT…ET) per glyph.
- **chromium**: HTML printed by headless Chromium (`--print-to-pdf`, fresh profile). It draws each
  cell border as its own thin filled rectangle, repeats `<thead>` rows on continuation pages, cuts
  rows unless told `break-inside: avoid`, writes one text object per run with one glyph per `Tj`,
  draws Noto Color Emoji as Type3 glyphs with bitmaps, inline SVG as paths, and running headers and
  footers from `@page` margin boxes.

## Self-check

`check.py` (pdfplumber only), run by `make corpus` on every variant it writes and by `make
corpus-check` on the committed files; each records in `CHECKED` the digest (PDF and truth) of every
variant that passed, and `tests/test_corpus.py` fails on a variant whose files no longer carry the
digest of a passed check. It checks that every truth text is found in the text layer in order (chars
in content-stream order, whitespace removed, markup removed, words cut by columns allowed, a text
cut by a page break found in pieces on consecutive pages); every smiley of the truth and of the
legend is on the page, in order, in its colour, drawn in an encoding the truth claims (and every
claimed encoding is used); the Info dictionary does not carry the document's year. The test also
runs the check on one variant and checks that every PDF has its truth and back, that each variant
keeps its sample's records, that each PDF is under 400 KB, and that the check fails on a truth with
a smiley recoloured, dropped or added, a text changed, another encoding claimed, or the document's
date in the Info dictionary.

## Variants
"""


def _truths() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(TRUTH_DIR.glob("*.json"))]


def _breaks(layout: dict) -> str:
    counts = layout.get("page_breaks", {})
    parts = [f"{counts['pages']} pages"] if "pages" in counts else []
    short = {
        "row cut by a page break, with closing rules": "rows cut, closing rules",
        "row cut by a page break, without closing rules": "rows cut, no closing rules",
        "table split between rows": "split between rows",
        "header row repeated on a continuation page": "header repeated",
        "header row alone at the foot of a page": "header alone at foot",
        "row cut right below a row spanning the table": "cut below a section row",
        "cut row continued right below the repeated header row": "continued below the header",
    }
    parts += [f"{short.get(key, key)} ×{n}" for key, n in counts.items() if key != "pages"]
    if not layout.get("rows_split_inside", True):
        parts.append("rows never cut")
    if layout.get("header_row_repeated") and not any("repeated" in part for part in parts):
        parts.append("header row repeated")
    return "; ".join(parts)


def _columns(layout: dict) -> str:
    if "milestone_columns" in layout:
        return " \\| ".join(layout["milestone_columns"]) + f" ({layout['plan']})"
    if "columns" in layout:
        return " \\| ".join(layout["columns"])
    return layout.get("page_layout", "")


OTHER_KEYS = {
    "markup": "markup {}",
    "checkpoint_breaking": "checkpoint break: {}",
    "letterhead": "letterhead {}",
    "running_footer": "footer: {}",
    "running_header": "header: {}",
    "text_objects": "{}",
    "header_row": "header row {}",
    "lists": "lists: {}",
    "bullets": "bullets: {}",
    "headings": "headings: {}",
    "section_rows": "section rows: {}",
    "split_words": "{}",
    "item_title": "item title: {}",
    "hanging_indent": "hanging indent",
    "indicator_bullets": "indicators: {}",
    "front_matter_bullets": "front-matter lists: {}",
    "table_of_contents": "table of contents",
    "figure": "{}",
    "extras": "{}",
}


def _other(layout: dict) -> str:
    parts = []
    if layout.get("title_page"):
        parts.append("title page")
    for key, form in OTHER_KEYS.items():
        value = layout.get(key)
        if value not in (None, "", False, [], "none"):
            parts.append(form.format(value if not isinstance(value, list) else ", ".join(value)))
    return "; ".join(parts)


def table() -> str:
    rows = [
        "| variant | sample | route | page | rules | font | columns | page breaks | smileys "
        "| other |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for truth in _truths():
        layout = truth["layout"]
        cells = [
            f"`{truth['file'][:-4]}`",
            layout["sample"].replace("albertslund_", "").replace("ballerup_", ""),
            truth["render"]["route"],
            layout.get("page_size", ""),
            layout.get("rules", ""),
            f"{layout.get('font', '')} {layout.get('size_pt', '')} pt",
            _columns(layout),
            _breaks(layout),
            ", ".join(truth["render"]["smiley_encodings"]) or "—",
            _other(layout),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def notes() -> str:
    lines = ["", "### What each variant is", ""]
    for truth in _truths():
        lines.append(f"- `{truth['file'][:-4]}`: {truth['render']['notes']}")
    return "\n".join(lines) + "\n"


def write() -> Path:
    path = CORPUS / "README.md"
    path.write_text(INTRO + "\n" + table() + notes(), encoding="utf-8")
    return path
