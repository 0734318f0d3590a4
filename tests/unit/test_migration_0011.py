"""Migration 0011 fills the statistics' derived tables from a journal's existing rows,
on both backends, and its downgrade takes them (and their triggers) away again."""

from __future__ import annotations

from datetime import date

from sqlalchemy import inspect, text

from tests.migration_helpers import move
from tests.unit.test_stats import small_journal
from tests.unit.test_stats_derived_property import _engine, expected_tables, stored_tables
from watchjournal.journal import JournalService
from watchjournal.journal.stats_types import StatsPeriod
from watchjournal.paths import AppPaths

DERIVED = {"stats_dirty", "stats_films", "stats_viewings", "stats_reviews", "stats_names"}


def test_upgrade_fills_the_derived_tables_from_existing_rows(
    journal_db: str, app_dirs: AppPaths
) -> None:
    service = JournalService.open(journal_db, app_dirs.backup_dir)
    ids = small_journal(service)
    service.close()
    engine = _engine(journal_db)
    try:
        move(engine, "0010", down=True)
        assert not DERIVED & set(inspect(engine).get_table_names())
        with engine.begin() as connection:  # written at 0010: no triggers, nothing derived
            connection.execute(
                text(
                    "INSERT INTO viewings (film_id, watched_on, did_not_finish, created_at)"
                    " VALUES (:film, :day, false, '2025-07-01 12:00:00')"
                ),
                {"film": ids.parasite, "day": date(2025, 7, 1)},
            )
        move(engine, "head", down=False)
        service = JournalService.open(journal_db, app_dirs.backup_dir)
        try:
            assert stored_tables(engine) == expected_tables(service.list_films())
            stats = service.stats(StatsPeriod.year(2025))
            assert ids.parasite in stats.films.film_ids
            assert stats.viewings.value == 6
        finally:
            service.close()
    finally:
        engine.dispose()
