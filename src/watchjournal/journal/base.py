"""Shared plumbing of the service mixins: sessions and loading films with their parts."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Select, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, selectinload

from watchjournal.errors import (
    DamagedJournalError,
    ImportRunningError,
    JournalFileError,
    NotFoundError,
)
from watchjournal.journal import changes, stats_derived
from watchjournal.journal.convert import utcnow
from watchjournal.storage import health, import_marker, models
from watchjournal.storage.engine import WRITE_OPTION, writer
from watchjournal.storage.errors import SUSPECT_CODES, primary_code, translate
from watchjournal.storage.server_errors import translate_server_error
from watchjournal.storage.server_url import display_name

FILM_PARTS = (
    selectinload(models.Film.where_to_watch),
    selectinload(models.Film.watchlist_entry),
    selectinload(models.Film.viewings).selectinload(models.Viewing.tags),
    selectinload(models.Film.reviews).selectinload(models.Review.tags),
)


class ServiceBase:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._writer = writer(engine)
        # A journal file (SQLite: file locks, integrity checks, the import marker)
        # or a database on a server (PostgreSQL: the server does all of that).
        self.is_file_journal = engine.dialect.name == "sqlite"
        self.writes = 0  # write transactions run, for results kept until the journal changes
        if self.is_file_journal:
            self._journal_path = Path(engine.url.database or "")
            self.journal_name = str(self._journal_path)
        else:
            # Errors carry a path: a server journal's is its URL (never opened as a file).
            self.journal_name = display_name(engine.url)
            self._journal_path = Path(self.journal_name)
        # What a write that meets a running import does: None raises ImportRunningError.
        self._announce_import_wait: Callable[[], None] | None = None
        self._changes = changes.ChangeWatch()

    def wait_for_imports(self, announce: Callable[[], None]) -> None:
        """Make writes that meet a running import wait for it to end (calling
        ``announce()`` first) instead of raising ImportRunningError (for the CLI;
        the GUI's writer lane retries with its own feedback)."""
        self._announce_import_wait = announce

    @contextmanager
    def _one_connection(self) -> Iterator[Connection]:
        """One connection for several transactions (``PRAGMA data_version`` is per connection)."""
        try:
            with self._engine.connect() as connection:
                yield connection
        except (DBAPIError, sqlite3.Error) as exc:
            raise self._translated(exc) from exc

    @contextmanager
    def _reading(self, bind: Connection | None = None) -> Iterator[Session]:
        try:
            with Session(bind or self._engine) as session, session.begin():
                yield session
        except (DBAPIError, sqlite3.Error) as exc:
            raise self._translated(exc) from exc

    @contextmanager
    def _writing(
        self, bind: Connection | None = None, *, importing: bool = False
    ) -> Iterator[Session]:
        """A write transaction: committed at the end, rolled back whole on any error.

        The write lock is taken before the body runs, so a write that meets a
        running import (``storage.import_marker`` next to a journal file, or the
        import's advisory lock on a server, ``changes.IMPORT_LOCK_KEY``; ``importing``
        is the import itself) can wait for it, having done nothing yet.
        """
        target = self._writer if bind is None else bind.execution_options(**{WRITE_OPTION: True})
        try:
            while True:
                if not importing:
                    self._meet_import()
                session = Session(target, autoflush=True)
                transaction = session.begin()
                try:
                    session.connection()  # BEGIN IMMEDIATE
                    if importing:
                        changes.take_import_lock(session)  # a server's import marker
                        changes.take_write_lock(session)  # the same on a server
                    elif not changes.try_write_lock(session):  # (a file: always taken)
                        if changes.import_running(session):
                            self._meet_server_import(session)
                        changes.take_write_lock(session)
                    break
                except (DBAPIError, sqlite3.Error) as exc:
                    session.close()
                    busy = primary_code(exc) == sqlite3.SQLITE_BUSY
                    if importing or not busy or not self._import_running():
                        raise
            with session, transaction:
                yield session
                # The statistics' derived rows of the films this write touched, in
                # the same transaction: a commit never leaves them behind.
                session.flush()
                stats_derived.refresh(session.connection())
                self._changes.own_write(changes.bump(session))
        except (DBAPIError, sqlite3.Error) as exc:
            raise self._translated(exc) from exc
        finally:
            # Counted even when a write fails: kept results (the statistics) only
            # need to know that the journal may have changed.
            self.writes += 1

    def changed_elsewhere(self) -> bool:
        """Whether another machine or program changed the journal since this service
        last looked (or wrote); the first look only takes note. One cheap read."""
        with self._reading() as session:
            return self._changes.looked(changes.read_counter(session.connection()))

    def _import_running(self) -> bool:
        # The marker is a file lock next to a journal file; a server has no such file.
        return self.is_file_journal and import_marker.running(self._journal_path)

    def _meet_server_import(self, session: Session) -> None:
        """The write lock of a server journal is held by an import: say so and wait
        (the CLI), or give up at once with ImportRunningError (the GUI tries again)."""
        if self._announce_import_wait is None:
            session.close()
            raise ImportRunningError(self._journal_path)
        self._announce_import_wait()  # then take_write_lock waits for the import's commit

    def _meet_import(self) -> None:
        if not self._import_running():
            return
        if self._announce_import_wait is None:
            raise ImportRunningError(self._journal_path)
        self._announce_import_wait()
        import_marker.wait(self._journal_path)

    def _translated(self, exc: DBAPIError | sqlite3.Error) -> Exception:
        """The user-facing error for a database failure; the failure itself if it is a bug.

        Damage is only reported when ``PRAGMA quick_check`` confirms it; a check
        that cannot run (the journal became busy, the disk failed) says so instead.
        """
        if not self.is_file_journal:
            return translate_server_error(exc, self.journal_name) or exc
        error = translate(exc, self._journal_path)
        if error is not None:
            return error
        if primary_code(exc) in SUSPECT_CODES and self._journal_path.is_file():
            try:
                problems = health.find_problems(self._journal_path)
            except JournalFileError as failure:
                return failure
            if problems:
                return DamagedJournalError(
                    self._journal_path,
                    f"{self._journal_path} is damaged ({'; '.join(problems[:2])});"
                    " restore it from a backup (File > Backups…, or watchjournal restore)",
                )
        return exc

    @staticmethod
    def _film(session: Session, film_id: int) -> models.Film:
        statement = select(models.Film).where(models.Film.id == film_id).options(*FILM_PARTS)
        film = session.scalar(statement)
        if film is None:
            raise NotFoundError(f"there is no film with id {film_id}")
        return film

    @staticmethod
    def _films(session: Session, statement: Select[Any]) -> list[models.Film]:
        return list(session.scalars(statement.options(*FILM_PARTS)))

    @staticmethod
    def _append_to_watchlist(session: Session, film: models.Film, note: str | None) -> None:
        last = session.scalar(select(func.max(models.WatchlistEntry.position)))
        now = utcnow()
        film.watchlist_entry = models.WatchlistEntry(
            added_at=now, position=(last + 1) if last is not None else 0, note=note
        )
        session.add(models.WatchlistEvent(film_id=film.id, event="added", at=now))

    @staticmethod
    def _take_off_watchlist(session: Session, film: models.Film, event: str) -> None:
        """Take ``film`` off the watchlist, recording why ("removed" or "watched") for
        the statistics; nothing happens to a film that is not on it."""
        if film.watchlist_entry is None:
            return
        film.watchlist_entry = None
        session.add(models.WatchlistEvent(film_id=film.id, event=event, at=utcnow()))
