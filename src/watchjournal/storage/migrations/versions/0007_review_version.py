"""Several machines at once: a version number on reviews, and the journal's change counter.

``reviews.version`` goes up with every save, so a save from an editor that
loaded an older version knows another machine saved in between (and keeps
that machine's text as a revision). ``journal_changes`` is one row whose
``counter`` every write transaction raises: a window polls it to see other
machines' changes without a restart.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: a batch copy of ``reviews`` would drop the search triggers on it.
    op.add_column("reviews", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    changes = op.create_table(
        "journal_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("counter", sa.BigInteger(), nullable=False, server_default="0"),
        sa.CheckConstraint("id = 1", name="ck_journal_changes_one_row"),
        sa.PrimaryKeyConstraint("id", name="pk_journal_changes"),
    )
    op.bulk_insert(changes, [{"id": 1, "counter": 0}])


def downgrade() -> None:
    op.drop_table("journal_changes")
    # Plain DROP COLUMN (SQLite 3.35+): a batch copy would drop the search triggers.
    op.execute("ALTER TABLE reviews DROP COLUMN version")
