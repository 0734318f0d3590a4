"""A journal in a read-only place (a tmpfs remounted read-only, ``chattr +i`` on its
folder or file) opens for reading; every write is refused with one sentence
(ReadOnlyJournalError), no file appears next to it, no daily backup is made and no
clean-close record is written. A ``-wal`` left by a writer before the place became
read-only is read, not ignored.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.read_only_places import dump, immutable_paths, listing, tmpfs
from watchjournal.errors import ReadOnlyJournalError
from watchjournal.interchange.exporting import export_journal
from watchjournal.interchange.targets import ProtectedFiles
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.paths import AppPaths
from watchjournal.storage import backup, places

DISK = "the journal is on a read-only disk: it can be read but not changed"
FOLDER = "the journal is in a read-only folder: it can be read but not changed"
FILE = "the journal file is read-only: it can be read but not changed"


def fill(journal: Path, backup_dir: Path) -> None:
    service = JournalService.open(journal, backup_dir)
    film = service.add_film(FilmFields("Paterson", year=2016), watchlist=True)
    service.write_review(film.id, ReviewFields(rating_tenths=80, body="A quiet poem of a film."))
    service.add_film(FilmFields("Heat", year=1995))
    service.close()


def every_write(service: JournalService) -> list[Callable[[], object]]:
    film = service.resolve_film("Paterson")
    return [
        lambda: service.add_film(FilmFields("Ran", year=1985)),
        lambda: service.edit_film(film.id, FilmFields("Paterson", year=2017)),
        lambda: service.set_liked(film.id, True),
        lambda: service.write_review(film.id, ReviewFields(body="more")),
        lambda: service.delete_film(film.id),
        lambda: service.rebuild_search_index(),
    ]


def check_reads_work_and_writes_are_refused(
    service: JournalService, sentence: str, tmp_path: Path
) -> None:
    assert service.read_only == sentence
    assert [f.title for f in service.list_films()] == ["Heat", "Paterson"]
    assert service.resolve_film("Paterson").reviews[0].body == "A quiet poem of a film."
    assert [hit.film.title for hit in service.search("poem")] == ["Paterson"]
    exported = tmp_path / "out" / "journal.json"
    export_journal(
        service.journal_snapshot(), "json", exported, protected=ProtectedFiles.of(service)
    )
    assert b"A quiet poem" in exported.read_bytes()
    for write in every_write(service):
        with pytest.raises(ReadOnlyJournalError) as refused:
            write()
        assert str(refused.value) == sentence


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[tuple[Path, Callable[[], None]]]:
    with tmpfs(tmp_path / "disk") as make_read_only:
        yield tmp_path / "disk", make_read_only


def test_a_journal_on_a_read_only_disk_can_be_read_not_changed(
    disk: tuple[Path, Callable[[], None]], app_dirs: AppPaths, tmp_path: Path
) -> None:
    mount, make_read_only = disk
    journal = mount / "journal.sqlite"
    fill(journal, app_dirs.backup_dir)
    for old in backup.list_backups(journal, app_dirs.backup_dir):
        old.path.unlink()  # a daily backup is due
    make_read_only()
    before, files = dump(journal), listing(mount)
    records = listing(app_dirs.backup_dir / "state")

    service = JournalService.open(journal, app_dirs.backup_dir)
    check_reads_work_and_writes_are_refused(service, DISK, tmp_path)
    service.close()
    assert dump(journal) == before and listing(mount) == files
    assert backup.list_backups(journal, app_dirs.backup_dir) == []  # skipped quietly
    assert listing(app_dirs.backup_dir / "state") == records


# A writer commits, keeps its WAL unmerged and is killed: the place then becomes read-only.
KILLED_WRITER = """
import os, sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA wal_autocheckpoint = 0")
connection.execute("UPDATE films SET title = 'Paterson, unmerged' WHERE title = 'Paterson'")
os._exit(0)  # no checkpoint, no clean close: the -wal stays
"""


def test_a_wal_left_before_the_disk_became_read_only_is_read(
    disk: tuple[Path, Callable[[], None]], app_dirs: AppPaths
) -> None:
    mount, make_read_only = disk
    journal = mount / "journal.sqlite"
    fill(journal, app_dirs.backup_dir)
    subprocess.run([sys.executable, "-c", KILLED_WRITER, str(journal)], check=True)
    assert (mount / "journal.sqlite-wal").stat().st_size > 0
    make_read_only()
    service = JournalService.open(journal, app_dirs.backup_dir)
    assert service.read_only == DISK
    assert "Paterson, unmerged" in [f.title for f in service.list_films()]
    service.close()


def test_a_journal_in_an_immutable_folder_can_be_read_not_changed(
    tmp_path: Path, app_dirs: AppPaths
) -> None:
    folder = tmp_path / "folder"
    journal = folder / "journal.sqlite"
    fill(journal, app_dirs.backup_dir)
    with immutable_paths() as immutable:
        immutable(folder)
        before, files = dump(journal), listing(folder)
        service = JournalService.open(journal, app_dirs.backup_dir)
        check_reads_work_and_writes_are_refused(service, FOLDER, tmp_path)
        service.close()
        assert dump(journal) == before and listing(folder) == files


def test_an_immutable_journal_file_can_be_read_not_changed(
    tmp_path: Path, app_dirs: AppPaths
) -> None:
    journal = tmp_path / "folder" / "journal.sqlite"
    fill(journal, app_dirs.backup_dir)
    with immutable_paths() as immutable:
        immutable(journal)
        before = dump(journal)
        service = JournalService.open(journal, app_dirs.backup_dir)
        check_reads_work_and_writes_are_refused(service, FILE, tmp_path)
        service.close()
        assert dump(journal) == before
        assert listing(journal.parent) == ["journal.sqlite"]


def test_restoring_into_a_read_only_place_is_refused_with_the_same_sentence(
    tmp_path: Path, app_dirs: AppPaths
) -> None:
    folder = tmp_path / "folder"
    journal = folder / "journal.sqlite"
    fill(journal, app_dirs.backup_dir)
    saved = backup.make_backup(journal, app_dirs.backup_dir)
    with immutable_paths() as immutable:
        immutable(folder)
        before = dump(journal)
        with pytest.raises(ReadOnlyJournalError, match=FOLDER):
            backup.restore_journal(saved, journal, app_dirs.backup_dir)
        assert dump(journal) == before


def test_a_writable_journal_is_not_read_only(journal_path: Path, app_dirs: AppPaths) -> None:
    fill(journal_path, app_dirs.backup_dir)
    assert places.read_only_reason(journal_path) is None
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    assert service.read_only is None
    service.add_film(FilmFields("Ran", year=1985))
    service.close()


def test_an_empty_file_in_a_read_only_folder_is_not_made_a_journal(
    tmp_path: Path, app_dirs: AppPaths
) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    empty = folder / "journal.sqlite"
    empty.write_bytes(b"")
    with immutable_paths() as immutable:
        immutable(folder)
        with pytest.raises(
            ReadOnlyJournalError, match="is empty, and the journal is in a read-only"
        ):
            JournalService.open(empty, app_dirs.backup_dir)
    assert empty.read_bytes() == b""
