"""Opening a journal file: validate it, then create, upgrade or refuse it.

Nothing is written to a file until it is known to be a WatchJournal journal of
this version or an older one: foreign files, damaged databases and journals
from newer app versions are refused with a plain message and left untouched.
Before an older journal is upgraded a consistent backup copy is made.

Only a regular file is ever opened (a FIFO as the journal would otherwise
hang the open for ever). A journal in a read-only place is opened for reading
only (``storage.places``), without a daily backup or a clean-close record. A
new journal is created private (0600); an existing one, its side files, its
backups and our folders are made private if they are not, and the caller is
told (``OpenedJournal.privacy_notice``). Temporary files left by a killed
backup or restore are removed.
"""

from __future__ import annotations

import logging
import os
import shlex
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError

from watchjournal.errors import (
    DamagedJournalError,
    JournalFileError,
    JournalUnavailableError,
    NewerJournalError,
    NotAJournalError,
    ReadOnlyJournalError,
)
from watchjournal.private_files import make_private_folder, touch_private
from watchjournal.storage import backup, health, places
from watchjournal.storage.engine import create_journal_engine, writer
from watchjournal.storage.errors import (
    SUSPECT_CODES,
    primary_code,
    translate,
    translate_os_error,
)
from watchjournal.storage.schema_head import HEAD_REVISION as HEAD_REVISION

SQLITE_MAGIC = b"SQLite format 3\x00"
_OTHER_FORMATS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive"),
)

MigrationHook = Callable[[Path, str | None], None]
# O_NONBLOCK: if a FIFO is swapped in after the check, opening it must not wait.
_HEADER_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


@dataclass(frozen=True)
class OpenedJournal:
    """An open journal, and what the user should be told about opening it."""

    engine: Engine
    # The sentence every write is refused with when the journal's place is read-only.
    read_only: str | None = None
    # The journal's files and folders that were readable by others and no longer are.
    tightened: tuple[Path, ...] = ()

    @property
    def privacy_notice(self) -> str | None:
        """One line saying what was made private, or None when nothing was."""
        if not self.tightened:
            return None
        count = len(self.tightened)
        return (
            f"the journal's files and folders were readable by other users; {count} of them"
            f" {'is' if count == 1 else 'are'} now yours alone (0600 files, 0700 folders)"
        )


def describe_foreign_file(header: bytes) -> str:
    """A short description of what a non-SQLite file looks like, for messages."""
    for magic, description in _OTHER_FORMATS:
        if header.startswith(magic):
            return description
    try:
        header.decode("utf-8")
    except UnicodeDecodeError:
        return "not an SQLite database"
    return "a text file"


def read_revision(path: Path) -> str | None:
    """The schema revision of an existing journal, or None if it has no tables yet.

    Raises NotAJournalError for anything that is not a WatchJournal journal,
    DamagedJournalError only when a check proves the file damaged, and
    JournalBusyError, JournalIOError... when it cannot be read right now.
    The file is opened read-only, so this never changes it; anything but a
    regular file is refused before it is opened (NotAJournalError).
    """
    places.check_kind(path)
    header = _read_header(path)
    if not header:
        return None
    if header != SQLITE_MAGIC:
        kind = describe_foreign_file(header)
        raise NotAJournalError(path, f"{path} is not a WatchJournal journal (it is {kind})")
    return _query_revision(path)


def _read_header(path: Path) -> bytes:
    try:
        descriptor = os.open(path, _HEADER_OPEN_FLAGS)
        with os.fdopen(descriptor, "rb") as handle:
            mode = os.fstat(descriptor).st_mode
            if not stat.S_ISREG(mode):
                raise NotAJournalError(
                    path, f"{path} is {places.describe_kind(mode)}, not a WatchJournal journal"
                )
            return handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise translate_os_error(exc, path, "read") from exc


def _query_revision(path: Path) -> str | None:
    try:
        with health.readonly_connection(path) as connection:
            return _revision_from(path, connection)
    except sqlite3.Error as exc:
        if (error := translate(exc, path)) is not None:
            raise error from exc
        if primary_code(exc) in SUSPECT_CODES:
            # SQLite suspects the contents: say "damaged" only if a check proves it.
            health.check_header(path)
            health.verify(path)
        raise JournalUnavailableError(path, f"cannot read {path} ({exc})") from exc


def _revision_from(path: Path, connection: sqlite3.Connection) -> str | None:
    tables = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    if not tables:
        return None
    if "alembic_version" not in tables or "films" not in tables:
        raise NotAJournalError(path, f"{path} is an SQLite database but not a WatchJournal journal")
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    if row is None:
        raise NotAJournalError(path, f"{path} is a WatchJournal journal with no schema version")
    return str(row[0])


def open_journal(path: Path, backup_dir: Path, *, busy_timeout: int | None = None) -> Engine:
    """Validate, create or upgrade the journal at ``path`` and return its engine
    (``open_journal_file`` also says what the user should be told)."""
    return open_journal_file(path, backup_dir, busy_timeout=busy_timeout).engine


def open_journal_file(
    path: Path, backup_dir: Path, *, busy_timeout: int | None = None
) -> OpenedJournal:
    """Validate, create or upgrade the journal at ``path`` and open it.

    ``busy_timeout`` (milliseconds; None: the default) goes to create_journal_engine.

    An existing journal is checked before anything is written (``health``
    decides how thoroughly); if its newest backup is a day old, one is made.
    """
    try:
        exists = places.check_kind(path)
        revision = read_revision(path) if exists else None
        read_only = places.read_only_reason(path) if exists else None
        backup_is_due = (
            revision is not None and read_only is None and backup.backup_due(path, backup_dir)
        )
        if revision is not None:
            _check_health(path, backup_dir, full=backup_is_due)
    except JournalFileError as exc:
        raise _with_backup_offer(exc, backup_dir) from exc
    if read_only is not None:
        return _open_read_only(path, revision, read_only)
    tightened = places.tighten_journal(path, backup_dir, _backup_paths(path, backup_dir))
    backup.remove_leftovers(path, backup_dir)
    if backup_is_due:
        _daily_backup(path, backup_dir)
    if revision == HEAD_REVISION:
        engine = create_journal_engine(path, busy_timeout=busy_timeout)
    else:
        engine = _create_or_upgrade(path, backup_dir, revision, busy_timeout)
    record = backup.clean_close_record(path, backup_dir)
    event.listen(engine, "engine_disposed", lambda _: health.record_clean_close(path, record))
    return OpenedJournal(engine, tightened=tuple(tightened))


def _backup_paths(path: Path, backup_dir: Path) -> list[Path]:
    return [info.path for info in backup.list_backups(path, backup_dir)]


def _open_read_only(
    path: Path, revision: str | None, read_only: ReadOnlyJournalError
) -> OpenedJournal:
    """A journal that can be read but not changed: no backup, no record, no upgrade."""
    if revision is None:
        raise ReadOnlyJournalError(path, f"{path} is empty, and {read_only}")
    if revision != HEAD_REVISION:
        raise ReadOnlyJournalError(
            path,
            f"{path} must be upgraded by this version of WatchJournal before it can be read,"
            f" but {read_only}; copy it to a writable folder",
        )
    engine = create_journal_engine(path, read_only=str(read_only))
    return OpenedJournal(engine, read_only=str(read_only))


def _daily_backup(path: Path, backup_dir: Path) -> None:
    """Back up a checked journal; failing to do so must not keep the user out of it."""
    try:
        backup.make_backup(path, backup_dir)
    except (JournalFileError, sqlite3.Error) as exc:
        logging.getLogger(__name__).warning("automatic backup of %s failed: %s", path, exc)


def _check_health(path: Path, backup_dir: Path, *, full: bool) -> None:
    health.check_header(path)
    if full or health.needs_full_check(path, backup.clean_close_record(path, backup_dir)):
        health.verify(path)


def _with_backup_offer(exc: JournalFileError, backup_dir: Path) -> JournalFileError:
    """The same error, its message ending with how to go back to the latest good backup."""
    # Only proven damage is worth going back to a backup for: a foreign file
    # is probably the wrong --db, a newer one needs a newer WatchJournal.
    if not isinstance(exc, DamagedJournalError):
        return exc
    good = backup.latest_good_backup(exc.path, backup_dir)
    if good is None:
        return exc
    command = f"watchjournal --db {shlex.quote(str(exc.path))} restore {shlex.quote(str(good))}"
    message = f"{exc}. The latest good backup is {good}; to go back to it, run: {command}"
    return type(exc)(exc.path, message, backup=good)


def _create_or_upgrade(
    path: Path, backup_dir: Path, revision: str | None, busy_timeout: int | None
) -> Engine:
    # Lazy: Alembic is imported only to create or upgrade a journal (start-up time).
    from watchjournal.storage import migrate

    if revision is not None:
        if not migrate.is_known_revision(revision):
            error = NewerJournalError(
                path,
                f"{path} was written by a newer version of WatchJournal (schema {revision});"
                " update WatchJournal to open it",
            )
            raise error
        backup.make_backup(path, backup_dir, reason=f"before-upgrade-{revision}")
    else:
        try:
            # The folder is ours when we make it; SQLite gives the -wal and -shm
            # files the journal's own mode, so the journal is created private first.
            make_private_folder(path.parent)
            touch_private(path)
        except OSError as exc:
            raise translate_os_error(exc, path, "create a journal at") from exc
    engine = create_journal_engine(path, busy_timeout=busy_timeout)
    try:
        migrate.upgrade_to_head(writer(engine))
    except (DBAPIError, sqlite3.Error) as exc:
        engine.dispose()
        failure = translate(exc, path)
        raise failure or JournalUnavailableError(path, f"cannot write {path}: {exc}") from exc
    return engine
