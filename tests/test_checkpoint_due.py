"""checkpoint_year and due: when a milestone's checkpoint falls, and whether it had fallen when its
document was written (so that an empty smiley reads "not yet due" or "due, not rated")."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from normalise.checkpoints import Checkpoint, is_due, parse_checkpoint


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1. budgetopfølgning 2019", Checkpoint(1, None, 2019)),
        ("3. budgetopfølgning 2018", Checkpoint(3, None, 2018)),
        ("Anden budgetopfølgning 2020", Checkpoint(2, None, 2020)),
        ("31.12.2019", Checkpoint(4, date(2019, 12, 31), 2019)),
        ("30.06.2019", Checkpoint(None, date(2019, 6, 30), 2019)),
        ("2. budgetopfølgning", Checkpoint(2, None, None)),
        ("Løbende 2019/2020", Checkpoint(None, None, None)),  # two years: none picked
        ("Efteråret 2019", Checkpoint(None, None, 2019)),
        (None, Checkpoint(None, None, None)),
    ],
)
def test_checkpoint_year(text, expected):
    assert parse_checkpoint(text) == expected


@pytest.mark.parametrize(
    "checkpoint, document, expected",
    [
        ((1, 2019), (2, 2019), True),
        ((2, 2019), (2, 2019), True),  # "at or before": the document's own round is due
        ((3, 2019), (2, 2019), False),
        ((4, 2019), (2, 2019), False),
        ((4, 2018), (2, 2019), True),  # an earlier year, whatever the round
        ((1, 2020), (4, 2019), False),  # a later year, whatever the round
        ((None, 2018), (2, 2019), True),  # the year alone settles it
        ((None, 2019), (2, 2019), None),  # the same year needs both rounds
        ((1, 2019), (None, 2019), None),
        ((1, None), (2, 2019), None),
        ((1, 2019), (2, None), None),
    ],
)
def test_due(checkpoint, document, expected):
    assert is_due(checkpoint[0], checkpoint[1], document[0], document[1]) is expected


def test_sample_milestones_have_year_and_due(ingested):
    """The 2019 second follow-up: its 2018 block is wholly due, its 2019 rounds 1–2 are due and
    rounds 3 and year-end are not; nothing not yet due carries a smiley."""
    rows = duckdb.sql(
        f"""
        SELECT agreement, checkpoint_round, checkpoint_year, due,
            count(*) AS n, count(smiley) AS rated
        FROM read_parquet('{ingested}/milestones/**/*.parquet', hive_partitioning = true)
        GROUP BY ALL ORDER BY ALL
        """
    ).fetchall()
    expected_due = {
        ("Aftale om budget 2018", 1): True,
        ("Aftale om budget 2018", 2): True,
        ("Aftale om budget 2018", 3): True,
        ("Aftale om budget 2018", 4): True,
        ("Aftale om budget 2019", 1): True,
        ("Aftale om budget 2019", 2): True,
        ("Aftale om budget 2019", 3): False,
        ("Aftale om budget 2019", 4): False,
    }
    assert {(agreement, round_): due for agreement, round_, _, due, _, _ in rows} == expected_due
    for agreement, _, year, due, _, rated in rows:
        assert year == int(agreement[-4:])
        assert due or rated == 0
    assert sum(row[4] for row in rows) == 720  # two files of the sample, 360 milestones each
