"""Property: the statistics' derived tables stay right through any sequence of writes.

Random sequences of writes go through the service (films added, edited,
deleted and restored; viewings logged, moved to another day or to none, their
rewatch flag overridden, deleted; reviews written, re-rated and deleted;
imports). After every write the derived tables (``storage.stats_tables``)
must equal what the rules give worked out afresh in Python from the
service's own records (each film's ``rating_tenths`` and each viewing's
``rewatch`` are the one rule's answers; words are ``str.split``), and
``stats`` must agree with the brute-force count of ``test_stats_property``;
at the end, for every period and query there. On SQLite with many examples,
on PostgreSQL with fewer (each example is a new database).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, select

from tests.unit.test_stats_property import (
    COUNTRIES,
    DAYS,
    NAMES,
    PERIODS,
    QUERIES,
    brute_changes,
    check,
)
from watchjournal.journal import FilmFields, FilmRecord, JournalService, ReviewFields
from watchjournal.journal.import_types import (
    ImportBatch,
    ImportFilm,
    ImportReview,
    ImportViewing,
    Origin,
)
from watchjournal.journal.stats_types import StatsPeriod
from watchjournal.storage.server_url import server_url
from watchjournal.storage.stats_tables import (
    stats_dirty,
    stats_film_names,
    stats_films,
    stats_names,
    stats_reviews,
    stats_viewings,
)

MIN_FILMS = 2
# Examples per run: a few in the default run, the full number under ``-m slow``.
EXAMPLES = {
    "quick": {"sqlite": 8, "postgresql": 3},
    "full": {"sqlite": 30, "postgresql": 10},
}

some_film = st.tuples(
    st.sampled_from(("Ballerina", "Paterson", "Huracán")),
    st.one_of(st.none(), st.integers(1955, 2025)),
    st.lists(st.sampled_from(NAMES), max_size=2),
    st.lists(st.sampled_from(COUNTRIES), max_size=2),
    st.one_of(st.none(), st.integers(80, 130)),
)
a_day = st.one_of(st.none(), st.sampled_from(DAYS))
an_override = st.sampled_from((None, None, True, False))
a_rating = st.one_of(st.none(), st.integers(5, 100))
a_body = st.sampled_from(("", "one", "two words", " three  spaced\nwords "))
which = st.integers(0, 50)
operations = st.one_of(
    st.tuples(st.just("add_film"), some_film),
    st.tuples(st.just("edit_film"), which, some_film),
    st.tuples(st.just("delete_film"), which, st.booleans()),  # and undo it
    st.tuples(st.just("watch"), which, a_day, st.booleans(), an_override),
    st.tuples(st.just("move_viewing"), which, a_day, an_override),
    st.tuples(st.just("delete_viewing"), which),
    st.tuples(st.just("review"), which, a_rating, a_body, st.sampled_from(DAYS)),
    st.tuples(st.just("edit_review"), which, a_rating, a_body),
    st.tuples(st.just("delete_review"), which),
    st.tuples(st.just("import"), some_film, a_day, a_rating, a_body),
)


def _fields(film: tuple[Any, ...]) -> FilmFields:
    title, year, directors, countries, runtime = film
    return FilmFields(
        title, year=year, directors=tuple(directors), countries=tuple(countries),
        genres=("Drama",), runtime=runtime,
    )  # fmt: skip


def _noon(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time()).replace(hour=12)


def _pick(items: list[Any], index: int) -> Any | None:
    return items[index % len(items)] if items else None


def apply(service: JournalService, operation: tuple[Any, ...]) -> None:
    """One write through the service (nothing happens when there is nothing to change)."""
    kind, *args = operation
    films = service.list_films()
    viewings = [v for f in films for v in f.viewings]
    reviews = [r for f in films for r in f.reviews]
    if kind == "add_film":
        service.add_film(_fields(args[0]), allow_duplicate=True)
    elif kind == "edit_film" and (film := _pick(films, args[0])):
        service.edit_film(film.id, _fields(args[1]), allow_duplicate=True)
    elif kind == "delete_film" and (film := _pick(films, args[0])):
        snapshot = service.delete_film(film.id)
        if args[1]:
            service.restore_film(snapshot)
    elif kind == "watch" and (film := _pick(films, args[0])):
        service.mark_watched(film.id, args[1], did_not_finish=args[2], rewatch=args[3])
    elif kind == "move_viewing" and (viewing := _pick(viewings, args[0])):
        service.edit_viewing(viewing.id, on=args[1], rewatch=args[2])
    elif kind == "delete_viewing" and (viewing := _pick(viewings, args[0])):
        service.delete_viewing(viewing.id)
    elif kind == "review" and (viewing := _pick(viewings, args[0])):
        fields = ReviewFields(rating_tenths=args[1], body=args[2], viewing_id=viewing.id)
        service.write_review(viewing.film_id, fields, now=_noon(args[3]))
    elif kind == "edit_review" and (review := _pick(reviews, args[0])):
        fields = ReviewFields(
            rating_tenths=args[1], headline=review.headline, body=args[2],
            viewing_id=review.viewing_id,
        )  # fmt: skip
        service.update_review(review.id, fields)
    elif kind == "delete_review" and (review := _pick(reviews, args[0])):
        service.delete_review(review.id)
    elif kind == "import":
        film, day, rating, body = args
        imported = ImportFilm(
            _fields(film),
            Origin("generated", 1),
            viewings=[ImportViewing(day)],
            reviews=[ImportReview(rating_tenths=rating, body=body or "imported", viewing=0)],
        )
        service.import_batch(ImportBatch("generated", [imported]))


def _naive_utc(stamp: datetime) -> datetime:
    """How the journal stores a time: naive UTC (records may carry UTC as a zone)."""
    return stamp if stamp.tzinfo is None else stamp.astimezone(UTC).replace(tzinfo=None)


def expected_tables(films: list[FilmRecord]) -> dict[str, Any]:
    """The derived tables as the rules give them, from the service's records."""
    changes = brute_changes(films)
    summary, viewings, reviews, names = {}, {}, {}, {}
    for film in films:
        diary = sorted(
            film.viewings, key=lambda v: (v.watched_on is not None, v.watched_on or date.min, v.id)
        )
        first = diary[0] if diary else None
        steps = changes.get(film.id)
        summary[film.id] = (
            film.rating_tenths, film.fields.runtime, len(diary), sum(v.rewatch for v in diary),
            sum(v.did_not_finish for v in diary), first.watched_on if first else None,
            first.id if first else None,
            steps,
        )  # fmt: skip
        for v in film.viewings:
            viewings[v.id] = (film.id, v.watched_on, bool(v.rewatch), bool(v.did_not_finish))
        for r in film.reviews:
            written = _naive_utc(r.created_at)
            reviews[r.id] = (film.id, written, len(f"{r.headline} {r.body}".split()))
        if diary:
            year = film.fields.year
            for kind, values in (
                ("directors", film.fields.directors),
                ("cast", film.fields.cast),
                ("genres", film.fields.genres),
                ("countries", film.fields.countries),
                ("decades", [f"{year // 10 * 10}s"] if year is not None else []),
            ):
                for name in values:
                    names[(film.id, kind, name)] = film.rating_tenths
    totals: dict[tuple[str, str], tuple[int, int, int]] = {}
    for (_, kind, name), rating in names.items():
        films_, rated, total = totals.get((kind, name), (0, 0, 0))
        totals[(kind, name)] = (films_ + 1, rated + (rating is not None), total + (rating or 0))
    return {
        "summary": summary, "viewings": viewings, "reviews": reviews, "names": names,
        "totals": totals, "dirty": [],
    }  # fmt: skip


def stored_tables(engine: Engine) -> dict[str, Any]:
    with engine.connect() as connection:
        summary = {
            row[0]: tuple(row[1:9])
            for row in connection.execute(
                select(
                    stats_films.c.film_id, stats_films.c.rating_tenths, stats_films.c.runtime,
                    stats_films.c.viewings, stats_films.c.rewatches, stats_films.c.did_not_finish,
                    stats_films.c.first_on, stats_films.c.first_viewing_id,
                    stats_films.c.rating_steps,
                )
            )
        }  # fmt: skip
        viewings = {
            row[0]: (row[1], row[2], bool(row[3]), bool(row[4]))
            for row in connection.execute(select(stats_viewings))
        }
        reviews = {row[0]: tuple(row[1:]) for row in connection.execute(select(stats_reviews))}
        label = {row.id: (row.kind, row.name) for row in connection.execute(select(stats_names))}
        names = {
            (row.film_id, *label[row.name_id]): row.rating_tenths
            for row in connection.execute(select(stats_film_names))
        }
        totals = {
            (row.kind, row.name): (row.films, row.rated, row.total)
            for row in connection.execute(select(stats_names))
            if row.films or row.rated or row.total
        }
        dirty = list(connection.scalars(select(stats_dirty.c.film_id)))
    return {
        "summary": summary, "viewings": viewings, "reviews": reviews, "names": names,
        "totals": totals, "dirty": dirty,
    }  # fmt: skip


def _check_all(service: JournalService, engine: Engine, *, every_period: bool) -> None:
    films = service.list_films()
    assert stored_tables(engine) == expected_tables(films)
    cases = itertools.product(PERIODS, QUERIES) if every_period else [(StatsPeriod(), None)]
    for period, query in cases:
        check(service, service.stats(period, query, min_films=MIN_FILMS), period, query)


@pytest.fixture
def new_journal(
    backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Callable[[], str]]:
    """A new, empty journal of the backend for each example (a file or a database)."""
    numbers = itertools.count(1)
    if backend == "sqlite":
        yield lambda: str(tmp_path_factory.mktemp("derived") / "journal.sqlite")
        return
    server = request.getfixturevalue("postgres_server")
    names: list[str] = []

    def new() -> str:
        names.append(f"derived_{id(numbers)}_{next(numbers)}")
        return str(server.create_database(names[-1]))

    yield new
    for name in names:
        server.drop_database(name)


def _engine(journal_db: str) -> Engine:
    if journal_db.startswith("postgresql"):
        return create_engine(server_url(journal_db))
    return create_engine(f"sqlite:///{journal_db}")


def _open(journal_db: str, folder: Path) -> Iterator[tuple[JournalService, Engine]]:
    service = JournalService.open(journal_db, folder)
    engine = _engine(journal_db)
    try:
        yield service, engine
    finally:
        engine.dispose()
        service.close()


@pytest.mark.parametrize("length", ["quick", pytest.param("full", marks=pytest.mark.slow)])
def test_derived_tables_follow_every_write(
    backend: str, new_journal: Callable[[], str], tmp_path: Path, length: str
) -> None:
    @settings(
        max_examples=EXAMPLES[length][backend],
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        start=st.lists(some_film, min_size=1, max_size=3),
        writes=st.lists(operations, min_size=1, max_size=10),
    )
    def run(start: list[Any], writes: list[Any]) -> None:
        for service, engine in _open(new_journal(), tmp_path / "backups"):
            for film in start:
                service.add_film(_fields(film), allow_duplicate=True)
            for operation in writes:
                apply(service, operation)
                _check_all(service, engine, every_period=False)
            _check_all(service, engine, every_period=True)

    run()
