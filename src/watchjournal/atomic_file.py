"""Writing a file all at once: a temp file beside it, fsync, then a rename.

A crash, a kill or a full disk never leaves a half-written file behind: the
target is either the old file or the complete new one. The temp file is
created user-only (``mkstemp``), so secrets are never readable in between.

``replace=False`` puts the new file in place only if nothing is there yet,
checked by the file system in the same step (a hard link of the temp file,
which fails if the name exists), so a file that appears between a check and
the write is never replaced either.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

# Room kept for the temp file's own name: a dot, the cut name, mkstemp's 8
# random characters and ".tmp" must fit the file system's limit (255 bytes on
# most, 143 on eCryptfs) whatever the target's name is written in.
_TEMP_NAME_BYTES = 40


def write_atomically(target: Path, data: bytes, *, replace: bool = True) -> None:
    """Write ``data`` at ``target`` (creating its folder); raises OSError.

    With ``replace=False`` an existing ``target`` raises ``FileExistsError`` and
    is left as it was.
    """
    make_folder(target.parent)
    temp = stage(target, data)
    try:
        place(temp, target, replace=replace)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def make_folder(folder: Path) -> None:
    """Create ``folder`` and its parents; a file in the way is ``NotADirectoryError``.

    (``mkdir`` says ``FileExistsError``, which would read as "the target exists".)
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), exc.filename) from None


def stage(target: Path, data: bytes) -> Path:
    """Write ``data`` to a new user-only temp file beside ``target``, synced; its path.

    The folder must exist. On failure nothing is left behind.
    """
    fd, temp_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{_cut_name(target.name)}.", suffix=".tmp"
    )
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


def place(temp: Path, target: Path, *, replace: bool) -> None:
    """Move a staged temp file to ``target`` in one step (see the module docstring).

    The temp file is gone afterwards unless this raises.
    """
    if replace:
        temp.replace(target)
        return
    try:
        os.link(temp, target)
    except FileExistsError:
        raise
    except OSError as exc:
        # Some file systems (FAT, some network shares) have no hard links: check,
        # then rename, which leaves only a tiny window instead of none.
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target)) from None
        temp.replace(target)
        return
    temp.unlink()


def _cut_name(name: str) -> str:
    """At most ``_TEMP_NAME_BYTES`` of ``name`` in UTF-8, cut between characters."""
    return name.encode("utf-8", "surrogateescape")[:_TEMP_NAME_BYTES].decode("utf-8", "ignore")
