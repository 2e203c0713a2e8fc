"""The damage corpus: seeded damaged copies of the samples (and of the layout corpus where it
has been built), and how each copy comes out of a run against its undamaged original.

make_damage_corpus(originals, directory, copies, seed) writes ``copies`` damaged copies of every
original for every kind of damage in KINDS and returns them; the same seed gives the same bytes.
outcome() sorts a converted copy into one of OUTCOMES. Run as a script it builds a corpus,
converts it and prints the table by kind of damage:

    .venv/bin/python tests/damage_corpus.py --copies 5
"""

from __future__ import annotations

import hashlib
import io
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Name

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
CORPUS = ROOT / "tests" / "corpus" / "pdfs"

OK_EQUAL = "ok equal"
PARTIAL = "partial"
FAILED = "failed"
OK_DIFFERENT = "ok but different"
OK_READ_OTHERWISE = "ok, smileys read otherwise"
OUTCOMES = (OK_EQUAL, PARTIAL, FAILED, OK_DIFFERENT, OK_READ_OTHERWISE)
OK_NOT_EQUAL = (OK_DIFFERENT, OK_READ_OTHERWISE)

# Columns that name the file rather than what was read from it.
FILE_COLUMNS = {"doc_id", "source_path", "file_name", "ingested_at", "status", "error"}
# Columns that say how a smiley was recognised, not what it says: a smiley glyph whose font lost
# its ToUnicode map is read by its symbol font (source "symbol_font", a lower confidence), the
# same colour. A copy that differs from its original only here is OK_READ_OTHERWISE. Its
# coverage differs too: the smiley glyphs now have text of their own (the symbol font's letters),
# which is shown on the page and goes into no record.
HOW_READ = {"smiley_source", "smiley_confidence", "coverage"}
XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) n")
STARTXREF = re.compile(rb"startxref\s+(\d+)")
HEADER = 16  # bytes of the "%PDF-1.x" header and binary comment left alone by random damage


def originals(layout_corpus: bool = True) -> list[Path]:
    """The PDFs the corpus damages: the samples, and the layout corpus when it is there."""
    found = sorted(SAMPLES.glob("*.pdf"))
    if layout_corpus and CORPUS.is_dir():
        found += sorted(CORPUS.rglob("*.pdf"))
    return found


def damage_kinds(damage: tuple[str, ...]) -> set[str]:
    """What a page's damage names, without the counts each backend makes in its own way and
    without a page one library could not read at all (its own affair)."""
    return {
        line.split(" (")[0].lstrip("0123456789 ")
        for line in damage
        if not line.startswith("not read")
    }


def _byte_flips(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    out = bytearray(data)
    count = rng.randint(1, 16)
    for _ in range(count):
        out[rng.randrange(HEADER, len(out))] ^= rng.randint(1, 255)
    return bytes(out), f"{count} bytes flipped"


def _truncation(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    cut = rng.randint(len(data) // 10, len(data) - 1)
    return data[:cut], f"cut at {cut} of {len(data)} bytes"


def _deleted_range(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    start = rng.randrange(HEADER, len(data))
    length = rng.randint(1, 4096)
    return data[:start] + data[start + length :], f"{length} bytes deleted at {start}"


def _repeated_range(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    start = rng.randrange(HEADER, len(data))
    length = rng.randint(1, 4096)
    return data[:start] + data[start : start + length] + data[start:], (
        f"{length} bytes at {start} repeated"
    )


def _shifted_xref(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    shift = rng.choice([-101, -13, -7, -2, -1, 1, 3, 8, 64, 500])
    if b"\nxref" not in data:
        # A cross-reference stream (browsers write them): its offset after startxref moves.
        found = STARTXREF.search(data, data.rindex(b"startxref"))
        offset = max(0, int(found.group(1)) + shift)
        moved = data[: found.start(1)] + b"%d" % offset + data[found.end(1) :]
        return moved, f"the cross-reference stream's offset shifted by {shift}"
    start = data.rindex(b"\nxref") + 1
    end = data.index(b"trailer", start)
    share = rng.choice([0.1, 0.5, 1.0])
    picked = 0

    def move(match: re.Match) -> bytes:
        nonlocal picked
        if rng.random() >= share:
            return match.group(0)
        picked += 1
        offset = max(0, int(match.group(1)) + shift)
        return b"%010d %s n" % (offset, match.group(2))

    table = XREF_ENTRY.sub(move, data[start:end])
    return data[:start] + table + data[end:], f"{picked} xref offsets shifted by {shift}"


def _pikepdf_copy(data: bytes, change: Callable[[pikepdf.Pdf], str]) -> tuple[bytes, str]:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        detail = change(pdf)
        pdf.save(
            out,
            deterministic_id=True,
            compress_streams=False,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
        )
    return out.getvalue(), detail


def _damaged_stream(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    def change(pdf: pikepdf.Pdf) -> str:
        number = rng.randrange(len(pdf.pages))
        contents = pdf.pages[number].obj.Contents
        streams = [contents] if isinstance(contents, pikepdf.Stream) else list(contents)
        stream = rng.choice(streams)
        raw = bytearray(stream.read_raw_bytes())
        if rng.random() < 0.5 and len(raw) > 8:
            cut = rng.randint(2, len(raw) - 4)
            raw = raw[:cut]
            how = f"cut at {cut} of its bytes"
        else:
            count = rng.randint(1, 8)
            for _ in range(count):
                raw[rng.randrange(2, max(3, len(raw)))] ^= rng.randint(1, 255)
            how = f"{count} bytes flipped"
        stream.write(
            bytes(raw), filter=stream.get("/Filter"), decode_parms=stream.get("/DecodeParms")
        )
        return f"content stream of page {number + 1}: {how}"

    return _pikepdf_copy(data, change)


def _fonts_removed(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    def change(pdf: pikepdf.Pdf) -> str:
        programs = unicode_maps = 0
        drop_program = rng.choice([0.4, 0.7, 1.0])
        drop_map = rng.choice([0.0, 0.5, 1.0])
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary):
                continue
            if obj.get("/Type") == "/FontDescriptor" and rng.random() < drop_program:
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if key in obj:
                        del obj[key]
                        programs += 1
            if obj.get("/Type") == "/Font" and "/ToUnicode" in obj and rng.random() < drop_map:
                del obj[Name.ToUnicode]
                unicode_maps += 1
        return f"{programs} font programs and {unicode_maps} ToUnicode maps removed"

    return _pikepdf_copy(data, change)


KINDS: dict[str, Callable[[bytes, random.Random], tuple[bytes, str]]] = {
    "byte flips": _byte_flips,
    "truncation": _truncation,
    "deleted range": _deleted_range,
    "repeated range": _repeated_range,
    "shifted xref offsets": _shifted_xref,
    "damaged compressed stream": _damaged_stream,
    "fonts removed": _fonts_removed,
}


@dataclass(frozen=True, slots=True)
class DamagedCopy:
    path: Path
    original: Path
    kind: str
    detail: str


def make_damage_corpus(
    sources: list[Path], directory: Path, copies: int, seed: int
) -> list[DamagedCopy]:
    """``copies`` damaged copies of each source for each kind, every one with bytes of its own
    (a draw that repeats a copy, or the original, is drawn again)."""
    directory.mkdir(parents=True, exist_ok=True)
    made: list[DamagedCopy] = []
    seen = {hashlib.sha256(path.read_bytes()).digest() for path in sources}
    for source in sources:
        data = source.read_bytes()
        for kind, damage in KINDS.items():
            for number in range(copies):
                rng = random.Random(f"{seed}:{source.name}:{kind}:{number}")
                for _attempt in range(50):
                    damaged, detail = damage(data, rng)
                    digest = hashlib.sha256(damaged).digest()
                    if digest not in seen:
                        break
                else:
                    raise ValueError(f"{kind} makes no new copy of {source.name}")
                seen.add(digest)
                slug = kind.replace(" ", "_")
                path = directory / f"{source.stem}__{slug}_{number}.pdf"
                path.write_bytes(damaged)
                made.append(DamagedCopy(path, source, kind, detail))
    return made


def records_by_file(out: Path) -> dict[str, dict[str, list]]:
    """What a run wrote for each file, by file name: {table: rows (sorted), "documents": ...}
    with the columns that name the file left out; "status" holds the document's status."""
    import pyarrow.dataset as ds

    documents = ds.dataset(out / "documents", partitioning="hive").to_table().to_pylist()
    name_of = {row["doc_id"]: row["file_name"] for row in documents}
    found: dict[str, dict] = {}
    for row in documents:
        found[row["file_name"]] = entry = defaultdict(list)
        entry["status"] = row["status"]
        entry["error"] = row["error"]
        entry["documents"] = [_without_file(row)]
    for table in sorted(p.name for p in out.iterdir() if p.is_dir()):
        if table in ("documents", "logs"):
            continue
        for row in ds.dataset(out / table, partitioning="hive").to_table().to_pylist():
            found[name_of[row["doc_id"]]][table].append(_without_file(row))
    for entry in found.values():
        for rows in entry.values():
            if isinstance(rows, list):
                rows.sort(key=repr)
    return found


def _without_file(row: dict) -> dict:
    return {key: value for key, value in row.items() if key not in FILE_COLUMNS}


def outcome(copy_records: dict, original_records: dict) -> str:
    """Where a converted copy falls: its status, and for an ok copy whether it holds exactly
    its original's records (or the same but for how its smileys were recognised)."""
    status = copy_records["status"]
    if status == "failed":
        return FAILED
    if status == "partial":
        return PARTIAL
    if not differing_tables(copy_records, original_records):
        return OK_EQUAL
    if not differing_tables(copy_records, original_records, ignore=HOW_READ):
        return OK_READ_OTHERWISE
    return OK_DIFFERENT


def differing_tables(
    copy_records: dict, original_records: dict, ignore: frozenset[str] | set[str] = frozenset()
) -> list[str]:
    """The tables whose rows differ between a copy and its original, columns in ``ignore``
    left out."""
    tables = {
        name
        for name, rows in {**copy_records, **original_records}.items()
        if isinstance(rows, list)
    }
    copy_rows, original_rows = (
        {name: _rows(records.get(name, []), ignore) for name in tables}
        for records in (copy_records, original_records)
    )
    return sorted(name for name in tables if copy_rows[name] != original_rows[name])


def _rows(rows: list[dict], ignore: frozenset[str] | set[str]) -> list[dict]:
    if not ignore:
        return rows
    trimmed = [{k: v for k, v in row.items() if k not in ignore} for row in rows]
    return sorted(trimmed, key=repr)


def table(rows: dict[str, Counter]) -> str:
    """The outcome counts by kind of damage, as a Markdown table."""
    lines = [
        "| damage | copies | " + " | ".join(OUTCOMES) + " |",
        "|---" * (len(OUTCOMES) + 2) + "|",
    ]
    total: Counter = Counter()
    for kind in KINDS:
        counts = rows.get(kind, Counter())
        total.update(counts)
        lines.append(
            f"| {kind} | {sum(counts.values())} | "
            + " | ".join(str(counts[o]) for o in OUTCOMES)
            + " |"
        )
    lines.append(
        f"| all | {sum(total.values())} | " + " | ".join(str(total[o]) for o in OUTCOMES) + " |"
    )
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Outcome:
    copy: DamagedCopy
    outcome: str
    error: str | None
    tables: tuple[str, ...]  # for an ok copy whose records differ: the tables that do


def run(
    copies: int,
    seed: int,
    work: Path,
    layout_corpus: bool = True,
    reference: Path | None = None,
    workers: int = 2,
) -> list[Outcome]:
    """Build a corpus in ``work``, convert it, and sort every copy against its original as
    converted in ``reference`` (converted here where not given)."""
    from pipeline.ingest import Options, ingest

    sources = originals(layout_corpus)
    if reference is None:
        reference = work / "reference"
        ingest([str(path) for path in sources], reference, Options(workers=workers))
    damaged = make_damage_corpus(sources, work / "damaged", copies, seed)
    out = work / "out"
    ingest([str(work / "damaged")], out, Options(workers=workers))
    want, have = records_by_file(reference), records_by_file(out)
    missing = [copy.path.name for copy in damaged if copy.path.name not in have]
    if missing:
        raise AssertionError(f"copies without a documents row: {missing}")
    outcomes = []
    for copy in damaged:
        got, original = have[copy.path.name], want[copy.original.name]
        found = outcome(got, original)
        tables = tuple(differing_tables(got, original)) if found in OK_NOT_EQUAL else ()
        outcomes.append(Outcome(copy, found, got.get("error"), tables))
    return outcomes


def counts_by_kind(outcomes: list[Outcome]) -> dict[str, Counter]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for found in outcomes:
        counts[found.copy.kind][found.outcome] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys
    import tempfile

    sys.path.insert(0, str(ROOT))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=5, help="copies per original and kind")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--verbose", action="store_true", help="one line per copy")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        outcomes = run(arguments.copies, arguments.seed, Path(work))
    print(table(counts_by_kind(outcomes)))
    for found in outcomes:
        if arguments.verbose or found.outcome in OK_NOT_EQUAL:
            tables = f" [{', '.join(found.tables)}]" if found.tables else ""
            print(
                f"{found.outcome:16} {found.copy.path.name} ({found.copy.detail}){tables}: "
                f"{found.error or ''}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
