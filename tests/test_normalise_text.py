from datetime import date

import pytest

from normalise.amounts import amount_mdkk
from normalise.checkpoints import Checkpoint, parse_checkpoint
from normalise.dates import parse_date
from normalise.text import clean_text, fold_whitespace


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (
            "<p>Der har været dialog.</p> <p>Status:</p> <p>Med afsæt</p>",
            "Der har været dialog.\nStatus:\nMed afsæt",
        ),
        ('<ol style="list-style-type: none"> <li>Et</li> <li>To</li></ol>', "Et\nTo"),
        ("  Plain   text\twith  blanks ", "Plain text with blanks"),
        ("<p></p> <p> </p>", None),
        ("<P>Upper</P>", "Upper"),
        ("a <strong>b</strong> c", "a b c"),
        (None, None),
        # Not markup: comparisons and arrows stay as printed.
        ("x < 5 og y > 3", "x < 5 og y > 3"),
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


def test_fold_whitespace():
    assert fold_whitespace(" a\n b\t\tc ") == "a b c"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1. budgetopfølgning 2019", Checkpoint(1, None, 2019)),
        ("2. budgetopfølgning 2018", Checkpoint(2, None, 2018)),
        ("3. budget-opfølgning 2019", Checkpoint(3, None, 2019)),
        ("Anden budgetopfølgning 2019", Checkpoint(2, None, 2019)),
        ("31.12.2019", Checkpoint(4, date(2019, 12, 31), 2019)),
        ("30.06.2019", Checkpoint(None, date(2019, 6, 30), 2019)),
        ("", Checkpoint(None, None)),
        (None, Checkpoint(None, None)),
        ("Løbende", Checkpoint(None, None)),
    ],
)
def test_parse_checkpoint(raw, expected):
    assert parse_checkpoint(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1. august 2019", date(2019, 8, 1)),
        ("Dato: 14. december 2018", date(2018, 12, 14)),
        ("31.12.2019", date(2019, 12, 31)),
        ("2019-08-01", date(2019, 8, 1)),
        ("D:20190801093000+02'00'", date(2019, 8, 1)),
        ("31. februar 2019", None),
        ("1. augustus 2019", None),
        ("", None),
    ],
)
def test_parse_date(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Der er afsat 0,6 mio. kr.", 0.6),
        ("Der reserveres en pulje på 1,5 mio. kr. i 2018", 1.5),
        ("Der er afsat 12 mio. kr. i 2019 og 3 mio. kr. i 2020", 12.0),
        ("Anlægsudgift 1,2 mia. kr.", 1200.0),
        ("Der er afsat 500.000 kr.", 0.5),
        ("Der er ikke afsat økonomi.", None),
        ("I årene 2019-2021", None),
        (None, None),
    ],
)
def test_amount_mdkk(text, amount):
    assert amount_mdkk(text) == amount


def test_ascii_letters_spells_out_danish_letters_and_drops_accents():
    from normalise.text import ascii_letters

    assert ascii_letters("økonomi- og erhvervsudvalget") == "oekonomi- og erhvervsudvalget"
    assert ascii_letters("miljø & plan, café, über") == "miljoe & plan, cafe, uber"
    assert ascii_letters("blå – grøn") == "blaa  groen"


def test_safe_date_is_none_for_a_day_that_does_not_exist():
    from datetime import date

    from normalise.dates import safe_date

    assert safe_date(2012, 2, 29) == date(2012, 2, 29)
    assert safe_date(2013, 2, 29) is None and safe_date(2013, 13, 1) is None
