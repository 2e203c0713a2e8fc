"""Shared fixtures: the sample PDFs, their truth, and one ingest of all samples per test session."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
TRUTH = Path(__file__).resolve().parent / "truth"
SHARED = REPO.parent / "shared"

BALLERUP = ("ballerup_opfoelgning_2019_2", "ballerup_opfoelgning_2019_2_vector")
ALBERTSLUND = (
    "albertslund_budgetaftale_2012_status",
    "albertslund_voksen_social_virksomhedsplan_2020_2021",
    "albertslund_direktoerforum_2016_2017",
    "albertslund_netvaerkstemaer_2016",
)
ALL_SAMPLES = BALLERUP + ALBERTSLUND
# What the 2012 status list's committee routes and initials name, as of 2012.
ALBERTSLUND_2012_IDS = {
    "BU": "albertslund.bu",
    "ØU": "albertslund.oekonomiudvalget",
    "KB": "albertslund.kommunalbestyrelsen",
    "SUS": "albertslund.social-og-sundhedsudvalget",
    "TU": "albertslund.tu",
    "MPU": "albertslund.miljoe-og-planudvalget",
    "Sundhedsrådet": "albertslund.sundhedsraadet",
    "JRU": "albertslund.jru",
    "JTR": "albertslund.jtr",
    "TVI": "albertslund.tvi",
    "AVS": "albertslund.avs",
    "NCB": "albertslund.ncb",
    "MEK": "albertslund.mek",
}


# Modules whose tests share no fixture: under `make test` each test goes where there is room.
SPREAD_MODULES = ("tests/test_layout_variants.py", "tests/test_page_equivalence.py")
VARIANTS = frozenset(pdf.stem for pdf in (Path(__file__).parent / "corpus" / "pdfs").glob("*.pdf"))


def process_group(nodeid: str) -> str:
    """Which tests share a process when `make test` runs them in two (pytest-xdist): a module's
    tests stay together, so that its module and session fixtures are made once, but in the
    SPREAD_MODULES each test goes its own way, except that the tests of one layout variant
    (ids ``[<variant>-<backend>]`` and ``[tests/corpus/pdfs/<variant>.pdf]``) share one reading
    of it (tests/variant_reading.py)."""
    module, _, test = nodeid.partition("::")
    if module not in SPREAD_MODULES:
        return module
    named = test.partition("[")[2].removesuffix("]")
    variant = Path(named).stem if named.endswith(".pdf") else named.rpartition("-")[0]
    return f"variant {variant}" if variant in VARIANTS else nodeid


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    from xdist.scheduler import LoadScopeScheduling

    class ByProcessGroup(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return process_group(nodeid)

    return ByProcessGroup(config, log)


def sample_pdf(name: str) -> Path:
    path = SAMPLES / f"{name}.pdf"
    assert path.is_file(), f"sample PDF missing: {path}"
    return path


@lru_cache(maxsize=8)
def sample_pages(name: str) -> tuple:
    """Every page of a sample, parsed once per test session (default backend)."""
    from extractors.pdf import open_pdf

    source = open_pdf(sample_pdf(name))
    try:
        return tuple(source.page(number) for number in range(1, source.info.pages + 1))
    finally:
        source.close()


def assert_document_facts(document, expected: dict) -> None:
    """An extracted DocumentRecord against the truth's "document" block."""
    assert document.municipality == expected["municipality"]
    assert document.doc_type == expected["doc_type"]
    assert document.title == expected["title"]
    assert document.published_raw is None and expected["published"] is None
    assert document.budget_year == expected["budget_year"]
    assert document.followup_round == expected["followup_round"]


def comparable_manifest(documents: dict) -> dict:
    """A manifest's documents without the stamps of their documents files: those hold each
    run's ingested_at, and are all that two runs over the same input may differ in."""
    return {
        doc_id: entry
        | {"files": {k: v for k, v in entry["files"].items() if not k.startswith("documents/")}}
        for doc_id, entry in documents.items()
    }


def truth(name: str) -> dict:
    path = TRUTH / f"{name}.json"
    assert path.is_file(), f"truth file missing: {path}"
    return json.loads(path.read_text(encoding="utf-8"))


def opfolg(
    *args: str, cwd: Path = REPO, timeout: float = 600, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """The command line as a user runs it, in a child process (``env``: more variables)."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
    )


@pytest.fixture(scope="session")
def ingested(tmp_path_factory, worker_id: str) -> Path:
    """The datasets of one run over all six samples (two workers), made once for the test
    processes of a `make test` run (they share the parent of their temporary folders)."""
    from pipeline.ingest import Options, ingest

    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent
    out = shared / "ingested" / "data"
    with open(shared / "ingested.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other processes wait for the one that makes it
        done = shared / "ingested" / "complete"
        if not done.exists():
            # The six by name: samples/ also holds a scanned copy (samples/scanned/), which the
            # OCR tests read.
            paths = [str(sample_pdf(name)) for name in ALL_SAMPLES]
            summary = ingest(paths, out, Options(workers=2))
            assert not summary.usage_errors
            assert len(summary.documents) == len(ALL_SAMPLES)
            done.touch()
    return out


@pytest.fixture(scope="session")
def bad_corpus(tmp_path_factory) -> dict[str, Path]:
    """The bad-input corpus of tests/badpdfs.py, written once per session: {key: path}."""
    from badpdfs import make_bad_corpus

    return make_bad_corpus(tmp_path_factory.mktemp("bad_corpus"))
