"""Several processes writing one journal at once: every write lands, none fails as locked."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, watchjournal_command
from watchjournal.journal import JournalService
from watchjournal.paths import AppPaths

WRITER = """
import random, sys, time
from pathlib import Path
from watchjournal.journal import JournalService, FilmFields, ReviewFields

journal, backups, start, name, count = sys.argv[1:6]
while not Path(start).exists():
    time.sleep(0.005)
service = JournalService.open(Path(journal), Path(backups))
rng = random.Random(name)
for number in range(int(count)):
    film = service.add_film(FilmFields(f"{name} film {number}"), watchlist=number % 2 == 0)
    review = service.write_review(film.id, ReviewFields(rating_tenths=60, body=f"{name} {number}"))
    if number % 10 == 0:
        # read-then-write paths: a revision, and a move in the shared watchlist order
        service.update_review(review.id, ReviewFields(rating_tenths=70, body=f"{name} {number}!"))
        if film.on_watchlist:
            service.move_in_watchlist(film.id, 0)
    if rng.random() < 0.1:
        time.sleep(rng.random() / 20)  # bursts, then pauses
service.close()
"""


def _start_writers(
    journal: Path, app_dirs: AppPaths, start: Path, names: list[str], count: int
) -> list[subprocess.Popen[bytes]]:
    return [
        subprocess.Popen(
            [
                *(sys.executable, "-c", WRITER),
                *(str(journal), str(app_dirs.backup_dir), str(start), name, str(count)),
            ],
            stderr=subprocess.PIPE,
        )
        for name in names
    ]


def _finish(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        _out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
        assert b"locked" not in err


@pytest.mark.parametrize(
    "count", [pytest.param(40, id="short"), pytest.param(200, id="full", marks=pytest.mark.slow)]
)
def test_two_processes_writing_in_bursts_lose_nothing(
    journal_path: Path, app_dirs: AppPaths, tmp_path: Path, count: int
) -> None:
    JournalService.open(journal_path, app_dirs.backup_dir).close()
    start = tmp_path / "start"
    writers = _start_writers(journal_path, app_dirs, start, ["alpha", "beta"], count)
    time.sleep(0.5)
    start.touch()
    _finish(writers)

    service = JournalService.open(journal_path, app_dirs.backup_dir)
    films = service.list_films()
    assert len(films) == 2 * count
    for name in ("alpha", "beta"):
        for number in range(count):
            [film] = [f for f in films if f.title == f"{name} film {number}"]
            [review] = film.reviews
            expected = f"{name} {number}!" if number % 10 == 0 else f"{name} {number}"
            assert review.body == expected
            if number % 10 == 0:
                assert [r.body for r in service.review_revisions(review.id)] == [f"{name} {number}"]
    positions = [f.watchlist.position for f in service.watchlist() if f.watchlist]
    assert len(positions) == count and len(set(positions)) == count
    service.close()


CLI_LOOP = """
import subprocess, sys, time
from pathlib import Path
command, journal, start, name, count = sys.argv[1], *sys.argv[2:6]
while not Path(start).exists():
    time.sleep(0.005)
for number in range(int(count)):
    done = subprocess.run(
        [command, "--db", journal, "add", f"{name} {number}", "--watchlist"],
        capture_output=True,
    )
    if done.returncode != 0:
        sys.exit(done.stderr.decode() or f"exit {done.returncode}")
"""


def test_cli_and_app_process_together_lose_nothing(
    journal_path: Path, app_dirs: AppPaths, tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    JournalService.open(journal_path, app_dirs.backup_dir).close()
    start = tmp_path / "start"
    [command] = watchjournal_command()[:1]
    loops = [
        subprocess.Popen(
            [sys.executable, "-c", CLI_LOOP, command, str(journal_path), str(start), name, "8"],
            stderr=subprocess.PIPE,
        )
        for name in ("cli-one", "cli-two")
    ]
    writers = _start_writers(journal_path, app_dirs, start, ["app"], 60)
    time.sleep(0.5)
    start.touch()
    _finish(loops + writers)

    listed = run_cli("list", "--json")
    assert listed.returncode == 0, listed.stderr
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    titles = {f.title for f in service.list_films()}
    service.close()
    expected = {f"cli-{which} {n}" for which in ("one", "two") for n in range(8)}
    expected |= {f"app film {n}" for n in range(60)}
    assert titles == expected
