"""The OCR route's speed: CPU seconds per scanned page (the issue's goal: at most 3 here).

Scanned copies of a few sample pages (tests/scans.py: 150 dpi, rotated, noise, one JPEG per page)
are read page by page through the OCR route, in this process, one Tesseract thread; the CPU time
(``time.process_time``) per page is the median over the pages, and of it what Tesseract took (its
calls, counted) and what the image work around it took (render, deskew, rules, marks, cells).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
# Pages of each sample scanned for the measure: tables with smileys, a status list, prose.
PAGES = {
    "ballerup_opfoelgning_2019_2.pdf": (2, 3, 4),
    "ballerup_opfoelgning_2019_2_vector.pdf": (20, 21),
    "albertslund_budgetaftale_2012_status.pdf": (1, 2),
}
GOAL = 3.0  # CPU seconds per page


def measure(directory: Path) -> dict[str, float]:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    sys.path.insert(0, str(ROOT / "tests"))
    from scans import scan_pdf

    from extractors.pdf import open_pdf
    from extractors.pdf.ocr import OcrMode, OcrSource
    from extractors.pdf.ocr import page as ocr_page
    from extractors.pdf.ocr.engine import engine

    engine()  # loading the model is once per worker, not per page
    seconds: list[float] = []
    tesseract: list[float] = []
    calls: list[int] = []
    read_words = ocr_page.read_words
    spent = [0.0, 0]

    def timed(*args, **kwargs):
        start = time.process_time()
        try:
            return read_words(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - start
            spent[1] += 1

    ocr_page.read_words = timed  # every Tesseract call of the route goes through it
    try:
        for name, pages in PAGES.items():
            scan = scan_pdf(SAMPLES / name, directory / name, pages)
            source = OcrSource(open_pdf(scan), scan, mode=OcrMode.AUTO)
            try:
                for number in range(1, len(pages) + 1):
                    spent[:] = [0.0, 0]
                    start = time.process_time()
                    source.page(number)
                    seconds.append(time.process_time() - start)
                    tesseract.append(spent[0])
                    calls.append(spent[1])
            finally:
                source.close()
    finally:
        ocr_page.read_words = read_words
    return {
        "pages": len(seconds),
        "median_cpu_s_per_page": statistics.median(seconds),
        "max_cpu_s_per_page": max(seconds),
        "tesseract_cpu_s_per_page": statistics.median(tesseract),
        "image_cpu_s_per_page": statistics.median(
            [s - t for s, t in zip(seconds, tesseract, strict=True)]
        ),
        "tesseract_calls_per_page": statistics.median(calls),
    }


def report() -> dict[str, float]:
    """Measure and print the OCR row of ``make bench``."""
    with tempfile.TemporaryDirectory(prefix="opfolg-bench-ocr-") as directory:
        found = measure(Path(directory))
    met = "met" if found["median_cpu_s_per_page"] <= GOAL else "NOT met"
    print(
        f"OCR: {found['median_cpu_s_per_page']:.2f} CPU s/page median, "
        f"{found['max_cpu_s_per_page']:.2f} max, over {found['pages']} scanned pages "
        f"(goal <= {GOAL:g}) {met}; of a page (medians): Tesseract "
        f"{found['tesseract_cpu_s_per_page']:.2f} in {found['tesseract_calls_per_page']:.0f} "
        f"calls, image work {found['image_cpu_s_per_page']:.2f}",
        flush=True,
    )
    return found


if __name__ == "__main__":
    report()
