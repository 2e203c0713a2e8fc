"""Every drawing of the same content gives the same records: each variant of the layout-variation
corpus (tests/corpus) equals its truth, field by field, with both backends.

Each conversion is a worker's full conversion (layout, family, normaliser). A variant is read once
per test process for both backends (tests/variant_reading.py), and its page models serve the page
equivalence test too; under `make test` the tests of one variant run in one process (conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from variant_reading import CORPUS, read_variant

from extractors.pdf import BACKENDS

VARIANTS = sorted((CORPUS / "pdfs").glob("*.pdf"))


def test_the_corpus_is_there():
    assert len([p for p in VARIANTS if p.name.startswith("ballerup_")]) >= 12
    assert all((CORPUS / "truth" / f"{pdf.stem}.json").is_file() for pdf in VARIANTS)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("variant", VARIANTS, ids=[pdf.stem for pdf in VARIANTS])
def test_variant_equals_its_truth(variant: Path, backend: str):
    found = read_variant(variant).differences[backend]
    assert found == [], f"{len(found)} differences, the first: " + "\n".join(found[:5])
