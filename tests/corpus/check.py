"""The corpus self-check: a variant's PDF shows all of its truth, and nothing claims what it lacks.

Needs only pdfplumber (and Pillow, which it brings), so CI can run it on the committed files.

- Every truth text is found in the text layer, in order: the chars of each page in content-stream
  order, whitespace removed, literal markup removed, NFKC-folded (ligatures). A text may run over a
  page break (a row cut by the break): its pieces are found on consecutive pages. Within a page the
  texts must come in order; across pages each text starts on or after the page the one before it
  started on.
- Every smiley of the truth (and of the page-1 legend) is on the page, in order, in its colour, and
  drawn in one of the encodings the truth claims; every claimed encoding is used; there are no other
  coloured marks.
- The PDF's Info dictionary does not carry the document's date.
"""

from __future__ import annotations

import colorsys
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

LOOKAHEAD_PAGES = 3  # how far past the previous text's page the next one may start
MAX_PAGES_SPANNED = 3  # a text cut by page breaks lies on at most this many pages
SPLIT_SLACK = 8  # characters by which a piece's end may fall short of the longest prefix found
SPLIT_NEAR = 80  # a cut text's first piece this close after the text before it is taken first
SPLIT_MIN_PIECE = 6  # ... if it is at least this long (a shorter one may be a coincidence)
MIN_SATURATION = 0.45  # below this a fill is black, grey, white or a pale shading: never a smiley
MIN_VALUE = 0.35
DISC_SIZE = (3.0, 40.0)  # a smiley disc's diameter, in points
DISC_ROUNDNESS = 0.25  # |width - height| / width of a disc
LEGEND_COLOURS = ("green", "yellow", "red", "green", "red")  # milestones, then economy

GLYPH_ENCODINGS = {
    "☺": "unicode-glyph",
    "☹": "unicode-glyph",
    "😊": "emoji-glyph",
    "😐": "emoji-glyph",
    "😞": "emoji-glyph",
    "🟢": "color-emoji",
    "🟡": "color-emoji",
    "🔴": "color-emoji",
}
COLOUR_EMOJI = {"🟢": "green", "🟡": "yellow", "🔴": "red"}
SYMBOL_LETTERS = set("JKL")
SYMBOL_FONT_NAME = "SmileySymbols"

_SPACE = re.compile(r"[\s\u00ad\u200b\u200c\u200d\ufeff]+")
_TAG = re.compile(r"<[^<>]*>")
PAGE_SEP = "\x00"


def fold(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


# ---------------------------------------------------------------- the PDF side


@dataclass(frozen=True)
class Smiley:
    colour: str
    encoding: str
    page: int
    top: float
    x0: float


def hue_colour(rgb: tuple[float, float, float]) -> str | None:
    """green, yellow or red by hue, or None for anything unsaturated or of another hue."""
    h, s, v = colorsys.rgb_to_hsv(*rgb)
    if s < MIN_SATURATION or v < MIN_VALUE:
        return None
    hue = h * 360
    if hue < 20 or hue > 340:
        return "red"
    if 30 <= hue <= 70:
        return "yellow"
    if 90 <= hue <= 180:
        return "green"
    return None


def to_rgb(colour) -> tuple[float, float, float] | None:
    if colour is None or isinstance(colour, str):
        return None
    values = tuple(float(v) for v in colour)
    if len(values) == 1:
        return (values[0],) * 3
    if len(values) == 3:
        return values  # type: ignore[return-value]
    if len(values) == 4:
        c, m, y, k = values
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def _image_colour(image: dict) -> str | None:
    from PIL import Image

    stream = image["stream"]
    filters = str(stream.get_filters())
    data = stream.get_data()
    if "DCT" in filters:
        picture = Image.open(io.BytesIO(data)).convert("RGB")
    else:
        width, height = image["srcsize"]
        try:
            picture = Image.frombytes("RGB", (int(width), int(height)), data)
        except ValueError:
            return None
    counts: dict[str, int] = {}
    for pixel in picture.getdata():
        name = hue_colour(tuple(c / 255 for c in pixel))
        if name:
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=counts.get) if counts else None


def page_smileys(page, number: int) -> Iterator[Smiley]:
    for char in page.chars:
        text = char["text"]
        if text in COLOUR_EMOJI:
            yield Smiley(COLOUR_EMOJI[text], "color-emoji", number, char["top"], char["x0"])
            continue
        if text in GLYPH_ENCODINGS:
            encoding = GLYPH_ENCODINGS[text]
        elif text in SYMBOL_LETTERS and SYMBOL_FONT_NAME in char["fontname"]:
            encoding = "symbol-font-JKL"
        else:
            continue
        rgb = to_rgb(char["non_stroking_color"])
        colour = hue_colour(rgb) if rgb else None
        yield Smiley(colour or "uncoloured", encoding, number, char["top"], char["x0"])
    for curve in page.curves:
        if not curve.get("fill"):
            continue
        rgb = to_rgb(curve["non_stroking_color"])
        colour = hue_colour(rgb) if rgb else None
        width, height = curve["width"], curve["height"]
        if colour is None or not DISC_SIZE[0] <= width <= DISC_SIZE[1]:
            continue
        if abs(width - height) > DISC_ROUNDNESS * width:
            continue
        cmyk = len(curve["non_stroking_color"]) == 4
        yield Smiley(colour, "vector-cmyk" if cmyk else "vector", number, curve["top"], curve["x0"])
    for image in page.images:
        colour = _image_colour(image)
        if colour:
            yield Smiley(colour, "raster", number, image["top"], image["x0"])


@dataclass(frozen=True)
class PdfFacts:
    pages: list[str]  # folded text per page, markup removed
    raw_markup: bool  # the text layer prints literal <p> markup
    smileys: list[Smiley]
    info: dict


def read_pdf(path: Path) -> PdfFacts:
    pages, smileys = [], []
    with pdfplumber.open(path) as pdf:
        info = {key: str(value) for key, value in pdf.metadata.items()}
        for number, page in enumerate(pdf.pages, start=1):
            pages.append(fold("".join(char["text"] for char in page.chars)))
            smileys += page_smileys(page, number)
            page.close()
    joined = PAGE_SEP.join(pages)
    raw_markup = "<p>" in joined
    stripped = _TAG.sub(lambda m: PAGE_SEP * m.group(0).count(PAGE_SEP), joined)
    smileys.sort(key=lambda s: (s.page, round(s.top), s.x0))
    return PdfFacts(stripped.split(PAGE_SEP), raw_markup, smileys, info)


# ---------------------------------------------------------------- the truth side


def _present(*values: str | None) -> Iterator[str]:
    for value in values:
        if value:
            yield value


def budget_followup_texts(truth: dict) -> Iterator[tuple[str, str]]:
    columns = truth["layout"]["milestone_columns"]
    text_first = columns.index("text") < columns.index("checkpoint")
    previous = None
    for initiative in truth["initiatives"]:
        key = (initiative["agreement"], initiative["section"])
        where = f"{initiative['agreement'][-4:]} {initiative['number']}"
        if key != previous:
            if previous is not None and previous[0] != initiative["agreement"]:
                yield where, initiative["agreement"]
            if initiative["section"]:
                yield where, initiative["section"]
        previous = key
        for value in _present(
            initiative["number"],
            initiative["title"],
            initiative["kind"],
            initiative["description"],
            initiative["responsible_center"],
            initiative["responsible_committee"],
            initiative["contributor"],
        ):
            yield where, value
        for milestone in initiative["milestones"]:
            pair = (milestone["text"], milestone["checkpoint"])
            for value in _present(*(pair if text_first else pair[::-1])):
                yield f"{where} milestone {milestone['seq']}", value
        if initiative["economy"]:
            for value in _present(initiative["economy"]["text"]):
                yield f"{where} economy", value
        for value in _present(initiative["latest_status"]):
            yield f"{where} latest status", value


def status_list_texts(truth: dict) -> Iterator[tuple[str, str]]:
    columns = truth["layout"]["columns"]
    for item in truth["items"]:
        where = f"item {item['seq']}"
        for row in truth.get("section_rows", []):
            if row["before_item"] == item["seq"]:
                for value in _present(row["title"], row["intro"]):
                    yield f"{where} section row", value
        fields = {
            "text": list(_present(item["title"], item["text"])),
            "responsible": list(item["responsible"]),
            "committees": list(item["committees"]),
            "deadline": list(_present(item["deadline"])),
            "status": list(_present(item["status"])),
        }
        for column in columns:
            for value in fields[column]:
                yield f"{where} {column}", value


def business_plan_texts(truth: dict) -> Iterator[tuple[str, str]]:
    side_by_side = truth["layout"].get("lists") == "two-column table"
    for area in truth["focus_areas"]:
        yield f"focus area {area['number']}", area["title"]
        for goal in area["goals"]:
            where = f"goal {goal['number']}"
            yield where, goal["title"]
            actions, indicators = goal["actions"], goal["indicators"]
            if side_by_side:
                for index in range(max(len(actions), len(indicators))):
                    for name, values in (("action", actions), ("indicator", indicators)):
                        if index < len(values):
                            yield f"{where} {name} {index + 1}", values[index]
            else:
                for index, value in enumerate(actions):
                    yield f"{where} action {index + 1}", value
                for index, value in enumerate(indicators):
                    yield f"{where} indicator {index + 1}", value


def themes_texts(truth: dict) -> Iterator[tuple[str, str]]:
    for index, theme in enumerate(truth["themes"], start=1):
        yield f"theme {index}", theme


TEXTS = {
    "budget_followup": budget_followup_texts,
    "status_list": status_list_texts,
    "business_plan": business_plan_texts,
    "strategy": themes_texts,
    "themes": themes_texts,
}


def expected_texts(truth: dict) -> list[tuple[str, str]]:
    texts = [("title", truth["document"]["title"])]
    texts += TEXTS[truth["document"]["doc_type"]](truth)
    return texts


def expected_smileys(truth: dict) -> list[tuple[str, str]]:
    if truth["document"]["doc_type"] != "budget_followup":
        return []
    marks = [(f"legend {i + 1}", colour) for i, colour in enumerate(LEGEND_COLOURS)]
    for initiative in truth["initiatives"]:
        where = f"{initiative['agreement'][-4:]} {initiative['number']}"
        for milestone in initiative["milestones"]:
            if milestone["smiley"]:
                marks.append((f"{where} milestone {milestone['seq']}", milestone["smiley"]))
        economy = initiative["economy"]
        if economy and economy["smiley"]:
            marks.append((f"{where} economy", economy["smiley"]))
    return marks


# ---------------------------------------------------------------- matching


def _find_split(text: str, pages: list[str], cursor: list[int], page: int, depth: int = 0):
    """Pieces (page, start, end) of `text` from `page` on over the next page(s), or None."""
    if page + 1 >= len(pages) or depth >= MAX_PAGES_SPANNED - 1:
        return None
    here = pages[page]
    low, high = 0, len(text) - 1  # the longest prefix found on this page
    while low < high:
        middle = (low + high + 1) // 2
        if here.find(text[:middle], cursor[page]) >= 0:
            low = middle
        else:
            high = middle - 1
    # The piece on this page ends where the page break cut the text: at the longest prefix found,
    # or a few characters short of it when they happen to follow it there too; of those, the cut
    # whose rest starts earliest on the next page.
    best = None
    for length in range(low, max(0, low - SPLIT_SLACK), -1):
        rest = text[length:]
        found = pages[page + 1].find(rest, cursor[page + 1])
        if found >= 0 and (best is None or found < best[1]):
            best = (length, found)
    if best is not None:
        length, found = best
        start = here.find(text[:length], cursor[page])
        return [(page, start, start + length), (page + 1, found, found + len(text) - length)]
    for length in range(low, max(0, low - SPLIT_SLACK), -1):
        deeper = _find_split(text[length:], pages, cursor, page + 1, depth + 1)
        if deeper:
            start = here.find(text[:length], cursor[page])
            return [(page, start, start + length), *deeper]
    return None


def _locate(text: str, pages: list[str], cursor: list[int], start: int, lookahead: int):
    """Where `text` lies: pieces (page, start, end), the first on or after page `start`."""
    last = min(start + lookahead, len(pages) - 1)
    for page in range(start, last + 1):
        found = pages[page].find(text, cursor[page])
        if found >= 0:
            return [(page, found, found + len(text))]
        pieces = _find_split(text, pages, cursor, page)
        if pieces:
            first_page, first_start, first_end = pieces[0]
            near = first_start - cursor[first_page] <= SPLIT_NEAR
            if near and first_end - first_start >= SPLIT_MIN_PIECE:
                return pieces  # it goes on from where the text before it ended
        if page + 1 < len(pages) and pages[page + 1].find(text, cursor[page + 1]) >= 0:
            continue  # whole on the next page
        if pieces:
            return pieces
    return None


def find_in_order(
    texts: Iterable[tuple[str, str]], pages: list[str], lookahead: int = LOOKAHEAD_PAGES
) -> list[str]:
    cursor = [0] * len(pages)
    page = 0
    problems = []
    for where, text in texts:
        folded = fold(_TAG.sub(" ", text))
        if not folded:
            continue
        hit = _locate(folded, pages, cursor, page, lookahead)
        if hit is None:
            problems.append(f"text not found in order from page {page + 1}: {where}: {text[:70]!r}")
            continue
        page = hit[0][0]
        for piece_page, _, end in hit:
            cursor[piece_page] = end
    return problems


def check_smileys(truth: dict, found: list[Smiley]) -> list[str]:
    expected = expected_smileys(truth)
    claimed = set(truth["render"]["smiley_encodings"])
    problems = []
    for index, (where, colour) in enumerate(expected):
        if index >= len(found):
            problems.append(f"smiley missing: {where} ({colour}); {len(found)} found")
            break
        mark = found[index]
        if mark.colour != colour:
            problems.append(
                f"smiley {index + 1} ({where}) is {mark.colour}, truth {colour} "
                f"(page {mark.page}, {mark.encoding})"
            )
            break
    if len(found) > len(expected):
        extra = found[len(expected)]
        problems.append(
            f"{len(found) - len(expected)} smileys more than the truth, from page {extra.page}"
        )
    used = {mark.encoding for mark in found}
    if used - claimed:
        problems.append(f"smileys drawn as {sorted(used - claimed)}, not claimed by the truth")
    if expected and claimed - used:
        problems.append(f"claimed encodings never used: {sorted(claimed - used)}")
    return problems


def check_info(truth: dict, info: dict) -> list[str]:
    published = truth["document"].get("published")
    if not published:
        return []
    year = published[:4]
    return [
        f"Info {key} carries the document's year: {info[key]}"
        for key in ("CreationDate", "ModDate")
        if str(info.get(key, "")).startswith(f"D:{year}")
    ]


def check_facts(facts: PdfFacts, truth: dict) -> list[str]:
    # A table of contents repeats headings pages before their sections: outside budget
    # follow-ups the next text may lie anywhere further on.
    follow_up = truth["document"]["doc_type"] == "budget_followup"
    lookahead = LOOKAHEAD_PAGES if follow_up else len(facts.pages)
    problems = find_in_order(expected_texts(truth), facts.pages, lookahead)
    problems += check_smileys(truth, facts.smileys)
    problems += check_info(truth, facts.info)
    markup = truth["layout"].get("markup")
    if markup == "clean" and facts.raw_markup:
        problems.append("the layout says clean paragraphs, but the text layer prints <p> markup")
    if markup == "printed" and not facts.raw_markup:
        problems.append("the layout says printed markup, but the text layer has none")
    return problems


def check_variant(pdf_path: Path, truth: dict) -> list[str]:
    return check_facts(read_pdf(pdf_path), truth)
