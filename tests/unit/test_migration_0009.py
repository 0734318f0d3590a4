"""Migration 0009: the covering indexes of the statistics and the watchlist events."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import text

from tests.migration_helpers import move
from watchjournal.journal import FilmFields, JournalService
from watchjournal.journal.stats_types import StatsPeriod
from watchjournal.paths import AppPaths
from watchjournal.storage import migrate
from watchjournal.storage.engine import create_journal_engine, writer
from watchjournal.storage.journal_file import open_journal

FILM = (
    'INSERT INTO films (id, title, title_key, year, directors, "cast", genres, countries,'
    " runtime, liked, created_at, updated_at) VALUES (:id, :title, :key, 2025, '[\"Kim\"]',"
    " '[]', '[]', '[]', 90, 0, '2025-01-01', '2025-01-01')"
)
VIEWING = (
    "INSERT INTO viewings (film_id, watched_on, did_not_finish, created_at)"
    " VALUES (:film, :day, 0, '2025-06-01')"
)


def _old_journal(path: Path) -> None:
    """A journal at revision 0005: two films, three viewings, one film on the watchlist."""
    engine = create_journal_engine(path)
    migrate.upgrade_to_head(writer(engine), target="0005")
    with writer(engine).begin() as connection:
        for id_, title in ((1, "Ballerina"), (2, "Kate")):
            connection.execute(text(FILM), {"id": id_, "title": title, "key": title.lower()})
        for film, day in ((1, "2025-06-01"), (1, "2025-07-01"), (2, "2024-03-01")):
            connection.execute(text(VIEWING), {"film": film, "day": day})
        connection.execute(
            text(
                "INSERT INTO watchlist (film_id, added_at, position)"
                " VALUES (2, '2025-01-02 10:00:00', 0)"
            )
        )
    engine.dispose()


def _names(connection: object, kind: str) -> list[str]:
    statement = text("SELECT name FROM sqlite_master WHERE type = :kind")
    return list(connection.execute(statement, {"kind": kind}).scalars())  # type: ignore[attr-defined]


def test_upgrade_keeps_the_data_and_indexes_the_diary(
    journal_path: Path, app_dirs: AppPaths
) -> None:
    _old_journal(journal_path)
    engine = open_journal(journal_path, app_dirs.backup_dir)
    with writer(engine).begin() as connection:
        indexes = _names(connection, "index")
        assert "ix_viewings_film_diary" in indexes and "ix_viewings_film_id" not in indexes
        assert connection.execute(text("SELECT count(*) FROM watchlist_events")).scalar() == 0
        plan = connection.execute(
            text("EXPLAIN QUERY PLAN SELECT film_id, count(*) FROM viewings GROUP BY film_id")
        ).all()
        assert "COVERING INDEX ix_viewings_film_diary" in str(plan)
    service = JournalService(engine, journal_path)
    try:
        stats = service.stats(StatsPeriod.year(2025))
        assert (stats.films.value, stats.rewatches.value, stats.minutes) == (1, 1, 180)
        # Another program's writes are seen (the file changed).
        with writer(engine).begin() as connection:
            connection.execute(text(VIEWING), {"film": 2, "day": "2025-08-01"})
            connection.execute(text("UPDATE films SET runtime = 100 WHERE id = 1"))
        stats = service.stats(StatsPeriod.year(2025))
        assert (stats.films.value, stats.minutes) == (2, 290)
        service.remove_from_watchlist(1)  # not on it: no event
        service.add_to_watchlist(1)
        service.remove_from_watchlist(1)
        with writer(engine).begin() as connection:
            events = connection.execute(text("SELECT film_id, event FROM watchlist_events"))
            assert events.all() == [(1, "added"), (1, "removed")]
    finally:
        engine.dispose()


def test_downgrade_to_0005_and_back(journal_path: Path, app_dirs: AppPaths) -> None:
    _old_journal(journal_path)
    engine = open_journal(journal_path, app_dirs.backup_dir)
    service = JournalService(engine, journal_path)
    service.remove_from_watchlist(2)
    move(writer(engine), "0005", down=True)
    with writer(engine).begin() as connection:
        assert "watchlist_events" not in _names(connection, "table")
        indexes = _names(connection, "index")
        assert "ix_viewings_film_id" in indexes and "ix_viewings_film_diary" not in indexes
        assert connection.execute(text("SELECT count(*) FROM viewings")).scalar() == 3
        connection.execute(text(VIEWING), {"film": 2, "day": "2025-09-01"})
    migrate.upgrade_to_head(writer(engine))
    try:
        stats = service.stats(StatsPeriod())
        assert (stats.films.value, stats.viewings.value) == (2, 4)
        assert stats.watchlist_removed.value == 0  # the removal went with the downgrade
    finally:
        engine.dispose()


def test_the_watchlist_events_on_both_backends(journal_db: str, app_dirs: AppPaths) -> None:
    service = JournalService.open(journal_db, app_dirs.backup_dir)
    try:
        film = service.add_film(FilmFields("Ballerina", year=2025), watchlist=True)
        service.mark_watched(film.id, date(2025, 6, 1))
        with service._reading() as session:  # the service's own connection, either backend
            events = session.execute(text("SELECT event FROM watchlist_events ORDER BY id"))
            assert events.scalars().all() == ["added", "watched"]
    finally:
        service.close()
