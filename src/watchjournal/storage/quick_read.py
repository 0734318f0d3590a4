"""The app's first page, read with plain ``sqlite3`` before SQLAlchemy is imported.

The app paints its window with the first rows of its first list before the
ORM, the service and the rest of the app are imported (``ui.window.startup``);
this module reads those rows. It reads only a journal that is safely readable
as it is, and says None otherwise so that the app takes its usual path, with
every check, before anything is shown:

- a journal file (not a server), an existing regular file with a sound header;
- exactly as WatchJournal left it when it last closed it cleanly (no ``-wal``
  file, the clean-close record matches), so no integrity check is due;
- its schema revision is this version's (``HEAD_REVISION``): no upgrade due;
- readable right now: the connection is read-only (``mode=ro``, ``immutable``
  as ``health.readonly_connection`` decides, ``PRAGMA query_only``) and waits
  for no lock (another program's lock means the usual path says it is busy).

Nothing here writes, creates or changes a file. The queries are the service's
own: ``storage.list_order`` for the ids, and ``FILM_ROWS_SQL``, the SQL text of
``journal.library.film_rows_select`` (a test keeps the two equal), for the rows.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from watchjournal.errors import JournalFileError
from watchjournal.storage import backup, health, places
from watchjournal.storage.list_order import film_ids_sql
from watchjournal.storage.schema_head import HEAD_REVISION

# What ``journal.library.film_rows_select()`` compiles to on SQLite (its rating
# and rewatch rules included), whitespace collapsed: tests/unit/test_quick_read.py
# fails when they differ and prints the new text.
FILM_ROWS_SQL = (
    "SELECT films.id, films.title, films.year, films.directors, films.created_at, "
    "films.liked, films.poster_ref, watchlist.film_id IS NOT NULL AS on_watchlist, "
    "watchlist.note, (SELECT rated_review.rating_tenths FROM reviews AS rated_review LEFT"
    " OUTER JOIN viewings AS rated_viewing ON rated_review.viewing_id = rated_viewing.id "
    "WHERE rated_review.film_id = films.id AND rated_review.rating_tenths IS NOT NULL "
    "ORDER BY rated_viewing.id IS NULL, rated_viewing.watched_on IS NULL, "
    "rated_viewing.watched_on DESC, rated_viewing.id DESC, rated_review.created_at DESC, "
    "rated_review.id DESC LIMIT 1 OFFSET 0) AS rating, (SELECT max(viewings.watched_on) "
    "AS max_1 FROM viewings WHERE viewings.film_id = films.id) AS last_watched, EXISTS "
    "(SELECT * FROM viewings AS any_viewing WHERE any_viewing.film_id = films.id AND CASE"
    " WHEN (any_viewing.rewatch_override IS NOT NULL) THEN any_viewing.rewatch_override "
    "ELSE EXISTS (SELECT * FROM viewings AS earlier_viewing WHERE earlier_viewing.film_id"
    " = any_viewing.film_id AND earlier_viewing.id != any_viewing.id AND "
    "(coalesce(earlier_viewing.watched_on, '0001-01-01') < "
    "coalesce(any_viewing.watched_on, '0001-01-01') OR "
    "coalesce(earlier_viewing.watched_on, '0001-01-01') = "
    "coalesce(any_viewing.watched_on, '0001-01-01') AND earlier_viewing.id < "
    "any_viewing.id)) END = 1) AS rewatched FROM films LEFT OUTER JOIN watchlist ON "
    "watchlist.film_id = films.id"
)

_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class QuickPage:
    """The first page of the list the app opens on: the watchlist, or all films by title."""

    view: str  # "watchlist" or "films"
    film_count: int  # films in the journal
    # Rows of FILM_ROWS_SQL (``sqlite3.Row``), in the list's order.
    rows: list[Any]


def read_first_page(path: Path, backup_dir: Path, limit: int) -> QuickPage | None:
    """The first ``limit`` rows of the list the app opens on, or None when the journal
    must take the usual path (see the module docstring); never raises for the journal."""
    try:
        if not places.check_kind(path) or not health.closed_cleanly(
            path, backup.clean_close_record(path, backup_dir)
        ):
            return None
        health.check_header(path)
        with health.readonly_connection(path, timeout_ms=0) as connection:
            connection.execute("PRAGMA query_only = ON")
            if _revision(connection) != HEAD_REVISION:
                return None
            return _first_page(connection, limit)
    except (JournalFileError, sqlite3.Error, OSError) as exc:
        # Not an error to show: the usual path opens the journal and says what is wrong.
        _LOG.debug("first page not read early from %s: %s", path, exc)
        return None


def _revision(connection: sqlite3.Connection) -> str | None:
    tables = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    if not {"alembic_version", "films"} <= tables:
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def _first_page(connection: sqlite3.Connection, limit: int) -> QuickPage:
    count = int(connection.execute("SELECT count(*) FROM films").fetchone()[0])
    # The app opens on the watchlist when it has films, else on every film by title.
    view, kind, sort = "watchlist", "watchlist", "watchlist"
    ids = _ids(connection, kind, sort, limit)
    if not ids:
        view, kind, sort = "films", "all", "title"
        ids = _ids(connection, kind, sort, limit)
    connection.row_factory = sqlite3.Row
    marks = ",".join("?" * len(ids))
    found = connection.execute(f"{FILM_ROWS_SQL} WHERE films.id IN ({marks})", ids).fetchall()
    by_id = {row["id"]: row for row in found}
    return QuickPage(view, count, [by_id[i] for i in ids if i in by_id])


def _ids(connection: sqlite3.Connection, kind: str, sort: str, limit: int) -> list[int]:
    sql = f"{film_ids_sql(kind, sort)} LIMIT {int(limit)}"
    return [int(row[0]) for row in connection.execute(sql)]
