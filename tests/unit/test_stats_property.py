"""Property: ``JournalService.stats`` agrees with a brute-force count over the service's records.

Random small journals are built through the service; the brute force reads
``list_films()`` (each viewing's ``rewatch`` and each film's ``rating_tenths``
come from the one rule) and filters films with ``search_film_ids``, then counts
in plain Python. Periods and queries vary with the journal.
"""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchjournal.journal import FilmFields, FilmRecord, JournalService, ReviewFields
from watchjournal.journal.stats_shapes import half_step, longest_streak
from watchjournal.journal.stats_types import Ranked, Stats, StatsPeriod

DAYS = [date(2024, 12, 26) + timedelta(days=n) for n in range(12)]
NAMES = ("Varda", "Bong", "Reichardt")
COUNTRIES = ("France", "South Korea", "United States")
QUERIES = (None, 'country:"South Korea"', "is:rewatch", "year:1960..1999", "-country:France")
PERIODS = (
    StatsPeriod(),
    StatsPeriod.year(2025),
    StatsPeriod.month(2024, 12),
    StatsPeriod(date(2024, 12, 30), date(2025, 1, 2), "turn"),
    StatsPeriod(date(2025, 1, 3), None, "from 3 Jan"),
)
MIN_FILMS = 2

film_strategy = st.tuples(
    st.sampled_from(("Ballerina", "Paterson", "Huracán")),
    st.one_of(st.none(), st.integers(1955, 2025)),
    st.lists(st.sampled_from(NAMES), max_size=2),
    st.lists(st.sampled_from(COUNTRIES), max_size=2),
    st.one_of(st.none(), st.integers(80, 130)),
)
viewing_strategy = st.tuples(
    st.integers(0, 5),  # which film
    st.one_of(st.none(), st.sampled_from(DAYS)),
    st.booleans(),  # did not finish
    st.sampled_from((None, None, None, True, False)),  # rewatch override
    st.one_of(st.none(), st.integers(5, 100)),  # a review's rating
    st.sampled_from(DAYS),  # when the review was written
    st.sampled_from(("", "one", "two words", " three  spaced\nwords ")),
)


def build(service: JournalService, films: list[Any], viewings: list[Any]) -> None:
    ids = []
    for title, year, directors, countries, runtime in films:
        fields = FilmFields(
            title, year=year, directors=tuple(directors), countries=tuple(countries),
            genres=("Drama",), runtime=runtime,
        )  # fmt: skip
        ids.append(service.add_film(fields, allow_duplicate=True).id)
    for which, day, dnf, override, rating, written, body in viewings:
        film_id = ids[which % len(ids)]
        viewing = service.mark_watched(film_id, day, did_not_finish=dnf, rewatch=override)
        if rating is not None or body:
            fields = ReviewFields(rating_tenths=rating, body=body, viewing_id=viewing.id)
            noon = datetime.combine(written, datetime.min.time()).replace(hour=12)
            service.write_review(film_id, fields, now=noon)


def in_period(day: date | None, period: StatsPeriod) -> bool:
    if period.start is None and period.end is None:
        return True
    if day is None:
        return False
    return (period.start is None or day >= period.start) and (
        period.end is None or day <= period.end
    )


def brute_ranked(
    films: list[FilmRecord], names_of: Any, *, by_rating: bool
) -> list[tuple[str, int, float | None, tuple[int, ...]]]:
    groups: dict[str, list[FilmRecord]] = {}
    for film in films:
        for name in set(names_of(film)):
            groups.setdefault(name, []).append(film)
    rows = []
    for name, members in groups.items():
        rated = [f.rating_tenths for f in members if f.rating_tenths is not None]
        mean = sum(rated) / len(rated) if rated else None
        rows.append((name, len(members), mean, tuple(sorted(f.id for f in members))))
    if by_rating:
        eligible = [r for r in rows if r[1] >= MIN_FILMS and r[2] is not None]
        ordered = sorted(eligible, key=lambda r: (-(r[2] or 0), -r[1], r[0]))
    else:
        ordered = sorted(rows, key=lambda r: (-r[1], r[0]))
    return [(n, c, None if m is None else round(m / 10, 2), i) for n, c, m, i in ordered]


def as_rows(
    service: JournalService, stats: Stats, kind: str, ranked: tuple[Ranked, ...]
) -> list[tuple[str, int, float | None, tuple[int, ...]]]:
    """The ranked names with the films the service gives for each (on demand)."""
    films = service.stats_name_films(stats.period, stats.query, [(kind, r.name) for r in ranked])
    return [(r.name, r.films, r.average_rating, films[(kind, r.name)]) for r in ranked]


def check(service: JournalService, stats: Stats, period: StatsPeriod, query: str | None) -> None:
    wanted = set(service.search_film_ids(query)) if query else None
    films = [f for f in service.list_films() if wanted is None or f.id in wanted]
    viewings = [(f, v) for f in films for v in f.viewings if in_period(v.watched_on, period)]
    watched = sorted({f.id: f for f, _ in viewings}.values(), key=lambda f: f.id)
    assert stats.films.film_ids == tuple(f.id for f in watched)
    assert stats.viewings.value == len(viewings)
    assert stats.rewatches.value == sum(v.rewatch for _, v in viewings)
    assert stats.rewatches.film_ids == tuple(sorted({f.id for f, v in viewings if v.rewatch}))
    assert stats.did_not_finish.value == sum(v.did_not_finish for _, v in viewings)
    assert stats.minutes == sum(f.fields.runtime or 0 for f, _ in viewings)
    assert stats.viewings_without_runtime == sum(f.fields.runtime is None for f, _ in viewings)
    by_day = Counter(v.watched_on for _, v in viewings if v.watched_on is not None)
    assert stats.by_day == dict(by_day)
    assert sum(stats.by_month.values()) == sum(by_day.values())
    assert stats.longest_streak == longest_streak(dict(by_day))
    rated = [f.rating_tenths for f in watched if f.rating_tenths is not None]
    assert {k: v for k, v in stats.ratings.items() if v} == dict(Counter(map(half_step, rated)))
    expected_average = round(sum(rated) / len(rated) / 10, 2) if rated else None
    assert stats.average_rating == expected_average
    reviews = [
        (f, r)
        for f in films
        for r in f.reviews
        if in_period(r.created_at.replace(tzinfo=UTC).astimezone().date(), period)
    ]
    assert stats.reviews.value == len(reviews)
    assert stats.words == sum(len(f"{r.headline} {r.body}".split()) for _, r in reviews)
    for kind, names_of in (
        ("directors", lambda f: f.fields.directors),
        ("countries", lambda f: f.fields.countries),
        ("decades", lambda f: [f"{f.fields.year // 10 * 10}s"] if f.fields.year else []),
    ):
        ranked = as_rows(service, stats, kind, getattr(stats, kind))
        assert ranked == brute_ranked(watched, names_of, by_rating=False)
        by_rating = as_rows(service, stats, kind, getattr(stats, f"{kind}_by_rating"))
        assert by_rating == brute_ranked(watched, names_of, by_rating=True)
    dated = sorted(((v.watched_on, v.id, f.id) for f, v in viewings if v.watched_on is not None))
    assert (stats.first_film.film_id if stats.first_film else None) == (
        dated[0][2] if dated else None
    )
    assert (stats.last_film.film_id if stats.last_film else None) == (
        dated[-1][2] if dated else None
    )
    assert {m.film_id: m.what for m in stats.rating_changes} == brute_changes(watched)


def brute_changes(films: list[FilmRecord]) -> dict[int, str]:
    changes = {}
    for film in films:
        order = {
            v.id: (v.watched_on is not None, v.watched_on or date.min, v.id) for v in film.viewings
        }
        rated = sorted(
            (r for r in film.reviews if r.rating_tenths is not None and r.viewing_id is not None),
            key=lambda r: (order[r.viewing_id or 0], r.id),
        )
        ratings = [r.rating_tenths for r in rated]
        if len({r.viewing_id for r in rated}) >= 2 and len(set(ratings)) > 1:
            steps = [t for t, _ in itertools.groupby(ratings)]
            changes[film.id] = " → ".join(f"{(t or 0) / 10:.1f}" for t in steps)
    return changes


QUICK = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
journals = {
    "films": st.lists(film_strategy, min_size=1, max_size=6),
    "viewings": st.lists(viewing_strategy, max_size=10),
}


@QUICK
@given(**journals)
def test_stats_agree_with_a_brute_force_count(
    tmp_path_factory: pytest.TempPathFactory, films: list[Any], viewings: list[Any]
) -> None:
    check_a_random_journal(tmp_path_factory, films, viewings)


@pytest.mark.slow
@settings(QUICK, max_examples=50)
@given(**journals)
def test_stats_agree_with_a_brute_force_count_at_length(
    tmp_path_factory: pytest.TempPathFactory, films: list[Any], viewings: list[Any]
) -> None:
    check_a_random_journal(tmp_path_factory, films, viewings)


def check_a_random_journal(
    tmp_path_factory: pytest.TempPathFactory, films: list[Any], viewings: list[Any]
) -> None:
    folder = tmp_path_factory.mktemp("stats")
    service = JournalService.open(Path(folder) / "journal.sqlite", Path(folder) / "backups")
    try:
        build(service, films, viewings)
        for period, query in itertools.product(PERIODS, QUERIES):
            stats = service.stats(period, query, min_films=MIN_FILMS)
            check(service, stats, period, query)
    finally:
        service.close()
