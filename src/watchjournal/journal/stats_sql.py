"""SQL helpers of the statistics: the bare driver, the period and query conditions, rankings.

The statistics read tens of thousands of rows (every film of a decade's
diary); SQLAlchemy's result rows and type processing would cost more than the
queries themselves, so ``raw_rows`` compiles a Core statement and runs it on
the DBAPI cursor of the session's own connection (same transaction), handing
back plain tuples with dates as ISO text, on SQLite and PostgreSQL alike.

Rankings read the derived ``stats_film_names`` (``storage.stats_tables``):
one GROUP BY counts every name's films and sums their ratings, and only the
names kept in a ranking have their films read.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, String, cast, func, null, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import Compiled

from watchjournal.journal.stats_types import Ranked, StatsPeriod
from watchjournal.storage import models
from watchjournal.storage.stats_tables import stats_film_names, stats_names

NAME_KINDS = ("directors", "cast", "genres", "countries")  # JSON lists on the film
DECADES = "decades"  # of the film's year
RANKED_KINDS = (*NAME_KINDS, DECADES)
ALL_FILMS = true()  # the film filter of no query
Film = models.Film


def raw_rows(
    session: Session | Connection, statement: Select[*tuple[Any, ...]]
) -> list[tuple[Any, ...]]:
    """The rows of ``statement`` as plain tuples, no result processing (dates as text).

    On SQLite the statement runs on the sqlite3 cursor (positional parameters);
    on PostgreSQL on psycopg's (named parameters), whose dates come back as
    ``date`` objects and are turned into the same ISO text here.
    """
    connection = session if isinstance(session, Connection) else session.connection()
    compiled: Compiled = statement.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    params = compiled.construct_params() or {}
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        if connection.dialect.name == "sqlite":
            order = getattr(compiled, "positiontup", None) or list(params)
            values = [_plain(params[name]) for name in order]
            return list(cursor.execute(str(compiled), values).fetchall())
        cursor.execute(str(compiled), params)
        return [tuple(map(_text_date, row)) for row in cursor.fetchall()]
    finally:
        cursor.close()


def _plain(value: Any) -> Any:
    # sqlite3's own date adapters are deprecated; the journal stores dates and times
    # as text in SQLAlchemy's SQLite format (so that they compare as text).
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value.isoformat() if isinstance(value, date) else value


def _text_date(value: Any) -> Any:
    return value.isoformat() if type(value) is date else value


# Conditions --------------------------------------------------------------------------


def film_filter(session: Session, query: str | None) -> ColumnElement[bool]:
    """A condition on ``films`` true for the films ``query`` finds (all films without one)."""
    if query is None or not query.strip():
        return ALL_FILMS
    # Lazy: the search package imports the journal package (a cycle at import time).
    from watchjournal.search.parser import parse_query

    node = parse_query(query)
    if node is None:
        return ALL_FILMS
    if session.connection().dialect.name != "sqlite":
        return _server_film_filter(node)
    from watchjournal.search.notes import register_functions
    from watchjournal.search.sql import condition

    register_functions(session)  # content: calls a Python function on the connection
    return condition(node)


def _server_film_filter(node: Any) -> ColumnElement[bool]:
    """``film_filter`` on PostgreSQL: the films the query's search plan finds (the
    same conditions as the search engine's), as an uncorrelated subquery."""
    # Lazy: as in film_filter (a cycle), and a journal file never needs these.
    from watchjournal.search.pg_engine import PgSearchPlan
    from watchjournal.search.pg_sql import compile_node, documents

    plan = PgSearchPlan(compile_node(node), (), reads_documents=True)
    found = (
        select(Film.id)
        .join(documents, documents.c.film_id == Film.id)
        .where(*plan.where())
        .correlate(None)
    )
    return Film.id.in_(found.scalar_subquery())


def between(column: Any, period: StatsPeriod) -> list[ColumnElement[bool]]:
    """A diary day (``column``) within ``period``, both ends included."""
    parts: list[ColumnElement[bool]] = []
    if period.start is not None:
        parts.append(column >= period.start)
    if period.end is not None:
        parts.append(column <= period.end)
    return parts


def _local_midnight(day: date) -> datetime:
    """The stored (naive UTC) time at which ``day`` begins where the user lives: the
    time zone of this program (as SQLite's ``'localtime'`` was), not the server's."""
    return datetime.combine(day, time()).astimezone(UTC).replace(tzinfo=None)


def local_day_between(stamp: Any, period: StatsPeriod) -> list[ColumnElement[bool]]:
    """A stored (naive UTC) time falling on a day of ``period`` where the user lives.

    The period's ends become UTC times in Python, so the condition is a plain
    range on the stored column on every backend (and can use an index).
    """
    parts: list[ColumnElement[bool]] = []
    if period.start is not None:
        parts.append(stamp >= _local_midnight(period.start))
    if period.end is not None:
        parts.append(stamp < _local_midnight(period.end + timedelta(days=1)))
    return parts


# Rankings ----------------------------------------------------------------------------

_Totals = tuple[int, int, int]  # films, rated films, the sum of their ratings in tenths
_Names = dict[str, tuple[int, _Totals]]  # name -> (name id, totals)


def _film_list(film_id: Any) -> Any:
    """The ids of a group's films as one text ("3,17,42"): one row per name, not per film."""
    return func.aggregate_strings(cast(film_id, String), ",")


def ranked(
    session: Session, watched: Select[Any] | None, min_films: int, top: int
) -> dict[str, tuple[tuple[Ranked, ...], tuple[Ranked, ...]]]:
    """Per kind: the ``top`` names by films watched, and by average rating (``min_films``).

    ``watched`` selects the ids of the period's films; None means every watched
    film, whose totals each name keeps (``stats_names``), so all time counts
    nothing and reads only the kept names' films.
    """
    names, pairs = stats_names.c, stats_film_names.c
    film_lists: dict[int, str] = {}
    if watched is None:
        statement = select(
            names.id, names.kind, names.name, names.films, names.rated, names.total, null()
        ).where(names.films > 0)
    else:
        counted = (
            select(
                pairs.name_id.label("name_id"),
                func.count().label("films"),
                func.count(pairs.rating_tenths).label("rated"),
                func.sum(pairs.rating_tenths).label("total"),
                _film_list(pairs.film_id).label("film_ids"),
            )
            .where(pairs.film_id.in_(watched.scalar_subquery()))
            .group_by(pairs.name_id)
            .subquery("totals")
        )
        statement = select(
            names.id, names.kind, names.name, counted.c.films, counted.c.rated, counted.c.total,
            counted.c.film_ids,
        ).join(counted, counted.c.name_id == names.id)  # fmt: skip
    by_kind: dict[str, _Names] = {kind: {} for kind in RANKED_KINDS}
    for name_id, kind, name, films, rated, total, film_ids in raw_rows(session, statement):
        by_kind[kind][name] = (name_id, (films, rated, int(total or 0)))
        if film_ids is not None:
            film_lists[name_id] = film_ids
    chosen = {kind: _kept(names_of, min_films, top) for kind, names_of in by_kind.items()}
    if watched is None:
        wanted = {
            by_kind[kind][name][0] for kind, kept in chosen.items() for name in {*kept[0], *kept[1]}
        }
        film_lists = _all_films_of(session, wanted)
    result = {}
    for kind, (by_films, by_rating) in chosen.items():
        names_of = by_kind[kind]

        def ranked_name(name: str, names_of: _Names = names_of) -> Ranked:
            name_id, (films, rated, total) = names_of[name]
            points = round(total / rated / 10, 2) if rated else None
            # json parses the list of ids in C, at about twice the speed of int() each.
            ids = tuple(sorted(json.loads(f"[{film_lists[name_id]}]")))
            return Ranked(name, films, points, ids)

        result[kind] = (tuple(map(ranked_name, by_films)), tuple(map(ranked_name, by_rating)))
    return result


def _all_films_of(session: Session, name_ids: set[int]) -> dict[int, str]:
    """The watched films of each name of ``name_ids`` (``_film_list`` text)."""
    if not name_ids:
        return {}
    pairs = stats_film_names.c
    statement = (
        select(pairs.name_id, _film_list(pairs.film_id))
        .where(pairs.name_id.in_(sorted(name_ids)))
        .group_by(pairs.name_id)
    )
    return {name_id: film_ids for name_id, film_ids in raw_rows(session, statement)}


def _kept(names: _Names, min_films: int, top: int) -> tuple[list[str], list[str]]:
    """The top names by films, and by average rating among names with ``min_films``."""

    def average(name: str) -> float:
        _, (_, rated, total) = names[name]
        return total / rated

    by_films = sorted(names, key=lambda name: (-names[name][1][0], name))[:top]
    eligible = [
        name for name, (_, (films, rated, _)) in names.items() if films >= min_films and rated
    ]
    by_rating = sorted(eligible, key=lambda name: (-average(name), -names[name][1][0], name))[:top]
    return by_films, by_rating


__all__ = [
    "ALL_FILMS",
    "DECADES",
    "NAME_KINDS",
    "RANKED_KINDS",
    "between",
    "film_filter",
    "local_day_between",
    "ranked",
    "raw_rows",
]
