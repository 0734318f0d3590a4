"""Which database holds the search index: the one branch point between SQLite and a server.

On a journal file the index is SQLite's FTS5 table ``search_index``, with the
view ``search_documents`` and the sync triggers of migrations 0003 and 0005
(SQLite-only SQL: they run only where ``has_fts5_index`` says so).

On a journal on a PostgreSQL server there is no search index yet: the
migrations call ``create_server_search_objects`` instead (it creates nothing
for now), and ``JournalService.search``, ``search_film_ids`` and
``rebuild_search_index`` raise ``SearchUnavailableError``. PostgreSQL full-text
search (tsvector columns with GIN indexes, filled by triggers or by the service)
goes here, in a module next to this one, and in a migration of its own.
"""

from __future__ import annotations

from sqlalchemy import Connection

from watchjournal.errors import JournalError

SEARCH_UNAVAILABLE = (
    "search on a shared journal (PostgreSQL) is not available yet; everything else is"
)


class SearchUnavailableError(JournalError):
    """This journal's database has no search index (a journal on a server, for now)."""

    def __init__(self) -> None:
        super().__init__(SEARCH_UNAVAILABLE)


def has_fts5_index(connection: Connection) -> bool:
    """Whether the journal on ``connection`` keeps its search index in SQLite's FTS5."""
    return connection.dialect.name == "sqlite"


def create_server_search_objects(connection: Connection) -> None:
    """Create the search objects of a journal on a server (nothing yet: see the docstring)."""
    del connection  # the PostgreSQL search index is not built yet


def require_search(connection: Connection) -> None:
    """Raise SearchUnavailableError unless the journal on ``connection`` can be searched."""
    if not has_fts5_index(connection):
        raise SearchUnavailableError()
