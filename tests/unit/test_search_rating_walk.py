"""A rating range is asked film by film where that is quick (``sql.first_by_title``).

(On SQLite a span of years alone is walked along the titles the same way, ``sql.walks``.)

Over every film, ``rating:>=8`` ranks every rated review once (``models.film_ratings``).
A query of filters only first walks the titles' order asking each film its rating
(``models.film_rating_tenths``), among the first WALKED films, and runs as before
when fewer than a page are there; with words, the films they find are asked one by
one. Either way the films found, and their order, must be those of the set-based
rule: these tests compare the two on a journal whose films' ratings come from
several reviews (the rating rule picks one), with the walk made short enough to
take both branches, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.paths import AppPaths
from watchjournal.search import engine, pg_engine, sql
from watchjournal.search.parser import parse_query
from watchjournal.search.query import Node

QUERIES = (
    "rating:>=8",
    "rating:10",
    "rating:<5",
    "-rating:>=6",
    "rating:>=6 is:watched",
    "rating:4..6 OR is:liked",
    "rating:0.1..0.2",
    "rating:>=8 -rating:10",
    "storm rating:>=6",
    "storm -rating:>=6",
    "storm OR rating:9",
    # A span of years: walked on SQLite (``sql.walks``), not on PostgreSQL.
    "year:1990..1992",
    "year:>=1994 -is:liked",
    "year:1991..1995 is:watched",
    "year:<1993 OR is:liked",
)


@pytest.fixture
def rated(journal_db: str, app_dirs: AppPaths) -> Iterator[JournalService]:
    service = JournalService.open(journal_db, app_dirs.backup_dir)
    for n in range(40):
        title = f"{'Storm' if n % 3 == 0 else 'Calm'} {chr(ord('A') + n % 26)}{n:02d}"
        film = service.add_film(FilmFields(title, year=1990 + n % 7, liked=n % 5 == 0)).id
        if n % 4 == 3:
            continue  # unrated
        # Two viewings, each with a rating: the latest viewing's review is the rating.
        early = service.mark_watched(film, date(2020, 1, 1 + n % 20))
        service.write_review(
            film, ReviewFields(rating_tenths=5 + (n * 7) % 96, viewing_id=early.id)
        )
        if n % 2:
            late = service.mark_watched(film, date(2024, 1, 1 + n % 20))
            rating = 5 + (n * 13) % 96
            service.write_review(film, ReviewFields(rating_tenths=rating, viewing_id=late.id))
    yield service
    service.close()


def _set_based(service: JournalService, monkeypatch: pytest.MonkeyPatch, query: str) -> list[int]:
    with monkeypatch.context() as patch:
        for module in (engine, pg_engine):
            patch.setattr(module, "rates", lambda node: False)
        patch.setattr(engine, "walks", lambda node: False)
        return service.search_film_ids(query)


def test_film_by_film_finds_what_the_set_based_rule_finds(
    rated: JournalService, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcomes: list[bool] = []
    walk = sql.first_by_title

    def spying(*args: Any) -> list[int] | None:
        found = walk(*args)
        outcomes.append(found is not None)
        return found

    for module in (engine, pg_engine):
        monkeypatch.setattr(module, "first_by_title", spying)
    expected = {query: _set_based(rated, monkeypatch, query) for query in QUERIES}
    # Each walk length on the same journal (built once: it takes 120 writes).
    for walked in (1, 6, 15, 1000):
        monkeypatch.setattr(sql, "WALKED", walked)
        outcomes.clear()
        for query in QUERIES:
            assert rated.search_film_ids(query) == expected[query], (query, walked)
            for limit in (1, 3, 10, 50):
                found = rated.search_film_ids(query, limit)
                assert found == expected[query][:limit], (query, limit, walked)
        if walked == 1000:
            assert all(outcomes)  # the whole journal walked: the answer, whatever it is
        else:
            assert any(outcomes) and not all(outcomes), walked  # both ways taken


def _parsed(query: str) -> Node:
    node = parse_query(query)
    assert node is not None
    return node


def test_only_a_rating_range_is_asked_film_by_film() -> None:
    for query, expected in (
        ("rating:>=8", True),
        ("year:1990..1995 -rating:5", True),
        ("storm OR (is:liked rating:9)", True),
        ("year:1990..1995 runtime:<100 is:watched", False),
        ("storm", False),
    ):
        assert sql.rates(_parsed(query)) is expected, query


def test_a_span_of_years_is_walked_but_not_one_year_or_a_state() -> None:
    for query, expected in (
        ("year:1990..1995", True),
        ("year:>=2010", True),
        ("year:<1950 is:watched", True),
        ("rating:>=8", True),
        ("year:1999", False),
        ("year:1999..1999", False),
        ("is:watched", False),
        ("watched:2024 runtime:<100", False),
    ):
        assert sql.walks(_parsed(query)) is expected, query
