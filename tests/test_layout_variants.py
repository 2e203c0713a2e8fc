"""Every drawing of the same content gives the same records: each variant of the layout-variation
corpus (tests/corpus) equals its truth, field by field, with both backends.

The conversions run once per session, two at a time (each is a worker's full conversion: layout,
family, normaliser), and each test reads its own result.
"""

from __future__ import annotations

import json
from multiprocessing import get_context
from pathlib import Path

import pytest
from truthcheck import differences

from extractors.pdf import BACKENDS

CORPUS = Path(__file__).resolve().parent / "corpus"
VARIANTS = sorted((CORPUS / "pdfs").glob("*.pdf"))


def _truth(pdf: Path) -> dict:
    return json.loads((CORPUS / "truth" / f"{pdf.stem}.json").read_text(encoding="utf-8"))


def _check(job: tuple[str, str]) -> tuple[tuple[str, str], list[str]]:
    path, backend = job
    pdf = Path(path)
    return job, differences(pdf, _truth(pdf), backend)


@pytest.fixture(scope="session")
def variant_differences() -> dict[tuple[str, str], list[str]]:
    jobs = [(str(pdf), backend) for pdf in VARIANTS for backend in BACKENDS]
    # The slowest first (pdfplumber, large files), so that no run ends waiting on one of them.
    jobs.sort(key=lambda job: (job[1] != "pdfplumber", -Path(job[0]).stat().st_size))
    with get_context("spawn").Pool(2) as pool:
        return dict(pool.imap_unordered(_check, jobs))


def test_the_corpus_is_there():
    assert len([p for p in VARIANTS if p.name.startswith("ballerup_")]) >= 12
    assert all((CORPUS / "truth" / f"{pdf.stem}.json").is_file() for pdf in VARIANTS)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("variant", [pdf.stem for pdf in VARIANTS])
def test_variant_equals_its_truth(variant_differences, variant, backend):
    found = variant_differences[(str(CORPUS / "pdfs" / f"{variant}.pdf"), backend)]
    assert found == [], f"{len(found)} differences, the first: " + "\n".join(found[:5])
