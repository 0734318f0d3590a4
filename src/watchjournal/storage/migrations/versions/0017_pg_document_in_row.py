"""A film's search document kept in its row on PostgreSQL, not in TOAST.

``search_documents.document`` is stored MAIN (``pg_schema.document_in_row``):
in the row where it fits in a page, so ranking a few hundred candidates reads
them from the table's pages instead of looking each one up in the TOAST
table's index (ranking 875 films: 17 → 9.5 ms). Only rows written after the
change take it: a journal of up to ``pg_schema.MOVE_LIMIT`` films has its
documents rewritten here (a second or so at 5,000 films); a larger one keeps
them where they are, searched the same, until a film changes or
``watchjournal reindex`` (rewriting 100,000 rows with their indexes would hold
up every machine's start, as 0013 and 0014 say of theirs). On a journal file
this does nothing.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

from watchjournal.search.schema import has_fts5_index

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if has_fts5_index(op.get_bind()):
        return
    # Lazy: the PostgreSQL search schema is needed only on a server journal.
    from watchjournal.search import pg_schema

    connection = op.get_bind()
    table, document = pg_schema.TABLE, pg_schema.DOCUMENT
    connection.exec_driver_sql(pg_schema.document_in_row())
    films = connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
    if films <= pg_schema.MOVE_LIMIT:
        # A new value (the same lexemes and positions) is stored by the new rule; the
        # value itself, unchanged, would keep its place in TOAST.
        connection.exec_driver_sql(f"UPDATE {table} SET {document} = {document} || ''::tsvector")


def downgrade() -> None:
    if has_fts5_index(op.get_bind()):
        return
    # Lazy: the PostgreSQL search schema is needed only on a server journal.
    from watchjournal.search import pg_schema

    op.get_bind().exec_driver_sql(
        f"ALTER TABLE {pg_schema.TABLE} ALTER COLUMN {pg_schema.DOCUMENT} SET STORAGE EXTENDED"
    )
