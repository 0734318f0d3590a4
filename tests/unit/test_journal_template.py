"""The tests' journal template (tests/journal_template.py) gives the journal the migrations give.

Most tests open their journal through it; these check that what they get is
what a user's new journal is: the same schema, settings and file mode, a
search index that follows writes, and real migrations wherever the journal is
not new and empty or the target is not the head.
"""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from tests.journal_template import copying, make_template
from watchjournal.journal import FilmFields, JournalService
from watchjournal.storage import migrate
from watchjournal.storage.engine import create_journal_engine

PRAGMAS = ("user_version", "application_id", "journal_mode", "page_size", "auto_vacuum")


def _described(path: Path) -> tuple[object, ...]:
    """Everything of a journal's make-up: its schema's SQL and its file settings."""
    with sqlite3.connect(path) as connection:
        schema = sorted(connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
        settings = [connection.execute(f"PRAGMA {name}").fetchone() for name in PRAGMAS]
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    return tuple(schema), tuple(settings), tuple(revision)


@pytest.fixture
def made_by_migrations(tmp_path: Path) -> Path:
    folder = tmp_path / "real"
    folder.mkdir()
    return make_template(folder, migrate.upgrade_to_head)


def test_a_journal_from_the_template_is_one_the_migrations_make(
    journal_template: None, made_by_migrations: Path, tmp_path: Path
) -> None:
    assert migrate.upgrade_to_head.__name__ == "upgrade_to_head"
    assert migrate.upgrade_to_head.__module__ == "tests.journal_template"  # active here
    path = tmp_path / "new" / "journal.sqlite"
    service = JournalService.open(path, tmp_path / "backups")
    try:
        film = service.add_film(FilmFields(title="Ballerina", year=2023))
        assert [hit.film.id for hit in service.search("ballerina")] == [film.id]
    finally:
        service.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with sqlite3.connect(path) as connection:
        connection.execute("DELETE FROM films")
    assert _described(path) == _described(made_by_migrations)


def test_a_journal_that_is_not_empty_or_an_older_target_runs_the_migrations(
    made_by_migrations: Path, tmp_path: Path
) -> None:
    calls: list[str] = []

    def real(engine: object, target: str = "head") -> None:
        calls.append(target)
        migrate.upgrade_to_head(engine, target)  # type: ignore[arg-type]

    upgrade = copying(made_by_migrations, real)
    engine = create_journal_engine(tmp_path / "old.sqlite")
    try:
        upgrade(engine, "0008")  # an older revision: the migration tests' way
        upgrade(engine)  # then to the head, from tables already there
    finally:
        engine.dispose()
    assert calls == ["0008", "head"]
    assert _described(tmp_path / "old.sqlite") == _described(made_by_migrations)
    new = create_journal_engine(tmp_path / "new.sqlite")
    try:
        upgrade(new)  # empty, to the head: copied
    finally:
        new.dispose()
    assert calls == ["0008", "head"]
    assert _described(tmp_path / "new.sqlite") == _described(made_by_migrations)
