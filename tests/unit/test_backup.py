"""Backups: consistent (online backup API), automatic once a day, rotated per journal; restore."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.journal_helpers import dump
from watchjournal.errors import DamagedJournalError, NewerJournalError
from watchjournal.journal import FilmFields, JournalService
from watchjournal.paths import AppPaths
from watchjournal.storage import backup, health
from watchjournal.storage.journal_file import HEAD_REVISION, open_journal, read_revision


def titles(path: Path, backup_dir: Path) -> list[str]:
    service = JournalService.open(path, backup_dir)
    try:
        return [f.title for f in service.list_films()]
    finally:
        service.close()


def _age(info: backup.BackupInfo, days: float) -> Path:
    """Rename a backup as if it had been taken ``days`` earlier."""
    key = info.path.name.split("-")[-3]
    stem_and_reason = info.path.name[: info.path.name.index(f"-{key}-")]
    stamp = (info.taken_at - timedelta(days=days)).strftime("%Y%m%d-%H%M%S")
    return info.path.rename(info.path.with_name(f"{stem_and_reason}-{key}-{stamp}.sqlite"))


def test_backup_is_consistent_and_self_contained(
    service: JournalService, journal_path: Path, app_dirs: AppPaths
) -> None:
    service.add_film(FilmFields("Paterson", year=2016))
    reader = sqlite3.connect(journal_path)
    reader.execute("BEGIN IMMEDIATE")  # an uncommitted write must not be in the backup
    reader.execute("UPDATE films SET title = 'half-written'")
    copy = backup.make_backup(journal_path, app_dirs.backup_dir)
    reader.rollback()
    reader.close()
    assert copy.name.startswith(f"journal-{backup.journal_key(journal_path)}-")
    assert dump(copy) == dump(journal_path)
    assert "half-written" not in "".join(dump(copy))
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    connection.close()
    assert not health.wal_path(copy).exists()
    assert read_revision(copy) == HEAD_REVISION


def test_a_new_journal_is_not_backed_up(journal_path: Path, app_dirs: AppPaths) -> None:
    open_journal(journal_path, app_dirs.backup_dir).dispose()
    assert backup.list_backups(journal_path, app_dirs.backup_dir) == []


def test_opening_backs_up_once_a_day(journal_path: Path, app_dirs: AppPaths) -> None:
    open_journal(journal_path, app_dirs.backup_dir).dispose()
    open_journal(journal_path, app_dirs.backup_dir).dispose()  # existing: backed up
    open_journal(journal_path, app_dirs.backup_dir).dispose()  # same day: not again
    [first] = backup.list_backups(journal_path, app_dirs.backup_dir)
    assert not backup.backup_due(journal_path, app_dirs.backup_dir)
    assert backup.backup_due(
        journal_path, app_dirs.backup_dir, now=first.taken_at + timedelta(days=1)
    )
    _age(first, days=1.5)
    open_journal(journal_path, app_dirs.backup_dir).dispose()
    assert len(backup.list_backups(journal_path, app_dirs.backup_dir)) == 2


def test_journals_with_the_same_name_never_mix(tmp_path: Path, app_dirs: AppPaths) -> None:
    home = tmp_path / "home-folder" / "journal.sqlite"
    work = tmp_path / "work-folder" / "journal.sqlite"
    for path in (home, work):
        open_journal(path, app_dirs.backup_dir).dispose()
    home_backups = [backup.make_backup(home, app_dirs.backup_dir) for _ in range(5)]
    work_backup = backup.make_backup(work, app_dirs.backup_dir)
    assert [b.path for b in backup.list_backups(work, app_dirs.backup_dir)] == [work_backup]
    assert work_backup.exists()  # rotating home's backups left work's alone
    assert {b.path for b in backup.list_backups(home, app_dirs.backup_dir)} <= set(home_backups)


def _info(when: datetime, name: str | None = None) -> backup.BackupInfo:
    return backup.BackupInfo(Path(name or when.isoformat()), when, None)


def test_rotation_keeps_last_three_seven_days_and_four_weeks() -> None:
    now = datetime(2025, 6, 30, 9, 0)
    daily = [_info(now - timedelta(days=n)) for n in range(60)]
    extra_today = [_info(now - timedelta(hours=h)) for h in (1, 2)]
    kept = backup.backups_to_keep(daily + extra_today)
    expected_days = {now - timedelta(days=n) for n in range(7)} | {
        now - timedelta(hours=h) for h in (1, 2)
    }
    kept_times = {datetime.fromisoformat(str(p)) for p in kept}
    assert expected_days <= kept_times
    weekly = sorted(kept_times - expected_days, reverse=True)
    assert len(weekly) == 4
    assert len({w.isocalendar()[:2] for w in weekly}) == 4
    assert all(w < now - timedelta(days=6) for w in weekly)
    assert min(weekly) > now - timedelta(days=7 + 5 * 7)


def test_rotate_deletes_only_what_the_policy_drops(journal_path: Path, app_dirs: AppPaths) -> None:
    open_journal(journal_path, app_dirs.backup_dir).dispose()
    upgrade = backup.make_backup(journal_path, app_dirs.backup_dir, reason="before-upgrade-0001")
    for days in range(20):
        made = backup.make_backup(journal_path, app_dirs.backup_dir)
        [info] = [
            b for b in backup.list_backups(journal_path, app_dirs.backup_dir) if b.path == made
        ]
        _age(info, days=days + 1)
    backup.make_backup(journal_path, app_dirs.backup_dir)
    rotating = [b for b in backup.list_backups(journal_path, app_dirs.backup_dir) if not b.reason]
    assert 7 <= len(rotating) <= 7 + 4
    assert upgrade.exists()  # backups taken for a reason are never rotated away


def test_restore_into_an_open_journal(
    service: JournalService, journal_path: Path, app_dirs: AppPaths
) -> None:
    service.add_film(FilmFields("Paterson", year=2016))
    saved = backup.make_backup(journal_path, app_dirs.backup_dir)
    service.add_film(FilmFields("Heat", year=1995))
    before_restore = dump(journal_path)
    kept = service.restore_backup(saved)
    # The open service sees the restored journal at once; the old one is kept.
    assert [f.title for f in service.list_films()] == ["Paterson"]
    assert kept is not None and "before-restore" in kept.name
    assert dump(kept) == before_restore
    with sqlite3.connect(journal_path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()


def test_restore_replaces_a_damaged_journal_keeping_its_bytes(
    journal_path: Path, app_dirs: AppPaths
) -> None:
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    service.add_film(FilmFields("Paterson", year=2016, synopsis="words " * 3000))
    service.close()
    saved = backup.make_backup(journal_path, app_dirs.backup_dir)
    with journal_path.open("r+b") as handle:
        handle.seek(4096 * 2)
        handle.write(b"\xde\xad" * 2048)
    damaged = journal_path.read_bytes()
    health.wal_path(journal_path).write_bytes(b"stale")
    with pytest.raises(DamagedJournalError):
        open_journal(journal_path, app_dirs.backup_dir)
    kept = backup.restore_journal(saved, journal_path, app_dirs.backup_dir)
    assert kept is not None and kept.read_bytes() == damaged
    assert health.wal_path(kept).read_bytes() == b"stale"
    assert titles(journal_path, app_dirs.backup_dir) == ["Paterson"]


def test_restore_refuses_unhealthy_sources_and_changes_nothing(
    service: JournalService, journal_path: Path, app_dirs: AppPaths, tmp_path: Path
) -> None:
    service.add_film(FilmFields("Paterson", year=2016))
    newer = backup.make_backup(journal_path, app_dirs.backup_dir)
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    text = tmp_path / "notes.txt"
    text.write_text("not a journal")
    before = dump(journal_path)
    with pytest.raises(NewerJournalError):
        backup.restore_journal(newer, journal_path, app_dirs.backup_dir)
    with pytest.raises(Exception, match="not a WatchJournal journal"):
        backup.restore_journal(text, journal_path, app_dirs.backup_dir)
    assert dump(journal_path) == before
    assert not [b for b in backup.list_backups(journal_path, app_dirs.backup_dir) if b.reason]


def test_restoring_an_older_schema_upgrades_it(
    journal_path: Path, app_dirs: AppPaths, tmp_path: Path
) -> None:
    from watchjournal.storage import migrate
    from watchjournal.storage.engine import create_journal_engine

    old = tmp_path / "old.sqlite"
    engine = create_journal_engine(old)
    migrate.upgrade_to_head(engine, target="0001")
    engine.dispose()
    open_journal(journal_path, app_dirs.backup_dir).dispose()
    backup.restore_journal(old, journal_path, app_dirs.backup_dir)
    assert read_revision(journal_path) == "0001"
    open_journal(journal_path, app_dirs.backup_dir).dispose()
    assert read_revision(journal_path) == HEAD_REVISION


def test_a_failing_automatic_backup_does_not_lock_the_user_out(
    journal_path: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    not_a_folder = tmp_path / "backups-is-a-file"
    not_a_folder.write_text("in the way")
    open_journal(journal_path, not_a_folder).dispose()
    service = JournalService.open(journal_path, not_a_folder)  # existing: backup due, fails
    service.add_film(FilmFields("Paterson", year=2016))
    service.close()
    assert "automatic backup" in caplog.text
    assert not_a_folder.read_text() == "in the way"
