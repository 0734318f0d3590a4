"""Errors about the journal file that a user can understand and act on."""

from __future__ import annotations

from pathlib import Path


class JournalFileError(Exception):
    """The journal file cannot be used; the message says why, in plain words."""

    def __init__(self, path: Path, message: str, *, backup: Path | None = None) -> None:
        super().__init__(message)
        self.path = path
        # The newest backup of this journal that passed an integrity check, if any.
        self.backup = backup


class NotAJournalError(JournalFileError):
    """The file exists but is not a WatchJournal journal."""


class DamagedJournalError(NotAJournalError):
    """The file is a journal (or was one) but its contents are damaged."""


class NewerJournalError(JournalFileError):
    """The journal was written by a newer WatchJournal than this one."""


class JournalUnavailableError(JournalFileError):
    """The journal cannot be opened or written (permissions, disk, locks)."""


_SQLITE_PROBLEMS = (
    ("database is locked", "the journal is busy: another WatchJournal is writing to it; try again"),
    ("readonly database", "the journal is read-only; nothing was changed"),
    ("disk is full", "the disk is full; nothing was changed"),
    ("disk i/o error", "the journal could not be written (disk error); nothing was changed"),
    ("unable to open database", "the journal file cannot be opened"),
    ("malformed", "the journal file is damaged"),
    ("not a database", "the journal file is damaged or not a journal"),
)


def describe_database_error(exc: BaseException) -> str | None:
    """A plain message for SQLite failures a user can act on, or None for bugs."""
    text = str(getattr(exc, "orig", exc)).lower()
    for needle, message in _SQLITE_PROBLEMS:
        if needle in text:
            return message
    return None
