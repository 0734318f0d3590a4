"""Alembic migrations for the journal schema (run by storage.journal_file on open)."""
