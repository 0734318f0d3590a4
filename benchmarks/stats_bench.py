"""Benchmark: ``JournalService.stats`` on 100,000 films and 200,000 viewings.

Targets (issue 16): all stats of one year under 150 ms, all time under 400 ms.
Each figure is also given as a ratio to a bare ``SELECT count(*)`` over the same
viewings in the same run, so machines of different speed can be compared.

    PYTHONPATH=src python benchmarks/stats_bench.py [--films N] [--viewings N]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from generate import NAMES, WORDS

from watchjournal.journal import JournalService
from watchjournal.journal.stats_types import StatsPeriod
from watchjournal.journal.validate import fold_key
from watchjournal.storage.journal_file import open_journal

COUNTRIES = ["France", "South Korea", "United States", "Japan", "Italy", "Mexico", "Iran"]
GENRES = ["Drama", "Comedy", "Thriller", "Horror", "Documentary", "Animation", "Romance"]
STAMP = "2025-01-01 12:00:00.000000"


def generate(path: Path, films: int, viewings: int, seed: int = 16) -> None:
    """Films with people, genres, countries; viewings over ten years; a third reviewed."""
    open_journal(path, path.parent / "backups").dispose()
    rng = random.Random(seed)
    connection = sqlite3.connect(path)
    with connection:
        rows = []
        for number in range(1, films + 1):
            title = " ".join(rng.choice(WORDS).title() for _ in range(rng.randint(1, 3)))
            rows.append(
                (
                    number, title, fold_key(title), rng.randint(1920, 2025),
                    json.dumps([rng.choice(NAMES)]), json.dumps(rng.sample(NAMES, 3)),
                    json.dumps(rng.sample(GENRES, 2)), json.dumps([rng.choice(COUNTRIES)]),
                    rng.choice([None, *range(70, 200)]), STAMP, STAMP,
                )
            )  # fmt: skip
        connection.executemany(
            'INSERT INTO films (id, title, title_key, year, directors, "cast", genres, countries,'
            " runtime, liked, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,0,?,?)",
            rows,
        )
        start = date(2016, 1, 1)
        diary = [
            (
                rng.randint(1, films),
                (start + timedelta(days=rng.randint(0, 3650))).isoformat(),
                int(rng.random() < 0.03),
                STAMP,
            )
            for _ in range(viewings)
        ]
        connection.executemany(
            "INSERT INTO viewings (film_id, watched_on, did_not_finish, created_at)"
            " VALUES (?,?,?,?)",
            diary,
        )
        reviews = [
            (film_id, viewing_id, rng.randint(5, 100), " ".join(rng.choices(WORDS, k=40)))
            for viewing_id, (film_id, *_) in enumerate(diary, start=1)
            if viewing_id % 3 == 0
        ]
        connection.executemany(
            "INSERT INTO reviews (film_id, viewing_id, rating_tenths, headline, body, spoilers,"
            f" draft, created_at, updated_at) VALUES (?,?,?,'',?,0,0,'{STAMP}','{STAMP}')",
            reviews,
        )
    connection.close()


def median_ms(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall and CPU (this process) milliseconds of ``action`` over ``runs`` runs."""
    walls, cpus = [], []
    for _ in range(runs):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        action()
        walls.append((time.perf_counter() - begin) * 1000)
        cpus.append((time.process_time() - begin_cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--films", type=int, default=100_000)
    parser.add_argument("--viewings", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.sqlite"
        generate(path, args.films, args.viewings)
        service = JournalService.open(path, Path(folder) / "backups")
        # The rows went in as plain SQL: the triggers marked every film, and this
        # works out the statistics' derived tables of the whole journal at once.
        refresh_ms, refresh_cpu = median_ms(service.refresh_derived_stats, 1)
        connection = sqlite3.connect(path)
        baseline, baseline_cpu = median_ms(
            lambda: connection.execute("SELECT count(*) FROM viewings").fetchone(), args.runs
        )
        cases = {
            "one year (2024)": (StatsPeriod.year(2024), None),
            "one month (2024-06)": (StatsPeriod.month(2024, 6), None),
            "all time": (StatsPeriod(), None),
            'one year, country:"South Korea"': (StatsPeriod.year(2024), 'country:"South Korea"'),
        }
        print(f"{args.films:,} films, {args.viewings:,} viewings; median of {args.runs} runs")
        print(f"SELECT count(*) FROM viewings: {baseline:.2f} ms wall, {baseline_cpu:.2f} ms CPU")
        print(f"derived tables of every film: {refresh_ms:.0f} ms wall, {refresh_cpu:.0f} ms CPU")
        for name, (period, query) in cases.items():

            def cold(p: StatsPeriod = period, q: str | None = query) -> object:
                service.__dict__.pop("_stats_cache", None)  # measure the computation
                return service.stats(p, q)

            wall, cpu = median_ms(cold, args.runs)
            kept, _ = median_ms(lambda p=period, q=query: service.stats(p, q), args.runs)
            print(
                f"{name}: {wall:.0f} ms wall ({wall / baseline:.0f}x the count),"
                f" {cpu:.0f} ms CPU; kept: {kept:.1f} ms"
            )
        connection.close()
        service.close()


if __name__ == "__main__":
    main()
