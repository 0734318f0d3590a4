"""New SQLite journals for tests that only need one, copied from one the migrations made.

Opening a journal file that does not exist yet runs every Alembic migration
(``storage.migrate.upgrade_to_head``): about 0.3 s in a test process, paid by
most tests again and again (the ``service`` fixture, ``journal_db`` on SQLite).
Here the migrations run once per test process, on a template journal; then,
while the fixture ``journal_template`` is active, bringing an *empty* SQLite
journal to the head revision copies the template's pages into it instead
(SQLite's backup API, in the journal's own connection): the same schema, made
by the same migrations, in the file the product created (its folder, mode and
side files are the product's own, made before the migrations run).

Anything else goes through the real migrations: a journal with tables in it
(an upgrade), an older target revision (the migration tests). Tests of making
a journal (tests/unit/test_journal_file.py and the like) do not ask for this
fixture. On PostgreSQL, ``journal_db`` is a database copied from one holding a
journal the migrations made (tests/pg.py, ``create_journal_database``).
"""

from __future__ import annotations

import atexit
import functools
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from watchjournal.demo import create_demo_journal
from watchjournal.metadata.cache import PosterCache
from watchjournal.storage import migrate
from watchjournal.storage.engine import create_journal_engine

Upgrade = Callable[..., None]


def _is_empty(engine: Engine) -> bool:
    with engine.connect() as connection:
        return not connection.scalar(text("SELECT count(*) FROM sqlite_master"))


def make_template(folder: Path, upgrade: Upgrade) -> Path:
    """A journal at the head revision, made by the migrations (``upgrade``)."""
    path = folder / "template.sqlite"
    engine = create_journal_engine(path)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    return path


def copying(template: Path, upgrade: Upgrade) -> Upgrade:
    """``upgrade_to_head`` that copies ``template`` into an empty SQLite journal."""

    def upgrade_to_head(engine: Engine, target: str = "head") -> None:
        if target != "head" or engine.dialect.name != "sqlite" or not _is_empty(engine):
            upgrade(engine, target)
            return
        source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
        connection = engine.raw_connection()
        try:
            source.backup(connection.driver_connection)  # type: ignore[arg-type]
        finally:
            connection.close()
            source.close()

    return upgrade_to_head


def process_folder(prefix: str) -> Path:
    """A temporary folder for this test process, removed when it exits."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@functools.cache
def _migrated() -> Path:
    """This process's template journal (made on first use, by the real migrations)."""
    return make_template(process_folder("watchjournal-template-"), migrate.upgrade_to_head)


@functools.cache
def demo_template() -> Path:
    """A folder with the demo journal (``DEMO_FILE_NAME``) and its posters (``cache``),
    made once per test process: making it takes about 1.5 s."""
    folder = process_folder("watchjournal-demo-")
    create_demo_journal(folder, PosterCache(folder / "cache"))
    return folder


@pytest.fixture
def journal_template(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """For this test, new SQLite journals are copies of one made by the migrations."""
    real = migrate.upgrade_to_head  # (made before the patch below: the real migrations)
    monkeypatch.setattr(migrate, "upgrade_to_head", copying(_migrated(), real))
    yield
