"""The full-text index: its layout, rebuilding it, and loading data in bulk.

The index is the FTS5 table ``search_index`` with one row per film (rowid =
film id) whose columns hold the film's searchable text. The view
``search_documents`` (migration 0005) says how a film's row is composed from
films, where_to_watch, watchlist, viewings, reviews and tags; since migration
0008 it is also the index's content (FTS5 "external content"), so the text is
not stored twice. Triggers keep the index in step in the same transaction as
every change: ``search_drop_*`` before it removes the film's row with the text
the view still shows, ``search_sync_*`` after it adds the row again; both do
nothing when the film is already out of or in the index (``search_index_docsize``
has a row per indexed film). Several values in one column (names, notes,
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

from watchjournal.search import words
from watchjournal.search.query import TextField

TABLE = "search_index"
DOCUMENTS_VIEW = "search_documents"
# The AFTER triggers that add rows: a bulk load turns these off and adds the missing
# rows at the end. The BEFORE triggers ("search_drop_") stay on: they remove a film's
# row once, before its first change, while the view still shows what was indexed.
TRIGGER_PREFIX = "search_sync_"
DOCSIZE = "search_index_docsize"
SEPARATOR = "\x1e"

# The indexed columns in table order; ``review_ids`` (unindexed) follows them.
COLUMNS = words.COLUMNS
REVIEW_IDS_COLUMN = "review_ids"
# bm25 weight of each column (review_ids last): titles and people count for more
# than genres, notes or review text. Migration 0003 stores the same as ``rank``.
COLUMN_WEIGHTS = (10.0, 6.0, 4.0, 3.0, 3.0, 2.0, 3.0, 2.0, 1.0, 0.0)
# The columns a "strong" match is in, ranked first when a query matches very many films.
STRONG_COLUMNS = ("title", "directors", "cast_members")
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
ADD_MISSING = (
    f"INSERT INTO {TABLE}(rowid, {_ALL_COLUMNS}) SELECT film_id, {_ALL_COLUMNS}"
    f" FROM {DOCUMENTS_VIEW} WHERE film_id NOT IN (SELECT id FROM {DOCSIZE})"
)


def rebuild(connection: Connection) -> int:
    """Re-compose every film's row from the journal; returns how many films are indexed.

    Also makes the vocabulary afresh (``words``), and turns a journal whose index
    still has prefix indexes into one without (``convert``). Runs inside the
    caller's transaction, so a failure leaves the old index.
    """
    if not words.has_vocabulary(connection):
        return convert(connection)
    # Not FTS5's 'rebuild': its scan of the view fails on the view's json_each.
    connection.execute(text(f"INSERT INTO {TABLE}({TABLE}) VALUES ('delete-all')"))
    return _fill(connection)


def _fill(connection: Connection) -> int:
    connection.execute(text(ADD_MISSING))
    connection.execute(text(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')"))
    words.fill(connection)
    return int(connection.execute(text(f"SELECT count(*) FROM {DOCSIZE}")).scalar_one())


def convert(connection: Connection) -> int:
    """Re-create the index without prefix indexes, with its vocabulary (migration 0015).

    The ``search_sync_`` triggers learn the words of the rows they add from then on.
    """
    triggers = sync_triggers(connection)
    for name, _sql in triggers:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    connection.exec_driver_sql(f"DROP TABLE {TABLE}")
    connection.exec_driver_sql(words.CREATE_INDEX)
    connection.exec_driver_sql(words.RANK)
    for statement in words.SCHEMA:
        connection.exec_driver_sql(statement)
    for _name, sql in triggers:
        connection.exec_driver_sql(words.learning_trigger(sql))
    return _fill(connection)


def sync_triggers(connection: Connection) -> list[tuple[str, str]]:
    rows = connection.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE :p"),
        {"p": TRIGGER_PREFIX + "%"},
    ).all()
    return [(str(name), str(sql)) for name, sql in rows]


# Films per statement when adding some rows (well under SQLite's 32,766 variables).
_CHUNK = 500


def refresh_films(connection: Connection, film_ids: Collection[int]) -> None:
    """Add the rows of these films after loading rows with the ``search_sync_`` triggers off.

    The ``search_drop_`` triggers stayed on and removed the row of every film the
    load changed, so the films missing from the index are exactly those to add.
    When the load touched most films, one pass over all films does it faster.
    """
    if not film_ids:
        return
    learn = words.has_vocabulary(connection)
    films = int(connection.execute(text("SELECT count(*) FROM films")).scalar_one())
    if len(film_ids) * 2 >= films:
        connection.execute(text(ADD_MISSING))
        if learn:  # quicker from the index's own terms than from every new row
            words.fill(connection)
        return
    ids = sorted(film_ids)
    for start in range(0, len(ids), _CHUNK):
        marks = ", ".join(str(int(film_id)) for film_id in ids[start : start + _CHUNK])
        add = f"{ADD_MISSING} AND film_id IN ({marks})"
        if learn:
            connection.exec_driver_sql(words.learning(add))
        connection.exec_driver_sql(add)
        if learn:
            for statement in words.LEARN:
                connection.exec_driver_sql(statement)


def rebuild_in_session(session: Session) -> int:
    return rebuild(session.connection())


@contextmanager
def bulk_load(engine: Engine) -> Iterator[Connection]:
    """A write transaction with the adding triggers off, rebuilding the index at the end.

    For loading many rows at once (imports, benchmarks): one rebuild is far
    cheaper than re-composing a film's row for every inserted review. The
    triggers are dropped and re-created from their stored definitions in the
    same transaction, so nobody ever sees a journal without them.
    """
    with engine.begin() as connection:
        triggers = sync_triggers(connection)
        for name, _sql in triggers:
            connection.execute(text(f'DROP TRIGGER "{name}"'))
        yield connection
        for _name, sql in triggers:
            connection.exec_driver_sql(sql)
        rebuild(connection)


# A scratch index in the connection's own temporary database (which even a read-only
# journal has): the rows of the films a snippet is wanted for, re-filled each time.
# Its content is a temporary table, so FTS5's 'rebuild' fills it from there; both are
# empty between uses. Its tokenizer must be the journal index's (migration 0008).
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
    # The rows go in under a savepoint that is rolled back once read: FTS5 would
    # otherwise write the scratch index out at the end of the transaction (2 ms).
    connection.exec_driver_sql(f"SAVEPOINT {SNIPPET_TABLE}")
    try:
        connection.exec_driver_sql(f"DELETE FROM {SNIPPET_DOCS}")
        ids = ", ".join(str(int(film_id)) for film_id in film_ids)
        connection.exec_driver_sql(
            f"INSERT INTO {SNIPPET_DOCS}(film_id, {_ALL_COLUMNS})"
            f" SELECT film_id, {_ALL_COLUMNS} FROM {DOCUMENTS_VIEW} WHERE film_id IN ({ids})"
        )
        connection.exec_driver_sql(
            f"INSERT INTO {SNIPPET_TABLE}({SNIPPET_TABLE}) VALUES ('rebuild')"
        )
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
    finally:
        connection.exec_driver_sql(f"ROLLBACK TO {SNIPPET_TABLE}")
        connection.exec_driver_sql(f"RELEASE {SNIPPET_TABLE}")
