"""The page's fast paths give exactly what the plain rules give, on any arrangement of chars.

Cutting cells (``Page.split``) and grouping chars into lines (``text_lines``) avoid a Python step
per char; the references below take that step for every char, as the rules are written.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.pdf.layout import DEFAULT_PARAMS, text_lines
from extractors.pdf.model import BBox, Char, Curve, Image, Line, Page, Rect

# Few distinct values, so that chars share extents and edges as the chars of a text object do.
COORDINATES = st.sampled_from([0.0, 1.5, 2.0, 7.25, 10.0, 10.5, 11.0, 12.0, 20.0, 21.0])
TEXTS = st.sampled_from(["a", "b", "Æ", "1", " ", "\u00a0", "fi", "-", ""])


@st.composite
def chars(draw) -> Char:
    x0 = draw(COORDINATES)
    top = draw(COORDINATES)
    width = draw(st.sampled_from([0.0, 2.5, 5.0]))
    height = draw(st.sampled_from([0.0, 4.0, 9.0, 10.0]))
    size = draw(st.sampled_from([0.5, 4.0, 10.0]))
    upright = draw(st.sampled_from([True, True, True, False]))
    box = BBox(x0, top, x0 + width, top + height)
    return Char(draw(TEXTS), "Sans", size, None, box, upright)


def reference_lines(chars: list[Char]) -> list[tuple[str, BBox, tuple[Char, ...]]]:
    """Lines found char by char."""
    keyed = sorted((c for c in chars if c.text and c.upright), key=lambda c: c.bbox.top)
    rows: list[list[Char]] = []
    extents: list[list[float]] = []
    for char in keyed:
        top, bottom = char.bbox.top, char.bbox.bottom
        for index in range(len(rows) - 1, max(len(rows) - 4, -1), -1):
            row_top, row_bottom = extents[index]
            shared = min(row_bottom, bottom) - max(row_top, top)
            smaller = min(row_bottom - row_top, bottom - top) or 1.0
            if shared >= DEFAULT_PARAMS.line_overlap * smaller:
                rows[index].append(char)
                extents[index][1] = max(row_bottom, bottom)
                break
        else:
            rows.append([char])
            extents.append([top, bottom])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c.bbox.x0)
        parts, previous = [], None
        for char in row:
            blank = char.text.isspace()
            if previous is not None and not blank and not previous.text.isspace():
                larger = max(char.size, previous.size, 1.0)
                if char.bbox.x0 - previous.bbox.x1 > DEFAULT_PARAMS.space_ratio * larger:
                    parts.append(" ")
            parts.append(" " if blank else char.text)
            previous = char
        text = " ".join("".join(parts).split())
        box = BBox(
            row[0].bbox.x0,
            min(c.bbox.top for c in row),
            max(c.bbox.x1 for c in row),
            max(c.bbox.bottom for c in row),
        )
        if text:
            lines.append((text, box, tuple(row)))
    return sorted(lines, key=lambda line: line[1].top)


@settings(max_examples=400, deadline=None)
@given(st.lists(chars(), max_size=40))
def test_text_lines_follow_the_rules_char_by_char(chars: list[Char]) -> None:
    got = [(line.text, line.bbox, line.chars) for line in text_lines(chars)]
    assert got == reference_lines(chars)


def reference_within(page: Page, box: BBox, tolerance: float = 0.5) -> Page:
    """The primitives whose centre lies in ``box``: chars by centre height, the rest in order."""

    def inside(item) -> bool:
        b = item.bbox
        return (
            box.x0 - tolerance <= (b.x0 + b.x1) / 2 <= box.x1 + tolerance
            and box.top - tolerance <= (b.top + b.bottom) / 2 <= box.bottom + tolerance
        )

    chars = sorted(page.chars, key=lambda c: (c.bbox.top + c.bbox.bottom) / 2)
    return Page(
        page.number,
        page.width,
        page.height,
        *(tuple(filter(inside, items)) for items in (chars, page.lines, page.rects, page.curves)),
        tuple(filter(inside, page.images)),
    )


BOXES = st.builds(
    lambda x0, top, width, height: BBox(x0, top, x0 + width, top + height),
    COORDINATES,
    COORDINATES,
    st.sampled_from([0.0, 1.0, 5.0, 10.0]),
    st.sampled_from([0.0, 1.0, 5.0, 10.0]),
)


@st.composite
def pages(draw) -> Page:
    def boxes(make, count: int) -> tuple:
        return tuple(make(box) for box in draw(st.lists(BOXES, max_size=count)))

    return Page(
        1,
        30.0,
        30.0,
        tuple(draw(st.lists(chars(), max_size=30))),
        boxes(lambda b: Line(b, (0.0, 0.0, 0.0)), 6),
        boxes(lambda b: Rect(b, None, (1.0, 0.0, 0.0)), 6),
        boxes(lambda b: Curve(b, ((b.x0, b.top), (b.x1, b.bottom)), None, None), 6),
        boxes(lambda b: Image(b, loader=lambda: None), 3),
    )


@settings(max_examples=300, deadline=None)
@given(pages(), st.lists(BOXES, min_size=1, max_size=5))
def test_split_is_within_for_every_box(page: Page, cells: list[BBox]) -> None:
    for got, box in zip(page.split(cells), cells, strict=True):
        expected = reference_within(page, box)
        for name in ("chars", "lines", "rects", "curves", "images"):
            assert getattr(got, name) == getattr(expected, name), name
