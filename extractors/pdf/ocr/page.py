"""A scanned page read into the neutral page model: chars from Tesseract's words, rules and
filled cells from morphology, marks as images, all in points in the levelled page's frame.

Tesseract reads each ruled cell on its own (regions.py), then each column's piece of a borderless
table (gutters.py), then what is left of the page with its own layout."""

from __future__ import annotations

import numpy as np

from ..model import BBox, Char, Page
from .deskew import deskew
from .engine import Segmentation, Word, read_words
from .gutters import Piece, segment
from .marks import mark_boxes, mark_images
from .raster import Raster
from .regions import Region, cell_regions
from .rules import INK_LEVEL, SHADE_CONTRAST, block_rects, rule_lines, rule_masks

FONT = "OCR"
INK = (0.0, 0.0, 0.0)
# Rules are blanked this wide (pixels) before reading: the rule found by morphology is its dark
# core; its blurred edges, left in, are read as "|", ":" or "f" beside the cell's text.
RULE_MARGIN = 9
# A cell with fewer ink pixels than this share of its area is empty (scanner noise only).
MIN_INK_SHARE = 0.002
# Cells are read inset by this many pixels, clear of the remains of their rules.
INSET = 6
# A word of at most SHORT_WORD chars read at less than SPECK_CONFIDENCE (0-100) is a speck.
SHORT_WORD = 3
SPECK_CONFIDENCE = 75.0
# ... and one of punctuation alone (";", "|", ".") at less than this: a rule's blurred edge.
MARK_CONFIDENCE = 80.0
# ... unless, in a cell, its ink reaches this share of its line's height across or down: the
# specks read in the scanned samples' cells ("." at 0, "|" at 57, ";" at 30) hold no pixel as
# dark as text, a smudge of noise 2-5 px across; the short words of the text read at less than
# 75 ("i" at 51 in "KB i september", "til" at 43, "&" at 52) reach 0.6-0.7 of it down, a dash
# between blanks ("ØU - KB", "-" at 78) 0.24 across.
GLYPH_INK = 0.2
# A short word read at less than this confidence is read again on its own, enlarged RETRY_SCALE
# times, and the more confident reading kept: a checkpoint's "1." alone on its line is misread in
# its cell ("is" at 42, "1;" at 70) and read right alone at twice the size (93-96); the short
# words of running text are read at 90 or more.
RETRY_CONFIDENCE = 90.0
RETRY_SCALE = 2.0
# A line no wider than this share of its height is short (a checkpoint's "1."; a deadline's
# "'12" alone on its line is 1.65), read again beside the next line (the last line: beside the
# one before) with a gap of CONTEXT_GAP of its height; ink rows further apart than LINE_GAP
# pixels are two lines.
SHORT_LINE = 2.0
CONTEXT_GAP = 0.6
LINE_GAP = 3
RETRY_MARGIN = 3  # pixels of the cell around the word
RETRY_PAD = 20  # pixels of white around the enlarged word
# A text line whose words take in less than this share of its inked columns is read again
# alone; a line of ink less tall than MIN_LINE_POINTS is a speck (the least text line, of
# lowercase letters without ascenders at 9 pt, is 4.5 pt tall).
READ_SHARE = 0.5
MIN_LINE_POINTS = 4.0
# A glyph's side bearing, as a share of the text line's height (Liberation Sans and DejaVu set
# 0.05-0.1 em either side of the ink; the line is about 1.2 em).
BEARING = 0.1
# Two words of one text line further apart than this share of its height are not one phrase
# (a gap no space is that wide): no space char joins them.
MAX_SPACE = 1.5
# A borderless column's piece is read with its ink and this much around it (pixels): clear of
# the next piece, a gutter (5 pt, 21 px) away ...
PIECE_MARGIN = 2
# ... in this much paper (pixels) more, or, where it reads nothing, that much (_read_piece).
PIECE_PAPER = (PIECE_MARGIN, 22)
# A block darker than this (0-255, median) holds light text: it is inverted before reading.
DARK_BLOCK = 110
# A shaded cell (its fill at least SHADE_CONTRAST darker than the paper) is read with its fill
# lifted to white, each pixel scaled by 255 / fill: Tesseract thresholds an image as a whole, and
# a fill that takes up most of a cell inside the white margin it is given is taken for ink. On
# the shaded-cell variant's scan its header cells (fill 191) read "HEE" for "Ny sundhedspolitik"
# and "Basse" for "1.1.", a wide cell of one short line (fill 214) "BEESSSDTESESEDRSS" for "Der
# er afsat 2,5 mio. kr.": lifted, all read right, and the Ballerup sample's label cells (fill
# 231) read as before. A stretch that also made the text's core black made the fill's dust as
# dark as text, read as "." beside a checkpoint.


def read_scanned_page(number: int, width: float, height: float, raster: Raster) -> Page:
    """Page ``number`` (``width`` x ``height`` points) read from its raster."""
    raster, _angle = deskew(raster)
    masks = rule_masks(raster)
    scale = raster.scale
    lines = rule_lines(masks, scale)
    rects = block_rects(masks, raster)
    marks = mark_boxes(raster)
    images = mark_images(raster, marks)
    clean = _text_image(raster, masks, marks)
    cells, inside = cell_regions(masks, scale)
    chars: list[Char] = []
    shaded = masks.paper - SHADE_CONTRAST
    for cell in cells:
        chars.extend(_read_region(clean, cell, raster.dpi, scale, shaded))
    outside = clean.copy()
    outside[inside.astype(bool)] = 255
    # Each piece of a borderless table's columns is read on its own; one read as nothing is
    # read with the page around it, its words kept within it there, as are the words of the
    # bands no gutter cuts (a heading between two rows of the table is kept off both).
    ruled = (masks.vertical | masks.blocks).any(axis=1)
    pieces, unread = segment(outside < INK_LEVEL, scale, ruled)
    for piece in pieces:
        read = _read_piece(outside, piece, raster.dpi, scale)
        if not read:
            unread.append(piece)
            continue
        chars.extend(read)
        x0, y0, x1, y1 = piece.box
        outside[y0:y1, x0:x1] = 255
    ink = outside < INK_LEVEL
    if ink.mean() > MIN_INK_SHARE / 10:
        # Only the part of the page that has ink left: Tesseract's layout costs by the pixel.
        rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
        box = (int(columns[0]), int(rows[0]), int(columns[-1]) + 1, int(rows[-1]) + 1)
        chars.extend(_read_region(outside, Region(box, None), raster.dpi, scale, pieces=unread))
    return Page(number, width, height, tuple(chars), tuple(lines), tuple(rects), (), tuple(images))


def _read_piece(outside: np.ndarray, piece: Piece, dpi: float, scale: float) -> list[Char]:
    """The chars of a borderless column's piece. Tesseract may find no line at all in a piece of
    one short word, with one margin of paper and not another (a bold "Milepæl" of the scanned
    landscape follow-up read as nothing with 12 px of paper around it and right with 32,
    another the other way round): a piece read as nothing is read again with the other."""
    for paper in PIECE_PAPER:
        region = _piece_region(piece, outside.shape, paper)
        chars = _read_region(outside, region, dpi, scale, pieces=[piece])
        if chars:
            return chars
    return []


def _piece_region(piece: Piece, shape: tuple[int, int], paper: int) -> Region:
    """A borderless column's piece as a region read the way a cell is: its ink and PIECE_MARGIN
    around it, with ``paper`` pixels of paper beyond (masked: the next column may lie nearer),
    and the inset a cell is read within."""
    height, width = shape
    outer = INSET + paper
    x0, y0, x1, y1 = piece.box
    bx0, by0 = max(0, x0 - outer), max(0, y0 - outer)
    bx1, by1 = min(width, x1 + outer), min(height, y1 + outer)
    mask = np.zeros((by1 - by0, bx1 - bx0), np.uint8)
    mask[
        max(0, y0 - PIECE_MARGIN - by0) : y1 + PIECE_MARGIN - by0,
        max(0, x0 - PIECE_MARGIN - bx0) : x1 + PIECE_MARGIN - bx0,
    ] = 1
    return Region((bx0, by0, bx1, by1), mask)


def _text_image(raster: Raster, masks, marks) -> np.ndarray:
    """The page as black text on white: rules and marks blanked, dark blocks inverted."""
    import cv2

    grey = raster.grey.copy()
    rules = cv2.dilate(
        masks.horizontal | masks.vertical, np.ones((RULE_MARGIN, RULE_MARGIN), np.uint8)
    )
    for index, (x, y, w, h, _) in enumerate(masks.block_parts.stats.tolist()):
        part = grey[y : y + h, x : x + w]
        own = masks.block_parts.own(index)
        fill = float(np.median(part[own]))
        if fill < DARK_BLOCK:
            # The block inverted, its light text and all; its blurred outline made paper, so
            # that the edge of the dark is not read as a letter ("j", "|").
            # Outside the part's box is paper: eroded with OpenCV's default border, the
            # outline along the box's sides would be kept and inverted into a dark bar.
            inner = cv2.erode(
                own.astype(np.uint8),
                np.ones((7, 7), np.uint8),
                borderType=cv2.BORDER_CONSTANT,
                borderValue=0,
            ).astype(bool)
            part[own & ~inner] = 255
            # Inverted, the fill is a grey paper (205 for a fill of 50) and Tesseract reads
            # its text worse ("5,10." for "5.10." at 82 on the scanned vector sample's title
            # bar; levelled, "5.10." at 91): the fill is made white, the text's ink kept.
            inverted = 255.0 - part[inner].astype(np.float32)
            part[inner] = np.clip(inverted * (255.0 / (255.0 - fill)), 0, 255).astype(np.uint8)
    grey[rules.astype(bool)] = 255
    for x0, y0, x1, y1 in marks:
        grey[y0:y1, x0:x1] = 255
    # Dust: a speck of a pixel or two, which Tesseract reads as "É", "i" or ":" beside a cell's
    # text. A 3 x 3 median takes it and leaves every stroke of 2 px or more (a 9 pt full stop is
    # 4 px across at 300 dpi).
    return cv2.medianBlur(grey, 3)


def _read_region(
    clean: np.ndarray,
    region: Region,
    dpi: float,
    scale: float,
    shaded: float = 0.0,
    pieces: list[Piece] | None = None,
) -> list[Char]:
    """The chars read in ``region``; a cell whose fill is darker than ``shaded`` is read as text
    on white (see SHADE_CONTRAST above); ``pieces``, the borderless columns' pieces in it, whose
    words are kept within them."""
    x0, y0, x1, y1 = region.box
    if region.mask is not None:
        x0, y0, x1, y1 = x0 + INSET, y0 + INSET, x1 - INSET, y1 - INSET
        if x1 <= x0 or y1 <= y0:
            return []
    crop = clean[y0:y1, x0:x1].copy()
    if region.mask is not None:
        mask = region.mask[INSET : INSET + crop.shape[0], INSET : INSET + crop.shape[1]]
        crop[mask == 0] = 255
    if (crop < INK_LEVEL).mean() < MIN_INK_SHARE:
        return []
    if region.mask is not None:
        crop = _on_white(crop, mask.astype(bool), shaded)
    segmentation = Segmentation.PAGE if region.mask is None else Segmentation.BLOCK
    # Tesseract finds text lines best with some white around them.
    pad = 10
    padded = np.pad(crop, pad, constant_values=255)
    words = read_words(padded, dpi, segmentation)
    if segmentation is Segmentation.BLOCK:
        words = _unread_lines_alone(padded, dpi, words, scale)
        words = _short_lines_in_context(padded, dpi, words)
    words = [_read_again(padded, dpi, w) if _doubtful(w) else w for w in words]
    words = _legible(words, padded if segmentation is Segmentation.BLOCK else None)
    words = _apart(words, padded)
    words = _with_bearings(words)
    if pieces:
        words = _within_pieces(words, pieces, x0 - pad, y0 - pad)
    chars: list[Char] = []
    for previous, word in zip([None, *words], words, strict=False):
        if previous is not None and previous.line == word.line:
            chars.extend(_space(previous, word, x0 - pad, y0 - pad, scale))
        chars.extend(_chars(word, x0 - pad, y0 - pad, scale))
    return chars


def _on_white(crop: np.ndarray, mask: np.ndarray, shaded: float) -> np.ndarray:
    """The crop of a cell (``mask``: its pixels) whose fill, its median grey, is darker than
    ``shaded``, with that fill lifted to white; any other as it is."""
    pixels = crop[mask]
    if pixels.size == 0:
        return crop
    fill = float(np.median(pixels))
    if fill >= shaded or fill <= 0:
        return crop
    lifted = np.clip(crop.astype(np.float32) * (255.0 / fill), 0, 255).astype(np.uint8)
    lifted[~mask] = 255
    return lifted


def _doubtful(word: Word) -> bool:
    return len(word.text) <= SHORT_WORD and word.confidence < RETRY_CONFIDENCE


def _legible(words: list[Word], grey: np.ndarray | None = None) -> list[Word]:
    """The words without the specks Tesseract reads in a cell's noise or a rule's blurred edge:
    short readings it has little confidence in (";" at 39, "f" at 41, "j" at 31 on the samples;
    a short word of the text is read at 90 or more), unless ``grey`` (the cell read) shows
    a glyph's ink under the reading."""
    return [
        w
        for w in words
        if len(w.text) > SHORT_WORD
        or any(c.isdigit() for c in w.text)  # "'12": a year is no speck
        or w.confidence >= (SPECK_CONFIDENCE if _alnum(w.text) else MARK_CONFIDENCE)
        or (grey is not None and _glyph_ink(grey, w))
    ]


def _glyph_ink(grey: np.ndarray, word: Word) -> bool:
    """Does the word's box hold ink as dark as text, reaching GLYPH_INK of its line's height
    across or down?"""
    x0, y0, x1, y1 = word.box
    ink = grey[max(0, y0) : y1, max(0, x0) : x1] < INK_LEVEL
    if not ink.any():
        return False
    rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    extent = max(rows[-1] - rows[0], columns[-1] - columns[0]) + 1
    return extent >= GLYPH_INK * (word.line[1] - word.line[0])


def _alnum(text: str) -> bool:
    return any(c.isalnum() for c in text)


def _ink_lines(grey: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The text lines of a cell found in its ink: (x0, top, x1, bottom) of each run of inked
    rows."""
    ink = grey < INK_LEVEL
    rows = np.flatnonzero(ink.any(axis=1))
    lines: list[tuple[int, int, int, int]] = []
    if rows.size == 0:
        return lines
    runs, start, previous = [], int(rows[0]), int(rows[0])
    for y in rows[1:].tolist():
        if y > previous + LINE_GAP:
            runs.append((start, previous + 1))
            start = y
        previous = y
    runs.append((start, previous + 1))
    for top, bottom in runs:
        columns = np.flatnonzero(ink[top:bottom].any(axis=0))
        lines.append((int(columns[0]), top, int(columns[-1]) + 1, bottom))
    return lines


def _covered(line: tuple[int, int, int, int], ink: np.ndarray, words: list[Word]) -> float:
    """The share of the text line's inked columns (``ink``: the cell's ink mask) that the
    boxes of ``words`` take in."""
    x0, top, x1, bottom = line
    inked = ink[top:bottom, x0:x1].any(axis=0)
    taken = np.zeros_like(inked)
    for word in words:
        taken[max(0, word.box[0] - x0) : max(0, word.box[2] - x0)] = True
    return float((inked & taken).sum()) / max(1, int(inked.sum()))


def _on_line(words: list[Word], top: int, bottom: int) -> list[Word]:
    return [w for w in words if top <= (w.box[1] + w.box[3]) / 2 <= bottom]


def _unread_lines_alone(
    grey: np.ndarray, dpi: float, words: list[Word], scale: float
) -> list[Word]:
    """The cell's words, each text line whose ink they leave mostly unread read again alone.

    Tesseract's reading of a cell can lose most of a line: a shaded label cell of the scanned
    Ballerup sample, "<p>Milepæl</" over "p>", was read "I</" (at 70), the rest of the line
    dropped, though the line read alone is read right (at 92). A line is read again where the
    words read take in less than READ_SHARE of its inked columns (right readings take in all
    but the specks); the new reading is kept where it takes in more."""
    ink = grey < INK_LEVEL
    result = list(words)
    for line in _ink_lines(grey):
        x0, top, x1, bottom = line
        height = bottom - top
        if height * scale < MIN_LINE_POINTS or x1 - x0 <= SHORT_LINE * height:
            continue  # a speck, or a short line (read in context)
        old = _on_line(result, top, bottom)
        before = _covered(line, ink, old)
        if before >= READ_SHARE:
            continue
        cx0, cy0 = max(0, x0 - RETRY_MARGIN), max(0, top - RETRY_MARGIN)
        crop = grey[cy0 : bottom + RETRY_MARGIN, cx0 : x1 + RETRY_MARGIN]
        found = read_words(np.pad(crop, RETRY_PAD, constant_values=255), dpi, Segmentation.LINE)
        dx, dy = cx0 - RETRY_PAD, cy0 - RETRY_PAD
        placed = [
            Word(
                w.text,
                (w.box[0] + dx, w.box[1] + dy, w.box[2] + dx, w.box[3] + dy),
                (w.line[0] + dy, w.line[1] + dy),
                w.confidence,
            )
            for w in found
        ]
        if _covered(line, ink, placed) > before:
            result = [w for w in result if w not in old] + placed
    result.sort(key=lambda w: (w.line[0], w.box[0]))
    return result


def _short_lines_in_context(grey: np.ndarray, dpi: float, words: list[Word]) -> list[Word]:
    """The cell's words, its short lines read again beside the line that follows them (the
    cell's last line: beside the line before it).

    Tesseract finds the size and baseline of a line from the line itself; a line of one or two
    chars ("1." above "budgetopfølgning") gives it too little to go on, and it is misread ("is",
    "3:") or dropped. Set beside the next line of the same cell it is read as that line's first
    word (on the vector sample's scan, 13 of 13 right at confidence 91-93, against 4 alone). A
    short last line has no line after it: "'12" under "aug./sep" is read "ile" at 32 alone, right
    after the line before it.
    """
    lines = _ink_lines(grey)
    result = list(words)
    for index, line in enumerate(lines):
        x0, top, x1, bottom = line
        height = bottom - top
        if x1 - x0 > SHORT_LINE * height or len(lines) < 2:
            continue
        last = index + 1 == len(lines)
        context = lines[index - 1] if last else lines[index + 1]
        cx0, ctop, cx1, cbottom = context
        own = grey[max(0, top - 3) : bottom + 3, max(0, x0 - 3) : x1 + 3]
        other = grey[max(0, ctop - 3) : cbottom + 3, max(0, cx0 - 3) : cx1 + 3]
        tall = max(own.shape[0], other.shape[0])

        def centred(part: np.ndarray, tall: int = tall) -> np.ndarray:
            above = (tall - part.shape[0]) // 2
            return np.pad(
                part, ((above, tall - part.shape[0] - above), (0, 0)), constant_values=255
            )

        gap = max(4, round(CONTEXT_GAP * height))
        space = np.full((tall, gap), 255, np.uint8)
        parts = [centred(other), space, centred(own)] if last else [centred(own), space]
        if not last:
            parts.append(centred(other))
        joined = np.pad(np.hstack(parts), RETRY_PAD, constant_values=255)
        found = read_words(joined, dpi, Segmentation.LINE)
        # Where the short line's crop lies in the joined image; its words are those on its
        # side of the gap.
        offset = RETRY_PAD + (other.shape[1] + gap if last else 0)
        if last:
            mine = [w for w in found if w.box[0] >= offset - gap / 2]
        else:
            mine = [w for w in found if w.box[2] <= offset + own.shape[1] + gap / 2]
        if not mine:
            continue
        old = [w for w in result if top <= (w.box[1] + w.box[3]) / 2 <= bottom]
        confidence = min(w.confidence for w in mine)
        if old and confidence <= min(w.confidence for w in old):
            continue
        shift = max(0, x0 - 3) - offset
        placed = [
            Word(
                w.text,
                (w.box[0] + shift, top, w.box[2] + shift, bottom),
                (top, bottom),
                w.confidence,
            )
            for w in mine
        ]
        result = [w for w in result if w not in old] + placed
    result.sort(key=lambda w: (w.line[0], w.box[0]))
    return result


def _read_again(grey: np.ndarray, dpi: float, word: Word) -> Word:
    """A doubtful short word read again alone, enlarged; the more confident reading is kept."""
    import cv2

    x0, _, x1, _ = word.box
    top, bottom = word.line
    margin = RETRY_MARGIN
    crop = grey[max(0, top - margin) : bottom + margin, max(0, x0 - margin) : x1 + margin]
    if crop.size == 0:
        return word
    large = cv2.resize(crop, None, fx=RETRY_SCALE, fy=RETRY_SCALE, interpolation=cv2.INTER_CUBIC)
    large = np.pad(large, RETRY_PAD, constant_values=255)
    found = read_words(large, dpi * RETRY_SCALE, Segmentation.LINE)
    if len(found) != 1 or found[0].confidence <= max(word.confidence, SPECK_CONFIDENCE):
        return word
    if not any(c.isalnum() for c in found[0].text):
        return word  # a rule's edge or a speck, read more confidently: still no word
    return Word(found[0].text, word.box, word.line, found[0].confidence)


def _apart(words: list[Word], grey: np.ndarray) -> list[Word]:
    """The words with no box reaching over the next word's on its line: such a box is cut where
    the next begins and drawn tight around its ink. Tesseract's box of a short word before a
    lone mark may run on over the mark ("JRU" over the "/" of "JRU / MEK", "ØU" over all of
    "ØU - KB"), and the space between them is lost."""
    apart = list(words)
    for index in range(len(apart) - 1):
        word, after = apart[index], apart[index + 1]
        x0, y0, x1, y1 = word.box
        if after.line != word.line or x1 <= after.box[0] or after.box[0] <= x0:
            continue
        top, bottom = word.line
        columns = np.flatnonzero(
            (grey[max(0, top) : bottom, x0 : after.box[0]] < INK_LEVEL).any(axis=0)
        )
        if columns.size == 0:
            continue
        box = (x0 + int(columns[0]), y0, x0 + int(columns[-1]) + 1, y1)
        apart[index] = Word(word.text, box, word.line, word.confidence)
    return apart


def _with_bearings(words: list[Word]) -> list[Word]:
    """The words with their boxes widened by a glyph's side bearings: Tesseract boxes the ink,
    a PDF boxes each char's advance, so a space between scanned words looks twice as wide as
    in a PDF (a hyphen between spaces, wider still) and the layout would cut a cell there."""
    widened = []
    for index, word in enumerate(words):
        x0, y0, x1, y1 = word.box
        pad = BEARING * (word.line[1] - word.line[0])
        before = words[index - 1] if index else None
        after = words[index + 1] if index + 1 < len(words) else None
        left = (
            pad
            if before is None or before.line != word.line
            else min(pad, (x0 - before.box[2]) / 3)
        )
        right = (
            pad if after is None or after.line != word.line else min(pad, (after.box[0] - x1) / 3)
        )
        box = (round(x0 - max(0.0, left)), y0, round(x1 + max(0.0, right)), y1)
        widened.append(Word(word.text, box, word.line, word.confidence))
    return widened


def _within_pieces(words: list[Word], pieces: list[Piece], dx: int, dy: int) -> list[Word]:
    """The words (read in an image whose corner lies at ``dx``, ``dy`` in the page), each one
    inside a borderless column's piece kept within its ink where a gutter lies beside it, and
    within its band's ink up and down.

    A gutter is the column's boundary, as narrow as 6 pt on paper: the side bearings the words
    are widened by would take 2.5 pt of it, and the layout would read the two columns as one.
    The band's rows are the table row's: a line's extent reaching past them (the font's ascent
    above the row's first line, as Tesseract estimates it: 1-2 pt above the ink of a 9 pt
    serif) would close the paper between two rows, 5 pt on the scanned browser-drawn status
    list, and the layout would read them as one."""
    kept = []
    for word in words:
        x0, y0, x1, y1 = word.box
        middle, centre = (x0 + x1) / 2 + dx, (y0 + y1) / 2 + dy
        piece = next(
            (
                p
                for p in pieces
                if p.box[0] <= middle <= p.box[2] and p.rows[0] <= centre <= p.rows[1]
            ),
            None,
        )
        if piece is None:
            kept.append(word)
            continue
        if piece.gutter_left:
            x0 = min(max(x0, piece.box[0] - dx), x1)
        if piece.gutter_right:
            x1 = max(min(x1, piece.box[2] - dx), x0)
        line = (max(word.line[0], piece.rows[0] - dy), min(word.line[1], piece.rows[1] - dy))
        if line[0] >= line[1]:
            line = word.line
        kept.append(Word(word.text, (x0, y0, x1, y1), line, word.confidence))
    return kept


def _space(previous: Word, word: Word, dx: int, dy: int, scale: float) -> list[Char]:
    """The space between two words of one text line, as a char spanning the gap: a PDF sets
    its spaces as chars as wide as the gap, and the layout reads a space there, not a column."""
    gap = word.box[0] - previous.box[2]
    height = word.line[1] - word.line[0]
    if gap <= 0 or gap > MAX_SPACE * height:
        return []
    top, bottom = (word.line[0] + dy) * scale, (word.line[1] + dy) * scale
    box = BBox((previous.box[2] + dx) * scale, top, (word.box[0] + dx) * scale, bottom)
    return [Char(" ", FONT, bottom - top, INK, box)]


def _chars(word: Word, dx: int, dy: int, scale: float) -> list[Char]:
    """The word's chars: its box shared out evenly, each as tall as the word's text line."""
    x0, _, x1, _ = word.box
    top, bottom = (word.line[0] + dy) * scale, (word.line[1] + dy) * scale
    size = bottom - top
    step = (x1 - x0) / len(word.text)
    return [
        Char(
            text,
            FONT,
            size,
            INK,
            BBox((x0 + dx + i * step) * scale, top, (x0 + dx + (i + 1) * step) * scale, bottom),
        )
        for i, text in enumerate(word.text)
    ]
