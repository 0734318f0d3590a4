"""Generating large journals quickly for benchmarks (bulk inserts into the real schema)."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from watchjournal.journal.validate import fold_key
from watchjournal.storage.journal_file import open_journal

WORDS = [
    "night",
    "city",
    "river",
    "ghost",
    "summer",
    "winter",
    "lost",
    "last",
    "first",
    "dark",
    "light",
    "blue",
    "red",
    "silent",
    "long",
    "road",
    "house",
    "garden",
    "war",
    "love",
    "dream",
    "stranger",
    "mother",
    "father",
    "daughter",
    "son",
    "sea",
    "mountain",
    "fire",
    "ice",
    "storm",
    "ballerina",
    "paterson",
    "huracan",
    "echo",
    "mirror",
    "glass",
    "iron",
    "golden",
    "secret",
    "hidden",
    "broken",
]
NAMES = [
    "Lee Chung-hyun",
    "Len Wiseman",
    "Jim Jarmusch",
    "Agnès Varda",
    "Bong Joon-ho",
    "Céline Sciamma",
    "Park Chan-wook",
    "Kelly Reichardt",
    "Jeon Jong-seo",
    "Ana de Armas",
    "Adam Driver",
    "Tilda Swinton",
]


def generate_journal(path: Path, films: int, *, seed: int = 7) -> Path:
    """A journal with ``films`` films, about half watched and a third reviewed."""
    engine = open_journal(path, path.parent / "backups")
    engine.dispose()
    rng = random.Random(seed)
    stamp = "2025-01-01 12:00:00.000000"
    connection = sqlite3.connect(path)
    with connection:
        film_rows = []
        for number in range(1, films + 1):
            title = " ".join(rng.choice(WORDS).title() for _ in range(rng.randint(1, 4)))
            directors = json.dumps([rng.choice(NAMES)])
            cast = json.dumps(rng.sample(NAMES, 3))
            film_rows.append(
                (
                    number,
                    title,
                    fold_key(title),
                    rng.randint(1920, 2025),
                    directors,
                    cast,
                    '["Drama"]',
                    '["France"]',
                    rng.randint(70, 200),
                    stamp,
                    stamp,
                )
            )
        connection.executemany(
            'INSERT INTO films (id, title, title_key, year, directors, "cast", genres, countries,'
            " runtime, liked, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,0,?,?)",
            film_rows,
        )
        start = date(2015, 1, 1)
        viewings = [
            (n, (start + timedelta(days=rng.randint(0, 3600))).isoformat(), stamp)
            for n in range(1, films + 1, 2)
        ]
        connection.executemany(
            "INSERT INTO viewings (film_id, watched_on, did_not_finish, created_at)"
            " VALUES (?,?,0,?)",
            viewings,
        )
        reviews = [
            (n, rng.randint(5, 100), "verdict", " ".join(rng.choices(WORDS, k=60)), stamp, stamp)
            for n in range(1, films + 1, 3)
        ]
        connection.executemany(
            "INSERT INTO reviews (film_id, rating_tenths, headline, body, spoilers, draft,"
            " created_at, updated_at) VALUES (?,?,?,?,0,0,?,?)",
            reviews,
        )
        connection.executemany(
            "INSERT INTO watchlist (film_id, added_at, position) VALUES (?,?,?)",
            [(n, stamp, i) for i, n in enumerate(range(2, min(films, 400) + 1, 4))],
        )
    connection.close()
    return path
