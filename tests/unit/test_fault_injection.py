"""A failure between any two SQL writes of a multi-step service operation, or a SIGKILL in
the middle of one, leaves the journal exactly as before (compared with ``iterdump``)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from watchjournal.journal import FilmFields, JournalError, JournalService, ReviewFields
from watchjournal.journal.import_types import (
    ImportBatch,
    ImportFilm,
    ImportList,
    ImportListEntry,
    ImportReview,
    ImportRevision,
    ImportViewing,
    ImportWatchlist,
    Origin,
)
from watchjournal.journal.importing import BULK_ROWS
from watchjournal.paths import AppPaths
from watchjournal.storage import health
from watchjournal.storage.journal_file import open_journal

WRITES = ("INSERT", "UPDATE", "DELETE")


class InjectedFaultError(Exception):
    """Raised by the test between two SQL writes."""


def dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@contextmanager
def fail_at_write(service: JournalService, number: int) -> Iterator[list[str]]:
    """Raise InjectedFaultError just before the ``number``-th write statement (1-based),
    or just before COMMIT when the operation makes only ``number - 1`` writes."""
    seen: list[str] = []

    def before_commit(_conn: Any) -> None:
        if len(seen) == number - 1:
            raise InjectedFaultError("COMMIT")

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(WRITES):
            seen.append(statement)
            if len(seen) == number:
                raise InjectedFaultError(statement)

    engine = service._engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "commit", before_commit)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "commit", before_commit)


def _journal(service: JournalService) -> dict[str, int]:
    """A journal with films on the watchlist, viewings, reviews, revisions and tags."""
    ids: dict[str, int] = {}
    for title in ("Paterson", "Heat", "Ran", "Stalker", "Ikiru"):
        ids[title] = service.add_film(FilmFields(title, directors=("Someone",)), watchlist=True).id
    viewing = service.mark_watched(ids["Heat"], date(2024, 5, 1), where="Cinema")
    review = service.write_review(
        ids["Heat"],
        ReviewFields(rating_tenths=80, body="first", tags=("crime", "la"), viewing_id=viewing.id),
    )
    service.update_review(review.id, ReviewFields(rating_tenths=85, body="second", tags=("crime",)))
    ids["review"] = review.id
    return ids


def _operations(service: JournalService, ids: dict[str, int]) -> dict[str, Callable[[], Any]]:
    deleted = service.delete_film(ids["Ran"])  # for the undo below
    return {
        "add_film with watchlist": lambda: service.add_film(
            FilmFields("Ballerina", year=2023, where_to_watch=()),
            watchlist=True,
            watchlist_note="from Min",
        ),
        "edit_film with watchlist change": lambda: service.edit_film(
            ids["Paterson"], FilmFields("Paterson", year=2016, genres=("Drama",)), watchlist=False
        ),
        "delete_film": lambda: service.delete_film(ids["Heat"]),
        "restore_film (undo)": lambda: service.restore_film(deleted),
        "update_review with revision": lambda: service.update_review(
            ids["review"], ReviewFields(rating_tenths=90, body="third", tags=("new tag",))
        ),
        "move_in_watchlist": lambda: service.move_in_watchlist(ids["Paterson"], 5),
    }


OPERATIONS = [
    "add_film with watchlist",
    "edit_film with watchlist change",
    "delete_film",
    "restore_film (undo)",
    "update_review with revision",
    "move_in_watchlist",
]


@pytest.mark.parametrize("name", OPERATIONS)
def test_failure_between_any_two_writes_changes_nothing(
    service: JournalService, journal_path: Path, name: str
) -> None:
    operation = _operations(service, _journal(service))[name]
    before = dump(journal_path)
    failures = 0
    while True:
        with fail_at_write(service, failures + 1) as seen:
            try:
                operation()
            except InjectedFaultError:
                assert dump(journal_path) == before, f"half-done after write {failures + 1}"
                failures += 1
                continue
        break
    # At least one write plus the commit were each interrupted once.
    assert failures >= 2, f"{name} made no write ({seen})"
    assert dump(journal_path) != before  # the operation itself does change the journal


CHILD = """
import sys, time
from pathlib import Path
from sqlalchemy import event
from watchjournal.journal import JournalService, FilmFields

journal, backups, ready, operation = sys.argv[1:5]
service = JournalService.open(Path(journal), Path(backups))
writes = []

@event.listens_for(service._engine, "connect")
def small_cache(dbapi_connection, _record):
    # A tiny page cache makes SQLite spill uncommitted pages into the -wal file.
    dbapi_connection.execute("PRAGMA cache_size = 2")

service._engine.dispose()

@event.listens_for(service._engine, "after_cursor_execute")
def stall(_conn, _cursor, statement, *_args):
    if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
        writes.append(statement)
        if len(writes) == int(sys.argv[5]):
            Path(ready).write_text("in the middle")
            time.sleep(60)

if operation == "add":
    service.add_film(FilmFields("Killed", synopsis="x" * 50_000), watchlist=True)
else:
    service.delete_film(service.resolve_film("Big").id)
"""


@pytest.mark.parametrize(("operation", "stall_at"), [("add", 2), ("delete", 1)])
def test_sigkill_in_the_middle_of_a_transaction_changes_nothing(
    journal_path: Path, app_dirs: AppPaths, tmp_path: Path, operation: str, stall_at: int
) -> None:
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    big = service.add_film(FilmFields("Big", synopsis="words " * 2000), watchlist=True)
    for number in range(60):
        service.write_review(big.id, ReviewFields(body=f"review {number} " * 300, tags=("t",)))
    service.close()
    before = dump(journal_path)
    ready = tmp_path / "ready"
    child = subprocess.Popen(
        [
            *(sys.executable, "-c", CHILD),
            *(str(journal_path), str(app_dirs.backup_dir), str(ready), operation, str(stall_at)),
        ]
    )
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert child.poll() is None, "the child ended before the injected stall"
            assert time.monotonic() < deadline, "the child never reached the stall"
            time.sleep(0.02)
        # Uncommitted pages were spilled into the -wal: the kill leaves them there.
        assert health.wal_path(journal_path).stat().st_size > 0
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    open_journal(journal_path, app_dirs.backup_dir).dispose()  # opens (full check: -wal left)
    assert dump(journal_path) == before


# Imports and merges ---------------------------------------------------------------------

REPOSITORY = Path(__file__).resolve().parents[2]


def generated_batch(count: int, merge_into: str) -> ImportBatch:
    """``count`` new films (viewings, reviews with tags and a revision, every third on the
    watchlist instead), a list of them all, an orphan tag, and a film that merges into
    the journal's ``merge_into``: it fills in details and adds a viewing and a review."""
    batch = ImportBatch(kind="generated", tags=["orphan tag"])
    merge = ImportFilm(FilmFields(merge_into, runtime=99, genres=("Merged",)), Origin("g", 1))
    merge.viewings = [ImportViewing(date(2024, 1, 2), where="Home")]
    merge.reviews = [ImportReview(rating_tenths=70, body="merged review", viewing=0)]
    batch.films.append(merge)
    for n in range(count):
        film = ImportFilm(
            FilmFields(f"Imported {n}", year=2000 + n % 20, directors=(f"Director {n}",)),
            Origin("g", n + 2),
        )
        if n % 3 == 0:
            film.watchlist = ImportWatchlist(note=f"note {n}")
        else:
            film.viewings = [ImportViewing(date(2020, 1, 1 + n % 28), note="seen")]
        revision = ImportRevision(50, "", "first thoughts", saved_at=datetime(2021, 1, 1))
        film.reviews = [
            ImportReview(
                rating_tenths=5 + n % 96,
                body=f"imported review {n}",
                tags=("imported", f"tag {n % 5}"),
                viewing=None if film.watchlist else 0,
                revisions=(revision,),
            )
        ]
        batch.films.append(film)
    entries = [ImportListEntry(index) for index in range(len(batch.films))]
    batch.lists = [ImportList("Imported", Origin("g", 0), entries=entries)]
    return batch


# 5 films take the ordinary path; 800 films (over BULK_ROWS rows) the bulk one, which
# drops the search index's triggers and rebuilds the index inside the transaction.
IMPORTS = {"import and merge": 5, "bulk import and merge": 800}


@pytest.mark.parametrize("name", IMPORTS)
def test_failure_between_any_two_writes_of_an_import_changes_nothing(
    service: JournalService, journal_path: Path, name: str
) -> None:
    _journal(service)
    batch = generated_batch(IMPORTS[name], merge_into="Heat")
    assert (batch.row_count >= BULK_ROWS) == name.startswith("bulk")
    before = dump(journal_path)
    failures = 0
    while True:
        with fail_at_write(service, failures + 1) as seen:
            try:
                service.import_batch(batch)
            except InjectedFaultError:
                assert dump(journal_path) == before, f"half-done after write {failures + 1}"
                failures += 1
                continue
        break
    assert failures >= 5, f"the import made few writes ({seen})"
    assert service.resolve_film("Heat").fields.runtime == 99  # merged when not interrupted
    assert len(service.list_films()) == 5 + IMPORTS[name]


@pytest.mark.parametrize("step", range(7))
def test_cancelling_an_import_at_any_step_changes_nothing(
    service: JournalService, journal_path: Path, step: int
) -> None:
    """The import dialog cancels by raising from the progress callback."""
    _journal(service)
    before = dump(journal_path)

    def progress(number: int, _steps: int, _text: str) -> None:
        if number == step:
            raise InjectedFaultError(f"cancelled at step {step}")

    with pytest.raises(InjectedFaultError):
        service.import_batch(generated_batch(4, merge_into="Heat"), progress=progress)
    assert dump(journal_path) == before


CHILD_IMPORT = """
import sys, time
from pathlib import Path
from sqlalchemy import event
from tests.unit.test_fault_injection import generated_batch
from watchjournal.journal import JournalService

journal, backups, ready, count, stall_at = sys.argv[1:6]
service = JournalService.open(Path(journal), Path(backups))
batch = generated_batch(int(count), merge_into="Big")
writes = []

@event.listens_for(service._engine, "connect")
def small_cache(dbapi_connection, _record):
    dbapi_connection.execute("PRAGMA cache_size = 2")  # spill uncommitted pages to the -wal

service._engine.dispose()

@event.listens_for(service._engine, "after_cursor_execute")
def stall(_conn, _cursor, statement, *_args):
    if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "DROP")):
        writes.append(statement)
        if len(writes) == int(stall_at):
            Path(ready).write_text("in the middle")
            time.sleep(60)

service.import_batch(batch)
"""


@pytest.mark.parametrize(
    ("count", "stall_at"),
    [(5, 2), (5, 8), (800, 4), (800, 28), (800, 39)],
    # The bulk import drops the 22 triggers that add index rows, inserts, then adds the
    # rows of the films it changed (write 39).
    ids=["early", "late", "bulk, dropping triggers", "bulk, inserting", "bulk, re-indexing"],
)
def test_sigkill_in_the_middle_of_an_import_changes_nothing(
    journal_path: Path, app_dirs: AppPaths, tmp_path: Path, count: int, stall_at: int
) -> None:
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    big = service.add_film(FilmFields("Big", synopsis="words " * 2000), watchlist=True)
    for number in range(40):
        service.write_review(big.id, ReviewFields(body=f"review {number} " * 300, tags=("t",)))
    service.close()
    before = dump(journal_path)
    ready = tmp_path / "ready"
    arguments = (str(journal_path), str(app_dirs.backup_dir), str(ready), str(count))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD_IMPORT, *arguments, str(stall_at)], cwd=REPOSITORY
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert child.poll() is None, "the child ended before the injected stall"
            assert time.monotonic() < deadline, "the child never reached the stall"
            time.sleep(0.02)
        assert health.wal_path(journal_path).stat().st_size > 0
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    open_journal(journal_path, app_dirs.backup_dir).dispose()  # opens (full check: -wal left)
    assert dump(journal_path) == before


def test_undo_of_a_delete_is_refused_when_its_id_was_taken_since(
    service: JournalService, journal_path: Path
) -> None:
    """Found by the soak (tests/soak): putting back a film whose IMDb id another film took
    in the meantime failed with an IntegrityError instead of a clear message."""
    film = service.add_film(FilmFields("Heat", imdb_id="tt0113277"), watchlist=True)
    service.write_review(film.id, ReviewFields(rating_tenths=90, body="kept"))
    deleted = service.delete_film(film.id)
    service.add_film(FilmFields("Heat (re-added)", imdb_id="tt0113277"))
    before = dump(journal_path)
    with pytest.raises(JournalError, match=r"Heat cannot be put back: IMDb id tt0113277"):
        service.restore_film(deleted)
    assert dump(journal_path) == before
