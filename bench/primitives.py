"""Pages per second of the page-model build, per backend, on the two Ballerup samples.

One run opens the file, builds every page and closes it, on one core; the figures are the median
of five runs, by the wall clock and by the CPU time of this process (the second stays put when
other work shares the machine). Run from the repository root:
``python -m bench.primitives [--backend NAME] [--runs N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script, not as a module
    sys.path.insert(0, str(ROOT))

from extractors.pdf import BACKENDS, open_pdf  # noqa: E402

SAMPLES = (
    ROOT / "samples" / "ballerup_opfoelgning_2019_2.pdf",
    ROOT / "samples" / "ballerup_opfoelgning_2019_2_vector.pdf",
)
RUNS = 5


def pages_per_second(path: Path, backend: str, runs: int = RUNS) -> tuple[float, float]:
    """Pages built per wall-clock second and per CPU second, open and close included.

    Each is the median over ``runs`` runs.
    """
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        source = open_pdf(path, backend)
        try:
            pages = source.info.pages
            for number in range(1, pages + 1):
                source.page(number)
        finally:
            source.close()
        wall.append(pages / (time.perf_counter() - start))
        cpu.append(pages / (time.process_time() - start_cpu))
    return statistics.median(wall), statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=BACKENDS, action="append")
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    for backend in args.backend or BACKENDS:
        for path in SAMPLES:
            if not path.is_file():
                print(f"missing sample: {path}", file=sys.stderr)
                return 1
            wall, cpu = pages_per_second(path, backend, args.runs)
            print(f"{backend:<11} {path.name:<42} {wall:8.1f} pages/s {cpu:8.1f} pages/CPU-s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
