"""Where WatchJournal keeps its files, computed once and overridable.

The journal lives in the platform's user data dir unless ``--db``, the
``WATCHJOURNAL_DB`` environment variable or the ``journal.path`` setting (chosen
in the app's Settings, for the next start) says otherwise, in that order of
precedence; ``AppPaths.journal_source`` says which. ``--db`` and the variable may
also name the URL of a journal on a PostgreSQL server (``AppPaths.server``).
Configuration goes in
the user config dir and caches in the user cache dir (all via platformdirs,
which honours the XDG variables on Linux, so tests can redirect everything).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from watchjournal.config import configured_journal
from watchjournal.storage.server_url import is_server_url

_APP_DIR_NAME = "watchjournal"
DB_ENV_VAR = "WATCHJOURNAL_DB"
JOURNAL_FILE_NAME = "journal.sqlite"


@dataclass(frozen=True)
class AppPaths:
    """The directories and files the app uses."""

    data_dir: Path
    config_dir: Path
    cache_dir: Path
    journal: Path
    # What chose the journal: "option" (--db), "environment", "settings" or "default".
    journal_source: str = "default"
    # The URL of a journal on a PostgreSQL server (``--db postgresql://...``), as
    # given; None for a journal file. When set, ``journal`` is not used as a file.
    server: str | None = None

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def recovery_dir(self) -> Path:
        """Review text kept while the journal could not take it (journal/recovery.py)."""
        return self.data_dir / "recovery"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.json"

    @property
    def log_dir(self) -> Path:
        return self.cache_dir / "logs"


def resolve_paths(db_override: str | os.PathLike[str] | None = None) -> AppPaths:
    """Compute the app paths; ``db_override`` (from ``--db``) beats the env var."""
    data_dir = Path(platformdirs.user_data_dir(_APP_DIR_NAME, appauthor=False))
    config_dir = Path(platformdirs.user_config_dir(_APP_DIR_NAME, appauthor=False))
    cache_dir = Path(platformdirs.user_cache_dir(_APP_DIR_NAME, appauthor=False))
    env_db = os.environ.get(DB_ENV_VAR) or None
    chosen, source = (db_override, "option") if db_override is not None else (env_db, "environment")
    if chosen and is_server_url(str(chosen)):
        default = (data_dir / JOURNAL_FILE_NAME).absolute()
        return AppPaths(data_dir, config_dir, cache_dir, default, source, str(chosen))
    if chosen:
        journal = Path(chosen).expanduser()
    elif (configured := configured_journal(config_dir / "config.json")) is not None:
        journal, source = configured, "settings"
    else:
        journal, source = data_dir / JOURNAL_FILE_NAME, "default"
    return AppPaths(data_dir, config_dir, cache_dir, journal.absolute(), source)


def default_journal() -> Path:
    """Where the journal lives when nothing chooses another place."""
    data_dir = Path(platformdirs.user_data_dir(_APP_DIR_NAME, appauthor=False))
    return (data_dir / JOURNAL_FILE_NAME).absolute()
