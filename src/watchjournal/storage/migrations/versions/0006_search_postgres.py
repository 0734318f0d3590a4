"""Search on PostgreSQL: the search documents, their text search configurations and triggers.

A journal on a PostgreSQL server gets its search index here (``search.pg_schema``:
a row per film with a tsvector per column and a weighted, GIN-indexed
``document``, kept up to date by triggers in the same transaction as every
change), filled from the journal as it is. A journal created before this
revision (searchless, phase 1 of issue 18) is upgraded like any other.
On a journal file this does nothing: SQLite's index is FTS5 (migrations 0003, 0005).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

from watchjournal.search.schema import has_fts5_index

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if has_fts5_index(op.get_bind()):
        return
    # Lazy: the PostgreSQL search schema is needed only on a server journal.
    from watchjournal.search.pg_rebuild import rebuild
    from watchjournal.search.pg_schema import create_search_objects

    create_search_objects(op.get_bind())
    rebuild(op.get_bind())  # every film's row, and the indexes


def downgrade() -> None:
    if has_fts5_index(op.get_bind()):
        return
    # Lazy: the PostgreSQL search schema is needed only on a server journal.
    from watchjournal.search.pg_schema import drop_search_objects

    drop_search_objects(op.get_bind())
