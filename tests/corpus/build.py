"""Rendering routes and the reproducible finish every corpus PDF goes through.

Two builds give the same bytes: reportlab runs with `invariant=1`; Chromium's output is rewritten by
pikepdf with a fixed Info dictionary (a date of another year than the document's, so that a reader
falling back on the creation date is caught), no XMP, and an /ID derived from the content.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from reportlab.pdfgen.canvas import Canvas

from . import flow
from .marks import CanvasMarks
from .sources import load_truth

CORPUS = Path(__file__).resolve().parent
PDF_DIR = CORPUS / "pdfs"
TRUTH_DIR = CORPUS / "truth"
INFO_DATE = "D:20240305120000+00'00'"
PRODUCERS = {"reportlab": "ReportLab PDF Library - www.reportlab.com", "chromium": "Skia/PDF m156"}
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)
CHROMIUM_TIMEOUT_S = 180


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    layout: dict  # the truth's layout object


@dataclass(frozen=True)
class Variant:
    name: str
    sample: str  # the stem of the sample whose truth it renders
    route: str
    encodings: tuple[str, ...]
    notes: str
    render: Callable[[Path], Rendered]  # build_dir -> PDF and layout facts

    def truth(self, layout: dict) -> dict:
        sample = load_truth(self.sample)
        truth = {
            "file": f"{self.name}.pdf",
            "document": sample["document"],
            "render": {
                "route": self.route,
                "smiley_encodings": list(self.encodings),
                "notes": self.notes,
            },
            "layout": {"sample": self.sample, **layout},
        }
        truth |= {k: v for k, v in sample.items() if k not in ("file", "document", "render")}
        return truth


def render_canvas(
    blocks: list[flow.Block], setup: flow.PageSetup, build_dir: Path
) -> tuple[bytes, dict]:
    """Lay out and draw blocks; returns the PDF and the page-break events counted."""
    layout = flow.lay_out(blocks, setup)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(setup.width, setup.height), invariant=1, pageCompression=1)
    flow.render(layout, canvas, CanvasMarks(build_dir))
    canvas.save()
    return buffer.getvalue(), {"pages": layout.page_count, **dict(sorted(layout.events.items()))}


def print_html(document: str) -> bytes:
    """Print HTML to PDF with headless Chromium, in a fresh profile."""
    chromium = shutil.which("chromium")
    if chromium is None:
        raise RuntimeError("the browser route needs Debian's chromium package")
    with tempfile.TemporaryDirectory(prefix="corpus-chromium-") as tmp:
        source = Path(tmp) / "document.html"
        target = Path(tmp) / "document.pdf"
        source.write_text(document, encoding="utf-8")
        subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={tmp}/profile",
                f"--print-to-pdf={target}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=CHROMIUM_TIMEOUT_S,
        )
        return target.read_bytes()


_ASTRAL = re.compile(rb"<([0-9A-F]{5,6})>")


def _utf16(match: re.Match) -> bytes:
    code = int(match.group(1), 16)
    return b"<" + chr(code).encode("utf-16-be").hex().upper().encode() + b">"


def finish(pdf: bytes, title: str, author: str, route: str) -> bytes:
    """Fixed Info and /ID, no XMP; ToUnicode entries beyond U+FFFF written as UTF-16."""
    pikepdf.settings.set_flate_compression_level(9)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for font in _fonts(document):
            if "/ToUnicode" in font:
                # reportlab writes astral code points as five hex digits; readers need UTF-16.
                stream = font.ToUnicode
                fixed = _ASTRAL.sub(_utf16, stream.read_bytes())
                stream.write(fixed)
        # The browser's structure tree (one element per box) would double a file's size; the
        # marked content it points to stays in the page streams, as harmless as before.
        for key in ("/Metadata", "/StructTreeRoot", "/MarkInfo"):
            if key in document.Root:
                del document.Root[key]
        info = document.docinfo
        for key in list(info.keys()):
            del info[key]
        info.Title = title
        info.Author = author
        info.Creator = f"opfolg layout-variation corpus ({route})"
        info.Producer = PRODUCERS[route]
        info.CreationDate = INFO_DATE
        info.ModDate = INFO_DATE
        out = io.BytesIO()
        document.save(
            out,
            deterministic_id=True,
            compress_streams=True,
            recompress_flate=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
        return out.getvalue()


def _fonts(document: pikepdf.Pdf):
    seen = set()
    for page in document.pages:
        resources = page.obj.get("/Resources", {})
        for font in resources.get("/Font", {}).values():
            if font.objgen not in seen:
                seen.add(font.objgen)
                yield font


def write_variant(variant: Variant, build_dir: Path) -> tuple[Path, Path, dict]:
    rendered = variant.render(build_dir)
    truth = variant.truth(rendered.layout)
    document = truth["document"]
    author = "Ballerup Kommune" if document["municipality"] == "ballerup" else "Albertslund Kommune"
    pdf = finish(rendered.pdf, document["title"], author, variant.route)
    PDF_DIR.mkdir(parents=True, exist_ok=True)
    TRUTH_DIR.mkdir(parents=True, exist_ok=True)
    pdf_path = PDF_DIR / truth["file"]
    truth_path = TRUTH_DIR / f"{variant.name}.json"
    pdf_path.write_bytes(pdf)
    truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return pdf_path, truth_path, truth
