"""Keeping the statistics' derived tables (``storage.stats_tables``) up to date.

Triggers (migration 0011) note in ``stats_dirty`` every film whose film,
viewing or review rows a write touched (a large import on SQLite marks the
films of its inserted rows in one statement instead: ``marking_in_bulk``);
``refresh`` recomputes all the derived rows of those films and empties the
list. ``JournalService._writing`` calls it at the end of every write
transaction (imports, restores and ``copy-to`` included), and migration 0011
to fill the tables, so what a commit leaves behind is always up to date.

Each value comes from the journal's one rule, evaluated here for the dirty
films only: a film's rating is ``models.film_rating_tenths``, a rewatch
``models.is_rewatch``, a review's words ``stats_shapes.count_words``, the
diary order that of ``models.rating_precedence`` and the diary (by day, an
unknown day first, then by id), a film's names those of its lists (each
name once, blanks left out) and its decade (``_refresh_names``, in SQL). The
work is set-based (a statement per table, per kind of name for the names,
over all dirty films), so an import of 100,000 films costs a few statements,
not 100,000 refreshes; on SQLite no row passes through Python but a review's
text, whose words SQLite counts with ``count_words`` as a function of its own.
"""

from __future__ import annotations

import functools
import itertools
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    String,
    and_,
    case,
    cast,
    delete,
    exists,
    func,
    insert,
    literal,
    literal_column,
    select,
    text,
    true,
    update,
)
from sqlalchemy.sql import bindparam

from watchjournal.journal.stats_shapes import count_words, format_points
from watchjournal.journal.stats_sql import DECADES, RANKED_KINDS, raw_rows
from watchjournal.storage import models
from watchjournal.storage.stats_tables import (
    stats_dirty,
    stats_film_names,
    stats_films,
    stats_names,
    stats_reviews,
    stats_viewings,
)

Film = models.Film
Review = models.Review
Viewing = models.Viewing


def _dirty() -> Any:
    return select(stats_dirty.c.film_id).scalar_subquery()


def refresh(connection: Connection) -> int:
    """Recompute the derived rows of every film in ``stats_dirty`` (in the caller's
    transaction) and empty it; how many films were refreshed (0: nothing to do)."""
    built = _built(connection.dialect.name)
    dirty_count = int(connection.scalar(built.count) or 0)
    if not dirty_count:
        return 0
    with _page_cache(connection, dirty_count):
        before = _name_totals(connection, built)
        for statement in built.deletes:
            connection.execute(statement)
        connection.execute(built.viewings)
        _refresh_reviews(connection, built)
        connection.execute(built.films)
        _refresh_rating_steps(connection, built)
        for statement in built.names:
            connection.execute(statement)
        _update_name_totals(connection, built, before, _name_totals(connection, built))
        connection.execute(built.undirty)
    return dirty_count


@dataclass(frozen=True)
class _Built:
    """Every statement of a refresh, made once per kind of database: making them is
    most of a small write's time (a film added: about 40 of its 60 ms), running them
    is little; made once, SQLAlchemy also compiles each only once."""

    count: Any
    deletes: tuple[Any, ...]
    viewings: Any
    reviews: Any  # SQLite: the insert (words counted by SQLite); else the rows to count
    films: Any
    rating_steps: Any
    names: tuple[Any, ...]
    name_totals: Any
    update_totals: Any
    undirty: Any


@functools.cache
def _built(dialect: str) -> _Built:
    return _Built(
        count=select(func.count()).select_from(stats_dirty),
        deletes=tuple(
            delete(table).where(table.c.film_id.in_(_dirty()))
            for table in (stats_viewings, stats_reviews, stats_films, stats_film_names)
        ),
        viewings=_viewings_insert(),
        reviews=_reviews_statement(dialect),
        films=_films_insert(),
        rating_steps=_rating_steps_rows(),
        names=_names_inserts(dialect),
        name_totals=_name_totals_rows(),
        update_totals=_totals_update(),
        undirty=delete(stats_dirty),
    )


# From this many dirty films on, SQLite's page cache is made this big for the refresh
# (KiB; the default is 2 MiB): their rows go into the derived tables' indexes at
# places all over a large journal, and a small cache reads and spills the same pages
# again and again. A refresh of 100,000 films (benchmarks/stats_bench.py): 8% less
# CPU time; 64 MiB saved 15%, but raised an import's peak memory by 36 MB.
BIG_REFRESH = 5_000
_BIG_CACHE_KIB = 16 * 1024


@contextmanager
def _page_cache(connection: Connection, dirty_count: int) -> Iterator[None]:
    """A bigger page cache for a big refresh on SQLite, the connection's own after it
    (the pages beyond it are let go once the transaction no longer needs them)."""
    if dirty_count < BIG_REFRESH or connection.dialect.name != "sqlite":
        yield
        return
    kept = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
    connection.exec_driver_sql(f"PRAGMA cache_size = -{_BIG_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {kept}")


# The triggers of migration 0011 that mark the film of each inserted film, viewing
# and review row ("stats_dirty_<table>_insert"), and the column that names the film.
_INSERT_TRIGGERS = "stats_dirty_*_insert"
_FILM_OF = {"films": "id", "viewings": "film_id", "reviews": "film_id"}


@contextmanager
def marking_in_bulk(connection: Connection) -> Iterator[None]:
    """For inserting very many rows at once on SQLite (a large import): the triggers
    that mark the film of each inserted row off inside, and the films of all the rows
    inserted meanwhile marked in one statement at the end, in the same transaction.

    A row trigger is a statement of its own for each row (about 1.6 µs: half a
    second of an import of 100,000 diary rows and reviews). The rows inserted are
    those past the highest id each table had: for writers whose new rows take new
    ids (SQLite's own, or an import's past the highest). Updates and deletes keep
    marking through their triggers. The triggers are dropped and created again from
    their stored definitions in the same transaction, so nobody sees a journal
    without them (an error rolls the drop back with the rest).
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    triggers = connection.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name GLOB :p"),
        {"p": _INSERT_TRIGGERS},
    ).all()
    highest = {
        table: connection.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table}").scalar_one()
        for table in _FILM_OF
    }
    for name, _sql in triggers:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    yield
    for _name, sql in triggers:
        connection.exec_driver_sql(sql)
    inserted = " UNION ".join(
        f"SELECT {film} FROM {table} WHERE id > {int(highest[table])}"
        for table, film in _FILM_OF.items()
    )
    connection.exec_driver_sql(f"INSERT OR IGNORE INTO {stats_dirty.name} (film_id) {inserted}")


def _marker(connection: Connection) -> str:
    """The driver's positional parameter marker (sqlite3: ``?``, psycopg: ``%s``)."""
    return "?" if connection.dialect.paramstyle == "qmark" else "%s"


def _insert_many(connection: Connection, table: Any, columns: Sequence[str], rows: Any) -> None:
    """Insert plain tuples through the driver's own ``executemany``: SQLAlchemy's
    per-row parameter handling would cost more than SQLite's inserting (imports)."""
    if not rows:
        return
    marker = _marker(connection)
    connection.exec_driver_sql(
        f"INSERT INTO {table.name} ({', '.join(columns)})"
        f" VALUES ({', '.join([marker] * len(columns))})",
        rows,
    )


def _viewings_insert() -> Any:
    rows = select(
        Viewing.id, Viewing.film_id, Viewing.watched_on, models.is_rewatch(Viewing),
        Viewing.did_not_finish,
    ).where(Viewing.film_id.in_(_dirty()))  # fmt: skip
    columns = ["viewing_id", "film_id", "watched_on", "rewatch", "did_not_finish"]
    return insert(stats_viewings).from_select(columns, rows)


def _review_words(headline: str, body: str) -> int:
    """The words of a review the statistics count: its headline and its body."""
    return count_words([f"{headline} {body}"])


# ``_review_words`` as a function of SQLite's, so the rows are written in one statement
# (no row through Python but the text to count).
_WORDS_FUNCTION = "watchjournal_review_words"


_REVIEW_COLUMNS = ["review_id", "film_id", "created_at", "words"]


def _reviews_statement(dialect: str) -> Any:
    if dialect == "sqlite":
        words = getattr(func, _WORDS_FUNCTION)(Review.headline, Review.body)
        rows = select(Review.id, Review.film_id, Review.created_at, words)
        return insert(stats_reviews).from_select(
            _REVIEW_COLUMNS, rows.where(Review.film_id.in_(_dirty()))
        )
    return select(Review.id, Review.film_id, Review.created_at, Review.headline, Review.body).where(
        Review.film_id.in_(_dirty())
    )


def _refresh_reviews(connection: Connection, built: _Built) -> None:
    if connection.dialect.name == "sqlite":
        driver = connection.connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        driver.create_function(_WORDS_FUNCTION, 2, _review_words, deterministic=True)
        connection.execute(built.reviews)
        return
    texts = raw_rows(connection, built.reviews)
    values = [
        (review_id, film_id, created_at, _review_words(headline, body))
        for review_id, film_id, created_at, headline, body in texts
    ]
    _insert_many(connection, stats_reviews, _REVIEW_COLUMNS, values)


def _first_viewing(column: Any) -> Any:
    """``column`` of the film's first viewing in diary order (an unknown day first)."""
    first = (
        select(column)
        .where(Viewing.film_id == Film.id)
        .order_by(Viewing.watched_on.is_(None).desc(), Viewing.watched_on, Viewing.id)
        .limit(1)
    )
    return first.scalar_subquery()


def _films_insert() -> Any:
    counts = (
        select(
            stats_viewings.c.film_id,
            func.count().label("viewings"),
            func.sum(case((stats_viewings.c.rewatch, 1), else_=0)).label("rewatches"),
            func.sum(case((stats_viewings.c.did_not_finish, 1), else_=0)).label("dnf"),
        )
        .where(stats_viewings.c.film_id.in_(_dirty()))
        .group_by(stats_viewings.c.film_id)
        .subquery("counts")
    )
    rows = (
        select(
            Film.id,
            models.film_rating_tenths(Film.id),
            Film.runtime,
            func.coalesce(counts.c.viewings, 0),
            func.coalesce(counts.c.rewatches, 0),
            func.coalesce(counts.c.dnf, 0),
            _first_viewing(Viewing.watched_on),
            _first_viewing(Viewing.id),
        )
        .select_from(Film)
        .outerjoin(counts, counts.c.film_id == Film.id)
        .where(Film.id.in_(_dirty()))
    )
    columns = [
        "film_id", "rating_tenths", "runtime", "viewings", "rewatches", "did_not_finish",
        "first_on", "first_viewing_id",
    ]  # fmt: skip
    return insert(stats_films).from_select(columns, rows)


def rating_steps(tenths: Iterable[int]) -> list[int]:
    """A film's ratings in diary order with repeats in a row dropped (60, 60, 85: 60, 85)."""
    return [value for value, _ in itertools.groupby(tenths)]


def _rating_steps_rows() -> Any:
    return (
        select(Review.film_id, Review.viewing_id, Review.rating_tenths, Viewing.watched_on)
        .join(Viewing, Viewing.id == Review.viewing_id)
        .where(Review.film_id.in_(_dirty()), Review.rating_tenths.is_not(None))
        .order_by(
            Review.film_id,
            Viewing.watched_on.is_(None).desc(),
            Viewing.watched_on,
            Viewing.id,
            Review.id,
        )
    )


def _refresh_rating_steps(connection: Connection, built: _Built) -> None:
    """Films whose rated reviews belong to two or more viewings and differ: the steps
    of their rating in diary order, and the day of the last of those viewings."""
    rows = raw_rows(connection, built.rating_steps)
    # Dates as the driver takes them: SQLite's stored text as read, psycopg a date.
    day = (lambda text: text) if connection.dialect.name == "sqlite" else _day
    changed = []
    for film_id, group in itertools.groupby(rows, key=lambda row: row[0]):
        reviews = list(group)
        tenths = [int(row[2]) for row in reviews]
        if len({row[1] for row in reviews}) >= 2 and min(tenths) != max(tenths):
            steps = " → ".join(map(format_points, rating_steps(tenths)))
            changed.append((steps, day(reviews[-1][3]), film_id))
    if changed:
        marker = _marker(connection)
        connection.exec_driver_sql(
            f"UPDATE {stats_films.name} SET rating_steps = {marker}, rating_steps_on = {marker}"
            f" WHERE film_id = {marker}",
            changed,
        )


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _listed(dialect: str, column: Any) -> tuple[Any, Any, ColumnElement[bool]]:
    """The elements of a film's JSON list of names as rows, the name of one (text), and
    the condition that keeps the names: strings (a malformed list gives none)."""
    if dialect == "postgresql":
        listed = case(
            (func.json_typeof(column) == "array", column), else_=literal_column("'[]'::json")
        )
        elements = func.json_array_elements(listed).table_valued("value")
        element = elements.c.value
        return (
            elements,
            element.op("#>>")(literal_column("'{}'")),
            func.json_typeof(element) == "string",
        )
    elements = func.json_each(column).table_valued("key", "value", "type")
    # The elements of an array are numbered (an object's are named, a scalar is itself).
    in_list = func.typeof(elements.c.key) == "integer"
    return elements, elements.c.value, and_(in_list, elements.c.type == "text")


def _decade_of(year: Any) -> Any:
    """``decade`` in SQL ("1990s"): the year rounded down to its tens (floored, as Python's %)."""
    return cast(year - (year % 10 + 10) % 10, String) + "s"


def _kind_rows(dialect: str, kind: str) -> Any:
    """(film_id, name, rating) of the names of one kind of the dirty films that are
    watched: a list's names, blanks (nothing but spaces) left out, or the film's
    decade. A name twice in one list gives two rows here (the insert keeps one)."""
    films = Film.__table__
    watched = films.join(stats_films, stats_films.c.film_id == films.c.id)
    rating = stats_films.c.rating_tenths.label("rating")
    conditions = [films.c.id.in_(_dirty()), stats_films.c.viewings > 0]
    if kind == DECADES:
        year = films.c.year
        rows = select(films.c.id.label("film_id"), _decade_of(year).label("name"), rating)
        return rows.select_from(watched).where(*conditions, year.is_not(None)).subquery()
    elements, name, is_name = _listed(dialect, films.c[kind])
    rows = select(films.c.id.label("film_id"), name.label("name"), rating)
    rows = rows.select_from(watched.join(elements, true()))
    return rows.where(*conditions, is_name, func.trim(name, " ") != "").subquery()


def _names_inserts(dialect: str) -> tuple[Any, ...]:
    """The names of the dirty films that are watched, each with the film's rating.

    One statement per kind and step (a statement per kind lets each look a name up
    by its kind's index): the names not listed yet are added first, in (kind, name)
    order code point by code point as the ids go up, then the films' rows.
    """
    names = stats_names.c
    postgresql = dialect == "postgresql"
    statements: list[Any] = []
    for kind in sorted(RANKED_KINDS):
        distinct = select(_kind_rows(dialect, kind).c.name).distinct().subquery("names")
        order: ColumnElement[Any] = distinct.c.name
        if postgresql:
            order = order.collate("C")  # SQLite's BINARY order: by code point
        new = (
            select(literal(kind, String), distinct.c.name)
            .where(~exists().where(names.kind == kind, names.name == distinct.c.name))
            .order_by(order)
        )
        statements.append(insert(stats_names).from_select(["kind", "name"], new))
    columns = ["film_id", "name_id", "rating_tenths"]
    for kind in RANKED_KINDS:
        rows = _kind_rows(dialect, kind)
        name_id = select(names.id).where(names.kind == kind, names.name == rows.c.name)
        pairs = select(rows.c.film_id, name_id.scalar_subquery(), rows.c.rating)
        # A name twice in a film's list: one row (the same film, name and rating).
        if postgresql:
            # Imported here: a journal file never needs PostgreSQL's dialect (about 0.1 s).
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            statement = pg_insert(stats_film_names).from_select(columns, pairs)
            statements.append(statement.on_conflict_do_nothing())
        else:
            plain = insert(stats_film_names).from_select(columns, pairs)
            statements.append(plain.prefix_with("OR IGNORE"))
    return tuple(statements)


_Totals = dict[int, tuple[int, int, int]]


def _name_totals_rows() -> Any:
    names = stats_film_names.c
    return (
        select(
            names.name_id, func.count(), func.count(names.rating_tenths),
            func.coalesce(func.sum(names.rating_tenths), 0),
        )
        .where(names.film_id.in_(_dirty()))
        .group_by(names.name_id)
    )  # fmt: skip


def _name_totals(connection: Connection, built: _Built) -> _Totals:
    """Per name: the dirty films' rows (films, rated films, their ratings' sum)."""
    rows = raw_rows(connection, built.name_totals)
    return {row[0]: (row[1], row[2], int(row[3])) for row in rows}


def _update_name_totals(
    connection: Connection, built: _Built, before: _Totals, after: _Totals
) -> None:
    """Move each name's all-time totals by what its dirty films' rows changed."""
    changes = []
    for name_id in before.keys() | after.keys():
        old, new = before.get(name_id, (0, 0, 0)), after.get(name_id, (0, 0, 0))
        if old != new:
            changes.append(
                {"name_key": name_id, "d_films": new[0] - old[0], "d_rated": new[1] - old[1],
                 "d_total": new[2] - old[2]}
            )  # fmt: skip
    if changes:
        connection.execute(built.update_totals, changes)


def _totals_update() -> Any:
    names = stats_names.c
    return (
        update(stats_names)
        .where(names.id == bindparam("name_key"))
        .values(
            films=names.films + bindparam("d_films"),
            rated=names.rated + bindparam("d_rated"),
            total=names.total + bindparam("d_total"),
        )
    )


__all__ = ["marking_in_bulk", "rating_steps", "refresh"]
