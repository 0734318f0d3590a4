"""Library benchmark: the derived values (your rating, rewatch) in lists and search.

"Your rating" and "rewatch" are derived from reviews and viewings by one rule
each (docs/rules.md); every list row, sort and search filter computes them in
SQL. This measures what that costs on a generated journal of 100,000 films
(half watched, some twice, a third reviewed, some reviewed twice), against a
baseline measured in the same run: listing every film id sorted by title,
which reads only the films table and its title index.

    .venv/bin/python benchmarks/library_bench.py [--films 100000] [--runs 7]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate_journal

from watchjournal.journal import JournalService
from watchjournal.journal.rows import FilmQuery


def add_rewatches_and_second_reviews(path: Path, films: int, seed: int = 11) -> None:
    """Rewatches for a tenth of the watched films, and a second, older-dated review
    linked to the first viewing for a tenth of the reviewed films."""
    rng = random.Random(seed)
    stamp = "2025-02-01 12:00:00.000000"
    connection = sqlite3.connect(path)
    with connection:
        connection.executemany(
            "INSERT INTO viewings (film_id, watched_on, did_not_finish, created_at)"
            " VALUES (?, '2025-06-01', 0, ?)",
            [(n, stamp) for n in range(1, films + 1, 20)],
        )
        first_viewing = dict(
            connection.execute("SELECT film_id, min(id) FROM viewings GROUP BY film_id")
        )
        connection.executemany(
            "INSERT INTO reviews (film_id, viewing_id, rating_tenths, headline, body, spoilers,"
            " draft, created_at, updated_at) VALUES (?,?,?,'again','second thoughts',0,0,?,?)",
            [
                (n, first_viewing.get(n), rng.randint(5, 100), stamp, stamp)
                for n in range(1, films + 1, 30)
            ],
        )
    connection.close()


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.sqlite"
        generate_journal(path, args.films)
        add_rewatches_and_second_reviews(path, args.films)
        service = JournalService.open(path, Path(folder) / "backups")
        by_title = service.film_ids(FilmQuery(sort="title"))
        page = by_title[:100]
        month = service.diary_months()[0].month
        cases: list[tuple[str, Callable[[], object]]] = [
            ("all film ids by title (baseline)", lambda: service.film_ids(FilmQuery(sort="title"))),
            ("all film ids by your rating", lambda: service.film_ids(FilmQuery(sort="rating"))),
            (
                "all film ids by last watched",
                lambda: service.film_ids(FilmQuery(sort="last_watched")),
            ),
            ("one page of 100 list rows (rating)", lambda: service.film_rows_by_ids(page)),
            ("one page of 100 diary rows (rewatch)", lambda: service.diary_rows(month, 0, 100)),
            ("search rating:>=8", lambda: service.search_film_ids("rating:>=8")),
            ("search rating:6..7.5", lambda: service.search_film_ids("rating:6..7.5")),
            ("search is:unrated", lambda: service.search_film_ids("is:unrated")),
            ("search is:rewatch", lambda: service.search_film_ids("is:rewatch")),
            ("one film record (get_film)", lambda: service.get_film(page[0])),
        ]
        results = [(name, median_ms(action, args.runs)) for name, action in cases]
        service.close()
    baseline = results[0][1]
    print(f"{args.films:,} films; median of {args.runs} runs; baseline = first row\n")
    print(f"| {'query':<40} | {'ms':>8} | {'x baseline':>10} |")
    print(f"| {'-' * 40} | {'-' * 8}:| {'-' * 10}:|")
    for name, ms in results:
        print(f"| {name:<40} | {ms:8.1f} | {ms / baseline:10.2f} |")


if __name__ == "__main__":
    main()
