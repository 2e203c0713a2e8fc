"""The defaults of a run, in one place: the command line shows them, ``Options`` and the worker
limits start from them."""

from __future__ import annotations

import os

from extractors.pdf import DEFAULT_BACKEND
from extractors.pdf.ocr import DEFAULT_OCR

BACKEND = DEFAULT_BACKEND
OCR = DEFAULT_OCR.value  # which pages are read through OCR (--ocr)
WORKERS = max(1, os.cpu_count() or 1)
TIMEOUT = 120.0  # seconds per file, time spent waiting for a processor aside
# Seconds more a file is given for each page read through OCR: at their own rate, so that a long
# scan is not cut short by a limit set for text PDFs. Tesseract reads a scanned sample page in
# 2-6 CPU s on this 2-core machine (bench/ocr.py); this leaves room for a slower processor.
OCR_SECONDS_PER_PAGE = 15.0
MAX_MEMORY = 2 * 1024**3  # bytes of resident memory per worker
MAX_PAGES = 1000
# A file sent to a Dask cluster travels with its task through the scheduler: at most this many
# bytes, so that the few files in flight per worker stay within the scheduler's memory.
DASK_MAX_FILE = 256 * 1024**2
# Times a file is given to another Dask worker after the one converting it died (the scheduler's
# allowed-failures; set so for --dask local:N, a running scheduler has its own).
DASK_RETRIES = 2
