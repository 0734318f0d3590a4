"""Copying a whole journal's rows from one database to another (SQLite or PostgreSQL).

Moving a journal (``watchjournal copy-to``), a server journal's backups (into a
SQLite file) and restoring one (back into the server) all copy the same thing:
every row of every table of the models, parents before children, ids kept.
Both sides must have the same schema (both opened, so migrated, by this app).

The search index is not copied: on a journal file SQLite's triggers fill it as
the rows arrive, and on a server ``refresh_search`` rebuilds it (when the
server has one) in the same transaction. Nor are the statistics' derived
tables (``storage.stats_tables``): the copied rows mark their films for a
refresh, which the destination's write transaction runs before it commits.

Ids are kept, and each table's high-water mark (the highest id it ever handed
out: SQLite's ``sqlite_sequence``, PostgreSQL's sequence) moves along with the
rows, so an id freed by a deletion is not given out again after the move.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Table, func, select, text

from watchjournal.storage import models, stats_tables

CHUNK = 1000
_HIGH_WATER = {
    "sqlite": "SELECT seq FROM sqlite_sequence WHERE name = :name",
    "postgresql": (
        "SELECT pg_sequence_last_value(CAST(pg_get_serial_sequence(:name, 'id') AS regclass))"
    ),
}


# Bookkeeping of the database itself, not the journal's contents: every journal has its own
# (the statistics' derived tables are worked out again from the copied rows).
NOT_COPIED = frozenset(
    {models.JournalChanges.__tablename__, stats_tables.stats_dirty.name}
    | {table.name for table in stats_tables.DERIVED_TABLES}
)


def journal_tables() -> list[Table]:
    """The journal's tables, parents before children (the order rows can be inserted in)."""
    return [t for t in models.Base.metadata.sorted_tables if t.name not in NOT_COPIED]


def _with_id(table: Table) -> bool:
    return "id" in table.c and table.c.id.primary_key


def is_empty(connection: Connection) -> bool:
    """Whether the journal on ``connection`` holds no rows at all (a new journal)."""
    return all(
        connection.scalar(select(func.count()).select_from(table)) == 0
        for table in journal_tables()
    )


def row_counts(connection: Connection) -> dict[str, int]:
    """How many rows each table holds (what a copy or a refusal reports)."""
    return {
        table.name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
        for table in journal_tables()
    }


def _rows(connection: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    """``table``'s rows in chunks, in primary-key order (a stable, repeatable copy)."""
    order = list(table.primary_key.columns)
    result = connection.execute(select(table).order_by(*order)).mappings()
    while chunk := result.fetchmany(CHUNK):
        yield [dict(row) for row in chunk]


def _high_water(connection: Connection, table: Table) -> int:
    """The highest id ``table`` ever handed out (at least its highest id now)."""
    highest = int(connection.scalar(select(func.max(table.c.id))) or 0)
    query = _HIGH_WATER.get(connection.dialect.name)
    if query is None:
        return highest
    if connection.dialect.name == "sqlite" and not table.dialect_options["sqlite"]["autoincrement"]:
        return highest  # no AUTOINCREMENT: SQLite keeps no mark for this table
    recorded = connection.scalar(text(query), {"name": table.name})
    return max(highest, int(recorded or 0))


def _set_high_water(connection: Connection, table: Table, high: int) -> None:
    if high <= 0:
        return
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT setval(pg_get_serial_sequence(:name, 'id'), :high)"),
            {"name": table.name, "high": high},
        )
    elif connection.dialect.name == "sqlite" and table.dialect_options["sqlite"]["autoincrement"]:
        # Inserting explicit ids already moved the mark to the highest id; deleted
        # ids above it need the mark set by hand.
        connection.execute(
            text("DELETE FROM sqlite_sequence WHERE name = :name"), {"name": table.name}
        )
        connection.execute(
            text("INSERT INTO sqlite_sequence(name, seq) VALUES (:name, :high)"),
            {"name": table.name, "high": high},
        )


def clear_rows(connection: Connection) -> None:
    """Delete every row of every table, children first (a restore replaces them all)."""
    for table in reversed(journal_tables()):
        connection.execute(table.delete())


def copy_rows(source: Connection, destination: Connection) -> dict[str, int]:
    """Copy every row from ``source`` into ``destination`` (both inside their own
    transaction, the caller's); how many rows of each table were copied."""
    copied: dict[str, int] = {}
    for table in journal_tables():
        count = 0
        for chunk in _rows(source, table):
            destination.execute(table.insert(), chunk)
            count += len(chunk)
        copied[table.name] = count
        if _with_id(table):
            _set_high_water(destination, table, _high_water(source, table))
    return copied


__all__ = ["clear_rows", "copy_rows", "is_empty", "journal_tables", "row_counts"]
