"""Paged queries behind the app's lists: films, the diary by month, and reviews."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Row, text

from watchjournal.journal.base import ServiceBase
from watchjournal.journal.rows import (
    DiaryMonth,
    DiaryRow,
    FilmQuery,
    FilmRow,
    ReviewRow,
)
from watchjournal.journal.validate import fold_key

# "Your rating" is the rating of the film's most recently written rated review.
_RATING = (
    "(SELECT r.rating_tenths FROM reviews r WHERE r.film_id = f.id"
    " AND r.rating_tenths IS NOT NULL ORDER BY r.updated_at DESC, r.id DESC LIMIT 1)"
)
_LAST_WATCHED = "(SELECT max(v.watched_on) FROM viewings v WHERE v.film_id = f.id)"
# Sorting by rating or last watched needs the value for every film: computing it
# once per film in a CTE is much cheaper than a correlated subquery per row.
_SORT_CTES = {
    "rating": (
        "WITH ranked AS (SELECT film_id, rating_tenths, row_number() OVER ("
        "PARTITION BY film_id ORDER BY updated_at DESC, id DESC) AS n FROM reviews"
        " WHERE rating_tenths IS NOT NULL), sort_value AS ("
        "SELECT film_id, rating_tenths AS value FROM ranked WHERE n = 1) "
    ),
    "last_watched": (
        "WITH sort_value AS (SELECT film_id, max(watched_on) AS value FROM viewings"
        " GROUP BY film_id) "
    ),
}
_FILM_COLUMNS = (
    "f.id, f.title, f.year, f.directors, f.created_at, f.liked, f.poster_ref,"
    " w.film_id IS NOT NULL AS on_watchlist, w.note"
)
# Blanks sort last whatever the direction, then ties break by title.
_SORT_KEYS = {
    "title": ["f.title_key {dir}", "f.year {dir}", "f.id {dir}"],
    "year": ["f.year IS NULL", "f.year {dir}", "f.title_key", "f.id"],
    "director": [
        "json_extract(f.directors, '$[0]') IS NULL",
        "lower(json_extract(f.directors, '$[0]')) {dir}",
        "f.title_key",
        "f.id",
    ],
    "rating": ["s.value IS NULL", "s.value {dir}", "f.title_key", "f.id"],
    "last_watched": ["s.value IS NULL", "s.value {dir}", "f.title_key", "f.id"],
    "added": ["f.created_at {dir}", "f.id {dir}"],
    "watchlist": ["w.position {dir}", "w.id {dir}"],
}


def _like_escape(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _where(query: FilmQuery, params: dict[str, Any]) -> str:
    clauses: list[str] = []
    if query.kind == "watchlist":
        clauses.append("w.film_id IS NOT NULL")
    elif query.kind == "watched":
        clauses.append("EXISTS (SELECT 1 FROM viewings v WHERE v.film_id = f.id)")
    elif query.kind == "ids":
        params["ids"] = json.dumps(list(query.ids))
        clauses.append("f.id IN (SELECT value FROM json_each(:ids))")
    for index, word in enumerate(fold_key(query.text).split()):
        params[f"w{index}"] = _like_escape(word)
        clauses.append(
            f"(f.title_key LIKE :w{index} ESCAPE '\\' OR f.directors LIKE :w{index} ESCAPE '\\'"
            f" OR f.\"cast\" LIKE :w{index} ESCAPE '\\'"
            f" OR f.original_title LIKE :w{index} ESCAPE '\\')"
        )
    return ("WHERE " + " AND ".join(clauses)) if clauses else ""


def _order(query: FilmQuery) -> str:
    if query.kind == "ids" and not query.text and query.sort == "title" and not query.descending:
        # Search results keep their ranking.
        return "ORDER BY (SELECT key FROM json_each(:ids) WHERE value = f.id)"
    direction = "DESC" if query.descending else "ASC"
    return "ORDER BY " + ", ".join(key.format(dir=direction) for key in _SORT_KEYS[query.sort])


def _stamp(value: Any) -> datetime:
    stamp = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return stamp.replace(tzinfo=UTC)


def _day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def _film_row(row: Row[Any]) -> FilmRow:
    return FilmRow(
        id=row.id,
        title=row.title,
        year=row.year,
        directors=tuple(json.loads(row.directors)),
        rating_tenths=row.rating,
        last_watched=_day(row.last_watched),
        added_at=_stamp(row.created_at),
        on_watchlist=bool(row.on_watchlist),
        watchlist_note=row.note,
        liked=bool(row.liked),
        poster_ref=row.poster_ref,
    )


_REWATCH = (
    "CASE WHEN v.rewatch_override IS NOT NULL THEN v.rewatch_override ELSE EXISTS ("
    "SELECT 1 FROM viewings e WHERE e.film_id = v.film_id AND ("
    "coalesce(e.watched_on, '0000') < coalesce(v.watched_on, '0000') OR ("
    "coalesce(e.watched_on, '0000') = coalesce(v.watched_on, '0000') AND e.id < v.id))) END"
)


class LibraryQueries(ServiceBase):
    def film_ids(self, query: FilmQuery) -> list[int]:
        """Every matching film id, in the list's order (cheap even for 100,000 films).

        Lists page through this once-computed order, so scrolling never sorts again.
        """
        params: dict[str, Any] = {}
        where = _where(query, params)
        cte = _SORT_CTES.get(query.sort, "")
        sort_join = "LEFT JOIN sort_value s ON s.film_id = f.id" if cte else ""
        watchlist_join = (
            "LEFT JOIN watchlist w ON w.film_id = f.id"
            if query.kind == "watchlist" or query.sort == "watchlist"
            else ""
        )
        sql = f"{cte}SELECT f.id FROM films f {watchlist_join} {sort_join} {where} {_order(query)}"
        with self._reading() as session:
            # 100,000 ids: straight from the driver, skipping SQLAlchemy's row processing.
            driver = session.connection().connection.driver_connection
            assert driver is not None
            return [row[0] for row in driver.execute(sql, params).fetchall()]

    def film_rows_by_ids(self, ids: Sequence[int]) -> list[FilmRow]:
        """The list rows of these films, in the order given."""
        sql = (
            f"SELECT {_FILM_COLUMNS}, {_RATING} AS rating, {_LAST_WATCHED} AS last_watched"
            " FROM films f LEFT JOIN watchlist w ON w.film_id = f.id"
            " WHERE f.id IN (SELECT value FROM json_each(:ids))"
        )
        with self._reading() as session:
            rows = {
                row.id: _film_row(row)
                for row in session.execute(text(sql), {"ids": json.dumps(list(ids))})
            }
        return [rows[film_id] for film_id in ids if film_id in rows]

    def diary_months(self) -> list[DiaryMonth]:
        """Months with viewings, newest first; unknown dates last."""
        sql = (
            "SELECT substr(watched_on, 1, 7) AS month, count(*) AS n FROM viewings"
            " GROUP BY month ORDER BY month IS NULL, month DESC"
        )
        with self._reading() as session:
            return [DiaryMonth(row.month, row.n) for row in session.execute(text(sql))]

    def diary_rows(self, month: str | None, offset: int, limit: int) -> list[DiaryRow]:
        condition = "v.watched_on IS NULL" if month is None else "substr(v.watched_on, 1, 7) = :m"
        sql = (
            f"SELECT v.id, v.film_id, f.title, f.year, v.watched_on, {_REWATCH} AS rewatch,"
            ' v."where", v.did_not_finish, v.note,'
            " (SELECT r.rating_tenths FROM reviews r WHERE r.viewing_id = v.id"
            "  AND r.rating_tenths IS NOT NULL ORDER BY r.id DESC LIMIT 1) AS rating"
            f" FROM viewings v JOIN films f ON f.id = v.film_id WHERE {condition}"
            " ORDER BY v.watched_on DESC, v.id DESC LIMIT :limit OFFSET :offset"
        )
        params = {"m": month, "limit": limit, "offset": offset}
        with self._reading() as session:
            return [
                DiaryRow(
                    viewing_id=row.id,
                    film_id=row.film_id,
                    title=row.title,
                    year=row.year,
                    watched_on=_day(row.watched_on),
                    rewatch=bool(row.rewatch),
                    where=row.where,
                    did_not_finish=bool(row.did_not_finish),
                    note=row.note,
                    rating_tenths=row.rating,
                )
                for row in session.execute(text(sql), params)
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
