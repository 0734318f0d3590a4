"""A CLI write started while a large import runs waits for it, says so once, and succeeds.

Both are real ``watchjournal`` processes on one journal. The writer process is
started first and imports the CLI (Python start-up takes longer than the
import holds the lock), then runs ``watchjournal add`` through the CLI's entry
point as soon as the import marker is held: the test waits on that condition,
never on a fixed sleep.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import watchjournal_command
from watchjournal.journal import JournalService
from watchjournal.paths import AppPaths
from watchjournal.storage import import_marker

# The CLI, loaded and waiting for a line on stdin before it runs its arguments.
READY_WRITER = """
import sys
from watchjournal.cli.main import main
print("ready", flush=True)
sys.stdin.readline()
sys.exit(main(sys.argv[1:]))
"""
WAITING_LINE = "waiting for the import to finish…"


def letterboxd_export(folder: Path, rows: int) -> Path:
    """A Letterboxd diary of ``rows`` viewings over rows * 2 / 5 films."""
    folder.mkdir()
    films = max(1, rows * 2 // 5)
    start = date(2015, 1, 1)
    with (folder / "diary.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Tags",
                         "Watched Date"])  # fmt: skip
        for n in range(rows):
            day = (start + timedelta(days=n % 3500)).isoformat()
            number = n % films
            writer.writerow([day, f"Quiet river {number}", 1950 + number % 75,
                             f"https://boxd.it/e{n:x}", "3.5", "", "", day])  # fmt: skip
    return folder


def write_during_import(tmp_path: Path, app_dirs: AppPaths, rows: int) -> None:
    journal = tmp_path / "journal.sqlite"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "WATCHJOURNAL_DB": str(journal)}
    JournalService.open(journal, app_dirs.backup_dir).close()
    export = letterboxd_export(tmp_path / "export", rows)
    writer = subprocess.Popen(
        [sys.executable, "-c", READY_WRITER, "add", "Written meanwhile", "--year", "2024"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert writer.stdout is not None and writer.stdin is not None
    assert writer.stdout.readline() == "ready\n"
    importer = subprocess.Popen(
        [*watchjournal_command(), "import", "letterboxd", str(export)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 120
    while not import_marker.running(journal):
        assert importer.poll() is None, importer.communicate()
        assert time.monotonic() < deadline, "the import never took the lock"
        time.sleep(0.005)
    writer.stdin.write("go\n")
    writer.stdin.flush()
    written, waited = writer.communicate(timeout=120)
    imported, import_errors = importer.communicate(timeout=300)

    assert importer.returncode == 0, import_errors
    assert f"Added {max(1, rows * 2 // 5)} films" in imported
    assert writer.returncode == 0, waited
    assert waited.count(WAITING_LINE) == 1, waited
    assert "busy" not in waited and "locked" not in waited
    assert "Written meanwhile" in written
    service = JournalService.open(journal, app_dirs.backup_dir)
    try:
        assert service.count_films() == max(1, rows * 2 // 5) + 1
        assert [f.year for f in service.list_films() if f.title == "Written meanwhile"] == [2024]
    finally:
        service.close()


def test_a_cli_write_during_a_20000_row_import_waits_and_succeeds(
    tmp_path: Path, app_dirs: AppPaths
) -> None:
    write_during_import(tmp_path, app_dirs, 20_000)


@pytest.mark.slow
def test_a_cli_write_during_a_100000_row_import_waits_and_succeeds(
    tmp_path: Path, app_dirs: AppPaths
) -> None:
    write_during_import(tmp_path, app_dirs, 100_000)
