"""What a scanned copy gives against what its original gives: the OCR route's figures and bars.

A scan is made from a file's own rendering (tests/scans.py), so the original, converted from its
text layer, is the scan's truth — for a whole sample it equals the sample's truth JSON (the truth
tests say so), and for an excerpt of pages it is the only truth there is. Each figure is a share of
the original's records that the scan gives back:

- budget follow-ups: initiatives and milestones found; smileys right (every milestone and economy
  slot where either side shows a colour); milestone texts and titles, their mean rapidfuzz ratio;
  checkpoints and committee ids right;
- status lists: items found; title and text similarity; responsible, deadline and route right.

The bars are the OCR issue's. ``python -m tests.ocr_truth`` (`make ocr-check`) scans the full
samples and some layout variants, converts them and prints the figures against the bars.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from rapidfuzz.fuzz import ratio
from scans import excerpt_pdf, scan_pdf
from truthcheck import converted

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
CORPUS = ROOT / "tests" / "corpus" / "pdfs"

# The bars of the OCR issue: shares of the original's records (similarity: mean ratio / 100).
BARS = {
    "initiatives found": 1.0,
    "milestones found": 1.0,
    "smileys right": 0.99,
    "milestone texts similar": 0.95,
    "titles similar": 0.95,
    "checkpoints right": 0.98,
    "committee ids right": 0.98,
    "items found": 1.0,
    "item titles similar": 0.95,
    "item texts similar": 0.95,
    "responsible right": 0.98,
    "deadlines right": 0.98,
}


@dataclass(frozen=True)
class ScanCase:
    """A scanned copy of ``source``'s ``pages`` (all when empty)."""

    source: Path
    pages: tuple[int, ...] = ()

    @property
    def name(self) -> str:
        if not self.pages:
            return f"{self.source.stem}_scan"
        return f"{self.source.stem}_p{self.pages[0]}-{self.pages[-1]}_scan"

    def make(self, directory: Path) -> tuple[Path, Path]:
        """The scan and the original it is read against (the excerpt of the same pages)."""
        scan = directory / f"{self.name}.pdf"
        original = self.source
        if self.pages:
            original = directory / f"{self.name.removesuffix('_scan')}.pdf"
            if not original.exists():
                excerpt_pdf(self.source, original, self.pages)
        if not scan.exists():
            scan_pdf(self.source, scan, self.pages or None)
        return scan, original


def _span(first: int, last: int) -> tuple[int, ...]:
    return tuple(range(first, last + 1))


# What `make test` reads: an excerpt of each Ballerup sample (the reading guide's legend on page 1
# included, a table cut by a page break in each), one borderless landscape drawing, and the whole
# status list.
QUICK_CASES = (
    ScanCase(SAMPLES / "ballerup_opfoelgning_2019_2.pdf", _span(1, 5)),
    ScanCase(SAMPLES / "ballerup_opfoelgning_2019_2_vector.pdf", _span(20, 23)),
    ScanCase(CORPUS / "ballerup_c02_borderless_svg_landscape.pdf", _span(2, 4)),
    ScanCase(SAMPLES / "albertslund_budgetaftale_2012_status.pdf"),
)
# What `make ocr-check` reads: the whole documents, the measure.
FULL_CASES = (
    ScanCase(SAMPLES / "ballerup_opfoelgning_2019_2.pdf"),
    ScanCase(SAMPLES / "ballerup_opfoelgning_2019_2_vector.pdf"),
    ScanCase(SAMPLES / "albertslund_budgetaftale_2012_status.pdf"),
    ScanCase(CORPUS / "ballerup_c02_borderless_svg_landscape.pdf"),
    ScanCase(CORPUS / "ballerup_r04_shaded_cells_landscape.pdf"),
    ScanCase(CORPUS / "albertslund_status_r02_borderless_portrait.pdf"),
)


@dataclass
class Figure:
    """``right`` of ``total``, or a mean similarity (``right`` summed ratios / 100)."""

    right: float = 0.0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, good: bool | float, miss: str) -> None:
        self.total += 1
        self.right += float(good)
        if good is not True and (good is False or good < 0.95):
            self.misses.append(miss)

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0


def _similar(got: str | None, want: str | None) -> float:
    return ratio(got or "", want or "") / 100.0


def _fold(text: str | None) -> str:
    return " ".join((text or "").split())


def budget_figures(scan: dict, original: dict) -> dict[str, Figure]:
    figures = {name: Figure() for name in list(BARS)[:7]}
    key = ("agreement", "initiative_no")
    got = {tuple(r[k] for k in key): r for r in scan.get("initiatives", [])}
    got_m = {(r["agreement"], r["initiative_no"], r["seq"]): r for r in scan.get("milestones", [])}
    got_e = {(r["agreement"], r["initiative_no"]): r for r in scan.get("economy", [])}
    for want in original.get("initiatives", []):
        k = tuple(want[c] for c in key)
        where = " ".join(map(str, k))
        row = got.get(k)
        figures["initiatives found"].add(row is not None, where)
        if row is not None:
            figures["titles similar"].add(
                _similar(row["title"], want["title"]), f"{where}: {row['title']!r}"
            )
            figures["committee ids right"].add(
                list(row["responsible_committee_ids"]) == list(want["responsible_committee_ids"]),
                f"{where}: {row['responsible_committee_raw']!r}",
            )
        else:
            figures["titles similar"].add(False, where)
            figures["committee ids right"].add(False, where)
    for want in original.get("milestones", []):
        k = (want["agreement"], want["initiative_no"], want["seq"])
        where = " ".join(map(str, k))
        row = got_m.get(k)
        figures["milestones found"].add(row is not None, where)
        figures["milestone texts similar"].add(
            _similar(row["text"] if row else None, want["text"]),
            f"{where}: {row['text'][:60] if row else None!r}",
        )
        figures["checkpoints right"].add(
            row is not None and _fold(row["checkpoint_raw"]) == _fold(want["checkpoint_raw"]),
            f"{where}: {row['checkpoint_raw'] if row else None!r} for {want['checkpoint_raw']!r}",
        )
        _smiley(figures["smileys right"], row, want, where)
    for want in original.get("economy", []):
        k = (want["agreement"], want["initiative_no"])
        _smiley(figures["smileys right"], got_e.get(k), want, f"{' '.join(k)} economy")
    # A record the original does not hold is read wrong too: a found share counts it.
    _extras(figures["initiatives found"], got, original.get("initiatives", []), key)
    _extras(figures["milestones found"], got_m, original.get("milestones", []), (*key, "seq"))
    return figures


def _extras(figure: Figure, got: dict, original: list[dict], key: tuple[str, ...]) -> None:
    wanted = {tuple(row[c] for c in key) for row in original}
    for extra in sorted((k for k in got if k not in wanted), key=str):
        figure.add(False, f"{' '.join(map(str, extra))} read, not in the original")


def _smiley(figure: Figure, row: dict | None, want: dict, where: str) -> None:
    got = row["smiley"] if row else None
    if got is None and want["smiley"] is None:
        return
    right = got == want["smiley"] and (got is None or row["smiley_source"] == "ocr")
    source = row["smiley_source"] if row else None
    figure.add(right, f"{where}: {got} ({source}) for {want['smiley']}")


def status_figures(scan: dict, original: dict) -> dict[str, Figure]:
    figures = {name: Figure() for name in list(BARS)[7:]}
    got = {r["seq"]: r for r in scan.get("status_items", [])}
    for want in original.get("status_items", []):
        row = got.get(want["seq"])
        where = f"item {want['seq']}"
        figures["items found"].add(row is not None, where)
        row = row or {}
        figures["item titles similar"].add(
            _similar(row.get("title"), want["title"]), f"{where}: {row.get('title')!r}"
        )
        figures["item texts similar"].add(_similar(row.get("text"), want["text"]), where)
        figures["responsible right"].add(
            _fold(row.get("responsible_raw")) == _fold(want["responsible_raw"]),
            f"{where}: {row.get('responsible_raw')!r} for {want['responsible_raw']!r}",
        )
        figures["deadlines right"].add(
            _fold(row.get("deadline_raw")) == _fold(want["deadline_raw"]),
            f"{where}: {row.get('deadline_raw')!r} for {want['deadline_raw']!r}",
        )
    _extras(
        figures["items found"],
        {(k,): r for k, r in got.items()},
        original.get("status_items", []),
        ("seq",),
    )
    return figures


def figures(scan_path: Path, original_path: Path, backend: str = "pdfium") -> dict[str, Figure]:
    """The scan's figures against its original, by the original's family."""
    scan, original = converted(scan_path, backend), converted(original_path, backend)
    (document,) = original["documents"]
    if document["doc_type"] == "status_list":
        return status_figures(scan, original)
    return budget_figures(scan, original)


def missed_bars(found: dict[str, Figure]) -> list[str]:
    """Each figure below its bar, in words."""
    return [
        f"{name} {figure.share:.1%} < {BARS[name]:.0%} ({figure.total} in all); "
        f"first misses: {'; '.join(figure.misses[:4])}"
        for name, figure in found.items()
        if figure.share < BARS[name]
    ]


def _measure(job: tuple[str, str]) -> tuple[str, dict[str, Figure], dict]:
    scan, original = map(Path, job)
    found = figures(scan, original)
    (document,) = converted(scan, "pdfium")["documents"]
    return scan.stem, found, document


def measure(cases: Iterable[ScanCase], directory: Path, processes: int = 2) -> list[tuple]:
    jobs = [tuple(map(str, case.make(directory))) for case in cases]
    with get_context("spawn").Pool(processes) as pool:
        return list(pool.imap(_measure, jobs))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Scanned copies read against their originals.")
    parser.add_argument("--quick", action="store_true", help="the excerpts `make test` reads")
    parser.add_argument("--dir", type=Path, default=None, help="keep the scans here")
    arguments = parser.parse_args(argv)
    cases = QUICK_CASES if arguments.quick else FULL_CASES
    directory = arguments.dir or Path(tempfile.mkdtemp(prefix="opfolg-scans-"))
    failed = False
    for name, found, document in measure(cases, directory, os.cpu_count() or 1):
        print(f"\n{name}: {document['status']}, OCR pages {list(document['ocr_pages'])}")
        for figure_name, figure in found.items():
            mark = "ok " if figure.share >= BARS[figure_name] else "MISS"
            print(f"  {mark} {figure_name:26} {figure.share:7.1%}  of {figure.total}")
        for miss in missed_bars(found):
            failed = True
            print(f"  - {miss}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
