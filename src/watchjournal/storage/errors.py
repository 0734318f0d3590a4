"""Turning SQLite and file-system failures into the user-facing errors of ``watchjournal.errors``.

SQLite reports what went wrong as a result code (``sqlite_errorcode`` on the
``sqlite3`` exception, Python 3.11+); its primary code (the low byte) says
what a user can do: wait (busy, locked), free space (full), fix permissions
(read-only, cannot open) or restore a backup (corrupt, not a database). The
last two are only *suspicions* here: "damaged" is said once an integrity check
has proved it (see ``storage.health``), never from an error code alone.

Python's own file writes (backups, exports, settings) fail with an ``OSError``
whose ``errno`` says the same things; ``translate_os_error`` (from
``watchjournal.errors``, so that modules outside storage can use it) maps those.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from watchjournal.errors import (
    DiskFullError,
    JournalBusyError,
    JournalFileError,
    JournalIOError,
    JournalPermissionError,
    JournalUnavailableError,
    ReadOnlyJournalError,
    disk_is_full,
    translate_os_error,
)

NOTHING_CHANGED = "nothing was changed"
BUSY_MESSAGE = (
    "the journal is busy: another program (or another WatchJournal window) is using it;"
    " wait a moment and try again"
)
FULL_MESSAGE = "the disk is full; free some space and try again"
READ_ONLY_MESSAGE = "the journal is read-only (the file, its folder or its disk cannot be written)"
PERMISSION_MESSAGE = "you do not have permission to read or write the journal or its folder"
IO_MESSAGE = "the disk failed to read or write the journal (an I/O error); check the disk"

_BY_CODE: dict[int, tuple[type[JournalFileError], str]] = {
    sqlite3.SQLITE_BUSY: (JournalBusyError, BUSY_MESSAGE),
    sqlite3.SQLITE_LOCKED: (JournalBusyError, BUSY_MESSAGE),
    sqlite3.SQLITE_FULL: (DiskFullError, FULL_MESSAGE),
    sqlite3.SQLITE_READONLY: (ReadOnlyJournalError, READ_ONLY_MESSAGE),
    sqlite3.SQLITE_PERM: (JournalPermissionError, PERMISSION_MESSAGE),
    sqlite3.SQLITE_AUTH: (JournalPermissionError, PERMISSION_MESSAGE),
    sqlite3.SQLITE_CANTOPEN: (
        JournalUnavailableError,
        "the journal file cannot be opened (check that its folder exists and is yours)",
    ),
    sqlite3.SQLITE_IOERR: (JournalIOError, IO_MESSAGE),
}

# Codes that point at the file's contents: only an integrity check can tell.
SUSPECT_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})


def sqlite_error_of(exc: BaseException) -> sqlite3.Error | None:
    """The ``sqlite3`` exception behind ``exc`` (SQLAlchemy wraps it as ``.orig``)."""
    inner = getattr(exc, "orig", exc)
    return inner if isinstance(inner, sqlite3.Error) else None


def primary_code(exc: BaseException) -> int | None:
    inner = sqlite_error_of(exc)
    code = getattr(inner, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def translate(exc: BaseException, path: Path) -> JournalFileError | None:
    """The user-facing error for an SQLite failure, or None when it is a bug or a suspicion.

    Suspected damage (``SUSPECT_CODES``) returns None too: the caller checks
    the file and raises DamagedJournalError only if the check proves it.
    """
    code = primary_code(exc)
    if code is None or code not in _BY_CODE:
        return None
    kind, message = _BY_CODE[code]
    # Disk I/O errors also come from a full disk on some file systems.
    if code == sqlite3.SQLITE_IOERR and disk_is_full(path):
        kind, message = _BY_CODE[sqlite3.SQLITE_FULL]
    # "Cannot open" is what SQLite says when it cannot create the -wal/-shm files
    # next to the journal: say why when the file system can tell.
    if code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY):
        kind, message = _why_not_writable(path) or (kind, message)
    return kind(path, f"{message}; {NOTHING_CHANGED}")


def _why_not_writable(path: Path) -> tuple[type[JournalFileError], str] | None:
    folder = path.parent
    if not folder.is_dir():
        return None
    if _read_only_file_system(folder):
        return ReadOnlyJournalError, (
            f"the journal is on a read-only disk ({folder}); copy it to a writable folder"
        )
    for target, what in ((path, "the journal file"), (folder, "the journal's folder")):
        if not target.exists() or os.access(target, os.W_OK):
            continue
        if _owned_by_someone_else(target):
            return JournalPermissionError, f"you do not have permission to write {what} {target}"
        return ReadOnlyJournalError, f"{what} {target} is read-only"
    return None


def _owned_by_someone_else(target: Path) -> bool:
    getuid = getattr(os, "getuid", None)  # not on Windows
    return getuid is not None and target.stat().st_uid != getuid()


def _read_only_file_system(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # AttributeError: no statvfs on Windows
        return False


__all__ = ["SUSPECT_CODES", "primary_code", "sqlite_error_of", "translate", "translate_os_error"]
