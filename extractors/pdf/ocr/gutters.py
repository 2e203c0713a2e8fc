"""Borderless tables: the columns of a block of text lines, found in the raster's whitespace.

A table drawn without rules still has gutters: vertical runs of paper that cross every text line
of a row. Tesseract's own page layout does not see a narrow one (a few points between a status
column and the initials beside it) and reads the two columns as one text line, with one line's
extent and the looser reading of running text. So the page outside the ruled cells is cut into
bands of text lines (rows of ink set close), and a band of several lines is cut at each gutter
that runs through all of it: each piece is read on its own, as a ruled cell is.

The gutters are found as camelot's stream parser finds columns, from where the text is not: the
ink of a band projected down onto the page's width, a gap of it wider than a word space being a
column's boundary. Across a single line that is no evidence (a wide space looks the same), so a
band of one line is left to Tesseract's layout, as is a band no gutter crosses (prose).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .rules import _inside

# Ink rows further apart than this (points) are two text lines: the gap between a letter's
# descender and the next line's ascender in single-spaced 9-12 pt text is 1-3 pt.
LINE_GAP_POINTS = 0.7
# A line of ink shorter than this (points) is no text line (a speck row, a dash's thickness).
MIN_LINE_POINTS = 4.0
# Two text lines are one band when the paper between them is at most this share of the page's
# median line height (of ink): the lines of one paragraph or cell stand 0.1-0.25 of it apart on
# the scanned borderless status list (3-10 px of 40), two rows of its table or a heading and its
# text 0.55 or more (22-38 px).
BAND_GAP = 0.35
# A band must have this many text lines for a gap crossing all of it to be a gutter unless it is
# wide (WIDE_GUTTER).
MIN_BAND_LINES = 2
# A gutter is at least this wide (points): the narrowest between two columns of the layout
# variants' borderless tables, scanned, is 6 pt (a status text and the initials beside it); the
# widest word space of 10-12 pt body text is 3.5-4.5 pt, and a run clear of ink through two
# lines or more is wider than that only where the words of each line end together.
MIN_GUTTER_POINTS = 5.0
# ... and at least this share of the height of the text lines beside it (their ink, measured
# within SLAB_POINTS either side, the taller side's): a word space is 0.25-0.35 em, 0.3-0.45 of
# a line's ink (less where a line has descenders); the narrowest gutter scanned is 0.62 of its
# lines (25 px of 40).
GUTTER_SHARE = 0.5
SLAB_POINTS = 12.0
# A gap this wide against the text beside it is a gutter on its own evidence, as the layout
# layer's own column gap (LayoutParams.column_gap); a narrower one needs another band's gap
# over it: a two-line title's word spaces (25 px at 16 pt, 0.45-0.7 of the line's ink) cross
# its band where its second line is short, and line up with nothing.
WIDE_GUTTER = 1.2
# Two gaps end together when the ink after them starts within this (points): a column's text
# is set flush left, its first glyphs' ink 0.5-1 pt apart by their side bearings.
ALIGN_POINTS = 2.0
# A column piece narrower than this (points) is no column: a bullet or a stray mark.
MIN_PIECE_POINTS = 4.0


@dataclass(frozen=True, slots=True)
class Band:
    """Text lines set close, ``top`` to ``bottom`` (pixel rows), ``lines`` of them."""

    top: int
    bottom: int
    lines: int


def off_the_edge(ink: np.ndarray) -> np.ndarray:
    """``ink`` without the pieces that touch the raster's border: the scanner's dark edge, a
    wedge once the page is levelled, would ink every row and column it runs along."""
    return _inside(ink.astype(np.uint8)).astype(bool)


def _runs(inked: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """The runs (start, end) of the true entries of ``inked`` (1-d bool), runs closer than
    ``gap`` joined."""
    where = np.flatnonzero(inked)
    if where.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(where) > gap)
    starts = [int(where[0]), *(int(where[b + 1]) for b in breaks)]
    ends = [*(int(where[b]) + 1 for b in breaks), int(where[-1]) + 1]
    return list(zip(starts, ends, strict=True))


def _text_lines(ink: np.ndarray, scale: float) -> list[tuple[int, int]]:
    """The text lines (top, bottom) of ``ink``: its runs of inked rows."""
    gap = max(1, round(LINE_GAP_POINTS / scale))
    return [
        (top, bottom)
        for top, bottom in _runs(ink.any(axis=1), gap)
        if bottom - top >= MIN_LINE_POINTS / scale
    ]


def text_bands(ink: np.ndarray, scale: float) -> list[Band]:
    """The bands of text lines in ``ink`` (bool), top to bottom."""
    lines = _text_lines(ink, scale)
    bands: list[Band] = []
    if not lines:
        return bands
    # The page's own line height: the ink of two lines set close may touch (a descender on an
    # ascender) and count as one tall line.
    height = float(np.median([bottom - top for top, bottom in lines]))
    for top, bottom in lines:
        if bands:
            last = bands[-1]
            if top - last.bottom <= BAND_GAP * height:
                bands[-1] = Band(last.top, bottom, last.lines + 1)
                continue
        bands.append(Band(top, bottom, 1))
    return bands


@dataclass(frozen=True, slots=True)
class Piece:
    """A column's piece of a band: its ``box`` (x0, y0, x1, y1 in pixels, tight to its ink), the
    band's ``rows`` (top, bottom), whether a gutter lies to its left and to its right, and how
    many text lines it holds."""

    box: tuple[int, int, int, int]
    rows: tuple[int, int]
    gutter_left: bool
    gutter_right: bool
    lines: int = 1  # its text lines


def column_pieces(ink: np.ndarray, scale: float, ruled: np.ndarray | None = None) -> list[Piece]:
    """The column pieces of every band of ``ink`` (bool) that a gutter cuts."""
    return segment(ink, scale, ruled)[0]


def segment(
    ink: np.ndarray, scale: float, ruled: np.ndarray | None = None
) -> tuple[list[Piece], list[Piece]]:
    """The column pieces of every band of ``ink`` (bool) that a gutter cuts, and each band no
    gutter cuts as one piece (prose, headings, a single line). A band with a row in ``ruled``
    (bool, one a pixel row: a vertical rule or a fill crosses it) gives neither: it lies in a
    ruled table or beside a fill, and what of it is no cell is the blurred edge of a rule or of
    the fill (read "|", as tall as a line, if read on its own), left to Tesseract's layout as
    before.

    A gap through a band is a gutter on its own evidence when it is wide (WIDE_GUTTER of the
    text beside it); a narrower one, when a gap through another band of the page ends where it
    ends: a table's columns run down the page, each starting at one place, and a title's wide
    word spaces line up with nothing."""
    ink = off_the_edge(ink)
    found: list[tuple[Band, list[tuple[int, int]], list[tuple[int, int, bool]]]] = []
    for band in text_bands(ink, scale):
        if ruled is not None and ruled[band.top : band.bottom].any():
            continue
        rows = ink[band.top : band.bottom]
        spans = _runs(rows.any(axis=0), 0)
        gaps = []
        for (_, start), (end, _) in zip(spans, spans[1:], strict=False):
            share = _gap_share(rows, start, end, scale)
            # Across one line only a wide gap is evidence: a narrower one may be a wide space.
            least = GUTTER_SHARE if band.lines >= MIN_BAND_LINES else WIDE_GUTTER
            if share >= least:
                gaps.append((start, end, share >= WIDE_GUTTER))
        found.append((band, spans, gaps))
    pieces: list[Piece] = []
    whole: list[Piece] = []
    for band, spans, gaps in found:
        others = [g for b, _, gs in found if b is not band for g in gs]
        align = ALIGN_POINTS / scale
        cuts = {
            start
            for start, end, wide in gaps
            if wide or any(abs(end - o_end) <= align for _, o_end, _ in others)
        }
        merged = [spans[0]]
        for span in spans[1:]:
            if merged[-1][1] in cuts:
                merged.append(span)
            else:
                merged[-1] = (merged[-1][0], span[1])
        rows = ink[band.top : band.bottom]
        if len(merged) < 2:
            box = (spans[0][0], band.top, spans[-1][1], band.bottom)
            whole.append(Piece(box, (band.top, band.bottom), False, False, band.lines))
            continue
        last = len(merged) - 1
        for index, (x0, x1) in enumerate(merged):
            if x1 - x0 < MIN_PIECE_POINTS / scale:
                continue
            inked = np.flatnonzero(rows[:, x0:x1].any(axis=1))
            box = (x0, band.top + int(inked[0]), x1, band.top + int(inked[-1]) + 1)
            lines = len(_text_lines(rows[:, x0:x1], scale))
            pieces.append(Piece(box, (band.top, band.bottom), index > 0, index < last, lines))
    return pieces, whole


def _gap_share(rows: np.ndarray, start: int, end: int, scale: float) -> float:
    """The paper from column ``start`` to ``end`` of a band's ``rows``, as a share of the height
    of the text lines beside it (the taller side's, within SLAB_POINTS); none (0) when it is
    narrower than MIN_GUTTER_POINTS."""
    width = end - start
    if width < MIN_GUTTER_POINTS / scale:
        return 0.0
    reach = round(SLAB_POINTS / scale)
    heights = []
    for slab in (rows[:, max(0, start - reach) : start], rows[:, end : end + reach]):
        lines = [bottom - top for top, bottom in _text_lines(slab, scale)]
        if lines:
            heights.append(float(np.median(lines)))
    return width / max(heights) if heights else 0.0
