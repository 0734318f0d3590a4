"""The same migrations on both backends: the schema they make is the models' schema,
and a journal of a newer schema is refused untouched."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect, text

from watchjournal.errors import NewerJournalError
from watchjournal.journal import JournalService
from watchjournal.journal.types import FilmFields
from watchjournal.paths import AppPaths
from watchjournal.storage.models import Base
from watchjournal.storage.server_url import server_url

# SQLite's search objects (migrations 0003, 0005, 0015): FTS5 and its shadow tables, the
# vocabulary and its scratch tables, not models.
SQLITE_SEARCH_OBJECTS = ("search_index", "search_documents", "search_words")


def _engine(journal_db: str) -> Engine:
    if journal_db.startswith("postgresql"):
        return create_engine(server_url(journal_db))
    return create_engine(f"sqlite:///{journal_db}")


def _include(obj: Any, name: str | None, kind: str, reflected: bool, _other: Any) -> bool:
    del obj, kind, reflected
    return not (name or "").startswith(SQLITE_SEARCH_OBJECTS)


def test_the_migrated_schema_is_the_models_schema(journal_db: str, app_dirs: AppPaths) -> None:
    JournalService.open(journal_db, app_dirs.backup_dir).close()
    engine = _engine(journal_db)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"include_object": _include, "compare_type": True}
            )
            differences = compare_metadata(context, Base.metadata)
            tables = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    assert differences == []
    assert {"films", "viewings", "reviews", "film_links", "alembic_version"} <= tables


def test_a_newer_journal_is_refused_untouched(journal_db: str, app_dirs: AppPaths) -> None:
    service = JournalService.open(journal_db, app_dirs.backup_dir)
    service.add_film(FilmFields("Ballerina", year=2023))
    service.close()
    engine = _engine(journal_db)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        with pytest.raises(NewerJournalError, match="newer version of WatchJournal"):
            JournalService.open(journal_db, app_dirs.backup_dir)
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT version_num FROM alembic_version")) == "9999"
            assert connection.scalar(text("SELECT title FROM films")) == "Ballerina"
    finally:
        engine.dispose()
