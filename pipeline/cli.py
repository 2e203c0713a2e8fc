"""The command line: parse arguments, call the library, print. Exit codes: 0 all documents ok,
1 some documents failed (the rest were written), 2 usage or configuration error."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from extractors.pdf import BACKENDS, DEFAULT_BACKEND
from normalise.registry import DEFAULT_OVERRIDES_NAME, Registry
from normalise.review import accept, format_queue
from outputs.report import Line, format_summary, totals

from .convert import spare_pandas
from .ingest import Options, RunSummary, ingest
from .lock import LockedError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DEFAULT_OVERRIDES = DEFAULT_OVERRIDES_NAME  # kept in OUT, beside the datasets it maps


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too; say so in our own words
        self.print_usage(sys.stderr)
        dashed = [a for a in sys.argv[1:] if a.startswith("-") and Path(a).is_file()]
        if dashed:
            message += (
                f'; to name a file that starts with "-", write "-- {dashed[0]}" or "./{dashed[0]}"'
            )
        print(f"opfolg: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _memory(text: str) -> int:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    text = text.strip().lower().rstrip("b")
    factor = units.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in units else text
    try:
        return int(float(number) * factor)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 2G, 512M)") from error


def _positive(kind):
    def parse(text: str):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be more than 0: {text}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="opfolg", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("ingest", help="convert PDFs into the datasets under --out")
    run.add_argument("paths", nargs="+", help="PDF files or folders (searched recursively)")
    run.add_argument("--out", required=True, type=Path, help="the output directory")
    run.add_argument("--backend", choices=BACKENDS, default=DEFAULT_BACKEND)
    run.add_argument("--workers", type=_positive(int), default=max(1, os.cpu_count() or 1))
    run.add_argument("--timeout", type=_positive(float), default=120.0, help="seconds per file")
    run.add_argument("--max-memory", type=_memory, default=2 * 1024**3, help="per file, e.g. 2G")
    run.add_argument("--max-pages", type=_positive(int), default=1000)
    run.add_argument("--password", help="password for encrypted PDFs")
    run.add_argument(
        "--overrides",
        type=Path,
        default=None,
        help=f"local alias overrides (default: OUT/{DEFAULT_OVERRIDES} if present)",
    )
    run.add_argument("--prune", action="store_true", help="drop documents no longer in the input")
    run.add_argument("--wait", action="store_true", help="wait for another run on OUT to finish")
    run.add_argument("--json", action="store_true", help="print a JSON summary on stdout")

    review = commands.add_parser("review", help="the names the normaliser could not map")
    review.add_argument("data", type=Path, help="an output directory of `opfolg ingest`")
    review.add_argument("--overrides", type=Path, default=None, help="the overrides file")
    actions = review.add_subparsers(dest="action")
    add = actions.add_parser("accept", help="map RAW to ID from the next run on")
    add.add_argument("raw", help="the raw text exactly as the queue shows it")
    add.add_argument("id", help="a registry id, e.g. ballerup.social-og-sundhedsudvalget")
    return parser


def _overrides(arguments: argparse.Namespace, out: Path) -> Path | None:
    if arguments.overrides is not None:
        return arguments.overrides
    default = out / DEFAULT_OVERRIDES
    return default if default.exists() else None


def _progress():
    if not sys.stderr.isatty():
        return None, None
    from rich.progress import Progress

    progress = Progress(transient=True)
    task = progress.add_task("converting", total=None)

    def update(done: int, total: int, name: str) -> None:
        progress.update(task, completed=done, total=total, description=Path(name).name[:40])

    return progress, update


def _json_summary(summary: RunSummary) -> str:
    return json.dumps(
        {
            "out": str(summary.out),
            "totals": totals(summary.manifest),
            "documents": [
                {
                    "doc_id": d.doc_id,
                    "source_path": d.source_path,
                    "status": d.status,
                    "error": d.error,
                    "skipped": d.skipped,
                }
                for d in summary.documents
            ],
            "usage_errors": summary.usage_errors,
            "log": str(summary.log) if summary.log else None,
        },
        ensure_ascii=False,
        indent=1,
    )


def run_ingest(arguments: argparse.Namespace) -> int:
    options = Options(
        backend=arguments.backend,
        workers=arguments.workers,
        timeout=arguments.timeout,
        max_memory=arguments.max_memory,
        max_pages=arguments.max_pages,
        password=arguments.password,
        overrides=_overrides(arguments, arguments.out),
        prune=arguments.prune,
        wait=arguments.wait,
    )
    progress, update = _progress()
    try:
        if progress is not None:
            with progress:
                summary = ingest(arguments.paths, arguments.out, options, update)
        else:
            summary = ingest(arguments.paths, arguments.out, options)
    except LockedError as error:
        print(f"opfolg: {error}", file=sys.stderr)
        return EXIT_USAGE
    for message in summary.usage_errors:
        print(f"opfolg: {message}", file=sys.stderr)
    if arguments.json:
        print(_json_summary(summary))
    else:
        lines = [Line(d.source_path, d.status, d.error, d.skipped) for d in summary.documents]
        print(format_summary(summary.manifest, lines, str(summary.out)))
        if summary.log:
            print(f"log: {summary.log}")
    if summary.usage_errors and not summary.documents:
        return EXIT_USAGE
    return EXIT_FAILED if summary.failed else EXIT_OK


def run_review(arguments: argparse.Namespace) -> int:
    data: Path = arguments.data
    if arguments.action == "accept":
        path = arguments.overrides or data / DEFAULT_OVERRIDES
        municipality = arguments.id.split(".", 1)[0]
        try:
            accept(arguments.raw, arguments.id, municipality, path, Registry.load(path))
        except ValueError as error:
            print(f"opfolg: {error}", file=sys.stderr)
            return EXIT_USAGE
        print(f"accepted: {arguments.raw!r} -> {arguments.id} (in {path}); the next run maps it")
        return EXIT_OK
    queue = data / "review_queue.parquet"
    if not queue.is_file():
        print(f"opfolg: no review queue in {data} (run `opfolg ingest` first)", file=sys.stderr)
        return EXIT_USAGE
    print(format_queue(queue))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    if arguments.command == "ingest":
        spare_pandas()  # this process writes tables too, and is ours to set up
        return run_ingest(arguments)
    return run_review(arguments)


if __name__ == "__main__":
    sys.exit(main())
