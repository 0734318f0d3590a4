"""Several machines writing one journal: one writer at a time, and who changed it last.

Every write transaction (``ServiceBase._writing``) first takes the journal's
write lock and, as its last statement, raises the one-row change counter
(``models.JournalChanges``, migration 0007).

The write lock makes a journal on a server behave like a journal file, whose
writers SQLite already queues (``BEGIN IMMEDIATE``): a PostgreSQL advisory lock
held until the transaction ends, so two machines reordering the watchlist, or
a save meeting an import, run one after the other on what the other wrote,
instead of interleaving their reads and writes.

The counter lets a window see, with one cheap read, that another machine (or
another program on this one) changed the journal since it last looked
(``ChangeWatch``): its own writes are told apart because each one sees the
counter one above what this service knew.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select, update
from sqlalchemy.orm import Session

from watchjournal.storage import models

# pg_advisory_xact_lock key of a journal's writers (the schema lock is another key).
WRITE_LOCK_KEY = 0x57A7_C411


def take_write_lock(session: Session) -> None:
    """Wait until no other machine is writing the journal (a server only: SQLite's
    ``BEGIN IMMEDIATE`` already did the same for a journal file)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(WRITE_LOCK_KEY)))


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
