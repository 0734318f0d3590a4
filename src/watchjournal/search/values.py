"""Reading the values of number and date fields: ``>=2000``, ``6..7.5``, ``2025-06``.

A value is a single number or period, a comparison (``>``, ``>=``, ``<``,
``<=``, ``=``) or a range ``a..b`` with either end left open. Everything is
turned into inclusive bounds in the unit the journal stores (ratings in
tenths, dates as days), so ``rating:>7.5`` becomes "at least 76 tenths" and
``watched:<2025-06`` "on or before 2025-05-31".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from watchjournal.search.errors import QuerySyntaxError
from watchjournal.search.query import DateField, DateRange, NumberField, NumberRange
from watchjournal.user_text import quote, shorten

_COMPARISON_RE = re.compile(r"(?P<op>>=|<=|>|<|=)?(?P<rest>.*)", re.DOTALL)
_NUMBER_RE = re.compile(r"\d{1,9}(?:\.\d+)?")
_PERIOD_RE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?")


@dataclass(frozen=True)
class _Scale:
    """How a number field is typed and stored."""

    unit: int  # stored units per typed unit (tenths for ratings)
    lowest: int
    highest: int
    example: str


_SCALES: dict[NumberField, _Scale] = {
    "year": _Scale(1, 0, 9999, "year:2020, year:>=2000 or year:1990..1999"),
    "rating": _Scale(10, 0, 100, "rating:8, rating:>=7.5 or rating:6..7.5"),
    "runtime": _Scale(1, 0, 100_000, "runtime:<100 or runtime:90..120 (minutes)"),
}


@dataclass(frozen=True)
class _Value:
    """The value of a field term and where it starts in the query (for errors)."""

    field: str
    text: str
    position: int

    def error(self, message: str) -> QuerySyntaxError:
        return QuerySyntaxError(
            f"{self.field}:{shorten(self.text, 40)} - {message}", self.position, len(self.text)
        )


def _split_range(value: _Value) -> tuple[str, str] | None:
    if ".." not in value.text:
        return None
    low, _, high = value.text.partition("..")
    if ".." in high or (not low and not high):
        raise value.error("a range looks like a..b, a.. or ..b")
    return low, high


def _number(value: _Value, text: str, scale: _Scale) -> int:
    if not _NUMBER_RE.fullmatch(text):
        raise value.error(f"{quote(text)} is not a number; try {scale.example}")
    stored = Decimal(text) * scale.unit
    if stored != stored.to_integral_value():
        what = "more than one decimal" if scale.unit == 10 else "a fraction"
        raise value.error(f"{quote(text)} has {what}; try {scale.example}")
    number = int(stored)
    if not scale.lowest <= number <= scale.highest:
        raise value.error(f"{shorten(text)} is out of range; try {scale.example}")
    return number


def parse_number(field: NumberField, text: str, position: int) -> NumberRange:
    """A NumberRange for ``year:``, ``rating:`` or ``runtime:``."""
    value = _Value(field, text, position)
    scale = _SCALES[field]
    bounds = _split_range(value)
    if bounds is not None:
        low = _number(value, bounds[0], scale) if bounds[0] else None
        high = _number(value, bounds[1], scale) if bounds[1] else None
        if low is not None and high is not None and low > high:
            raise value.error("the range is backwards (the smaller value comes first)")
        return NumberRange(field, low, high)
    match = _COMPARISON_RE.fullmatch(text)
    assert match is not None  # the pattern accepts any text
    number = _number(value, match["rest"], scale)
    op = match["op"] or "="
    bounds_by_op = {
        "=": (number, number),
        ">=": (number, None),
        ">": (number + 1, None),
        "<=": (None, number),
        "<": (None, number - 1),
    }
    low, high = bounds_by_op[op]
    return NumberRange(field, low, high)


def _period(value: _Value, text: str) -> tuple[date, date]:
    """The first and last day of ``2025``, ``2025-06`` or ``2025-06-01``."""
    match = _PERIOD_RE.fullmatch(text)
    if match is None:
        raise value.error(f"{quote(text)} is not a date; use 2025, 2025-06 or 2025-06-01")
    year = int(match["year"])
    try:
        if match["day"]:
            day = date(year, int(match["month"]), int(match["day"]))
            return day, day
        if match["month"]:
            month = int(match["month"])
            last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
            return date(year, month, 1), date(year, month, last)
        return date(max(year, 1), 1, 1), date(max(year, 1), 12, 31)
    except ValueError:
        raise value.error(f"{quote(text)} is not a date that exists") from None


def parse_date(field: DateField, text: str, position: int) -> DateRange:
    """A DateRange for ``watched:`` or ``added:``."""
    value = _Value(field, text, position)
    bounds = _split_range(value)
    if bounds is not None:
        start = _period(value, bounds[0])[0] if bounds[0] else None
        end = _period(value, bounds[1])[1] if bounds[1] else None
        if start is not None and end is not None and start > end:
            raise value.error("the range is backwards (the earlier date comes first)")
        return DateRange(field, start, end)
    match = _COMPARISON_RE.fullmatch(text)
    assert match is not None
    first, last = _period(value, match["rest"])
    try:
        return _date_comparison(field, match["op"] or "=", first, last)
    except OverflowError:
        raise value.error("that date is out of range") from None


def _date_comparison(field: DateField, op: str, first: date, last: date) -> DateRange:
    if op == "=":
        return DateRange(field, first, last)
    if op == ">=":
        return DateRange(field, first, None)
    if op == ">":
        return DateRange(field, last + timedelta(days=1), None)
    if op == "<=":
        return DateRange(field, None, last)
    return DateRange(field, None, first - timedelta(days=1))
