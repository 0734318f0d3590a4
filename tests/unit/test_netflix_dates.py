"""The date order of a Netflix viewing history, read from the whole file."""

from __future__ import annotations

from datetime import date

import pytest

from watchjournal.interchange import netflix_dates
from watchjournal.interchange.netflix_dates import (
    DateOrder,
    RawDate,
    ambiguity_note,
    detect_order,
    split_date,
    system_order,
)
from watchjournal.journal.import_types import ImportFormatError, Origin


def _raw(texts: list[str]) -> list[RawDate]:
    return [split_date(text, Origin("h.csv", n)) for n, text in enumerate(texts, start=2)]


def _detect(texts: list[str], **kw: bool) -> tuple[netflix_dates.OrderFound, list[str]]:
    problems: list[ImportFormatError] = []
    found = detect_order(_raw(texts), problems, **kw)
    return found, [str(problem) for problem in problems]


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("6/30/23", DateOrder.MONTH_FIRST, date(2023, 6, 30)),
        ("30/06/2023", DateOrder.DAY_FIRST, date(2023, 6, 30)),
        ("30/6/2023", DateOrder.DAY_FIRST, date(2023, 6, 30)),
        ("30.06.23", DateOrder.DAY_FIRST, date(2023, 6, 30)),
        ("30-06-23", DateOrder.DAY_FIRST, date(2023, 6, 30)),
        ("2023-06-30", DateOrder.DAY_FIRST, date(2023, 6, 30)),  # year first: order moot
        ("2023/06/30", DateOrder.MONTH_FIRST, date(2023, 6, 30)),
        ("2023. 6. 30.", DateOrder.MONTH_FIRST, date(2023, 6, 30)),  # Korean
        (" 1/2/07 ", DateOrder.MONTH_FIRST, date(2007, 1, 2)),
        ("1/2/07", DateOrder.DAY_FIRST, date(2007, 2, 1)),
    ],
)
def test_short_dates_of_every_locale(text: str, order: DateOrder, expected: date) -> None:
    assert split_date(text, Origin("h.csv", 2)).as_order(order) == expected


@pytest.mark.parametrize(
    "text", ["", "yesterday", "30/06", "30/06/2023/1", "30/06-2023", "1/2/123", "12345/1/2"]
)
def test_a_date_that_fits_no_format_names_its_line(text: str) -> None:
    with pytest.raises(ImportFormatError, match=r"h\.csv, line 7: Date"):
        split_date(text, Origin("h.csv", 7))


def test_a_31st_of_february_is_no_date() -> None:
    assert split_date("2/31/23", Origin("h.csv", 2)).as_order(DateOrder.MONTH_FIRST) is None


@pytest.mark.parametrize(
    ("texts", "order"),
    [
        (["1/2/23", "12/25/22"], DateOrder.MONTH_FIRST),  # 25 can only be a day
        (["1/2/23", "25/12/22"], DateOrder.DAY_FIRST),
        (["05.01.2024", "31.12.2023"], DateOrder.DAY_FIRST),
        (["10/19/22", "10/4/22", "9/30/22"], DateOrder.MONTH_FIRST),
    ],
)
def test_one_day_over_12_anywhere_decides_for_the_whole_file(
    texts: list[str], order: DateOrder
) -> None:
    found, problems = _detect(texts)
    assert found.order is order and found.assumed is None and not problems


def test_a_file_proving_both_orders_names_the_lines_that_disagree() -> None:
    found, problems = _detect(["25/12/22", "24/12/22", "12/23/22", "1/2/22"])
    assert found.order is DateOrder.DAY_FIRST
    assert problems == [
        'h.csv, line 4: Date "12/23/22" can only be read as month/day/year, but the'
        ' file\'s other dates are day/month/year (as "25/12/22" on line 2)'
    ]


def test_a_date_with_no_month_is_a_problem() -> None:
    _found, problems = _detect(["13/13/22", "1/25/22"])
    assert problems == [
        'h.csv, line 2: Date "13/13/22" is no date: neither 13 nor 13 can be a month'
    ]


def test_an_undecided_file_takes_the_order_that_lists_newest_first() -> None:
    # As month/day 2 Mar, 1 Mar, 3 Feb: newest first; as day/month 3 Feb, 3 Jan, 2 Mar is not.
    found, _ = _detect(["3/2/23", "3/1/23", "2/3/23"])
    assert found.order is DateOrder.MONTH_FIRST
    found, _ = _detect(["2/3/23", "1/3/23", "3/2/23"])
    assert found.order is DateOrder.DAY_FIRST
    assert found.assumed is not None and "newest first" in found.assumed
    note = ambiguity_note("h.csv", found)
    assert note is not None and "day/month/year" in note and "newest first" in note


def test_days_equal_to_their_month_need_no_order() -> None:
    found, problems = _detect(["1/1/23", "2/2/23"])
    assert found.assumed is None and not problems
    assert ambiguity_note("h.csv", found) is None


@pytest.mark.parametrize(
    ("environ", "order"),
    [
        ({"LANG": "en_US.UTF-8"}, DateOrder.MONTH_FIRST),
        ({"LANG": "en_GB.UTF-8"}, DateOrder.DAY_FIRST),
        ({"LANG": "de_DE.UTF-8"}, DateOrder.DAY_FIRST),
        ({"LC_ALL": "fil_PH", "LANG": "de_DE.UTF-8"}, DateOrder.MONTH_FIRST),
        ({"LC_TIME": "fr_CA.UTF-8", "LANG": "en_US.UTF-8"}, DateOrder.DAY_FIRST),
        ({"LC_ALL": "C.UTF-8", "LANG": "en_GB.UTF-8"}, None),
        ({"LANG": "POSIX"}, None),
        ({}, None),
    ],
)
def test_the_computers_date_order_comes_from_its_locale_variables(
    environ: dict[str, str], order: DateOrder | None
) -> None:
    assert system_order(environ) is order


# Both rows on a day that could be 1 February or 2 January: no order of rows to go by.
UNDECIDABLE = ["1/2/23", "1/2/23"]


@pytest.mark.parametrize(
    ("lang", "order", "why"),
    [
        ("en_GB.UTF-8", DateOrder.DAY_FIRST, "this computer's date order"),
        ("en_US.UTF-8", DateOrder.MONTH_FIRST, "this computer's date order"),
        ("C", DateOrder.MONTH_FIRST, "Netflix's default"),
    ],
)
def test_a_file_that_never_decides_takes_the_computers_order_or_month_first(
    monkeypatch: pytest.MonkeyPatch, lang: str, order: DateOrder, why: str
) -> None:
    for name in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", lang)
    found, problems = _detect(UNDECIDABLE)
    assert found.order is order and not problems
    note = ambiguity_note("h.csv", found)
    assert note is not None and why in note and order.value in note


def test_the_caller_can_fix_the_order() -> None:
    found, _ = _detect(UNDECIDABLE, day_first=True)
    assert found.order is DateOrder.DAY_FIRST and found.assumed is None
