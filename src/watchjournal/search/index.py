"""The full-text index: its layout, rebuilding it, and loading data in bulk.

The index is the FTS5 table ``search_index`` with one row per film (rowid =
film id) whose columns hold the film's searchable text. Migration 0003 creates
it together with the view ``search_documents`` (how a film's row is composed
from films, where_to_watch, watchlist, viewings, reviews and tags) and the
triggers that re-compose a film's row whenever any of that changes, in the
same transaction as the change. Several values in one column (names, notes,
reviews) are separated by U+001E, a control character the journal never
stores, so a match can be traced back to the review it is in.

Snippets are cut from a small index of the films on the page only
(``highlighted``): FTS5's ``highlight()`` on the journal's index would have to
start the query once per film, or read every match of a common word.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session

from watchjournal.search.query import TextField

TABLE = "search_index"
DOCUMENTS_VIEW = "search_documents"
TRIGGER_PREFIX = "search_sync_"
SEPARATOR = "\x1e"

# The indexed columns in table order; ``review_ids`` (unindexed) follows them.
COLUMNS = (
    "title",
    "directors",
    "cast_members",
    "genres",
    "countries",
    "streaming",
    "tags",
    "notes",
    "reviews",
)
REVIEW_IDS_COLUMN = "review_ids"
# bm25 weight of each column (review_ids last): titles and people count for more
# than genres, notes or review text. Migration 0003 stores the same as ``rank``.
COLUMN_WEIGHTS = (10.0, 6.0, 4.0, 3.0, 3.0, 2.0, 3.0, 2.0, 1.0, 0.0)
# The columns a "strong" match is in, ranked first when a query matches very many films.
STRONG_COLUMNS = ("title", "directors", "cast_members")
# The longest prefix FTS5 keeps a separate index for (``prefix = '2 3'``).
PREFIX_LENGTH = 3
FIELD_COLUMNS: dict[TextField, str] = {
    "title": "title",
    "director": "directors",
    "cast": "cast_members",
    "genre": "genres",
    "country": "countries",
    "tag": "tags",
    "where": "streaming",
    "review": "reviews",
    "note": "notes",
}
COLUMN_FIELDS: dict[str, TextField] = {column: field for field, column in FIELD_COLUMNS.items()}

_ALL_COLUMNS = ", ".join((*COLUMNS, REVIEW_IDS_COLUMN))
_FILL = f"INSERT INTO {TABLE}(rowid, {_ALL_COLUMNS}) SELECT * FROM {DOCUMENTS_VIEW}"


def rebuild(connection: Connection) -> int:
    """Re-compose every film's row from the journal; returns how many films are indexed.

    Runs inside the caller's transaction, so a failure leaves the old index.
    """
    connection.execute(text(f"DELETE FROM {TABLE}"))
    connection.execute(text(_FILL))
    connection.execute(text(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')"))
    return int(connection.execute(text(f"SELECT count(*) FROM {TABLE}")).scalar_one())


# Films per statement when re-composing some rows (well under SQLite's 32,766 variables).
_CHUNK = 500


def refresh_films(connection: Connection, film_ids: Collection[int]) -> None:
    """Re-compose the rows of these films only (after loading rows with the triggers off).

    Cheaper than ``rebuild`` when an import touches part of a large journal;
    when it touches most films, a full rebuild (without ``optimize``, which
    would merge the whole index while writers wait) does the same work faster.
    """
    if not film_ids:
        return
    films = int(connection.execute(text("SELECT count(*) FROM films")).scalar_one())
    if len(film_ids) * 2 >= films:
        connection.execute(text(f"DELETE FROM {TABLE}"))
        connection.execute(text(_FILL))
        return
    ids = sorted(film_ids)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join(str(int(film_id)) for film_id in chunk)
        connection.execute(text(f"DELETE FROM {TABLE} WHERE rowid IN ({marks})"))
        connection.execute(text(f"{_FILL} WHERE film_id IN ({marks})"))


def rebuild_in_session(session: Session) -> int:
    return rebuild(session.connection())


@contextmanager
def bulk_load(engine: Engine) -> Iterator[Connection]:
    """A write transaction with the sync triggers off, rebuilding the index at the end.

    For loading many rows at once (imports, benchmarks): one rebuild is far
    cheaper than re-composing a film's row for every inserted review. The
    triggers are dropped and re-created from their stored definitions in the
    same transaction, so nobody ever sees a journal without them.
    """
    with engine.begin() as connection:
        triggers = connection.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE :p"),
            {"p": TRIGGER_PREFIX + "%"},
        ).all()
        for name, _sql in triggers:
            connection.execute(text(f'DROP TRIGGER "{name}"'))
        yield connection
        for _name, sql in triggers:
            connection.exec_driver_sql(sql)
        rebuild(connection)


# A scratch index in the connection's own temporary database (which even a read-only
# journal has): the rows of the films a snippet is wanted for, re-filled each time.
# External content, so emptying it needs no tokenizing ("delete-all").
SNIPPET_DOCS = "temp.search_snippet_docs"
SNIPPET_TABLE = "search_snippets"
_INDEXED = ", ".join(COLUMNS)
_SNIPPET_SETUP = (
    f"CREATE TABLE IF NOT EXISTS {SNIPPET_DOCS} (film_id INTEGER PRIMARY KEY, {_ALL_COLUMNS})",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{SNIPPET_TABLE} USING fts5("
    f"{_INDEXED}, {REVIEW_IDS_COLUMN} UNINDEXED,"
    f" content = 'search_snippet_docs', content_rowid = 'film_id',"
    f" tokenize = 'porter unicode61 remove_diacritics 2')",
)


def highlighted(
    connection: Connection, film_ids: Collection[int], expression: str, opening: str, closing: str
) -> list[dict[str, str | None]]:
    """Every column of these films' rows with the words ``expression`` finds marked.

    One row (a mapping with ``film_id``, ``review_ids`` and COLUMNS) per film that
    ``expression`` matches; the same as ``highlight()`` on the journal's index,
    since a match and its marks depend on the film's own row only.
    """
    for statement in _SNIPPET_SETUP:
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql(f"DELETE FROM {SNIPPET_DOCS}")
    ids = ", ".join(str(int(film_id)) for film_id in film_ids)
    connection.exec_driver_sql(
        f"INSERT INTO {SNIPPET_DOCS}(film_id, {_ALL_COLUMNS})"
        f" SELECT rowid, {_ALL_COLUMNS} FROM {TABLE} WHERE rowid IN ({ids})"
    )
    connection.exec_driver_sql(f"INSERT INTO {SNIPPET_TABLE}({SNIPPET_TABLE}) VALUES ('rebuild')")
    marked = ", ".join(
        f"highlight({SNIPPET_TABLE}, {index}, :opening, :closing) AS {name}"
        for index, name in enumerate(COLUMNS)
    )
    rows = connection.execute(
        text(
            f"SELECT rowid AS film_id, {REVIEW_IDS_COLUMN}, {marked} FROM {SNIPPET_TABLE}"
            f" WHERE {SNIPPET_TABLE} MATCH :expression"
        ),
        {"expression": expression, "opening": opening, "closing": closing},
    )
    return [dict(row) for row in rows.mappings()]
