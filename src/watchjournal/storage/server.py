"""Opening a journal on a PostgreSQL server: validate it, then create, upgrade or refuse it.

The counterpart of ``storage.journal_file`` for a URL (``storage.server_url``).
There is no file to lock, check or copy: the server keeps its own data safe and
serialises writers. What stays the same: nothing is written to a database until
it is known to be empty or a WatchJournal journal of this version or an older
one; a journal of a newer schema is refused untouched, and creating or
upgrading runs in one transaction (PostgreSQL's DDL is transactional), under an
advisory lock so two machines opening a new journal at once do not both create it.

The driver is psycopg 3, an optional extra (``pip install watchjournal[postgres]``):
without it, opening a server journal says so instead of failing with an import error.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, inspect, select, text
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.pool import ConnectionPoolEntry

from watchjournal.errors import (
    JournalFileError,
    JournalUnavailableError,
    NewerJournalError,
    NotAJournalError,
)
from watchjournal.storage.server_errors import translate_server_error
from watchjournal.storage.server_url import display_name, server_url

# Seconds to wait for the server to answer a connection; a laptop off the network
# should hear "unreachable" soon, not after the operating system gives up.
CONNECT_TIMEOUT_S = 10
# pg_advisory_xact_lock key held while a journal's schema is created or upgraded.
SCHEMA_LOCK_KEY = 0x57A7_C410
DRIVER_MISSING = (
    "opening a journal on PostgreSQL needs the psycopg driver: pip install 'watchjournal[postgres]'"
)


class ServerJournal:
    """An open journal on a server: its engine and how it is named to the user."""

    def __init__(self, engine: Engine, name: str) -> None:
        self.engine = engine
        self.name = name


def create_server_engine(url_text: str) -> Engine:
    """An engine for the server journal ``url_text`` (nothing is connected yet).

    A pooled connection idle for IDLE_PING_S or more is pinged before it is used
    again, and replaced if the server dropped it (a restart, a laptop waking up),
    instead of failing the next operation with it (``_ping_when_idle``).
    """
    url = server_url(url_text)
    if importlib.util.find_spec("psycopg") is None:
        raise JournalUnavailableError(_label_path(url_text), DRIVER_MISSING)
    connect_args: dict[str, Any] = {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": "WatchJournal",
    }
    engine = create_engine(url, pool_size=2, max_overflow=4, connect_args=connect_args)
    _ping_when_idle(engine)
    return engine


# A pooled connection returned this many seconds ago or more is pinged before use.
IDLE_PING_S = 1.0


def _ping_when_idle(engine: Engine) -> None:
    """Ping a pooled connection before it is used again only if it has been idle.

    SQLAlchemy's ``pool_pre_ping`` pings at every checkout: one more round trip
    for every search as the user types (0.5 to 1.5 ms on loopback). A connection
    back in the pool for less than IDLE_PING_S was working a moment ago. If the
    server went away within that moment, the next operation fails as any
    operation on a dropped connection does ("the journal server is
    unreachable"), and every pooled connection is replaced before the next one.
    """
    dialect = engine.dialect  # not the engine: its pool keeps these functions

    @event.listens_for(engine, "connect")
    def connected(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info[_RETURNED] = time.monotonic()  # just made: no ping

    @event.listens_for(engine, "checkin")
    def returned(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info[_RETURNED] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def taken(dbapi_connection: Any, record: ConnectionPoolEntry, proxy: Any) -> None:
        returned_at = record.info.get(_RETURNED)
        if returned_at is not None and time.monotonic() - returned_at < IDLE_PING_S:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as exc:
            if dialect.is_disconnect(exc, dbapi_connection, None):
                raise DisconnectionError() from exc  # the pool connects afresh
            raise


_RETURNED = "watchjournal_returned_at"


def _label_path(url_text: str) -> Path:
    """The name the error classes carry as their ``path``: the URL without password."""
    return Path(display_name(server_url(url_text)))


def open_server_journal(url_text: str, head: str) -> ServerJournal:
    """Validate, create or upgrade the journal at ``url_text``; ``head`` is the app's schema.

    Raises NotAJournalError for a database holding other tables, NewerJournalError
    for a journal of a newer app (left untouched), JournalUnavailableError when the
    server cannot be reached, JournalPermissionError when it refuses the password.
    """
    engine = create_server_engine(url_text)
    name = display_name(engine.url)
    try:
        with engine.connect() as connection:
            revision = read_server_revision(connection, name)
        if revision != head:
            _create_or_upgrade(engine, name, head)
    except DBAPIError as exc:
        engine.dispose()
        raise translate_server_error(exc, name) or JournalUnavailableError(
            _label_path(url_text), f"cannot open the journal {name}: {exc}"
        ) from exc
    except JournalFileError:
        engine.dispose()
        raise
    return ServerJournal(engine, name)


def read_server_revision(connection: Connection, name: str) -> str | None:
    """The schema revision of the journal, None when the database has no tables yet."""
    tables = set(inspect(connection).get_table_names())
    if not tables:
        return None
    if "alembic_version" not in tables or "films" not in tables:
        raise NotAJournalError(
            Path(name), f"{name} is a PostgreSQL database but not a WatchJournal journal"
        )
    revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
    if revision is None:
        raise NotAJournalError(
            Path(name), f"{name} is a WatchJournal journal with no schema version"
        )
    return str(revision)


def _create_or_upgrade(engine: Engine, name: str, head: str) -> None:
    # Lazy: Alembic is imported only to create or upgrade a journal (start-up time).
    from watchjournal.storage import migrate

    with engine.begin() as connection:
        # Another machine may be creating or upgrading this journal right now:
        # wait for it, then look again (it may have finished the job).
        connection.execute(select(func.pg_advisory_xact_lock(SCHEMA_LOCK_KEY)))
        revision = read_server_revision(connection, name)
        if revision == head:
            return
        if revision is not None and not migrate.is_known_revision(revision):
            raise NewerJournalError(
                Path(name),
                f"{name} was written by a newer version of WatchJournal (schema {revision});"
                " update WatchJournal to open it",
            )
        migrate.upgrade_connection(connection)
