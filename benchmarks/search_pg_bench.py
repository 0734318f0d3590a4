"""Search benchmark on PostgreSQL: latency per query type on a large journal on a server.

    .venv/bin/python benchmarks/search_pg_bench.py                # 100,000 films and reviews
    .venv/bin/python benchmarks/search_pg_bench.py --films 5000   # a quick run

Starts its own PostgreSQL server on a Unix socket in a temporary folder, as the
test suite does (``tests/pg.py``: initdb/pg_ctl from the ``postgresql``
package, run as ``postgres`` or ``nobody`` when we are root), builds the same
generated journal as ``search_bench.py`` (its ``Corpus`` and ``build``) with the
search triggers off (``search.pg_schema.bulk_load``), then times
``JournalService.search_film_ids`` (the first page of ids) and ``search``
(films and snippets) per query type, next to a bare ``SELECT count(*) FROM
films`` through the same service connection pool as the baseline of one round
trip in the same run. The server is stopped at the end.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.pg
from search_bench import REVIEW_WORDS, Corpus, build, milliseconds, p95
from tests.pg import (
    PostgresServer,
    _reachable_temp_dir,
    _unprivileged_user,
    find_bin_dir,
)

from watchjournal.journal import JournalService
from watchjournal.search.pg_schema import bulk_load
from watchjournal.storage.journal_file import HEAD_REVISION
from watchjournal.storage.server import open_server_journal


def start_server() -> PostgresServer:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise SystemExit("no PostgreSQL server binaries (initdb, pg_ctl): install 'postgresql'")
    user = _unprivileged_user()
    folder = Path(tempfile.mkdtemp(prefix="watchjournal-bench-", dir=_reachable_temp_dir(user)))
    if user is not None:
        import os  # lazy: only to hand the folder to the server's user

        os.chown(folder, user.pw_uid, user.pw_gid)
    server = PostgresServer(bin_dir, folder, user)
    server.start()
    return server


def query_types(corpus: Corpus, engine: Engine, count: int) -> list[tuple[str, list[str]]]:
    rng = random.Random(99)
    words = [w for w in corpus.words[200:] if w.isascii()]
    firsts, seconds = rng.sample(words, count), rng.sample(words, count)
    with engine.connect() as connection:
        bodies = connection.execute(
            text("SELECT body FROM reviews ORDER BY random() LIMIT :n"), {"n": count}
        ).scalars()
        phrases = [" ".join(body.split()[5:7]) for body in bodies]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, help="default: as many as films")
    parser.add_argument("--queries", type=int, default=30, help="different queries per type")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    reviews = args.films if args.reviews is None else args.reviews
    server = start_server()
    try:
        url = server.create_database("search_bench")
        engine = open_server_journal(url, HEAD_REVISION).engine
        corpus = Corpus.make(args.seed)
        started = time.perf_counter()
        with bulk_load(engine) as connection:
            build(connection, corpus, args.films, reviews)
            inserted = time.perf_counter()
        indexed = time.perf_counter()
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
            size = connection.scalar(text("SELECT pg_database_size(current_database())"))
            index = connection.scalar(text("SELECT pg_total_relation_size('search_documents')"))
        print(f"journal: {args.films:,} films, {reviews:,} reviews of ~{REVIEW_WORDS} words")
        print(f"bulk insert (search triggers off): {inserted - started:.1f} s")
        print(f"index build (every film's document): {indexed - inserted:.1f} s")
        print(f"database: {size / 1e6:.0f} MB, of which search documents {index / 1e6:.0f} MB")
        service = JournalService(engine)
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
        shutil.rmtree(server.folder, ignore_errors=True)


if __name__ == "__main__":
    main()
