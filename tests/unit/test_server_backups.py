"""Backups of a journal on PostgreSQL: a consistent snapshot in a journal file, listed and
restored like a journal file's (on a real server, ``tests/pg.py``)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from watchjournal.cli.main import main
from watchjournal.journal import JournalService
from watchjournal.journal.types import FilmFields
from watchjournal.paths import AppPaths
from watchjournal.storage import backup, models

pytestmark = pytest.mark.postgres

Run = Callable[..., str]


@pytest.fixture
def wj(pg_url: str, capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*args: str, db: str | None = None, status: int = 0) -> str:
        capsys.readouterr()
        code = main(["--db", db or pg_url, *args])
        out, err = capsys.readouterr()
        assert code == status, err
        assert "Traceback" not in err and "unexpected error" not in err, err
        return out if status == 0 else err

    return run


def _json(text: str) -> Any:
    return json.loads(text)


def titles(wj: Run, db: str | None = None) -> list[str]:
    return sorted(f["title"] for f in _json(wj("list", "--json", db=db)))


def test_backup_list_and_restore_on_a_server(wj: Run, app_dirs: AppPaths) -> None:
    wj("add", "Paterson", "--year", "2016", "--watchlist")
    wj("review", "Paterson (2016)", "--rating", "8", "--body", "Poems in a notebook.")
    made = _json(wj("backup", "--json"))
    written = Path(made["backup"])
    assert written.parent == app_dirs.backup_dir and written.name.startswith("journal_")
    assert written.stat().st_mode & 0o077 == 0  # private, like every backup
    backup.check_restorable(written)
    # The backup is a journal file of its own, with the server journal's contents.
    assert titles(wj, db=str(written)) == ["Paterson"]
    listed = _json(wj("backups", "--json"))
    assert [b["path"] for b in listed] == [str(written)]

    wj("add", "Columbus", "--year", "2017")
    wj("delete", "Paterson (2016)", "--yes")
    restored = _json(wj("restore", str(written), "--yes", "--json"))
    assert titles(wj) == ["Paterson"]
    shown = _json(wj("show", "Paterson (2016)", "--json"))
    assert shown["reviews"][0]["body"] == "Poems in a notebook."
    # What was there before the restore is kept, and listed.
    previous = Path(restored["previous"])
    assert titles(wj, db=str(previous)) == ["Columbus"]
    reasons = {b["reason"] for b in _json(wj("backups", "--json"))}
    assert "before-restore" in reasons
    # New films get new ids after the restore (the sequence is past the restored ones).
    added = _json(wj("add", "Columbus", "--year", "2017", "--json"))
    assert added["id"] > shown["id"]


def test_a_backup_to_a_named_file(wj: Run, tmp_path: Path) -> None:
    wj("add", "Paterson", "--year", "2016")
    target = tmp_path / "mine.sqlite"
    wj("backup", str(target))
    assert titles(wj, db=str(target)) == ["Paterson"]
    assert "already exists" in wj("backup", str(target), status=1)


def test_a_backup_is_one_snapshot_while_another_machine_writes(
    pg_url: str, app_dirs: AppPaths
) -> None:
    """What another machine writes while the backup runs is in it whole or not at all."""
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    writer = JournalService.open(pg_url, app_dirs.backup_dir)
    try:
        for number in range(200):
            service.add_film(FilmFields(title=f"Film {number}", year=1950 + number % 70))
        stop = threading.Event()
        now = datetime(2026, 1, 1)
        written_meanwhile: list[int] = []

        def keep_writing() -> None:
            number = 0
            while not stop.is_set():
                # A film and its diary entry per transaction: a copy read table by
                # table without one snapshot would hold entries of films it lacks.
                with writer._writing() as session:
                    title = f"Written meanwhile {number}"
                    film_id = session.scalar(
                        insert(models.Film)
                        .values(title=title, title_key=title, created_at=now, updated_at=now)
                        .returning(models.Film.id)
                    )
                    session.execute(insert(models.Viewing).values(film_id=film_id, created_at=now))
                    written_meanwhile.append(film_id)
                number += 1

        thread = threading.Thread(target=keep_writing)
        thread.start()
        try:
            written = service.back_up_now()
        finally:
            stop.set()
            thread.join()
        copy = JournalService.open(written, app_dirs.backup_dir / "other")
        try:
            counts = copy.row_counts()
            assert counts["viewings"] == counts["films"] - 200
        finally:
            copy.close()
        assert written_meanwhile  # the other machine did write while the backup ran
    finally:
        service.close()
        writer.close()
