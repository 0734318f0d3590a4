"""Temporary files of killed backups and restores are removed by the next open or backup;
a temporary file a live process is writing, and names our code does not make, are not.

The owners are real processes: one killed with SIGKILL while it holds its temp file,
one alive and holding it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from watchjournal.journal import FilmFields, JournalService
from watchjournal.paths import AppPaths
from watchjournal.storage import backup, leftovers

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX processes and signals")

# Writes a temp file the way a backup or restore does, says so, and waits to be killed.
WRITER = """
import sys, time
from pathlib import Path
from watchjournal.storage import leftovers
with leftovers.private_temp(Path(sys.argv[1])) as temp:
    temp.write_bytes(b"half a copy" * 1000)
    print(temp, flush=True)
    time.sleep(60)
"""


@contextmanager
def writing(destination: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """A live process writing a temp file for ``destination``; killed at the end."""
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(destination)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        temp = Path(process.stdout.readline().strip())
        assert temp.exists()
        yield process, temp
    finally:
        process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()


def killed_writer(destination: Path) -> Path:
    """The temp file a process left behind when it was killed mid-write."""
    with writing(destination) as (process, temp):
        process.send_signal(signal.SIGKILL)
        process.wait()
    return temp


@pytest.fixture
def journal(journal_path: Path, app_dirs: AppPaths) -> Path:
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    service.add_film(FilmFields("Paterson", year=2016))
    service.back_up_now()
    service.close()
    return journal_path


def backup_target(journal: Path, backup_dir: Path) -> Path:
    return backup_dir / f"{journal.stem}-{backup.journal_key(journal)}-20250101-120000.sqlite"


def test_a_killed_backups_temp_file_is_removed_by_the_next_open(
    journal: Path, app_dirs: AppPaths
) -> None:
    temp = killed_writer(backup_target(journal, app_dirs.backup_dir))
    side = temp.with_name(temp.name + "-journal")
    side.write_bytes(b"a hot journal of the half copy")
    assert temp.name.endswith(".tmp") and temp.stat().st_size > 0
    assert temp not in [b.path for b in backup.list_backups(journal, app_dirs.backup_dir)]

    JournalService.open(journal, app_dirs.backup_dir).close()
    assert not temp.exists() and not side.exists()


def test_a_killed_restores_temp_file_beside_the_journal_is_removed(
    journal: Path, app_dirs: AppPaths
) -> None:
    temp = killed_writer(journal.with_name(f"{journal.name}.restore"))
    assert temp.parent == journal.parent and temp.exists()
    JournalService.open(journal, app_dirs.backup_dir).close()
    assert not temp.exists()


def test_the_next_backup_removes_leftovers_too(journal: Path, app_dirs: AppPaths) -> None:
    temp = killed_writer(backup_target(journal, app_dirs.backup_dir))
    backup.make_backup(journal, app_dirs.backup_dir)
    assert not temp.exists()


def test_a_temp_file_a_live_process_is_writing_stays(journal: Path, app_dirs: AppPaths) -> None:
    with writing(backup_target(journal, app_dirs.backup_dir)) as (_process, temp):
        JournalService.open(journal, app_dirs.backup_dir).close()
        backup.make_backup(journal, app_dirs.backup_dir)
        assert temp.exists()
    # Once its writer is gone it is a leftover like any other.
    JournalService.open(journal, app_dirs.backup_dir).close()
    assert not temp.exists()


def test_only_names_our_code_makes_are_removed(journal: Path, app_dirs: AppPaths) -> None:
    theirs = [
        app_dirs.backup_dir / ".notes.txt.12345.tmp",  # not a backup's name
        app_dirs.backup_dir / "journal-1234abcd-20250101-120000.sqlite.12345.tmp",  # no dot
        journal.parent / ".other.sqlite.restore.12345.tmp",  # another journal's restore
        journal.parent / f".{journal.name}.12345.tmp",  # not a restore's name
    ]
    for path in theirs:
        path.write_bytes(b"someone else's")
    JournalService.open(journal, app_dirs.backup_dir).close()
    backup.make_backup(journal, app_dirs.backup_dir)
    assert all(path.exists() for path in theirs)


def test_a_lone_sqlite_side_file_of_a_temp_copy_is_removed(
    journal: Path, app_dirs: AppPaths
) -> None:
    target = backup_target(journal, app_dirs.backup_dir)
    lone = target.with_name(f".{target.name}.99999999.tmp-journal")
    lone.write_bytes(b"stale")
    JournalService.open(journal, app_dirs.backup_dir).close()
    assert not lone.exists()


def test_a_failed_copy_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "copies"
    folder.mkdir()
    destination = folder / "copy.sqlite"
    with pytest.raises(RuntimeError), leftovers.private_temp(destination) as temp:
        temp.write_bytes(b"half")
        temp.with_name(temp.name + "-journal").write_bytes(b"side")
        raise RuntimeError("the copy failed")
    assert list(folder.iterdir()) == []


def test_a_backup_to_the_same_path_removes_its_own_killed_temp_file(
    journal: Path, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere" / "copy.sqlite"
    target.parent.mkdir()
    temp = killed_writer(target)
    backup.copy_journal(journal, target)
    assert not temp.exists() and target.exists()
