"""Where an export may write: never onto the open journal or its backups, and
never over an existing file unless the user said so.

Paths are compared twice: resolved (``Path.resolve``, so ``..`` and symbolic
links are followed even when the target does not exist yet) and, where both
exist, by device and inode (``os.path.samestat``), so a hard link or a
case-insensitive file system cannot hide the journal under another name.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from watchjournal.errors import ValidationError

# SQLite's side files of a journal, by the suffix SQLite adds to its name.
_SIDE_FILES = (
    ("", "the open journal"),
    ("-wal", "the open journal's write-ahead log"),
    ("-shm", "the open journal's shared-memory file"),
    ("-journal", "the open journal's rollback journal"),
)


class ProtectedTargetError(ValidationError):
    """The export would write onto the journal, its side files or its backups."""


class ExportExistsError(ValidationError):
    """The export would replace files that exist, and replacing was not asked for."""

    def __init__(self, existing: Sequence[Path], folder: Path | None = None) -> None:
        self.existing = list(existing)
        if folder is None:
            message = f"{self.existing[0]} already exists"
        else:
            count = len(self.existing)
            names = ", ".join(path.name for path in self.existing[:3])
            names += ", …" if count > 3 else ""
            files = "one of the files" if count == 1 else f"{count} of the files"
            message = f"{folder} already has {files} this export writes ({names})"
        super().__init__(message)


class JournalFiles(Protocol):
    """Where a journal and its backups are (``JournalService`` has both)."""

    @property
    def path(self) -> Path | None: ...

    @property
    def backup_dir(self) -> Path | None: ...


@dataclass(frozen=True)
class ProtectedFiles:
    """The files of one journal that no export may write onto."""

    journal: Path | None = None
    backup_dir: Path | None = None

    @classmethod
    def of(cls, journal: JournalFiles) -> ProtectedFiles:
        """The protected files of an open journal (a ``JournalService``)."""
        return cls(journal.path, journal.backup_dir)

    def check(self, target: Path) -> None:
        """Raise ``ProtectedTargetError`` if writing ``target`` would touch a protected file."""
        self.guard().check(target)

    def guard(self) -> Guard:
        """A checker for many targets at one moment (paths resolved once)."""
        return Guard(self)


class Guard:
    """``ProtectedFiles`` resolved once, to check every file of one export quickly."""

    def __init__(self, protected: ProtectedFiles) -> None:
        self._backup_dir = protected.backup_dir
        self._backup_folder = protected.backup_dir.resolve() if protected.backup_dir else None
        self._backup_stats: list[os.stat_result] | None = None
        self._side_files: list[tuple[Path, Path, str]] = []
        if protected.journal is not None:
            # SQLite puts the side files beside the path it was given and beside
            # the real file behind a link; both are protected.
            bases = (protected.journal.absolute(), protected.journal.resolve())
            for base in dict.fromkeys(bases):
                for suffix, what in _SIDE_FILES:
                    path = base.with_name(base.name + suffix)
                    self._side_files.append((path, path.resolve(), what))

    def check(self, target: Path) -> None:
        """Raise ``ProtectedTargetError`` if writing ``target`` would touch a protected file."""
        resolved = target.resolve()
        target_stat = _stat(target)
        for path, path_resolved, what in self._side_files:
            if resolved == path_resolved or (
                target_stat is not None and _same_file(target_stat, _stat(path))
            ):
                raise ProtectedTargetError(
                    f"{target} is {what}: an export never writes onto it; choose another name"
                )
        folder = self._backup_folder
        if folder is None:
            return
        if resolved == folder or resolved.is_relative_to(folder):
            raise ProtectedTargetError(
                f"{target} is in the journal's backup folder ({self._backup_dir}):"
                " an export never writes there; choose another place"
            )
        if target_stat is None:
            return
        if self._backup_stats is None:
            self._backup_stats = list(_stats_under(folder))
        if any(os.path.samestat(target_stat, other) for other in self._backup_stats):
            raise ProtectedTargetError(
                f"{target} is the same file as a backup in {self._backup_dir}: an export"
                " never writes onto it; choose another name"
            )


def check_file_target(target: Path, protected: ProtectedFiles | Guard) -> bool:
    """Check ``target`` for a one-file export; True if a file is there (to be replaced).

    Refuses the journal's files, a folder, and anything that is not a regular
    file (a device, a FIFO), whatever the user allowed.
    """
    protected.check(target)
    found = _stat(target)
    if found is None:
        return False
    if stat.S_ISDIR(found.st_mode):
        raise ValidationError(f"{target} is a folder: give the export a file name")
    if not stat.S_ISREG(found.st_mode):
        raise ValidationError(f"{target} is not a regular file: an export never writes onto it")
    return True


def check_folder_target(folder: Path, protected: ProtectedFiles | Guard) -> None:
    """Refuse a folder export whose folder is a file or a protected place."""
    protected.check(folder)
    found = _stat(folder)
    if found is not None and not stat.S_ISDIR(found.st_mode):
        raise ValidationError(
            f"{folder} is a file: a Markdown folder export needs a folder"
            " (or a name ending in .md for one file)"
        )


def name_max(folder: Path) -> int:
    """The longest file name, in bytes, allowed where ``folder`` is (or will be made)."""
    place = folder
    while not place.is_dir() and place != place.parent:
        place = place.parent
    try:
        reported = os.pathconf(place, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):  # no pathconf (Windows), or no answer
        return 255
    return min(reported, 255) if reported > 0 else 255


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except (OSError, ValueError):
        return None


def _same_file(one: os.stat_result | None, other: os.stat_result | None) -> bool:
    return one is not None and other is not None and os.path.samestat(one, other)


def _stats_under(folder: Path) -> Iterator[os.stat_result]:
    """The files in the backup folder and in its ``state`` folder."""
    for place in (folder, folder / "state"):
        try:
            entries = list(os.scandir(place))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_file():  # not entry.stat(): it has no inode on Windows
                    yield Path(entry.path).stat()
            except OSError:
                continue
