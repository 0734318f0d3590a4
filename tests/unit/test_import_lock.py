"""An import holds the write lock briefly, and writers that meet it wait instead of failing.

- The import marker (``storage.import_marker``): held by another process it is
  seen; a killed holder leaves nothing that blocks writers.
- A write that meets an import waits for it (after announcing, once) when the
  service was told to (the CLI), else says at once that an import is running.
- Matching is done on a read snapshot: if somebody writes between the plan and
  the write lock, the import matches again (no duplicate film, no id clash).
- A dry run, and an import that brings nothing new, never take the write lock.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.lock_holder import WRITING, hold_journal
from watchjournal.errors import ImportRunningError, JournalBusyError
from watchjournal.journal import FilmFields, JournalService
from watchjournal.journal.import_types import (
    ImportBatch,
    ImportFilm,
    ImportViewing,
    Origin,
)
from watchjournal.paths import AppPaths
from watchjournal.storage import import_marker
from watchjournal.storage.engine import BUSY_TIMEOUT_VARIABLE

HOLDER = """
import sys
from pathlib import Path
from watchjournal.storage import import_marker
with import_marker.holding(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.readline()
"""


def wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.01)


@pytest.fixture(autouse=True)
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BUSY_TIMEOUT_VARIABLE, "300")


@pytest.fixture
def other_import(journal_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the import marker until its stdin gets a line."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(journal_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "held\n"
    yield process
    if process.poll() is None:
        process.communicate("\n", timeout=10)
    for stream in (process.stdin, process.stdout):
        if stream is not None and not stream.closed:
            stream.close()


def film(title: str, year: int, watched_on: str | None = None) -> ImportFilm:
    from datetime import date

    viewings = [ImportViewing(date.fromisoformat(watched_on))] if watched_on else []
    return ImportFilm(FilmFields(title, year=year), Origin("test.csv", 1), viewings=viewings)


def test_the_marker_is_seen_while_another_process_holds_it(
    journal_path: Path, other_import: subprocess.Popen[str]
) -> None:
    assert import_marker.running(journal_path)
    assert oct(import_marker.marker_path(journal_path).stat().st_mode & 0o777) == "0o600"
    other_import.communicate("\n", timeout=10)
    assert not import_marker.running(journal_path)


def test_a_killed_import_leaves_no_marker_that_blocks_writers(
    service: JournalService, journal_path: Path, other_import: subprocess.Popen[str]
) -> None:
    assert import_marker.running(journal_path)
    other_import.send_signal(signal.SIGKILL)
    other_import.wait(timeout=10)
    assert not import_marker.running(journal_path)
    assert service.add_film(FilmFields("Ran", year=1985)).title == "Ran"


def test_a_write_meeting_an_import_says_so_at_once_unless_told_to_wait(
    service: JournalService, journal_path: Path, other_import: subprocess.Popen[str]
) -> None:
    started = time.monotonic()
    with pytest.raises(ImportRunningError, match="an import is running") as caught:
        service.add_film(FilmFields("Ran", year=1985))
    assert isinstance(caught.value, JournalBusyError)  # the GUI's lane retries it
    assert time.monotonic() - started < 1.0
    assert service.count_films() == 0  # reading is never blocked


def test_a_write_told_to_wait_announces_once_and_lands_after_the_import(
    service: JournalService, journal_path: Path, other_import: subprocess.Popen[str]
) -> None:
    announced: list[float] = []
    service.wait_for_imports(lambda: announced.append(time.monotonic()))
    done: list[str] = []

    def write() -> None:
        done.append(service.add_film(FilmFields("Ran", year=1985)).title)

    writer = threading.Thread(target=write)
    writer.start()
    wait_for(lambda: bool(announced))
    assert done == [] and writer.is_alive()  # waiting, longer than the busy timeout allows
    time.sleep(0.5)  # past the 300 ms busy timeout: a plain wait would have failed by now
    assert done == []
    released = time.monotonic()
    other_import.communicate("\n", timeout=10)
    writer.join(timeout=10)
    assert done == ["Ran"] and len(announced) == 1
    assert announced[0] < released


def test_somebody_writing_between_the_plan_and_the_lock_makes_the_import_match_again(
    service: JournalService, journal_path: Path, app_dirs: AppPaths
) -> None:
    other = JournalService.open(journal_path, app_dirs.backup_dir)
    written: list[int] = []

    def progress(step: int, _steps: int, _text: str) -> None:
        # While the plan is being made (a read transaction), another connection
        # adds the very film the import brings, and takes the next free ids.
        if step == 1 and not written:
            written.append(other.add_film(FilmFields("Paterson", year=2016)).id)
            other.add_film(FilmFields("Someone else's", year=2001))

    batch = ImportBatch("letterboxd", films=[film("Paterson", 2016, "2024-05-01")])
    try:
        report = service.import_batch(batch, progress=progress)
    finally:
        other.close()
    assert written, "the write between plan and lock happened"
    assert (report.films_added, report.films_merged, report.viewings_added) == (0, 1, 1)
    films = service.list_films()
    assert sorted(f.title for f in films) == ["Paterson", "Someone else's"]
    assert len(service.get_film(written[0]).viewings) == 1


def test_a_dry_run_and_a_no_op_import_never_take_the_write_lock(
    service: JournalService, journal_path: Path
) -> None:
    batch = ImportBatch("letterboxd", films=[film("Paterson", 2016, "2024-05-01")])
    service.import_batch(batch)
    with hold_journal(journal_path, WRITING):
        started = time.monotonic()
        dry = service.import_batch(
            ImportBatch("letterboxd", films=[film("Ran", 1985)]), dry_run=True
        )
        again = service.import_batch(batch)
        assert time.monotonic() - started < 2.0
        with pytest.raises(JournalBusyError):  # a real import still needs the lock
            service.import_batch(ImportBatch("letterboxd", films=[film("Ran", 1985)]))
    assert dry.films_added == 1 and dry.dry_run
    assert not again.changed_anything
    assert [f.title for f in service.list_films()] == ["Paterson"]


def test_a_large_import_is_all_or_nothing_and_its_search_rows_are_composed(
    service: JournalService,
) -> None:
    service.add_film(FilmFields("Paterson", year=2016))
    films = [film(f"Quiet river {n}", 1950 + n % 70, "2020-01-01") for n in range(1500)]
    service.import_batch(ImportBatch("letterboxd", films=films))  # >= 2,000 rows: bulk path
    assert service.count_films() == 1501
    assert (
        service.search_film_ids("river", 5000)
        and len(service.search_film_ids("river", 5000)) == 1500
    )
    assert len(service.search_film_ids("paterson", 10)) == 1
    bad = [film(f"Loud night {n}", 1990, "2020-01-01") for n in range(1500)]
    bad.append(film("Broken", 1990, "2999-01-01"))  # a date in the future is refused
    with pytest.raises(Exception, match="Broken"):
        service.import_batch(ImportBatch("letterboxd", films=bad))
    assert service.count_films() == 1501
