"""Named, ordered film lists (what Letterboxd users keep as lists).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "film_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("length(trim(name)) > 0", name="ck_film_lists_name_not_blank"),
        sa.PrimaryKeyConstraint("id", name="pk_film_lists"),
    )
    op.create_table(
        "film_list_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("film_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["film_lists.id"],
            name="fk_film_list_entries_list_id_film_lists",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["film_id"],
            ["films.id"],
            name="fk_film_list_entries_film_id_films",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_film_list_entries"),
    )
    op.create_index("ix_film_list_entries_list_id", "film_list_entries", ["list_id"])
    op.create_index("ix_film_list_entries_film_id", "film_list_entries", ["film_id"])


def downgrade() -> None:
    op.drop_table("film_list_entries")
    op.drop_table("film_lists")
