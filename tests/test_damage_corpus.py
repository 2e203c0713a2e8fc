"""The damage corpus (tests/damage_corpus.py): damaged copies of the samples and of the layout
corpus, converted in one run. None breaks the run, every copy gets a documents row, and every copy
that comes out ok holds exactly the records of its undamaged original.

`make test` converts one copy of each sample per kind of damage; `make fuzz` five of each
sample and of each PDF of the layout corpus (DAMAGE_COPIES=5, DAMAGE_LAYOUT_CORPUS=1), and
prints the table by kind of damage.
"""

from __future__ import annotations

import os
import re

import pytest
from damage_corpus import (
    KINDS,
    OK_DIFFERENT,
    OK_READ_OTHERWISE,
    OUTCOMES,
    counts_by_kind,
    damage_kinds,
    make_damage_corpus,
    originals,
    run,
    table,
)

from extractors.pdf import BACKENDS, open_pdf

COPIES = int(os.environ.get("DAMAGE_COPIES", "1"))
SEED = int(os.environ.get("DAMAGE_SEED", "13"))
LAYOUT_CORPUS = os.environ.get("DAMAGE_LAYOUT_CORPUS") == "1"


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory, request):
    # The samples as the session converted them are the originals' records, where only they
    # are damaged.
    reference = None if LAYOUT_CORPUS else request.getfixturevalue("ingested")
    work = tmp_path_factory.mktemp("damage_corpus")
    return run(COPIES, SEED, work, layout_corpus=LAYOUT_CORPUS, reference=reference)


def test_every_copy_is_a_row_and_every_ok_copy_holds_its_originals_records(outcomes):
    assert len(outcomes) == len(originals(LAYOUT_CORPUS)) * len(KINDS) * COPIES
    assert {found.outcome for found in outcomes} <= set(OUTCOMES)
    print(f"\ndamage corpus, {COPIES} copies per original and kind, seed {SEED}:")
    print(table(counts_by_kind(outcomes)))
    for found in outcomes:
        if found.outcome == OK_READ_OTHERWISE:
            print(f"{found.outcome}: {found.copy.path.name} ({found.copy.detail})")
    different = [found for found in outcomes if found.outcome == OK_DIFFERENT]
    assert not different, "\n".join(
        f"{found.copy.path.name} ({found.copy.detail}): {', '.join(found.tables)}"
        for found in different
    )


def test_the_corpus_is_damaged_in_every_way(outcomes):
    # Guards the test above against a corpus that damages nothing: every kind of damage is
    # seen in some copy, and some copies of each kind still read whole.
    counts = counts_by_kind(outcomes)
    seen = sum(counts[kind]["partial"] + counts[kind]["failed"] for kind in KINDS)
    assert seen >= len(outcomes) // 3
    assert counts["damaged compressed stream"]["partial"] >= len(outcomes) // len(KINDS) // 2
    assert counts["truncation"]["failed"] >= 1


def test_errors_name_the_damaged_pages(outcomes):
    for found in outcomes:
        if found.outcome == "partial" and found.error.startswith("damaged page(s)"):
            assert re.match(r"damaged page\(s\) \d", found.error), found.error


SMALL = ("albertslund_netvaerkstemaer_2016", "albertslund_direktoerforum_2016_2017")


# Each library rebuilds a broken cross-reference table its own way and may find other objects
# (a font's ToUnicode, or none): what each reads of such a file is its own.
OWN_REPAIRS = {"shifted xref offsets"}


def test_both_backends_see_the_same_damage(tmp_path):
    sources = [path for path in originals() if path.stem in SMALL]
    assert len(sources) == len(SMALL)
    damaged = make_damage_corpus(sources, tmp_path, copies=1, seed=SEED)
    compared = 0
    for copy in damaged:
        if copy.kind in OWN_REPAIRS:
            continue
        readers = []
        for backend in BACKENDS:
            try:
                readers.append(open_pdf(copy.path, backend))
            except Exception:  # noqa: BLE001 - a file one backend cannot open at all
                break
        if len(readers) < len(BACKENDS) or len({r.info.pages for r in readers}) > 1:
            for reader in readers:
                reader.close()
            continue
        try:
            for number in range(1, readers[0].info.pages + 1):
                pages = [reader.page(number) for reader in readers]
                if any(page.damage and page.damage[-1].startswith("not read") for page in pages):
                    continue  # a page one library cannot read at all is its own affair
                kinds = [damage_kinds(page.damage) for page in pages]
                assert kinds[0] == kinds[1], (copy.path.name, number, kinds)
                compared += bool(kinds[0])
        finally:
            for reader in readers:
                reader.close()
    assert compared >= 3  # pages with damage both saw
