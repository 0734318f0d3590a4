"""Making sure no other program has a journal open before it is replaced.

Restoring a backup must never destroy another program's data: a ``-wal`` file
may hold changes another process has committed but not yet checkpointed, so
it is only removed once no process can have the journal open.

Two ways to prove that, each holding a lock that keeps everyone else out
until the replacement is done (so the proof cannot go stale):

- ``exclusive_connection``: a healthy journal is opened through SQLite with
  ``locking_mode=EXCLUSIVE`` and an exclusive transaction; SQLite grants it
  only when no other connection (in this process or another) has the file
  open, and keeps the lock until the connection is closed.
- ``exclusive_file_lock``: for a damaged journal, which SQLite may not open
  (and would change, replaying its ``-wal``), the same lock bytes SQLite uses
  are locked directly (POSIX ``fcntl`` locks), on the file and on its
  ``-shm``: every SQLite connection holds a shared lock there while open.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from watchjournal.errors import JournalBusyError
from watchjournal.storage.errors import translate, translate_os_error

try:
    import fcntl
except ImportError:  # Windows: a file another program has open cannot be replaced anyway
    fcntl = None  # type: ignore[assignment]

# How long to wait for the other program to let go: a write takes milliseconds,
# an open window holds the journal until it is closed, so do not wait long.
EXCLUSIVE_WAIT_S = 2.0

# SQLite's lock bytes (os_unix.c): PENDING, RESERVED and the SHARED range of the
# database file, and the lock bytes of the -shm file (writer, checkpointer,
# recovery, five readers and the "DMS" byte every open connection reads-locks).
_DB_LOCKS = (0x40000000, 2 + 510)
_SHM_LOCKS = (120, 9)


def busy(path: Path) -> JournalBusyError:
    return JournalBusyError(
        path,
        f"{path} is open in another program or WatchJournal window; close it and try again;"
        " nothing was changed",
    )


@contextmanager
def exclusive_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that is the only one with ``path`` open, until it is closed.

    Raises JournalBusyError when another connection has the journal open.
    """
    connection = sqlite3.connect(path, timeout=EXCLUSIVE_WAIT_S, isolation_level=None)
    try:
        try:
            connection.execute("PRAGMA locking_mode = EXCLUSIVE")
            # Takes the exclusive lock; in EXCLUSIVE locking mode it is kept after COMMIT.
            connection.execute("BEGIN EXCLUSIVE")
            connection.execute("COMMIT")
        except sqlite3.Error as exc:
            error = translate(exc, path)
            if error is None or isinstance(error, JournalBusyError):
                raise busy(path) from exc
            raise error from exc
        yield connection
    finally:
        connection.close()


@contextmanager
def exclusive_file_lock(path: Path) -> Iterator[None]:
    """Hold SQLite's lock bytes of ``path`` (and its ``-shm``) so that nothing can open it.

    Raises JournalBusyError if another process holds any of them. Must not be
    used while this process has ``path`` open through SQLite (closing the lock's
    file descriptor would drop those connections' POSIX locks too).
    """
    if fcntl is None or not path.exists():
        yield
        return
    with ExitStack() as stack:
        for file, (start, length) in (
            (path, _DB_LOCKS),
            (path.with_name(path.name + "-shm"), _SHM_LOCKS),
        ):
            try:
                descriptor = os.open(file, os.O_RDWR)
            except FileNotFoundError:
                continue  # no -shm: no connection has it open in WAL mode
            except OSError as exc:
                raise translate_os_error(exc, file, "lock") from exc
            stack.callback(os.close, descriptor)
            try:
                fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB, length, start)
            except OSError as exc:
                raise busy(path) from exc
        yield
