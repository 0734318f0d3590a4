"""Benchmark: import a generated Letterboxd export (20,000 diary rows, 5,000 reviews).

Prints a table of timings with ratios against a baseline measured in the same
run: a bare ``sqlite3`` ``executemany`` of the same film, viewing and review
rows into plain tables (no parsing, no matching, no validation, no ORM).

Also how long the import holds the write lock (the import marker is held from
just before ``BEGIN IMMEDIATE`` to just after ``COMMIT``), and how long a
writer started once the import has the lock (another connection adding a film,
as the CLI does) waits for its write to land.

    .venv/bin/python benchmarks/import_bench.py [--diary 20000] [--reviews 5000]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from watchjournal.interchange.importing import read_import
from watchjournal.journal import FilmFields, JournalService
from watchjournal.storage import import_marker

DIARY_HEADER = [
    "Date",
    "Name",
    "Year",
    "Letterboxd URI",
    "Rating",
    "Rewatch",
    "Tags",
    "Watched Date",
]
REVIEW_HEADER = [
    "Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Review", "Tags", "Watched Date",
]  # fmt: skip
WORDS = [
    "quiet",
    "loud",
    "night",
    "river",
    "city",
    "ghost",
    "summer",
    "letter",
    "dream",
    "machine",
    "glass",
    "north",
]


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def generate(folder: Path, diary_rows: int, review_rows: int, seed: int = 7) -> list[list[Any]]:
    """Write diary.csv, reviews.csv and watched.csv; return the diary rows."""
    rng = random.Random(seed)
    films = [
        (f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {n}", 1950 + n % 75)
        for n in range(diary_rows * 2 // 5)
    ]
    start = date(2015, 1, 1)
    diary = []
    for n in range(diary_rows):
        title, year = films[n % len(films)] if n < len(films) else rng.choice(films)
        day = start + timedelta(days=n % 3500)
        stars = rng.choice(["", "0.5", "2", "3.5", "4", "5"])
        tags = rng.choice(["", "cinema", "home, rainy day", "festival"])
        rewatch = "Yes" if n >= len(films) and rng.random() < 0.5 else ""
        uri = f"https://boxd.it/e{n:x}"
        diary.append([day.isoformat(), title, year, uri, stars, rewatch, tags, day.isoformat()])
    reviews = [
        [*row[:5], row[5], f'Review {n}, with "quotes",\nand a second line.', row[6], row[7]]
        for n, row in enumerate(rng.sample(diary, review_rows))
    ]
    watched = [
        [d, t, y, f"https://boxd.it/f{abs(hash((t, y))):x}"]
        for d, t, y in {(r[0], r[1], r[2]) for r in diary}
    ]
    (folder / "diary.csv").write_text(_csv(DIARY_HEADER, diary), encoding="utf-8")
    (folder / "reviews.csv").write_text(_csv(REVIEW_HEADER, reviews), encoding="utf-8")
    (folder / "watched.csv").write_text(
        _csv(["Date", "Name", "Year", "Letterboxd URI"], sorted(watched)), encoding="utf-8"
    )
    return diary


def baseline(path: Path, diary: list[list[Any]], review_rows: int) -> None:
    """The same rows with bare sqlite3 executemany: the floor an import cannot beat."""
    connection = sqlite3.connect(path)
    connection.executescript(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
        "CREATE TABLE films (id INTEGER PRIMARY KEY, title TEXT, year INT, uri TEXT);"
        "CREATE TABLE viewings (id INTEGER PRIMARY KEY, film_id INT, watched_on TEXT);"
        "CREATE TABLE reviews (id INTEGER PRIMARY KEY, film_id INT, viewing_id INT,"
        " rating INT, body TEXT);"
    )
    film_ids: dict[tuple[str, int], int] = {}
    for row in diary:
        film_ids.setdefault((row[1], row[2]), len(film_ids) + 1)
    with connection:
        connection.executemany(
            "INSERT INTO films (id, title, year, uri) VALUES (?, ?, ?, ?)",
            [(i, t, y, None) for (t, y), i in film_ids.items()],
        )
        connection.executemany(
            "INSERT INTO viewings (id, film_id, watched_on) VALUES (?, ?, ?)",
            [(n + 1, film_ids[(r[1], r[2])], r[7]) for n, r in enumerate(diary)],
        )
        connection.executemany(
            "INSERT INTO reviews (film_id, viewing_id, rating, body) VALUES (?, ?, ?, ?)",
            [
                (film_ids[(r[1], r[2])], n + 1, None, "text")
                for n, r in enumerate(diary)
                if r[4] or r[6] or n < review_rows
            ],
        )
    connection.close()


def drop_search_triggers(path: Path) -> None:
    """Diagnostic only, on the benchmark's own throwaway journal: how much of the
    import is the search index's per-row triggers rather than the import itself."""
    connection = sqlite3.connect(path)
    names = connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for (name,) in names:
        connection.execute(f'DROP TRIGGER "{name}"')
    connection.commit()
    connection.close()


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


class LockWatch:
    """Times the import marker (held for the write transaction), and a writer meanwhile."""

    def __init__(self) -> None:
        self.held: list[float] = []
        self.writer_waited: float | None = None
        self.writer_saw_import = False
        self._taken = threading.Event()
        self._real = import_marker.holding

    @contextmanager
    def holding(self, journal: Path) -> Iterator[None]:
        with self._real(journal):
            started = time.perf_counter()
            self._taken.set()
            try:
                yield
            finally:
                self.held.append(time.perf_counter() - started)

    def writer(self, journal: Path, backups: Path) -> threading.Thread:
        """A thread that adds a film once the import holds the lock (its own connection)."""
        service = JournalService.open(journal, backups)

        def announce() -> None:
            self.writer_saw_import = True

        service.wait_for_imports(announce)

        def write() -> None:
            self._taken.wait()
            started = time.perf_counter()
            service.add_film(FilmFields("Written during the import", year=2024))
            self.writer_waited = time.perf_counter() - started
            service.close()

        thread = threading.Thread(target=write)
        thread.start()
        return thread


def timed_import(
    journal: Path, backups: Path, service: JournalService, batch: Any
) -> tuple[float, Any, LockWatch]:
    """Import ``batch`` while a writer waits for it; the time, report and lock figures."""
    watch = LockWatch()
    import_marker.holding = watch.holding  # type: ignore[assignment]
    try:
        thread = watch.writer(journal, backups)
        seconds, report = timed(lambda: service.import_batch(batch))
        thread.join()
    finally:
        import_marker.holding = watch._real  # type: ignore[method-assign]
    return seconds, report, watch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--diary", type=int, default=20_000)
    parser.add_argument("--reviews", type=int, default=5_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "export"
        folder.mkdir()
        diary = generate(folder, args.diary, args.reviews)
        base, _ = timed(lambda: baseline(Path(temp) / "bare.sqlite", diary, args.reviews))
        journal, backups = Path(temp) / "journal.sqlite", Path(temp) / "backups"
        service = JournalService.open(journal, backups)
        parse, batch = timed(lambda: read_import("letterboxd", folder))
        dry, _ = timed(lambda: service.import_batch(batch, dry_run=True))
        apply, report, watch = timed_import(journal, backups, service, batch)
        again, report2 = timed(lambda: service.import_batch(read_import("letterboxd", folder)))
        service.close()
        bare_journal = Path(temp) / "no-triggers.sqlite"
        JournalService.open(bare_journal, Path(temp) / "backups").close()
        drop_search_triggers(bare_journal)
        service = JournalService.open(bare_journal, Path(temp) / "backups")
        untriggered, _ = timed(lambda: service.import_batch(batch))
        service.close()
    rows = [
        ("bare sqlite3 executemany (baseline)", base),
        ("parse the export (CSV -> batch)", parse),
        ("dry run (match + validate, no write lock)", dry),
        ("import (match + insert + commit)", apply),
        ("parse + import (what a user waits for)", parse + apply),
        ("parse + re-import the same export (no-op)", again),
        ("import without search-index triggers (diag.)", untriggered),
        ("write lock held by the import", sum(watch.held)),
        ("a writer started meanwhile waited", watch.writer_waited or 0.0),
    ]
    print(
        f"Letterboxd export: {args.diary} diary rows, {args.reviews} reviews;"
        f" {report.films_added} films, {report.viewings_added} viewings,"
        f" {report.reviews_added} reviews imported; re-import added"
        f" {report2.viewings_added + report2.reviews_added + report2.films_added} rows"
    )
    print(f"the writer met the import and waited for it: {watch.writer_saw_import}")
    print(f"{'step':<46} {'seconds':>8} {'x baseline':>11}")
    for name, seconds in rows:
        print(f"{name:<46} {seconds:>8.2f} {seconds / base:>11.1f}")


if __name__ == "__main__":
    main()
