"""The first journal schema: films, watchlist, diary, reviews with revisions, tags.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "films",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("title_key", sa.String(), nullable=False),
        sa.Column("original_title", sa.String(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("directors", sa.JSON(), nullable=False),
        sa.Column("cast", sa.JSON(), nullable=False),
        sa.Column("genres", sa.JSON(), nullable=False),
        sa.Column("countries", sa.JSON(), nullable=False),
        sa.Column("runtime", sa.Integer(), nullable=True),
        sa.Column("synopsis", sa.Text(), nullable=True),
        sa.Column("imdb_id", sa.String(), nullable=True),
        sa.Column("tmdb_id", sa.Integer(), nullable=True),
        sa.Column("letterboxd_uri", sa.String(), nullable=True),
        sa.Column("poster_ref", sa.String(), nullable=True),
        sa.Column("liked", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("length(trim(title)) > 0", name="ck_films_title_not_blank"),
        sa.CheckConstraint("runtime IS NULL OR runtime > 0", name="ck_films_runtime_positive"),
        sa.PrimaryKeyConstraint("id", name="pk_films"),
        sa.UniqueConstraint("imdb_id", name="uq_films_imdb_id"),
        sa.UniqueConstraint("tmdb_id", name="uq_films_tmdb_id"),
        sa.UniqueConstraint("letterboxd_uri", name="uq_films_letterboxd_uri"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_films_title_key", "films", ["title_key"])
    op.create_index("ix_films_year", "films", ["year"])
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_key", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tags"),
        sa.UniqueConstraint("name_key", name="uq_tags_name_key"),
    )
    op.create_table(
        "where_to_watch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("film_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["film_id"], ["films.id"], name="fk_where_to_watch_film_id_films", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_where_to_watch"),
    )
    op.create_index("ix_where_to_watch_film_id", "where_to_watch", ["film_id"])
    op.create_table(
        "watchlist",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("film_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["film_id"], ["films.id"], name="fk_watchlist_film_id_films", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_watchlist"),
        sa.UniqueConstraint("film_id", name="uq_watchlist_film_id"),
    )
    op.create_index("ix_watchlist_position", "watchlist", ["position"])
    op.create_table(
        "viewings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("film_id", sa.Integer(), nullable=False),
        sa.Column("watched_on", sa.Date(), nullable=True),
        sa.Column("rewatch_override", sa.Boolean(), nullable=True),
        sa.Column("where", sa.String(), nullable=True),
        sa.Column("did_not_finish", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["film_id"], ["films.id"], name="fk_viewings_film_id_films", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_viewings"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_viewings_film_id", "viewings", ["film_id"])
    op.create_index("ix_viewings_watched_on", "viewings", ["watched_on"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("film_id", sa.Integer(), nullable=False),
        sa.Column("viewing_id", sa.Integer(), nullable=True),
        sa.Column("rating_tenths", sa.Integer(), nullable=True),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("spoilers", sa.Boolean(), nullable=False),
        sa.Column("draft", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "rating_tenths IS NULL OR rating_tenths BETWEEN 5 AND 100",
            name="ck_reviews_rating_range",
        ),
        sa.ForeignKeyConstraint(
            ["film_id"], ["films.id"], name="fk_reviews_film_id_films", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["viewing_id"],
            ["viewings.id"],
            name="fk_reviews_viewing_id_viewings",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reviews"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_reviews_film_id", "reviews", ["film_id"])
    op.create_index("ix_reviews_viewing_id", "reviews", ["viewing_id"])
    op.create_table(
        "review_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("rating_tenths", sa.Integer(), nullable=True),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["reviews.id"],
            name="fk_review_revisions_review_id_reviews",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_review_revisions"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_review_revisions_review", "review_revisions", ["review_id", "saved_at"])
    op.create_table(
        "review_tags",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["reviews.id"],
            name="fk_review_tags_review_id_reviews",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name="fk_review_tags_tag_id_tags", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("review_id", "tag_id", name="pk_review_tags"),
    )
    op.create_index("ix_review_tags_tag_id", "review_tags", ["tag_id"])


def downgrade() -> None:
    for table in (
        "review_tags",
        "review_revisions",
        "reviews",
        "viewings",
        "watchlist",
        "where_to_watch",
        "tags",
        "films",
    ):
        op.drop_table(table)
