"""The scanned sample `make ingest` reads (samples/scanned/) is the scan tests/scans.py makes of the
status list sample, byte for byte: its truth is the original's, and the OCR bars measured on a
fresh scan of the status list (tests/test_ocr_truth.py) are the bars of this file."""

from __future__ import annotations

from conftest import SAMPLES, sample_pdf
from scans import scan_pdf

from pipeline.discover import discover

SCANNED = SAMPLES / "scanned" / "albertslund_budgetaftale_2012_status_scan.pdf"


def test_the_scanned_sample_is_the_scan_of_its_original(tmp_path):
    made = scan_pdf(sample_pdf("albertslund_budgetaftale_2012_status"), tmp_path / "scan.pdf")
    assert made.read_bytes() == SCANNED.read_bytes(), (
        "samples/scanned/ is stale: python -m tests.scans "
        "samples/albertslund_budgetaftale_2012_status.pdf --out samples/scanned"
    )


def test_make_ingest_reads_the_scanned_sample():
    found = discover([str(SAMPLES)])
    assert SCANNED in {found_input.path for found_input in found.inputs}
