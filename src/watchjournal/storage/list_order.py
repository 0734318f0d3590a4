"""The SQL that lists film ids in a list's order (plain text, no SQLAlchemy).

One definition for ``JournalService.film_ids`` (``journal.library``) and for the
app's first page read with plain ``sqlite3`` before SQLAlchemy is imported
(``storage.quick_read``): both show the same films in the same order.
"""

from __future__ import annotations

# Blanks sort last whatever the direction, then ties break by title.
SORT_KEYS = {
    "title": ["f.title_key {dir}", "f.year {dir}", "f.id {dir}"],
    "year": ["f.year IS NULL", "f.year {dir}", "f.title_key", "f.id"],
    "director": [
        "{first_director} IS NULL",
        "lower({first_director}) {dir}",
        "f.title_key",
        "f.id",
    ],
    "rating": ["s.value IS NULL", "s.value {dir}", "f.title_key", "f.id"],
    "last_watched": ["s.value IS NULL", "s.value {dir}", "f.title_key", "f.id"],
    "added": ["f.created_at {dir}", "f.id {dir}"],
    # (Films off the watchlist last: NULLs sort first on SQLite and last on PostgreSQL.)
    "watchlist": ["w.position IS NULL", "w.position {dir}", "w.id {dir}"],
}

# The first director of a film (its JSON array's first item), in each database's JSON syntax.
_FIRST_DIRECTOR = {
    "sqlite": "json_extract(f.directors, '$[0]')",
    "postgresql": "(f.directors ->> 0)",
}


def _where(kind: str) -> str:
    if kind == "watchlist":
        return "WHERE w.film_id IS NOT NULL"
    if kind == "watched":
        return "WHERE EXISTS (SELECT 1 FROM viewings v WHERE v.film_id = f.id)"
    return ""


def _order(sort: str, descending: bool, dialect: str) -> str:
    direction = "DESC" if descending else "ASC"
    first_director = _FIRST_DIRECTOR[dialect]
    return "ORDER BY " + ", ".join(
        key.format(dir=direction, first_director=first_director) for key in SORT_KEYS[sort]
    )


def film_ids_sql(
    kind: str, sort: str, *, descending: bool = False, dialect: str = "sqlite", sort_cte: str = ""
) -> str:
    """``SELECT f.id FROM films f ...`` for the list of ``kind`` ("all", "watched",
    "watchlist") sorted by ``sort`` (a key of ``SORT_KEYS``).

    The sorts by rating and by last watched join a ``sort_value(film_id, value)``
    table that ``sort_cte`` (``WITH sort_value AS (...)``) must define.
    """
    sort_join = "LEFT JOIN sort_value s ON s.film_id = f.id" if sort_cte else ""
    watchlist_join = (
        "LEFT JOIN watchlist w ON w.film_id = f.id"
        if kind == "watchlist" or sort == "watchlist"
        else ""
    )
    order = _order(sort, descending, dialect)
    return f"{sort_cte}SELECT f.id FROM films f {watchlist_join} {sort_join} {_where(kind)} {order}"
