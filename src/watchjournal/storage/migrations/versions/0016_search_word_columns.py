"""The search vocabulary keeps the columns each term is in (SQLite).

``search_words`` gets ``cols``, a bit per index column (``search.words.COLUMNS``)
the term is in in any film, so a prefix limited to columns (``title:ri``, the
pass over titles and people of a broad query) is the OR of only the words in
them, and a word in none of them matches nothing there without asking the index
(``search.prefixes``). The ``search_sync_*`` triggers now also OR the columns of
the rows they add into the masks, through a third scratch table
(``search_words_stem_cols``, fts5vocab of type 'col').

Existing terms get every column (the column's default: always right, only
slower); in a journal of up to ``words.CONVERT_LIMIT`` films they get their exact
columns here, read from the index (about a second at 5,000 films), a larger one
gets them on ``watchjournal reindex`` (``words.fill``). A journal without a
vocabulary (one 0015 did not convert, or on PostgreSQL) is left alone: the
conversion makes the vocabulary with its masks.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Connection

from watchjournal.search.schema import has_fts5_index

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_TABLE = "search_words"
_STEMS = "search_words_stems"
_PLAIN = "search_words_plain"
_STEM_TOKENS = "search_words_stem_tokens"
_PLAIN_TOKENS = "search_words_plain_tokens"
_STEM_COLUMNS = "search_words_stem_cols"
_ALL = (
    "title, directors, cast_members, genres, countries, streaming, tags, notes, reviews, review_ids"
)
# Migration 0015's learning statements, which the downgrade puts back.
LEARN_0015 = (
    f"INSERT INTO {_PLAIN}(rowid, {_ALL}) SELECT film_id, {_ALL} FROM search_documents"
    f" WHERE film_id IN (SELECT doc FROM {_STEM_TOKENS}"
    f" WHERE term NOT IN (SELECT term FROM {_TABLE}))",
    f"INSERT OR IGNORE INTO {_TABLE}(term, word) SELECT s.term, p.term"
    f" FROM (SELECT doc, col, offset, term FROM {_STEM_TOKENS}"
    f" WHERE term NOT IN (SELECT term FROM {_TABLE}) LIMIT -1) s"
    f" JOIN (SELECT doc, col, offset, term FROM {_PLAIN_TOKENS} LIMIT -1) p"
    f" ON p.doc = s.doc AND p.col = s.col AND p.offset = s.offset",
    f"INSERT INTO {_STEMS}({_STEMS}) VALUES ('delete-all')",
    f"INSERT INTO {_PLAIN}({_PLAIN}) SELECT 'delete-all'"
    f" WHERE EXISTS (SELECT 1 FROM {_PLAIN_TOKENS})",
)


def _has_columns(connection: Connection) -> bool:
    names = {row[1] for row in connection.exec_driver_sql(f"PRAGMA table_info({_TABLE})")}
    return "cols" in names


def _rewrite_triggers(connection: Connection, learn: tuple[str, ...]) -> None:
    from watchjournal.search import index, words

    for name, sql in index.sync_triggers(connection):
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
        connection.exec_driver_sql(words.relearning_trigger(sql, learn))


def upgrade() -> None:
    connection = op.get_bind()
    if not has_fts5_index(connection):
        return
    # Lazy: the search package is needed only on a journal file.
    from watchjournal.search import words

    if not words.has_vocabulary(connection) or _has_columns(connection):
        return  # nothing to add to, or made by 0015's conversion with today's code
    connection.exec_driver_sql(
        f"ALTER TABLE {_TABLE} ADD COLUMN cols INTEGER NOT NULL DEFAULT {words.EVERY_COLUMN}"
    )
    connection.exec_driver_sql(
        f"CREATE VIRTUAL TABLE {_STEM_COLUMNS} USING fts5vocab({_STEMS}, col)"
    )
    _rewrite_triggers(connection, words.LEARN)
    films = connection.exec_driver_sql("SELECT count(*) FROM films").scalar_one()
    if films <= words.CONVERT_LIMIT:
        words.fill_columns(connection)


def downgrade() -> None:
    connection = op.get_bind()
    if not has_fts5_index(connection):
        return
    from watchjournal.search import words

    if not words.has_vocabulary(connection) or not _has_columns(connection):
        return
    _rewrite_triggers(connection, LEARN_0015)
    connection.exec_driver_sql(f"DROP TABLE {_STEM_COLUMNS}")
    connection.exec_driver_sql(f"ALTER TABLE {_TABLE} DROP COLUMN cols")
