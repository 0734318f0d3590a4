"""Property: after random edits through the service, search finds exactly what a scan finds.

The scan evaluates the parsed query in Python over ``service.list_films()``,
independently of FTS5 and SQL. Texts are built from a vocabulary whose words
stem to distinct terms and are not prefixes of each other, so "the word
occurs (accents and case folded)" is exactly what the index should answer.
"""

from __future__ import annotations

import itertools
import re
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from tests.unit.test_search_storage import assert_index_matches_journal
from watchjournal.journal import FilmFields, FilmRecord, JournalService, ReviewFields, StreamingInfo
from watchjournal.search import parse_query
from watchjournal.search.query import And, DateRange, Is, Node, Not, NumberRange, Or, Text
from watchjournal.storage.engine import create_journal_engine

VOCABULARY = (
    "amber", "bishop", "cobalt", "dingo", "falcon", "glacier", "harbor", "igloo",
    "jasper", "kettle", "lemur", "mango", "café", "josé", "ok", "ju",
)  # fmt: skip
STATES = ("watchlist", "watched", "reviewed", "unrated", "liked", "spoilers", "rewatch")
ALWAYS_CHECKED = (*(f"is:{state}" for state in STATES), "rating:<6", "rating:>=6")
FIELDS = ("title", "director", "cast", "genre", "country", "tag", "where", "review", "note")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def words_of(texts: list[str]) -> set[str]:
    return {word for text in texts for word in re.findall(r"[^\W_]+", fold(text))}


def field_texts(film: FilmRecord) -> dict[str, list[str]]:
    f = film.fields
    return {
        "title": [f.title, f.original_title or ""],
        "director": list(f.directors),
        "cast": list(f.cast),
        "genre": list(f.genres),
        "country": list(f.countries),
        "where": [s.service for s in f.where_to_watch] + [v.where or "" for v in film.viewings],
        "tag": [tag for review in film.reviews for tag in review.tags],
        "note": [film.watchlist.note or "" if film.watchlist else ""]
        + [v.note or "" for v in film.viewings],
        "review": [text for r in film.reviews for text in (r.headline, r.body)],
    }


def _in(value: Any, low: Any, high: Any) -> bool:
    return value is not None and (low is None or value >= low) and (high is None or value <= high)


def scan(node: Node, film: FilmRecord) -> bool:
    """What ``node`` means, evaluated on a record in Python."""
    if isinstance(node, Text):
        texts = field_texts(film)
        pool = texts[node.field] if node.field else [t for ts in texts.values() for t in ts]
        tokens, wanted = words_of(pool), re.findall(r"[^\W_]+", fold(node.text))
        return all(w in tokens for w in wanted)
    if isinstance(node, And):
        return all(scan(child, film) for child in node.children)
    if isinstance(node, Or):
        return any(scan(child, film) for child in node.children)
    if isinstance(node, Not):
        return not scan(node.child, film)
    if isinstance(node, NumberRange):
        values = {
            "year": film.year,
            "runtime": film.fields.runtime,
            # The record's rating; that it follows the rating rule is tests/gui/test_rules_agree.
            "rating": film.rating_tenths,
        }
        return _in(values[node.field], node.low, node.high)
    if isinstance(node, DateRange):
        if node.field == "added":
            return _in(film.created_at.date(), node.start, node.end)
        return any(_in(v.watched_on, node.start, node.end) for v in film.viewings)
    assert isinstance(node, Is)
    states = {
        "watchlist": film.on_watchlist,
        "watched": bool(film.viewings),
        "reviewed": bool(film.reviews),
        "unrated": all(r.rating_tenths is None for r in film.reviews),
        "liked": film.fields.liked,
        "spoilers": any(r.spoilers for r in film.reviews),
        "rewatch": any(v.rewatch for v in film.viewings),
    }
    return states[node.state]


# --- random journals -------------------------------------------------------------------

variant = st.sampled_from(VOCABULARY).flatmap(
    lambda w: st.sampled_from((w, w.upper(), w.title(), fold(w)))
)
separator = st.sampled_from((" ", "-", ", ", "! ", " (", ") "))


@st.composite
def phrase(draw: st.DrawFn, most: int = 4) -> str:
    words = draw(st.lists(variant, min_size=1, max_size=most))
    seps = draw(st.lists(separator, min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True)).strip() or words[0]


names = st.lists(phrase(2), max_size=2).map(tuple)
maybe_text = st.one_of(st.none(), phrase())
film_fields = st.builds(
    FilmFields,
    title=phrase(3),
    original_title=maybe_text,
    year=st.one_of(st.none(), st.integers(1990, 2025)),
    directors=names,
    cast=names,
    genres=names,
    countries=names,
    runtime=st.one_of(st.none(), st.integers(60, 200)),
    where_to_watch=names.map(lambda ns: tuple(StreamingInfo(n) for n in ns)),
    liked=st.booleans(),
)
review_fields = st.builds(
    ReviewFields,
    rating_tenths=st.sampled_from((None, 40, 60, 80)),
    headline=st.one_of(st.just(""), phrase(2)),
    body=phrase(6),
    tags=st.lists(variant, max_size=2).map(tuple),
    spoilers=st.booleans(),
)
pick = st.integers(0, 3)  # a few films get most of the changes
viewing = st.tuples(
    st.one_of(st.none(), st.dates(date(2015, 1, 1), date(2025, 12, 31))),
    maybe_text,
    maybe_text,
    st.sampled_from((None, True, False)),
)
# A film as first entered: details, watchlist (and note), reviews, viewings.
new_film = st.tuples(
    film_fields,
    st.booleans(),
    maybe_text,
    st.lists(review_fields, max_size=3),
    st.lists(viewing, max_size=2),
)
operation = st.one_of(
    st.tuples(st.just("add"), new_film),
    st.tuples(st.just("edit"), pick, film_fields),
    st.tuples(st.just("delete"), pick, st.booleans()),
    st.tuples(st.just("watch"), pick, viewing),
    st.tuples(st.just("unwatch"), pick),
    st.tuples(st.just("review"), pick, review_fields),
    st.tuples(st.just("revise"), pick, review_fields),
    st.tuples(st.just("unreview"), pick),
    st.tuples(st.just("watchlist"), pick, maybe_text),
    st.tuples(st.just("unwatchlist"), pick),
    st.tuples(st.just("like"), pick, st.booleans()),
)


def add_film(service: JournalService, new: tuple[Any, ...]) -> None:
    fields, watchlist, note, reviews, viewings = new
    film = service.add_film(fields, watchlist=watchlist, watchlist_note=note, allow_duplicate=True)
    for review in reviews:
        service.write_review(film.id, review)
    for watched_on, where, viewing_note, rewatch in viewings:
        service.mark_watched(film.id, watched_on, where=where, note=viewing_note, rewatch=rewatch)


def apply(service: JournalService, op: tuple[Any, ...]) -> None:
    films = service.list_films()
    kind = op[0]
    if kind == "add" or not films:
        if kind == "add":
            add_film(service, op[1])
        return
    film = films[op[1] % len(films)]
    reviews = [r for f in films for r in f.reviews]
    viewings = [v for f in films for v in f.viewings]
    if kind == "edit":
        service.edit_film(film.id, op[2], allow_duplicate=True)
    elif kind == "delete":
        snapshot = service.delete_film(film.id)
        if op[2]:
            service.restore_film(snapshot)
    elif kind == "watch":
        watched_on, where, note, rewatch = op[2]
        service.mark_watched(film.id, watched_on, where=where, note=note, rewatch=rewatch)
    elif kind == "unwatch" and viewings:
        service.delete_viewing(viewings[op[1] % len(viewings)].id)
    elif kind == "review":
        service.write_review(film.id, op[2])
    elif kind == "revise" and reviews:
        service.update_review(reviews[op[1] % len(reviews)].id, op[2])
    elif kind == "unreview" and reviews:
        service.delete_review(reviews[op[1] % len(reviews)].id)
    elif kind == "watchlist":
        service.add_to_watchlist(film.id, op[2])
    elif kind == "unwatchlist":
        service.remove_from_watchlist(film.id)
    elif kind == "like":
        service.set_liked(film.id, op[2])


word = (
    st.sampled_from(VOCABULARY)
    .map(lambda w: st.sampled_from((w, fold(w), w.upper())))
    .flatmap(lambda s: s)
)
one_query = st.one_of(
    word,
    st.builds("{} {}".format, word, word),
    st.builds("{} -{}".format, word, word),
    st.builds("{} OR {}".format, word, word),
    st.builds("{}:{}".format, st.sampled_from(FIELDS), word),
    st.builds("-{}:{} {}".format, st.sampled_from(FIELDS), word, word),
    st.builds("is:{}".format, st.sampled_from(STATES)),
    st.builds("-is:{} {}".format, st.sampled_from(STATES), word),
    st.builds("{} OR is:{}".format, word, st.sampled_from(STATES)),
    st.builds("year:{}..{}".format, st.integers(1990, 2007), st.integers(2008, 2025)),
    st.builds("rating:>={}".format, st.integers(1, 10)),
    st.sampled_from(("rating:6", "rating:<6", "rating:4..6", "rating:>6 is:spoilers")),
    st.builds("runtime:<{} is:{}".format, st.integers(60, 200), st.sampled_from(STATES)),
    st.builds("watched:{}".format, st.integers(2015, 2025)),
    st.builds("watched:..{}-06 {}".format, st.integers(2015, 2025), word),
)


@dataclass
class Template:
    path: Path
    folder: Path
    counter: Iterator[int]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """An empty journal at the newest schema, copied for every example (fast)."""
    folder = tmp_path_factory.mktemp("property")
    path = folder / "template.sqlite"
    JournalService.open(path, folder / "backups").close()
    return Template(path, folder, itertools.count())


journals = st.lists(new_film, min_size=1, max_size=4)
edits = st.lists(operation, max_size=12)
queries = st.lists(one_query, min_size=1, max_size=8)
words = st.lists(word, min_size=1, max_size=4)
quick = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def check_search_equals_scan(
    template: Template,
    start: list[tuple[Any, ...]],
    operations: list[tuple[Any, ...]],
    texts: list[str],
) -> None:
    path = template.folder / f"journal-{next(template.counter)}.sqlite"
    shutil.copyfile(template.path, path)
    engine = create_journal_engine(path)
    # These journals are thrown away: skip the fsyncs that make every write durable.
    event.listen(
        engine, "connect", lambda connection, _: connection.execute("PRAGMA synchronous=OFF")
    )
    service = JournalService(engine, path)
    try:
        for new in start:
            add_film(service, new)
        for op in operations:
            apply(service, op)
        # The index holds exactly what one built afresh from the journal would.
        assert_index_matches_journal(engine)
        films = service.list_films()
        for text in [*texts, *ALWAYS_CHECKED]:
            node = parse_query(text)
            assert node is not None
            expected = {film.id for film in films if scan(node, film)}
            assert set(service.search_film_ids(text)) == expected, text
            assert {hit.film.id for hit in service.search(text, limit=1000)} == expected, text
    finally:
        service.close()
        path.unlink()


@quick
@given(start=journals, operations=edits, texts=queries, more=words)
def test_search_equals_a_scan_of_the_journal(
    template: Template,
    start: list[tuple[Any, ...]],
    operations: list[tuple[Any, ...]],
    texts: list[str],
    more: list[str],
) -> None:
    check_search_equals_scan(template, start, operations, [*texts, *more])


@pytest.mark.slow
@settings(quick, max_examples=300)
@given(start=journals, operations=edits, texts=queries, more=words)
def test_search_equals_a_scan_of_the_journal_at_length(
    template: Template,
    start: list[tuple[Any, ...]],
    operations: list[tuple[Any, ...]],
    texts: list[str],
    more: list[str],
) -> None:
    check_search_equals_scan(template, start, operations, [*texts, *more])
