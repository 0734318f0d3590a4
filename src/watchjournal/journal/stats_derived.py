"""Keeping the statistics' derived tables (``storage.stats_tables``) up to date.

Triggers (migration 0011) note in ``stats_dirty`` every film whose film,
viewing or review rows a write touched; ``refresh`` recomputes all the derived
rows of those films and empties the list. ``JournalService._writing`` calls it
at the end of every write transaction (imports, restores and ``copy-to``
included), and migration 0011 to fill the tables, so what a commit leaves
behind is always up to date.

Each value comes from the journal's one rule, evaluated here for the dirty
films only: a film's rating is ``models.film_rating_tenths``, a rewatch
``models.is_rewatch``, a review's words ``stats_shapes.count_words``, the
diary order that of ``models.rating_precedence`` and the diary (by day, an
unknown day first, then by id). The work is set-based (one statement per
table over all dirty films), so an import of 100,000 films costs a few
statements, not 100,000 refreshes.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, case, delete, func, insert, select, tuple_, update
from sqlalchemy.sql import bindparam

from watchjournal.journal.stats_shapes import count_words, format_points
from watchjournal.journal.stats_sql import DECADES, NAME_KINDS, raw_rows
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

# Up to this many names are looked up by value; more (an import) read the whole list.
_LOOKUP_LIMIT = 2000
_CHUNK = 500  # values per IN (...) list: well under every backend's parameter limit


def _dirty() -> Any:
    return select(stats_dirty.c.film_id).scalar_subquery()


def _chunks(values: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def decade(year: int | None) -> str | None:
    """The decade a film's year ranks it under ("1990s")."""
    return None if year is None else f"{year - year % 10}s"


def refresh(connection: Connection) -> int:
    """Recompute the derived rows of every film in ``stats_dirty`` (in the caller's
    transaction) and empty it; how many films were refreshed (0: nothing to do)."""
    dirty_count = int(connection.scalar(select(func.count()).select_from(stats_dirty)) or 0)
    if not dirty_count:
        return 0
    before = _name_totals(connection)
    for table in (stats_viewings, stats_reviews, stats_films, stats_film_names):
        connection.execute(delete(table).where(table.c.film_id.in_(_dirty())))
    _refresh_viewings(connection)
    _refresh_reviews(connection)
    _refresh_films(connection)
    _refresh_rating_steps(connection)
    _refresh_names(connection)
    _update_name_totals(connection, before, _name_totals(connection))
    connection.execute(delete(stats_dirty))
    return dirty_count


def _insert_many(connection: Connection, table: Any, columns: Sequence[str], rows: Any) -> None:
    """Insert plain tuples through the driver's own ``executemany``: SQLAlchemy's
    per-row parameter handling would cost more than SQLite's inserting (imports)."""
    if not rows:
        return
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    connection.exec_driver_sql(
        f"INSERT INTO {table.name} ({', '.join(columns)})"
        f" VALUES ({', '.join([marker] * len(columns))})",
        rows,
    )


def _refresh_viewings(connection: Connection) -> None:
    rows = select(
        Viewing.id, Viewing.film_id, Viewing.watched_on, models.is_rewatch(Viewing),
        Viewing.did_not_finish,
    ).where(Viewing.film_id.in_(_dirty()))  # fmt: skip
    columns = ["viewing_id", "film_id", "watched_on", "rewatch", "did_not_finish"]
    connection.execute(insert(stats_viewings).from_select(columns, rows))


def _refresh_reviews(connection: Connection) -> None:
    rows = raw_rows(
        connection,
        select(Review.id, Review.film_id, Review.created_at, Review.headline, Review.body).where(
            Review.film_id.in_(_dirty())
        ),
    )
    # The words of what the statistics count: the headline and the body.
    values = [
        (review_id, film_id, created_at, count_words([f"{headline} {body}"]))
        for review_id, film_id, created_at, headline, body in rows
    ]
    _insert_many(connection, stats_reviews, ("review_id", "film_id", "created_at", "words"), values)


def _first_viewing(column: Any) -> Any:
    """``column`` of the film's first viewing in diary order (an unknown day first)."""
    first = (
        select(column)
        .where(Viewing.film_id == Film.id)
        .order_by(Viewing.watched_on.is_(None).desc(), Viewing.watched_on, Viewing.id)
        .limit(1)
    )
    return first.scalar_subquery()


def _refresh_films(connection: Connection) -> None:
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
    connection.execute(insert(stats_films).from_select(columns, rows))


def rating_steps(tenths: Iterable[int]) -> list[int]:
    """A film's ratings in diary order with repeats in a row dropped (60, 60, 85: 60, 85)."""
    return [value for value, _ in itertools.groupby(tenths)]


def _refresh_rating_steps(connection: Connection) -> None:
    """Films whose rated reviews belong to two or more viewings and differ: the steps
    of their rating in diary order, and the day of the last of those viewings."""
    rows = raw_rows(
        connection,
        select(Review.film_id, Review.viewing_id, Review.rating_tenths, Viewing.watched_on)
        .join(Viewing, Viewing.id == Review.viewing_id)
        .where(Review.film_id.in_(_dirty()), Review.rating_tenths.is_not(None))
        .order_by(
            Review.film_id,
            Viewing.watched_on.is_(None).desc(),
            Viewing.watched_on,
            Viewing.id,
            Review.id,
        ),
    )
    changed = []
    for film_id, group in itertools.groupby(rows, key=lambda row: row[0]):
        reviews = list(group)
        tenths = [int(row[2]) for row in reviews]
        if len({row[1] for row in reviews}) >= 2 and min(tenths) != max(tenths):
            steps = " → ".join(map(format_points, rating_steps(tenths)))
            changed.append({"film": film_id, "steps": steps, "day": _day(reviews[-1][3])})
    if changed:
        statement = (
            update(stats_films)
            .where(stats_films.c.film_id == bindparam("film"))
            .values(rating_steps=bindparam("steps"), rating_steps_on=bindparam("day"))
        )
        connection.execute(statement, changed)


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _names_of(film: tuple[Any, ...], lists: Sequence[list[str]]) -> Iterator[tuple[str, str]]:
    """(kind, name) of a film (its id and year, then its lists of names): each name
    once, blanks left out, then its decade."""
    for kind, names in zip(NAME_KINDS, lists, strict=True):
        for name in dict.fromkeys(names or ()):
            if name.strip(" "):
                yield kind, name
    if (named := decade(film[1])) is not None:
        yield DECADES, named


def _name_lists(values: list[Any]) -> list[list[str]]:
    """JSON name lists as Python lists: SQLite hands back text (parsed in one go),
    psycopg lists already."""
    if values and isinstance(values[0], str):
        parsed: list[list[str]] = json.loads("[" + ",".join(values) + "]")
        return parsed
    return values


def _refresh_names(connection: Connection) -> None:
    """The names of the dirty films that are watched, each with the film's rating."""
    rows = raw_rows(
        connection,
        select(
            Film.id, Film.year, stats_films.c.rating_tenths, Film.directors, Film.cast,
            Film.genres, Film.countries,
        )
        .join(stats_films, stats_films.c.film_id == Film.id)
        .where(Film.id.in_(_dirty()), stats_films.c.viewings > 0),
    )  # fmt: skip
    lists = [_name_lists([row[column] for row in rows]) for column in range(3, 7)]
    films = [
        (row[0], row[2], list(_names_of(row, [kind[index] for kind in lists])))
        for index, row in enumerate(rows)
    ]
    wanted = {pair for _, _, pairs in films for pair in pairs}
    if not wanted:
        return
    ids = _name_ids(connection, wanted)
    values = [(film_id, ids[pair], rating) for film_id, rating, pairs in films for pair in pairs]
    _insert_many(connection, stats_film_names, ("film_id", "name_id", "rating_tenths"), values)


_Totals = dict[int, tuple[int, int, int]]


def _name_totals(connection: Connection) -> _Totals:
    """Per name: the dirty films' rows (films, rated films, their ratings' sum)."""
    names = stats_film_names.c
    statement = (
        select(
            names.name_id, func.count(), func.count(names.rating_tenths),
            func.coalesce(func.sum(names.rating_tenths), 0),
        )
        .where(names.film_id.in_(_dirty()))
        .group_by(names.name_id)
    )  # fmt: skip
    return {row[0]: (row[1], row[2], int(row[3])) for row in raw_rows(connection, statement)}


def _update_name_totals(connection: Connection, before: _Totals, after: _Totals) -> None:
    """Move each name's all-time totals by what its dirty films' rows changed."""
    changes = []
    for name_id in before.keys() | after.keys():
        old, new = before.get(name_id, (0, 0, 0)), after.get(name_id, (0, 0, 0))
        if old != new:
            changes.append(
                {"name_key": name_id, "d_films": new[0] - old[0], "d_rated": new[1] - old[1],
                 "d_total": new[2] - old[2]}
            )  # fmt: skip
    if not changes:
        return
    names = stats_names.c
    statement = (
        update(stats_names)
        .where(names.id == bindparam("name_key"))
        .values(
            films=names.films + bindparam("d_films"),
            rated=names.rated + bindparam("d_rated"),
            total=names.total + bindparam("d_total"),
        )
    )
    connection.execute(statement, changes)


def _known_names(connection: Connection, wanted: set[tuple[str, str]]) -> dict[Any, int]:
    pairs = (stats_names.c.kind, stats_names.c.name)
    if len(wanted) > _LOOKUP_LIMIT:
        rows = raw_rows(connection, select(stats_names.c.id, *pairs))
        return {(kind, name): name_id for name_id, kind, name in rows}
    known = {}
    for chunk in _chunks(sorted(wanted)):
        rows = raw_rows(
            connection, select(stats_names.c.id, *pairs).where(tuple_(*pairs).in_(chunk))
        )
        known.update({(kind, name): name_id for name_id, kind, name in rows})
    return known


def _name_ids(connection: Connection, wanted: set[tuple[str, str]]) -> dict[Any, int]:
    """The ids of ``wanted`` (kind, name) pairs, adding the names not listed yet."""
    known = _known_names(connection, wanted)
    missing = sorted(wanted - known.keys())
    if missing:
        _insert_many(connection, stats_names, ("kind", "name"), missing)
        known.update(_known_names(connection, set(missing)))
    return known


__all__ = ["decade", "rating_steps", "refresh"]
