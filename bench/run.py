"""`make bench`: opfolg against the floors of its PDF libraries and against camelot, in one run.

The corpus is the samples copied with distinct bytes (a comment after the end of each file), so
that nothing is skipped as unchanged and every measurement reads the same pages. Each measurement
runs BENCH_REPEAT times (default 3), all measurements in turn each round; the median is reported
as pages per second, with the ratios the targets speak of; then files per second on a Dask
LocalCluster against the local pool (bench.cluster), and the same per route of the
layout-variation corpus (bench.routes). Results go to bench/results.json.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

from pipeline.ingest import Options, ingest

from .ocr import report as ocr_report

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
RESULTS = ROOT / "bench" / "results.json"
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
COPIES = int(os.environ.get("BENCH_COPIES", "3"))
# camelot lattice reads about 4 pages a second: it runs this many rounds (the others REPEAT).
LATTICE_REPEAT = int(os.environ.get("BENCH_LATTICE_REPEAT", "1"))
# The peak memory per worker is compared between the samples once (about 100 pages) and this
# many copies of them (about 1,000 pages), on one worker.
MEMORY_COPIES = int(os.environ.get("BENCH_MEMORY_COPIES", "9"))
# The per-route bench (bench.routes) and the Dask lines (bench.cluster), each 0 to leave out.
ROUTES = os.environ.get("BENCH_ROUTES", "1") != "0"
DASK = os.environ.get("BENCH_DASK", "1") != "0"
CORES = os.cpu_count() or 1


def build_corpus(directory: Path, copies: int) -> tuple[list[Path], int]:
    """The samples ``copies`` times over, each copy with its own bytes; and the page count."""
    directory.mkdir(parents=True, exist_ok=True)
    files, pages = [], 0
    for copy in range(copies):
        for sample in sorted(SAMPLES.glob("*.pdf")):
            target = directory / f"{sample.stem}.copy{copy}.pdf"
            target.write_bytes(sample.read_bytes() + f"\n%bench copy {copy}\n".encode())
            files.append(target)
            document = pdfium.PdfDocument(str(target))
            pages += len(document)
            document.close()
    return files, pages


def median_seconds(
    runs: dict[str, Callable[[], object]],
    repeat: int = REPEAT,
    rounds: dict[str, int] | None = None,
) -> dict[str, float]:
    """The median time of each run, the runs taken in turn ``repeat`` times over (a run named
    in ``rounds`` only that many times, in the first rounds).

    Taken in turn, a stretch when the machine is slow weighs on every measurement alike rather
    than on the one that happened to run then, and the ratios stay put.
    """
    rounds = rounds or {}
    times: dict[str, list[float]] = {name: [] for name in runs}
    for round_ in range(1, repeat + 1):
        for name, run in runs.items():
            if round_ > rounds.get(name, repeat):
                continue
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
            print(f"  round {round_}/{repeat}  {name:<26} {times[name][-1]:8.2f} s", flush=True)
    return {name: statistics.median(values) for name, values in times.items()}


def pdfplumber_floor(files: list[Path]) -> None:
    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                len(page.chars)
                page.close()


def pdfium_floor(files: list[Path]) -> None:
    for path in files:
        document = pdfium.PdfDocument(str(path))
        for page in document:
            text = page.get_textpage()
            text.get_text_range()
            text.close()
            page.close()
        document.close()


def camelot_run(files: list[Path], flavor: str) -> None:
    import camelot

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in files:
            camelot.read_pdf(str(path), pages="all", flavor=flavor)


class OpfolgRun:
    """One ingest into a fresh directory each time; remembers the peak memory of its workers."""

    def __init__(self, directory: Path, backend: str, workers: int):
        self.directory, self.backend, self.workers = directory, backend, workers
        self.peak_rss = 0

    def __call__(self) -> None:
        out = Path(tempfile.mkdtemp(prefix="opfolg-bench-"))
        try:
            summary = ingest(
                [str(self.directory)], out, Options(backend=self.backend, workers=self.workers)
            )
            failed = [d for d in summary.documents if d.status != "ok"]
            if failed:
                raise SystemExit(f"bench: {failed[0].source_path}: {failed[0].error}")
            peaks = [d.peak_rss for d in summary.documents if d.peak_rss]
            self.peak_rss = max([self.peak_rss, *peaks])
        finally:
            shutil.rmtree(out, ignore_errors=True)


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="opfolg-corpus-"))
    try:
        small, small_pages = build_corpus(work / "small", 1)
        files, pages = build_corpus(work / "large", COPIES)
        corpus = work / "large"
        print(f"corpus: {len(files)} files, {pages} pages; {REPEAT} runs each, median", flush=True)

        runs: dict[str, Callable[[], object]] = {
            "floor_pdfplumber_chars": lambda: pdfplumber_floor(files),
            "floor_pdfium_text": lambda: pdfium_floor(files),
            "camelot_lattice": lambda: camelot_run(files, "lattice"),
            "camelot_stream": lambda: camelot_run(files, "stream"),
        }
        opfolg = {
            f"opfolg_{backend}_{workers}w": OpfolgRun(corpus, backend, workers)
            for backend in ("pdfium", "pdfplumber")
            for workers in sorted({1, CORES})
        }
        runs.update(opfolg)
        seconds = median_seconds(runs, rounds={"camelot_lattice": LATTICE_REPEAT})
        print(f"median (camelot_lattice: {LATTICE_REPEAT} round(s)):")
        for name, value in seconds.items():
            print(f"  {name:<26} {value:8.2f} s  {pages / value:8.1f} pages/s")

        memory_small = OpfolgRun(work / "small", "pdfium", 1)
        memory_small()
        _, memory_pages = build_corpus(work / "memory", MEMORY_COPIES)
        memory_large = OpfolgRun(work / "memory", "pdfium", 1)
        memory_large()
        rate = {name: pages / value for name, value in seconds.items()}
        ratios = {
            "pdfium_1w_vs_camelot_stream": rate["opfolg_pdfium_1w"] / rate["camelot_stream"],
            "pdfium_1w_vs_camelot_lattice": rate["opfolg_pdfium_1w"] / rate["camelot_lattice"],
            "pdfplumber_1w_time_vs_pdfplumber_floor": seconds["opfolg_pdfplumber_1w"]
            / seconds["floor_pdfplumber_chars"],
            f"pdfium_{CORES}w_vs_1w": rate[f"opfolg_pdfium_{CORES}w"] / rate["opfolg_pdfium_1w"],
        }
        targets = {
            "pdfium_1w_vs_camelot_stream": (">=", 2.0),
            "pdfium_1w_vs_camelot_lattice": (">=", 10.0),
            "pdfplumber_1w_time_vs_pdfplumber_floor": ("<=", 1.5),
            f"pdfium_{CORES}w_vs_1w": (">=", 1.8),
        }
        print("ratios (target):")
        for name, value in ratios.items():
            sign, goal = targets[name]
            met = value >= goal if sign == ">=" else value <= goal
            print(f"  {name:<40} {value:6.2f}  ({sign} {goal}) {'met' if met else 'NOT met'}")
        peaks = {
            f"{small_pages}_pages": memory_small.peak_rss,
            f"{memory_pages}_pages": memory_large.peak_rss,
        }
        print(
            "peak memory per worker (pdfium, 1 worker): "
            + ", ".join(f"{k.replace('_', ' ')} {v / 2**20:.0f} MB" for k, v in peaks.items())
        )
        results = {
            "pages": pages,
            "files": len(files),
            "repeat": REPEAT,
            "cores": CORES,
            "pages_per_second": {name: round(value, 2) for name, value in rate.items()},
            "seconds": {name: round(value, 3) for name, value in seconds.items()},
            "ratios": {name: round(value, 3) for name, value in ratios.items()},
            "peak_rss_bytes_per_worker": peaks,
        }
        if ROUTES:
            from .routes import measure  # it imports this module

            results |= measure(work)
        if DASK:
            from .cluster import rate_lines  # it imports this module

            results |= rate_lines(work)
        results["ocr"] = ocr_report()  # CPU s per scanned page (bench/ocr.py)
        RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        print(f"written: {RESULTS.relative_to(ROOT)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
