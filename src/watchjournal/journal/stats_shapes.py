"""The shapes the statistics take once SQL has counted: pure functions, no SQL, no Qt.

Diary days regrouped into months, ISO weeks and weekdays (zeros kept, so a
chart has every bar), the longest streak of consecutive days, the ratings
histogram in half points, the milestone numbers and their ordinals.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from watchjournal.journal.stats_types import StatsPeriod

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HALF_STEPS = tuple(step / 2 for step in range(1, 21))  # 0.5 .. 10.0


def milestone_numbers(up_to: int) -> list[int]:
    """100, 500, 1000, then every thousand: the film counts worth marking, up to ``up_to``."""
    numbers = [n for n in (100, 500) if n <= up_to]
    numbers.extend(range(1000, up_to + 1, 1000))
    return numbers


def ordinal(number: int) -> str:
    tens = number % 100
    suffix = "th" if 10 <= tens <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number:,}{suffix}"


def half_step(tenths: int) -> float:
    """A rating in tenths rounded to the nearest half point (halves round up): 64 -> 6.5."""
    return (tenths + 2) // 5 * 5 / 10


def format_points(tenths: int) -> str:
    return f"{tenths / 10:.1f}"


def count_words(texts: Iterable[str]) -> int:
    return sum(len(text.split()) for text in texts)


def histogram_of_counts(films: Mapping[int, int]) -> dict[float, int]:
    """Films per half point from 0.5 to 10.0, zeros kept, from films per rating in tenths."""
    counts: Counter[float] = Counter()
    for tenths, n in films.items():
        counts[half_step(tenths)] += n
    return {step: counts.get(step, 0) for step in HALF_STEPS}


def _months(first: date, last: date) -> list[str]:
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _span(by_day: dict[date, int], period: StatsPeriod) -> tuple[date, date] | None:
    first = period.start or (min(by_day) if by_day else None)
    last = period.end or (max(by_day) if by_day else None)
    if first is None or last is None or first > last:
        return None
    return first, last


def by_month(by_day: dict[date, int], period: StatsPeriod) -> dict[str, int]:
    """Viewings per month, every month of the period (of the diary, for an open end)."""
    span = _span(by_day, period)
    if span is None:
        return {}
    months = dict.fromkeys(_months(*span), 0)
    for day, n in by_day.items():
        months[f"{day.year}-{day.month:02d}"] += n
    return months


def by_week(by_day: dict[date, int], period: StatsPeriod) -> dict[str, int]:
    """Viewings per ISO week for a period of at most a year ("2025-W23"), else empty."""
    if period.start is None or period.end is None:
        return {}
    if (period.end - period.start).days > 366:
        return {}
    weeks: dict[str, int] = {}
    day = period.start
    while day <= period.end:
        weeks.setdefault(_week(day), 0)
        day += timedelta(days=1)
    for day, n in by_day.items():
        weeks[_week(day)] += n
    return weeks


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def by_weekday(by_day: dict[date, int]) -> dict[str, int]:
    weekdays = dict.fromkeys(WEEKDAYS, 0)
    for day, n in by_day.items():
        weekdays[WEEKDAYS[day.weekday()]] += n
    return weekdays


def longest_streak(by_day: dict[date, int]) -> tuple[date, date] | None:
    """The first longest run of consecutive diary days with a viewing."""
    best: tuple[date, date] | None = None
    start: date | None = None
    previous: date | None = None
    for day in sorted(by_day):
        if previous is None or day - previous != timedelta(days=1):
            start = day
        assert start is not None
        if best is None or (day - start) > (best[1] - best[0]):
            best = (start, day)
        previous = day
    return best
