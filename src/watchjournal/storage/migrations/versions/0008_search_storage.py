"""The search index keeps no copy of the text: FTS5 external content read from the view.

Until 0005 the FTS5 table ``search_index`` stored every film's text a second
time beside its index (a third of a large journal's file). Now its content is
the view ``search_documents`` itself (``content=``), so the index holds only
the index. FTS5 can then remove a film's old row only when told the text it
indexed, which the view shows only until the change: so every change is
bracketed by two triggers in the same statement,

- ``search_drop_*`` (BEFORE): remove the film's row, with the text the view
  shows before the change, if the film is indexed;
- ``search_sync_*`` (AFTER): add the film's row from the view if it is not.

Both look at ``search_index_docsize`` (one row per indexed film) first, so
running either twice is harmless and a bulk load can turn the AFTER triggers
off (``search.index.bulk_load``, imports) and add the missing rows at the end.
Deleting a tag removes its films' rows before the tag goes, since the cascade
to ``review_tags`` runs when the view no longer shows the tag.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

import importlib

from alembic import op

from watchjournal.search.schema import has_fts5_index

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = (
    "title, directors, cast_members, genres, countries, streaming, tags, notes, reviews, review_ids"
)
CREATE_INDEX = """
CREATE VIRTUAL TABLE search_index USING fts5(
    title, directors, cast_members, genres, countries, streaming, tags, notes, reviews,
    review_ids UNINDEXED,
    content = 'search_documents', content_rowid = 'film_id',
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '2 3'
)
"""
RANK = (
    "INSERT INTO search_index(search_index, rank)"
    " VALUES ('rank', 'bm25(10.0, 6.0, 4.0, 3.0, 3.0, 2.0, 3.0, 2.0, 1.0, 0.0)')"
)
INDEXED = "SELECT id FROM search_index_docsize"


def remove(films: str) -> str:
    """Remove the rows of the indexed films among ``films`` (an id, or a SELECT of ids)."""
    return (
        f"INSERT INTO search_index(search_index, rowid, {COLUMNS})"
        f" SELECT 'delete', film_id, {COLUMNS} FROM search_documents"
        f" WHERE film_id IN ({films}) AND film_id IN ({INDEXED});"
    )


def add(films: str) -> str:
    """Add the rows of the films among ``films`` that are not indexed."""
    return (
        f"INSERT INTO search_index(rowid, {COLUMNS})"
        f" SELECT film_id, {COLUMNS} FROM search_documents"
        f" WHERE film_id IN ({films}) AND film_id NOT IN ({INDEXED});"
    )


def trigger(name: str, when: str, event: str, table: str, body: str) -> str:
    prefix = "search_drop_" if when == "BEFORE" else "search_sync_"
    return f"CREATE TRIGGER {prefix}{name} {when} {event} ON {table} BEGIN\n{body}\nEND"


def pair(name: str, event: str, table: str, films: list[str]) -> list[str]:
    """The BEFORE and AFTER trigger of one event, for the films the ``films`` give."""
    return [
        trigger(name, "BEFORE", event, table, "\n".join(remove(f) for f in films)),
        trigger(name, "AFTER", event, table, "\n".join(add(f) for f in films)),
    ]


def child(table: str, columns: str, film_of: str = "{row}.film_id") -> list[str]:
    """Triggers for a table whose rows belong to a film (``film_of`` finds the film id)."""
    new, old = film_of.format(row="NEW"), film_of.format(row="OLD")
    statements = [
        *pair(f"{table}_insert", "INSERT", table, [new]),
        *pair(f"{table}_delete", "DELETE", table, [old]),
    ]
    if columns:
        statements += pair(f"{table}_update", f"UPDATE OF {columns}", table, [old, new])
    return statements


FILM_TEXT_COLUMNS = 'title, original_title, directors, "cast", genres, countries'
REVIEW_FILM = "(SELECT film_id FROM reviews WHERE id = {row}.review_id)"
VIEWING_FILM = "(SELECT film_id FROM viewings WHERE id = {row}.viewing_id)"


def films_with_tag(row: str) -> str:
    return (
        f"SELECT r.film_id FROM reviews r JOIN review_tags rt ON rt.review_id = r.id"
        f" WHERE rt.tag_id = {row}.id"
        f" UNION SELECT v.film_id FROM viewings v JOIN viewing_tags vt ON vt.viewing_id = v.id"
        f" WHERE vt.tag_id = {row}.id"
    )


TRIGGERS = [
    trigger("films_insert", "AFTER", "INSERT", "films", add("NEW.id")),
    *pair("films_update", f"UPDATE OF {FILM_TEXT_COLUMNS}", "films", ["OLD.id", "NEW.id"]),
    trigger("films_delete", "BEFORE", "DELETE", "films", remove("OLD.id")),
    *child("where_to_watch", "service, film_id"),
    *child("watchlist", "note, film_id"),
    *child("viewings", 'note, "where", film_id'),
    *child("reviews", "headline, body, film_id"),
    *child("review_tags", "review_id, tag_id", film_of=REVIEW_FILM),
    *child("viewing_tags", "viewing_id, tag_id", film_of=VIEWING_FILM),
    *pair("tags_rename", "UPDATE OF name", "tags", [films_with_tag("NEW")]),
    *pair("tags_delete", "DELETE", "tags", [films_with_tag("OLD")]),
]


def _trigger_names() -> list[str]:
    return [statement.split()[2] for statement in TRIGGERS]


def _old_triggers() -> list[str]:
    """The sync triggers of revision 0005 (0003's, with 0005's changes)."""
    # The revision files' names start with digits: importlib is the only way to reach them.
    base = "watchjournal.storage.migrations.versions."
    first = importlib.import_module(base + "0003_search_index")
    fifth = importlib.import_module(base + "0005_links_tags_notes")
    kept = [s for s in first.TRIGGERS if s.split()[2] != "search_sync_tags_rename"]
    rename = fifth._trigger("tags_rename", "UPDATE OF name", "tags", fifth._refresh_many(
        fifth.FILMS_WITH_TAG
    ))  # fmt: skip
    return [*kept, rename, *fifth.NEW_TRIGGERS]


def _drop_triggers(names: list[str]) -> None:
    for name in names:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def upgrade() -> None:
    if not has_fts5_index(op.get_bind()):
        return  # a server journal's index is PostgreSQL's (0006)
    _drop_triggers([statement.split()[2] for statement in _old_triggers()])
    op.execute("DROP TABLE search_index")
    op.execute(CREATE_INDEX)
    op.execute(RANK)
    for statement in TRIGGERS:
        op.execute(statement)
    # Not FTS5's 'rebuild': its scan of the content fails on the view's json_each.
    op.execute(f"INSERT INTO search_index(rowid, {COLUMNS}) SELECT * FROM search_documents")
    op.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")


def downgrade() -> None:
    if not has_fts5_index(op.get_bind()):
        return
    first = importlib.import_module("watchjournal.storage.migrations.versions.0003_search_index")
    _drop_triggers(_trigger_names())
    op.execute("DROP TABLE search_index")
    op.execute(first.CREATE_INDEX)
    op.execute(first.RANK)
    for statement in _old_triggers():
        op.execute(statement)
    op.execute(f"INSERT INTO search_index(rowid, {COLUMNS}) SELECT * FROM search_documents")
    op.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")
