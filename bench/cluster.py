"""The Dask lines of the bench: files per second on ``--dask local:2`` against the local pool of
two workers on the same corpus (in `make bench`), and the memory of each Dask worker over a run of
BENCH_DASK_DOCUMENTS documents, 1,000 by default (`make bench-memory`, ``python -m bench.cluster``:
it takes a while).

The memory is sampled every MEMORY_EVERY documents from every Dask worker: the worker process
itself (which holds the bytes of the files it is sent) and the conversion process it keeps from
task to task (pipeline.cluster_worker). The first sample is taken once each has converted dozens
of files, so that the libraries' one-time imports are not counted as growth.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import dask
import psutil
import pypdfium2 as pdfium
from distributed import Client

from pipeline.cluster import local_cluster, local_cluster_settings
from pipeline.ingest import Options, RunSummary, ingest

from .run import REPEAT, RESULTS, ROOT, SAMPLES, build_corpus, median_seconds

DASK_WORKERS = 2  # --dask local:2, against a local pool of as many workers
MEMORY_DOCUMENTS = int(os.environ.get("BENCH_DASK_DOCUMENTS", "1000"))
MEMORY_EVERY = 100  # documents between two samples of the workers' memory
CLIENT = "client"
# The memory run takes the samples of at most this many pages (the Albertslund families, not the
# 44-page budget follow-ups), so that its 1,000 documents take minutes, not an hour, on two cores.
MEMORY_MAX_PAGES = int(os.environ.get("BENCH_DASK_MAX_PAGES", "20"))


@dataclass(frozen=True, slots=True)
class WorkerMemory:
    """One Dask worker at one moment: resident bytes of the worker process and of the
    conversion processes it started."""

    worker: int
    conversion: int


def worker_memory() -> WorkerMemory:
    """Run on a Dask worker (Client.run)."""
    process = psutil.Process()
    children = process.children(recursive=True)
    conversion = 0
    for child in children:
        try:
            conversion += child.memory_info().rss
        except psutil.NoSuchProcess:  # ended by its task's limits between the two calls
            pass
    return WorkerMemory(process.memory_info().rss, conversion)


def checked(summary: RunSummary) -> RunSummary:
    failed = [d for d in summary.documents if d.status != "ok"]
    if failed:
        raise SystemExit(f"bench: {failed[0].source_path}: {failed[0].error}")
    return summary


def timed_ingest(corpus: Path, options: Options) -> Callable[[], object]:
    def run() -> object:
        out = Path(tempfile.mkdtemp(prefix="opfolg-bench-"))
        try:
            return checked(ingest([str(corpus)], out, options))
        finally:
            shutil.rmtree(out, ignore_errors=True)

    return run


def files_per_second(corpus: Path, files: int) -> dict[str, float]:
    """The local pool, --dask local:2 as a user starts it (a LocalCluster started and stopped by
    each run), and a LocalCluster of two workers already running, as a scheduler elsewhere is."""
    with (
        dask.config.set(local_cluster_settings()),
        local_cluster(DASK_WORKERS) as running,
    ):
        runs = {
            f"opfolg_pdfium_pool_{DASK_WORKERS}w": timed_ingest(
                corpus, Options(workers=DASK_WORKERS)
            ),
            f"opfolg_pdfium_dask_local{DASK_WORKERS}": timed_ingest(
                corpus, Options(dask=f"local:{DASK_WORKERS}")
            ),
            f"opfolg_pdfium_dask_running{DASK_WORKERS}": timed_ingest(
                corpus, Options(dask=running.scheduler_address)
            ),
        }
        seconds = median_seconds(runs, REPEAT)
    return {name: files / value for name, value in seconds.items()}


def memory_over(corpus: Path, documents: int) -> dict[str, list[dict]]:
    """Each worker's memory, and this process's, every MEMORY_EVERY documents of one --dask run
    over ``corpus``."""
    samples: dict[str, list[dict]] = {}
    out = Path(tempfile.mkdtemp(prefix="opfolg-bench-"))
    with (
        dask.config.set(local_cluster_settings()),
        local_cluster(DASK_WORKERS) as cluster,
        Client(cluster) as client,
    ):

        def sample(done: int, total: int, name: str) -> None:
            if done % MEMORY_EVERY and done != total:
                return
            for worker, memory in client.run(worker_memory).items():
                samples.setdefault(worker, []).append({"documents": done, **asdict(memory)})
            # This process, the one writer, for comparison: its own bytes only.
            writer = psutil.Process().memory_info().rss
            samples.setdefault(CLIENT, []).append({"documents": done, "process": writer})
            print(f"  {done}/{total} documents", flush=True)

        try:
            options = Options(dask=cluster.scheduler_address)
            summary = checked(ingest([str(corpus)], out, options, sample))
            assert len(summary.documents) == documents
        finally:
            shutil.rmtree(out, ignore_errors=True)
    client_values = samples.pop(CLIENT)
    workers = {f"worker {n}": values for n, (_, values) in enumerate(sorted(samples.items()), 1)}
    return workers | {CLIENT: client_values}


def growth(values: list[dict], part: str) -> tuple[int, int, int]:
    """The first and the last sample of ``part`` and the largest, in bytes."""
    series = [value[part] for value in values]
    return series[0], series[-1], max(series)


def rate_lines(work: Path) -> dict:
    """Files per second, printed, and returned for bench/results.json."""
    corpus = work / "dask-rate"
    files, _ = build_corpus(corpus, 3)
    print(f"dask: {len(files)} files, local pool against --dask local:{DASK_WORKERS}", flush=True)
    rate = files_per_second(corpus, len(files))
    pool, *dask_runs = rate
    for name in rate:
        print(f"  {name:<34} {rate[name]:8.2f} files/s")
    ratios = {
        f"{name.removeprefix('opfolg_pdfium_')}_vs_pool": rate[name] / rate[pool]
        for name in dask_runs
    }
    for name, value in ratios.items():
        print(f"  {name:<34} {value:8.2f}")
    return {
        "dask_files": len(files),
        "files_per_second": {name: round(value, 2) for name, value in rate.items()},
        "dask_ratios": {name: round(value, 3) for name, value in ratios.items()},
    }


def pages(path: Path) -> int:
    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def memory_corpus(directory: Path, documents: int) -> list[Path]:
    """``documents`` copies, each with its own bytes, of the samples of at most
    MEMORY_MAX_PAGES pages, taken in turn."""
    directory.mkdir(parents=True, exist_ok=True)
    samples = [path for path in sorted(SAMPLES.glob("*.pdf")) if pages(path) <= MEMORY_MAX_PAGES]
    files = []
    for number in range(documents):
        sample = samples[number % len(samples)]
        target = directory / f"{sample.stem}.copy{number}.pdf"
        target.write_bytes(sample.read_bytes() + f"\n%bench copy {number}\n".encode())
        files.append(target)
    return files


def memory_lines(work: Path, documents: int = MEMORY_DOCUMENTS) -> dict:
    """Memory per worker over ``documents`` copies of the smaller samples, printed and returned."""
    corpus = work / "dask-memory"
    memory_corpus(corpus, documents)
    print(f"dask: memory per worker over {documents} documents", flush=True)
    started = time.perf_counter()
    memory = memory_over(corpus, documents)
    rate = documents / (time.perf_counter() - started)
    for worker, values in memory.items():
        for part in ("worker", "conversion") if worker != CLIENT else ("process",):
            first, last, peak = growth(values, part)
            print(
                f"  {worker} {part:<10} after {values[0]['documents']:>4} documents "
                f"{first / 2**20:5.0f} MB, after {values[-1]['documents']:>4} {last / 2**20:5.0f}"
                f" MB, largest {peak / 2**20:5.0f} MB"
            )
    return {
        "dask_memory_documents": documents,
        "dask_memory_files_per_second": round(rate, 2),
        "dask_memory_samples": memory,
        "load_average": os.getloadavg(),
    }


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="opfolg-corpus-"))
    try:
        results = memory_lines(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    kept = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    RESULTS.write_text(json.dumps(kept | results, indent=1) + "\n", encoding="utf-8")
    print(f"written: {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
