"""The layout layer's tolerances, in one object passed down (as pdfminer's LAParams).

Lengths given as a share are shares of the local text height (the median char height of the chars
concerned), so that one set of values serves 7 pt and 12 pt documents alike; lengths in points are
about drawing, not text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LayoutParams:
    # ---- text lines
    # Two chars sit on one text line when their vertical extents overlap by this share of the
    # smaller.
    line_overlap: float = 0.5
    # A gap wider than this share of the font size between two chars is a space.
    space_ratio: float = 0.2
    # A gap between two lines of a block wider than this share of the line height ends a paragraph.
    paragraph_gap: float = 0.6
    # A line leaving less room than the next line's first char plus this (points) was filled up.
    fill_tolerance: float = 1.0
    # The documents' language, whose common words tell a word a column cut from two words.
    language: str = "da"

    # ---- rules (points)
    # Strokes thinner than this are rules, whether drawn as lines, thin rectangles or paths.
    rule_thickness: float = 2.0
    # Edges closer than this across their direction are one edge (a browser draws a cell's edge
    # and its neighbour's a fraction of a point apart).
    snap_tolerance: float = 2.0
    # Collinear pieces with a gap of up to this are one edge (one piece per cell, dashes).
    join_tolerance: float = 3.0
    # An edge shorter than this says nothing about a table (a tick, a glyph's stroke).
    min_edge_length: float = 6.0
    # An edge's end meets another edge within this distance.
    intersection_tolerance: float = 2.5
    # A filled rectangle is cell shading, and its sides are edges, when its sides are at least
    # this long (the shorter) and this long (the longer): smaller fills are marks (a square
    # smiley, a bullet), not cells.
    shading_min_side: float = 6.0
    shading_min_long_side: float = 30.0
    # Fills this light in every channel are the page itself (white boxes behind text).
    background_lightness: float = 0.98
    # Horizontal rules of one extent (same left and right end) rule a table when there are this
    # many of them, even with no vertical rule: a page's header and footer rules are two.
    min_rules_in_family: int = 3
    # A vertical rule crosses a row when it covers this share of the row's height.
    crossing_share: float = 0.8
    # A table's vertical rules running this far (points) past its last horizontal rule make an
    # open row: a row cut by the page's end without a closing rule.
    open_row_min_height: float = 4.0

    # ---- whitespace (shares of the text height)
    # A horizontal gap in the ink at least this high separates two bands.
    band_gap: float = 0.35
    # A vertical gap in a band at least this wide may separate two cells ...
    min_column_gap: float = 0.45
    # ... and does so on its own evidence when at least this wide,
    column_gap: float = 1.2
    # or when it runs clear through a band at least this many lines high (a river, not a space),
    river_lines: float = 2.5
    # or when the text after it starts where a column starts in a neighbouring band, within this
    # (points): columns are aligned down the page at their left edge.
    align_tolerance: float = 1.0
    # or when at least this many other bands of the page start a cell there.
    min_column_support: int = 1

    # ---- running heads and feet
    # Bands inside the top or bottom share of the page, apart from the body, that repeat from
    # page to page (numbers aside), or name the page, are running heads and feet, never content.
    running_zone: float = 0.08


DEFAULT_PARAMS = LayoutParams()
