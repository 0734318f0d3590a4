"""The search index without prefix indexes: a vocabulary of its words instead (SQLite).

FTS5's two prefix indexes (``prefix = '2 3'``) were more than half of a large
journal's index, and kept the file at 2.7 times its text. The index is made
again without them; a prefix being typed is looked up in the new vocabulary
``search_words`` and searched as an OR of its words (``search.words``,
``search.prefixes``). The ``search_sync_*`` triggers now also add the words of
the rows they add, in the same statement.

Re-indexing takes a while, so only a journal of up to ``words.CONVERT_LIMIT``
films is converted here (a few seconds); a larger one keeps
its prefix indexes and its old triggers, and searches as before (native prefixes),
until ``watchjournal reindex`` converts it (``search.index.rebuild``). On
PostgreSQL this does nothing: its index is GIN, with its own prefix matching.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

from __future__ import annotations

import importlib

from alembic import op

from watchjournal.search.schema import has_fts5_index

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    if not has_fts5_index(connection):
        return
    from watchjournal.search import index, words

    if words.has_vocabulary(connection):
        return
    films = connection.exec_driver_sql("SELECT count(*) FROM films").scalar_one()
    if films <= words.CONVERT_LIMIT:
        index.convert(connection)


def downgrade() -> None:
    connection = op.get_bind()
    if not has_fts5_index(connection):
        return
    from watchjournal.search import index, words

    if not words.has_vocabulary(connection):
        return  # never converted
    eighth = importlib.import_module("watchjournal.storage.migrations.versions.0008_search_storage")
    triggers = index.sync_triggers(connection)
    for name, _sql in triggers:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    for statement in words.DROP:
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql(f"DROP TABLE {index.TABLE}")
    connection.exec_driver_sql(eighth.CREATE_INDEX)
    connection.exec_driver_sql(eighth.RANK)
    for _name, sql in triggers:
        connection.exec_driver_sql(words.unlearning_trigger(sql))
    connection.exec_driver_sql(index.ADD_MISSING)
    connection.exec_driver_sql(f"INSERT INTO {index.TABLE}({index.TABLE}) VALUES ('optimize')")
