"""The first page read with plain sqlite3 before SQLAlchemy (storage.quick_read,
journal.first_page): the same rows as the service, only from a journal that is
safely readable as it is, and nothing written."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from tests.lock_holder import EXCLUSIVE, hold_journal
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.journal.first_page import first_page
from watchjournal.journal.library import _sql, film_rows_select
from watchjournal.journal.rows import FilmQuery
from watchjournal.paths import AppPaths
from watchjournal.storage import backup, health
from watchjournal.storage.engine import BUSY_TIMEOUT_VARIABLE
from watchjournal.storage.quick_read import FILM_ROWS_SQL


def test_film_rows_sql_is_the_services_own_statement() -> None:
    # When the rating or rewatch rule (or a list row) changes, paste this text into
    # storage/quick_read.py's FILM_ROWS_SQL.
    compiled = " ".join(_sql(film_rows_select()).split())
    assert compiled == FILM_ROWS_SQL, compiled


def _fill(service: JournalService) -> None:
    """Films whose rows exercise every column: ratings by the rating rule, rewatches,
    likes, notes, blanks and text that sorts by its folded form."""
    ids = [
        service.add_film(FilmFields(title, year=year, directors=directors)).id
        for title, year, directors in [
            ("Paterson", 2016, ["Jim Jarmusch"]),
            ("élan", None, []),
            ("Ballerina", 2023, ["Lee Chung-hyun", "Someone Else"]),
            ("alpha", 1999, ["Ann"]),
            ("Zodiac", 2007, ["David Fincher"]),
        ]
    ]
    paterson, elan, ballerina, alpha, zodiac = ids
    service.mark_watched(paterson, date(2024, 5, 1))
    latest = service.mark_watched(paterson, date(2025, 1, 2))  # a rewatch
    # The review of the latest viewing gives the rating, not the one written last.
    service.write_review(paterson, ReviewFields(rating_tenths=64, viewing_id=latest.id))
    service.write_review(paterson, ReviewFields(rating_tenths=81, body="second"))
    service.mark_watched(ballerina, date(2023, 10, 6))
    service.write_review(ballerina, ReviewFields(rating_tenths=50, body="fine"))
    service.set_liked(alpha, True)
    service.add_to_watchlist(zodiac, note="the long cut")
    service.add_to_watchlist(elan)


def _closed(service: JournalService) -> None:
    service.close()  # records the clean close, as the app and the CLI do


@pytest.fixture
def filled(journal_path: Path, app_dirs: AppPaths) -> Path:
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    _fill(service)
    _closed(service)
    return journal_path


def _service_rows(path: Path, backup_dir: Path, query: FilmQuery) -> list[object]:
    service = JournalService.open(path, backup_dir)
    try:
        return service.film_rows_by_ids(service.film_ids(query))
    finally:
        service.close()


def test_the_watchlist_comes_first_with_the_services_rows(filled: Path, app_dirs: AppPaths) -> None:
    page = first_page(filled, app_dirs.backup_dir, 200)
    assert page is not None
    query = FilmQuery(kind="watchlist", sort="watchlist")
    assert (page.view, page.query, page.film_count) == ("watchlist", query, 5)
    assert page.rows == _service_rows(filled, app_dirs.backup_dir, query)
    assert [row.title for row in page.rows] == ["Zodiac", "élan"]
    assert page.rows[0].watchlist_note == "the long cut"


def test_without_a_watchlist_every_film_by_title(journal_path: Path, app_dirs: AppPaths) -> None:
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    _fill(service)
    for film in service.list_films():
        if film.on_watchlist:
            service.remove_from_watchlist(film.id)
    _closed(service)
    page = first_page(journal_path, app_dirs.backup_dir, 200)
    assert page is not None and page.view == "films" and page.query == FilmQuery()
    rows = _service_rows(journal_path, app_dirs.backup_dir, FilmQuery())
    assert page.rows == rows  # every column, typed as the service types it
    paterson = next(row for row in rows if row.title == "Paterson")
    assert (paterson.rating_tenths, paterson.rewatched) == (64, True)
    assert paterson.last_watched == date(2025, 1, 2)
    # The page is only as long as asked.
    short = first_page(journal_path, app_dirs.backup_dir, 2)
    assert short is not None and short.rows == rows[:2]


def test_an_empty_journal_has_an_empty_first_page(journal_path: Path, app_dirs: AppPaths) -> None:
    _closed(JournalService.open(journal_path, app_dirs.backup_dir))
    page = first_page(journal_path, app_dirs.backup_dir, 200)
    assert page is not None
    assert (page.view, page.film_count, page.rows) == ("films", 0, [])


def test_reading_the_first_page_changes_nothing(filled: Path, app_dirs: AppPaths) -> None:
    before = sorted(filled.parent.iterdir()), health.FileStamp.of(filled)
    assert first_page(filled, app_dirs.backup_dir, 200) is not None
    assert (sorted(filled.parent.iterdir()), health.FileStamp.of(filled)) == before
    record = backup.clean_close_record(filled, app_dirs.backup_dir)
    assert health.closed_cleanly(filled, record)  # still as the last clean close left it


def test_a_missing_file_or_another_file_takes_the_usual_path(
    tmp_path: Path, app_dirs: AppPaths
) -> None:
    assert first_page(tmp_path / "nothing.sqlite", app_dirs.backup_dir, 200) is None
    text = tmp_path / "notes.sqlite"
    text.write_text("not a journal")
    assert first_page(text, app_dirs.backup_dir, 200) is None
    assert first_page(tmp_path, app_dirs.backup_dir, 200) is None  # a folder


def test_a_journal_changed_since_its_clean_close_takes_the_usual_path(
    filled: Path, app_dirs: AppPaths
) -> None:
    # Written by something else (or damaged): the checks must run before anything shows.
    with sqlite3.connect(filled) as connection:
        connection.execute("UPDATE films SET title = 'Changed' WHERE title = 'Zodiac'")
    connection.close()
    assert first_page(filled, app_dirs.backup_dir, 200) is None


def test_a_journal_open_elsewhere_takes_the_usual_path(filled: Path, app_dirs: AppPaths) -> None:
    service = JournalService.open(filled, app_dirs.backup_dir)
    try:
        service.count_films()  # a -wal file exists while it is open
        assert first_page(filled, app_dirs.backup_dir, 200) is None
    finally:
        service.close()
    assert first_page(filled, app_dirs.backup_dir, 200) is not None


def test_a_journal_to_upgrade_or_from_a_newer_version_takes_the_usual_path(
    filled: Path, app_dirs: AppPaths
) -> None:
    record = backup.clean_close_record(filled, app_dirs.backup_dir)
    for revision in ("0004", "9999"):
        with sqlite3.connect(filled) as connection:
            connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        connection.close()
        health.record_clean_close(filled, record)  # as if closed cleanly like this
        assert first_page(filled, app_dirs.backup_dir, 200) is None, revision


def test_a_journal_another_program_holds_takes_the_usual_path_at_once(
    filled: Path, app_dirs: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The usual path then says the journal is busy and offers to try again.
    monkeypatch.setenv(BUSY_TIMEOUT_VARIABLE, "10000")  # what a connection would wait
    with hold_journal(filled, *EXCLUSIVE):
        began = time.monotonic()
        assert first_page(filled, app_dirs.backup_dir, 200) is None
        assert time.monotonic() - began < 2


def test_the_start_path_imports_no_sqlalchemy() -> None:
    script = (
        "import sys\n"
        "import watchjournal.cli.main, watchjournal.ui.app, watchjournal.ui.window.startup\n"
        "import watchjournal.journal.first_page, watchjournal.paths\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout
