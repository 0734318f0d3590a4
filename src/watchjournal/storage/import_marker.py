"""The "an import is running" marker: an advisory lock file next to the journal.

An import holds an exclusive ``fcntl.flock`` on ``JOURNAL.import-lock`` for
as long as it holds (or waits for) the journal's write lock. Another writer
that finds the marker held knows the journal is busy because of an import, so
it can wait for the import to end and say so, instead of failing after the
busy timeout. The lock dies with the process that holds it: an import that is
killed never leaves a marker that blocks anyone (the empty file stays, and
means nothing unless it is locked). The file is never removed: removing a
lock file while another process may be opening it would let two holders lock
two different files.

On Windows (no ``flock``) there is no marker: writers wait for the busy
timeout as for any other program.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

SUFFIX = ".import-lock"


def marker_path(journal: Path) -> Path:
    return journal.with_name(journal.name + SUFFIX)


@contextmanager
def holding(journal: Path) -> Iterator[None]:
    """Hold the marker (waiting for another import to finish first)."""
    if fcntl is None:
        yield
        return
    # Private like the journal itself; created once and then left in place.
    try:
        fd = os.open(marker_path(journal), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        # A read-only place (or a folder we may not write): the marker is only
        # advice for other writers, and the import's write lock then refuses with
        # the journal's own clear reason.
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


def _open(journal: Path) -> int | None:
    try:
        return os.open(marker_path(journal), os.O_RDONLY)
    except OSError:  # no marker (never imported, or a read-only folder): no import
        return None


def running(journal: Path) -> bool:
    """Whether an import (in any process) holds the marker right now."""
    if fcntl is None:
        return False
    fd = _open(journal)
    if fd is None:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:  # a file system without flock: cannot tell, so no
        return False
    finally:
        os.close(fd)
    return False


def wait(journal: Path) -> None:
    """Block until no import holds the marker (no deadline: an import ends or dies)."""
    if fcntl is None:
        return
    fd = _open(journal)
    if fd is None:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
    except OSError:
        return
    finally:
        os.close(fd)
