"""Turning SQLite failures into the user-facing errors of ``watchjournal.errors``.

SQLite reports what went wrong as a result code (``sqlite_errorcode`` on the
``sqlite3`` exception, Python 3.11+); its primary code (the low byte) says
what a user can do: wait (busy, locked), free space (full), fix permissions
(read-only, cannot open) or restore a backup (corrupt, not a database). The
last two are only *suspicions* here: "damaged" is said once an integrity check
has proved it (see ``storage.health``), never from an error code alone.
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
)

NOTHING_CHANGED = "nothing was changed"

_BY_CODE: dict[int, tuple[type[JournalFileError], str]] = {
    sqlite3.SQLITE_BUSY: (
        JournalBusyError,
        "the journal is busy: another program is writing to it; wait a moment and try again",
    ),
    sqlite3.SQLITE_LOCKED: (
        JournalBusyError,
        "the journal is busy: another program is writing to it; wait a moment and try again",
    ),
    sqlite3.SQLITE_FULL: (DiskFullError, "the disk is full; free some space and try again"),
    sqlite3.SQLITE_READONLY: (
        ReadOnlyJournalError,
        "the journal is read-only (the file or its folder cannot be written)",
    ),
    sqlite3.SQLITE_PERM: (
        JournalPermissionError,
        "you do not have permission to write the journal or its folder",
    ),
    sqlite3.SQLITE_CANTOPEN: (
        JournalUnavailableError,
        "the journal file cannot be opened (check that its folder exists and is yours)",
    ),
    sqlite3.SQLITE_IOERR: (
        JournalIOError,
        "the disk failed to read or write the journal (an I/O error)",
    ),
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
    if code == sqlite3.SQLITE_IOERR and _disk_full(path):
        kind, message = _BY_CODE[sqlite3.SQLITE_FULL]
    return kind(path, f"{message}; {NOTHING_CHANGED}")


def _disk_full(path: Path) -> bool:
    try:
        stats = os.statvfs(path.parent)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < 64 * 1024
