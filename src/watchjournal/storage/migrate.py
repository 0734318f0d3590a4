"""Running the Alembic migrations programmatically on a journal engine."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

SCRIPT_LOCATION = "watchjournal.storage:migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations folder has no revisions"
    return head


def is_known_revision(revision: str) -> bool:
    script = ScriptDirectory.from_config(alembic_config())
    return any(rev.revision == revision for rev in script.walk_revisions())


def upgrade_to_head(engine: Engine, target: str = "head") -> None:
    """Migrate in one transaction: a failure leaves the journal as it was."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def upgrade_connection(connection: Connection, target: str = "head") -> None:
    """Migrate inside the caller's transaction on ``connection`` (a server journal
    takes a lock first in the same transaction)."""
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, target)
