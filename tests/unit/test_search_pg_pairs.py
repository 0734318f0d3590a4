"""Phrases on PostgreSQL narrowed by adjacent word pairs (``search.pg_pairs``, 0014).

The pairs only ever narrow: every phrase finds exactly the films it finds
without them (stemmed and plain, prefixes, accents, hyphens, fields, three
words); a film whose pairs overflow is still found; a journal of 0013 gets its
pairs from the upgrade, and 0014 can be undone.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.paths import AppPaths
from watchjournal.search import pg_engine, pg_pairs, pg_schema
from watchjournal.storage import migrate
from watchjournal.storage.server_url import server_url

pytestmark = pytest.mark.postgres

# Common words (in most films, seldom next to each other), stems, accents, hyphens.
WORDS = (
    *("the", "neon", "revenge", "running", "runs", "café", "cafe", "ok-ju", "kim", "of"),
    *("a", "storm", "at", "sea", "calm", "then"),
)


@pytest.fixture
def wordy(pg_url: str, app_dirs: AppPaths) -> Iterator[JournalService]:
    """30 films whose titles, casts and reviews are random runs of ``WORDS``."""
    rng = random.Random(5)
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    for number in range(30):
        title = " ".join(rng.choices(WORDS, k=rng.randint(1, 3)))
        cast = (" ".join(rng.choices(WORDS, k=2)),) if number % 3 == 0 else ()
        film = service.add_film(FilmFields(title, year=1990 + number, cast=cast))
        body = ", ".join(" ".join(rng.choices(WORDS, k=5)) for _ in range(2))
        service.write_review(film.id, ReviewFields(body=body))
    yield service
    service.close()


def _pairs(service: JournalService, film_id: int) -> set[str]:
    with service._engine.connect() as connection:  # the test looks at the index itself
        return set(
            connection.scalars(
                text(
                    f"SELECT unnest(tsvector_to_array({pg_pairs.PAIRS}))"
                    f" FROM {pg_schema.TABLE} WHERE film_id = :f"
                ),
                {"f": film_id},
            )
        )


def test_a_films_pairs_are_its_adjacent_words_stemmed_and_plain(
    pg_url: str, app_dirs: AppPaths
) -> None:
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    try:
        film = service.add_film(FilmFields("Neon Revenge", directors=("Kim Ok-ju",))).id
        service.write_review(film, ReviewFields(body="Running, it's Café time"))
        pairs = _pairs(service, film)
        assert {"neon reveng", "neon revenge", "kim ok", "ok ju"} <= pairs
        assert {"run it", "running it", "it s", "s cafe", "cafe time"} <= pairs
        # never across columns, nor from the stemmed words into the plain ones
        assert not {p for p in pairs if "|" in p}
        assert "revenge kim" not in pairs and "reveng neon" not in pairs
    finally:
        service.close()


def _phrases() -> list[str]:
    two = [f'"{a} {b}"' for a, b in itertools.permutations(WORDS, 2)]
    three = [f'"{a} {b} {c}"' for a, b, c in itertools.permutations(WORDS[:6], 3)][::7]
    return [
        *two,
        *three,
        '"the the"',
        '"run the"',
        '"cafe cafe"',
        "ok-ju",
        "kim-ok",
        "kim-o",  # a phrase being typed: the last word is a prefix
        "neon-re",
        "the-runn",
        'title:"neon revenge"',
        'cast:"kim ok-ju"',
        'review:"the neon"',
        '"neon revenge" -"the kim"',
        '"neon revenge" "the of"',
        '"neon revenge" OR "the kim"',
    ]


def test_every_phrase_finds_what_it_finds_without_the_pairs(
    wordy: JournalService, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = _phrases()
    narrowed = {
        q: (wordy.search_film_ids(q), [h.film.id for h in wordy.search(q)]) for q in queries
    }
    monkeypatch.setattr(
        pg_engine.PgSearchPlan,
        "narrowed",
        lambda self, session: pg_engine.Narrowed((), self.compiled),
    )
    for query in queries:
        assert narrowed[query] == (
            wordy.search_film_ids(query),
            [hit.film.id for hit in wordy.search(query)],
        ), query
    # the table is not trivial: phrases found and not found, common words everywhere
    found = [q for q in queries if narrowed[q][0]]
    assert 20 < len(found) < len(queries) - 20, len(found)
    assert len(wordy.search_film_ids("the")) > 20


def test_a_phrase_is_narrowed_by_its_pairs(wordy: JournalService) -> None:
    with wordy._engine.connect() as connection:  # the test looks at the SQL made
        query = connection.scalar(
            text(f"SELECT {pg_pairs.PAIRS_QUERY_FUNCTION}(:w, false, true)::text"),
            {"w": "Neon revenge of the café"},
        )
        single = connection.scalar(
            text(f"SELECT {pg_pairs.PAIRS_QUERY_FUNCTION}(:w, true, true)::text"), {"w": "neon"}
        )
        typed = connection.scalar(
            text(f"SELECT {pg_pairs.PAIRS_QUERY_FUNCTION}(:w, true, true)::text"),
            {"w": "running ca"},
        )
    assert query == "'neon reveng' & 'reveng of' & 'of the' & 'the cafe' | ' '"
    assert single is None  # one word: no pairs, no condition
    assert not _reads_document(wordy, '"neon revenge"')  # two words: their pair
    assert _reads_document(wordy, '"neon revenge of"')  # three: pairs, then <->
    assert _reads_document(wordy, 'title:"neon revenge"')  # then in the title
    assert typed == "'run ca':* | 'running ca':* | ' '"


def test_a_film_whose_pairs_overflow_is_still_found(pg_url: str, app_dirs: AppPaths) -> None:
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    try:
        long_a, long_b = "a" * 1100, "b" * 1100  # their pair is longer than a lexeme may be
        film = service.add_film(FilmFields("Long Words")).id
        service.write_review(film, ReviewFields(body=f"{long_a} {long_b} neon revenge"))
        other = service.add_film(FilmFields("Neon Revenge")).id
        lone = service.add_film(FilmFields("Okja")).id  # one word: no pairs
        assert _pairs(service, film) == {pg_pairs.OVERFLOW}
        assert _pairs(service, other) == {"neon reveng", "neon revenge"}
        with service._engine.connect() as connection:  # the test looks at the index itself
            overflowed = connection.execute(
                text(f"SELECT film_id, {pg_pairs.OVERFLOWED} FROM {pg_schema.TABLE}")
            ).all()
        assert sorted(overflowed) == [(film, True), (other, False), (lone, False)]
        assert service.search_film_ids(f"{long_a}-{long_b[:800]}") == [film]  # typed
        assert set(service.search_film_ids('"neon revenge"')) == {film, other}
        assert service.search_film_ids('"long words"') == [film]
        assert service.search_film_ids('"revenge neon"') == []
    finally:
        service.close()


def _journal_of_0013(pg_url: str) -> None:
    """A journal at 0013 holding one film, "Neon Revenge" by Kim Ok-ju."""
    engine = create_engine(server_url(pg_url))
    with engine.begin() as connection:
        migrate.upgrade_connection(connection, "0013")
        # 0006 builds the schema of now: put back what a journal of 0013 had.
        connection.exec_driver_sql(pg_schema.refresh_function(pairs=False).replace("%", "%%"))
        connection.exec_driver_sql(f"DROP INDEX {pg_pairs.index_name(pg_schema.TABLE)}")
        connection.exec_driver_sql(
            f"ALTER TABLE {pg_schema.TABLE} DROP COLUMN {pg_pairs.PAIRS},"
            f" DROP COLUMN {pg_pairs.OVERFLOWED}"
        )
        for statement in pg_pairs.drop_functions():
            connection.exec_driver_sql(statement)
        connection.execute(
            text(
                'INSERT INTO films (title, title_key, directors, "cast", genres, countries,'
                " liked, created_at, updated_at, content_notes)"
                " VALUES ('Neon Revenge', 'neon revenge', '[\"Kim Ok-ju\"]', '[]', '[]',"
                " '[]', false, now(), now(), '[]')"
            )
        )
    engine.dispose()


def _reads_document(service: JournalService, query: str) -> bool:
    """Whether the query's phrase is still matched against ``document`` through its
    index (not answered by its pair)."""
    plan = pg_engine._plan(query)
    assert plan is not None
    with Session(service._engine) as session:  # the test looks at the SQL made
        return plan.narrowed(session).compiled.query is not None


def test_a_large_journal_of_0013_is_searched_as_before_until_reindexed(
    pg_url: str, app_dirs: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    _journal_of_0013(pg_url)
    monkeypatch.setattr(pg_pairs, "FILL_LIMIT", 0)  # more films than the upgrade fills
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    try:
        assert _pairs(service, 1) == {pg_pairs.OVERFLOW}  # not filled: rechecked as before
        for most_overflowed in (1000, 0):  # a phrase of two words skips document, or not
            monkeypatch.setattr(pg_pairs, "MOST_OVERFLOWED", most_overflowed)
            assert _reads_document(service, '"neon revenge"') == (most_overflowed == 0)
            assert service.search_film_ids('"neon revenge"') == [1]
            assert service.search_film_ids('"kim ok-ju"') == [1]
            assert service.search_film_ids('"revenge neon"') == []
        assert service.rebuild_search_index() == 1
        assert {"neon reveng", "kim ok", "ok ju"} <= _pairs(service, 1)
        assert service.search_film_ids('"neon revenge"') == [1]
    finally:
        service.close()


def test_a_journal_of_0013_gets_its_pairs_and_0014_can_be_undone(
    pg_url: str, app_dirs: AppPaths
) -> None:
    _journal_of_0013(pg_url)
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    try:
        assert {"neon reveng", "kim ok", "ok ju"} <= _pairs(service, 1)
        assert service.search_film_ids('"neon revenge"') == [1]
        assert service.search_film_ids('"kim ok-ju"') == [1]
        assert service.search_film_ids('"revenge neon"') == []
    finally:
        service.close()
    config = migrate.alembic_config()
    engine = create_engine(server_url(pg_url))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0013")
        columns = connection.scalars(
            text("SELECT column_name FROM information_schema.columns WHERE table_name = :t"),
            {"t": pg_schema.TABLE},
        ).all()
        assert pg_pairs.PAIRS not in columns
        # the triggers still work without the column
        connection.execute(text("UPDATE films SET title = 'Neon Vengeance' WHERE id = 1"))
        migrate.upgrade_connection(connection, "head")
    engine.dispose()
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    try:
        assert service.search_film_ids('"neon vengeance"') == [1]
        assert service.search_film_ids('"neon revenge"') == []
    finally:
        service.close()
