"""The smiley reader: the traffic-light status printed in one table cell, whatever draws it.

``read_smiley(region)`` looks at every primitive of a cell (``page.within(cell)``) and answers a
``SmileyReading(colour, source, confidence)`` or ``None``.

Colour decides. A mark is a smiley only when it is painted in a saturated colour whose hue lies
near one of the three statuses; the shape of the mark (a face glyph, a disc with eyes and a mouth,
a round blob in an image) only raises the confidence, and where shape and colour disagree
(a smiling face painted red) the colour wins with a lower confidence. Black text, grey rules,
white header text and light cell shading are never a smiley, and an empty cell is ``None``.

Colour space: HSV. Documents paint smileys in flat, fully saturated office colours, and what
separates the three statuses is hue alone; lightness and chroma only say whether a colour is a
colour at all. Each status has a few hue prototypes (the sample colours #00B050, #FFC000, #FF0000
and the common office variants: #00FF00, #92D050, #FFFF00, #FFD700); a colour takes the status
of the nearest prototype, and its confidence falls as it moves towards the next status (an orange
is half yellow, half red) or away from all of them (a cyan is barely green). Blue, violet and
magenta are too far from every prototype and are no status.

Sources: a coloured symbol character (Unicode category S*: a face, an emoji, a dot) is a
``glyph``; a letter in a
symbol-like font (Wingdings ``J``/``K``/``L``), a private-use code point (U+F0xx) or an unmapped
``(cid:N)`` glyph is ``symbol_font``; a filled path is ``vector``; an embedded image is ``image``.
None of this relies on a list of code points: any coloured mark is read by its colour, and the
names of the faces (Unicode character names, Wingdings letters) only confirm.

An uncoloured face (a black ☺ or 😞) is read as ``None``: its colour is not printed, and its
expression does not name a status on its own (a frown means yellow in a milestone and red in an
economy row), so answering would be a guess.
"""

from __future__ import annotations

import colorsys
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache, reduce
from operator import add

import numpy as np

from .pdf.model import RGB, BBox, Char, Curve, Image, Page, Rect
from .records import SmileyReading

GREEN, YELLOW, RED = "green", "yellow", "red"

# Hue prototypes of each status, in degrees.
HUE_PROTOTYPES: dict[str, tuple[float, ...]] = {
    GREEN: (147.3, 120.0, 89.0),  # #00B050, #00FF00 / #008000, #92D050
    YELLOW: (45.2, 50.6, 60.0),  # #FFC000, #FFD700, #FFFF00
    RED: (0.0,),  # #FF0000, #C00000
}
# Beyond this hue distance (degrees) from every prototype a colour names no status (blue, violet).
MAX_HUE_DISTANCE = 40.0
# Below these a colour is black, grey, white or a pale tint (cell shading), never a status.
MIN_SATURATION = 0.4
MIN_CHROMA = 0.25
# Chroma at which a colour counts as fully saturated for the confidence.
FULL_CHROMA = 0.35

# Confidence = colour confidence x (BASE + SHAPE_WEIGHT x agreement), agreement in -1..1.
BASE = 0.85
SHAPE_WEIGHT = 0.13
AGREES = 1.0  # the expression matches the colour (a smile in green)
FACE = 0.7  # a face, expression unknown
ROUND = 0.4  # a disc or circle, no face seen
NO_SHAPE = 0.0
DISAGREES = -1.0
# A lone coloured letter in an ordinary text font may be a symbol font whose name was lost.
UNNAMED_SYMBOL_FONT = 0.9
# When a cell holds marks of different colours the best one is kept, with this factor.
CONFLICT = 0.7

# A vector disc: its box in points and how far from square it may be.
DISC_MIN, DISC_MAX = 4.0, 40.0
DISC_ASPECT = 1.35
# An image larger than this (points, either side) is a picture or a logo, not a smiley.
IMAGE_MAX = 60.0
# Images are judged on a thumbnail of this many pixels a side.
THUMBNAIL = 32
# Dark pixels (eyes, mouth) inside an image's coloured blob that make it a face.
IMAGE_FACE_SHARE = 0.02

EXPRESSIONS = {"smile": {GREEN}, "neutral": {YELLOW}, "frown": {YELLOW, RED}}

# Words of Unicode character names; the name of a face says its expression.
SMILE_WORDS = ("SMILING", "GRINNING", "GRIN", "HAPPY")
NEUTRAL_WORDS = ("NEUTRAL", "EXPRESSIONLESS", "WITHOUT MOUTH")
FROWN_WORDS = (
    "FROWNING",
    "DISAPPOINTED",
    "WORRIED",
    "SAD",
    "CRYING",
    "ANGRY",
    "POUTING",
    "CONFOUNDED",
    "PERSEVERING",
    "PENSIVE",
    "WEARY",
)
ROUND_WORDS = ("CIRCLE", "DISC", "BULLET")
# Font names that mark a font of pictures rather than letters.
SYMBOL_FONT_HINTS = (
    "wingding",
    "webding",
    "dingbat",
    "symbol",
    "smiley",
    "emoji",
    "icon",
    "zapf",
    "marlett",
)
# The Wingdings faces: J smile, K neutral, L frown (also at U+F04A.. through a symbol cmap).
WINGDINGS_FACES = {"J": "smile", "K": "neutral", "L": "frown"}
# Colour emoji that carry their colour in the font, whatever fill the text has (🟢 🟡 🔴 🟠).
INTRINSIC_COLOUR_WORDS = {"GREEN": GREEN, "YELLOW": YELLOW, "ORANGE": YELLOW, "RED": RED}
INTRINSIC_SHAPE_WORDS = ("CIRCLE", "SQUARE")
INTRINSIC_CONFIDENCE = 0.8

CID = re.compile(r"^\(cid:\d+\)$")


# ---------------------------------------------------------------- colour


def classify_colour(rgb: RGB | None) -> tuple[str, float] | None:
    """The status a colour shows and how clearly (0..1); None for black, grey, white or pale."""
    if rgb is None:
        return None
    return _classify(tuple(round(float(c), 4) for c in rgb))


@lru_cache(maxsize=4096)
def _classify(rgb: tuple[float, ...]) -> tuple[str, float] | None:
    r, g, b = (min(1.0, max(0.0, c)) for c in rgb[:3])
    hue, saturation, value = colorsys.rgb_to_hsv(r, g, b)
    chroma = saturation * value
    if saturation < MIN_SATURATION or chroma < MIN_CHROMA:
        return None
    degrees = hue * 360.0
    distances = sorted(
        (min(_hue_distance(degrees, p) for p in prototypes), name)
        for name, prototypes in HUE_PROTOTYPES.items()
    )
    (nearest, name), (runner_up, _) = distances[0], distances[1]
    if nearest > MAX_HUE_DISTANCE:
        return None
    # 1 on a prototype, 0.5 half-way to the next status.
    margin = runner_up / (nearest + runner_up) if nearest + runner_up else 1.0
    remoteness = 1.0 - 0.5 * (nearest / MAX_HUE_DISTANCE) ** 2
    vividness = min(1.0, 0.5 + chroma / (2 * FULL_CHROMA))
    return name, round(margin * remoteness * vividness, 4)


def _hue_distance(a: float, b: float) -> float:
    d = abs(a - b) % 360.0
    return min(d, 360.0 - d)


def _is_dark(rgb: RGB | None) -> bool:
    if rgb is None:
        return False
    return max(rgb) < 0.4 and max(rgb) - min(rgb) < 0.2


# ---------------------------------------------------------------- candidates


@dataclass(frozen=True, slots=True)
class _Mark:
    colour: str
    source: str
    confidence: float


def read_smiley(region: Page) -> SmileyReading | None:
    """The smiley in ``region`` (a cell: ``page.within(cell_bbox)``), or None if it holds none."""
    marks: list[_Mark] = []
    if region.chars:
        marks.extend(_glyph_marks(region.chars))
    if region.curves or region.rects:
        marks.extend(_vector_marks(region))
    if region.images and not marks:
        # Decoding pixels is the one costly step: only when nothing cheaper spoke.
        marks.extend(m for m in (_image_mark(i) for i in region.images) if m is not None)
    if not marks:
        return None
    best = max(marks, key=lambda m: m.confidence)
    confidence = best.confidence
    if any(m.colour != best.colour and m.confidence >= 0.5 * best.confidence for m in marks):
        confidence *= CONFLICT
    return SmileyReading(best.colour, best.source, round(min(1.0, max(0.0, confidence)), 3))


def _combine(colour: tuple[str, float], agreement: float, factor: float = 1.0) -> float:
    return colour[1] * (BASE + SHAPE_WEIGHT * agreement) * factor


def _agreement(colour: str, expression: str | None, shape: float) -> float:
    if expression is None:
        return shape
    return AGREES if colour in EXPRESSIONS[expression] else DISAGREES


# ---------------------------------------------------------------- text


def _glyph_marks(chars: tuple[Char, ...]) -> list[_Mark]:
    coloured: list[tuple[Char, tuple[str, float]]] = []
    plain: list[Char] = []
    for char in chars:
        if _invisible(char.text):
            continue
        colour = classify_colour(char.fill)
        if colour is None:
            plain.append(char)
        else:
            coloured.append((char, colour))
    marks = [m for m in (_intrinsic_mark(c) for c in plain) if m is not None]
    if not coloured:
        return marks
    # Coloured words in a text font are emphasis, not a smiley; a lone letter may be a symbol.
    text_letters = [c for c, _ in coloured if _is_letter(c.text) and not _symbol_font(c.font)]
    for char, colour in coloured:
        mark = _char_mark(char, colour, lone_letter=len(text_letters) == 1)
        if mark is not None:
            marks.append(mark)
    return marks


def _invisible(text: str) -> bool:
    if not text or text.isspace():
        return True
    return all(unicodedata.category(c) in {"Mn", "Me", "Cf", "Zs", "Cc"} for c in text)


def _is_letter(text: str) -> bool:
    return len(text) == 1 and text.isalnum()


def _symbol_font(font: str) -> bool:
    name = font.lower()
    return any(hint in name for hint in SYMBOL_FONT_HINTS)


def _private_use(text: str) -> bool:
    return len(text) == 1 and (0xE000 <= ord(text) <= 0xF8FF or 0xF0000 <= ord(text) <= 0x10FFFF)


def _char_mark(char: Char, colour: tuple[str, float], lone_letter: bool) -> _Mark | None:
    text = char.text
    if CID.match(text):
        return _Mark(colour[0], "symbol_font", _combine(colour, NO_SHAPE))
    text = "".join(c for c in text if not _invisible(c))
    if not text:
        return None
    if _private_use(text):
        # Symbol fonts with a symbol cmap put their glyphs at U+F000 + the byte code.
        code = ord(text)
        letter = chr(code - 0xF000) if 0xF020 <= code <= 0xF0FF else ""
        expression = WINGDINGS_FACES.get(letter)
        agreement = _agreement(colour[0], expression, NO_SHAPE)
        return _Mark(colour[0], "symbol_font", _combine(colour, agreement))
    if _is_letter(text):
        if _symbol_font(char.font):
            expression = WINGDINGS_FACES.get(text)
            agreement = _agreement(colour[0], expression, NO_SHAPE)
            return _Mark(colour[0], "symbol_font", _combine(colour, agreement))
        if lone_letter and text.isalpha():
            return _Mark(colour[0], "symbol_font", _combine(colour, NO_SHAPE, UNNAMED_SYMBOL_FONT))
        return None
    # Pictures are symbols (emoji, dingbats, geometric shapes); coloured punctuation is text.
    if len(text) > 1 or not unicodedata.category(text).startswith("S"):
        return None
    expression, shape = _glyph_shape(text)
    return _Mark(colour[0], "glyph", _combine(colour, _agreement(colour[0], expression, shape)))


@lru_cache(maxsize=1024)
def _glyph_shape(char: str) -> tuple[str | None, float]:
    """The expression a character's Unicode name gives, and how much it looks like a smiley."""
    name = unicodedata.name(char, "")
    if "FACE" in name:
        for words, expression in (
            (SMILE_WORDS, "smile"),
            (NEUTRAL_WORDS, "neutral"),
            (FROWN_WORDS, "frown"),
        ):
            if any(w in name for w in words):
                return expression, FACE
        return None, FACE
    if any(w in name for w in ROUND_WORDS):
        return None, ROUND
    return None, NO_SHAPE


def _intrinsic_mark(char: Char) -> _Mark | None:
    """A colour emoji (🟢 🔴) whose colour is in the font, not in the text fill."""
    if len(char.text) != 1 or ord(char.text) < 0x2000:
        return None
    name = unicodedata.name(char.text, "")
    if not any(w in name for w in INTRINSIC_SHAPE_WORDS):
        return None
    for word, colour in INTRINSIC_COLOUR_WORDS.items():
        if word in name.split():
            return _Mark(colour, "glyph", INTRINSIC_CONFIDENCE)
    return None


# ---------------------------------------------------------------- vector


def _vector_marks(region: Page) -> list[_Mark]:
    marks: list[_Mark] = []
    for shape in (*region.curves, *region.rects):
        box = shape.bbox
        if not _disc_sized(box):
            continue
        colour = classify_colour(shape.fill)
        outline = False
        if colour is None:
            colour = classify_colour(shape.stroke)
            outline = True
        if colour is None:
            continue
        round_ = isinstance(shape, Curve) and _round(shape)
        expression, agreement = _face(region, shape, round_)
        agreement = _agreement(colour[0], expression, agreement)
        # A coloured ring says less than a coloured disc: it may be a border.
        factor = 0.9 if outline else 1.0
        marks.append(_Mark(colour[0], "vector", _combine(colour, agreement, factor)))
    return marks


def _disc_sized(box: BBox) -> bool:
    small, large = sorted((box.width, box.height))
    return DISC_MIN <= small and large <= DISC_MAX and large <= DISC_ASPECT * small


def _round(curve: Curve) -> bool:
    """Do the path's points lie on the ellipse inscribed in its box (a circle, not a square)?"""
    box = curve.bbox
    rx, ry = box.width / 2, box.height / 2
    if len(curve.points) < 4 or rx <= 0 or ry <= 0:
        return False
    for x, y in curve.points:
        r = ((x - box.mid_x) / rx) ** 2 + ((y - box.mid_y) / ry) ** 2
        if not 0.8 <= r <= 1.2:
            return False
    return True


def _face(region: Page, disc: Curve | Rect, round_: bool) -> tuple[str | None, float]:
    """Eyes (small dark blobs) and a mouth (a stroke) inside the disc make it a face."""
    box = disc.bbox
    eyes = 0
    for other in (*region.curves, *region.rects):
        if other is disc or not _is_dark(other.fill):
            continue
        b = other.bbox
        if (
            box.contains_point(b.mid_x, b.mid_y)
            and max(b.width, b.height) < 0.4 * box.width
            and b.mid_y < box.mid_y
        ):
            eyes += 1
    mouth: str | None = None
    for stroke in (*region.curves, *region.lines):
        if stroke is disc or stroke.stroke is None or getattr(stroke, "fill", None) is not None:
            continue
        b = stroke.bbox
        if box.contains_point(b.mid_x, b.mid_y) and b.mid_y > box.mid_y - 0.05 * box.height:
            if b.width > 0.2 * box.width and b.width < 0.9 * box.width:
                mouth = _mouth(stroke)
                break
    if eyes and mouth is not None:
        return (None if mouth == "arc" else mouth), FACE
    return None, ROUND if round_ else NO_SHAPE


def _mouth(stroke) -> str:
    """A straight mouth is neutral; a curve bending down in the middle smiles, up frowns."""
    if not isinstance(stroke, Curve) or len(stroke.points) < 3:
        return "neutral" if not isinstance(stroke, Curve) else "arc"
    (x0, y0), (x1, y1) = stroke.points[0], stroke.points[-1]
    middle = [y for _, y in stroke.points[1:-1]]
    sag = sum(middle) / len(middle) - (y0 + y1) / 2
    if abs(sag) < 0.05 * max(1.0, abs(x1 - x0)):
        return "neutral"
    return "smile" if sag > 0 else "frown"  # y grows downwards


# ---------------------------------------------------------------- images


def _image_mark(image: Image) -> _Mark | None:
    box = image.bbox
    if box.width > IMAGE_MAX or box.height > IMAGE_MAX or box.width < 2 or box.height < 2:
        return None
    try:
        picture = image.pixels()
    except Exception:  # a broken image is no smiley; the cell reads as empty
        return None
    picture = picture.convert("RGB")
    picture.thumbnail((THUMBNAIL, THUMBNAIL))
    width = picture.size[0]
    pixels = np.frombuffer(picture.tobytes(), dtype=np.uint8).reshape(-1, 3)
    # Each pixel's status colour (an index into ``names``), DARK or PLAIN: asked once per
    # distinct pixel value, as a smiley's thousand pixels have a few hundred.
    codes = (pixels[:, 0].astype(np.int32) << 16) | (pixels[:, 1].astype(np.int32) << 8)
    distinct, inverse = np.unique(codes | pixels[:, 2], return_inverse=True)
    names: list[str] = []
    kinds = []
    for code in distinct.tolist():
        name, is_dark, _ = _pixel((code >> 16, (code >> 8) & 0xFF, code & 0xFF))
        if name is None:
            kinds.append(_DARK if is_dark else _PLAIN)
            continue
        if name not in names:
            names.append(name)
        kinds.append(names.index(name))
    kind = np.asarray(kinds, dtype=np.int64)[inverse.reshape(-1)]
    if not names:
        return None
    # The most frequent colour; of two as frequent, the one met first (as a Counter counts).
    counts = [int(np.count_nonzero(kind == k)) for k in range(len(names))]
    firsts = [int(np.argmax(kind == k)) for k in range(len(names))]
    chosen = min(range(len(names)), key=lambda k: (-counts[k], firsts[k]))
    name, count = names[chosen], counts[chosen]
    if count < 4:
        return None
    # Summed one pixel after another, in the pixels' order, as the colour's mean always was.
    chosen_rgb = (pixels[kind == chosen] / 255).T.tolist()
    mean = tuple(reduce(add, channel, 0.0) / count for channel in chosen_rgb)
    colour = classify_colour(mean)
    if colour is None or colour[0] != name:
        return None
    coloured = np.flatnonzero(kind >= 0)
    dominance = count / len(coloured)
    dark = np.flatnonzero(kind == _DARK)
    agreement = _blob_shape((coloured % width, coloured // width), (dark % width, dark // width))
    source = "ocr" if image.scanned else "image"
    return _Mark(name, source, _combine(colour, agreement, dominance))


# What a pixel of no status colour is, in _image_mark: dark (an eye, a mouth) or not.
_DARK, _PLAIN = -1, -2


@lru_cache(maxsize=65536)
def _pixel(pixel: tuple[int, int, int]) -> tuple[str | None, bool, RGB]:
    """A pixel's status colour (None for none), whether it is dark, and its colour as 0..1.

    Asked once per distinct pixel value: a smiley's thumbnail has a few hundred of them in its
    thousand pixels.
    """
    rgb = (pixel[0] / 255, pixel[1] / 255, pixel[2] / 255)
    colour = _classify(tuple(round(c, 2) for c in rgb))
    if colour is None:
        return None, _is_dark(rgb), rgb
    return colour[0], False, rgb


def _blob_shape(
    coloured: tuple[np.ndarray, np.ndarray], dark: tuple[np.ndarray, np.ndarray]
) -> float:
    """A coloured blob filling about pi/4 of its square box is round; dark spots in it, a face.

    ``coloured`` and ``dark`` are the columns and rows of the coloured and the dark pixels."""
    xs, ys = coloured
    left, right, top, bottom = int(xs.min()), int(xs.max()), int(ys.min()), int(ys.max())
    width, height = right - left + 1, bottom - top + 1
    small, large = sorted((width, height))
    if small < 4 or large > DISC_ASPECT * small:
        return NO_SHAPE
    # The eyes and mouth are holes in the blob: count them as part of it.
    dark_xs, dark_ys = dark
    inside_dark = int(
        np.count_nonzero(
            (dark_xs >= left) & (dark_xs <= right) & (dark_ys >= top) & (dark_ys <= bottom)
        )
    )
    fill = (len(xs) + inside_dark) / (width * height)
    if not 0.65 <= fill <= 0.9:
        return NO_SHAPE
    if inside_dark >= IMAGE_FACE_SHARE * width * height:
        return FACE
    return ROUND
