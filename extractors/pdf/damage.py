"""What is damaged on a page, named so that the document can say which pages it could not read
whole. Both backends ask the same questions of the same things, so they agree on the damage.

* A content stream (the page's, or a form's it draws) that does not decode: the libraries
  decode what they can of a broken compressed stream and carry on with part of the page.
* A page that will not load, or not be read: it comes back empty, its damage named.
* Text a reader cannot read: glyphs without Unicode, replacement characters or control
  characters among the other chars of a word or a line. A lone symbol (a smiley of a symbol
  font, an arrow) is no text and no damage.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence

from .chartext import REPLACEMENT, unreadable
from .model import Char, Page

# Chars of one line: their tops within this (points); side by side: the gap between them less
# than this share of the font size; one drawn over another: their left edges within this.
SAME_LINE = 1.0
ADJACENT = 0.25
SAME_PLACE = 0.5
# Forms drawn by forms are followed this deep.
FORM_DEPTH = 4
# A stream is inflated in steps of this many bytes, output thrown away, up to the limit.
INFLATE_STEP = 1 << 20
INFLATE_LIMIT = 256 << 20


def page_not_loaded(
    number: int, width: float, height: float, reason: str, damage: Sequence[str] = ()
) -> Page:
    """An empty page that says why it is empty (and what else is damaged)."""
    return Page(number, width, height, (), (), (), (), (), damage=(*damage, f"not read: {reason}"))


def text_damage(chars: Sequence[Char]) -> list[str]:
    """The page's unreadable text, if any, as one damage line.

    An unreadable char is text where it stands beside another char of its line, readable or
    not (a word with a letter missing, a title of control characters); alone, it is a symbol.
    """
    text = "".join([char.text for char in chars])
    if text.isprintable() and REPLACEMENT not in text and "(cid:" not in text:
        return []  # the common case, seen at once
    bad = [char for char in chars if unreadable(char.text)]
    if not bad:
        return []
    inked = [char for char in chars if not char.text.isspace()]
    in_text = sum(1 for char in bad if _has_neighbour(char, inked))
    if not in_text:
        return []
    return [f"{in_text} chars of unreadable text (glyphs without Unicode or control characters)"]


def _has_neighbour(char: Char, inked: Iterable[Char]) -> bool:
    box = char.bbox
    reach = ADJACENT * max(char.size, 1.0)
    for other in inked:
        o = other.bbox
        if other is char or abs(o.top - box.top) > SAME_LINE or abs(o.x0 - box.x0) < SAME_PLACE:
            continue
        if -reach <= o.x0 - box.x1 <= reach or -reach <= box.x0 - o.x1 <= reach:
            return True
    return False


def stream_damage(pdfminer_page) -> list[str]:
    """The content streams of a pdfminer page (and of the forms it draws) that do not decode:
    read strictly, as neither library does."""
    from pdfminer.pdftypes import PDFStream, resolve1

    damage = []
    entries = [resolve1(entry) for entry in (pdfminer_page.contents or ())]
    streams = [entry for entry in entries if isinstance(entry, PDFStream)]
    if len(streams) < len(entries):
        damage.append(f"content not a stream ({len(entries) - len(streams)} of {len(entries)})")
    for position, stream in enumerate(streams, 1):
        problem = undecodable(stream)
        if problem:
            where = f" {position} of {len(streams)}" if len(streams) > 1 else ""
            damage.append(f"content stream{where} does not decode ({problem})")
    damage += _form_damage(pdfminer_page.resources, FORM_DEPTH, set())
    return damage


def _form_damage(resources, depth: int, seen: set) -> list[str]:
    from pdfminer.pdftypes import PDFObjRef, dict_value, stream_value
    from pdfminer.psparser import literal_name

    damage: list[str] = []
    try:
        xobjects = dict_value(dict_value(resources).get("XObject", {}))
    except Exception:  # noqa: BLE001 - a broken resource dictionary is no form
        return damage
    for name, reference in xobjects.items():
        key = reference.objid if isinstance(reference, PDFObjRef) else id(reference)
        if key in seen:
            continue
        seen.add(key)
        try:
            form = stream_value(reference)
            if literal_name(form.get("Subtype")) != "Form":
                continue
        except Exception:  # noqa: BLE001
            continue
        problem = undecodable(form)
        if problem:
            damage.append(f"form {name} does not decode ({problem})")
        elif depth > 0 and "Resources" in form:
            damage += _form_damage(form["Resources"], depth - 1, seen)
    return damage


def undecodable(stream) -> str | None:
    """Why ``stream`` does not decode, for the filter that breaks: zlib's own words."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE

    data = stream.rawdata
    if data is None:  # decoded already by the library: its verdict stands
        return None
    try:
        filters = stream.get_filters()
    except Exception as error:  # noqa: BLE001
        return f"filter unreadable: {type(error).__name__}"
    if not filters or filters[0][0] not in LITERALS_FLATE_DECODE:
        return None
    if stream.decipher:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    if not data.strip():
        return None  # an empty stream, whatever its filter, draws nothing and lacks nothing
    inflater = zlib.decompressobj()
    inflated = 0
    try:
        while data and inflated < INFLATE_LIMIT:
            inflated += len(inflater.decompress(data, INFLATE_STEP))
            data = inflater.unconsumed_tail
    except zlib.error as error:
        return str(error).removeprefix("Error -3 while decompressing data: ")
    if inflated >= INFLATE_LIMIT:
        return None  # past what a page holds: the backend's limits judge it
    if not inflater.eof:
        return "cut short"
    return None
