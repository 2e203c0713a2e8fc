"""The record of which committed variants passed the self-check: a digest of each variant's PDF
and truth, written only when the check found nothing.

The full self-check reads every PDF with pdfplumber (minutes); the test suite compares digests
instead (milliseconds), so that a variant changed by hand, or regenerated without the check, fails
`make test` until `make corpus` or `make corpus-check` has checked it again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .build import PDF_DIR, TRUTH_DIR

CHECKED = PDF_DIR.parent / "CHECKED"


def digest(name: str) -> str:
    """One digest of a variant's PDF and truth as committed."""
    sha = hashlib.sha256()
    for path in (PDF_DIR / f"{name}.pdf", TRUTH_DIR / f"{name}.json"):
        sha.update(hashlib.sha256(path.read_bytes()).digest())
    return sha.hexdigest()


def read(path: Path = CHECKED) -> dict[str, str]:
    if not path.exists():
        return {}
    entries = (line.split() for line in path.read_text(encoding="utf-8").splitlines())
    return {name: value for value, name in entries}


def record(results: dict[str, bool], path: Path = CHECKED) -> None:
    """Record the variants that passed and forget those that did not; others stay as they were."""
    entries = read(path)
    for name, passed in results.items():
        if passed:
            entries[name] = digest(name)
        else:
            entries.pop(name, None)
    entries = {name: value for name, value in entries.items() if (PDF_DIR / f"{name}.pdf").exists()}
    path.write_text(
        "".join(f"{value}  {name}\n" for name, value in sorted(entries.items())), encoding="utf-8"
    )
