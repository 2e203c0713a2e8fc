# Two commands do everything on a fresh machine: `make ingest` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
IN ?= samples
OUT ?= data
ARGS ?=

.PHONY: ingest test bench lint env clean corpus

# The C helper of the PDFium backend is compiled at install: a change to it installs again.
$(STAMP): pyproject.toml extractors/pdf/_pdfium_chars.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

env: $(STAMP)

ingest: $(STAMP)
	$(BIN)/opfolg ingest $(IN) --out $(OUT) $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python -m bench.run

# Regenerates tests/corpus/pdfs and truth (needs Debian's chromium and fonts; CI never runs it).
corpus: $(STAMP)
	$(BIN)/python -m tests.corpus

clean:
	rm -rf $(VENV) $(OUT) bench/out extractors/pdf/*.so
