"""Files and folders that only their owner can read: created so, and tightened when looser.

A journal holds years of private writing, so the journal, its ``-wal`` and
``-shm``, its backups, the logs and the state files are created 0600 in 0700
folders, whatever the umask says (``os.open`` with the mode, then ``fchmod``,
because a umask can only take bits away and a strange one may take the
owner's). SQLite creates ``-wal``, ``-shm`` and ``-journal`` files with the
mode of the main file, so creating the main file private first is enough.

Files and folders made by an older WatchJournal (0644 in 0755) are tightened
when found (``tighten``): group and other bits are taken away, the owner's are
kept (a journal the user made read-only stays read-only). Only what belongs to
the user running WatchJournal is touched; on Windows, where modes mean little,
nothing is.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700
_OTHERS = 0o077
_POSIX = os.name == "posix"


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` user-only (0700), and so every missing folder above it:
    a folder WatchJournal makes is its own.

    An existing folder is left as it is (``tighten`` it if it is ours).
    Raises OSError (e.g. a file in the way, a read-only disk).
    """
    missing: list[Path] = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for each in reversed(missing):
        try:
            each.mkdir(PRIVATE_FOLDER_MODE)
        except FileExistsError:
            if each.is_dir():
                continue  # another process made it meanwhile
            raise
        if _POSIX:
            each.chmod(PRIVATE_FOLDER_MODE)


def create_private_file(path: Path) -> int:
    """Create the new file ``path`` user-only (0600) and return a read-write descriptor.

    Raises FileExistsError if something is there already (never replaced).
    """
    flags = (
        os.O_RDWR
        | os.O_CREAT
        | os.O_EXCL
        | getattr(os, "O_BINARY", 0)
        | getattr(os, "O_CLOEXEC", 0)
        | getattr(os, "O_NOFOLLOW", 0)
    )
    descriptor = os.open(path, flags, PRIVATE_FILE_MODE)
    if _POSIX:
        try:
            os.fchmod(descriptor, PRIVATE_FILE_MODE)
        except BaseException:
            os.close(descriptor)
            raise
    return descriptor


def touch_private(path: Path) -> bool:
    """Create ``path`` as an empty user-only file unless something is there; True if made."""
    try:
        descriptor = create_private_file(path)
    except FileExistsError:
        return False
    os.close(descriptor)
    return True


def is_loose(path: Path) -> bool:
    """Whether others than the owner may read, write or enter ``path``."""
    try:
        return bool(stat.S_IMODE(path.stat().st_mode) & _OTHERS)
    except OSError:
        return False


def tighten(path: Path) -> bool:
    """Take the group's and others' permissions away from ``path`` if it is the user's own
    regular file or folder; True when its mode was changed.

    Anything else (missing, another user's, a read-only disk, Windows) is left
    alone and gives False: there is nothing the user needs to hear about. So is
    a folder with the sticky bit: a folder shared on purpose, such as /tmp (owned
    by root, so "ours" when the app runs as root), where a journal may have been
    put with ``--db``; closing it would break every other program using it.
    """
    if not _POSIX:
        return False
    try:
        info = path.stat()
    except OSError:
        return False
    mode = stat.S_IMODE(info.st_mode)
    ours = info.st_uid == os.getuid()
    kind_ok = stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)
    shared = stat.S_ISDIR(info.st_mode) and bool(info.st_mode & stat.S_ISVTX)
    if not (ours and kind_ok and mode & _OTHERS) or shared:
        return False
    with contextlib.suppress(OSError):
        path.chmod(mode & ~_OTHERS)
        return True
    return False


__all__ = [
    "PRIVATE_FILE_MODE",
    "PRIVATE_FOLDER_MODE",
    "create_private_file",
    "is_loose",
    "make_private_folder",
    "tighten",
    "touch_private",
]
