"""The bench per route: the layout-variation corpus (tests/corpus/pdfs) grouped by how each PDF is
drawn, opfolg against camelot and the floors on each group's files.

A file's route comes from its truth (tests/corpus/truth/<name>.json), which the corpus generator
writes from the variant's spec: the program that drew it (reportlab, or a browser: Chromium), one
text object per glyph or per line, and how its tables are drawn (ruled, shaded, borderless, or no
table: flowing text). Each route's files are copied BENCH_ROUTE_COPIES times (2) with distinct
bytes, so that two workers have something to share even on a route of one file.

camelot lattice reads a page about ten times slower than stream; it runs once (not BENCH_REPEAT
times) on the first BENCH_LATTICE_PAGES pages (2) of every file, and its pages per second are of
those pages. Run alone: ``python -m bench.routes``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium

from pipeline.ingest import Options, ingest

from .run import REPEAT, ROOT, median_seconds, pdfium_floor, pdfplumber_floor

CORPUS = ROOT / "tests" / "corpus"
COPIES = int(os.environ.get("BENCH_ROUTE_COPIES", "2"))
LATTICE_PAGES = int(os.environ.get("BENCH_LATTICE_PAGES", "2"))
CORES = os.cpu_count() or 1

# How a table is drawn, from the truth's "rules" (the generator's words for it).
DRAWINGS = {
    "stroked lines": "ruled",
    "thin filled rectangles": "ruled",
    "one piece per cell edge": "ruled",
    "outer frame, inner rules partly missing": "ruled",
    "horizontal rules only": "ruled",
    "cell shading only": "shaded",
    "row shading only": "shaded",
    "no rules, no shading": "borderless",
}
FLOWING = "flowing text"  # no table drawn, or lists set as paragraphs


@dataclass
class Route:
    name: str
    files: list[Path] = field(default_factory=list)
    pages: int = 0
    smileys: set[str] = field(default_factory=set)
    landscape: int = 0  # files in A4 landscape


def route_of(truth: dict) -> str:
    """The route of a corpus file, from what its truth says of how it was drawn."""
    render, layout = truth["render"], truth["layout"]
    maker = "browser" if render["route"] == "chromium" else "reportlab"
    if layout.get("text_objects") == "one per glyph":
        maker += " per-glyph objects"
    rules = layout.get("rules") or ""
    drawing = DRAWINGS.get(rules, FLOWING)
    if layout.get("lists") not in (None, "two-column table"):
        drawing = FLOWING  # a business plan's bullet lists: its only table is the contents
    return f"{maker}, {drawing}"


def page_count(path: Path) -> int:
    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def build_routes(directory: Path, copies: int = COPIES) -> list[Route]:
    """Each route's files copied into a directory of its own, ``copies`` times over."""
    routes: dict[str, Route] = {}
    for truth_path in sorted((CORPUS / "truth").glob("*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        source = CORPUS / "pdfs" / truth["file"]
        if not source.is_file():
            continue
        name = route_of(truth)
        route = routes.setdefault(name, Route(name))
        route.smileys.update(truth["render"].get("smiley_encodings", ()))
        if "landscape" in truth["layout"].get("page_size", ""):
            route.landscape += 1
        folder = directory / name.replace(", ", "_").replace(" ", "-")
        folder.mkdir(parents=True, exist_ok=True)
        pages = page_count(source)
        for copy in range(copies):
            target = folder / f"{source.stem}.copy{copy}.pdf"
            target.write_bytes(source.read_bytes() + f"\n%bench copy {copy}\n".encode())
            route.files.append(target)
            route.pages += pages
    return sorted(routes.values(), key=lambda route: route.name)


def camelot_pages(files: list[Path], flavor: str, pages: str) -> None:
    import camelot

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in files:
            camelot.read_pdf(str(path), pages=pages, flavor=flavor)


def opfolg_run(files: list[Path], workers: int) -> Callable[[], None]:
    directory = files[0].parent

    def run() -> None:
        out = Path(tempfile.mkdtemp(prefix="opfolg-bench-"))
        try:
            summary = ingest([str(directory)], out, Options(backend="pdfium", workers=workers))
            failed = [d for d in summary.documents if d.status == "failed"]
            if failed:
                raise SystemExit(f"bench: {failed[0].source_path}: {failed[0].error}")
        finally:
            shutil.rmtree(out, ignore_errors=True)

    return run


def lattice_seconds(route: Route) -> tuple[float, int]:
    """One run of camelot lattice on the first LATTICE_PAGES pages of each distinct file."""
    originals = [path for path in route.files if path.stem.endswith(".copy0")]
    pages = 0
    started = time.perf_counter()
    for path in originals:
        count = min(LATTICE_PAGES, page_count(path))
        camelot_pages([path], "lattice", f"1-{count}")
        pages += count
    return time.perf_counter() - started, pages


def measure(work: Path) -> dict:
    routes = build_routes(work / "routes")
    total_pages = sum(route.pages for route in routes)
    total_files = sum(len(route.files) for route in routes)
    print(
        f"routes: {len(routes)} routes, {total_files} files, {total_pages} pages "
        f"({COPIES} copies of each corpus file); {REPEAT} runs each, median",
        flush=True,
    )
    runs: dict[str, Callable[[], object]] = {}
    for route in routes:
        files = route.files
        runs |= {
            f"{route.name}|opfolg_pdfium_1w": opfolg_run(files, 1),
            f"{route.name}|opfolg_pdfium_{CORES}w": opfolg_run(files, CORES),
            f"{route.name}|camelot_stream": lambda files=files: camelot_pages(
                files, "stream", "all"
            ),
            f"{route.name}|floor_pdfium_text": lambda files=files: pdfium_floor(files),
            f"{route.name}|floor_pdfplumber_chars": lambda files=files: pdfplumber_floor(files),
        }
    seconds = median_seconds(runs)
    lattice = {route.name: lattice_seconds(route) for route in routes}
    table: dict[str, dict] = {}
    for route in routes:
        rate = {
            key.split("|", 1)[1]: route.pages / value
            for key, value in seconds.items()
            if key.startswith(route.name + "|")
        }
        lattice_time, lattice_pages = lattice[route.name]
        rate["camelot_lattice"] = lattice_pages / lattice_time
        table[route.name] = {
            "files": len(route.files),
            "pages": route.pages,
            "smileys": sorted(route.smileys),
            "landscape_files": route.landscape * COPIES,
            "pages_per_second": {name: round(value, 2) for name, value in rate.items()},
            "pdfium_1w_vs_camelot_stream": round(
                rate["opfolg_pdfium_1w"] / rate["camelot_stream"], 3
            ),
            f"pdfium_{CORES}w_vs_1w": round(
                rate[f"opfolg_pdfium_{CORES}w"] / rate["opfolg_pdfium_1w"], 3
            ),
            "lattice_pages": lattice_pages,
        }
    print_table(table)
    return {"routes": table, "route_copies": COPIES, "lattice_pages_per_file": LATTICE_PAGES}


def print_table(table: dict[str, dict]) -> None:
    columns = (
        ("opfolg_pdfium_1w", "1w"),
        (f"opfolg_pdfium_{CORES}w", f"{CORES}w"),
        ("camelot_stream", "stream"),
        ("camelot_lattice", "lattice*"),
        ("floor_pdfium_text", "pdfium"),
        ("floor_pdfplumber_chars", "plumber"),
    )
    print(
        "pages/s per route (opfolg PDFium; *lattice: one run, first "
        f"{LATTICE_PAGES} pages of each file):"
    )
    header = f"  {'route':<40} {'files':>5} {'pages':>5} " + " ".join(
        f"{label:>8}" for _, label in columns
    )
    print(header + f" {'1w/str':>7} {f'{CORES}w/1w':>7}  (targets >= 2.0, >= 1.8)")
    for name, row in table.items():
        rate = row["pages_per_second"]
        cells = " ".join(f"{rate[key]:8.1f}" for key, _ in columns)
        print(
            f"  {name:<40} {row['files']:>5} {row['pages']:>5} {cells} "
            f"{row['pdfium_1w_vs_camelot_stream']:7.2f} {row[f'pdfium_{CORES}w_vs_1w']:7.2f}"
        )


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="opfolg-routes-"))
    try:
        results = measure(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
