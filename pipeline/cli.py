"""The command line: parse arguments, call the library, print. One function adds each subcommand's
arguments and one runs it (COMMANDS). Exit codes: 0 all documents ok, 1 some documents failed or
some input could not be read or OUT holds damage a run could not repair (the rest was written),
2 usage or configuration error (nothing written)."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path

from extractors.pdf import BACKENDS
from extractors.pdf.ocr import OCR_MODES
from normalise.registry import DEFAULT_OVERRIDES_NAME, Registry
from normalise.review import accept, format_queue
from outputs.report import Line, format_summary, totals
from outputs.schemas import CONTRACT_VERSION

from . import defaults
from .cluster import ClusterError, parse_address
from .convert import spare_pandas
from .ingest import InputError, Options, OutputError, RunSummary, ingest, plan_ingest, release
from .lock import LockedError
from .manifest import dumps
from .verify import NotAnOutputDirectory, verify

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


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


def _size(n: int) -> str:
    """A size as --max-memory takes it: 2147483648 -> "2G"."""
    for unit, factor in (("G", 1024**3), ("M", 1024**2), ("K", 1024)):
        if n % factor == 0:
            return f"{n // factor}{unit}"
    return str(n)


def _positive(kind):
    def parse(text: str):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be more than 0: {text}")
        return value

    return parse


# ------------------------------------------------------------ opfolg ingest


def add_ingest(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser(
        "ingest",
        help="convert PDFs into the datasets under --out",
        description="Convert the PDFs named, and those below the folders named, into the "
        "datasets under --out. Only what changed is converted; see README.md.",
    )
    run.add_argument("paths", nargs="+", help="PDF files or folders (searched recursively)")
    run.add_argument("--out", required=True, type=Path, metavar="DIR", help="the output directory")
    run.add_argument(
        "--backend",
        choices=BACKENDS,
        default=defaults.BACKEND,
        help="the PDF backend (default: %(default)s)",
    )
    run.add_argument(
        "--ocr",
        choices=OCR_MODES,
        default=defaults.OCR,
        help="which pages are read through OCR: auto, the scanned ones (no text layer, an image "
        "over most of the page); always, every page; never (default: %(default)s)",
    )
    run.add_argument(
        "--workers",
        type=_positive(int),
        metavar="N",
        default=defaults.WORKERS,
        help="worker processes; the datasets do not depend on it (default: the machine's "
        "cores, here %(default)s)",
    )
    run.add_argument(
        "--timeout",
        type=_positive(float),
        metavar="S",
        default=defaults.TIMEOUT,
        help="seconds per file, time spent waiting for a processor aside (default: %(default)g)",
    )
    run.add_argument(
        "--max-memory",
        type=_memory,
        metavar="SIZE",
        default=defaults.MAX_MEMORY,
        help=f"resident memory per file, e.g. 2G, 512M (default: {_size(defaults.MAX_MEMORY)})",
    )
    run.add_argument(
        "--max-pages",
        type=_positive(int),
        metavar="N",
        default=defaults.MAX_PAGES,
        help="a file with more pages fails (default: %(default)s)",
    )
    run.add_argument("--password", metavar="P", help="password for encrypted PDFs (default: none)")
    run.add_argument(
        "--overrides",
        type=Path,
        metavar="FILE",
        default=None,
        help=f"local alias overrides (default: OUT/{DEFAULT_OVERRIDES_NAME} if present)",
    )
    run.add_argument(
        "--prune",
        action="store_true",
        help="remove the documents no longer in the input; refused when a named path is "
        "missing, empty or not all readable",
    )
    run.add_argument(
        "--force", action="store_true", help="convert every input file again, changed or not"
    )
    run.add_argument(
        "--dry-run",
        action="store_true",
        help="print the plan (convert, skip, replace, remove, retry) and write nothing",
    )
    run.add_argument("--wait", action="store_true", help="wait for another run on OUT to finish")
    run.add_argument(
        "--dask",
        type=_dask_address,
        metavar="ADDRESS",
        default=None,
        help="convert on a Dask cluster: a scheduler's address (tcp://HOST:8786), or local:N "
        "for N worker processes on this machine; --workers does not apply (default: no Dask)",
    )
    run.add_argument("--json", action="store_true", help="print a JSON summary on stdout")


def _dask_address(text: str) -> str:
    try:
        return parse_address(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def _overrides(arguments: argparse.Namespace, out: Path) -> Path | None:
    if arguments.overrides is not None:
        return arguments.overrides
    default = out / DEFAULT_OVERRIDES_NAME
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


def _summary_json(summary: RunSummary, error: str | None = None) -> dict:
    return {
        "out": str(summary.out),
        "error": error,
        "cluster": summary.cluster,
        "totals": totals(summary.manifest),
        "documents": [
            {
                "doc_id": d.doc_id,
                "source_path": d.source_path,
                "status": d.status,
                "error": d.error,
                "skipped": d.skipped,
                "action": d.action,
                "reason": d.reason,
                "copies": list(d.copies),
            }
            for d in summary.documents
        ],
        "removed": [
            {"doc_id": r.doc_id, "source_path": r.source_path, "reason": r.reason}
            for r in summary.removals
        ],
        "damaged": summary.damaged,
        "unrepaired": summary.unrepaired,
        "usage_errors": summary.usage_errors,
        "log": str(summary.log) if summary.log else None,
    }


def _plan_json(summary: RunSummary) -> dict:
    assert summary.plan is not None
    return {
        "out": str(summary.out),
        "dry_run": True,
        "plan": [
            {
                "action": item.action.value,
                "doc_id": item.doc_id,
                "source_path": item.source_path,
                "reason": item.reason,
                "copies": list(item.copies),
                "replaces": list(item.replaces),
            }
            for item in summary.plan.items
        ],
        "damaged": summary.damaged,
        "unrepaired": summary.unrepaired,
        "usage_errors": summary.usage_errors,
    }


def _summary_text(summary: RunSummary) -> str:
    lines = [
        Line(d.source_path, d.status, d.error, d.skipped, d.copies, d.changed)
        for d in summary.documents
    ]
    sections = [
        (
            "removed",
            [f"{r.source_path} (doc_id {r.doc_id[:12]}…): {r.reason}" for r in summary.removals],
        ),
        (
            "found in OUT at the start (taken out, or converted again where in the input)",
            summary.damaged,
        ),
        ("damage in OUT not repaired (name the file again to restore it)", summary.unrepaired),
        ("input that could not be read", summary.usage_errors),
    ]
    text = format_summary(summary.manifest, lines, str(summary.out), sections)
    text += f"\nconverted on: {summary.cluster}" if summary.cluster else ""
    return text + (f"\nlog: {summary.log}" if summary.log else "")


def run_ingest(arguments: argparse.Namespace) -> int:
    options = Options(
        backend=arguments.backend,
        ocr=arguments.ocr,
        workers=arguments.workers,
        timeout=arguments.timeout,
        max_memory=arguments.max_memory,
        max_pages=arguments.max_pages,
        password=arguments.password,
        overrides=_overrides(arguments, arguments.out),
        prune=arguments.prune,
        wait=arguments.wait,
        force=arguments.force,
        dask=arguments.dask,
    )
    if arguments.dry_run:
        return _dry_run(arguments, options)
    progress, update = _progress()
    try:
        if progress is not None:
            with progress:
                summary = ingest(arguments.paths, arguments.out, options, update)
        else:
            summary = ingest(arguments.paths, arguments.out, options)
    except InputError as error:
        return _refused(arguments, error.lines, RunSummary(arguments.out))
    except (LockedError, ClusterError) as error:
        return _refused(arguments, [str(error)], RunSummary(arguments.out))
    except OutputError as error:
        return _refused(arguments, [str(error)], error.summary)
    for message in summary.usage_errors:
        print(f"opfolg: {message}", file=sys.stderr)
    if arguments.json:
        emit(dumps(_summary_json(summary)))
    else:
        emit(_summary_text(summary))
    if summary.failed or summary.usage_errors or summary.unrepaired:
        return EXIT_FAILED
    return EXIT_OK


def _refused(arguments: argparse.Namespace, lines: list[str], summary: RunSummary) -> int:
    """Exit 2: the reason on stderr, one line each; with --json the summary all the same."""
    for line in lines:
        print(f"opfolg: {line}", file=sys.stderr)
    if arguments.json:
        emit(dumps(_summary_json(summary, "; ".join(lines))))
    return EXIT_USAGE


def _dry_run(arguments: argparse.Namespace, options: Options) -> int:
    try:
        summary = plan_ingest(arguments.paths, arguments.out, options)
    except InputError as error:
        return _refused(arguments, error.lines, RunSummary(arguments.out))
    for message in summary.usage_errors:
        print(f"opfolg: {message}", file=sys.stderr)
    if arguments.json:
        emit(dumps(_plan_json(summary)))
        return EXIT_OK
    assert summary.plan is not None
    text = [f"dry run: nothing written to {arguments.out}", summary.plan.describe()]
    if summary.damaged:
        text += ["damage found in OUT:", *(f"  {line}" for line in summary.damaged)]
    emit("\n".join(text))
    return EXIT_OK


# ------------------------------------------------------------ opfolg review


def add_review(commands: argparse._SubParsersAction) -> None:
    review = commands.add_parser("review", help="the names the normaliser could not map")
    review.add_argument("data", type=Path, help="an output directory of `opfolg ingest`")
    review.add_argument(
        "--overrides",
        type=Path,
        default=None,
        help=f"the overrides file (default: DATA/{DEFAULT_OVERRIDES_NAME})",
    )
    actions = review.add_subparsers(dest="action")
    add = actions.add_parser("accept", help="map RAW to ID from the next run on")
    add.add_argument("raw", help="the raw text exactly as the queue shows it")
    add.add_argument("id", help="a registry id, e.g. ballerup.social-og-sundhedsudvalget")


def run_review(arguments: argparse.Namespace) -> int:
    data: Path = arguments.data
    if arguments.action == "accept":
        path = arguments.overrides or data / DEFAULT_OVERRIDES_NAME
        municipality = arguments.id.split(".", 1)[0]
        try:
            accept(arguments.raw, arguments.id, municipality, path, Registry.load(path))
        except ValueError as error:
            print(f"opfolg: {error}", file=sys.stderr)
            return EXIT_USAGE
        emit(f"accepted: {arguments.raw!r} -> {arguments.id} (in {path}); the next run maps it")
        return EXIT_OK
    queue = data / "review_queue.parquet"
    if not queue.is_file():
        print(f"opfolg: no review queue in {data} (run `opfolg ingest` first)", file=sys.stderr)
        return EXIT_USAGE
    emit(format_queue(queue))
    return EXIT_OK


# ------------------------------------------------------------ opfolg verify


def add_verify(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser(
        "verify",
        help="check every file of an output directory against its manifest",
        description="Check that every file manifest.json vouches for is there with its size "
        "and SHA-256, and that no rows are there that it does not vouch for. Exit 0 when all "
        "is well, 1 on damage (`opfolg ingest` over the same input repairs it), 2 when OUT is "
        "not an output directory.",
    )
    check.add_argument("out", type=Path, help="an output directory of `opfolg ingest`")
    check.add_argument("--json", action="store_true", help="print the findings as JSON")


def run_verify(arguments: argparse.Namespace) -> int:
    try:
        report = verify(arguments.out)
    except NotAnOutputDirectory as error:
        print(f"opfolg: {error}", file=sys.stderr)
        return EXIT_USAGE
    if arguments.json:
        emit(
            dumps(
                {
                    "out": str(report.out),
                    "ok": report.ok,
                    "documents": report.documents,
                    "files": report.files,
                    "problems": report.problems,
                }
            )
        )
    else:
        head = f"{report.out}: {report.documents} document(s), {report.files} file(s) checked"
        if report.ok:
            emit(f"{head}: all as written")
        else:
            emit("\n".join([f"{head}: {len(report.problems)} problem(s)", *report.problems]))
    return EXIT_OK if report.ok else EXIT_FAILED


# ------------------------------------------------------------ opfolg inspect


def add_inspect(commands: argparse._SubParsersAction) -> None:
    look = commands.add_parser(
        "inspect",
        help="what opfolg sees in one file: bands, cells and how they were read",
        description="Print, per page, the bands and cells the layout found (ruled or found in "
        "the whitespace, running heads and feet, rows continued over a page break), the smileys "
        "in them, and what the document's family read each band as. With --png, draw the same "
        "over each rendered page: ruled cells blue, whitespace cells orange, running heads and "
        "feet grey, a continued row with a red bar, smileys as dots in their colour.",
    )
    look.add_argument("file", type=Path, help="a PDF")
    look.add_argument("--pages", metavar="3-5,8", help="only these pages (default: all)")
    look.add_argument("--png", type=Path, metavar="DIR", help="write one picture per page here")
    look.add_argument(
        "--backend",
        choices=BACKENDS,
        default=defaults.BACKEND,
        help="the PDF backend (%(default)s)",
    )
    look.add_argument(
        "--ocr",
        choices=OCR_MODES,
        default=defaults.OCR,
        help="which pages are read through OCR (%(default)s)",
    )
    look.add_argument("--password", help="password for an encrypted PDF")


def run_inspect(arguments: argparse.Namespace) -> int:
    from extractors.inspection import inspect_document
    from extractors.pdf import PdfError, open_pdf
    from extractors.pdf.ocr import OcrMode, OcrSource

    from .inspect import parse_pages, write_listing, write_pictures

    try:
        pages = parse_pages(arguments.pages)
        source = open_pdf(arguments.file, arguments.backend, arguments.password)
        source = OcrSource(source, arguments.file, arguments.password, OcrMode(arguments.ocr))
    except (ValueError, PdfError) as error:
        print(f"opfolg: {arguments.file}: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        inspection = inspect_document(source, pages)
    finally:
        source.close()
    listing = io.StringIO()
    write_listing(inspection, listing)
    if arguments.png is not None:
        written = write_pictures(arguments.file, inspection, arguments.png, arguments.password)
        listing.write(f"\n{len(written)} picture(s) in {arguments.png}\n")
    emit(listing.getvalue())
    return EXIT_OK


# ------------------------------------------------------------ opfolg report


def add_report(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser(
        "report",
        help="one static HTML report of the datasets, with its numbers as CSV beside it",
        description="Write one HTML file that opens offline (scripts inline, no request leaves "
        "it): plots and tables of the datasets in DATA, every number a DuckDB query over the "
        "Parquet, and each table's numbers as a CSV file in <name>_csv/ beside it. Exit 0 when "
        "written, 2 when DATA holds no datasets it can read.",
    )
    report.add_argument("data", type=Path, help="an output directory of `opfolg ingest`")
    report.add_argument(
        "--out", type=Path, default=None, help="the HTML file (default: DATA/report.html)"
    )


def run_report(arguments: argparse.Namespace) -> int:
    # DuckDB, Plotly and Jinja2 take about a second to import: only the report pays for them.
    from outputs.research_report import DatasetError, write_report

    try:
        files = write_report(arguments.data, arguments.out)
    except DatasetError as error:
        print(f"opfolg: {error}", file=sys.stderr)
        return EXIT_USAGE
    emit(
        f"report: {files.html} ({files.plots} plots); "
        f"its numbers: {len(files.csv_files)} CSV files in {files.csv_dir}"
    )
    return EXIT_OK


# ------------------------------------------------------------ the program

COMMANDS: dict[str, tuple[Callable, Callable[[argparse.Namespace], int]]] = {
    "ingest": (add_ingest, run_ingest),
    "review": (add_review, run_review),
    "verify": (add_verify, run_verify),
    "inspect": (add_inspect, run_inspect),
    "report": (add_report, run_report),
}


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="opfolg",
        description="Danish municipal follow-up PDFs into typed Parquet datasets. Exit codes: "
        "0 all documents ok, 1 some documents failed (the rest was written), 2 usage or "
        "configuration error (nothing written).",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"opfolg {release()} (contract {CONTRACT_VERSION})",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for add, _ in COMMANDS.values():
        add(commands)
    return parser


def emit(text: str) -> None:
    """Print to stdout; a reader that has gone (``| head``) costs the output, not the run."""
    try:
        print(text.rstrip("\n"), flush=True)
    except BrokenPipeError:
        # Python would fail again flushing stdout at exit: point it at nothing instead.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def main(argv: list[str] | None = None) -> int:
    # A file name whose bytes are not UTF-8 is shown as its escapes, not a crash.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    if hasattr(sys.stderr, "reconfigure"):
        sys.stderr.reconfigure(errors="backslashreplace")
    arguments = build_parser().parse_args(argv)
    if arguments.command == "ingest":
        spare_pandas()  # this process writes tables too, and is ours to set up
    return COMMANDS[arguments.command][1](arguments)


if __name__ == "__main__":
    sys.exit(main())
