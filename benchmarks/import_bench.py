"""Benchmark: import a generated Letterboxd export (20,000 diary rows, 5,000 reviews).

Prints a table of timings with ratios against a baseline measured in the same
run: a bare ``sqlite3`` ``executemany`` of the same film, viewing and review
rows into plain tables (no parsing, no matching, no validation, no ORM).

    .venv/bin/python benchmarks/import_bench.py [--diary 20000] [--reviews 5000]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from watchjournal.interchange.importing import read_import
from watchjournal.journal import JournalService

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
        service = JournalService.open(Path(temp) / "journal.sqlite", Path(temp) / "backups")
        parse, batch = timed(lambda: read_import("letterboxd", folder))
        dry, _ = timed(lambda: service.import_batch(batch, dry_run=True))
        apply, report = timed(lambda: service.import_batch(batch))
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
        ("dry run (match, insert, roll back)", dry),
        ("import (match + insert + commit)", apply),
        ("parse + import (what a user waits for)", parse + apply),
        ("parse + re-import the same export (no-op)", again),
        ("import without search-index triggers (diag.)", untriggered),
    ]
    print(
        f"Letterboxd export: {args.diary} diary rows, {args.reviews} reviews;"
        f" {report.films_added} films, {report.viewings_added} viewings,"
        f" {report.reviews_added} reviews imported; re-import added"
        f" {report2.viewings_added + report2.reviews_added + report2.films_added} rows"
    )
    print(f"{'step':<46} {'seconds':>8} {'x baseline':>11}")
    for name, seconds in rows:
        print(f"{name:<46} {seconds:>8.2f} {seconds / base:>11.1f}")


if __name__ == "__main__":
    main()
