"""Private by default: the journal, its side files, backups, the clean-close record and
logs are 0600 in 0700 folders, whatever the umask; looser ones are tightened on opening,
and said once; a ``--db`` journal's folder that is not ours is left alone.

Real files, checked by ``st_mode``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from watchjournal.cli import main as cli_main
from watchjournal.journal import FilmFields, JournalService
from watchjournal.paths import AppPaths
from watchjournal.private_files import make_private_folder, tighten
from watchjournal.storage import backup, health
from watchjournal.storage.places import tighten_journal
from watchjournal.ui.common.crash import setup_log_file

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o000, 0o277], ids=["umask-022", "umask-000", "umask-277"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """Every umask a user may have: the usual, none at all, and one that takes the owner's bits."""
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def everything_under(folder: Path) -> dict[Path, int]:
    return {path: mode(path) for path in [folder, *folder.rglob("*")]}


def test_a_new_journal_and_everything_around_it_is_private(umask: int, app_dirs: AppPaths) -> None:
    journal = app_dirs.data_dir / "journal.sqlite"  # the default place: the data folder is ours
    service = JournalService.open(journal, app_dirs.backup_dir)
    service.add_film(FilmFields("Paterson", year=2016))
    side = [health.wal_path(journal), health.shm_path(journal)]
    assert all(p.exists() for p in side)  # made by SQLite while the journal is open
    service.back_up_now()
    service.close()
    service = JournalService.open(journal, app_dirs.backup_dir)  # a second open: nothing to say
    assert service.privacy_notice is None
    service.close()

    found = everything_under(app_dirs.data_dir)
    assert found[app_dirs.backup_dir / "state"] == 0o700
    assert len([p for p in found if p.suffix == ".sqlite"]) == 2  # the journal and a backup
    for path, bits in found.items():
        assert bits == (0o700 if path.is_dir() else 0o600), (oct(umask), path, oct(bits))
    assert (app_dirs.backup_dir / "state").is_dir()
    assert any((app_dirs.backup_dir / "state").iterdir())  # the clean-close record


def test_side_files_take_the_journals_mode_while_open(app_dirs: AppPaths) -> None:
    old = os.umask(0o022)
    try:
        journal = app_dirs.data_dir / "journal.sqlite"
        service = JournalService.open(journal, app_dirs.backup_dir)
        service.add_film(FilmFields("Heat", year=1995))
        assert mode(health.wal_path(journal)) == 0o600
        assert mode(health.shm_path(journal)) == 0o600
        service.close()
    finally:
        os.umask(old)


def loosen(paths: list[Path]) -> None:
    for path in paths:
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_opening_a_journal_made_by_an_older_version_tightens_it_and_says_so_once(
    app_dirs: AppPaths,
) -> None:
    journal = app_dirs.data_dir / "journal.sqlite"
    service = JournalService.open(journal, app_dirs.backup_dir)
    service.add_film(FilmFields("Paterson", year=2016))
    service.back_up_now()
    service.close()
    before = everything_under(app_dirs.data_dir)
    loosen(list(before))  # as an older WatchJournal left them: 0644 in 0755

    service = JournalService.open(journal, app_dirs.backup_dir)
    notice = service.privacy_notice
    service.close()
    assert notice is not None and "readable by other users" in notice
    assert f"{len(before)} of them are now yours alone" in notice
    for path, bits in everything_under(app_dirs.data_dir).items():
        assert bits == (0o700 if path.is_dir() else 0o600), path

    service = JournalService.open(journal, app_dirs.backup_dir)
    assert service.privacy_notice is None  # once: nothing left to tighten
    service.close()


def test_a_db_journal_in_a_shared_folder_keeps_the_folder_as_it_is(
    tmp_path: Path, app_dirs: AppPaths
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    other = shared / "notes.txt"
    other.write_text("someone else's file")
    other.chmod(0o644)
    journal = shared / "films.sqlite"
    JournalService.open(journal, app_dirs.backup_dir).close()
    journal.chmod(0o644)

    service = JournalService.open(journal, app_dirs.backup_dir)
    assert service.privacy_notice is not None
    service.close()
    assert mode(journal) == 0o600
    assert mode(shared) == 0o755  # not one of ours
    assert mode(other) == 0o644
    assert mode(app_dirs.backup_dir) == 0o700


def test_a_new_db_journal_creates_its_missing_folders_private(
    tmp_path: Path, app_dirs: AppPaths
) -> None:
    journal = tmp_path / "new" / "deeper" / "films.sqlite"
    JournalService.open(journal, app_dirs.backup_dir).close()
    assert mode(tmp_path / "new") == 0o700
    assert mode(tmp_path / "new" / "deeper") == 0o700
    assert mode(journal) == 0o600


def test_a_read_only_journal_keeps_its_owners_read_only_bits(tmp_path: Path) -> None:
    kept = tmp_path / "kept.sqlite"
    kept.write_bytes(b"")
    kept.chmod(0o444)
    assert tighten(kept) is True
    assert mode(kept) == 0o400  # private, and still read-only


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="needs root to chown")
def test_another_users_files_are_never_touched(tmp_path: Path) -> None:
    theirs = tmp_path / "theirs.sqlite"
    theirs.write_bytes(b"")
    theirs.chmod(0o644)
    os.chown(theirs, 65534, 65534)
    assert tighten(theirs) is False
    assert mode(theirs) == 0o644


def test_backups_anywhere_and_kept_damaged_copies_are_private(
    tmp_path: Path, app_dirs: AppPaths
) -> None:
    old = os.umask(0o022)
    try:
        journal = tmp_path / "journal.sqlite"
        service = JournalService.open(journal, app_dirs.backup_dir)
        service.add_film(FilmFields("Heat", year=1995))
        good = service.back_up_now()
        service.close()
        copy = backup.copy_journal(journal, tmp_path / "elsewhere" / "copy.sqlite")
        assert mode(copy) == 0o600
        # A damaged journal is kept byte for byte before a restore replaces it.
        journal.chmod(0o644)
        with journal.open("r+b") as handle:
            handle.truncate(journal.stat().st_size - 100)
        kept = backup.restore_journal(good, journal, app_dirs.backup_dir)
        assert kept is not None and "damaged" in kept.name
        assert mode(kept) == 0o600
    finally:
        os.umask(old)


def test_logs_are_private_in_a_private_folder(app_dirs: AppPaths) -> None:
    old = os.umask(0o000)
    try:
        cli_main._report_internal_error(app_dirs, RuntimeError("a bug"))
        log = app_dirs.log_dir / cli_main.LOG_FILE_NAME
        assert mode(log) == 0o600 and mode(app_dirs.log_dir) == 0o700
        log.chmod(0o644)  # an older log
        cli_main._report_internal_error(app_dirs, RuntimeError("another"))
        assert mode(log) == 0o600
    finally:
        os.umask(old)


def test_the_apps_log_folder_is_private_and_tightened(tmp_path: Path) -> None:
    logs = tmp_path / "cache" / "logs"
    logs.mkdir(parents=True)
    logs.chmod(0o755)  # made by an older version
    path = setup_log_file(logs)
    assert path is not None
    assert mode(logs) == 0o700 and mode(path) == 0o600


def test_make_private_folder_makes_every_missing_folder_private(tmp_path: Path) -> None:
    old = os.umask(0o277)
    try:
        make_private_folder(tmp_path / "a" / "b" / "c")
    finally:
        os.umask(old)
    assert [mode(tmp_path / p) for p in ("a", "a/b", "a/b/c")] == [0o700] * 3
    tmp_path.chmod(0o755)
    make_private_folder(tmp_path)  # an existing folder is left as it is
    assert mode(tmp_path) == 0o755


def test_a_shared_sticky_folder_is_never_tightened(tmp_path: Path) -> None:
    """A journal put in /tmp (or a folder like it) must not close /tmp to everyone."""
    shared = tmp_path / "tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    journal = shared / "journal.db"
    journal.write_bytes(b"")
    journal.chmod(0o644)
    assert tighten_journal(journal, shared / "backups", []) == [journal]
    assert mode(shared) == 0o1777
    assert mode(journal) == 0o600
