"""Scanned copies of PDFs, as an archive's scanner makes them: image-only pages at about 150 dpi,
each slightly rotated, a little blurred, with sensor noise, a dark scanner edge, one JPEG per page.

A copy is made from a file's own rendering, so it keeps the original's truth: the OCR tests read a
scan and compare what they read with the truth of the file it was made from. Everything is drawn
from a seed made of the file's name and the page number, so a copy is byte-reproducible (for one
Pillow and one PDFium).

    python -m tests.scans SRC.pdf... --out DIR [--pages 1-6]
"""

from __future__ import annotations

import argparse
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import img2pdf
import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter


@dataclass(frozen=True)
class ScanParams:
    """How rough the scanner is. The defaults are the issue's archive copies: 150 dpi, rotated by
    up to ±1°, JPEG noise, a dark edge."""

    dpi: int = 150
    max_angle: float = 1.0  # degrees either way, drawn per page
    blur_radius: float = 0.6  # px of Gaussian blur: the scanner's optics
    noise_sigma: float = 7.0  # grey levels of Gaussian sensor noise (of 255)
    paper: int = 246  # the paper's grey: scanned white is never 255
    edge_px: int = 14  # the widest dark scanner edge, in px
    specks: int = 400  # dust: dark specks per page
    jpeg_quality: int = 72


def _seed(name: str, page: int) -> int:
    return int.from_bytes(hashlib.sha256(f"{name}:{page}".encode()).digest()[:8], "big")


def scan_page(image: Image.Image, seed: int, params: ScanParams = ScanParams()) -> bytes:
    """One rendered page (RGB) as the JPEG a scanner would give of its print."""
    rng = np.random.default_rng(seed)
    angle = float(rng.uniform(-params.max_angle, params.max_angle))
    # Paper is not white: the page's white becomes the paper's grey before anything else.
    pixels = np.asarray(image.convert("RGB"), dtype=np.float32)
    pixels = pixels * (params.paper / 255.0)
    page = Image.fromarray(pixels.clip(0, 255).astype(np.uint8))
    page = page.rotate(
        angle, resample=Image.Resampling.BICUBIC, fillcolor=(params.paper,) * 3, expand=False
    )
    page = page.filter(ImageFilter.GaussianBlur(params.blur_radius))
    pixels = np.asarray(page, dtype=np.float32)
    height, width = pixels.shape[:2]
    # The lid's shadow along one long and one short side, fading into the paper.
    for axis, size in ((1, width), (0, height)):
        depth = int(rng.integers(params.edge_px // 2, params.edge_px + 1))
        ramp = np.linspace(0.25, 1.0, depth, dtype=np.float32)
        shade = np.ones(size, dtype=np.float32)
        if rng.random() < 0.5:
            shade[:depth] = ramp
        else:
            shade[size - depth :] = ramp[::-1]
        pixels *= shade[None, :, None] if axis == 1 else shade[:, None, None]
    pixels += rng.normal(0.0, params.noise_sigma, pixels.shape).astype(np.float32)
    ys = rng.integers(0, height, params.specks)
    xs = rng.integers(0, width, params.specks)
    pixels[ys, xs] = rng.uniform(40, 140, (params.specks, 1))
    buffer = io.BytesIO()
    Image.fromarray(pixels.clip(0, 255).astype(np.uint8)).save(
        buffer, "JPEG", quality=params.jpeg_quality
    )
    return buffer.getvalue()


def scan_pdf(
    source: Path,
    target: Path,
    pages: Sequence[int] | None = None,
    params: ScanParams = ScanParams(),
) -> Path:
    """An image-only copy of ``source`` (its ``pages``, 1-based, or all) at ``target``."""
    document = pdfium.PdfDocument(str(source))
    try:
        numbers = list(pages) if pages else list(range(1, len(document) + 1))
        jpegs = []
        for number in numbers:
            bitmap = document[number - 1].render(scale=params.dpi / 72)
            jpegs.append(scan_page(bitmap.to_pil(), _seed(source.name, number), params))
    finally:
        document.close()
    layout = img2pdf.get_fixed_dpi_layout_fun((params.dpi, params.dpi))
    target.parent.mkdir(parents=True, exist_ok=True)
    # No dates in the file: the same scan is the same bytes.
    target.write_bytes(
        img2pdf.convert(jpegs, layout_fun=layout, nodate=True, engine=img2pdf.Engine.internal)
    )
    return target


def excerpt_pdf(source: Path, target: Path, pages: Sequence[int]) -> Path:
    """The original's ``pages`` (1-based) as a PDF of their own: what a scanned excerpt is read
    against."""
    original = pdfium.PdfDocument(str(source))
    excerpt = pdfium.PdfDocument.new()
    try:
        excerpt.import_pages(original, [number - 1 for number in pages])
        target.parent.mkdir(parents=True, exist_ok=True)
        excerpt.save(str(target))
    finally:
        excerpt.close()
        original.close()
    return target


def page_range(text: str) -> list[int]:
    """ "1-6,9" → [1, 2, 3, 4, 5, 6, 9]."""
    numbers: list[int] = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        numbers += range(int(first), int(last or first) + 1)
    return numbers


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--pages", type=page_range, default=None, help="e.g. 1-6 (default: all)")
    arguments = parser.parse_args(argv)
    for source in arguments.sources:
        target = arguments.out / f"{source.stem}_scan.pdf"
        scan_pdf(source, target, arguments.pages)
        print(target)


if __name__ == "__main__":
    main()
