"""Paged queries behind the app's lists: films, the diary by month, and reviews."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ScalarSelect, Select, String, cast, exists, func, select, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session, aliased

from watchjournal.journal.base import ServiceBase
from watchjournal.journal.rows import (
    DiaryMonth,
    DiaryRow,
    FilmQuery,
    FilmRow,
    ReviewRow,
)
from watchjournal.storage import models
from watchjournal.storage.list_order import film_ids_sql


def _sql(statement: Select[*tuple[Any, ...]]) -> str:
    """SQL text of a statement without parameters, for the raw queries below."""
    return str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


# Sorting by rating or last watched needs the value for every film: computing it
# once per film in a CTE is much cheaper than a correlated subquery per row. The
# rating CTE is the rating rule's own ``models.film_ratings``.
_SORT_CTES = {
    "rating": (
        f"WITH sort_value AS (SELECT film_id, rating_tenths AS value"
        f" FROM ({_sql(select(models.film_ratings()))}) AS rated) "
    ),
    "last_watched": (
        "WITH sort_value AS (SELECT film_id, max(watched_on) AS value FROM viewings"
        " GROUP BY film_id) "
    ),
}
# A viewing's month ("2025-06"): dates are text on SQLite, dates on a server.
_MONTH_OF = "substr(CAST(watched_on AS VARCHAR), 1, 7)"


def _stamp(value: Any) -> datetime:
    stamp = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return stamp.replace(tzinfo=UTC)


def _film_row(row: Any) -> FilmRow:  # a row of film_rows_by_ids
    return FilmRow(
        id=row.id,
        title=row.title,
        year=row.year,
        directors=tuple(row.directors),
        rating_tenths=row.rating,
        last_watched=row.last_watched,
        added_at=row.created_at.replace(tzinfo=UTC),
        on_watchlist=bool(row.on_watchlist),
        watchlist_note=row.note,
        liked=bool(row.liked),
        poster_ref=row.poster_ref,
        rewatched=bool(row.rewatched),
    )


def film_rows_select() -> Select[*tuple[Any, ...]]:
    """What a film's list row shows, for every film (``film_rows_by_ids`` picks some).

    ``storage.quick_read.FILM_ROWS_SQL`` is this statement's SQL text, for the
    first page read before SQLAlchemy is imported; a test keeps the two equal.
    """
    film, entry = models.Film, models.WatchlistEntry
    viewing = aliased(models.Viewing, name="any_viewing")
    statement: Select[*tuple[Any, ...]] = select(
        film.id,
        film.title,
        film.year,
        film.directors,
        film.created_at,
        film.liked,
        film.poster_ref,
        entry.film_id.is_not(None).label("on_watchlist"),
        entry.note,
        models.film_rating_tenths(film.id).label("rating"),
        select(func.max(models.Viewing.watched_on))
        .where(models.Viewing.film_id == film.id)
        .scalar_subquery()
        .label("last_watched"),
        exists().where(viewing.film_id == film.id, models.is_rewatch(viewing)).label("rewatched"),
    ).outerjoin(entry, entry.film_id == film.id)
    return statement


def _viewing_rating() -> ScalarSelect[int | None]:
    """The rating a diary row shows: its viewing's review that the rating rule puts first."""
    review = aliased(models.Review, name="r")
    viewing = aliased(models.Viewing, name="rv")
    return (
        select(review.rating_tenths)
        .select_from(review)
        .join(viewing, review.viewing_id == viewing.id)
        .where(review.viewing_id == models.Viewing.id, review.rating_tenths.is_not(None))
        .order_by(*models.rating_precedence(review, viewing))
        .limit(1)
        .scalar_subquery()
    )


def _viewing_tags(session: Session, viewing_ids: list[int]) -> dict[int, list[str]]:
    """The tags of these viewings (one page of the diary), each in its order."""
    if not viewing_ids:
        return {}
    statement = (
        select(models.viewing_tags.c.viewing_id, models.Tag.name)
        .join(models.Tag, models.Tag.id == models.viewing_tags.c.tag_id)
        .where(models.viewing_tags.c.viewing_id.in_(viewing_ids))
        .order_by(models.viewing_tags.c.viewing_id, models.viewing_tags.c.position)
    )
    found: dict[int, list[str]] = {}
    for viewing_id, name in session.execute(statement):
        found.setdefault(viewing_id, []).append(name)
    return found


class LibraryQueries(ServiceBase):
    def film_ids(self, query: FilmQuery) -> list[int]:
        """Every matching film id, in the list's order (cheap even for 100,000 films).

        Lists page through this once-computed order, so scrolling never sorts again.
        """
        sql = film_ids_sql(
            query.kind,
            query.sort,
            descending=query.descending,
            dialect=self._engine.dialect.name,
            sort_cte=_SORT_CTES.get(query.sort, ""),
        )
        with self._reading() as session:
            # 100,000 ids: straight from the driver, skipping SQLAlchemy's row processing.
            driver = session.connection().connection.driver_connection
            assert driver is not None
            return [row[0] for row in driver.execute(sql).fetchall()]

    def film_rows_by_ids(self, ids: Sequence[int]) -> list[FilmRow]:
        """The list rows of these films, in the order given."""
        statement = film_rows_select().where(models.Film.id.in_(ids))
        with self._reading() as session:
            rows = {row.id: _film_row(row) for row in session.execute(statement)}
        return [rows[film_id] for film_id in ids if film_id in rows]

    def diary_months(self) -> list[DiaryMonth]:
        """Months with viewings, newest first; unknown dates last."""
        sql = (
            f"SELECT month, count(*) AS n FROM (SELECT {_MONTH_OF} AS month FROM viewings) AS v"
            " GROUP BY month ORDER BY month IS NULL, month DESC"
        )
        with self._reading() as session:
            return [DiaryMonth(row.month, row.n) for row in session.execute(text(sql))]

    def diary_rows(self, month: str | None, offset: int, limit: int) -> list[DiaryRow]:
        viewing, film = models.Viewing, models.Film
        month_of = func.substr(cast(viewing.watched_on, String), 1, 7)  # as _MONTH_OF
        statement = (
            select(
                viewing.id,
                viewing.film_id,
                film.title,
                film.year,
                viewing.watched_on,
                viewing.rewatch,  # the one rewatch rule, mapped on the model
                viewing.where,
                viewing.did_not_finish,
                viewing.note,
                _viewing_rating().label("rating"),
            )
            .join(film, film.id == viewing.film_id)
            .where(viewing.watched_on.is_(None) if month is None else month_of == month)
            .order_by(viewing.watched_on.desc(), viewing.id.desc())
            .limit(limit)
            .offset(offset)
        )
        with self._reading() as session:
            rows = session.execute(statement).all()
            tags = _viewing_tags(session, [row.id for row in rows])
            return [
                DiaryRow(
                    viewing_id=row.id,
                    film_id=row.film_id,
                    title=row.title,
                    year=row.year,
                    watched_on=row.watched_on,
                    rewatch=bool(row.rewatch),
                    where=row.where,
                    did_not_finish=bool(row.did_not_finish),
                    note=row.note,
                    rating_tenths=row.rating,
                    tags=tuple(tags.get(row.id, ())),
                )
                for row in rows
            ]

    def count_reviews(self) -> int:
        with self._reading() as session:
            return int(session.execute(text("SELECT count(*) FROM reviews")).scalar_one())

    def review_rows(self, offset: int, limit: int) -> list[ReviewRow]:
        """Reviews, the most recently started first."""
        sql = (
            "SELECT r.id, r.film_id, f.title, f.year, r.rating_tenths, r.headline,"
            " substr(r.body, 1, 160) AS excerpt, r.updated_at, r.draft, r.spoilers"
            " FROM reviews r JOIN films f ON f.id = r.film_id"
            " ORDER BY r.id DESC LIMIT :limit OFFSET :offset"
        )
        with self._reading() as session:
            return [
                ReviewRow(
                    review_id=row.id,
                    film_id=row.film_id,
                    title=row.title,
                    year=row.year,
                    rating_tenths=row.rating_tenths,
                    headline=row.headline,
                    excerpt=" ".join(row.excerpt.split()),
                    updated_at=_stamp(row.updated_at),
                    draft=bool(row.draft),
                    spoilers=bool(row.spoilers),
                )
                for row in session.execute(text(sql), {"limit": limit, "offset": offset})
            ]
