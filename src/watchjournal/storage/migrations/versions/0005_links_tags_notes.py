"""Diary-entry tags, Trakt ids, content notes, ranked lists and links between films.

- ``viewing_tags``: tags belong to a diary entry as well as to a review
  (Letterboxd's diary tags); the search index's ``tags`` column holds both.
- ``films.trakt_id``: Trakt's film id, a film link like the IMDb id (unique).
- ``films.content_notes``: short content notes, apart from the spoilers flag.
- ``film_lists.ranked``: whether a list numbers its films.
- ``film_links``: "reminds me of" links between two films, stored once per pair.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from watchjournal.search.schema import has_fts5_index

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COLUMNS = (
    "title, directors, cast_members, genres, countries, streaming, tags, notes, reviews, review_ids"
)

# The view of migration 0003 with one change: ``tags`` also holds the diary entries' tags.
VIEW_TEMPLATE = """
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
{tags}    (SELECT group_concat(note, char(30)) FROM (
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

NEW_TAGS = """\
    (SELECT group_concat(name, char(30)) FROM (
        SELECT t.name AS name FROM reviews r
        JOIN review_tags rt ON rt.review_id = r.id JOIN tags t ON t.id = rt.tag_id
        WHERE r.film_id = f.id
        UNION
        SELECT t.name AS name FROM viewings v
        JOIN viewing_tags vt ON vt.viewing_id = v.id JOIN tags t ON t.id = vt.tag_id
        WHERE v.film_id = f.id
    )) AS tags,
"""
OLD_TAGS = """\
    (SELECT group_concat(name, char(30)) FROM (
        SELECT DISTINCT t.name AS name FROM reviews r
        JOIN review_tags rt ON rt.review_id = r.id JOIN tags t ON t.id = rt.tag_id
        WHERE r.film_id = f.id
    )) AS tags,
"""
VIEW = VIEW_TEMPLATE.format(tags=NEW_TAGS)
OLD_VIEW = VIEW_TEMPLATE.format(tags=OLD_TAGS)

FILMS_WITH_TAG = (
    "SELECT r.film_id FROM reviews r JOIN review_tags rt ON rt.review_id = r.id"
    " WHERE rt.tag_id = NEW.id"
    " UNION SELECT v.film_id FROM viewings v JOIN viewing_tags vt ON vt.viewing_id = v.id"
    " WHERE vt.tag_id = NEW.id"
)
OLD_FILMS_WITH_TAG = (
    "SELECT r.film_id FROM reviews r JOIN review_tags rt ON rt.review_id = r.id"
    " WHERE rt.tag_id = NEW.id"
)


def _refresh(film_id: str) -> str:
    return (
        f"DELETE FROM search_index WHERE rowid = {film_id};\n"
        f"INSERT INTO search_index(rowid, {COLUMNS})"
        f" SELECT * FROM search_documents WHERE film_id = {film_id};"
    )


def _refresh_many(films: str) -> str:
    return (
        f"DELETE FROM search_index WHERE rowid IN ({films});\n"
        f"INSERT INTO search_index(rowid, {COLUMNS})"
        f" SELECT * FROM search_documents WHERE film_id IN ({films});"
    )


def _trigger(name: str, event: str, table: str, body: str, when: str = "") -> str:
    condition = f" WHEN {when}" if when else ""
    return (
        f"CREATE TRIGGER search_sync_{name} AFTER {event} ON {table}{condition} BEGIN\n{body}\nEND"
    )


VIEWING_FILM = "(SELECT film_id FROM viewings WHERE id = {row}.viewing_id)"
NEW_TRIGGERS = [
    _trigger(
        "viewing_tags_insert", "INSERT", "viewing_tags", _refresh(VIEWING_FILM.format(row="NEW"))
    ),
    _trigger(
        "viewing_tags_delete", "DELETE", "viewing_tags", _refresh(VIEWING_FILM.format(row="OLD"))
    ),
]


def upgrade() -> None:
    op.create_table(
        "viewing_tags",
        sa.Column("viewing_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["viewing_id"],
            ["viewings.id"],
            name="fk_viewing_tags_viewing_id_viewings",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name="fk_viewing_tags_tag_id_tags", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("viewing_id", "tag_id", name="pk_viewing_tags"),
    )
    op.create_index("ix_viewing_tags_tag_id", "viewing_tags", ["tag_id"])
    op.create_table(
        "film_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("film_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("film_id < other_id", name="ck_film_links_ordered_pair"),
        sa.ForeignKeyConstraint(
            ["film_id"], ["films.id"], name="fk_film_links_film_id_films", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["other_id"], ["films.id"], name="fk_film_links_other_id_films", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_film_links"),
        sa.UniqueConstraint("film_id", "other_id", name="uq_film_links_pair"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_film_links_other_id", "film_links", ["other_id"])
    # Plain ADD COLUMN: a batch copy of ``films`` would drop the search triggers on it.
    op.add_column("films", sa.Column("trakt_id", sa.Integer(), nullable=True))
    op.add_column(
        "films",
        sa.Column("content_notes", sa.JSON(), nullable=False, server_default="[]"),
    )
    op.create_index("uq_films_trakt_id", "films", ["trakt_id"], unique=True)
    op.add_column(
        "film_lists",
        sa.Column("ranked", sa.Boolean(), nullable=False, server_default="0"),
    )
    if not has_fts5_index(op.get_bind()):  # the search view and triggers are SQLite's
        return
    op.execute("DROP TRIGGER IF EXISTS search_sync_tags_rename")
    op.execute(_trigger("tags_rename", "UPDATE OF name", "tags", _refresh_many(FILMS_WITH_TAG)))
    op.execute("DROP VIEW IF EXISTS search_documents")
    op.execute(VIEW)
    for statement in NEW_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if has_fts5_index(op.get_bind()):
        for statement in NEW_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {statement.split()[2]}")
        op.execute("DROP TRIGGER IF EXISTS search_sync_tags_rename")
        op.execute(
            _trigger("tags_rename", "UPDATE OF name", "tags", _refresh_many(OLD_FILMS_WITH_TAG))
        )
        op.execute("DROP VIEW IF EXISTS search_documents")
        op.execute(OLD_VIEW)
    with op.batch_alter_table("film_lists") as batch:
        batch.drop_column("ranked")
    op.drop_index("uq_films_trakt_id", table_name="films")
    op.drop_column("films", "content_notes")
    op.drop_column("films", "trakt_id")
    op.drop_table("film_links")
    op.drop_table("viewing_tags")
