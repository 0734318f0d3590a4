"""Temporary files of backups, restores and state records: made so that the leftovers
of a killed process are recognised, and removed by the next open or backup.

A copy is written to ``.{name}.{pid}.tmp`` beside its destination (private,
see ``watchjournal.private_files``) and renamed into place when complete.
While it is written the temp file is held with an exclusive ``flock``, a lock
that dies with its process: a temp file whose lock can be taken belongs to
nobody, whatever its pid says (pids are reused). ``flock`` locks are separate
from the ``fcntl`` locks SQLite takes on the same file. On Windows, where an
open file cannot be removed, removing it is the test.

Only names this module makes are ever removed (the pid, ``.tmp`` and SQLite's
``-journal``/``-wal``/``-shm`` of them), and only those whose target name the
caller recognises as its own.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from watchjournal.private_files import create_private_file

try:
    import fcntl
except ImportError:  # Windows: an open file cannot be removed, which is the lock
    fcntl = None  # type: ignore[assignment]

_TEMP_NAME = re.compile(r"\.(?P<target>.+)\.(?P<pid>\d+)\.tmp(?P<side>-journal|-wal|-shm)?")
_SIDES = ("-journal", "-wal", "-shm")
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def temp_name(destination: Path) -> Path:
    """Where a copy meant for ``destination`` is written by this process."""
    return destination.with_name(f".{destination.name}.{os.getpid()}.tmp")


@contextmanager
def private_temp(destination: Path) -> Iterator[Path]:
    """A new private temp file beside ``destination``, locked as this process's own
    until the block ends; removed (with SQLite's side files) if the block raises.

    The block renames it into place. Abandoned temp files meant for the same
    name are removed first. Raises OSError (FileExistsError if a live process
    of the same pid writes that very file).
    """
    remove_abandoned(destination.parent, lambda target: target == destination.name)
    temp = temp_name(destination)
    descriptor = create_private_file(temp)
    try:
        try:
            if fcntl is not None:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            yield temp
        finally:
            os.close(descriptor)
    except BaseException:
        discard(temp)
        raise


def discard(temp: Path) -> None:
    """Remove a temp file and its SQLite side files; a folder that cannot be
    written may not even hold one."""
    for path in (temp, *(temp.with_name(temp.name + side) for side in _SIDES)):
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def remove_abandoned(folder: Path, is_ours: Callable[[str], bool]) -> list[Path]:
    """Remove the temp files in ``folder`` that no live process owns, for targets
    ``is_ours`` recognises; the paths removed (side files included)."""
    try:
        names = {entry.name for entry in os.scandir(folder)}
    except OSError:
        return []
    removed: list[Path] = []
    for name in sorted(names):
        match = _TEMP_NAME.fullmatch(name)
        if match is None or not is_ours(match["target"]):
            continue
        path = folder / name
        if match["side"] is None:
            if _remove_if_abandoned(path):
                removed.append(path)
        elif name[: match.start("side")] not in names:
            # A live writer creates its temp file before SQLite makes side files,
            # and SQLite removes them before the temp file is renamed: alone, they are stale.
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    for path in list(removed):
        for side in _SIDES:
            with contextlib.suppress(OSError):
                path.with_name(path.name + side).unlink()
                removed.append(path.with_name(path.name + side))
    return removed


def _remove_if_abandoned(path: Path) -> bool:
    """Remove the temp file ``path`` if no live process holds it (regular files only)."""
    if fcntl is None:
        # Windows: removing it fails while a process has it open.
        with contextlib.suppress(OSError):
            path.unlink()
            return True
        return False
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError:
        return False  # gone meanwhile, a link, or not ours to open
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return False
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # its writer is alive
        # Removed while locked, so no writer can have taken it over in between.
        with contextlib.suppress(OSError):
            path.unlink()
            return True
        return False
    finally:
        os.close(descriptor)
