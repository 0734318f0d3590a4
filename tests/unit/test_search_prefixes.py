"""Prefixes through the vocabulary (``search.words``, ``search.prefixes``, migration 0015).

The index has no prefix indexes; a prefix is searched as an OR of the words
the vocabulary says start with it. FTS5's own ``"ri"*`` still works on the same
index (only slower), so it is the reference: every query here must find the
same films both ways, in the same journal.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tests.migration_helpers import move, sqlite_engine
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.paths import AppPaths
from watchjournal.search import engine, prefixes, words
from watchjournal.search.parser import parse_query
from watchjournal.search.prefixes import expansions, text_leaves
from watchjournal.search.query import Node, Text

FILMS = (
    ("Café Society", "Woody Allen", "a café in Paris, agreed by all"),
    ("Okja", "Bong Joon-ho", "Ok-ju and the running pig"),
    ("Running on Empty", "Sidney Lumet", "a family on the run"),
    ("The Agreement", "Anne Fontaine", "they agreed on nothing"),
    ("Cafeteria Blues", "José Ferrer", "amsing around in the canteen"),
    ("Rivers of Fire", "Ritwik Ghatak", "the river sang, the rider sat"),
)
QUERIES = (
    "caf",
    "cafe",
    "café",
    "CAFÉ",
    "jose",
    "josé",
    "ok-j",
    "bong joon-h",
    "joon-h",
    "runn",
    "running",
    "run",
    "agre",
    "agree",
    "agreed",
    "ams",
    "amsi",
    "ri",
    "riv",
    "river sa",
    "title:caf",
    "director:jo",
    "review:ri",
    "cafe OR ri",
    "ri OR is:liked",
    "is:liked OR ri",
    "-title:okja ri",
    "like:caf",
    "zz",
    "qu",
)


def _ids(service: JournalService, query: str) -> list[int]:
    return service.search_film_ids(query)


def _native(service: JournalService, monkeypatch: pytest.MonkeyPatch, query: str) -> list[int]:
    with monkeypatch.context() as patch:
        patch.setattr(engine, "look_up", lambda connection, leaves: {})
        return service.search_film_ids(query)


@pytest.fixture
def films(service: JournalService) -> Iterator[JournalService]:
    ids = []
    for title, director, review in FILMS:
        film = service.add_film(FilmFields(title, directors=(director,)))
        service.write_review(film.id, ReviewFields(body=review))
        ids.append(film.id)
    service.link_films(ids[0], ids[1])
    service.edit_film(
        ids[2], FilmFields("Running on Empty", directors=("Sidney Lumet",), liked=True)
    )
    yield service


def _prefix_leaves(node: Node) -> list[Text]:
    """Every prefix in ``node``, wanted or excluded, including ``like:``'s title."""
    return [leaf for leaf in text_leaves(node) if leaf.prefix]


def _expanded(service: JournalService, query: str) -> dict[object, str]:
    node = parse_query(query)
    assert node is not None
    with service._reading() as session:
        return dict(expansions(session.connection(), _prefix_leaves(node)))


@pytest.mark.parametrize("query", QUERIES)
def test_a_prefix_finds_what_fts5s_own_prefix_finds(
    films: JournalService, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    assert sorted(_ids(films, query)) == sorted(_native(films, monkeypatch, query))


def test_prefixes_are_expanded_through_the_tokenizer(films: JournalService) -> None:
    # accents fold, a hyphen makes a phrase whose last word is each word in turn
    assert _expanded(films, "caf") == {next(iter(_leaves("caf"))): '("cafe" OR "cafeteria")'}
    (ok,) = _expanded(films, "ok-ju").values()
    assert ok == '"ok ju"'
    assert _expanded(films, "ok-j").popitem()[1] == '("ok joon" OR "ok jose" OR "ok ju")'
    # "agreed" is indexed as "agre", which is searched as "agr": the word stands for it
    (agree,) = _expanded(films, "agree").values()
    assert agree == '("agreed" OR "agreement")'
    assert films.search_film_ids("agree")
    # no word starts with it: the native prefix, which finds nothing at once
    assert _expanded(films, "zz") == {}
    assert films.search_film_ids("zz") == []


def _leaves(query: str) -> list[object]:
    node = parse_query(query)
    assert node is not None
    return list(_prefix_leaves(node))


def test_a_word_an_edit_adds_is_found_by_its_prefix_at_once(films: JournalService) -> None:
    film = films.add_film(FilmFields("Zyzzyva"))
    assert films.search_film_ids("zyz") == [film.id]
    review = films.write_review(film.id, ReviewFields(body="quetzalcoatl"))
    assert films.search_film_ids("quetz") == [film.id]
    films.delete_review(review.id)
    # the vocabulary keeps the word (it only grows); it matches nothing any more
    assert "quetzalcoatl" in _expanded(films, "quetz").popitem()[1]
    assert films.search_film_ids("quetz") == []
    films.rebuild_search_index()  # a rebuild makes it from the index: the word is gone
    assert _expanded(films, "quetz") == {}
    assert films.search_film_ids("zyz") == [film.id]


def test_too_many_words_fall_back_to_the_native_prefix(
    films: JournalService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prefixes, "MOST_WORDS", 1)
    assert _expanded(films, "caf") == {}  # two words: native
    assert _expanded(films, "ok-ju") != {}
    assert sorted(_ids(films, "caf")) == sorted(_native(films, monkeypatch, "caf"))
    assert len(_ids(films, "caf")) == 2


def test_a_prefix_under_not_is_expanded_too(films: JournalService) -> None:
    from watchjournal.search.engine import SearchPlan
    from watchjournal.search.query import And, Not, Text

    node = And((Text("river"), Not(Text("sa", prefix=True))))
    with films._reading() as session:
        expanded = expansions(session.connection(), _prefix_leaves(node))
        assert set(expanded.values()) == {'("sang" OR "sat")'}
        plan = SearchPlan.of(node, expanded)
        native = SearchPlan.of(node)
        assert plan.match is not None and "sang" in plan.match
        assert plan.ranked_ids(session, None) == native.ranked_ids(session, None) == []


def _layout(db: Engine) -> tuple[bool, bool]:
    """(the index has prefix indexes, the journal has a vocabulary)."""
    with db.connect() as connection:
        sql = connection.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'search_index'")
        ).scalar_one()
        return "prefix" in sql, words.has_vocabulary(connection)


@pytest.mark.parametrize("large", [False, True])
def test_an_old_journal_is_upgraded_searched_and_reindexed(
    journal_path: Path, app_dirs: AppPaths, monkeypatch: pytest.MonkeyPatch, large: bool
) -> None:
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    for title, director, review in FILMS:
        film = service.add_film(FilmFields(title, directors=(director,)))
        service.write_review(film.id, ReviewFields(body=review))
    expected = {query: sorted(_ids(service, query)) for query in QUERIES}
    service.close()
    db = sqlite_engine(journal_path)
    try:
        move(db, "0014", down=True)
        assert _layout(db) == (True, False)
        if large:  # a journal too large to convert while it opens
            monkeypatch.setattr(words, "CONVERT_LIMIT", 3)
        move(db, "head", down=False)
        assert _layout(db) == ((True, False) if large else (False, True))
    finally:
        db.dispose()
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    try:
        for query, films in expected.items():
            assert sorted(_ids(service, query)) == films, query
        added = service.add_film(FilmFields("Rivulet"))  # the old triggers, when not converted
        assert added.id in _ids(service, "riv")
        assert service.rebuild_search_index() == len(FILMS) + 1
        db = sqlite_engine(journal_path)
        assert _layout(db) == (False, True)
        db.dispose()
        for query, films in expected.items():
            found = set(_ids(service, query)) - {added.id}
            assert sorted(found) == films, query
        assert added.id in _ids(service, "rivu")
    finally:
        service.close()


def test_the_downgrade_restores_prefix_indexes(journal_path: Path, app_dirs: AppPaths) -> None:
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    film = service.add_film(FilmFields("Café Society"))
    service.close()
    db = sqlite_engine(journal_path)
    try:
        assert _layout(db) == (False, True)
        move(db, "0014", down=True)
        assert _layout(db) == (True, False)
        with db.begin() as connection:
            triggers = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE type = 'trigger'")
            ).scalars()
            assert not any(words.TABLE in sql for sql in triggers)
            found = connection.execute(
                text("SELECT rowid FROM search_index WHERE search_index MATCH '\"caf\"*'")
            ).scalars()
            assert list(found) == [film.id]
    finally:
        db.dispose()


def test_statistics_of_a_prefix_query_count_the_same_films(
    films: JournalService, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from watchjournal.journal.stats_types import StatsPeriod

    for film_id in films.search_film_ids("ri") + films.search_film_ids("caf"):
        films.mark_watched(film_id, date(2025, 3, 1))
    period = StatsPeriod.year(2025)
    expanded = {query: films.stats(period, query) for query in ("ri", "caf", "title:caf")}
    monkeypatch.setattr(prefixes, "expansions", lambda connection, leaves: {})
    for query, stats in expanded.items():
        assert stats == films.stats(period, query), query
    assert expanded["caf"] != films.stats(period, "zz")


def test_a_texts_tokens_are_made_once_and_are_the_tokenizers(
    films: JournalService, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[list[str]] = []
    made = words.tokens

    def counting(connection: object, texts: list[str]) -> list[list[tuple[str, str]]]:
        asked.append(list(texts))
        return made(connection, texts)  # type: ignore[arg-type]

    monkeypatch.setattr(words, "_MADE", {})
    monkeypatch.setattr(words, "MADE_KEPT", 3)
    monkeypatch.setattr(words, "tokens", counting)
    texts = ["Café-Society", "rivers", "Café-Society", "ok-j", "running"]
    with films._reading() as session:
        connection = session.connection()
        first = words.cached_tokens(connection, texts[:3])
        assert asked == [["Café-Society", "rivers"]]  # each text once
        again = words.cached_tokens(connection, texts)
        assert asked[1:] == [["ok-j", "running"]]  # only the new ones
        assert again == made(connection, texts)  # what the tokenizer makes
        assert first == again[:3]
        assert len(words._MADE) == 3  # the oldest went
        assert "Café-Society" not in words._MADE
        words.cached_tokens(connection, ["Café-Society"])
        assert asked[2:] == [["Café-Society"]]
        # A caller changing its lists changes nothing kept.
        again[1].clear()
        assert words.cached_tokens(connection, ["rivers"]) == made(connection, ["rivers"])
    # Searches find the same films with the tokens kept as when they are made afresh.
    for query in QUERIES:
        kept = _ids(films, query)
        monkeypatch.setattr(words, "_MADE", {})
        assert kept == _ids(films, query), query
