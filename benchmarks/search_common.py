"""The worst case for search: a journal whose query words occur in most reviews.

Real reviews repeat a few words ("film", "action", "revenge") in most of them;
the Zipf vocabulary of ``search_bench`` has no such words. Here every review
mixes filler words with COMMON words, each of which a review holds with its own
probability between 50 % and 90 %, and with two-word PHRASES that half the
reviews hold. Titles are made of a small vocabulary, so ``title:`` words match
thousands of films too. ``query_types`` makes the queries of every kind from
those words, with the naive ``LIKE`` scan for each (see ``search_bench``).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import datetime

from sqlalchemy import Connection, insert

from watchjournal.storage import models

COMMON = [
    "flamethrower", "revenge", "rain", "neon", "night", "city", "ghost", "mirror",
    "harbor", "velvet", "thunder", "orchard", "lantern", "saint", "copper", "wolf",
    "river", "silence", "engine", "winter", "garden", "poison", "crown", "signal",
    "desert", "bridge", "candle", "stranger", "machine", "anthem",
]  # fmt: skip
# Each COMMON word's share of reviews: evenly from 50 % to 90 %.
SHARES = [0.5 + 0.4 * i / (len(COMMON) - 1) for i in range(len(COMMON))]
PHRASES = [
    ("neon", "revenge"), ("night", "city"), ("ghost", "harbor"), ("velvet", "thunder"),
    ("copper", "wolf"), ("silent", "engine"), ("winter", "garden"), ("crown", "signal"),
]  # fmt: skip
TITLE_WORDS = [*COMMON[:12], "blue", "red", "last", "first", "dark", "long", "lost", "road"]

Scan = tuple[str, dict[str, str]]

# Query words as the benchmark draws them: a stable random choice per kind.
_rng = random.Random(17)


def _pairs(count: int) -> list[tuple[str, str]]:
    pairs = []
    while len(pairs) < count:
        a, b = _rng.sample(COMMON, 2)
        pairs.append((a, b))
    return pairs


def _cycle(values: list[str], count: int) -> list[str]:
    return [values[i % len(values)] for i in range(count)]


def review_rows(
    rng: random.Random, films: int, count: int, pool: list[str], chunk: int, words: int
) -> Iterator[list[dict]]:
    """Reviews of about ``words`` words: filler from ``pool`` with common words mixed in."""
    stamp = datetime(2026, 1, 1)
    rows: list[dict] = []
    for _ in range(count):
        start = rng.randrange(len(pool) - words)
        body = pool[start : start + words - 30]
        for word, share in zip(COMMON, SHARES, strict=True):
            if rng.random() < share:
                body.insert(rng.randrange(len(body) + 1), word)
        for first, second in PHRASES:
            if rng.random() < 0.5:
                at = rng.randrange(len(body) + 1)
                body[at:at] = [first, second]
        rows.append(
            {
                "film_id": rng.randint(1, films),
                "rating_tenths": rng.choice((None, *range(10, 101, 5))),
                "headline": " ".join(rng.sample(COMMON, 2) + pool[start : start + 2]),
                "body": " ".join(body),
                "spoilers": rng.random() < 0.1,
                "draft": False,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        if len(rows) == chunk:
            yield rows
            rows = []
    if rows:
        yield rows


def build_reviews(
    connection: Connection, rng: random.Random, films: int, reviews: int, pool: list[str]
) -> None:
    for rows in review_rows(rng, films, reviews, pool, 2000, 200):
        connection.execute(insert(models.Review), rows)


def queries(count: int, like_scan: Callable[..., Scan]) -> list[tuple[str, list[str], list[Scan]]]:
    """(kind, queries, LIKE scans) for every query type, all on common words."""
    singles = _cycle(COMMON, count)
    pairs = _pairs(count)
    phrases = _cycle([" ".join(p) for p in PHRASES], count // 2)
    phrases += [f"{a} {b}" for a, b in _pairs(count - len(phrases))]  # rarely adjacent
    prefixes = [w[: 3 + i % 4] for i, w in enumerate(_cycle(COMMON, count))]
    short = [w[:2] for w in _cycle(COMMON, count)]  # the second keystroke
    fields = [
        f"title:{w}" if i % 2 == 0 else f"review:{w}"
        for i, w in enumerate(_cycle(TITLE_WORDS[:12], count))
    ]
    years = [_rng.randint(1920, 2020) for _ in range(count)]
    watched = "AND f.year >= 1990 AND EXISTS (SELECT 1 FROM viewings v WHERE v.film_id = f.id)"
    title_like = "SELECT id FROM films WHERE title LIKE :p"
    return [
        ("single word", singles, [like_scan([w]) for w in singles]),
        ("two words", [f"{a} {b}" for a, b in pairs], [like_scan([a, b]) for a, b in pairs]),
        ("phrase", [f'"{p}"' for p in phrases], [like_scan([p]) for p in phrases]),
        ("prefix", prefixes, [like_scan([p]) for p in prefixes]),
        ("two-letter prefix", short, [like_scan([p]) for p in short]),
        ("field", fields, [(title_like, {"p": f"%{q.split(':')[1]}%"}) for q in fields]),
        ("exclusion", [f"{a} -{b}" for a, b in pairs], [like_scan([a], (b,)) for a, b in pairs]),
        (
            "range",
            [f"{w} year:{y}..{y + 3}" for w, y in zip(singles, years, strict=True)],
            [
                like_scan([w], (), f"AND f.year BETWEEN {y} AND {y + 3}")
                for w, y in zip(singles, years, strict=True)
            ],
        ),
        (
            "combined",
            [f"{a} -{b} year:>=1990 is:watched" for a, b in pairs],
            [like_scan([a], (b,), watched) for a, b in pairs],
        ),
    ]
