"""Alembic environment: migrations always run on a connection handed in by the app."""

from __future__ import annotations

from alembic import context

from watchjournal.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("WatchJournal migrations run only through watchjournal.storage")

# render_as_batch lets later migrations alter SQLite tables by copy-and-move.
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
