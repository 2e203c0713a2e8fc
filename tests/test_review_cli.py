"""`opfolg review`: the queue printed, an answer accepted, and the next run mapping it."""

from __future__ import annotations

import shutil
from datetime import date

import pyarrow.parquet as pq
from conftest import BALLERUP, REPO, opfolg, sample_pdf

from normalise.matching import Matcher
from normalise.registry import Registry
from outputs.parquet import parquet_bytes, to_table
from outputs.schemas import REVIEW_QUEUE

SSU = "ballerup.social-og-sundhedsudvalget"


def test_review_round_trip(tmp_path):
    out = tmp_path / "data"
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(sample_pdf(BALLERUP[0]), inbox)
    assert opfolg("ingest", str(inbox), "--out", str(out), "--workers", "1").returncode == 0
    assert "The review queue is empty" in opfolg("review", str(out)).stdout

    # What a run leaves when a typist wrote a name the matcher will not guess.
    rows = [
        {
            "doc_id": "d1",
            "table": "initiatives",
            "column": "responsible_committee_raw",
            "raw": "Sundhedsudvalget",
            "best_id": SSU,
            "score": 81.0,
        },
        {
            "doc_id": "d2",
            "table": "initiatives",
            "column": "responsible_committee_raw",
            "raw": "Sundhedsudvalget",
            "best_id": SSU,
            "score": 81.0,
        },
    ]
    (out / "review_queue.parquet").write_bytes(parquet_bytes(to_table(rows, REVIEW_QUEUE)))
    listed = opfolg("review", str(out))
    assert listed.returncode == 0
    line = next(line for line in listed.stdout.splitlines() if "Sundhedsudvalget" in line)
    assert line.split()[0] == "2" and SSU in line
    before = Matcher(Registry.load()).committees("Sundhedsudvalget", "ballerup", date(2019, 8, 1))
    assert [m.id for m in before] == [None]

    refused = opfolg("review", str(out), "accept", "Sundhedsudvalget", "ballerup.no-such-udvalg")
    assert refused.returncode == 2 and "no-such-udvalg" in refused.stderr

    accepted = opfolg("review", str(out), "accept", "Sundhedsudvalget", SSU)
    assert accepted.returncode == 0, accepted.stderr
    overrides = out / "registry_overrides.csv"
    assert overrides.is_file()
    shipped = (REPO / "normalise" / "registry" / "committees.csv").read_text(encoding="utf-8")
    assert "Sundhedsudvalget," not in shipped.replace("Social- og Sundhedsudvalget", "")

    # The next run picks the overrides file up from OUT and writes the alias into the registry.
    rerun = opfolg("ingest", str(inbox), "--out", str(out), "--workers", "1")
    assert rerun.returncode == 0
    assert "1 converted" in rerun.stdout  # a registry change re-normalises unchanged files
    committees = pq.read_table(out / "committees.parquet").to_pylist()
    (ssu,) = [row for row in committees if row["id"] == SSU]
    assert "Sundhedsudvalget" in ssu["aliases"]
    after = Matcher(Registry.load(overrides)).committees(
        "Sundhedsudvalget", "ballerup", date(2019, 8, 1)
    )
    assert [(m.id, m.method) for m in after] == [(SSU, "alias")]
    # The queue is rebuilt from the documents' own review rows at every run.
    assert pq.read_table(out / "review_queue.parquet").num_rows == 0
