"""Search on PostgreSQL, quicker: an index of titles and people, a lighter build.

A GIN index on the words of a film's titles and people (``pg_schema.STRONG_INDEX``)
finds the films a broad query (a short prefix, a very common word) matches
there first, newest first, without reading every match.

The search triggers can be told to do nothing for the rest of a transaction
(``pg_rebuild.deferred``): a large import, or ``copy-to``, writes its rows, then
re-composes the films it touched once, instead of once per statement.

A prefix's tsquery holds the prefix once when its stem is the same
(``pg_schema.query_function``), so GIN walks its words once.

``search.pg_schema.vector_function`` now puts a column's stemmed words, a gap
and its plain words one after the other (``||``) instead of reading both back
from their text form at shared positions: a third quicker to build, and the same
words and phrases match. Rows written before keep their form until their film
changes (or ``watchjournal reindex``): rebuilding a large shared journal here would hold
up every machine's start for minutes, for no change in what is found.
On a journal file this does nothing: SQLite's index is FTS5.

Revision ID: 0013
Revises: 0011
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

from watchjournal.search.schema import has_fts5_index

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if has_fts5_index(op.get_bind()):
        return
    # Lazy: the PostgreSQL search schema is needed only on a server journal.
    from watchjournal.search import pg_schema

    connection = op.get_bind()
    connection.exec_driver_sql(pg_schema.vector_function())
    connection.exec_driver_sql(pg_schema.query_function())
    for function in pg_schema.trigger_functions():
        connection.exec_driver_sql(function.replace("%", "%%"))
    # A journal made at this revision already has the index (0006 builds the schema of now).
    for statement in pg_schema.index_statements(if_not_exists=True, pairs=False):
        connection.exec_driver_sql(statement)


def downgrade() -> None:
    if has_fts5_index(op.get_bind()):
        return
    # Lazy: the PostgreSQL search schema is needed only on a server journal.
    from watchjournal.search.pg_schema import STRONG_INDEX

    # The functions stay: the earlier ones gave the same matches.
    op.get_bind().exec_driver_sql(f"DROP INDEX IF EXISTS {STRONG_INDEX}")
