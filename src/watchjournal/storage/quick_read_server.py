"""The app's first page from a journal on a server, read with psycopg before SQLAlchemy.

As ``storage.quick_read`` does for a journal file: the window paints the first
rows of its first list before the ORM, the service and the rest of the app are
imported (``ui.window.startup``). Here one libpq connection reads them, in a
read-only transaction, and gives up (None: the app takes its usual path, with
every check and every message) whenever anything is not plainly as expected:

- psycopg is not installed, the server cannot be reached within
  ``CONNECT_TIMEOUT_S``, or it asks for a password the URL and ``~/.pgpass`` do
  not give (the usual path asks for it);
- the journal's schema revision is not this version's (``HEAD_REVISION``), or
  it has none (a new or foreign database: the usual path creates or refuses it).

Nothing here writes: the transaction is read-only. The queries are the
service's own: ``storage.list_order`` for the ids, and ``FILM_ROWS_SQL``, the
SQL text of ``journal.library.film_rows_select`` on PostgreSQL (a test keeps
the two equal), for the rows.
"""

from __future__ import annotations

import importlib.util
import logging
from typing import Any

from watchjournal.storage.list_order import film_ids_sql
from watchjournal.storage.quick_read import QuickPage
from watchjournal.storage.schema_head import HEAD_REVISION
from watchjournal.storage.server_url import libpq_url, named

# Seconds to wait for the server here: a slow server is then reached (and its
# slowness reported) by the usual path instead of twice as slowly.
CONNECT_TIMEOUT_S = 3

# What ``journal.library.film_rows_select()`` compiles to on PostgreSQL, whitespace
# collapsed: tests/unit/test_quick_read_server.py fails when they differ.
FILM_ROWS_SQL = (
    "SELECT films.id, films.title, films.year, films.directors, films.created_at, "
    "films.liked, films.poster_ref, watchlist.film_id IS NOT NULL AS on_watchlist, "
    "watchlist.note, (SELECT rated_review.rating_tenths FROM reviews AS rated_review LEFT"
    " OUTER JOIN viewings AS rated_viewing ON rated_review.viewing_id = rated_viewing.id "
    "WHERE rated_review.film_id = films.id AND rated_review.rating_tenths IS NOT NULL "
    "ORDER BY rated_viewing.id IS NULL, rated_viewing.watched_on IS NULL, "
    "rated_viewing.watched_on DESC, rated_viewing.id DESC, rated_review.created_at DESC, "
    "rated_review.id DESC LIMIT 1) AS rating, (SELECT max(viewings.watched_on) AS max_1 "
    "FROM viewings WHERE viewings.film_id = films.id) AS last_watched, EXISTS (SELECT * "
    "FROM viewings AS any_viewing WHERE any_viewing.film_id = films.id AND CASE WHEN "
    "(any_viewing.rewatch_override IS NOT NULL) THEN any_viewing.rewatch_override ELSE "
    "EXISTS (SELECT * FROM viewings AS earlier_viewing WHERE earlier_viewing.film_id = "
    "any_viewing.film_id AND earlier_viewing.id != any_viewing.id AND "
    "(coalesce(earlier_viewing.watched_on, '0001-01-01') < "
    "coalesce(any_viewing.watched_on, '0001-01-01') OR "
    "coalesce(earlier_viewing.watched_on, '0001-01-01') = "
    "coalesce(any_viewing.watched_on, '0001-01-01') AND earlier_viewing.id < "
    "any_viewing.id)) END) AS rewatched FROM films LEFT OUTER JOIN watchlist ON "
    "watchlist.film_id = films.id"
)

_LOG = logging.getLogger(__name__)


def server_name(url: str) -> str:
    """How the window names the journal at ``url`` (no password), without SQLAlchemy."""
    # Lazy: psycopg is an optional extra, and only a server journal needs it.
    from psycopg.conninfo import conninfo_to_dict

    parts = conninfo_to_dict(libpq_url(url))
    host = str(parts.get("host") or "") or None
    socket = host if host is not None and host.startswith("/") else None
    return named(
        parts.get("user"),  # type: ignore[arg-type]
        None if socket else host,
        parts.get("port"),
        parts.get("dbname"),  # type: ignore[arg-type]
        socket,
    )


def read_server_first_page(url: str, limit: int) -> QuickPage | None:
    """The first ``limit`` rows of the list the app opens on, or None when the journal
    must take the usual path (see the module docstring); never raises for the journal."""
    if importlib.util.find_spec("psycopg") is None:
        return None
    # Lazy: psycopg is an optional extra, and only a server journal needs it.
    import psycopg
    from psycopg.rows import dict_row

    try:
        with psycopg.connect(
            libpq_url(url),
            connect_timeout=CONNECT_TIMEOUT_S,
            application_name="WatchJournal",
            options="-c default_transaction_read_only=on",
            row_factory=dict_row,
        ) as connection:
            if _revision(connection) != HEAD_REVISION:
                return None
            return _first_page(connection, limit)
    except (psycopg.Error, ValueError) as exc:
        # Not an error to show: the usual path opens the journal and says what is wrong.
        _LOG.debug("first page not read early from the server: %s", exc)
        return None


def _revision(connection: Any) -> str | None:
    found = connection.execute("SELECT to_regclass('alembic_version') AS t").fetchone()
    if found is None or found["t"] is None:
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row["version_num"])


def _first_page(connection: Any, limit: int) -> QuickPage:
    count = int(connection.execute("SELECT count(*) AS n FROM films").fetchone()["n"])
    # The app opens on the watchlist when it has films, else on every film by title.
    view, kind, sort = "watchlist", "watchlist", "watchlist"
    ids = _ids(connection, kind, sort, limit)
    if not ids:
        view, kind, sort = "films", "all", "title"
        ids = _ids(connection, kind, sort, limit)
    found = connection.execute(f"{FILM_ROWS_SQL} WHERE films.id = ANY(%s)", (ids,)).fetchall()
    by_id = {row["id"]: row for row in found}
    return QuickPage(view, count, [by_id[i] for i in ids if i in by_id])


def _ids(connection: Any, kind: str, sort: str, limit: int) -> list[int]:
    sql = f"{film_ids_sql(kind, sort, dialect='postgresql')} LIMIT {int(limit)}"
    return [int(row["id"]) for row in connection.execute(sql)]
