"""Milestones against a brute-force numbering of the films by their first viewing.

The milestone numbers are made dense (every 7th film) so that one small
journal checks many of them: ties on a day, undated first viewings, periods
open at one end, a query.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from watchjournal.journal import FilmFields, JournalService
from watchjournal.journal import stats_compute as stats_module
from watchjournal.journal.import_types import ImportBatch, ImportFilm, ImportViewing, Origin
from watchjournal.journal.stats_types import StatsPeriod
from watchjournal.paths import AppPaths

PERIODS = [
    StatsPeriod(),
    StatsPeriod.year(2023),
    StatsPeriod.year(2024),
    StatsPeriod.month(2024, 2),
    StatsPeriod(None, date(2023, 6, 30), "until June 2023"),
    StatsPeriod(date(2023, 6, 1), None, "since June 2023"),
]


@pytest.fixture
def service(journal_db: str, app_dirs: AppPaths) -> Iterator[JournalService]:
    """The journal on each backend (``journal_db``): the same counts on SQLite and PostgreSQL."""
    opened = JournalService.open(journal_db, app_dirs.backup_dir)
    yield opened
    opened.close()


def _journal(service: JournalService) -> list[int]:
    """60 films (every third a horror film) and 110 viewings on random days, some undated,
    in one import (170 separate writes took 11-17 s)."""
    rng = random.Random(6)
    viewings: list[list[ImportViewing]] = [[] for _ in range(60)]
    for _ in range(110):
        day = None if rng.random() < 0.08 else date(2023, 1, 1) + timedelta(rng.randint(0, 500))
        viewings[rng.randrange(60)].append(ImportViewing(day))
    films = [
        ImportFilm(
            FilmFields(
                f"Film {number}", year=1990, genres=("Horror" if number % 3 == 0 else "Drama",)
            ),
            Origin("diary.csv", number + 2),
            viewings=viewings[number],
        )
        for number in range(60)
    ]
    service.import_batch(ImportBatch("letterboxd", films=films))
    ids = {film.fields.title: film.id for film in service.list_films()}
    return [ids[f"Film {number}"] for number in range(60)]


def _expected(
    service: JournalService, film_ids: list[int], period: StatsPeriod, wanted: set[int]
) -> list[tuple[int, date | None, str]]:
    firsts = []
    for film_id in film_ids:
        viewings = service.get_film(film_id).viewings
        if viewings:
            first = min(viewings, key=lambda v: (v.watched_on or date.min, v.id))
            firsts.append(((first.watched_on or date.min, first.id), film_id, first.watched_on))
    firsts.sort()
    expected = []
    for n, (_, film_id, day) in enumerate(firsts, start=1):
        bounded = period.start is not None or period.end is not None
        if n not in wanted or (bounded and day is None):
            continue
        if day is not None and period.start is not None and day < period.start:
            continue
        if day is not None and period.end is not None and day > period.end:
            continue
        expected.append((film_id, day, stats_module.ordinal(n) + " film"))
    return expected


@pytest.mark.parametrize("query", [None, "genre:horror"])
def test_milestones_match_a_brute_force_numbering(
    service: JournalService, monkeypatch: pytest.MonkeyPatch, query: str | None
) -> None:
    monkeypatch.setattr(stats_module, "milestone_numbers", lambda up_to: range(3, up_to + 1, 7))
    film_ids = _journal(service)
    counted = film_ids if query is None else service.search_film_ids(query)
    assert 0 < len(counted) <= len(film_ids)
    found = 0
    for period in PERIODS:
        milestones = service.stats(period, query).milestones
        got = [(m.film_id, m.on, m.what) for m in milestones]
        assert got == _expected(service, list(counted), period, set(range(3, 61, 7)))
        found += len(got)
    assert found >= 5  # the journal really has milestones in the periods
