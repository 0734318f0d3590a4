"""A review's tags keep the order they were typed (``review_tags.position``).

Until now ``review_tags`` had no order and a review's tags were shown sorted by
name; diary-entry tags already kept theirs (``viewing_tags.position``, 0005).
Existing rows are numbered in the order they were shown until now: by the
tag's ``name_key``, per review.

Plain ``ADD COLUMN`` (with a default, so the NOT NULL column can be added to a
filled table) and an ``UPDATE``, on SQLite and PostgreSQL alike: a batch copy
of ``review_tags`` would drop SQLite's search triggers on it (0008) and
PostgreSQL's (search/pg_schema.py). The search index is untouched: it holds a
film's tags, not their order, and the sync triggers watch ``review_id`` and
``tag_id`` only, so the numbering does not fire them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# A row's position: how many tags of the same review sort before its tag
# (``name_key`` is unique, so the positions of a review are 0, 1, 2, ...).
NUMBER_BY_NAME = """
UPDATE review_tags SET position = (
    SELECT count(*) FROM review_tags AS other
    JOIN tags AS other_tag ON other_tag.id = other.tag_id
    WHERE other.review_id = review_tags.review_id
    AND other_tag.name_key < (SELECT name_key FROM tags WHERE tags.id = review_tags.tag_id)
)
"""


def upgrade() -> None:
    op.add_column(
        "review_tags",
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
    )
    op.execute(NUMBER_BY_NAME)


def downgrade() -> None:
    op.drop_column("review_tags", "position")
