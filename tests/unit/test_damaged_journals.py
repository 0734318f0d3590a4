"""Damaged, foreign and newer journals are refused before anything is written; only a
damaged one comes with an offer of the latest good backup; a full disk or read-only
journal fails cleanly."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from tests.journal_helpers import dump
from tests.unit.test_journal_file import tiny_png
from watchjournal.errors import (
    DamagedJournalError,
    DiskFullError,
    JournalFileError,
    NewerJournalError,
    NotAJournalError,
    ReadOnlyJournalError,
)
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.paths import AppPaths
from watchjournal.storage import backup, health
from watchjournal.storage.engine import create_journal_engine
from watchjournal.storage.journal_file import open_journal

PAGE = 4096


def fill_journal(path: Path, backup_dir: Path, films: int = 40) -> None:
    """A journal of many pages (so that there is a middle to damage), closed cleanly."""
    service = JournalService.open(path, backup_dir)
    for number in range(films):
        film = service.add_film(
            FilmFields(f"Film {number}", year=2000 + number % 20, synopsis="words " * 500)
        )
        service.write_review(film.id, ReviewFields(rating_tenths=70, body="a review " * 50))
    service.close()
    assert not health.wal_path(path).exists()


def _truncate_to_half_pages(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.truncate((size // PAGE // 2) * PAGE)


def _truncate_mid_page(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size - 1000)


def _garbage_in_middle_page(path: Path) -> None:
    middle = path.stat().st_size // PAGE // 2
    with path.open("r+b") as handle:
        handle.seek(middle * PAGE)
        handle.write(bytes((i * 7 + 3) % 256 for i in range(PAGE)))


def _png(path: Path) -> None:
    path.write_bytes(tiny_png())


def _newer_version(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()


DAMAGES: dict[str, tuple[Callable[[Path], None], type[JournalFileError]]] = {
    "truncated": (_truncate_to_half_pages, DamagedJournalError),
    "truncated-mid-page": (_truncate_mid_page, DamagedJournalError),
    "garbage-page": (_garbage_in_middle_page, DamagedJournalError),
    "wrong-file-type": (_png, NotAJournalError),
    "newer-version": (_newer_version, NewerJournalError),
}


@pytest.fixture
def filled(journal_path: Path, app_dirs: AppPaths) -> Path:
    fill_journal(journal_path, app_dirs.backup_dir)
    return journal_path


def _assert_untouched(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    assert not health.wal_path(path).exists()
    assert not health.shm_path(path).exists()


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_damage_is_refused_untouched_without_backup(
    filled: Path, app_dirs: AppPaths, damage: str
) -> None:
    damage_file, error = DAMAGES[damage]
    damage_file(filled)
    before = filled.read_bytes()
    with pytest.raises(error) as caught:
        open_journal(filled, app_dirs.backup_dir)
    assert str(filled) in str(caught.value)
    assert caught.value.backup is None
    _assert_untouched(filled, before)


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_only_damage_offers_the_latest_good_backup(
    filled: Path, app_dirs: AppPaths, damage: str
) -> None:
    good = backup.make_backup(filled, app_dirs.backup_dir)
    damage_file, error = DAMAGES[damage]
    damage_file(filled)
    before = filled.read_bytes()
    with pytest.raises(error) as caught:
        open_journal(filled, app_dirs.backup_dir)
    message = str(caught.value)
    if error is DamagedJournalError:
        assert caught.value.backup == good
        assert f"watchjournal --db {filled} restore {good}" in message
    else:
        # A foreign file is probably the wrong --db; a newer one needs a newer app.
        assert caught.value.backup is None
        assert "restore" not in message
    _assert_untouched(filled, before)


def test_a_damaged_backup_is_not_offered(filled: Path, app_dirs: AppPaths) -> None:
    older = backup.make_backup(filled, app_dirs.backup_dir)
    newer = backup.make_backup(filled, app_dirs.backup_dir)
    _garbage_in_middle_page(newer)
    _garbage_in_middle_page(filled)
    with pytest.raises(DamagedJournalError) as caught:
        open_journal(filled, app_dirs.backup_dir)
    assert caught.value.backup == older


def test_garbage_is_found_even_when_the_cheap_policy_applies(
    filled: Path, app_dirs: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the size threshold off, a file changed after a clean close is still checked."""
    monkeypatch.setattr(health, "FULL_CHECK_ALWAYS_BELOW", 0)
    backup.make_backup(filled, app_dirs.backup_dir)  # so no backup (and check) is due
    JournalService.open(filled, app_dirs.backup_dir).close()  # records a clean close
    time.sleep(0.05)  # file times tick at the kernel's clock resolution
    _garbage_in_middle_page(filled)
    with pytest.raises(DamagedJournalError):
        open_journal(filled, app_dirs.backup_dir)


def test_full_check_is_skipped_after_a_clean_close(
    filled: Path, app_dirs: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(health, "FULL_CHECK_ALWAYS_BELOW", 0)
    backup.make_backup(filled, app_dirs.backup_dir)
    checked: list[Path] = []
    real_verify = health.verify

    def counting_verify(path: Path) -> None:
        checked.append(path)
        real_verify(path)

    monkeypatch.setattr(health, "verify", counting_verify)
    record = backup.clean_close_record(filled, app_dirs.backup_dir)
    record.unlink(missing_ok=True)
    open_journal(filled, app_dirs.backup_dir).dispose()  # no record yet: full check
    assert checked == [filled]
    open_journal(filled, app_dirs.backup_dir).dispose()  # clean close recorded: cheap
    assert checked == [filled]
    health.wal_path(filled).write_bytes(b"")  # as a killed process leaves it
    assert health.needs_full_check(filled, record)


def test_a_due_backup_always_runs_the_full_check(
    filled: Path, app_dirs: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(health, "FULL_CHECK_ALWAYS_BELOW", 0)
    JournalService.open(filled, app_dirs.backup_dir).close()
    for old in backup.list_backups(filled, app_dirs.backup_dir):
        old.path.unlink()
    time.sleep(0.05)
    _garbage_in_middle_page(filled)
    os.utime(filled, ns=(filled.stat().st_atime_ns, filled.stat().st_mtime_ns))
    # Pretend the record still matches: only the due backup's check can find the damage.
    health.record_clean_close(filled, backup.clean_close_record(filled, app_dirs.backup_dir))
    with pytest.raises(DamagedJournalError):
        open_journal(filled, app_dirs.backup_dir)
    assert backup.list_backups(filled, app_dirs.backup_dir) == []


def _service_with(
    path: Path, backup_dir: Path, pragma: Callable[[sqlite3.Connection], None]
) -> JournalService:
    open_journal(path, backup_dir).dispose()
    engine: Engine = create_journal_engine(path)
    event.listen(engine, "connect", lambda connection, _record: pragma(connection))
    return JournalService(engine, path)


def _limit_pages(connection: sqlite3.Connection) -> None:
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages + 1}")


def test_a_full_disk_fails_clearly_and_changes_nothing(filled: Path, app_dirs: AppPaths) -> None:
    service = _service_with(filled, app_dirs.backup_dir, _limit_pages)
    before = dump(filled)
    with pytest.raises(DiskFullError, match=r"the disk is full.*nothing was changed"):
        service.add_film(FilmFields("Too Long", synopsis="x" * 200_000), watchlist=True)
    service.close()
    assert dump(filled) == before


def test_a_read_only_journal_fails_clearly_and_changes_nothing(
    filled: Path, app_dirs: AppPaths
) -> None:
    def query_only(connection: sqlite3.Connection) -> None:
        connection.execute("PRAGMA query_only = ON")

    service = _service_with(filled, app_dirs.backup_dir, query_only)
    film = service.resolve_film("Film 3")
    before = dump(filled)
    with pytest.raises(ReadOnlyJournalError, match=r"read-only.*nothing was changed"):
        service.delete_film(film.id)
    service.close()
    assert dump(filled) == before
