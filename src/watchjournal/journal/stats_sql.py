"""SQL helpers of the statistics: the bare driver, the period and query conditions, rankings.

The statistics read tens of thousands of rows (every film of a decade's
diary); SQLAlchemy's result rows and type processing would cost more than the
queries themselves, so ``raw_rows`` compiles a Core statement and runs it on
the DBAPI cursor of the session's own connection (same transaction), handing
back plain tuples with dates as ISO text, on SQLite and PostgreSQL alike.

Rankings read the derived ``stats_film_names`` (``storage.stats_tables``):
one GROUP BY counts every name's films and sums their ratings; a name's films
are read only when a front end asks for them (``name_films``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, String, cast, func, select, true, tuple_
from sqlalchemy.engine import Dialect
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
    compiled = _compiled(statement, connection.dialect)
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


# A statement made once and run on every write (``stats_derived``) is compiled once.
# Each key holds its statement, so an id is never reused while its entry is kept.
@functools.lru_cache(maxsize=64)
def _compiled(statement: Select[*tuple[Any, ...]], dialect: Dialect) -> Compiled:
    return statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})


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
    from watchjournal.search.prefixes import expansions, text_leaves
    from watchjournal.search.sql import condition

    register_functions(session)  # content: calls a Python function on the connection
    # A prefix as the OR of its words, as the search engine runs it (no prefix index).
    return condition(node, expansions(session.connection(), text_leaves(node)))


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

_Names = dict[str, tuple[int, int, int]]  # name -> films, rated films, their ratings' sum
_CHUNK = 400  # (kind, name) pairs per IN list: well under every backend's parameter limit


def ranked(
    session: Session, watched: Select[Any] | None, min_films: int, top: int
) -> dict[str, tuple[tuple[Ranked, ...], tuple[Ranked, ...]]]:
    """Per kind: the ``top`` names by films watched, and by average rating (``min_films``).

    ``watched`` selects the ids of the period's films; None means every watched
    film, whose totals each name keeps (``stats_names``), so all time counts
    nothing. A name's films are read only when asked for (``name_films``): a
    click on one name, not every name of every ranking each time.
    """
    names, pairs = stats_names.c, stats_film_names.c
    if watched is None:
        statement = select(names.kind, names.name, names.films, names.rated, names.total).where(
            names.films > 0
        )
    else:
        counted = (
            select(
                pairs.name_id.label("name_id"),
                func.count().label("films"),
                func.count(pairs.rating_tenths).label("rated"),
                func.sum(pairs.rating_tenths).label("total"),
            )
            .where(pairs.film_id.in_(watched.scalar_subquery()))
            .group_by(pairs.name_id)
            .subquery("totals")
        )
        statement = select(
            names.kind, names.name, counted.c.films, counted.c.rated, counted.c.total
        ).join(counted, counted.c.name_id == names.id)
    by_kind: dict[str, _Names] = {kind: {} for kind in RANKED_KINDS}
    for kind, name, films, rated, total in raw_rows(session, statement):
        by_kind[kind][name] = (films, rated, int(total or 0))
    result = {}
    for kind, names_of in by_kind.items():
        by_films, by_rating = _kept(names_of, min_films, top)

        def ranked_name(name: str, names_of: _Names = names_of) -> Ranked:
            films, rated, total = names_of[name]
            return Ranked(name, films, round(total / rated / 10, 2) if rated else None)

        result[kind] = (tuple(map(ranked_name, by_films)), tuple(map(ranked_name, by_rating)))
    return result


def name_films(
    session: Session, watched: Select[Any] | None, wanted: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], tuple[int, ...]]:
    """The ids of the films behind each (kind, name) of ``wanted`` among ``watched``
    (None: every watched film), in id order; a name with none maps to ``()``.

    One query for all of them: a name's ids come back as one text ("3,17,42"),
    one row per name rather than one per film.
    """
    keys = sorted(set(wanted))
    found: dict[tuple[str, str], tuple[int, ...]] = dict.fromkeys(keys, ())
    names, pairs = stats_names.c, stats_film_names.c
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        statement = (
            select(names.kind, names.name, func.aggregate_strings(cast(pairs.film_id, String), ","))
            .join(stats_film_names, pairs.name_id == names.id)
            .where(tuple_(names.kind, names.name).in_(chunk))
            .group_by(names.kind, names.name)
        )
        if watched is not None:
            statement = statement.where(pairs.film_id.in_(watched.scalar_subquery()))
        for kind, name, film_ids in raw_rows(session, statement):
            # json parses the list of ids in C, at about twice the speed of int() each.
            found[(kind, name)] = tuple(sorted(json.loads(f"[{film_ids}]")))
    return found


def _kept(names: _Names, min_films: int, top: int) -> tuple[list[str], list[str]]:
    """The top names by films, and by average rating among names with ``min_films``."""

    def average(name: str) -> float:
        _, rated, total = names[name]
        return total / rated

    by_films = sorted(names, key=lambda name: (-names[name][0], name))[:top]
    eligible = [name for name, (films, rated, _) in names.items() if films >= min_films and rated]
    by_rating = sorted(eligible, key=lambda name: (-average(name), -names[name][0], name))[:top]
    return by_films, by_rating


__all__ = [
    "ALL_FILMS",
    "DECADES",
    "NAME_KINDS",
    "RANKED_KINDS",
    "between",
    "film_filter",
    "local_day_between",
    "name_films",
    "ranked",
    "raw_rows",
]
