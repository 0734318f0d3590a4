"""A journal another process holds is busy, never damaged, and restore never destroys its data.

Every test uses a real second process (``tests.lock_holder``) holding SQLite's
locks, and a short busy timeout so that nothing waits the default 10 s.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from tests.lock_holder import (
    EXCLUSIVE,
    OTHER_PROGRAMS_ROW,
    WRITING,
    hold_journal,
    other_programs_rows,
)
from tests.unit.test_damaged_journals import dump, fill_journal
from watchjournal.errors import DamagedJournalError, JournalBusyError
from watchjournal.journal import FilmFields, JournalService
from watchjournal.paths import AppPaths
from watchjournal.storage import backup, health
from watchjournal.storage.engine import BUSY_TIMEOUT_VARIABLE
from watchjournal.storage.journal_file import open_journal, read_revision

PAGE = 4096


@pytest.fixture(autouse=True)
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BUSY_TIMEOUT_VARIABLE, "300")


@pytest.fixture
def filled(journal_path: Path, app_dirs: AppPaths) -> Path:
    fill_journal(journal_path, app_dirs.backup_dir, films=12)
    return journal_path


def test_a_write_while_another_process_writes_is_busy(filled: Path, app_dirs: AppPaths) -> None:
    service = JournalService.open(filled, app_dirs.backup_dir)
    try:
        before = dump(filled)
        with hold_journal(filled, WRITING):
            started = time.monotonic()
            with pytest.raises(JournalBusyError, match=r"busy.*nothing was changed"):
                service.add_film(FilmFields("Ran", year=1985))
            assert time.monotonic() - started < 5, "the injected busy timeout is used"
            # Readers are not blocked by a writer in WAL mode.
            assert len(service.list_films()) == 12
        assert dump(filled) == before
        service.add_film(FilmFields("Ran", year=1985))  # works once the other program is done
    finally:
        service.close()


def test_opening_a_journal_another_process_holds_exclusively_is_busy_not_damaged(
    filled: Path, app_dirs: AppPaths
) -> None:
    backup.make_backup(filled, app_dirs.backup_dir)  # a good backup exists: still not offered
    with hold_journal(filled, *OTHER_PROGRAMS_ROW, *EXCLUSIVE):
        with pytest.raises(JournalBusyError) as caught:
            open_journal(filled, app_dirs.backup_dir)
        assert caught.value.backup is None
        assert "damaged" not in str(caught.value) and "restore" not in str(caught.value)
        with pytest.raises(JournalBusyError):
            health.find_problems(filled)
    assert other_programs_rows(filled) == ["committed by another program"]


def test_a_rollback_journal_being_written_is_busy_not_read_half_written(filled: Path) -> None:
    """Without a -wal file the checks used to read the file without locks (immutable)."""
    with sqlite3.connect(filled) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()
    with hold_journal(filled, "BEGIN EXCLUSIVE", "UPDATE films SET title = 'half-written'"):
        with pytest.raises(JournalBusyError):
            read_revision(filled)
        with pytest.raises(JournalBusyError):
            health.verify(filled)
    assert read_revision(filled) is not None


@pytest.mark.parametrize("holding", [(), (WRITING,)], ids=["open", "writing"])
def test_restore_refuses_while_another_process_has_the_journal_open(
    filled: Path, app_dirs: AppPaths, holding: tuple[str, ...]
) -> None:
    saved = backup.make_backup(filled, app_dirs.backup_dir)
    backups_before = sorted(app_dirs.backup_dir.iterdir())
    with hold_journal(filled, *OTHER_PROGRAMS_ROW, *holding):
        wal = health.wal_path(filled).read_bytes()
        assert wal, "the other program's committed row is in its -wal"
        with pytest.raises(JournalBusyError, match="open in another program"):
            backup.restore_journal(saved, filled, app_dirs.backup_dir)
        assert health.wal_path(filled).read_bytes() == wal
        assert health.shm_path(filled).exists()
    assert other_programs_rows(filled) == ["committed by another program"]
    assert sorted(app_dirs.backup_dir.iterdir()) == backups_before


def test_restore_of_a_damaged_journal_refuses_while_another_process_has_it_open(
    filled: Path, app_dirs: AppPaths
) -> None:
    saved = backup.make_backup(filled, app_dirs.backup_dir)
    # The films table's first page: the other program's write below never reads it
    # (the middle of the file may be the schema's, which every connection reads).
    with sqlite3.connect(filled) as connection:
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'films'"
        ).fetchone()
    connection.close()
    with filled.open("r+b") as handle:
        handle.seek((root - 1) * PAGE)
        handle.write(bytes((i * 7 + 3) % 256 for i in range(PAGE)))
    with hold_journal(filled, *OTHER_PROGRAMS_ROW):
        with pytest.raises(DamagedJournalError):
            health.verify(filled)
        damaged, wal = filled.read_bytes(), health.wal_path(filled).read_bytes()
        with pytest.raises(JournalBusyError):
            backup.restore_journal(saved, filled, app_dirs.backup_dir)
        assert filled.read_bytes() == damaged
        assert health.wal_path(filled).read_bytes() == wal
    # Once the other program is gone the damaged journal is replaced (and kept).
    kept = backup.restore_journal(saved, filled, app_dirs.backup_dir)
    assert kept is not None and "damaged" in kept.name
    assert len(JournalService.open(filled, app_dirs.backup_dir).list_films()) == 12


def test_the_service_restore_refuses_while_another_process_has_the_journal_open(
    filled: Path, app_dirs: AppPaths
) -> None:
    service = JournalService.open(filled, app_dirs.backup_dir)
    try:
        saved = service.back_up_now()
        service.add_film(FilmFields("Ran", year=1985))
        with hold_journal(filled, *OTHER_PROGRAMS_ROW), pytest.raises(JournalBusyError):
            service.restore_backup(saved)
        assert other_programs_rows(filled) == ["committed by another program"]
        assert len(service.list_films()) == 13
        service.restore_backup(saved)  # the service's own connections do not count
        assert len(service.list_films()) == 12
    finally:
        service.close()
