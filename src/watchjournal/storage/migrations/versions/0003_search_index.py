"""Full-text search: the FTS5 index, the view composing its rows, the sync triggers.

One index row per film (rowid = film id). The view ``search_documents`` says
what a film's row holds; after every insert, relevant update or delete in a
table feeding it, a trigger deletes the film's row and inserts it again from
the view, inside the same transaction as the change. Several values in one
column are joined with U+001E (char(30)), which the journal never stores.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

from watchjournal.search.schema import has_fts5_index

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Title and people count for more than review text in the ranking (bm25
# weights per column, in column order; review_ids is not indexed).
CREATE_INDEX = """
CREATE VIRTUAL TABLE search_index USING fts5(
    title, directors, cast_members, genres, countries, streaming, tags, notes, reviews,
    review_ids UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '2 3'
)
"""
RANK = (
    "INSERT INTO search_index(search_index, rank)"
    " VALUES ('rank', 'bm25(10.0, 6.0, 4.0, 3.0, 3.0, 2.0, 3.0, 2.0, 1.0, 0.0)')"
)

CREATE_VIEW = """
CREATE VIEW search_documents AS
SELECT
    f.id AS film_id,
    f.title || coalesce(char(30) || f.original_title, '') AS title,
    (SELECT group_concat(value, char(30)) FROM json_each(f.directors)) AS directors,
    (SELECT group_concat(value, char(30)) FROM json_each(f."cast")) AS cast_members,
    (SELECT group_concat(value, char(30)) FROM json_each(f.genres)) AS genres,
    (SELECT group_concat(value, char(30)) FROM json_each(f.countries)) AS countries,
    (SELECT group_concat(name, char(30)) FROM (
        SELECT service AS name FROM where_to_watch WHERE film_id = f.id
        UNION SELECT "where" FROM viewings WHERE film_id = f.id AND "where" IS NOT NULL
    )) AS streaming,
    (SELECT group_concat(name, char(30)) FROM (
        SELECT DISTINCT t.name AS name FROM reviews r
        JOIN review_tags rt ON rt.review_id = r.id JOIN tags t ON t.id = rt.tag_id
        WHERE r.film_id = f.id
    )) AS tags,
    (SELECT group_concat(note, char(30)) FROM (
        SELECT note FROM watchlist WHERE film_id = f.id AND note IS NOT NULL
        UNION ALL
        SELECT * FROM (
            SELECT note FROM viewings WHERE film_id = f.id AND note IS NOT NULL ORDER BY id
        )
    )) AS notes,
    (SELECT group_concat(
            CASE WHEN headline = '' THEN body ELSE headline || char(10) || body END, char(30))
        FROM (SELECT headline, body FROM reviews WHERE film_id = f.id ORDER BY id)
    ) AS reviews,
    (SELECT group_concat(id, ' ') FROM (SELECT id FROM reviews WHERE film_id = f.id ORDER BY id)
    ) AS review_ids
FROM films AS f
"""

COLUMNS = (
    "title, directors, cast_members, genres, countries, streaming, tags, notes, reviews, review_ids"
)


def refresh(film_id: str) -> str:
    """Statements re-composing the index row of the film whose id ``film_id`` gives."""
    return (
        f"DELETE FROM search_index WHERE rowid = {film_id};\n"
        f"INSERT INTO search_index(rowid, {COLUMNS})"
        f" SELECT * FROM search_documents WHERE film_id = {film_id};"
    )


def trigger(name: str, event: str, table: str, body: str, when: str = "") -> str:
    condition = f" WHEN {when}" if when else ""
    return (
        f"CREATE TRIGGER search_sync_{name} AFTER {event} ON {table}{condition} BEGIN\n{body}\nEND"
    )


def child_triggers(table: str, columns: str, film_of: str = "{row}.film_id") -> list[str]:
    """Triggers for a table whose rows belong to a film (``film_of`` finds the film id)."""
    new, old = film_of.format(row="NEW"), film_of.format(row="OLD")
    statements = [
        trigger(f"{table}_insert", "INSERT", table, refresh(new)),
        trigger(f"{table}_delete", "DELETE", table, refresh(old)),
    ]
    if columns:
        update = f"UPDATE OF {columns}"
        statements += [
            trigger(f"{table}_update", update, table, refresh(new)),
            trigger(f"{table}_move", update, table, refresh(old), when=f"{old} IS NOT {new}"),
        ]
    return statements


FILM_TEXT_COLUMNS = 'title, original_title, directors, "cast", genres, countries'
FILMS_WITH_TAG = (
    "SELECT r.film_id FROM reviews r JOIN review_tags rt ON rt.review_id = r.id"
    " WHERE rt.tag_id = NEW.id"
)

TRIGGERS = [
    trigger("films_insert", "INSERT", "films", refresh("NEW.id")),
    trigger("films_update", f"UPDATE OF {FILM_TEXT_COLUMNS}", "films", refresh("NEW.id")),
    trigger("films_delete", "DELETE", "films", "DELETE FROM search_index WHERE rowid = OLD.id;"),
    *child_triggers("where_to_watch", "service, film_id"),
    *child_triggers("watchlist", "note, film_id"),
    *child_triggers("viewings", 'note, "where", film_id'),
    *child_triggers("reviews", "headline, body, film_id"),
    *child_triggers(
        "review_tags",
        "review_id, tag_id",
        film_of="(SELECT film_id FROM reviews WHERE id = {row}.review_id)",
    ),
    trigger(
        "tags_rename",
        "UPDATE OF name",
        "tags",
        f"DELETE FROM search_index WHERE rowid IN ({FILMS_WITH_TAG});\n"
        f"INSERT INTO search_index(rowid, {COLUMNS})"
        f" SELECT * FROM search_documents WHERE film_id IN ({FILMS_WITH_TAG});",
    ),
]


def upgrade() -> None:
    if not has_fts5_index(op.get_bind()):  # a server journal's index comes in 0006
        return
    op.execute(CREATE_INDEX)
    op.execute(RANK)
    op.execute(CREATE_VIEW)
    for statement in TRIGGERS:
        op.execute(statement)
    op.execute(f"INSERT INTO search_index(rowid, {COLUMNS}) SELECT * FROM search_documents")
    op.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")


def downgrade() -> None:
    if not has_fts5_index(op.get_bind()):
        return
    for statement in TRIGGERS:
        name = statement.split()[2]
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP VIEW IF EXISTS search_documents")
    op.execute("DROP TABLE IF EXISTS search_index")
