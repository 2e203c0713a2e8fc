"""Regenerate the corpus and check every variant: `python -m tests.corpus [--only NAME …]`."""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import readme
from .build import PDF_DIR, TRUTH_DIR, write_variant
from .check import check_variant
from .variants import all_variants


def _build(name: str, build_dir: str) -> tuple[str, list[str], float, int]:
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # Type3 emoji fonts have no FontBBox
    started = time.monotonic()
    variant = next(v for v in all_variants() if v.name == name)
    pdf_path, _, truth = write_variant(variant, Path(build_dir))
    problems = check_variant(pdf_path, truth)
    return name, problems, time.monotonic() - started, pdf_path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.corpus", description=__doc__)
    parser.add_argument("--only", nargs="*", default=None, help="variant names (default: all)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # Type3 emoji fonts have no FontBBox
    names = [v.name for v in all_variants()]
    if args.only:
        unknown = set(args.only) - set(names)
        if unknown:
            parser.error(f"unknown variants: {sorted(unknown)}")
        names = [n for n in names if n in args.only]
    else:
        for old in (*PDF_DIR.glob("*.pdf"), *TRUTH_DIR.glob("*.json")):
            old.unlink()  # a variant dropped from the list leaves nothing behind
    started = time.monotonic()
    failed = 0
    with tempfile.TemporaryDirectory(prefix="corpus-build-") as build_dir:
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            futures = [pool.submit(_build, name, build_dir) for name in names]
            for future in futures:
                name, problems, seconds, size = future.result()
                status = "ok" if not problems else f"{len(problems)} problems"
                print(f"{name:48} {size / 1024:7.0f} KB {seconds:6.1f} s  {status}", flush=True)
                for problem in problems[:10]:
                    print(f"    {problem}")
                failed += bool(problems)
    if not args.only:
        readme.write()
    print(f"{len(names)} variants in {time.monotonic() - started:.0f} s, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
