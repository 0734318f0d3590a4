"""A word in too many films to rank, found through the server's statistics (``pg_stats``).

The statistics choose which common word to count, and the count is exact; a
word they show in far more films than the limit, even after every row changed
since, is not counted at all. Statistics out of date never change which films
are found, and a search that uses them finds exactly what one that counts
every match finds.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool

from tests.journal_helpers import add_stormy_films
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.paths import AppPaths
from watchjournal.search import pg_engine, pg_schema, pg_stats

pytestmark = pytest.mark.postgres

WORDS = ("storm", "sto", "sea", "calm", "gale", "front", "zephyr")


@pytest.fixture
def stormy(pg_url: str, app_dirs: AppPaths) -> Iterator[JournalService]:
    """40 films, nearly all of whose reviews mention the same few words; autovacuum
    is off for the documents, so their statistics change only when a test says."""
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    _run(service, f"ALTER TABLE {pg_schema.TABLE} SET (autovacuum_enabled = false)")
    add_stormy_films(service)
    yield service
    service.close()


def _run(service: JournalService, sql: str) -> None:
    with service._engine.connect() as connection:  # the test sets the server's state
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text(sql))


def _analyze(service: JournalService) -> None:
    """ANALYZE the documents once the service's connections have counted their changes
    (a connection counts them when idle, within seconds; the test forces it now)."""
    with ExitStack() as stack:
        pool = service._engine.pool
        assert isinstance(pool, QueuePool)
        held = [stack.enter_context(service._engine.connect()) for _ in range(pool.size())]
        for connection in held:
            connection.execute(text("SELECT pg_stat_force_next_flush()"))
            connection.commit()
    _run(service, f"ANALYZE {pg_schema.TABLE}")


def _change_rows(service: JournalService, count: int) -> None:
    """Rewrite ``count`` documents unchanged, then have the server count them at once
    (it counts a connection's changes when it is idle, within seconds)."""
    with service._engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        changed = connection.execute(
            text(
                f"UPDATE {pg_schema.TABLE} SET film_id = film_id WHERE film_id IN"
                f" (SELECT film_id FROM {pg_schema.TABLE} ORDER BY film_id LIMIT {count})"
            )
        )
        assert changed.rowcount == count
        connection.execute(text("SELECT pg_stat_force_next_flush()"))  # at its end


def _common(service: JournalService, word: str, limit: int) -> pg_stats.Common:
    plan = pg_engine._plan(word)  # as the search reads a word typed
    assert plan is not None and plan.compiled.query is not None
    with Session(service._engine) as session:
        return pg_stats.common_words(session, plan.compiled.query, limit)


def _common_words(service: JournalService, word: str, limit: int) -> list[str]:
    return _common(service, word, limit).words


def _common_word(service: JournalService, word: str, limit: int) -> str | None:
    words = _common_words(service, word, limit)
    assert len(words) <= 1
    return words[0] if words else None


def _surely(service: JournalService, word: str, limit: int) -> bool:
    return _common(service, word, limit).surely_more


def _holding(service: JournalService, word: str, limit: int) -> bool:
    with Session(service._engine) as session:
        return pg_stats.in_more_films_than(session, word.split(), limit)


def test_without_statistics_no_word_is_chosen(stormy: JournalService) -> None:
    assert [_common_word(stormy, word, 3) for word in WORDS] == [None] * len(WORDS)


def test_a_word_in_over_twice_the_limit_is_chosen(stormy: JournalService) -> None:
    _analyze(stormy)
    # In 40 films: "a" in 30, "storm" 33, "sea" 30, "at" 30, "calm" 10, "gale" 8,
    # "front" 6; "sto" is a prefix of "storm" only. Nothing changed since the
    # statistics: half their estimate is the bound.
    assert _common_word(stormy, "storm", 3) == "storm"
    assert _common_word(stormy, "sto", 3) == "storm"
    assert _common_word(stormy, "calm", 3) == "calm"  # 10 films: half is over 3
    assert _common_word(stormy, "calm", 4) == "calm"  # and over 4
    assert _common_word(stormy, "calm", 5) is None  # not over 5
    assert _surely(stormy, "storm", 3) and _surely(stormy, "calm", 4)
    assert not _surely(stormy, "calm", 5) and not _surely(stormy, "zephyr", 3)
    assert _common_word(stormy, "zephyr", 3) is None
    assert _common_word(stormy, "storm sea", 3) is None  # not one word
    assert _common_word(stormy, "fi", 3) == "film"  # a prefix: "film" (in 34 films)
    for word in WORDS:  # what it chooses is a word the query finds
        chosen = _common_word(stormy, word, 3)
        if chosen is not None:
            assert set(stormy.search_film_ids(chosen)) <= set(stormy.search_film_ids(word))


def test_the_count_of_a_words_films_is_exact(stormy: JournalService) -> None:
    for word in ("storm", "calm", "gale", "zephyr"):
        films = len(stormy.search_film_ids(word))
        assert films == 0 or _holding(stormy, word, films - 1), word
        assert not _holding(stormy, word, films), word
    assert len(stormy.search_film_ids("zephyr")) == 0
    assert _holding(stormy, "film front", 39)  # either of them: in every film
    assert not _holding(stormy, "film front", 40)


def test_a_prefix_of_words_none_common_enough_alone_counts_the_commonest_few(
    stormy: JournalService, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(12):
        stormy.add_film(FilmFields(f"Galaxy {number}", year=2000 + number))
        stormy.add_film(FilmFields(f"Gallop {number}", year=2000 + number))
    _analyze(stormy)
    # 64 films; "gal" begins "gale" (8), "galaxy" and "galaxi" (12), "gallop" (12).
    # Half the commonest word's 12 films is over 3: no count (the bound, below).
    assert _surely(stormy, "gal", 3)
    assert _common_words(stormy, "gal", 3)[0] in {"galaxy", "galaxi", "gallop"}
    _change_rows(stormy, 3)  # the bound is now 6 - 3: counted
    assert not _surely(stormy, "gal", 3)
    assert _common_words(stormy, "gal", 3) == ["gale"]  # the least in 2 × 4 films alone
    chosen = _common_words(stormy, "gal", 7)  # none in 2 × 8 alone: two of the 12s
    assert len(chosen) == 2 and set(chosen) <= {"galaxy", "galaxi", "gallop"}
    assert _common_words(stormy, "gal", 22) == []  # 12 + 12 + 12 + 8 is short of 2 × 23
    assert _holding(stormy, " ".join(chosen), 23) and not _holding(stormy, "gallop", 12)
    monkeypatch.setattr(pg_engine, "RANK_ALL_LIMIT", 7)
    known = stormy.search_film_ids("gal", 10)
    monkeypatch.setattr(pg_stats, "common_words", lambda *args: pg_stats.Common([]))
    assert stormy.search_film_ids("gal", 10) == known


def test_statistics_out_of_date_choose_the_word_but_never_the_answer(
    stormy: JournalService,
) -> None:
    _analyze(stormy)
    assert _common_word(stormy, "calm", 3) == "calm"
    for film in stormy.list_films():  # "calm" leaves every review
        for review in film.reviews:
            if "calm" in review.body:
                stormy.update_review(review.id, ReviewFields(body="a storm at sea"))
    assert _common_word(stormy, "calm", 3) == "calm"  # the statistics still say so
    assert not _holding(stormy, "calm", 3)
    assert stormy.search_film_ids("calm") == []


def test_rows_changed_since_the_statistics_are_discounted(stormy: JournalService) -> None:
    _analyze(stormy)
    assert _surely(stormy, "calm", 3)  # half of 10 films, nothing changed
    _change_rows(stormy, 1)
    assert _surely(stormy, "calm", 3)  # 5 - 1 is over 3
    _change_rows(stormy, 1)
    assert not _surely(stormy, "calm", 3)  # 5 - 2 is not: counted
    assert _common_word(stormy, "calm", 3) == "calm"
    assert _surely(stormy, "storm", 3)  # half of 33 less 2
    _analyze(stormy)  # taken again: nothing changed since
    assert _surely(stormy, "calm", 3)


def test_a_word_made_common_later_is_chosen_once_the_statistics_see_it(
    stormy: JournalService,
) -> None:
    _analyze(stormy)
    for number in range(30):
        stormy.add_film(FilmFields(f"Zephyr {number}", year=2000 + number))
    assert _common_word(stormy, "zephyr", 3) is None  # not in the statistics yet
    assert _holding(stormy, "zephyr", 29)
    _analyze(stormy)  # taken again: read again
    assert _common_word(stormy, "zephyr", 3) == "zephyr"


QUERIES = (
    "storm",
    "sto",
    "sea",
    "calm",
    "gale",
    "front",  # in 6 films: more than 3, too few to be chosen
    "storm sea",
    "title:storm",
    "storm -gale",
)


def test_a_search_trusting_the_statistics_finds_what_counting_finds(
    stormy: JournalService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pg_engine, "RANK_ALL_LIMIT", 3)
    _analyze(stormy)
    with monkeypatch.context() as patched:
        patched.setattr(pg_stats, "common_words", lambda *args: pg_stats.Common([]))
        counted = {q: [stormy.search_film_ids(q, n) for n in (1, 5, None)] for q in QUERIES}
    pages: list[str] = []
    words_counted: list[str] = []
    ranked_page = pg_engine.PgSearchPlan._ranked_page
    in_more_films_than = pg_stats.in_more_films_than

    def counting(plan: pg_engine.PgSearchPlan, *args: Any) -> Any:
        pages.append(str(plan.node))
        return ranked_page(plan, *args)

    def counting_words(session: Session, words: list[str], limit: int) -> bool:
        words_counted.extend(words)
        return in_more_films_than(session, words, limit)

    monkeypatch.setattr(pg_engine.PgSearchPlan, "_ranked_page", counting)
    monkeypatch.setattr(pg_stats, "in_more_films_than", counting_words)
    # Half of "storm"'s 33 films less 12 changed rows is still over 3; not the others'.
    counted_once_changed = {"sea": "sea", "calm": "calm", "gale": "gale"}
    for changed in (0, 12):
        if changed:
            _change_rows(stormy, changed)
        for query in QUERIES:
            pages.clear()
            words_counted.clear()
            found = [stormy.search_film_ids(query, n) for n in (1, 5, None)]
            assert found == counted[query], (query, changed)
            known_broad = query in ("storm", "sto", "sea", "calm", "gale")
            assert (pages == []) is known_broad, (query, pages)  # no page counted
            word = counted_once_changed.get(query) if changed else None
            assert words_counted == ([] if word is None else [word] * 3), (query, changed)


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("'storm'", [("storm", False)]),
        ("'boi':* | 'bois':*", [("boi", True), ("bois", True)]),
        ("'it''s':*", [("it's", True)]),
        ("'storm' & 'sea'", None),
        ("!'storm'", None),
        ("'storm' <-> 'sea'", None),
        ("'storm':*A", None),
        ("'a\\\\b' | 'it''s'", [("a\\b", False), ("it's", False)]),
        ("", None),
    ],
)
def test_only_terms_any_of_which_matches_are_read(
    query: str, terms: list[tuple[str, bool]] | None
) -> None:
    assert pg_stats._terms(query) == terms
