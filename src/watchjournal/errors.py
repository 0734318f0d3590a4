"""Every error a user can understand and act on, named by what they can do about it.

Anything that derives from ``JournalError`` carries a message fit to show as
it is (the CLI prints it with exit status 1, the GUI shows it in its one error
display); when one is raised nothing was changed. Everything else that escapes
is a bug: the CLI and the GUI log it with its traceback and say where the log is.

Database exceptions never travel further than the journal service's read and
write helpers (``storage.translate`` turns them into the classes below), so
front ends never see SQLAlchemy or ``sqlite3``.

- What was asked cannot be done: ``ValidationError``, ``NotFoundError``,
  ``AmbiguousFilmError``, ``DuplicateFilmError``.
- The journal file cannot be used right now (``JournalFileError`` and below):
  ``JournalBusyError`` (another program is writing: wait or try again; its
  ``ImportRunningError`` says the writer is an import, which writers wait for),
  ``DiskFullError`` (free some space), ``ReadOnlyJournalError`` (the file or
  its folder is read-only), ``JournalPermissionError`` (fix the permissions),
  ``JournalIOError`` (the disk failed to read or write), ``DamagedJournalError``
  (an integrity check proved it: restore a backup), ``NotAJournalError``
  (another kind of file), ``NewerJournalError`` (update WatchJournal).

``translate_os_error`` turns a failed file write (``OSError``) into the same
classes, for every module that writes files.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from watchjournal.journal.types import FilmRecord


class JournalError(Exception):
    """Base class: a problem the user can understand; nothing was changed."""


class ValidationError(JournalError):
    """Input that the journal cannot accept (a rating of 11, an empty title...)."""


class NotFoundError(JournalError):
    """No film (or review, viewing) matches what was asked for."""


class AmbiguousFilmError(JournalError):
    """A film reference matches more than one film."""

    def __init__(self, reference: str, candidates: Sequence[FilmRecord]) -> None:
        self.candidates = list(candidates)
        listing = "\n".join(f"  {film.long_label}  [id {film.id}]" for film in self.candidates)
        super().__init__(
            f'"{reference}" matches {len(self.candidates)} films; say which one by'
            f' "Title (Year)" or by id:\n{listing}'
        )


class DuplicateFilmError(JournalError):
    """Adding a film that looks like one already in the journal."""

    def __init__(self, existing: Sequence[FilmRecord]) -> None:
        self.existing = list(existing)
        first = self.existing[0]
        super().__init__(
            f"{first.label} is already in your journal (id {first.id});"
            " add it anyway to keep another film with the same title"
        )


class JournalFileError(JournalError):
    """The journal file cannot be used; the message says why, in plain words."""

    def __init__(self, path: Path, message: str, *, backup: Path | None = None) -> None:
        super().__init__(message)
        self.path = path
        # The newest backup of this journal that passed an integrity check, if any
        # (offered only with DamagedJournalError).
        self.backup = backup


class JournalBusyError(JournalFileError):
    """Another program holds the journal's write lock: wait and try again."""


class ImportRunningError(JournalBusyError):
    """The journal is busy because an import is running: wait for it to finish."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            "the journal is busy: an import is running; wait for it to finish and try again;"
            " nothing was changed",
        )


class DiskFullError(JournalFileError):
    """There is no room left on the disk for the change: free some space."""


class ReadOnlyJournalError(JournalFileError):
    """The journal (or its folder) cannot be written: it is read-only."""


class JournalPermissionError(JournalFileError):
    """The user may not read or write the journal file or its folder."""


class JournalIOError(JournalFileError):
    """The disk failed to read or write the journal (an I/O error)."""


class JournalUnavailableError(JournalFileError):
    """The journal cannot be opened or created for another plain reason."""


class NotAJournalError(JournalFileError):
    """The file exists but is not a WatchJournal journal."""


class DamagedJournalError(JournalFileError):
    """An integrity check proved the journal's contents damaged: restore a backup."""


class NewerJournalError(JournalFileError):
    """The journal was written by a newer WatchJournal than this one."""


_BY_ERRNO: dict[int, tuple[type[JournalFileError], str]] = {
    errno.ENOSPC: (DiskFullError, "the disk is full; free some space and try again"),
    errno.EDQUOT: (DiskFullError, "your disk quota is used up; free some space and try again"),
    errno.EROFS: (ReadOnlyJournalError, "the disk or folder is read-only"),
    errno.EACCES: (JournalPermissionError, "permission denied; check the file's permissions"),
    errno.EPERM: (JournalPermissionError, "permission denied; check the file's permissions"),
    errno.EIO: (JournalIOError, "the disk failed to read or write (an I/O error)"),
}
# Windows refuses to replace or delete a file another program has open.
_WINDOWS_SHARING_VIOLATION = 32


def translate_os_error(exc: OSError, path: Path, action: str) -> JournalFileError:
    """The user-facing error for a failed file operation: ``cannot {action} {path}: why``.

    For Python's own file writes (backups, exports, settings): a full disk, a
    read-only disk, permission denied and I/O errors get their own class.
    """
    kind: type[JournalFileError]
    if getattr(exc, "winerror", None) == _WINDOWS_SHARING_VIOLATION:
        kind, reason = JournalBusyError, "another program has it open; close it and try again"
    elif exc.errno in _BY_ERRNO:
        kind, reason = _BY_ERRNO[exc.errno]
    else:
        kind, reason = JournalUnavailableError, exc.strerror or str(exc)
    if kind is JournalIOError and disk_is_full(path):
        kind, reason = _BY_ERRNO[errno.ENOSPC]
    return kind(path, f"cannot {action} {path}: {reason}")


def disk_is_full(path: Path) -> bool:
    """Whether the disk holding ``path`` has (almost) no room left."""
    try:
        stats = os.statvfs(path.parent)
    except (OSError, AttributeError):  # AttributeError: no statvfs on Windows
        return False
    return stats.f_bavail * stats.f_frsize < 64 * 1024


__all__ = [
    "AmbiguousFilmError",
    "DamagedJournalError",
    "DiskFullError",
    "DuplicateFilmError",
    "ImportRunningError",
    "JournalBusyError",
    "JournalError",
    "JournalFileError",
    "JournalIOError",
    "JournalPermissionError",
    "JournalUnavailableError",
    "NewerJournalError",
    "NotAJournalError",
    "NotFoundError",
    "ReadOnlyJournalError",
    "ValidationError",
    "disk_is_full",
    "translate_os_error",
]
