"""Storage layer: ORM models, the SQLite engine and Alembic migrations (no Qt here)."""
