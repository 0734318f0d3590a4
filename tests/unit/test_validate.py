"""Input checking, as tables of what is accepted and what is refused with which message."""

from __future__ import annotations

from datetime import date

import pytest

from watchjournal.journal import ValidationError
from watchjournal.journal.validate import fold_key, parse_date, parse_rating


@pytest.mark.parametrize(
    ("text", "tenths"),
    [
        ("6.4", 64),
        ("9", 90),
        ("9/10", 90),
        ("6.4/10", 64),
        ("0.5", 5),
        ("10", 100),
        ("10.0", 100),
        ("3.5/5", 70),
        (" 7.0 ", 70),
        ("5/5", 100),
    ],
)
def test_ratings_accepted(text: str, tenths: int) -> None:
    assert parse_rating(text) == tenths


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("11", "out of range"),
        ("0", "out of range"),
        ("0.4", "out of range"),
        ("-3", "out of range"),
        ("abc", "not a number"),
        ("", "not a number"),
        ("6.45", "more than one decimal"),
        ("nan", "not a number"),
        ("inf", "not a number"),
        ("6/7", "not a number"),
        ("1e2", "out of range"),
    ],
)
def test_ratings_refused(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_rating(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-06-01", date(2025, 6, 1)),
        ("today", date(2026, 3, 10)),
        ("yesterday", date(2026, 3, 9)),
        ("2024-02-29", date(2024, 2, 29)),
    ],
)
def test_dates_accepted(text: str, expected: date) -> None:
    assert parse_date(text, today=date(2026, 3, 10)) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-13-01", "does not exist"),
        ("2025-02-30", "does not exist"),
        ("1/6/2025", "YYYY-MM-DD"),
        ("20250601", "YYYY-MM-DD"),
        ("2027-01-01", "in the future"),
        ("1850-01-01", "before films existed"),
        ("", "YYYY-MM-DD"),
    ],
)
def test_dates_refused(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_date(text, today=date(2026, 3, 10))


@pytest.mark.parametrize(
    ("a", "b"),
    [("Huracán", "huracan"), ("JOSÉ", "jose"), ("  Ok-ju  ", "ok-ju"), ("Straße", "strasse")],
)
def test_fold_key_ignores_case_and_accents(a: str, b: str) -> None:
    assert fold_key(a) == fold_key(b)
