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
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from watchjournal.journal import FilmFields, JournalService, ReviewFields
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
