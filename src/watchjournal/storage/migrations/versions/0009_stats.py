"""The statistics: a covering index over the diary, and the watchlist's comings and goings.

- ``ix_viewings_film_diary`` on ``viewings(film_id, watched_on, did_not_finish,
  rewatch_override)``: a film's viewings in diary order without reading the
  table, so the rewatch rule, the per-film counts of a period and the first
  viewing of every film (milestones) are index-only. It starts with
  ``film_id``, so it replaces ``ix_viewings_film_id``.
- ``ix_reviews_film_rating`` on ``reviews(film_id, rating_tenths, viewing_id,
  created_at)``: the rating rule's candidates of a film without reading the
  reviews' text (the statistics ask it of every film of a period).
- ``watchlist_events``: a row each time a film joins the watchlist ("added"),
  leaves it ("removed") or leaves it because it was watched ("watched"), so the
  statistics can count films taken off the watchlist. Nothing was recorded
  before this revision: earlier removals are unknown.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

DIARY_COLUMNS = ["film_id", "watched_on", "did_not_finish", "rewatch_override"]
RATING_COLUMNS = ["film_id", "rating_tenths", "viewing_id", "created_at"]


def upgrade() -> None:
    op.create_index("ix_viewings_film_diary", "viewings", DIARY_COLUMNS)
    op.drop_index("ix_viewings_film_id", table_name="viewings")
    op.create_index("ix_reviews_film_rating", "reviews", RATING_COLUMNS)
    op.create_table(
        "watchlist_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("film_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "event IN ('added', 'removed', 'watched')", name="ck_watchlist_events_event_known"
        ),
        sa.ForeignKeyConstraint(
            ["film_id"], ["films.id"], name="fk_watchlist_events_film_id_films", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_watchlist_events"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_watchlist_events_film_id", "watchlist_events", ["film_id"])
    op.create_index("ix_watchlist_events_at", "watchlist_events", ["at"])


def downgrade() -> None:
    op.drop_index("ix_watchlist_events_at", table_name="watchlist_events")
    op.drop_index("ix_watchlist_events_film_id", table_name="watchlist_events")
    op.drop_table("watchlist_events")
    op.drop_index("ix_reviews_film_rating", table_name="reviews")
    op.create_index("ix_viewings_film_id", "viewings", ["film_id"])
    op.drop_index("ix_viewings_film_diary", table_name="viewings")
