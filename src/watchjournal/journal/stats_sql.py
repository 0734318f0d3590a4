"""SQL helpers of the statistics: running a statement on the bare driver, and the rankings.

The statistics read tens of thousands of rows (every film of a decade's
diary); SQLAlchemy's result rows and type processing would cost more than the
queries themselves, so ``raw_rows`` compiles a Core statement and runs it on
the DBAPI cursor of the session's own connection (same transaction), handing
back plain tuples with dates as ISO text.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import Compiled

from watchjournal.journal.stats_types import Ranked
from watchjournal.storage import models

RANKED_KINDS = ("directors", "cast", "genres", "countries", "decades")


def raw_rows(session: Session, statement: Select[*tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows of ``statement`` as plain tuples, no result processing (dates as text).

    On SQLite the statement runs on the sqlite3 cursor (positional parameters);
    on PostgreSQL on psycopg's (named parameters), whose dates come back as
    ``date`` objects and are turned into the same ISO text here.
    """
    connection = session.connection()
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


def ranked(
    session: Session,
    watched: Select[*tuple[Any, ...]],
    rating: dict[int, int | None],
    min_films: int,
    top: int,
) -> dict[str, tuple[tuple[Ranked, ...], tuple[Ranked, ...]]]:
    """Per kind: the ``top`` names by films watched, and by average rating (``min_films``).

    ``watched`` selects the ids of the period's films, ``rating`` their ratings in tenths.
    Their people, genres and countries are read in one query and grouped here:
    each kind's JSON lists are parsed in one go (one ``json.loads`` over them
    all), which costs less than SQLite expanding and sorting every name.
    Names are unique within a film (``validate.clean_names``).
    """
    film = models.Film
    statement = select(
        film.id, film.year, film.directors, film.cast, film.genres, film.countries
    ).where(film.id.in_(watched.scalar_subquery()))
    rows = raw_rows(session, statement)
    ids = [row[0] for row in rows]
    ratings = [rating.get(film_id) for film_id in ids]
    result = {}
    for column, kind in enumerate(RANKED_KINDS[:-1], start=2):
        lists = _name_lists([row[column] for row in rows])
        films: dict[str, list[int]] = {}
        for index, names in enumerate(lists):
            for name in names:
                if name.strip(" "):
                    films.setdefault(name, []).append(index)
        result[kind] = _kept(films, ids, ratings, min_films, top)
    decades: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        if row[1] is not None:
            decades.setdefault(f"{row[1] - row[1] % 10}s", []).append(index)
    result["decades"] = _kept(decades, ids, ratings, min_films, top)
    return result


def _name_lists(values: list[Any]) -> list[list[str]]:
    """JSON name lists as Python lists: SQLite hands back text (parsed in one go),
    psycopg lists already."""
    if values and isinstance(values[0], str):
        parsed: list[list[str]] = json.loads("[" + ",".join(values) + "]")
        return parsed
    return values


def _kept(
    films: dict[str, list[int]],
    ids: list[int],
    ratings: list[int | None],
    min_films: int,
    top: int,
) -> tuple[tuple[Ranked, ...], tuple[Ranked, ...]]:
    """The top names by films, and by average rating among names with ``min_films``."""
    averages: dict[str, float | None] = {}
    for name, indexes in films.items():
        rated = [rating for i in indexes if (rating := ratings[i]) is not None]
        averages[name] = sum(rated) / len(rated) if rated else None
    by_films = sorted(films, key=lambda name: (-len(films[name]), name))[:top]
    eligible = [
        name for name in films if len(films[name]) >= min_films and averages[name] is not None
    ]
    by_rating = sorted(
        eligible, key=lambda name: (-(averages[name] or 0.0), -len(films[name]), name)
    )[:top]

    def ranked_name(name: str) -> Ranked:
        average = averages[name]
        points = None if average is None else round(average / 10, 2)
        # A name is listed once per film, so its films' ids are distinct already.
        return Ranked(name, len(films[name]), points, tuple(sorted(ids[i] for i in films[name])))

    return tuple(map(ranked_name, by_films)), tuple(map(ranked_name, by_rating))


__all__ = ["RANKED_KINDS", "ranked", "raw_rows"]
