"""What must hold of a journal after any sequence of operations, checked by the soak.

- every review, viewing, revision, watchlist and list entry belongs to an existing
  film (or review), a review's viewing is one of its own film's, and SQLite's
  ``integrity_check`` and ``foreign_key_check`` find nothing;
- search finds exactly what a brute-force scan of ``service.list_films()`` finds,
  for the query kinds whose meaning is plain: single words anywhere or in a field,
  two words, ``year:``, ``is:watchlist``, ``is:reviewed``, ``is:watched``;
- the JSON export, imported into an empty journal, exports to the same bytes.
"""

from __future__ import annotations

import random
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from tests.soak.data import VOCABULARY, fold, word
from watchjournal.interchange.exporting import export_journal
from watchjournal.interchange.importing import read_import
from watchjournal.interchange.targets import ProtectedFiles
from watchjournal.journal import FilmRecord, JournalService


class InvariantError(AssertionError):
    """An invariant does not hold; the message says which and what was found."""


# Each query must find no row.
ORPHANS = {
    "review without its film": "SELECT id FROM reviews WHERE film_id NOT IN (SELECT id FROM films)",
    "viewing without its film": "SELECT id FROM viewings"
    " WHERE film_id NOT IN (SELECT id FROM films)",
    "review linked to another film's viewing": "SELECT r.id FROM reviews r"
    " LEFT JOIN viewings v ON v.id = r.viewing_id"
    " WHERE r.viewing_id IS NOT NULL AND (v.id IS NULL OR v.film_id != r.film_id)",
    "revision without its review": "SELECT id FROM review_revisions"
    " WHERE review_id NOT IN (SELECT id FROM reviews)",
    "watchlist entry without its film": "SELECT film_id FROM watchlist"
    " WHERE film_id NOT IN (SELECT id FROM films)",
    "list entry without its film": "SELECT film_id FROM film_list_entries"
    " WHERE film_id NOT IN (SELECT id FROM films)",
    "foreign key check": "PRAGMA foreign_key_check",
}


def check_references(path: Path) -> int:
    """Run the orphan queries and the integrity check; returns how many checks passed."""
    connection = sqlite3.connect(path)
    try:
        for name, query in ORPHANS.items():
            found = connection.execute(query).fetchall()
            if found:
                raise InvariantError(f"{name}: {found[:5]}")
        result = connection.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            raise InvariantError(f"integrity_check: {result[:5]}")
    finally:
        connection.close()
    return len(ORPHANS) + 1


def check_records(films: list[FilmRecord]) -> int:
    """The same, as the service hands records out."""
    for film in films:
        viewing_ids = {v.id for v in film.viewings}
        for review in film.reviews:
            if review.film_id != film.id or (
                review.viewing_id is not None and review.viewing_id not in viewing_ids
            ):
                raise InvariantError(f"review {review.id} does not belong to {film.label}")
        if any(v.film_id != film.id for v in film.viewings):
            raise InvariantError(f"a viewing of {film.label} names another film")
    return 1


# Search against a scan ------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")
FIELD_TEXTS: dict[str, Callable[[FilmRecord], list[str]]] = {
    "title": lambda f: [f.fields.title, f.fields.original_title or ""],
    "director": lambda f: list(f.fields.directors),
    "cast": lambda f: list(f.fields.cast),
    "review": lambda f: [t for r in f.reviews for t in (r.headline, r.body)],
}
OTHER_TEXTS: Callable[[FilmRecord], list[str]] = lambda f: [  # noqa: E731
    *f.fields.genres,
    *f.fields.countries,
    *(s.service for s in f.fields.where_to_watch),
    *(v.where or "" for v in f.viewings),
    *(tag for r in f.reviews for tag in r.tags),
    *(tag for v in f.viewings for tag in v.tags),  # a diary entry's tags are searched too
    f.watchlist.note or "" if f.watchlist else "",
    *(v.note or "" for v in f.viewings),
]


def _words(texts: list[str]) -> set[str]:
    return {w for text in texts for w in _WORD.findall(fold(text))}


def _has(film: FilmRecord, wanted: str, field: str | None) -> bool:
    texts = (
        FIELD_TEXTS[field](film)
        if field
        else [
            *(t for get in FIELD_TEXTS.values() for t in get(film)),
            *OTHER_TEXTS(film),
        ]
    )
    return fold(wanted) in _words(texts)


Scan = Callable[[FilmRecord], bool]


def random_query(rng: random.Random) -> tuple[str, Scan]:
    """A query whose meaning is plain, and the scan that says which films it finds."""
    kind = rng.randrange(7)
    if kind == 0:
        w = word(rng)
        return w, lambda f: _has(f, w, None)
    if kind == 1:
        field, w = rng.choice(sorted(FIELD_TEXTS)), word(rng)
        return f"{field}:{w}", lambda f: _has(f, w, field)
    if kind == 2:
        a, b = word(rng), word(rng)
        return f"{a} {b}", lambda f: _has(f, a, None) and _has(f, b, None)
    if kind == 3:
        y = rng.randint(1990, 2024)
        return f"year:{y}", lambda f: f.year == y
    if kind == 4:
        low = rng.randint(1990, 2024)
        high = low + rng.randint(0, 10)
        return f"year:{low}..{high}", lambda f: f.year is not None and low <= f.year <= high
    state = rng.choice(("watchlist", "reviewed", "watched"))
    states: dict[str, Scan] = {
        "watchlist": lambda f: f.on_watchlist,
        "reviewed": lambda f: bool(f.reviews),
        "watched": lambda f: bool(f.viewings),
    }
    if kind == 5:
        return f"is:{state}", states[state]
    w = word(rng)
    return f"{w} is:{state}", lambda f: _has(f, w, None) and states[state](f)


def check_search(
    service: JournalService, films: list[FilmRecord], rng: random.Random, queries: int
) -> int:
    """Compare ``queries`` random queries (and every vocabulary word) with a scan."""
    checks = [random_query(rng) for _ in range(queries)]
    checks += [(w, lambda f, w=w: _has(f, w, None)) for w in VOCABULARY]  # type: ignore[misc]
    for query, scan in checks:
        expected = {film.id for film in films if scan(film)}
        found = service.search_film_ids(query)
        if set(found) != expected or len(found) != len(expected):
            missing, extra = sorted(expected - set(found)), sorted(set(found) - expected)
            raise InvariantError(f"search {query!r}: missing {missing[:10]}, extra {extra[:10]}")
    query, scan = checks[0]
    hits = service.search(query, limit=len(films) + 1)
    if {hit.film.id for hit in hits} != {film.id for film in films if scan(film)}:
        raise InvariantError(f"search {query!r} with snippets differs from the scan")
    return len(checks) + 1


# The JSON round trip ----------------------------------------------------------------------


def check_json_round_trip(service: JournalService, folder: Path, empty_journal: Path) -> int:
    """Export, import into a copy of an empty journal, export again: the same bytes."""
    first, second = folder / "first.json", folder / "second.json"
    copy = folder / "round-trip.sqlite"
    export_journal(service.journal_snapshot(), "json", first, protected=ProtectedFiles.of(service))
    shutil.copyfile(empty_journal, copy)
    other = JournalService.open(copy, folder / "round-trip-backups")
    try:
        other.import_batch(read_import("json", first))
        export_journal(other.journal_snapshot(), "json", second, protected=ProtectedFiles.of(other))
    finally:
        other.close()
    if first.read_bytes() != second.read_bytes():
        raise InvariantError(f"the JSON export does not re-import identically ({first})")
    for path in (first, second, copy):
        path.unlink()
    return 1
