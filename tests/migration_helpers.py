"""Helpers the migration tests share: moving a journal to a given Alembic revision."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import Engine, create_engine

from watchjournal.storage import migrate


def sqlite_engine(path: Path) -> Engine:
    """A plain engine on the journal file at ``path`` (no app pragmas, no migration)."""
    return create_engine(f"sqlite:///{path}")


def move(engine: Engine, target: str, *, down: bool) -> None:
    """Upgrade (or, with ``down``, downgrade) the journal behind ``engine`` to ``target``."""
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, target)
