"""Several machines writing one journal: one writer at a time, and who changed it last.

Every write transaction (``ServiceBase._writing``) first takes the journal's
write lock and, as its last statement, raises the one-row change counter
(``models.JournalChanges``, migration 0007).

The write lock makes a journal on a server behave like a journal file, whose
writers SQLite already queues (``BEGIN IMMEDIATE``): a PostgreSQL advisory lock
held until the transaction ends, so two machines reordering the watchlist, or
a save meeting an import, run one after the other on what the other wrote,
instead of interleaving their reads and writes.

An import also holds a second advisory lock (``IMPORT_LOCK_KEY``): a writer
that finds the write lock taken learns from it that an import is running, and
waits for the import saying so (the CLI) or says the journal is busy with an
import (the GUI, which tries again), as writers of a journal file do.

The counter lets a window see, with one cheap read, that another machine (or
another program on this one) changed the journal since it last looked
(``ChangeWatch``): its own writes are told apart because each one sees the
counter one above what this service knew.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select, text, update
from sqlalchemy.orm import Session

from watchjournal.storage import models

# pg_advisory_xact_lock key of a journal's writers (the schema lock is another key).
WRITE_LOCK_KEY = 0x57A7_C411


# Held by an import for its whole write transaction (a server's import marker, as
# storage.import_marker is a journal file's): a writer that finds the write lock
# taken asks whether an import holds it, and waits for it saying so.
IMPORT_LOCK_KEY = 0x57A7_C412


def _on_server(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def take_write_lock(session: Session) -> None:
    """Wait until no other machine is writing the journal (a server only: SQLite's
    ``BEGIN IMMEDIATE`` already did the same for a journal file)."""
    if _on_server(session):
        session.execute(select(func.pg_advisory_xact_lock(WRITE_LOCK_KEY)))


def try_write_lock(session: Session) -> bool:
    """Take the write lock if no one holds it (True; a journal file: always)."""
    if not _on_server(session):
        return True
    return bool(session.scalar(select(func.pg_try_advisory_xact_lock(WRITE_LOCK_KEY))))


def take_import_lock(session: Session) -> None:
    """Mark the caller's transaction as an import's, until it ends (a server only)."""
    if _on_server(session):
        session.execute(select(func.pg_advisory_xact_lock(IMPORT_LOCK_KEY)))


def import_running(session: Session) -> bool:
    """Whether another session of this journal's database is importing (a server only)."""
    if not _on_server(session):
        return False
    # A bigint advisory key is shown as classid (high 32 bits), objid (low), objsubid 1.
    held = session.scalar(
        text(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            " AND classid = :high AND objid = :low AND objsubid = 1 AND granted"
            " AND pid <> pg_backend_pid())"
        ),
        {"high": IMPORT_LOCK_KEY >> 32, "low": IMPORT_LOCK_KEY & 0xFFFF_FFFF},
    )
    return bool(held)


def bump(session: Session) -> int | None:
    """Raise the change counter in the caller's write transaction; its new value
    (None for a journal whose schema has no counter yet, during an upgrade)."""
    table = models.JournalChanges
    statement = (update(table).where(table.id == 1).values(counter=table.counter + 1)).returning(
        table.counter
    )
    value = session.execute(statement).scalar_one_or_none()
    return None if value is None else int(value)


def read_counter(connection: Connection) -> int:
    table = models.JournalChanges
    return int(connection.scalar(select(table.counter).where(table.id == 1)) or 0)


class ChangeWatch:
    """What one service knows of the counter: its own writes, and the last look."""

    def __init__(self) -> None:
        self.known: int | None = None
        self.missed = False  # another writer came between two of ours

    def own_write(self, counter: int | None) -> None:
        if counter is None:
            return
        if self.known is not None and counter != self.known + 1:
            self.missed = True
        self.known = counter

    def looked(self, counter: int) -> bool:
        """Whether ``counter``, read now, shows changes made elsewhere since the last look."""
        changed = self.missed or (self.known is not None and counter != self.known)
        self.known, self.missed = counter, False
        return changed
