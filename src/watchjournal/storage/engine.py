"""Creating SQLAlchemy engines for a journal file with the right per-connection pragmas.

Every connection gets foreign keys on, WAL, a busy timeout and ``synchronous=FULL``
so that a committed review survives the process being killed. Transactions are
begun explicitly: reads with ``BEGIN``, writes with ``BEGIN IMMEDIATE`` so two
writers queue on the busy timeout instead of failing with "database is locked"
when a read lock cannot be upgraded.

A journal in a place that cannot be written (see ``storage.places``) gets a
read-only engine: its connections are opened ``mode=ro`` (and ``immutable``
while no ``-wal`` file exists, since SQLite could not create the ``-shm`` it
needs otherwise), they keep the journal mode they find, and every write
transaction is refused with ReadOnlyJournalError before it begins.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from watchjournal.errors import ReadOnlyJournalError
from watchjournal.storage.timeouts import BUSY_TIMEOUT_MS as BUSY_TIMEOUT_MS
from watchjournal.storage.timeouts import BUSY_TIMEOUT_VARIABLE as BUSY_TIMEOUT_VARIABLE
from watchjournal.storage.timeouts import busy_timeout_ms

WRITE_OPTION = "watchjournal_write"


def _pragmas(busy_timeout_ms: int) -> Callable[[sqlite3.Connection, Any], None]:
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        _on_connect(dbapi_connection, busy_timeout_ms)

    return on_connect


def _on_connect(dbapi_connection: sqlite3.Connection, busy_timeout_ms: int) -> None:
    # Autocommit at the driver level: we issue BEGIN ourselves (see _on_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def _read_only_pragmas(busy_timeout_ms: int) -> Callable[[sqlite3.Connection, Any], None]:
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")

    return on_connect


def _read_only_connector(path: Path, busy_timeout_ms: int) -> Callable[[], sqlite3.Connection]:
    def connect() -> sqlite3.Connection:
        # Nothing can be writing a journal in a read-only place unless a -wal file
        # shows a connection was open before it became so: then share its -shm.
        wal = path.with_name(path.name + "-wal")
        mode = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
        return sqlite3.connect(
            f"{path.as_uri()}?{mode}",
            uri=True,
            check_same_thread=False,
            timeout=busy_timeout_ms / 1000,
        )

    return connect


def _refusing_writes(path: Path, sentence: str) -> Callable[[Any], None]:
    def on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(WRITE_OPTION):
            raise ReadOnlyJournalError(path, sentence)
        connection.exec_driver_sql("BEGIN")

    return on_begin


def _on_begin(connection: Any) -> None:
    if connection.get_execution_options().get(WRITE_OPTION):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def create_journal_engine(
    path: Path, *, busy_timeout: int | None = None, read_only: str | None = None
) -> Engine:
    """An engine for the SQLite file at ``path`` (which must already be validated).

    ``busy_timeout_ms`` is how long a statement waits for another program's
    lock before failing with "database is locked" (JournalBusyError): the CLI
    waits long, the GUI waits briefly and retries so it can say it is waiting.
    None means ``busy_timeout_ms()`` (10 s unless WATCHJOURNAL_BUSY_TIMEOUT_MS says).

    ``read_only``: the journal cannot be written where it is; every write
    raises ReadOnlyJournalError with this sentence (see the module docstring).
    """
    timeout_ms = busy_timeout_ms() if busy_timeout is None else busy_timeout
    options: dict[str, Any] = {}
    if read_only is not None:
        options["creator"] = _read_only_connector(path, timeout_ms)
    engine = create_engine(
        f"sqlite:///{path}",
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=4,
        connect_args={"check_same_thread": False, "timeout": timeout_ms / 1000},
        **options,
    )
    if read_only is None:
        event.listen(engine, "connect", _pragmas(timeout_ms))
        event.listen(engine, "begin", _on_begin)
    else:
        event.listen(engine, "connect", _read_only_pragmas(timeout_ms))
        event.listen(engine, "begin", _refusing_writes(path, read_only))
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, but whose transactions take the write lock up front."""
    return engine.execution_options(**{WRITE_OPTION: True})
