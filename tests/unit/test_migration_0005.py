"""Migration 0005: diary-entry tags in the search index, Trakt ids, links, ranked lists."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.migration_helpers import move
from watchjournal.journal import JournalService
from watchjournal.paths import AppPaths
from watchjournal.storage import migrate
from watchjournal.storage.engine import create_journal_engine, writer
from watchjournal.storage.journal_file import open_journal

FILM = (
    'INSERT INTO films (id, title, title_key, directors, "cast", genres, countries,'
    " liked, created_at, updated_at) VALUES (:id, :title, :key, '[]', '[]', '[]', '[]', 0,"
    " '2025-01-01', '2025-01-01')"
)


def _old_journal(path: Path) -> None:
    """A journal at revision 0004 with two films, a viewing and a list."""
    engine = create_journal_engine(path)
    migrate.upgrade_to_head(writer(engine), target="0004")
    with writer(engine).begin() as connection:
        for id_, title in ((1, "Ballerina"), (2, "Kate")):
            connection.execute(text(FILM), {"id": id_, "title": title, "key": title.lower()})
        connection.execute(
            text(
                "INSERT INTO viewings (id, film_id, watched_on, did_not_finish, created_at)"
                " VALUES (5, 1, '2025-06-01', 0, '2025-06-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO film_lists (id, name, created_at, updated_at)"
                " VALUES (1, 'Revenge', '2025-01-01', '2025-01-01')"
            )
        )
    engine.dispose()


def _found(service: JournalService, query: str) -> list[str]:
    return [service.get_film(i).title for i in service.search_film_ids(query)]


def test_upgrade_keeps_the_data_and_indexes_diary_tags(
    journal_path: Path, app_dirs: AppPaths
) -> None:
    _old_journal(journal_path)
    engine = open_journal(journal_path, app_dirs.backup_dir)
    with writer(engine).begin() as connection:
        assert connection.execute(text("SELECT content_notes FROM films")).scalars().all() == [
            "[]",
            "[]",
        ]
        assert connection.execute(text("SELECT ranked FROM film_lists")).scalar_one() == 0
        connection.execute(
            text("INSERT INTO tags (id, name, name_key) VALUES (3, 'wickverse', 'wickverse')")
        )
        connection.execute(
            text("INSERT INTO viewing_tags (viewing_id, tag_id, position) VALUES (5, 3, 0)")
        )
    service = JournalService(engine, journal_path)
    try:
        assert _found(service, "tag:wickverse") == ["Ballerina"]
        with writer(engine).begin() as connection:
            connection.execute(text("UPDATE tags SET name = 'assassins' WHERE id = 3"))
        assert _found(service, "tag:assassins") == ["Ballerina"]
        assert _found(service, "tag:wickverse") == []
        with writer(engine).begin() as connection:
            connection.execute(text("DELETE FROM viewing_tags"))
        assert _found(service, "tag:assassins") == []
    finally:
        engine.dispose()


def test_new_constraints_hold(journal_path: Path, app_dirs: AppPaths) -> None:
    _old_journal(journal_path)
    open_journal(journal_path, app_dirs.backup_dir).dispose()
    with sqlite3.connect(journal_path) as connection:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("UPDATE films SET trakt_id = 7 WHERE id = 1")
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute("UPDATE films SET trakt_id = 7 WHERE id = 2")
        link = "INSERT INTO film_links (film_id, other_id, created_at) VALUES (?, ?, '2025-01-01')"
        connection.execute(link, (1, 2))
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute(link, (1, 2))  # once per pair
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute(link, (2, 1))  # the smaller id first
        connection.execute("DELETE FROM films WHERE id = 2")
        assert connection.execute("SELECT count(*) FROM film_links").fetchone() == (0,)


def test_downgrade_to_0004_and_back(journal_path: Path, app_dirs: AppPaths) -> None:
    _old_journal(journal_path)
    engine = open_journal(journal_path, app_dirs.backup_dir)
    move(writer(engine), "0004", down=True)
    with writer(engine).begin() as connection:
        tables = connection.execute(text("SELECT name FROM sqlite_master")).scalars().all()
        assert "viewing_tags" not in tables and "film_links" not in tables
        columns = connection.execute(text("SELECT name FROM pragma_table_info('films')"))
        assert "trakt_id" not in columns.scalars().all()
    migrate.upgrade_to_head(writer(engine))
    service = JournalService(engine, journal_path)
    try:
        assert _found(service, "ballerina") == ["Ballerina"]
    finally:
        engine.dispose()
