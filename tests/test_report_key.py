"""report_key: every file of one report gets the same key, and the run summary says when a run
holds two files of one report.

The corpus case ingests samples beside other renderings of the same samples from
tests/corpus/pdfs (other layouts, other bytes, the same report) and checks that they share keys.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from conftest import REPO, SAMPLES, opfolg

from normalise.report_key import report_key, title_years
from outputs.report import shared_reports

CORPUS = REPO / "tests" / "corpus"

# Renderings of three samples in other layouts, each beside its sample.
VARIANTS = {
    "ballerup_r01_lines_serif": "ballerup_opfoelgning_2019_2",
    "albertslund_themes_r01_coloured_headings": "albertslund_netvaerkstemaer_2016",
    "albertslund_strategy_r01_coloured_headings": "albertslund_direktoerforum_2016_2017",
}


@pytest.mark.parametrize(
    "arguments, expected",
    [
        (
            ("ballerup", "budget_followup", "Anden opfølgning på Aftale om budget 2019", 2019, 2),
            "ballerup/budget_followup/2019/2",
        ),
        (  # the title's year stands in for an agreement year that was not read
            ("ballerup", "budget_followup", "Anden opfølgning på Aft ale om budget 2019", None, 2),
            "ballerup/budget_followup/2019/2",
        ),
        (
            ("albertslund", "status_list", "Status på budgetaftale 2012", 2012, None),
            "albertslund/status_list/2012/status-paa-budgetaftale-2012",
        ),
        (
            (
                "albertslund",
                "business_plan",
                "Virksomhedsplan Voksen & Social 2020-2021",
                None,
                None,
            ),
            "albertslund/business_plan/2020-2021/virksomhedsplan-voksen-social-2020-2021",
        ),
        (
            ("albertslund", "themes", "Netværkstemaer", None, None),
            "albertslund/themes/-/netvaerkstemaer",
        ),
        # a round without any year names no report of its own: the title tells it, or nothing
        (
            ("ballerup", "budget_followup", "Anden opfølgning", None, 2),
            "ballerup/budget_followup/-/anden-opfoelgning",
        ),
        (("ballerup", "budget_followup", None, None, 2), None),
        (("ballerup", "budget_followup", None, 2019, 2), "ballerup/budget_followup/2019/2"),
        (("ballerup", "unknown", "Anden opfølgning 2019", 2019, 2), None),
        (("unknown", "themes", "Netværkstemaer 2016", None, None), None),
        (("albertslund", "themes", None, None, None), None),
    ],
)
def test_report_key(arguments, expected):
    assert report_key(*arguments) == expected


def test_title_years():
    assert title_years("Direktørforums indsatsområder 2016-2017") == "2016-2017"
    assert title_years("Plan 2020, revideret 2020") == "2020"
    assert title_years("Status uden år") is None
    assert title_years("Sag nr. 120190") is None  # digits inside a number are not a year


def _truth_key(name: str) -> str:
    path = CORPUS / "truth" / f"{name}.json"
    document = json.loads(path.read_text(encoding="utf-8"))["document"]
    return report_key(
        document["municipality"],
        document["doc_type"],
        document["title"],
        document["budget_year"],
        document["followup_round"],
    )


@pytest.fixture(scope="module")
def renderings(tmp_path_factory) -> tuple[Path, str]:
    """Three samples and another rendering of each, ingested in one run: (OUT, summary)."""
    folder = tmp_path_factory.mktemp("renderings")
    for variant, sample in VARIANTS.items():
        shutil.copy(CORPUS / "pdfs" / f"{variant}.pdf", folder)
        shutil.copy(SAMPLES / f"{sample}.pdf", folder)
    out = folder / "data"
    run = opfolg("ingest", str(folder), "--out", str(out), "--workers", "2")
    assert run.returncode == 0, run.stderr
    return out, run.stdout


def test_two_renderings_of_a_report_get_one_key(renderings):
    out, _ = renderings
    rows = ds.dataset(out / "documents", partitioning="hive").to_table().to_pylist()
    keys = {row["file_name"]: row["report_key"] for row in rows}
    assert len(keys) == 2 * len(VARIANTS)
    for variant, sample in VARIANTS.items():
        assert keys[f"{variant}.pdf"] == keys[f"{sample}.pdf"] == _truth_key(variant)
    assert len(set(keys.values())) == len(VARIANTS)


def test_the_summary_names_the_files_of_one_report(renderings):
    out, summary = renderings
    shared = shared_reports(out)
    assert len(shared) == len(VARIANTS)
    assert f"files of one report (same report_key): {len(VARIANTS)} report(s) in 6 files" in (
        summary
    )
    for variant, sample in VARIANTS.items():
        key = _truth_key(variant)
        assert sorted(Path(path).name for path in shared[key]) == sorted(
            [f"{variant}.pdf", f"{sample}.pdf"]
        )
        (line,) = [line for line in summary.splitlines() if line.strip().startswith(key + ":")]
        assert f"{variant}.pdf" in line and f"{sample}.pdf" in line


def test_a_run_without_shared_reports_says_nothing_of_them(tmp_path):
    assert shared_reports(tmp_path) == {}
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(SAMPLES / "albertslund_netvaerkstemaer_2016.pdf", folder)
    run = opfolg("ingest", str(folder), "--out", str(tmp_path / "data"), "--workers", "1")
    assert run.returncode == 0, run.stderr
    assert "files of one report" not in run.stdout
