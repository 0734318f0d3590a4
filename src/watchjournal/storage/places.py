"""What the place a journal lives in allows: what kind of file it is, whether it can be
written, and making the journal's own files and folders private.

- ``check_kind``: a journal is a regular file. A named pipe (FIFO), a device
  or a socket is refused from its ``stat``, before anything opens it (opening
  a FIFO for reading waits for a writer for ever).
- ``read_only_reason``: a journal on a read-only disk, in a read-only folder or
  in a read-only file of the user's own is opened for reading only, and every
  write is refused with one sentence. (Another user's journal is not: its
  owner may be writing it, so it is opened as usual and refused with
  "permission denied".)
- ``tighten_journal``: the journal, its side files, its backups and our own
  folders lose the group's and others' permissions when they have them.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from watchjournal.errors import NotAJournalError, ReadOnlyJournalError
from watchjournal.private_files import tighten
from watchjournal.storage.errors import translate_os_error

READ_ONLY_DISK = "the journal is on a read-only disk: it can be read but not changed"
READ_ONLY_FOLDER = "the journal is in a read-only folder: it can be read but not changed"
READ_ONLY_FILE = "the journal file is read-only: it can be read but not changed"
# SQLite's side files of a journal (WAL mode, and rollback mode for older copies).
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def describe_kind(mode: int) -> str:
    """What a file that is not a regular file is, for messages."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def check_kind(path: Path) -> bool:
    """True if ``path`` is a regular file, False if nothing is there; anything
    else raises NotAJournalError without opening it."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise translate_os_error(exc, path, "read") from exc
    if not stat.S_ISREG(mode):
        raise NotAJournalError(path, f"{path} is {describe_kind(mode)}, not a WatchJournal journal")
    return True


def read_only_reason(path: Path) -> ReadOnlyJournalError | None:
    """Why the user's journal at ``path`` can be read but not changed, or None.

    None also when the journal or its folder belongs to another user: that is
    a permission problem, reported when a write fails.
    """
    folder = path.parent
    if _read_only_file_system(folder):
        return ReadOnlyJournalError(path, READ_ONLY_DISK)
    for target, sentence in ((folder, READ_ONLY_FOLDER), (path, READ_ONLY_FILE)):
        try:
            if os.access(target, os.W_OK) or not target.exists():
                continue
            if not _is_own(target):
                return None
        except OSError:
            return None
        return ReadOnlyJournalError(path, sentence)
    return None


def _is_own(target: Path) -> bool:
    getuid = getattr(os, "getuid", None)  # not on Windows
    return getuid is None or target.stat().st_uid == getuid()


def _read_only_file_system(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # AttributeError: no statvfs on Windows
        return False


def side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in SIDE_SUFFIXES]


def tighten_journal(path: Path, backup_dir: Path, backups: list[Path]) -> list[Path]:
    """Make the journal's files, its backups and our folders private; what was tightened.

    The journal's folder is tightened only when it is our data folder (the one
    holding the backup folder): a ``--db`` journal in the user's home or a
    shared folder keeps its folder as the user set it up.
    """
    state = backup_dir / "state"
    candidates = [path, *side_files(path), backup_dir, state]
    if path.parent == backup_dir.parent:
        candidates.append(path.parent)
    for backup in backups:
        candidates += [backup, *side_files(backup)]
    with contextlib.suppress(OSError):  # no state folder yet
        candidates += [Path(entry.path) for entry in os.scandir(state) if entry.is_file()]
    return [candidate for candidate in candidates if tighten(candidate)]
