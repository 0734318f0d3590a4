"""Re-composing a PostgreSQL journal's search rows in bulk (the schema: ``pg_schema``).

A large import or ``copy-to`` writes its rows with the search triggers idle for
its own transaction (``deferred``) and re-composes the films it touched once at
the end (``refresh``); ``watchjournal reindex`` re-composes every film
(``rebuild``); the benchmark loads its journal with the triggers off and builds
the rows on several connections at once (``bulk_load``). The GIN indexes are
dropped first and built once over every row, several times quicker than kept up
row by row.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text

from watchjournal.search.pg_schema import (
    DEFER_SETTING,
    REFRESH_FUNCTION,
    TABLE,
    index_names,
    index_statements,
    trigger_tables,
)


@contextmanager
def deferred(connection: Connection) -> Iterator[None]:
    """The search triggers do nothing inside (the caller's transaction): for writing
    very many rows at once, then ``refresh`` (or ``rebuild``) once at the end.

    Unlike turning the triggers off (``ALTER TABLE``, which locks every table against
    other machines' reads until the commit) this is the caller's transaction alone.
    """
    connection.execute(text(f"SELECT set_config('{DEFER_SETTING}', 'on', true)"))
    try:
        yield
    finally:
        connection.execute(text(f"SELECT set_config('{DEFER_SETTING}', 'off', true)"))


def refresh(connection: Connection, film_ids: list[int]) -> None:
    """Re-compose the rows of these films (after writes made ``deferred``)."""
    if film_ids:
        connection.execute(text(f"SELECT {REFRESH_FUNCTION}(:ids)"), {"ids": film_ids})


def _drop_index(connection: Connection) -> None:
    for name in index_names():
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")


def _create_index(connection: Connection) -> None:
    # A GIN index built once over every row is several times quicker than one kept up
    # row by row while they are written; more memory for the build makes it quicker still.
    connection.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
    for statement in index_statements():
        connection.exec_driver_sql(statement)


def rebuild(connection: Connection) -> int:
    """Re-compose every film's row; returns how many films are indexed (caller's transaction)."""
    _drop_index(connection)
    connection.execute(text(f"DELETE FROM {TABLE}"))
    connection.execute(text(f"SELECT {REFRESH_FUNCTION}(ARRAY(SELECT id FROM films))"))
    _create_index(connection)
    return int(connection.execute(text(f"SELECT count(*) FROM {TABLE}")).scalar_one())


def _refresh_share(engine: Engine, share: int, shares: int) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(f"SELECT {REFRESH_FUNCTION}(ARRAY(SELECT id FROM films WHERE id % :n = :k))"),
            {"n": shares, "k": share},
        )


@contextmanager
def bulk_load(engine: Engine, workers: int = 2) -> Iterator[Connection]:
    """A write transaction with the search triggers off, then the index built from
    scratch by ``workers`` connections at once (each its share of the films), and the
    GIN index once at the end: for loading very many rows at once (the benchmark).

    Not one transaction: the rows are committed before the index is built, and the
    triggers are off for everyone meanwhile (no one else should use the journal).
    """
    tables = trigger_tables()
    with engine.begin() as connection:
        for table in tables:
            connection.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        yield connection
        _drop_index(connection)
        connection.execute(text(f"DELETE FROM {TABLE}"))
    try:
        with ThreadPoolExecutor(workers) as pool:
            for done in [pool.submit(_refresh_share, engine, k, workers) for k in range(workers)]:
                done.result()
    finally:
        with engine.begin() as connection:
            for table in tables:
                connection.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            _create_index(connection)
