"""Benchmark: import generated Letterboxd exports, each case in its own process.

Two cases by default: 20,000 diary rows with 5,000 reviews, and 100,000 diary
rows with 100,000 reviews (diary tags, quotes, commas and newlines in the
reviews, a ``watched.csv``). The export is generated into a temp dir; a
separate Python process then parses it, plans the import (a dry run: match
and validate, no write lock), imports it into a fresh journal and imports it
again (a no-op), and reports its peak memory up to the import (``ru_maxrss``:
what the user's process needs), so one case does not inherit another's memory.

Prints a table of timings with ratios against a baseline measured in the same
run: a bare ``sqlite3`` ``executemany`` of the same film, viewing and review
rows into plain tables (no parsing, no matching, no validation, no ORM). Also
how long the import holds the write lock (the import marker is held from just
before ``BEGIN IMMEDIATE`` to just after ``COMMIT``), and how long a writer
started once the import has the lock (another connection adding a film, as
the CLI does) waits for its write to land.

    .venv/bin/python benchmarks/import_bench.py [--case 20000:5000 --case 100000:100000]
    .venv/bin/python benchmarks/import_bench.py --generate FOLDER --case 100000:100000
    .venv/bin/python benchmarks/import_bench.py --profile FOLDER   # cProfile parse + import
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from functools import partial
from itertools import pairwise
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


def measure(folder: Path) -> dict[str, Any]:
    """Run in the case's own process: parse, plan, import, re-import; the figures."""
    # Lazy: POSIX only, and only the measuring process needs it.
    import resource

    with tempfile.TemporaryDirectory() as temp:
        journal, backups = Path(temp) / "journal.sqlite", Path(temp) / "backups"
        service = JournalService.open(journal, backups)
        cpu = [time.process_time()]
        parse, batch = timed(partial(read_import, "letterboxd", folder))
        cpu.append(time.process_time())
        plan, _ = timed(partial(service.import_batch, batch, dry_run=True))
        cpu.append(time.process_time())
        apply, report, watch = timed_import(journal, backups, service, batch)
        cpu.append(time.process_time())
        # The peak of what a user's process does (a preview, then the import); reading
        # the export again for the re-import below is not part of it.
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        del batch
        again, report2 = timed(lambda: service.import_batch(read_import("letterboxd", folder)))
        service.close()
    return {
        # CPU seconds of the process (all threads): a load-independent check on the times.
        "cpu": [later - earlier for earlier, later in pairwise(cpu)],
        "parse": parse,
        "plan": plan,
        "import": apply,
        "again": again,
        "lock": sum(watch.held),
        "writer_waited": watch.writer_waited or 0.0,
        "writer_saw_import": watch.writer_saw_import,
        # ru_maxrss is in kilobytes on Linux (bytes on macOS).
        "peak_mb": peak / (1024 * 1024 if sys.platform == "darwin" else 1024),
        "films": report.films_added,
        "viewings": report.viewings_added,
        "reviews": report.reviews_added,
        "readded": report2.films_added + report2.viewings_added + report2.reviews_added,
    }


def run_case(diary_rows: int, review_rows: int) -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "export"
        folder.mkdir()
        diary = generate(folder, diary_rows, review_rows)
        base, _ = timed(partial(baseline, Path(temp) / "bare.sqlite", diary, review_rows))
        del diary  # the child process should not wait for this one's memory
        child = subprocess.run(
            [sys.executable, __file__, "--measure", str(folder)],
            check=True,
            capture_output=True,
            text=True,
        )
    m = json.loads(child.stdout)
    rows = [
        ("bare sqlite3 executemany (baseline)", base),
        ("parse the export (CSV -> batch)", m["parse"]),
        ("plan: dry run (match + validate, no lock)", m["plan"]),
        ("import (plan + insert + commit)", m["import"]),
        ("parse + import (what a user waits for)", m["parse"] + m["import"]),
        ("parse + re-import the same export (no-op)", m["again"]),
        ("write lock held by the import", m["lock"]),
        ("a writer started meanwhile waited", m["writer_waited"]),
    ]
    print(
        f"Letterboxd export: {diary_rows} diary rows, {review_rows} reviews;"
        f" {m['films']} films, {m['viewings']} viewings, {m['reviews']} reviews imported;"
        f" re-import added {m['readded']} rows"
    )
    print(f"the writer met the import and waited for it: {m['writer_saw_import']}")
    print(f"peak memory of the process (parse, dry run, import): {m['peak_mb']:.0f} MB")
    parse_cpu, plan_cpu, import_cpu = m["cpu"]
    print(
        f"CPU seconds: parse {parse_cpu:.2f}, dry run {plan_cpu:.2f}, import {import_cpu:.2f}"
        f" (wall time above them means the machine was busy)"
    )
    print(f"{'step':<46} {'seconds':>8} {'x baseline':>11}")
    for name, seconds in rows:
        print(f"{name:<46} {seconds:>8.2f} {seconds / base:>11.1f}")
    print()


def profile(folder: Path) -> None:
    """cProfile of parsing and importing ``folder`` (an export written by ``generate``)."""
    # Lazy: only a profiling run needs them.
    import cProfile
    import pstats

    with tempfile.TemporaryDirectory() as temp:
        service = JournalService.open(Path(temp) / "journal.sqlite", Path(temp) / "backups")
        profiler = cProfile.Profile()
        profiler.enable()
        service.import_batch(read_import("letterboxd", folder))
        profiler.disable()
        service.close()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


def _case(text: str) -> tuple[int, int]:
    diary, _, reviews = text.partition(":")
    return int(diary), int(reviews or 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--case",
        type=_case,
        action="append",
        metavar="DIARY:REVIEWS",
        help="diary rows and reviews of one case (repeatable)",
    )
    parser.add_argument(
        "--generate", type=Path, metavar="FOLDER", help="only write the (first) case's export"
    )
    parser.add_argument(
        "--profile", type=Path, metavar="FOLDER", help="cProfile importing the export in FOLDER"
    )
    # The child process of one case.
    parser.add_argument("--measure", type=Path, metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:  # the child process of one case
        print(json.dumps(measure(args.measure)))
        return
    if args.generate:  # an export to profile: --generate FOLDER --case 100000:100000
        args.generate.mkdir(parents=True, exist_ok=True)
        generate(args.generate, *(args.case or [(100_000, 100_000)])[0])
        return
    if args.profile:
        profile(args.profile)
        return
    for diary_rows, review_rows in args.case or [(20_000, 5_000), (100_000, 100_000)]:
        run_case(diary_rows, review_rows)


if __name__ == "__main__":
    main()
