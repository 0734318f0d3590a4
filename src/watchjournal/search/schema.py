"""Which database holds the search index: the one branch point between SQLite and a server.

On a journal file the index is SQLite's FTS5 table ``search_index``, with the
view ``search_documents`` and the sync triggers of migrations 0003 and 0005
(SQLite-only SQL: they run only where ``has_fts5_index`` says so); ``engine``
runs queries on it. On a journal on a PostgreSQL server it is the table
``search_documents`` of migration 0006 (``pg_schema``), with tsvectors and a GIN
index; ``pg_engine`` runs the same queries on it. ``search_engine`` picks one for
``JournalService``, which knows nothing else about the difference.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from watchjournal.search.results import SearchHit


def has_fts5_index(connection: Connection) -> bool:
    """Whether the journal on ``connection`` keeps its search index in SQLite's FTS5."""
    return connection.dialect.name == "sqlite"


@dataclass(frozen=True)
class SearchEngine:
    """How a journal's database runs searches: the same three calls on every backend."""

    search: Callable[[Session, str, int], list[SearchHit]]
    film_ids: Callable[[Session, str, int | None], list[int]]
    rebuild: Callable[[Session], int]


def search_engine(session: Session) -> SearchEngine:
    """The search engine of the journal ``session`` reads."""
    # Lazy: the engines import the journal package (a cycle at import time), and a
    # journal file never needs the PostgreSQL one.
    if has_fts5_index(session.connection()):
        from watchjournal.search import engine, index

        return SearchEngine(engine.search_journal, engine.search_film_ids, index.rebuild_in_session)
    from watchjournal.search import pg_engine

    return SearchEngine(
        pg_engine.search_journal, pg_engine.search_film_ids, pg_engine.rebuild_in_session
    )
