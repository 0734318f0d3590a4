"""Opening a journal file: validate it, then create, upgrade or refuse it.

Nothing is written to a file until it is known to be a WatchJournal journal of
this version or an older one: foreign files, damaged databases and journals
from newer app versions are refused with a plain message and left untouched.
Before an older journal is upgraded a consistent backup copy is made.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from watchjournal.storage.engine import create_journal_engine, writer
from watchjournal.storage.errors import (
    JournalUnavailableError,
    NewerJournalError,
    NotAJournalError,
)

# The newest schema revision; tests check it equals Alembic's head. Knowing it
# here lets an up-to-date journal open without importing Alembic at all.
HEAD_REVISION = "0002"

SQLITE_MAGIC = b"SQLite format 3\x00"
_OTHER_FORMATS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive"),
)

MigrationHook = Callable[[Path, str | None], None]


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

    Raises NotAJournalError for anything that is not a WatchJournal journal.
    The file is opened read-only, so this never changes it.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise JournalUnavailableError(path, f"cannot read {path}: {exc.strerror}") from exc
    if not header:
        return None
    if header != SQLITE_MAGIC:
        kind = describe_foreign_file(header)
        raise NotAJournalError(path, f"{path} is not a WatchJournal journal (it is {kind})")
    return _query_revision(path)


def _query_revision(path: Path) -> str | None:
    uri = f"{path.as_uri()}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise JournalUnavailableError(path, f"cannot open {path}: {exc}") from exc
    try:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if not tables:
            return None
        if "alembic_version" not in tables or "films" not in tables:
            raise NotAJournalError(
                path, f"{path} is an SQLite database but not a WatchJournal journal"
            )
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise NotAJournalError(
            path, f"{path} is damaged or not a WatchJournal journal ({exc})"
        ) from exc
    finally:
        connection.close()
    if row is None:
        raise NotAJournalError(path, f"{path} is a WatchJournal journal with no schema version")
    return str(row[0])


def backup_copy(source: Path, destination: Path) -> Path:
    """Copy a journal consistently with SQLite's online backup API."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(destination)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return destination


def open_journal(path: Path, backup_dir: Path) -> Engine:
    """Validate, create or upgrade the journal at ``path`` and return its engine."""
    if path.is_dir():
        raise NotAJournalError(path, f"{path} is a folder, not a WatchJournal journal")
    revision = read_revision(path) if path.exists() else None
    if revision == HEAD_REVISION:
        return create_journal_engine(path)
    from watchjournal.storage import migrate  # imports Alembic only when needed

    if revision is not None:
        if not migrate.is_known_revision(revision):
            raise NewerJournalError(
                path,
                f"{path} was written by a newer version of WatchJournal (schema {revision});"
                " update WatchJournal to open it",
            )
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_copy(path, backup_dir / f"{path.stem}-before-upgrade-{revision}-{stamp}.sqlite")
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise JournalUnavailableError(
                path, f"cannot create a journal at {path}: {exc.strerror}"
            ) from exc
    engine = create_journal_engine(path)
    try:
        migrate.upgrade_to_head(writer(engine))
    except sqlite3.Error as exc:  # pragma: no cover - reported with the path
        engine.dispose()
        raise JournalUnavailableError(path, f"cannot write {path}: {exc}") from exc
    return engine
