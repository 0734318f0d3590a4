"""Broad queries (more matches than are ranked) and snippets cut from a scratch index.

A query matching more than ``RANK_ALL_LIMIT`` films reads its first page in
index order and stops early. These tests check that this path finds exactly
the films the ranked path (and a scan in Python) finds, in a stable order, and
that snippets cut from the scratch index of the page's films are the ones
FTS5's ``highlight()`` marks in the journal's own index.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from sqlalchemy import text

from tests.journal_helpers import add_stormy_films
from tests.unit.test_search_property import (
    Template,
    check_search_equals_scan,
    edits,
    journals,
    queries,
    quick,
    template,  # noqa: F401 - the fixture the property test uses
    words,
)
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.search import engine
from watchjournal.search.index import COLUMNS, TABLE, highlighted
from watchjournal.search.snippets import CLOSE_MARK, OPEN_MARK

QUERIES = (
    "storm",
    "sto",
    "storm sea",
    '"storm at"',
    "title:storm",
    "review:sea",
    "storm -gale",
    "storm year:1990..1999",
    "storm -calm year:>=1990 is:watched",
    "storm OR gale",
    "storm -title:front",
)


@pytest.fixture(scope="module")
def stormy(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """40 films, nearly all of whose reviews mention the same few words (read only)."""
    folder = tmp_path_factory.mktemp("stormy")
    service = JournalService.open(folder / "journal.sqlite", folder / "backups")
    add_stormy_films(service, watched=True)
    yield service
    service.close()


@pytest.mark.parametrize("query", QUERIES)
def test_the_broad_path_finds_exactly_what_the_ranked_path_finds(
    stormy: JournalService, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    ranked = stormy.search_film_ids(query)
    assert len(ranked) > 3, query  # more than the patched limit: the broad path runs
    monkeypatch.setattr(engine, "RANK_ALL_LIMIT", 3)
    broad = stormy.search_film_ids(query)
    assert len(broad) == len(set(broad))
    assert set(broad) == set(ranked), query
    # a page is the start of the whole answer, and asking again gives the same order
    for limit in (1, 2, 5, 17):
        assert stormy.search_film_ids(query, limit) == broad[:limit], (query, limit)
    assert stormy.search_film_ids(query) == broad
    assert [hit.film.id for hit in stormy.search(query, 10)] == broad[:10]


def test_a_broad_page_is_title_and_people_matches_then_the_rest_newest_first(
    stormy: JournalService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "RANK_ALL_LIMIT", 3)
    found = stormy.search_film_ids("storm")
    films = {film.id: film for film in stormy.list_films()}

    def strong(film_id: int) -> bool:
        fields = films[film_id].fields
        return "Storm" in fields.title or any("Storm" in name for name in fields.cast)

    strong_count = sum(1 for film_id in found if strong(film_id))
    assert 0 < strong_count < len(found)
    assert all(strong(film_id) for film_id in found[:strong_count])
    assert found[:strong_count] == sorted(found[:strong_count], reverse=True)
    assert found[strong_count:] == sorted(found[strong_count:], reverse=True)


@pytest.mark.parametrize("query", QUERIES)
def test_snippets_are_the_same_on_either_path(
    stormy: JournalService, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    """A broad query's snippets are those the same films get when the query is ranked."""

    def snippets() -> dict[int, object]:
        return {hit.film.id: (hit.snippet, hit.review_id) for hit in stormy.search(query, 100)}

    narrow = snippets()
    assert any(snippet for snippet, _ in narrow.values())
    monkeypatch.setattr(engine, "RANK_ALL_LIMIT", 3)
    assert snippets() == narrow


@pytest.mark.parametrize(
    "patched",
    [
        # Every query with a match takes the broad path: one match is already "too many".
        {"RANK_ALL_LIMIT": 0},
        # Every prefix is first probed by its shortest words (engine.probe_words), and a
        # probe in more than two films settles it broad.
        {"RANK_ALL_LIMIT": 2, "PROBED_PREFIX": 1},
    ],
    ids=["broad", "probed"],
)
@quick
@given(start=journals, operations=edits, texts=queries, more=words)
def test_the_broad_path_equals_a_scan_of_the_journal(
    template: Template,  # noqa: F811 - the fixture imported above
    patched: dict[str, int],
    start: list[tuple[Any, ...]],
    operations: list[tuple[Any, ...]],
    texts: list[str],
    more: list[str],
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in patched.items():
            patch.setattr(engine, name, value)
        check_search_equals_scan(template, start, operations, [*texts, *more])


@pytest.mark.parametrize("query", ['"storm"* OR "sea"', '"calm"', '"storm at"', '"ga"*'])
def test_snippet_marks_are_those_of_the_journals_own_index(
    stormy: JournalService, query: str
) -> None:
    columns = ", ".join(
        f"highlight({TABLE}, {index}, :o, :c) AS {name}" for index, name in enumerate(COLUMNS)
    )
    with stormy._engine.connect() as connection:
        film_ids = [row[0] for row in connection.execute(text(f"SELECT rowid FROM {TABLE}"))]
        expected = {
            row["film_id"]: dict(row)
            for row in connection.execute(
                text(
                    f"SELECT rowid AS film_id, review_ids, {columns} FROM {TABLE}"
                    f" WHERE {TABLE} MATCH :q"
                ),
                {"q": query, "o": OPEN_MARK, "c": CLOSE_MARK},
            ).mappings()
        }
        assert expected
        rows = highlighted(connection, film_ids, query, OPEN_MARK, CLOSE_MARK)
        assert {row["film_id"]: row for row in rows} == expected
        # the scratch index holds only the films asked for
        some = film_ids[::3]
        rows = highlighted(connection, some, query, OPEN_MARK, CLOSE_MARK)
        assert {row["film_id"] for row in rows} == set(expected) & set(some)


@pytest.fixture(scope="module")
def colours(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """12 films whose reviews all hold "red" and "blue", next to each other in few."""
    folder = tmp_path_factory.mktemp("colours")
    service = JournalService.open(folder / "journal.sqlite", folder / "backups")
    ids = []
    for number in range(12):
        title = "Red Blue Sky" if number == 5 else f"Film {number}"
        film = service.add_film(FilmFields(title, year=2000 + number))
        body = "red and blue" if number not in (3, 7, 9) else "a red blue sky, and blue"
        service.write_review(film.id, ReviewFields(body=body))
        if number != 9:
            service.mark_watched(film.id, None)
        ids.append(film.id)
    yield service, ids
    service.close()


@pytest.mark.parametrize(
    ("query", "numbers"),
    [
        ('"red blue"', [5, 9, 7, 3]),  # the title match, then the rest newest first
        ('"red blue" is:watched', [5, 7, 3]),
        ('"red blue" -sky', []),
        ('review:"red blue"', [9, 7, 3]),
        ('"red blue" OR "blue red"', [5, 9, 7, 3]),
    ],
)
def test_a_phrase_whose_words_are_together_in_many_films_is_listed_as_a_broad_query(
    colours: Any, monkeypatch: pytest.MonkeyPatch, query: str, numbers: list[int]
) -> None:
    service, ids = colours
    ranked = service.search_film_ids(query)  # 12 films: few enough to rank
    assert set(ranked) == {ids[n] for n in numbers}
    # Fewer than 12 ranked: "red" and "blue" are together in too many films to check
    # where they stand and rank the phrase; the 4 or fewer it finds are still found.
    monkeypatch.setattr(engine, "RANK_ALL_LIMIT", 4)
    listed = service.search_film_ids(query)
    assert listed == [ids[n] for n in numbers]
    for limit in (1, 2, 3):
        assert service.search_film_ids(query, limit) == listed[:limit]
    assert [hit.film.id for hit in service.search(query, 10)] == listed
    # and a phrase found in more films than are ranked takes the broad path as before
    monkeypatch.setattr(engine, "RANK_ALL_LIMIT", 1)
    assert set(service.search_film_ids(query)) == set(ranked)


def test_a_phrase_whose_words_are_together_in_few_films_is_ranked_as_before(
    colours: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    service, ids = colours
    ranked = service.search_film_ids('"blue sky"')
    assert set(ranked) == {ids[n] for n in (3, 5, 7, 9)}
    assert ranked[0] == ids[5]  # bm25: the title match first
    monkeypatch.setattr(engine, "RANK_ALL_LIMIT", 4)  # "blue" and "sky": 4 films
    assert service.search_film_ids('"blue sky"') == ranked
