"""The columns each word is in (``search_words.cols``, migration 0016) and their use.

A mask may name more columns than its word is in (every column, as an upgraded
journal's are until it is reindexed) but never fewer: searches must find exactly
the same films in the same order with exact masks as with every mask all ones,
and the same films as FTS5's own prefixes, in a journal of common words edited
after its vocabulary was filled.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tests.migration_helpers import move, sqlite_engine
from tests.unit.test_search_storage import assert_vocabulary_covers_index
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.paths import AppPaths
from watchjournal.search import engine, words
from watchjournal.search.fts import NOTHING
from watchjournal.search.parser import parse_query
from watchjournal.search.prefixes import expressions, look_up, text_leaves

# Words sharing prefixes, each kept to some columns: titles, people, reviews.
TITLE_WORDS = ("river", "ridge", "night", "neon", "storm", "stone")
NAMES = ("Rita Riordan", "Sam Rivette", "Nina Stone", "Sadie Ridley", "Ned Saito")
REVIEW_WORDS = (
    "rice", "rival", "riot", "ripple", "saint", "sabre", "salt", "river", "night",
    "neon", "nebula", "needle", "stormy", "stoic", "stone", "story", "revenge",
)  # fmt: skip
QUERIES = (
    "ri", "riv", "sa", "ne", "st", "sto", "river sa", "neon ri", "river", "saint",
    "river saint", "night -saint", "title:ri", "title:sa", "title:river", "title:saint",
    "title:ri OR is:liked", "director:ri", "director:sa", "cast:st", "review:ri",
    "review:river", "genre:dr", "ri -title:river", "river -ri", "saint OR title:saint",
    '"river night"', 'title:"river night"', "like:ri", "like:sa", "ri year:1990..2000",
    "title:sa -saint", "sa OR director:sa", "ri OR sa", "zz", "title:zz",
)  # fmt: skip


def _build(service: JournalService, seed: int, films: int) -> list[int]:
    rng = random.Random(seed)
    ids = []
    for number in range(films):
        title = " ".join(rng.sample(TITLE_WORDS, 2)).title() + f" {seed}-{number}"
        film = service.add_film(
            FilmFields(
                title,
                year=1980 + number % 30,
                directors=(rng.choice(NAMES),),
                cast=tuple(rng.sample(NAMES, 2)),
                genres=(rng.choice(("Drama", "Thriller")),),
            )
        )
        if number % 4:
            body = " ".join(rng.choice(REVIEW_WORDS) for _ in range(12))
            service.write_review(film.id, ReviewFields(body=body))
        ids.append(film.id)
    service.link_films(ids[0], ids[1])
    return ids


@pytest.fixture
def journal(service: JournalService) -> Iterator[JournalService]:
    """A journal whose vocabulary was filled, then edited: new words, changed and deleted films."""
    ids = _build(service, 7, 40)
    service.rebuild_search_index()  # the masks from the index itself
    more = _build(service, 8, 10)  # the triggers learn these
    service.edit_film(more[0], FilmFields("Saintly Rivulet", directors=("Riz Sablon",)))
    service.write_review(more[1], ReviewFields(body="a rivulet, a sabotage"))
    service.delete_film(ids[2])
    service.delete_film(more[3])
    service.edit_film(ids[4], FilmFields("Stone Riverbend", directors=("Nina Stone",), liked=True))
    yield service


def _masks(service: JournalService) -> dict[str, int]:
    with service._engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT term, cols FROM search_words").all()
    return {str(term): int(cols) for term, cols in rows}


def _all_ones(service: JournalService) -> None:
    with service._engine.begin() as connection:
        connection.exec_driver_sql(f"UPDATE search_words SET cols = {words.EVERY_COLUMN}")


def _results(service: JournalService) -> dict[str, tuple[list[int], list[tuple[int, str]]]]:
    found = {}
    for query in QUERIES:
        hits = service.search(query, 50)
        snippets = [(hit.film.id, str(hit.snippet)) for hit in hits]
        found[query] = (service.search_film_ids(query), snippets)
    return found


@pytest.mark.parametrize("broad", [False, True])
def test_exact_masks_find_what_every_column_finds(
    journal: JournalService, monkeypatch: pytest.MonkeyPatch, broad: bool
) -> None:
    if broad:  # every query with more than 3 matches takes the broad path
        monkeypatch.setattr(engine, "RANK_ALL_LIMIT", 3)
    assert_vocabulary_covers_index(journal._engine)
    masks = _masks(journal)
    assert set(masks.values()) != {words.EVERY_COLUMN}  # the masks are really used
    exact = _results(journal)
    _all_ones(journal)
    assert exact == _results(journal)
    monkeypatch.setattr(engine, "look_up", lambda connection, leaves: {})
    native = _results(journal)
    for query in QUERIES:
        assert sorted(exact[query][0]) == sorted(native[query][0]), query
    assert any(exact[query][0] for query in QUERIES if query.startswith("title:"))


def test_a_rebuild_makes_the_masks_exact_again(journal: JournalService) -> None:
    grown = _masks(journal)
    journal.rebuild_search_index()
    with journal._engine.connect() as connection:
        in_columns = words.index_columns(connection)
        connection.rollback()
    assert _masks(journal) == in_columns
    # the masks only grew with the edits: they held every column, and maybe more
    assert all(grown[term] & mask == mask for term, mask in in_columns.items())


def _expressions(service: JournalService, query: str, within: int) -> dict[str, str]:
    node = parse_query(query)
    assert node is not None
    with service._reading() as session:
        known = look_up(session.connection(), text_leaves(node))
    return {leaf.text: expression for leaf, expression in expressions(known, within).items()}


def test_a_prefix_in_a_column_is_the_or_of_the_words_in_it(service: JournalService) -> None:
    service.add_film(FilmFields("River Ridge", directors=("Sam Rivette",)))
    film = service.add_film(FilmFields("Night"))
    service.write_review(film.id, ReviewFields(body="rice and a riot by the river"))
    every = words.EVERY_COLUMN
    strong = words.column_mask(("title", "directors", "cast_members"))
    assert _expressions(service, "ri", every) == {
        "ri": '("rice" OR "ridge" OR "riot" OR "river" OR "rivette")'
    }
    assert _expressions(service, "title:ri", every) == {"ri": '("ridge" OR "river")'}
    assert _expressions(service, "ri", strong) == {"ri": '("ridge" OR "river" OR "rivette")'}
    assert _expressions(service, "director:ri", every) == {"ri": '"rivette"'}
    # a word, phrase or prefix in none of the columns: nothing there, FTS5 not asked
    assert _expressions(service, "title:ric", every) == {"ric": NOTHING}
    assert _expressions(service, "title:rice", every) == {"rice": NOTHING}
    assert _expressions(service, "riot", strong) == {"riot": NOTHING}
    assert _expressions(service, 'title:"rice night"', every) == {"rice night": NOTHING}
    assert _expressions(service, "review:ri", strong) == {"ri": NOTHING}
    # searched in every column, a whole word is left to FTS5, a prefix is all its words
    assert list(_expressions(service, "riot ri", every)) == ["ri"]
    assert _expressions(service, "riot ri", strong)["riot"] == NOTHING
    assert service.search_film_ids("title:rice") == []
    assert service.search_film_ids("title:ri") == service.search_film_ids("title:river")
    assert service.search_film_ids("rice OR title:rice") == [film.id]
    assert service.search_film_ids("rice -title:rice") == [film.id]


def test_a_word_an_edit_adds_to_a_column_is_found_there_at_once(
    service: JournalService,
) -> None:
    film = service.add_film(FilmFields("Night", directors=("Sam Rivette",)))
    service.write_review(film.id, ReviewFields(body="a saint"))
    assert service.search_film_ids("title:sai") == []
    service.edit_film(film.id, FilmFields("Saint Night", directors=("Sam Rivette",)))
    assert service.search_film_ids("title:sai") == [film.id]
    assert service.search_film_ids("title:saint") == [film.id]
    other = service.add_film(FilmFields("Day", cast=("Saint Sabre",)))
    assert service.search_film_ids("cast:sa") == [other.id]


# Upgrading from 0015 and back.


def _layout(db: Engine) -> tuple[bool, set[int], list[str]]:
    """(search_words has cols, the distinct masks, the sync triggers' SQL)."""
    with db.connect() as connection:
        names = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(search_words)")}
        masks = set()
        if "cols" in names:
            masks = set(connection.exec_driver_sql("SELECT cols FROM search_words").scalars())
        triggers = connection.execute(
            text("SELECT sql FROM sqlite_master WHERE name LIKE 'search_sync_%' ORDER BY name")
        ).scalars()
        return "cols" in names, masks, list(triggers)


@pytest.mark.parametrize("large", [False, True])
def test_a_journal_of_0015_is_upgraded_searched_and_reindexed(
    journal_path: Path, app_dirs: AppPaths, monkeypatch: pytest.MonkeyPatch, large: bool
) -> None:
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    _build(service, 7, 20)
    expected = {query: service.search_film_ids(query) for query in QUERIES}
    service.close()
    db = sqlite_engine(journal_path)
    try:
        _, _, head_triggers = _layout(db)
        move(db, "0015", down=True)
        has_cols, _, old_triggers = _layout(db)
        assert not has_cols and not any(words.STEM_COLUMNS in sql for sql in old_triggers)
        assert all(words.STEMS in sql for sql in old_triggers)  # still learning words
        if large:  # a journal too large to fill the masks while it opens
            monkeypatch.setattr(words, "CONVERT_LIMIT", 3)
        move(db, "head", down=False)
        has_cols, masks, triggers = _layout(db)
        assert has_cols and triggers == head_triggers
        assert (masks == {words.EVERY_COLUMN}) == large
    finally:
        db.dispose()
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    try:
        assert_vocabulary_covers_index(service._engine)
        for query, films in expected.items():
            assert service.search_film_ids(query) == films, query
        added = service.add_film(FilmFields("Rivulet Saga", directors=("Ned Saito",)))
        assert added.id in service.search_film_ids("title:rivu")
        assert service.rebuild_search_index() == 21
        with service._engine.connect() as connection:
            assert words.index_columns(connection) == _masks(service)
            connection.rollback()
        for query, films in expected.items():
            found = set(service.search_film_ids(query)) - {added.id}
            assert sorted(found) == sorted(films), query
    finally:
        service.close()


def test_the_downgrade_to_0015_learns_words_as_0015_did(
    journal_path: Path, app_dirs: AppPaths
) -> None:
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    _build(service, 7, 5)
    service.close()
    db = sqlite_engine(journal_path)
    try:
        move(db, "0015", down=True)
        with db.begin() as connection:  # a write through 0015's triggers
            connection.execute(text("UPDATE films SET title = 'Quetzal River' WHERE id = 1"))
        with db.connect() as connection:
            tables = set(connection.exec_driver_sql("SELECT name FROM sqlite_master").scalars())
            learnt = connection.exec_driver_sql(
                "SELECT word FROM search_words WHERE term = 'quetzal'"
            ).scalar()
            revision = connection.exec_driver_sql("SELECT * FROM alembic_version").scalar()
        assert words.STEM_COLUMNS not in tables and words.STEMS in tables
        assert (learnt, revision) == ("quetzal", "0015")
        move(db, "0014", down=True)  # and 0015's own downgrade still works after it
        move(db, "head", down=False)
    finally:
        db.dispose()
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    try:
        assert service.search_film_ids("title:quetz") == [1]
        assert_vocabulary_covers_index(service._engine)
    finally:
        service.close()
