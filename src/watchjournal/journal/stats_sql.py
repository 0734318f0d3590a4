"""SQL helpers of the statistics: running a statement on the bare driver, and the rankings.

The statistics read tens of thousands of rows (every film of a decade's
diary); SQLAlchemy's result rows and type processing would cost more than the
queries themselves, so ``raw_rows`` compiles a Core statement and runs it on
the DBAPI cursor of the session's own connection (same transaction), handing
back plain tuples with dates as ISO text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Integer, Select, cast, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import Compiled

from watchjournal.journal.stats_types import Ranked
from watchjournal.storage import models

RANKED_KINDS = ("directors", "cast", "genres", "countries", "decades")


def raw_rows(session: Session, statement: Select[*tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows of ``statement`` as plain tuples, no result processing (dates as text)."""
    connection = session.connection()
    compiled: Compiled = statement.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    params = compiled.construct_params() or {}
    order = getattr(compiled, "positiontup", None) or list(params)
    values = [_plain(params[name]) for name in order]
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        return list(cursor.execute(str(compiled), values).fetchall())
    finally:
        cursor.close()


def _plain(value: Any) -> Any:
    # sqlite3's own date adapter is deprecated; the journal stores dates as ISO text.
    return value.isoformat() if isinstance(value, date) else value


def ranked(
    session: Session, watched: str, min_films: int, top: int
) -> dict[str, tuple[tuple[Ranked, ...], tuple[Ranked, ...]]]:
    """Per kind: the ``top`` names by films watched, and by average rating (``min_films``).

    ``watched`` is the JSON ``{film id: rating tenths}`` of the period's films. One
    grouped query per kind (names are unique within a film: ``clean_names``);
    Python keeps the top names, so no window or sort runs over every name.
    """
    film = models.Film
    pairs = func.json_each(watched).table_valued("key", "value")
    result = {}
    for kind in RANKED_KINDS:
        rating = pairs.c.value
        if kind == "decades":
            name: Any = func.printf("%ds", film.year - film.year % 10)
            base = select(name.label("name"), pairs.c.key.label("id"), rating.label("rating"))
            base = base.select_from(pairs).join(film, film.id == cast(pairs.c.key, Integer))
            base = base.where(film.year.is_not(None))
        else:
            each = func.json_each(getattr(film, kind)).table_valued("value")
            base = (
                select(each.c.value.label("name"), pairs.c.key.label("id"), rating.label("rating"))
                .select_from(pairs)
                .join(film, film.id == cast(pairs.c.key, Integer))
                .join(each, func.trim(each.c.value) != "")
            )
        names = base.subquery("names")
        statement = select(
            names.c.name,
            func.count(),
            func.avg(names.c.rating),
            func.group_concat(names.c.id),
        ).group_by(names.c.name)
        result[kind] = _kept(raw_rows(session, statement), min_films, top)
    return result


def _kept(
    rows: Iterable[tuple[Any, ...]], min_films: int, top: int
) -> tuple[tuple[Ranked, ...], tuple[Ranked, ...]]:
    rows = list(rows)
    by_films = sorted(rows, key=lambda row: (-row[1], row[0]))[:top]
    eligible = [row for row in rows if row[1] >= min_films and row[2] is not None]
    by_rating = sorted(eligible, key=lambda row: (-float(row[2]), -row[1], row[0]))[:top]
    return tuple(map(_ranked_name, by_films)), tuple(map(_ranked_name, by_rating))


def _ranked_name(row: tuple[Any, ...]) -> Ranked:
    name, films, average, ids = row
    film_ids = tuple(sorted({int(part) for part in str(ids).split(",")}))
    return Ranked(
        str(name), int(films), None if average is None else round(float(average) / 10, 2), film_ids
    )


__all__ = ["RANKED_KINDS", "ranked", "raw_rows"]
