"""Search benchmark on PostgreSQL: latency per query type on a large journal on a server.

    .venv/bin/python benchmarks/search_pg_bench.py                # 100,000 films and reviews
    .venv/bin/python benchmarks/search_pg_bench.py --films 5000   # a quick run
    .venv/bin/python benchmarks/search_pg_bench.py --data-dir DIR --baseline ../before/src

Starts its own PostgreSQL server on loopback TCP (``pg_server``: as the test
suite does, in a temporary folder, or in ``--data-dir`` kept for the next run,
which then reuses the journal it built), builds the same
generated journal as ``search_bench.py`` (its ``Corpus`` and ``build``) with the
search triggers off (``search.pg_rebuild.bulk_load``), then times
``JournalService.search_film_ids`` (the first page of ids) and ``search``
(films and snippets) per query type, next to a bare ``SELECT count(*) FROM
films`` through the same service connection pool as the baseline of one round
trip in the same run. The server is stopped at the end.

``--baseline SRC`` times another source tree (``git worktree add ../before
main``) against this one query by query in the same run instead (``search_ab``:
a worker process per tree on the same journal, taking turns), with figures as
"before → now": wall clock, the CPU time of the searching process, and the CPU
time of its server backends (read from ``/proc``: the server runs here).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import Engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
import host_speed
import search_ab
from pg_server import start_server
from search_bench import REVIEW_WORDS, Corpus, build, milliseconds, p95

from watchjournal.journal import JournalService
from watchjournal.search.pg_rebuild import bulk_load
from watchjournal.storage.journal_file import HEAD_REVISION
from watchjournal.storage.server import open_server_journal


def query_types(corpus: Corpus, engine: Engine, count: int) -> list[tuple[str, list[str]]]:
    rng = random.Random(99)
    words = [w for w in corpus.words[200:] if w.isascii()]
    firsts, seconds = rng.sample(words, count), rng.sample(words, count)
    with engine.connect() as connection:
        connection.execute(text("SELECT setseed(0.42)"))  # the same queries every run
        bodies = connection.execute(
            text("SELECT body FROM reviews ORDER BY random() LIMIT :n"), {"n": count}
        ).scalars()
        words_of = [body.split() for body in bodies]
        phrases = [" ".join(words[5:7]) for words in words_of]
        threes = [" ".join(words[9:12]) for words in words_of]
        directors = connection.execute(
            text("SELECT directors ->> 0 FROM films ORDER BY random() LIMIT :n"), {"n": count}
        ).scalars()
        surnames = [name.split()[0] for name in directors]
    prefixes = [w[:3] for w in rng.sample(words, count)]
    years = [rng.randint(1920, 2020) for _ in range(count)]
    pairs = list(zip(firsts, seconds, strict=True))
    return [
        ("single word", firsts),
        ("two words", [f"{a} {b}" for a, b in pairs]),
        ("phrase", [f'"{p}"' for p in phrases]),
        ("phrase of 3 words", [f'"{p}"' for p in threes]),
        ("prefix", prefixes),
        ("field", [f"director:{s}" for s in surnames]),
        ("range", [f"year:{y}..{y + 3}" for y in years]),
        ("combined", [f"{a} -{b} year:>=1990 is:watched" for a, b in pairs]),
        ("very common word", corpus.words[:count]),
    ]


def measure(service: JournalService, name: str, queries: list[str]) -> str:
    service.search_film_ids(queries[0], 50)  # warm the caches for this kind of query
    ids = [milliseconds(lambda q=q: service.search_film_ids(q, 50)) for q in queries]
    hits = [milliseconds(lambda q=q: service.search(q, 50)) for q in queries]
    matches = statistics.median(len(service.search_film_ids(q)) for q in queries)
    return (
        f"| {name} | {statistics.median(ids):.2f} | {p95(ids):.2f}"
        f" | {statistics.median(hits):.2f} | {p95(hits):.2f} | {matches:.0f} |"
    )


def compare(baseline: Path, url: str, kinds: list[tuple[str, list[str]]]) -> None:
    """Before (the tree at ``baseline``) and now (this tree), query by query."""
    import watchjournal

    here = Path(watchjournal.__file__).resolve().parents[1]
    before = search_ab.Side("before", baseline, url)
    now = search_ab.Side("now", here, url)
    titles = (
        "Wall clock",
        "CPU time of the searching process",
        "CPU time of its server backends",
    )
    tables: list[list[str]] = [[] for _ in titles]
    print(f"{titles[0]}:\n\n{search_ab.HEADER}")
    for name, queries in kinds:
        rows = search_ab.measure(before, now, name, queries)
        print(rows[0], flush=True)
        for table, row in zip(tables, rows, strict=False):
            table.append(row)
    for title, table in zip(titles[1:], tables[1:], strict=True):
        if table:
            print(f"\n{title}:\n\n{search_ab.HEADER}")
            print("\n".join(table))
    before.close()
    now.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, help="default: as many as films")
    parser.add_argument("--queries", type=int, default=30, help="different queries per type")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="keep the server's data here and reuse its journal on the next run"
        " (e.g. /work/bench-pgs/search); default: a temporary folder",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help="also time the src folder of another tree, query by query in the same run",
    )
    args = parser.parse_args()
    print(host_speed.describe())
    reviews = args.films if args.reviews is None else args.reviews
    corpus = Corpus.make(args.seed)
    server = start_server(args.data_dir)
    try:
        name = f"search_bench_{args.films}_{reviews}_{args.seed}"
        fresh = not server.has_database(name)
        url = server.create_database(name) if fresh else server.url(name)
        started = time.perf_counter()
        engine = open_server_journal(url, HEAD_REVISION).engine  # migrates a kept journal
        migrated = time.perf_counter()
        print(f"journal: {args.films:,} films, {reviews:,} reviews of ~{REVIEW_WORDS} words")
        if fresh:
            with bulk_load(engine) as connection:
                build(connection, corpus, args.films, reviews)
                inserted = time.perf_counter()
            indexed = time.perf_counter()
            print(f"bulk insert (search triggers off): {inserted - started:.1f} s")
            print(f"index build (every film's document): {indexed - inserted:.1f} s")
        else:
            print(f"kept journal reused (opening and migrating it: {migrated - started:.1f} s)")
        # As autovacuum does soon after a load: statistics, and the visibility map that
        # lets counts and bitmap scans skip reading rows.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
        with engine.begin() as connection:
            size = connection.scalar(text("SELECT pg_database_size(current_database())"))
            index = connection.scalar(text("SELECT pg_total_relation_size('search_documents')"))
            indexes = connection.execute(
                text(
                    "SELECT indexrelid::regclass::text, pg_relation_size(indexrelid)"
                    " FROM pg_index WHERE indrelid = 'search_documents'::regclass ORDER BY 1"
                )
            ).all()
        print(f"database: {size / 1e6:.0f} MB, of which search documents {index / 1e6:.0f} MB")
        print("  their indexes: " + ", ".join(f"{n} {b / 1e6:.0f} MB" for n, b in indexes))
        service = JournalService(engine)
        if args.baseline:
            print()
            compare(args.baseline, server.url(name), query_types(corpus, engine, args.queries))
            service.close()
            return
        baseline = [milliseconds(service.count_films) for _ in range(args.queries)]
        print(
            f"baseline SELECT count(*) FROM films: median {statistics.median(baseline):.2f} ms,"
            f" p95 {p95(baseline):.2f} ms"
        )
        print()
        print(
            "| query type | ids median ms | ids p95 ms | films+snippets median ms | p95 ms"
            " | matches |"
        )
        print("|---|---|---|---|---|---|")
        for name, queries in query_types(corpus, engine, args.queries):
            print(measure(service, name, queries), flush=True)
        service.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
