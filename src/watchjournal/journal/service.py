"""JournalService: the one API the CLI and the GUI call to read and change a journal.

Each public method runs in its own short transaction (writes take the write
lock up front) and returns plain records, so a failed call changes nothing
and no ORM object ever leaks into a front end. Film, diary and review
operations live in mixins next to this module to keep each file to one job.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, func, select

from watchjournal.journal.backups import BackupOperations
from watchjournal.journal.diary import DiaryOperations
from watchjournal.journal.films import FilmOperations
from watchjournal.journal.importing import ImportOperations
from watchjournal.journal.library import LibraryQueries
from watchjournal.journal.links import LinkOperations
from watchjournal.journal.lists import ListOperations
from watchjournal.journal.posters import PosterOperations
from watchjournal.journal.reviews import ReviewOperations
from watchjournal.journal.stats import StatsQueries
from watchjournal.journal.transfer import TransferOperations
from watchjournal.journal.watchlist import WatchlistOperations
from watchjournal.journal.year_review_queries import YearReviewQueries
from watchjournal.search.schema import search_engine
from watchjournal.storage import models
from watchjournal.storage.journal_file import HEAD_REVISION, open_journal_file
from watchjournal.storage.server_url import is_server_url

if TYPE_CHECKING:
    from watchjournal.search.results import SearchHit


class JournalService(
    FilmOperations,
    WatchlistOperations,
    DiaryOperations,
    ReviewOperations,
    LibraryQueries,
    StatsQueries,
    YearReviewQueries,
    PosterOperations,
    ListOperations,
    LinkOperations,
    ImportOperations,
    BackupOperations,
    TransferOperations,
):
    """All reading and writing of one journal (a file, or a database on a server)."""

    def __init__(
        self, engine: Engine, path: Path | None = None, backup_dir: Path | None = None
    ) -> None:
        super().__init__(engine)
        self.path = path if self.is_file_journal else None
        self.backup_dir = backup_dir
        # Set by open(): the sentence every write is refused with when the journal
        # is in a read-only place, and what was made private while opening it.
        self.read_only: str | None = None
        self.privacy_notice: str | None = None

    @classmethod
    def open(
        cls, path: Path | str, backup_dir: Path, *, busy_timeout: int | None = None
    ) -> JournalService:
        """Open (creating or upgrading) the journal at ``path``: a file, or the URL
        of a journal on a PostgreSQL server (``postgresql://user@host/dbname``).

        ``busy_timeout``: how many milliseconds a call waits for another program's
        lock before raising JournalBusyError (None: ``storage.engine.busy_timeout_ms()``;
        a file journal only: a server serialises writers itself).
        """
        if isinstance(path, str) and is_server_url(path):
            # Lazy: only a server journal needs the server module (and its driver).
            from watchjournal.storage.server import open_server_journal

            return cls(open_server_journal(path, HEAD_REVISION).engine, None, backup_dir)
        path = Path(path)
        opened = open_journal_file(path, backup_dir, busy_timeout=busy_timeout)
        service = cls(opened.engine, path, backup_dir)
        service.read_only, service.privacy_notice = opened.read_only, opened.privacy_notice
        return service

    def close(self) -> None:
        self._engine.dispose()

    def count_films(self) -> int:
        with self._reading() as session:
            return session.scalar(select(func.count()).select_from(models.Film)) or 0

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Films matching ``query`` (see watchjournal.search.parser), best first, with snippets.

        Raises QuerySyntaxError (a ValidationError) pointing at bad syntax.
        """
        with self._reading() as session:
            return search_engine(session).search(session, query, limit)

    def search_film_ids(self, query: str, limit: int | None = None) -> list[int]:
        """Only the ids of the films ``query`` finds, best first: cheap, for search-as-you-type."""
        with self._reading() as session:
            return search_engine(session).film_ids(session, query, limit)

    def rebuild_search_index(self) -> int:
        """Rebuild the full-text index from the journal; returns how many films it holds."""
        with self._writing() as session:
            return search_engine(session).rebuild(session)
