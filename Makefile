# Two commands do everything on a fresh machine: `make ingest` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
IN ?= samples
OUT ?= data
ARGS ?=

.PHONY: ingest report report-picture test stress bench lint env clean corpus corpus-check

# The C helpers (the PDFium backend's, the page split's, the text lines') are compiled at install:
# a change to one installs again.
$(STAMP): pyproject.toml extractors/pdf/_pdfium_chars.c extractors/pdf/_model.c \
		extractors/pdf/layout/_lines.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

env: $(STAMP)

# `make ingest` exits with opfolg's own code: 0 all ok, 1 some documents failed, 2 misconfigured.
# make ends a failed recipe with its own 2, and only its -q mode exits 1; so opfolg runs as the
# recipe of an included file, which make builds before it reads the rest (with make's own terminal
# and stdout), and once make has read opfolg's code back it exits with it: 1 through -q, 2
# through $(error). Any other goal alongside, or make -n/-q, runs opfolg as a plain recipe.
INGEST_CODE := $(VENV)/.ingest-exit-code.mk
ifeq ($(MAKECMDGOALS)$(findstring n,$(firstword -$(MAKEFLAGS)))$(findstring q,$(firstword -$(MAKEFLAGS))),ingest)
ifndef MAKE_RESTARTS
$(INGEST_CODE): $(STAMP) FORCE
	@$(BIN)/opfolg ingest $(IN) --out $(OUT) $(ARGS); echo "INGEST_EXIT := $$?" > $@
endif
-include $(INGEST_CODE)
$(shell rm -f $(INGEST_CODE))
ifeq ($(INGEST_EXIT),1)
MAKEFLAGS += -q
else ifneq ($(filter-out 0,$(INGEST_EXIT)),)
$(error opfolg ingest exited with $(INGEST_EXIT))
endif
ingest: ; @:
else
ingest: $(STAMP)
	$(BIN)/opfolg ingest $(IN) --out $(OUT) $(ARGS)
endif

.PHONY: FORCE
FORCE:

# The researcher's report of the datasets in OUT (run `make ingest` first): OUT/report.html and
# its numbers in OUT/report_csv/.
report: $(STAMP)
	$(BIN)/opfolg report $(OUT) --out $(OUT)/report.html

# The README's picture of the report: the first screen of OUT/report.html in headless Chromium.
report-picture: report
	$(BIN)/python -m tests.report_browser $(OUT)/report.html docs/report.png

# Two test processes, as the machines have two cores (TEST_PROCESSES=0: one, in make's own).
TEST_PROCESSES ?= 2
test: $(STAMP)
	$(BIN)/python -m pytest -q -n $(TEST_PROCESSES) --dist loadgroup

# The isolation tests, many times over, with every core kept busy (STRESS_RUNS, STRESS_LOOPS).
stress: $(STAMP)
	$(BIN)/python tests/stress.py

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

# Memory per Dask worker over BENCH_DASK_DOCUMENTS documents (1,000) on --dask local:2; long.
.PHONY: bench-memory
bench-memory: $(STAMP)
	$(BIN)/python -m bench.cluster

# Scanned copies of the whole samples and of some layout variants, read through OCR against their
# originals: the figures and the bars of the OCR route (minutes; `make test` reads excerpts).
.PHONY: ocr-check
ocr-check: $(STAMP)
	$(BIN)/python tests/ocr_truth.py

# Regenerates tests/corpus/pdfs and truth (needs Debian's chromium and fonts; CI never runs it).
corpus: $(STAMP)
	$(BIN)/python -m tests.corpus

# The self-check of the committed variants, without regenerating them (minutes; pdfplumber only).
corpus-check: $(STAMP)
	$(BIN)/python -m tests.corpus --check

clean:
	rm -rf $(VENV) $(OUT) bench/out extractors/pdf/*.so
