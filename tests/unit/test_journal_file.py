"""Opening journal files: creation at head, upgrades with backup, refusals that touch nothing."""

from __future__ import annotations

import sqlite3
import struct
import zlib
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from watchjournal.errors import DamagedJournalError, NewerJournalError, NotAJournalError
from watchjournal.journal import JournalService
from watchjournal.paths import AppPaths
from watchjournal.storage import migrate
from watchjournal.storage.engine import create_journal_engine
from watchjournal.storage.journal_file import HEAD_REVISION, open_journal, read_revision
from watchjournal.storage.models import Base


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_head_revision_constant_matches_alembic() -> None:
    assert migrate.head_revision() == HEAD_REVISION


def test_new_journal_is_created_at_head(journal_path: Path, app_dirs: AppPaths) -> None:
    engine = open_journal(journal_path, app_dirs.backup_dir)
    engine.dispose()
    assert read_revision(journal_path) == HEAD_REVISION


def test_migrated_schema_matches_the_models(journal_path: Path, app_dirs: AppPaths) -> None:
    engine = open_journal(journal_path, app_dirs.backup_dir)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"render_as_batch": True})
        differences = compare_metadata(context, Base.metadata)
    # The search index (FTS5 table and its shadow tables) is made by migration 0003, not the ORM.
    differences = [
        d for d in differences if not (d[0] == "remove_table" and d[1].name.startswith("search_"))
    ]
    assert differences == []
    engine.dispose()


def test_every_connection_has_the_pragmas(journal_path: Path, app_dirs: AppPaths) -> None:
    engine = open_journal(journal_path, app_dirs.backup_dir)
    with engine.connect() as connection:
        pragma = {
            name: connection.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("foreign_keys", "journal_mode", "busy_timeout", "synchronous")
        }
    engine.dispose()
    assert pragma == {
        "foreign_keys": 1,
        "journal_mode": "wal",
        "busy_timeout": 10000,
        "synchronous": 2,
    }


def _foreign_files(tmp_path: Path) -> dict[str, Path]:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("my film notes\n")
    png = tmp_path / "poster.png"
    png.write_bytes(tiny_png())
    other_db = tmp_path / "other.sqlite"
    with sqlite3.connect(other_db) as connection:
        connection.execute("CREATE TABLE songs (id INTEGER PRIMARY KEY, name TEXT)")
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 8)
    return {"text": text_file, "png": png, "other-db": other_db, "garbage": garbage}


@pytest.mark.parametrize("kind", ["text", "png", "other-db", "garbage"])
def test_foreign_files_are_refused_and_untouched(
    tmp_path: Path, app_dirs: AppPaths, kind: str
) -> None:
    path = _foreign_files(tmp_path)[kind]
    before = path.read_bytes()
    with pytest.raises((NotAJournalError, DamagedJournalError)) as caught:
        open_journal(path, app_dirs.backup_dir)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()


def test_a_folder_is_not_a_journal(tmp_path: Path, app_dirs: AppPaths) -> None:
    with pytest.raises(NotAJournalError, match="folder"):
        open_journal(tmp_path, app_dirs.backup_dir)


def test_journal_from_a_newer_app_is_refused_untouched(
    journal_path: Path, app_dirs: AppPaths
) -> None:
    open_journal(journal_path, app_dirs.backup_dir).dispose()
    with sqlite3.connect(journal_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    before = journal_path.read_bytes()
    with pytest.raises(NewerJournalError, match="newer version of WatchJournal"):
        open_journal(journal_path, app_dirs.backup_dir)
    assert journal_path.read_bytes() == before


def test_older_journal_is_backed_up_then_upgraded(journal_path: Path, app_dirs: AppPaths) -> None:
    engine = create_journal_engine(journal_path)
    migrate.upgrade_to_head(engine, target="0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                'INSERT INTO films (title, title_key, directors, "cast", genres, countries,'
                " liked, created_at, updated_at) VALUES ('Huracán', 'huracan', '[]', '[]',"
                " '[]', '[]', 0, '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
            )
        )
    engine.dispose()
    assert read_revision(journal_path) == "0001"

    service = JournalService(open_journal(journal_path, app_dirs.backup_dir), journal_path)
    assert read_revision(journal_path) == HEAD_REVISION
    assert [f.title for f in service.list_films()] == ["Huracán"]
    service.close()

    backups = list(app_dirs.backup_dir.glob("journal-before-upgrade-0001-*.sqlite"))
    assert len(backups) == 1
    assert read_revision(backups[0]) == "0001"


def test_committed_review_survives_a_killed_process(journal_path: Path, app_dirs: AppPaths) -> None:
    import subprocess
    import sys

    script = f"""
import os, signal
from pathlib import Path
from watchjournal.journal import JournalService, FilmFields, ReviewFields
s = JournalService.open(Path({str(journal_path)!r}), Path({str(app_dirs.backup_dir)!r}))
film = s.add_film(FilmFields("Ballerina", year=2023))
s.write_review(film.id, ReviewFields(rating_tenths=64, body="kept"))
os.kill(os.getpid(), signal.SIGKILL)
"""
    completed = subprocess.run([sys.executable, "-c", script], check=False)
    assert completed.returncode == -9
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    film = service.resolve_film("Ballerina (2023)")
    assert [(r.rating_tenths, r.body) for r in film.reviews] == [(64, "kept")]
    service.close()
