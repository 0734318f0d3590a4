"""A hand-made ``Stats`` of a realistic year (two films called "Ballerina"), for the
Stats view and year-in-review tests while the stats service is built elsewhere."""

from __future__ import annotations

from datetime import date, timedelta

from watchjournal.journal.stats_types import Count, FilmMoment, Ranked, Stats, StatsPeriod

BALLERINA_2023 = 7  # Lee Chung-hyun's
BALLERINA_2025 = 8  # the John Wick spin-off
PATERSON = 3


def _by_day() -> dict[date, int]:
    days: dict[date, int] = {}
    start = date(2025, 1, 3)
    for step in range(0, 360, 4):
        days[start + timedelta(days=step)] = 1 + step % 3
    days[date(2025, 6, 14)] = 4  # the busiest day
    return days


def sample_stats(query: str | None = None) -> Stats:
    by_day = _by_day()
    by_month = {f"2025-{m:02d}": 0 for m in range(1, 13)}
    for day, n in by_day.items():
        by_month[f"{day.year}-{day.month:02d}"] += n
    weekdays = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    by_weekday = dict.fromkeys(weekdays, 0)
    for day, n in by_day.items():
        by_weekday[weekdays[day.weekday()]] += n
    viewings = sum(by_day.values())
    films = tuple(range(1, 121))
    return Stats(
        period=StatsPeriod.year(2025),
        query=query,
        films=Count(120, films),
        viewings=Count(viewings, films),
        rewatches=Count(14, (PATERSON, BALLERINA_2023)),
        did_not_finish=Count(2, (11, 12)),
        minutes=viewings * 112,
        viewings_without_runtime=3,
        reviews=Count(41, (PATERSON, BALLERINA_2023, BALLERINA_2025)),
        words=12_345,
        watchlist_added=Count(30, (20, 21)),
        watchlist_removed=Count(9, (22,)),
        by_month=by_month,
        by_week={},
        by_weekday=by_weekday,
        by_day=by_day,
        longest_streak_days=5,
        longest_streak=(date(2025, 6, 10), date(2025, 6, 14)),
        busiest_day=(date(2025, 6, 14), 4),
        ratings={7.0: 12, 7.5: 8, 8.0: 20, 8.5: 9, 9.0: 4, 10.0: 1, 3.0: 2},
        average_rating=7.9,
        rating_changes=(FilmMoment(PATERSON, "Paterson", 2016, date(2025, 3, 2), "8.0 → 9.0"),),
        directors=(  # by films watched, as the service orders them
            Ranked("Jim Jarmusch", 3, 8.0),
            Ranked("Lee Chung-hyun", 2, 8.5),
        ),
        cast=(Ranked("Jeon Jong-seo", 2, 8.0),),
        genres=(
            Ranked("Drama", 40, 7.8),
            Ranked("Action", 22, 7.1),
        ),
        countries=(
            Ranked("United States", 60, 7.4),
            Ranked("South Korea", 12, 8.1),
        ),
        decades=(Ranked("2020s", 70, 7.6),),
        # As the service ranks them with min_films=2 (the Stats view's).
        directors_by_rating=(
            Ranked("Lee Chung-hyun", 2, 8.5),
            Ranked("Jim Jarmusch", 3, 8.0),
        ),
        cast_by_rating=(Ranked("Jeon Jong-seo", 2, 8.0),),
        genres_by_rating=(
            Ranked("Drama", 40, 7.8),
            Ranked("Action", 22, 7.1),
        ),
        countries_by_rating=(
            Ranked("South Korea", 12, 8.1),
            Ranked("United States", 60, 7.4),
        ),
        decades_by_rating=(Ranked("2020s", 70, 7.6),),
        min_films=2,
        milestones=(
            FilmMoment(BALLERINA_2025, "Ballerina", 2025, date(2025, 6, 14), "100th film"),
        ),
        first_film=FilmMoment(
            BALLERINA_2023, "Ballerina", 2023, date(2025, 1, 3), "first film of 2025"
        ),
        last_film=FilmMoment(
            BALLERINA_2025, "Ballerina", 2025, date(2025, 12, 27), "last film of 2025"
        ),
        notes=("12 viewings have no date",),
    )
