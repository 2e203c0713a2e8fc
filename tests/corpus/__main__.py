"""Regenerate the corpus and check every variant: `python -m tests.corpus [--only NAME …]`;
`--check` checks the committed variants again without regenerating them."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import checked, readme
from .build import PDF_DIR, TRUTH_DIR, write_variant
from .check import check_facts, check_variant, read_pdf
from .variants import all_variants


def _build(name: str, build_dir: str) -> tuple[str, list[str], float, int]:
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # Type3 emoji fonts have no FontBBox
    started = time.monotonic()
    variant = next(v for v in all_variants() if v.name == name)
    pdf_path, _, truth = write_variant(variant, Path(build_dir))
    problems = check_variant(pdf_path, truth)
    return name, problems, time.monotonic() - started, pdf_path.stat().st_size


def _check(name: str, build_dir: str) -> tuple[str, list[str], float, int]:
    """The committed variant, checked as it is (``build_dir`` unused)."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    started = time.monotonic()
    truth = json.loads((TRUTH_DIR / f"{name}.json").read_text(encoding="utf-8"))
    pdf_path = PDF_DIR / truth["file"]
    problems = check_facts(read_pdf(pdf_path), truth)
    return name, problems, time.monotonic() - started, pdf_path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.corpus", description=__doc__)
    parser.add_argument("--only", nargs="*", default=None, help="variant names (default: all)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--check", action="store_true", help="check the committed variants, build nothing"
    )
    args = parser.parse_args(argv)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # Type3 emoji fonts have no FontBBox
    names = [v.name for v in all_variants()]
    if args.only:
        unknown = set(args.only) - set(names)
        if unknown:
            parser.error(f"unknown variants: {sorted(unknown)}")
        names = [n for n in names if n in args.only]
    elif not args.check:
        for old in (*PDF_DIR.glob("*.pdf"), *TRUTH_DIR.glob("*.json")):
            old.unlink()  # a variant dropped from the list leaves nothing behind
    started = time.monotonic()
    failed = 0
    results: dict[str, bool] = {}
    work = _check if args.check else _build
    with tempfile.TemporaryDirectory(prefix="corpus-build-") as build_dir:
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            futures = [pool.submit(work, name, build_dir) for name in names]
            for future in futures:
                name, problems, seconds, size = future.result()
                status = "ok" if not problems else f"{len(problems)} problems"
                print(f"{name:48} {size / 1024:7.0f} KB {seconds:6.1f} s  {status}", flush=True)
                for problem in problems[:10]:
                    print(f"    {problem}")
                failed += bool(problems)
                results[name] = not problems
    checked.record(results)
    if not args.only:
        readme.write()
    print(f"{len(names)} variants in {time.monotonic() - started:.0f} s, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
