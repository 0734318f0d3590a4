"""The plain records of the journal's statistics (what ``JournalService.stats`` answers).

Shared by the stats service (journal/stats.py), the CLI (``watchjournal stats``,
``year-in-review``) and the Stats view; nothing here knows SQL or Qt. Every
count that a front end can click carries ``film_ids``: the films it counts, so
a click can show exactly them; a ranked name's films come on demand
(``JournalService.stats_name_films``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class StatsPeriod:
    """A span of diary days, both ends included; None on both ends is all time."""

    start: date | None = None
    end: date | None = None
    label: str = "All time"  # "2025", "June 2025", "1 Jan 2024 – 30 Jun 2025"

    @classmethod
    def year(cls, year: int) -> StatsPeriod:
        return cls(date(year, 1, 1), date(year, 12, 31), str(year))

    @classmethod
    def month(cls, year: int, month: int) -> StatsPeriod:
        end = date(year + month // 12, month % 12 + 1, 1)
        return cls(
            date(year, month, 1), date.fromordinal(end.toordinal() - 1), f"{year}-{month:02d}"
        )


@dataclass(frozen=True)
class Count:
    """A number and the films behind it (a click shows them)."""

    value: int
    film_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Ranked:
    """One director, cast member, genre, country or decade ("1990s").

    Its films are read on demand (``JournalService.stats_name_films``): every
    name of every ranking would be most of the statistics' time."""

    name: str
    films: int  # distinct films watched in the period
    average_rating: float | None  # of those films' ratings (the one rating rule), 10-point


@dataclass(frozen=True)
class FilmMoment:
    """A film at a point of the period: a milestone, the first or last film, a rating change."""

    film_id: int
    title: str
    year: int | None
    on: date | None
    what: str  # "100th film", "first film of 2025", "6.0 → 8.5"


@dataclass(frozen=True)
class Stats:
    period: StatsPeriod
    query: str | None
    films: Count  # distinct films watched
    viewings: Count
    rewatches: Count
    did_not_finish: Count
    minutes: int  # from runtimes
    viewings_without_runtime: int
    reviews: Count  # reviews written in the period
    words: int  # words in those reviews
    watchlist_added: Count
    watchlist_removed: Count
    by_month: dict[str, int]  # "2025-06" -> viewings, every month of the period, zeros kept
    by_week: dict[str, int]  # ISO week "2025-W23" -> viewings (for a year; else empty)
    by_weekday: dict[str, int]  # "Monday".. "Sunday" -> viewings, all seven
    by_day: dict[date, int]  # diary days with viewings (the calendar heatmap)
    longest_streak_days: int
    longest_streak: tuple[date, date] | None
    busiest_day: tuple[date, int] | None
    ratings: dict[float, int]  # histogram in 0.5 steps of the 10-point scale (0.5 .. 10.0)
    average_rating: float | None
    rating_changes: tuple[FilmMoment, ...]  # a film's rating across rewatches
    directors: tuple[Ranked, ...]
    cast: tuple[Ranked, ...]
    genres: tuple[Ranked, ...]
    countries: tuple[Ranked, ...]
    decades: tuple[Ranked, ...]
    milestones: tuple[FilmMoment, ...] = ()
    first_film: FilmMoment | None = None
    last_film: FilmMoment | None = None
    notes: tuple[str, ...] = field(default=())  # e.g. "12 viewings have no date"
    # The same names ranked by average rating, among those with at least ``min_films``
    # films watched in the period and a rating (added by the stats service).
    directors_by_rating: tuple[Ranked, ...] = ()
    cast_by_rating: tuple[Ranked, ...] = ()
    genres_by_rating: tuple[Ranked, ...] = ()
    countries_by_rating: tuple[Ranked, ...] = ()
    decades_by_rating: tuple[Ranked, ...] = ()
    min_films: int = 3
