# Two commands do everything on a fresh machine: `make ingest` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
IN ?= samples
OUT ?= data
ARGS ?=

.PHONY: ingest test bench lint env clean

$(STAMP): pyproject.toml
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

clean:
	rm -rf $(VENV) $(OUT) bench/out
