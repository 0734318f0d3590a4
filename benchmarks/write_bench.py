"""Benchmark: one write through ``JournalService``, as a user makes them (one at a time).

    .venv/bin/python benchmarks/write_bench.py [--films 500] [--writes 40] [--rounds 3]
        [--baseline SRC]

Each write is its own transaction, as when a user adds a film, logs a viewing,
saves a review or edits a film: the rows, the search index's triggers, the
statistics' derived rows (``journal.stats_derived``) and the commit. The
journal is a copy of one with ``--films`` films (a viewing and a review each),
so the indexes are not empty. The baseline of the same run is a bare
``INSERT`` and commit through ``sqlite3`` on the same copy (what the disk and
SQLite alone cost a transaction); figures are medians in ms and as a ratio to it.

``--baseline SRC`` also runs the same writes from another source tree (``git
worktree add ../before main``, SRC ``../before/src``), each tree in its own
process, rounds taking turns.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

KINDS = ("add film", "log viewing", "write review", "edit film")


def _build(path: Path, films: int) -> None:
    from watchjournal.journal import FilmFields, JournalService, ReviewFields, ViewingFields
    from watchjournal.journal.types import LogEntry

    service = JournalService.open(path, path.parent / "backups")
    for number in range(films):
        film = service.add_film(
            FilmFields(
                f"Film {number}",
                year=1950 + number % 70,
                directors=(f"Director {number % 300}",),
                cast=(f"Actor {number % 900}", f"Actor {(number * 7) % 900}"),
                genres=("Drama",) if number % 2 else ("Thriller", "Action"),
            )
        )
        review = ReviewFields(rating_tenths=50 + number % 50, body="a review " * 40)
        service.log_viewing(
            film.id, LogEntry(ViewingFields(date(2020, 1, 1 + number % 28)), review)
        )
    service.close()


def _worker(path: Path, writes: int) -> dict[str, list[float]]:
    """In a process of one tree: each kind of write ``writes`` times, in ms."""
    from watchjournal.journal import FilmFields, JournalService, ReviewFields, ViewingFields
    from watchjournal.journal.types import LogEntry

    service = JournalService.open(path, path.parent / "backups")
    found: dict[str, list[float]] = {kind: [] for kind in KINDS}
    stamp = time.time_ns()
    day = date(2024, 5, 1)
    review = ReviewFields(rating_tenths=75, body="the words of a review " * 20)
    for number in range(writes):
        title = f"New {stamp} {number}"
        fields = FilmFields(
            title, year=2001, directors=("Director 7",), cast=("Actor 3",), genres=("Drama",)
        )
        start = time.perf_counter()
        film_id = service.add_film(fields).id
        logged = time.perf_counter()
        service.log_viewing(film_id, LogEntry(ViewingFields(day)))
        reviewed = time.perf_counter()
        service.write_review(film_id, review)
        edited = time.perf_counter()
        service.edit_film(film_id, FilmFields(f"{title} (edited)", year=2002, genres=("Comedy",)))
        end = time.perf_counter()
        marks = (start, logged, reviewed, edited, end)
        for kind, before, after in zip(KINDS, marks, marks[1:], strict=False):
            found[kind].append((after - before) * 1000)
    service.close()
    return found


def _bare(path: Path, writes: int) -> list[float]:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE IF NOT EXISTS bench_bare (id INTEGER PRIMARY KEY, v TEXT)")
    times = []
    for number in range(writes):
        start = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO bench_bare (v) VALUES (?)", (f"row {number}",))
        connection.execute("COMMIT")
        times.append((time.perf_counter() - start) * 1000)
    connection.execute("DROP TABLE bench_bare")
    connection.close()
    return times


def _run_tree(src: Path, path: Path, writes: int) -> dict[str, list[float]]:
    env = {**os.environ, "PYTHONPATH": str(src.resolve())}
    command = [sys.executable, __file__, "--worker", str(path), "--writes", str(writes)]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    return dict(json.loads(output.splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=500)
    parser.add_argument("--writes", type=int, default=40, help="of each kind, per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another tree's src folder")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        print(json.dumps(_worker(args.worker, args.writes)))
        return
    here = Path(__file__).resolve().parent.parent / "src"
    trees = {"now": here} if args.baseline is None else {"before": args.baseline, "now": here}
    with tempfile.TemporaryDirectory() as folder:
        built = Path(folder) / "built.sqlite"
        _build(built, args.films)
        times: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
        bare: list[float] = []
        for _round in range(args.rounds):
            for name, src in trees.items():
                copy = Path(folder) / f"{name}.sqlite"
                shutil.copyfile(built, copy)
                for kind, values in _run_tree(src, copy, args.writes).items():
                    times[name].setdefault(kind, []).extend(values)
                bare += _bare(copy, args.writes)
    floor = statistics.median(bare)
    print(f"journal: {args.films:,} films; {args.writes} writes of each kind x {args.rounds}")
    print(f"baseline: bare INSERT + commit through sqlite3, median {floor:.2f} ms\n")
    print("| write | " + " | ".join(f"{name} median ms | x bare" for name in trees) + " |")
    print("|---|" + "---:|---:|" * len(trees))
    for kind in KINDS:
        cells = []
        for name in trees:
            median = statistics.median(times[name][kind])
            cells += [f"{median:.1f}", f"{median / floor:.1f}"]
        print(f"| {kind} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
