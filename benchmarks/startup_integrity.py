"""How much the integrity check and the daily backup add to opening a 100,000-film journal.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/startup_integrity.py [FILMS]``

Each case is a fresh process (interpreter start included), timed as the median of
several runs, and compared with the floor measured in the same run: a bare Qt
window plus the SQLAlchemy import. Cases:

- open, cheap path: clean close recorded, backup not due (the usual start)
- open, full check: ``PRAGMA quick_check`` at every start (no clean-close record)
- open, backup due: full check plus the online backup (once a day)
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from watchjournal.storage import backup, health
from watchjournal.storage.journal_file import open_journal

RUNS = 5
FLOOR = """
from PySide6.QtWidgets import QApplication, QWidget
import sqlalchemy.orm
app = QApplication([])
window = QWidget()
window.show()
app.processEvents()
"""
APP_OPEN = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication, QWidget
from watchjournal.journal import JournalService
app = QApplication([])
service = JournalService.open(Path(sys.argv[1]), Path(sys.argv[2]))
window = QWidget()
window.setWindowTitle(f"{service.count_films()} films")
window.show()
app.processEvents()
service.close()
"""


def make_journal(path: Path, backup_dir: Path, films: int) -> None:
    """A journal in the real schema: films, every other one reviewed, one viewing each."""
    open_journal(path, backup_dir).dispose()
    now = "2025-01-01 00:00:00"
    body = "A review of a film, with a few sentences about what worked. " * 8
    lists = ('["Drama"]', '["FR"]', now, now, "A synopsis. " * 10)
    connection = sqlite3.connect(path)
    with connection:
        connection.executemany(
            'INSERT INTO films (title, title_key, year, directors, "cast", genres, countries,'
            " liked, created_at, updated_at, synopsis) VALUES (?,?,?,?,?,?,?,0,?,?,?)",
            (
                (f"Film {n}", f"film {n}", 1900 + n % 125, '["Someone"]', '["A", "B"]', *lists)
                for n in range(films)
            ),
        )
        connection.executemany(
            "INSERT INTO reviews (film_id, rating_tenths, headline, body, spoilers, draft,"
            " created_at, updated_at) VALUES (?,?,?,?,0,0,?,?)",
            ((n + 1, 50 + n % 50, "headline", body, now, now) for n in range(0, films, 2)),
        )
        connection.executemany(
            "INSERT INTO viewings (film_id, watched_on, did_not_finish, created_at)"
            " VALUES (?, '2024-01-01', 0, ?)",
            ((n + 1, now) for n in range(films)),
        )
    connection.close()


def timed(script: str, *args: str, before: Callable[[], None] = lambda: None) -> float:
    samples = []
    for _ in range(RUNS):
        before()
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", script, *args], check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    films = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as folder:
        journal, backups = Path(folder) / "journal.sqlite", Path(folder) / "backups"
        make_journal(journal, backups, films)
        backup.make_backup(journal, backups)
        record = backup.clean_close_record(journal, backups)

        def drop_record() -> None:
            record.unlink(missing_ok=True)

        def drop_backups() -> None:
            drop_record()
            for old in backup.list_backups(journal, backups):
                old.path.unlink()

        start = time.perf_counter()
        health.verify(journal)
        check_ms = (time.perf_counter() - start) * 1000
        floor = timed(FLOOR)
        open_journal(journal, backups).dispose()  # records a clean close
        rows = [
            ("bare Qt window + SQLAlchemy (floor)", floor),
            ("open, cheap path (usual start)", timed(APP_OPEN, str(journal), str(backups))),
            (
                "open, quick_check every start",
                timed(APP_OPEN, str(journal), str(backups), before=drop_record),
            ),
            (
                "open, backup due (once a day)",
                timed(APP_OPEN, str(journal), str(backups), before=drop_backups),
            ),
        ]
        size_mb = journal.stat().st_size / 1e6
    print(f"{films} films, {size_mb:.0f} MB; PRAGMA quick_check alone: {check_ms:.0f} ms")
    print(f"{'case':<40} {'median s':>9} {'x floor':>8}")
    for name, seconds in rows:
        print(f"{name:<40} {seconds:>9.3f} {seconds / floor:>8.2f}")


if __name__ == "__main__":
    main()
