"""Phrases on PostgreSQL through GIN: each film's adjacent word pairs, indexed.

``search_documents.pairs`` holds every two adjacent lexemes of the film's
``document`` as one lexeme (``search.pg_pairs``), with a GIN index: a phrase
asks for its pairs first, so ``<->`` rechecks the few films that have them all
instead of every film holding its words (a phrase of two words is its pair: no
recheck, but in the films whose pairs overflowed, ``pairs_overflow``). The row
function now fills both.

Existing rows get their pairs here, read from their stored ``document`` (no
text is parsed again), in a journal of up to ``pg_pairs.FILL_LIMIT`` films (a few
seconds). A larger one gets ``OVERFLOW`` in every row instead, which costs
nothing to add (a column default): its phrases are found as before, rechecking
every film with their words, until a film changes or ``watchjournal reindex``
(at 100,000 films filling them here took 4.6 minutes, which would hold up every
machine's start, as 0013 says of its vectors). On a journal file this does
nothing: SQLite's index is FTS5, which keeps positions.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

from watchjournal.search.schema import has_fts5_index

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if has_fts5_index(op.get_bind()):
        return
    # Lazy: the PostgreSQL search schema is needed only on a server journal.
    from watchjournal.search import pg_pairs, pg_schema

    connection = op.get_bind()
    table, pairs = pg_schema.TABLE, pg_pairs.PAIRS
    fold, english, simple = pg_schema.FOLD_FUNCTION, pg_schema.ENGLISH, pg_schema.SIMPLE
    for function in pg_pairs.functions(fold, english, simple):
        connection.exec_driver_sql(function.replace("%", "%%"))
    # A journal made at this revision already has them (0006 builds the schema of now).
    has_pairs = connection.exec_driver_sql(
        "SELECT EXISTS (SELECT 1 FROM information_schema.columns"
        f" WHERE table_name = '{table}' AND column_name = '{pairs}')"
    ).scalar_one()
    if not has_pairs:
        overflowed = pg_pairs.OVERFLOWED
        # Every row OVERFLOW at first: a default, written nowhere, correct for any row.
        connection.exec_driver_sql(
            f"ALTER TABLE {table} ADD COLUMN {pairs} tsvector NOT NULL"
            f" DEFAULT {pg_pairs.OVERFLOW_VECTOR},"
            f" ADD COLUMN {overflowed} boolean NOT NULL DEFAULT true"
        )
        films = connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
        if films <= pg_pairs.FILL_LIMIT:
            connection.exec_driver_sql(
                f"UPDATE {table} SET ({pairs}, {overflowed}) = (SELECT made,"
                f" made = {pg_pairs.OVERFLOW_VECTOR}"
                f" FROM {pg_pairs.PAIRS_FUNCTION}({pg_schema.DOCUMENT}) AS made)"
            )
        connection.exec_driver_sql(
            f"ALTER TABLE {table} ALTER COLUMN {pairs} DROP DEFAULT,"
            f" ALTER COLUMN {overflowed} DROP DEFAULT"
        )
    connection.exec_driver_sql(pg_schema.refresh_function().replace("%", "%%"))
    connection.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
    for statement in pg_schema.index_statements(if_not_exists=True):
        connection.exec_driver_sql(statement)


def downgrade() -> None:
    if has_fts5_index(op.get_bind()):
        return
    # Lazy: the PostgreSQL search schema is needed only on a server journal.
    from watchjournal.search import pg_pairs, pg_schema

    connection = op.get_bind()
    connection.exec_driver_sql(pg_schema.refresh_function(pairs=False).replace("%", "%%"))
    connection.exec_driver_sql(f"DROP INDEX IF EXISTS {pg_pairs.index_name(pg_schema.TABLE)}")
    connection.exec_driver_sql(
        f"ALTER TABLE {pg_schema.TABLE} DROP COLUMN IF EXISTS {pg_pairs.PAIRS},"
        f" DROP COLUMN IF EXISTS {pg_pairs.OVERFLOWED}"
    )
    for statement in pg_pairs.drop_functions():
        connection.exec_driver_sql(statement)
