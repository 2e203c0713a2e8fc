"""The layout layer: from a page's primitives to bands, cells and text lines, however the page
draws its tables (rules as lines, rectangles, pieces or shading, or no rules at all)."""

from .bands import Band, Cell, PageLayout, page_layout, page_lines
from .edges import Edge, Edges, EdgeSource, Orientation, page_edges
from .lines import TextLine, text_lines
from .params import DEFAULT_PARAMS, LayoutParams
from .tables import RuledTable, ruled_tables
from .text import Vocabulary, ends_at_space, join_lines, left_pad, wrap_separator

__all__ = [
    "DEFAULT_PARAMS",
    "Band",
    "Cell",
    "Edge",
    "EdgeSource",
    "Edges",
    "LayoutParams",
    "Orientation",
    "PageLayout",
    "RuledTable",
    "TextLine",
    "Vocabulary",
    "ends_at_space",
    "join_lines",
    "left_pad",
    "page_edges",
    "page_layout",
    "page_lines",
    "ruled_tables",
    "text_lines",
    "wrap_separator",
]
