"""Moving a whole journal between databases: copy into an empty journal, or replace one.

``copy_into`` is ``watchjournal copy-to`` and a server journal's backup (into a
new journal file); ``replace_with`` is a restore into a server journal. The
source is read as one consistent snapshot (on PostgreSQL a REPEATABLE READ,
read-only transaction; on SQLite any read transaction is one), and the
destination is written in one transaction: a failure halfway changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from watchjournal.errors import ValidationError
from watchjournal.journal.base import ServiceBase
from watchjournal.search.schema import search_engine
from watchjournal.storage import copier


class TransferOperations(ServiceBase):
    @contextmanager
    def _snapshot(self) -> Iterator[Connection]:
        """One consistent read of the whole journal, however long the copy takes."""
        with self._one_connection() as connection:
            if connection.dialect.name == "postgresql":
                connection = connection.execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                )
            with connection.begin():
                yield connection

    def row_counts(self) -> dict[str, int]:
        """How many rows each of the journal's tables holds."""
        with self._snapshot() as connection:
            return copier.row_counts(connection)

    def copy_into(self, destination: TransferOperations) -> dict[str, int]:
        """Copy this whole journal into the empty journal ``destination``, in one
        transaction; how many rows of each table were copied.

        Raises ValidationError, changing nothing, when ``destination`` holds anything.
        """
        with self._snapshot() as source, destination._writing() as session:
            target = session.connection()
            if not copier.is_empty(target):
                raise ValidationError(
                    f"{destination.journal_name} is not empty: copy-to only fills a new,"
                    " empty journal; nothing was copied"
                )
            with _search_deferred(target):
                copied = copier.copy_rows(source, target)
            _refresh_search(session)
        return copied

    def replace_with(self, source: TransferOperations) -> dict[str, int]:
        """Replace everything in this journal by ``source``'s rows, in one transaction."""
        with source._snapshot() as reading, self._writing() as session:
            target = session.connection()
            with _search_deferred(target):
                copier.clear_rows(target)
                copied = copier.copy_rows(reading, target)
            _refresh_search(session)
        return copied


def _search_deferred(connection: Connection) -> AbstractContextManager[None]:
    """A server journal's search triggers idle while every row is copied: the index is
    rebuilt once at the end (``_refresh_search``), not once per statement as well."""
    if connection.dialect.name == "sqlite":
        return nullcontext()
    # Lazy: the PostgreSQL search schema is needed only on a server journal.
    from watchjournal.search import pg_rebuild

    return pg_rebuild.deferred(connection)


def _refresh_search(session: Session) -> None:
    """Rebuild a server journal's search index from the copied rows (a journal
    file's triggers kept it up to date row by row)."""
    if session.connection().dialect.name == "sqlite":
        return
    search_engine(session).rebuild(session)
