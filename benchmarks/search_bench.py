"""Search benchmark: latency per query type on a large generated journal, against LIKE.

    .venv/bin/python benchmarks/search_bench.py                # 100,000 films and reviews
    .venv/bin/python benchmarks/search_bench.py --films 5000   # a quick run
    .venv/bin/python benchmarks/search_bench.py --common       # query words in most reviews
    .venv/bin/python benchmarks/search_bench.py --baseline ../before/src   # before -> now

Builds a journal in the real schema (``open_journal``) with bulk inserts while
the index triggers are off (``search.index.bulk_load``), timing the index
build separately. Then, per query type, runs a set of different queries
through ``JournalService.search_film_ids`` (and ``search``, which also loads
the films and cuts snippets) and reports median and p95 latency, next to a
naive ``LIKE '%word%'`` scan for the same words measured in the same run.
``--common`` builds the worst case instead (``search_common``): every query
word is in 50 to 90 % of the reviews. Both end with the file's size against
the size of the text it holds. ``--baseline SRC`` times another source tree
(``git worktree add ../before main``) against this one query by query in the
same run instead (``search_ab``), with figures as "before → now";
``--baseline-db OLD`` lets it search a copy of the journal in its own layout
(the same films in an older schema, e.g. with FTS5 prefix indexes).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, Engine, insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
import host_speed
import search_ab
import search_common

from watchjournal.journal import JournalService
from watchjournal.journal.validate import fold_key
from watchjournal.search import words
from watchjournal.search.index import bulk_load
from watchjournal.storage import models
from watchjournal.storage.engine import writer
from watchjournal.storage.journal_file import open_journal

CHUNK = 2000
REVIEW_WORDS = 200
SYLLABLES = [
    "ka",
    "ri",
    "to",
    "mo",
    "ne",
    "sa",
    "lu",
    "vi",
    "en",
    "or",
    "an",
    "el",
    "is",
    "ur",
    "am",
    "bo",
    "de",
    "fi",
    "go",
    "ha",
    "ji",
    "ku",
    "ma",
    "no",
    "pe",
    "qu",
    "ra",
    "se",
    "ti",
    "un",
    "va",
    "we",
    "xo",
    "ya",
    "ze",
    "tha",
    "che",
    "shi",
    "lor",
    "mir",
    "dan",
    "vel",
    "sor",
    "kin",
    "bel",
    "cor",
    "tru",
    "gar",
]
GENRES = [
    "Drama",
    "Comedy",
    "Thriller",
    "Horror",
    "Romance",
    "Action",
    "Animation",
    "Documentary",
    "Western",
    "Musical",
]
COUNTRIES = [
    "France",
    "Japan",
    "South-Korea",
    "Mexico",
    "Chile",
    "Iran",
    "Italy",
    "Germany",
    "Brazil",
    "India",
]
SERVICES = ["Netflix", "Mubi", "Criterion", "Kanopy", "Prime", "Cinema"]


@dataclass
class Corpus:
    """A Zipf-like vocabulary of made-up words and a pool of names."""

    words: list[str]
    weights: list[float]
    names: list[str]
    rng: random.Random

    @classmethod
    def make(cls, seed: int, size: int = 30_000) -> Corpus:
        rng = random.Random(seed)
        words: set[str] = {"flamethrower", "flamethrowers", "choreography", "huracán", "josé"}
        while len(words) < size:
            words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
        ordered = sorted(words)
        rng.shuffle(ordered)
        weights = [1 / (rank + 10) for rank in range(len(ordered))]
        surnames = [w.title() for w in ordered[:3000]]
        names = [
            f"{rng.choice(surnames)} {rng.choice(surnames)}-{rng.choice(SYLLABLES)}"
            for _ in range(20_000)
        ]
        return cls(ordered, weights, names, rng)

    def pool(self, size: int) -> list[str]:
        return self.rng.choices(self.words, weights=self.weights, k=size)


def _film_rows(corpus: Corpus, first_id: int, count: int, title_pool: list[str]) -> list[dict]:
    rng, stamp = corpus.rng, datetime(2026, 1, 1)
    rows = []
    for film_id in range(first_id, first_id + count):
        title = " ".join(rng.choice(title_pool) for _ in range(rng.randint(1, 4))).title()
        rows.append(
            {
                "id": film_id,
                "title": title,
                "title_key": fold_key(title),
                "year": rng.randint(1920, 2025),
                "directors": rng.sample(corpus.names, rng.randint(1, 2)),
                "cast": rng.sample(corpus.names, rng.randint(2, 6)),
                "genres": rng.sample(GENRES, 2),
                "countries": [rng.choice(COUNTRIES)],
                "runtime": rng.randint(60, 200),
                "liked": rng.random() < 0.1,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
    return rows


def _extra_rows(corpus: Corpus, film_ids: range) -> dict[type, list[dict]]:
    rng, stamp = corpus.rng, datetime(2026, 1, 1)
    rows: dict[type, list[dict]] = {models.StreamingOption: [], models.Viewing: []}
    rows[models.WatchlistEntry] = []
    for film_id in film_ids:
        if rng.random() < 0.3:
            rows[models.StreamingOption].append(
                {"film_id": film_id, "service": rng.choice(SERVICES), "position": 0}
            )
        if rng.random() < 0.5:
            day = date(2000, 1, 1) + timedelta(days=rng.randint(0, 9300))
            note = " ".join(corpus.pool(8)) if rng.random() < 0.3 else None
            rows[models.Viewing].append(
                {"film_id": film_id, "watched_on": day, "note": note, "created_at": stamp,
                 "did_not_finish": False}
            )  # fmt: skip
        elif rng.random() < 0.4:
            rows[models.WatchlistEntry].append(
                {"film_id": film_id, "added_at": stamp, "position": film_id, "note": None}
            )
    return rows


def _review_rows(corpus: Corpus, films: int, count: int, pool: list[str]) -> Iterator[list[dict]]:
    rng, stamp = corpus.rng, datetime(2026, 1, 1)
    chunk: list[dict] = []
    for _ in range(count):
        start = rng.randrange(len(pool) - REVIEW_WORDS)
        chunk.append(
            {
                "film_id": rng.randint(1, films),
                "rating_tenths": rng.choice((None, *range(10, 101, 5))),
                "headline": " ".join(pool[start : start + 4]),
                "body": " ".join(pool[start + 4 : start + REVIEW_WORDS]),
                "spoilers": rng.random() < 0.1,
                "draft": False,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def build(
    connection: Connection, corpus: Corpus, films: int, reviews: int, common: bool = False
) -> None:
    pool = corpus.pool(2_000_000)
    title_pool = search_common.TITLE_WORDS if common else corpus.words[:5000]
    for first in range(1, films + 1, CHUNK):
        count = min(CHUNK, films + 1 - first)
        connection.execute(insert(models.Film), _film_rows(corpus, first, count, title_pool))
        for model, rows in _extra_rows(corpus, range(first, first + count)).items():
            if rows:
                connection.execute(insert(model), rows)
    if common:
        search_common.build_reviews(connection, corpus.rng, films, reviews, pool)
        return
    for chunk in _review_rows(corpus, films, reviews, pool):
        connection.execute(insert(models.Review), chunk)


@dataclass
class QueryType:
    name: str
    queries: list[str]
    like: list[tuple[str, dict[str, str]]]  # the naive scan for the same words


_TEXT = (
    "(f.title || ' ' || f.directors || ' ' || f.\"cast\" || ' '"
    " || coalesce(r.headline, '') || ' ' || coalesce(r.body, ''))"
)


def like_scan(
    wanted: list[str], unwanted: tuple[str, ...] = (), extra: str = ""
) -> tuple[str, dict[str, str]]:
    """Every film whose text (with one of its reviews) contains the words: a full scan."""
    conditions = [f"{_TEXT} LIKE :w{i}" for i in range(len(wanted))]
    conditions += [f"{_TEXT} NOT LIKE :u{i}" for i in range(len(unwanted))]
    sql = (
        "SELECT DISTINCT f.id FROM films f LEFT JOIN reviews r ON r.film_id = f.id"
        f" WHERE {' AND '.join(conditions)} {extra}"
    )
    params = {f"w{i}": f"%{w}%" for i, w in enumerate(wanted)}
    params.update({f"u{i}": f"%{w}%" for i, w in enumerate(unwanted)})
    return sql, params


def query_types(corpus: Corpus, engine: Engine, count: int) -> list[QueryType]:
    rng = random.Random(99)
    words = [w for w in corpus.words[200:] if w.isascii()]
    firsts, seconds = rng.sample(words, count), rng.sample(words, count)
    pairs = list(zip(firsts, seconds, strict=True))
    with engine.connect() as connection:
        bodies = connection.execute(
            text("SELECT body FROM reviews ORDER BY random() LIMIT :n"), {"n": count}
        ).scalars()
        phrases = [" ".join(body.split()[5:7]) for body in bodies]
        directors = connection.execute(
            text("SELECT directors ->> '$[0]' FROM films ORDER BY random() LIMIT :n"),
            {"n": count},
        ).scalars()
        surnames = [name.split()[0] for name in directors]
    prefixes = [w[:3] for w in rng.sample(words, count)]
    years = [rng.randint(1920, 2020) for _ in range(count)]
    watched = "AND f.year >= 1990 AND EXISTS (SELECT 1 FROM viewings v WHERE v.film_id = f.id)"
    common = corpus.words[:count]
    return [
        QueryType("single word", firsts, [like_scan([w]) for w in firsts]),
        QueryType(
            "two words", [f"{a} {b}" for a, b in pairs], [like_scan([a, b]) for a, b in pairs]
        ),
        QueryType("phrase", [f'"{p}"' for p in phrases], [like_scan([p]) for p in phrases]),
        QueryType("prefix", prefixes, [like_scan([p]) for p in prefixes]),
        QueryType(
            "field",
            [f"director:{s}" for s in surnames],
            [("SELECT id FROM films WHERE directors LIKE :p", {"p": f"%{s}%"}) for s in surnames],
        ),
        QueryType(
            "range",
            [f"year:{y}..{y + 3}" for y in years],
            [(f"SELECT id FROM films WHERE year BETWEEN {y} AND {y + 3}", {}) for y in years],
        ),
        QueryType(
            "combined",
            [f"{a} -{b} year:>=1990 is:watched" for a, b in pairs],
            [like_scan([a], (b,), watched) for a, b in pairs],
        ),
        QueryType("very common word", common, [like_scan([w]) for w in common]),
    ]


def milliseconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(service: JournalService, engine: Engine, kind: QueryType, like_runs: int) -> str:
    service.search_film_ids(kind.queries[0], 50)  # warm the caches for this kind of query
    service.search(kind.queries[0], 50)
    ids = [milliseconds(lambda q=q: service.search_film_ids(q, 50)) for q in kind.queries]
    hits = [milliseconds(lambda q=q: service.search(q, 50)) for q in kind.queries]
    matches = statistics.median(len(service.search_film_ids(q)) for q in kind.queries)
    with engine.connect() as connection:
        like = [
            milliseconds(lambda s=sql, p=params: connection.execute(text(s), p).all())
            for sql, params in kind.like[:like_runs]
        ]
    ids_median, like_median = statistics.median(ids), statistics.median(like)
    return (
        f"| {kind.name} | `{kind.queries[0]}` | {ids_median:.2f} | {p95(ids):.2f}"
        f" | {statistics.median(hits):.2f} | {p95(hits):.2f}"
        f" | {matches:,.0f} | {like_median:.1f} | {like_median / ids_median:.1f}x |"
    )


TEXT_SIZE = """
SELECT
    (SELECT sum(length(CAST(title AS BLOB)) + coalesce(length(CAST(original_title AS BLOB)), 0))
     FROM films),
    (SELECT coalesce(sum(length(CAST(j.value AS BLOB))), 0)
     FROM films f, json_each(f.directors) j),
    (SELECT coalesce(sum(length(CAST(j.value AS BLOB))), 0) FROM films f, json_each(f."cast") j),
    (SELECT coalesce(sum(length(CAST(note AS BLOB))), 0) FROM viewings)
      + (SELECT coalesce(sum(length(CAST(note AS BLOB))), 0) FROM watchlist),
    (SELECT coalesce(sum(length(CAST(headline AS BLOB)) + length(CAST(body AS BLOB))), 0)
     FROM reviews)
"""


def size_table(engine: Engine, path: Path) -> list[str]:
    """The file against the size of its text, and what the full-text index takes of it."""
    with engine.connect() as connection:
        titles, directors, cast, notes, reviews = connection.execute(text(TEXT_SIZE)).one()
        pages = dict(
            connection.execute(text("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")).all()
        )
    mb = 1e6
    journal = path.stat().st_size
    body = titles + directors + cast + notes + reviews
    fts = sum(size for name, size in pages.items() if name.startswith("search_index"))
    content = sum(
        size
        for name, size in pages.items()
        if name in ("search_index_content", "search_index_docsize")
    )
    parts = [
        ("journal file", journal),
        ("of which the full-text index (all its tables)", fts),
        ("of which its own copy of the text and sizes", content),
        ("of which table reviews", pages.get("reviews", 0)),
        ("of which table films", pages.get("films", 0)),
    ]
    rows = [
        "| part | MB | x text |",
        "|---|---:|---:|",
        f"| text: titles {titles / mb:.1f}, names {(directors + cast) / mb:.1f},"
        f" notes {notes / mb:.1f}, reviews {reviews / mb:.1f} | {body / mb:.1f} | 1.00 |",
    ]
    rows += [f"| {name} | {size / mb:.1f} | {size / body:.2f} |" for name, size in parts]
    return rows


def index_size_mb(engine: Engine) -> float | None:
    with engine.connect() as connection:
        try:
            size = connection.execute(
                text("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_index%'")
            ).scalar()
        except Exception:  # dbstat is optional in SQLite builds
            return None
    return (size or 0) / 1e6


def compare(
    baseline: Path, path: Path, kinds: list[QueryType], baseline_db: Path | None = None
) -> None:
    """Before (the tree at ``baseline``, on ``baseline_db`` if given) and now (this tree),
    query by query."""
    import watchjournal

    here = Path(watchjournal.__file__).resolve().parents[1]
    before = search_ab.Side("before", baseline, baseline_db or path)
    now = search_ab.Side("now", here, path)
    print("Wall clock:\n")
    print(search_ab.HEADER)
    cpu_rows = []
    for kind in kinds:
        wall, cpu = search_ab.measure(before, now, kind.name, kind.queries)
        print(wall, flush=True)
        cpu_rows.append(cpu)
    print("\nCPU time of the searching process:\n")
    print(search_ab.HEADER)
    print("\n".join(cpu_rows))
    before.close()
    now.close()


def fill_masks(engine: Engine) -> None:
    """Give a reused journal's vocabulary the columns of each word, as a journal built
    here or by the app has them: one upgraded to 0016 and never reindexed says every
    word is in every column (right, but its pass over titles and people is slower)."""
    with writer(engine).begin() as connection:
        if not words.has_vocabulary(connection):
            return
        masks = connection.execute(text(f"SELECT DISTINCT cols FROM {words.TABLE}")).scalars()
        if set(masks) == {words.EVERY_COLUMN}:
            words.fill_columns(connection)
            print("journal: its vocabulary said every word is in every column; filled them")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, help="default: as many as films")
    parser.add_argument("--queries", type=int, default=30, help="different queries per type")
    parser.add_argument("--like-runs", type=int, default=5, help="LIKE scans per type")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--common", action="store_true", help="query words in 50-90 %% of reviews (worst case)"
    )
    parser.add_argument(
        "--db", type=Path, help="build the journal here and keep it (reused if it exists)"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help="also time the src folder of another tree, query by query in the same run",
    )
    parser.add_argument(
        "--baseline-db",
        type=Path,
        help="the journal the --baseline tree searches (default: the same as this tree);"
        " a copy in an older layout, to compare layouts too",
    )
    args = parser.parse_args()
    print(host_speed.describe())
    reviews = args.films if args.reviews is None else args.reviews
    with tempfile.TemporaryDirectory() as scratch:
        path = args.db or Path(scratch) / "journal.sqlite"
        corpus = Corpus.make(args.seed)
        reuse = path.exists()
        engine = open_journal(path, Path(scratch) / "backups")
        if reuse:
            print(f"journal: reusing {path}")
            fill_masks(engine)
        else:
            started = time.perf_counter()
            with bulk_load(writer(engine)) as connection:
                build(connection, corpus, args.films, reviews, args.common)
                inserted = time.perf_counter()
            indexed = time.perf_counter()
            print(f"journal: {args.films:,} films, {reviews:,} reviews of ~{REVIEW_WORDS} words")
            print(f"bulk insert (index triggers off): {inserted - started:.1f} s")
            print(f"index build (rebuild + optimize): {indexed - inserted:.1f} s")
        index_mb = index_size_mb(engine)
        size = path.stat().st_size / 1e6
        print(f"file: {size:.0f} MB" + (f", of which index {index_mb:.0f} MB" if index_mb else ""))
        service = JournalService(engine, path)
        if args.common:
            kinds = [QueryType(*kind) for kind in search_common.queries(args.queries, like_scan)]
        else:
            kinds = query_types(corpus, engine, args.queries)
        print()
        if args.baseline:
            compare(args.baseline, path, kinds, args.baseline_db)
        else:
            print(
                "| query type | example | ids median ms | ids p95 ms | films+snippets median ms"
                " | films+snippets p95 ms | matches | LIKE median ms | LIKE / FTS |"
            )
            print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
            for kind in kinds:
                print(measure(service, engine, kind, args.like_runs), flush=True)
        print()
        print("\n".join(size_table(engine, path)))
        service.close()


if __name__ == "__main__":
    main()
