"""Deadlines, responsible initials and committee routes as status lists print them."""

from __future__ import annotations

from datetime import date

import pytest

from normalise.deadlines import parse_deadline, split_responsible, split_route


@pytest.mark.parametrize(
    "raw, expected",
    [
        # the sample's own deadlines
        ("forår 2013", None),
        ("KB i september 2012", date(2012, 9, 30)),
        ("tidsplan er aug./sep '12", date(2012, 9, 30)),
        ("udarbejdes på baggrund af idrætsstrategi", None),
        ("Pågår", None),
        ("1/10 2012", date(2012, 10, 1)),
        ("2012", date(2012, 12, 31)),
        ("Ultimo 2012", date(2012, 12, 31)),
        (None, None),
        ("", None),
        # the other rules of the module docstring
        ("september 2012", date(2012, 9, 30)),
        ("1.10.2012", date(2012, 10, 1)),
        ("1-10-12", date(2012, 10, 1)),
        ("2012-10-01", date(2012, 10, 1)),
        ("1. oktober 2012", date(2012, 10, 1)),
        ("primo 2013", None),
        ("medio 2013", None),
        ("primo september 2012", None),
        ("medio september 2012", None),
        ("ultimo februar 2012", date(2012, 2, 29)),
        ("sommer 2013", None),
        ("efteråret 2014", None),
        ("vinter 2013", None),
        ("1. halvår 2013", date(2013, 6, 30)),
        ("2. halvår 2013", date(2013, 12, 31)),
        ("3. kvartal 2013", date(2013, 9, 30)),
        ("Q1 2014", date(2014, 3, 31)),
        ("september", None),
        ("31/2 2012", None),
        ("løbende", None),
    ],
)
def test_parse_deadline(raw, expected):
    assert parse_deadline(raw) == expected


def test_bare_numbers_are_not_years():
    assert parse_deadline("pkt. 12") is None
    assert parse_deadline("25.000 kr.") is None


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("JRU / JTR", ["JRU", "JTR"]),
        ("AVS/NCB", ["AVS", "NCB"]),
        ("JRU", ["JRU"]),
        ("TVI/ AVS", ["TVI", "AVS"]),
        ("", []),
        (None, []),
    ],
)
def test_split_responsible(raw, expected):
    assert split_responsible(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("BU - ØU - KB", ["BU", "ØU", "KB"]),
        ("MPU - ØU - KB", ["MPU", "ØU", "KB"]),
        ("MBU/BSU/ØU/KB", ["MBU", "BSU", "ØU", "KB"]),
        ("BU-ØU-KB", ["BU", "ØU", "KB"]),
        ("Sundhedsrådet", ["Sundhedsrådet"]),
        ("Sundheds- og Omsorgsudvalget - ØU", ["Sundheds- og Omsorgsudvalget", "ØU"]),
        ("MPU", ["MPU"]),
        ("", []),
        (None, []),
    ],
)
def test_split_route(raw, expected):
    assert split_route(raw) == expected
