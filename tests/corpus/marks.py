"""Smileys in every encoding the corpus uses, for the canvas and for the browser.

The colour is what a reader sees and what the truth holds; the face (smile, neutral, frown) is only
what the drawing shows, and a frown is yellow in one cell and red in another, as in the samples.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw
from reportlab.lib.colors import CMYKColor, Color, black
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from .flow import Mark
from .fonts import SMILEY_FONT, register


class Encoding:
    UNICODE = "unicode-glyph"  # ☺ ☹ in DejaVu Sans, coloured as text
    EMOJI = "emoji-glyph"  # 😊 😐 😞 as Symbola outlines, coloured as text
    COLOUR_EMOJI = "color-emoji"  # 🟢 🟡 🔴 in Noto Color Emoji (browser only)
    SYMBOL_FONT = "symbol-font-JKL"  # letters J K L of a Wingdings-like font
    VECTOR = "vector"  # a filled disc with eyes and a mouth, RGB
    VECTOR_CMYK = "vector-cmyk"  # the same face filled in CMYK
    RASTER = "raster"  # an embedded PNG of a face


RGB = {"green": (0x00, 0xB0, 0x50), "yellow": (0xFF, 0xC0, 0x00), "red": (0xFF, 0x00, 0x00)}
CMYK = {
    "green": (0.85, 0.0, 0.9, 0.2),
    "yellow": (0.0, 0.25, 1.0, 0.0),
    "red": (0.0, 1.0, 1.0, 0.0),
}
GLYPHS = {
    Encoding.UNICODE: {"smile": "☺", "neutral": "☹", "frown": "☹"},
    Encoding.EMOJI: {"smile": "😊", "neutral": "😐", "frown": "😞"},
    Encoding.SYMBOL_FONT: {"smile": "J", "neutral": "K", "frown": "L"},
}
GLYPH_FONTS = {
    Encoding.UNICODE: "DejaVuSans",
    Encoding.EMOJI: "Symbola",
    Encoding.SYMBOL_FONT: SMILEY_FONT,
}
COLOUR_EMOJI = {"green": "🟢", "yellow": "🟡", "red": "🔴"}
# The shapes of the glyphs the truth's colours show (yellow is a neutral face or a frown).
FACE_OF = {"green": "smile", "red": "frown"}


def face_for(colour: str, yellow_count: int) -> str:
    """Yellow alternates between the neutral face and the frown it shares with red."""
    if colour == "yellow":
        return "neutral" if yellow_count % 2 == 0 else "frown"
    return FACE_OF[colour]


def fill_colour(mark: Mark) -> Color:
    if mark.encoding == Encoding.VECTOR_CMYK:
        return CMYKColor(*CMYK[mark.colour])
    r, g, b = RGB[mark.colour]
    return Color(r / 255, g / 255, b / 255)


@dataclass(frozen=True)
class CanvasMarks:
    """Draws marks on a reportlab canvas; fonts come from build_dir."""

    build_dir: Path

    def __call__(self, canvas: Canvas, mark: Mark, x: float, y: float) -> None:
        if mark.encoding in GLYPHS:
            font = register(GLYPH_FONTS[mark.encoding], self.build_dir)
            canvas.setFillColor(fill_colour(mark))
            canvas.setFont(font, mark.size)
            canvas.drawString(x, y + mark.size * 0.15, GLYPHS[mark.encoding][mark.face])
        elif mark.encoding in (Encoding.VECTOR, Encoding.VECTOR_CMYK):
            draw_face(canvas, mark, x, y)
        elif mark.encoding == Encoding.RASTER:
            image = ImageReader(face_png(mark.colour, mark.face))
            canvas.drawImage(image, x, y, mark.size, mark.size)
        else:
            raise ValueError(f"the canvas cannot draw {mark.encoding}")


def draw_face(canvas: Canvas, mark: Mark, x: float, y: float) -> None:
    """A disc in the smiley's colour, two black eyes and a stroked mouth."""
    s = mark.size
    canvas.saveState()
    canvas.setFillColor(fill_colour(mark))
    canvas.circle(x + s / 2, y + s / 2, s / 2, stroke=0, fill=1)
    canvas.setFillColor(black)
    for eye in (0.34, 0.66):
        canvas.ellipse(
            x + s * (eye - 0.06), y + s * 0.56, x + s * (eye + 0.06), y + s * 0.74, stroke=0, fill=1
        )
    canvas.setStrokeColor(black)
    canvas.setLineWidth(max(0.4, s * 0.07))
    mouth = canvas.beginPath()
    left, right, level = x + s * 0.28, x + s * 0.72, y + s * 0.32
    bend = {"smile": -0.14, "neutral": 0.0, "frown": 0.14}[mark.face] * s
    mouth.moveTo(left, level - bend / 2)
    mouth.curveTo(
        left + s * 0.1, level + bend, right - s * 0.1, level + bend, right, level - bend / 2
    )
    canvas.drawPath(mouth, stroke=1, fill=0)
    canvas.restoreState()


@cache
def face_png(colour: str, face: str, pixels: int = 40) -> io.BytesIO:
    """A small PNG of a face on white, drawn large and scaled down so its edges are smooth."""
    big = pixels * 4
    image = Image.new("RGB", (big, big), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.ellipse((2, 2, big - 3, big - 3), fill=RGB[colour])
    for eye in (0.34, 0.66):
        draw.ellipse(
            (big * (eye - 0.06), big * 0.26, big * (eye + 0.06), big * 0.44), fill=(0, 0, 0)
        )
    width = max(2, big // 14)
    box = (big * 0.28, big * 0.52, big * 0.72, big * 0.80)
    if face == "smile":
        draw.arc(box, 20, 160, fill=(0, 0, 0), width=width)
    elif face == "frown":
        draw.arc((box[0], big * 0.62, box[2], big * 0.90), 200, 340, fill=(0, 0, 0), width=width)
    else:
        draw.line((box[0], big * 0.68, box[2], big * 0.68), fill=(0, 0, 0), width=width)
    small = image.resize((pixels, pixels), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", optimize=False, compress_level=9)
    buffer.seek(0)
    return buffer


def hex_colour(colour: str) -> str:
    return "#{:02X}{:02X}{:02X}".format(*RGB[colour])


def html_mark(mark: Mark) -> str:
    """The same smiley as HTML for the browser route."""
    size = f"{mark.size:.2f}pt"
    if mark.encoding in GLYPHS:
        family = {Encoding.UNICODE: "DejaVu Sans", Encoding.EMOJI: "Symbola"}.get(
            mark.encoding, SMILEY_FONT
        )
        glyph = GLYPHS[mark.encoding][mark.face]
        return (
            f'<span class="smiley" style="color:{hex_colour(mark.colour)};'
            f"font-family:'{family}';font-size:{size}\">{glyph}</span>"
        )
    if mark.encoding == Encoding.COLOUR_EMOJI:
        return (
            f'<span class="smiley" style="font-family:\'Noto Color Emoji\';font-size:{size}">'
            f"{COLOUR_EMOJI[mark.colour]}</span>"
        )
    if mark.encoding == Encoding.VECTOR:
        bend = {"smile": 14, "neutral": 0, "frown": -14}[mark.face]
        return (
            f'<svg class="smiley" width="{size}" height="{size}" viewBox="0 0 100 100">'
            f'<circle cx="50" cy="50" r="50" fill="{hex_colour(mark.colour)}"/>'
            '<ellipse cx="34" cy="35" rx="6" ry="9"/><ellipse cx="66" cy="35" rx="6" ry="9"/>'
            f'<path d="M28 {68 - bend / 2} C38 {68 + bend} 62 {68 + bend} 72 {68 - bend / 2}" '
            'stroke="#000" stroke-width="7" fill="none"/></svg>'
        )
    if mark.encoding == Encoding.RASTER:
        data = base64.b64encode(face_png(mark.colour, mark.face).getvalue()).decode("ascii")
        style = f"width:{size};height:{size}"
        return f'<img class="smiley" style="{style}" src="data:image/png;base64,{data}" alt="">'
    raise ValueError(f"the browser route cannot draw {mark.encoding}")
