# Two commands do everything on a fresh machine: `make ingest` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
IN ?= samples
OUT ?= data
ARGS ?=

.PHONY: ingest test bench lint env clean

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

# The damage corpus at full size: five damaged copies of every sample and layout-corpus PDF per
# kind of damage (the quick one in `make test` has one of each sample); prints the outcomes by
# kind of damage.
.PHONY: fuzz
fuzz: $(STAMP)
	DAMAGE_COPIES=$${DAMAGE_COPIES:-5} DAMAGE_LAYOUT_CORPUS=1 \
		$(BIN)/python -m pytest -q -s tests/test_damage_corpus.py

bench: $(STAMP)
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) $(OUT) bench/out extractors/pdf/*.so
