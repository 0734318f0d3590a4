"""Random journal content for the soak: film details, reviews, viewings, and small
import files (WatchJournal JSON, Letterboxd diary CSV), all from one seeded Random.

Texts are built from a vocabulary whose words stem to distinct terms and are not
prefixes of each other (the same as tests/unit/test_search_property.py), so "the
word occurs, accents and case folded" is exactly what a search for it should find.
"""

from __future__ import annotations

import csv
import io
import json
import random
import unicodedata
from datetime import date, datetime, timedelta
from typing import Any

from watchjournal.interchange import letterboxd
from watchjournal.journal import FilmFields, ReviewFields, StreamingInfo

VOCABULARY = (
    "amber", "bishop", "cobalt", "dingo", "falcon", "glacier", "harbor", "igloo",
    "jasper", "kettle", "lemur", "mango", "café", "josé", "ok", "ju",
)  # fmt: skip
SEPARATORS = (" ", "-", ", ", "! ", " (", ") ", '" ', "\n")
# A small pool, so that imports sometimes match films by IMDb id and merge into them.
IMDB_IDS = tuple(f"tt{1000000 + n:07d}" for n in range(40))
FIRST_DAY = date(1995, 1, 1)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def word(rng: random.Random) -> str:
    chosen = rng.choice(VOCABULARY)
    return rng.choice((chosen, chosen, chosen.upper(), chosen.title(), fold(chosen)))


def phrase(rng: random.Random, most: int) -> str:
    words = [word(rng) + rng.choice(SEPARATORS) for _ in range(rng.randint(1, most))]
    return "".join(words).replace("\n", " ").strip(' -,!()"') or "amber"


def text(rng: random.Random, most: int) -> str:
    """Multi-line text (a review body, a note), punctuation and quotes included."""
    return "".join(word(rng) + rng.choice(SEPARATORS) for _ in range(rng.randint(1, most))).strip()


def names(rng: random.Random, most: int = 2) -> tuple[str, ...]:
    return tuple(dict.fromkeys(phrase(rng, 2) for _ in range(rng.randint(0, most))))


def maybe(rng: random.Random, value: Any, chance: float = 0.5) -> Any:
    return value if rng.random() < chance else None


def day(rng: random.Random) -> date:
    return FIRST_DAY + timedelta(days=rng.randrange(10_000))


def year(rng: random.Random) -> int | None:
    chosen = rng.randint(1990, 2024)
    return chosen if rng.random() < 0.8 else None


def film_fields(rng: random.Random) -> FilmFields:
    return FilmFields(
        title=phrase(rng, 3),
        original_title=maybe(rng, phrase(rng, 2), 0.2),
        year=year(rng),
        directors=names(rng),
        cast=names(rng, 3),
        genres=names(rng),
        countries=names(rng, 1),
        runtime=maybe(rng, rng.randint(60, 200)),
        imdb_id=maybe(rng, rng.choice(IMDB_IDS), 0.2),
        where_to_watch=tuple(StreamingInfo(name) for name in names(rng, 1)),
        liked=rng.random() < 0.2,
    )


def review_fields(rng: random.Random, viewing_id: int | None = None) -> ReviewFields:
    return ReviewFields(
        rating_tenths=maybe(rng, rng.randint(5, 100), 0.8),
        headline=maybe(rng, phrase(rng, 3), 0.5) or "",
        body=text(rng, 12),
        tags=tuple(dict.fromkeys(fold(word(rng)) for _ in range(rng.randint(0, 2)))),
        spoilers=rng.random() < 0.1,
        viewing_id=viewing_id,
    )


def viewing(rng: random.Random) -> dict[str, Any]:
    """Keyword arguments of ``JournalService.mark_watched`` after the film and day."""
    return {
        "where": maybe(rng, phrase(rng, 2), 0.4),
        "note": maybe(rng, text(rng, 5), 0.3),
        "rewatch": rng.choice((None, None, True, False)),
        "did_not_finish": rng.random() < 0.05,
    }


# Import files ---------------------------------------------------------------------------


def _stamp(rng: random.Random) -> str:
    return datetime.combine(day(rng), datetime.min.time()).isoformat()


def _json_film(rng: random.Random, rank: int) -> dict[str, Any]:
    fields = film_fields(rng)
    viewings = [
        {
            "watched_on": maybe(rng, day(rng).isoformat(), 0.8),
            "rewatch_override": rng.choice((None, True, False)),
            "where": maybe(rng, phrase(rng, 2), 0.3),
            "did_not_finish": False,
            "note": maybe(rng, text(rng, 4), 0.3),
            "created_at": _stamp(rng),
        }
        for _ in range(rng.randint(0, 2))
    ]
    reviews = []
    for _ in range(rng.randint(0, 2)):
        review = review_fields(rng)
        stamp = _stamp(rng)
        reviews.append(
            {
                "viewing": maybe(rng, rng.randrange(len(viewings))) if viewings else None,
                "rating": None if review.rating_tenths is None else review.rating_tenths / 10,
                "headline": review.headline,
                "body": review.body,
                "tags": list(review.tags),
                "spoilers": review.spoilers,
                "draft": False,
                "created_at": stamp,
                "updated_at": stamp,
                "revisions": [],
            }
        )
    return {
        "title": fields.title,
        "original_title": fields.original_title,
        "year": fields.year,
        "directors": list(fields.directors),
        "cast": list(fields.cast),
        "genres": list(fields.genres),
        "countries": list(fields.countries),
        "runtime": fields.runtime,
        "synopsis": None,
        "imdb_id": fields.imdb_id,
        "tmdb_id": None,
        "letterboxd_uri": None,
        "poster": None,
        "liked": fields.liked,
        "where_to_watch": [
            {"service": s.service, "checked_on": None} for s in fields.where_to_watch
        ],
        "watchlist": None
        if viewings or rng.random() < 0.6
        else {"rank": rank, "added_at": _stamp(rng), "note": maybe(rng, text(rng, 3), 0.5)},
        "created_at": _stamp(rng),
        "updated_at": _stamp(rng),
        "viewings": viewings,
        "reviews": reviews,
    }


def json_export(rng: random.Random, films: int) -> bytes:
    """A small WatchJournal JSON export of new films (some may match journal films)."""
    entries = [{"ref": n + 1, **_json_film(rng, n)} for n in range(films)]
    seen: set[str] = set()
    for entry in entries:  # two films of one file with one IMDb id make the file invalid
        if entry["imdb_id"] in seen:
            entry["imdb_id"] = None
        seen.add(entry["imdb_id"])
    doc = {
        "format": "watchjournal",
        "schema_version": 1,
        "films": entries,
        "lists": [],
        "tags": [],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def letterboxd_diary(rng: random.Random, rows: int) -> bytes:
    """A Letterboxd export's diary.csv: one row per viewing, ratings in stars."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n" if rng.random() < 0.5 else "\n")
    writer.writerow(letterboxd.DIARY_COLUMNS)
    for _ in range(rows):
        watched = day(rng)
        writer.writerow(
            [
                watched.isoformat(),
                phrase(rng, 3),
                year(rng) or "",
                f"https://boxd.it/{rng.randrange(10**6)}",
                rng.choice(("", "0.5", "2", "3.5", "5")),
                rng.choice(("", "", "Yes")),
                ", ".join(dict.fromkeys(fold(word(rng)) for _ in range(rng.randint(0, 2)))),
                watched.isoformat(),
            ]
        )
    prefix = "\ufeff" if rng.random() < 0.3 else ""
    return (prefix + out.getvalue()).encode("utf-8")
