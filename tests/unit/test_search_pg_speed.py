"""The quicker search on PostgreSQL (migration 0013) finds what it found before.

A broad query (more matches than are ranked) takes titles and people first
through their own index, then the rest newest first, and finds exactly the films
the ranked path finds; a column's stemmed and plain words, one after the other,
never make a phrase across the gap between them; a journal indexed before 0013
is still searched right after the upgrade; marks are put back in stored text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from tests.journal_helpers import add_stormy_films
from tests.unit.interchange_helpers import LETTERBOXD_EXPORT, import_path
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.paths import AppPaths
from watchjournal.search import pg_engine, pg_rebuild, pg_schema, pg_snippets
from watchjournal.search.snippets import CLOSE_MARK, OPEN_MARK
from watchjournal.storage import migrate
from watchjournal.storage.server_url import server_url

pytestmark = pytest.mark.postgres

# The function of 0006 to 0010: both lexemes of each word at the word's position.
OLD_VECTOR_FUNCTION = """CREATE OR REPLACE FUNCTION watchjournal_search_vector(body text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE WHEN body IS NULL THEN ''::tsvector ELSE
(to_tsvector('watchjournal_english', watchjournal_fold(body))::text || ' '
|| to_tsvector('watchjournal_simple', watchjournal_fold(body))::text)::tsvector END $$"""

QUERIES = (
    "storm",
    "sto",
    "storm sea",
    '"storm at"',
    "title:storm",
    "cast:storm",
    "review:sea",
    "storm -gale",
    "storm year:1990..1999",
    "storm OR gale",
)


@pytest.fixture
def stormy(pg_url: str, app_dirs: AppPaths) -> Iterator[JournalService]:
    """40 films, nearly all of whose reviews mention the same few words."""
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    add_stormy_films(service)
    yield service
    service.close()


def test_the_broad_path_finds_exactly_what_the_ranked_path_finds(
    stormy: JournalService, monkeypatch: pytest.MonkeyPatch
) -> None:
    ranked = {query: stormy.search_film_ids(query) for query in QUERIES}
    monkeypatch.setattr(pg_engine, "RANK_ALL_LIMIT", 3)
    for query in QUERIES:
        assert len(ranked[query]) > 3, query  # more than the patched limit: broad
        broad = stormy.search_film_ids(query)
        assert len(broad) == len(set(broad)) and set(broad) == set(ranked[query]), query
        for limit in (1, 2, 5, 17):
            assert stormy.search_film_ids(query, limit) == broad[:limit], (query, limit)
        assert [hit.film.id for hit in stormy.search(query, 10)] == broad[:10]


def test_a_broad_page_is_title_and_people_matches_then_the_rest_newest_first(
    stormy: JournalService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pg_engine, "RANK_ALL_LIMIT", 3)
    found = stormy.search_film_ids("storm")
    films = {film.id: film.fields for film in stormy.list_films()}

    def strong(film_id: int) -> bool:
        fields = films[film_id]
        return "Storm" in fields.title or any("Storm" in name for name in fields.cast)

    count = sum(1 for film_id in found if strong(film_id))
    assert 0 < count < len(found)
    assert all(strong(film_id) for film_id in found[:count])
    assert found[:count] == sorted(found[:count], reverse=True)
    assert found[count:] == sorted(found[count:], reverse=True)


@pytest.mark.parametrize("probe", [1, 6, 1000])  # 6: the newest strong film is the 6th
def test_broad_pages_walked_then_read_through_an_index_are_the_same(
    stormy: JournalService, monkeypatch: pytest.MonkeyPatch, probe: int
) -> None:
    """A broad query of one word reads its titles and people without its documents,
    and a phrase its pairs: the newest ``STRONG_PROBE`` films one by one and the
    older through an index. The pages are those of the planner's own order."""
    monkeypatch.setattr(pg_engine, "RANK_ALL_LIMIT", 3)
    queries = ("storm", "sto", "gale", "sea", '"storm at"', '"at sea"', '"a storm" sea')
    limits = (1, 3, 7, 50, None)

    def plain(
        session: Any, statement: Any, film_id: Any, limit: int | None, recent: Any = None
    ) -> list[int]:
        return list(session.scalars(statement.order_by(film_id.desc()).limit(limit)))

    with monkeypatch.context() as patched:
        patched.setattr(pg_engine, "newest_first", plain)
        general = {query: [stormy.search_film_ids(query, n) for n in limits] for query in queries}
    monkeypatch.setattr(pg_engine, "STRONG_PROBE", probe)
    for query in queries:
        assert [stormy.search_film_ids(query, n) for n in limits] == general[query], query
        assert len(general[query][-1]) > 3, query  # broad indeed


def test_a_field_of_people_is_looked_for_only_there(stormy: JournalService) -> None:
    (gale,) = stormy.search_film_ids("cast:gale")[:1]
    assert stormy.get_film(gale).fields.cast == ("Gale Storm",)
    assert stormy.search_film_ids("director:storm") == []
    assert set(stormy.search_film_ids("cast:storm")) == {
        film.id for film in stormy.list_films() if film.fields.cast
    }


def test_a_phrase_never_runs_from_the_stemmed_words_into_the_plain_ones(
    pg_url: str, app_dirs: AppPaths
) -> None:
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    try:
        film = service.add_film(FilmFields("Paterson")).id
        service.write_review(film, ReviewFields(body="running cats"))
        # stemmed: run cat | gap | plain: running cats. "cat running" would join the
        # end of the first half to the start of the second without the gap.
        assert service.search_film_ids('"cats running"') == []
        assert service.search_film_ids('"cat run"') == []
        assert service.search_film_ids('"running cats"') == [film]
        assert service.search_film_ids('"run cat"') == [film]
        assert service.search_film_ids("running-ca") == [film]  # a phrase being typed
        assert service.search_film_ids("runn") == [film]  # the plain word's prefix
    finally:
        service.close()


def test_rows_indexed_before_0013_are_found_after_the_upgrade(
    pg_url: str, app_dirs: AppPaths
) -> None:
    engine = create_engine(server_url(pg_url))
    with engine.begin() as connection:
        migrate.upgrade_connection(connection, "0010")
        # 0006 builds the schema of now: put back what a journal of 0010 had.
        connection.exec_driver_sql(OLD_VECTOR_FUNCTION)
        connection.exec_driver_sql(f"DROP INDEX {pg_schema.STRONG_INDEX}")
        connection.execute(
            text(
                'INSERT INTO films (title, title_key, directors, "cast", genres, countries,'
                " liked, created_at, updated_at, content_notes)"
                " VALUES ('Running Cats', 'running cats', '[\"José Ramírez\"]', '[]', '[]',"
                " '[]', false, now(), now(), '[]')"
            )
        )
        old_form = connection.scalar(text("SELECT v_title::text FROM search_documents"))
    engine.dispose()
    assert "'|'" not in old_form  # both lexemes of a word at one position, as before 0013
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    try:
        with service._engine.connect() as connection:  # the test looks at the schema
            indexes = set(
                connection.scalars(
                    text("SELECT indexname FROM pg_indexes WHERE tablename = :t"),
                    {"t": pg_schema.TABLE},
                )
            )
            kept = connection.scalar(text("SELECT v_title::text FROM search_documents"))
        assert pg_schema.STRONG_INDEX in indexes
        assert kept == old_form  # not rebuilt by the upgrade
        for query in ("ramirez", '"running cats"', '"run cat"', "title:runn", "cast:jose"):
            expected = [] if query == "cast:jose" else [1]
            assert service.search_film_ids(query) == expected, query
        assert service.rebuild_search_index() == 1
        assert service.search_film_ids('"running cats"') == [1]
    finally:
        service.close()


def _documents(service: JournalService) -> list[tuple[object, ...]]:
    with service._engine.connect() as connection:  # the test compares the index itself
        rows = connection.execute(text(f"SELECT * FROM {pg_schema.TABLE} ORDER BY film_id")).all()
    return [tuple(str(value) for value in row) for row in rows]


@pytest.mark.parametrize("bulk_rows", [1, 1_000_000], ids=["bulk", "row-by-row"])
def test_an_import_indexes_exactly_what_a_rebuild_does(
    pg_url: str, app_dirs: AppPaths, monkeypatch: pytest.MonkeyPatch, bulk_rows: int
) -> None:
    """A large import idles the triggers for its transaction and re-composes the films
    it touched once at the end (``pg_rebuild.deferred``); either way the index is the
    one a rebuild makes, and the next write is indexed by the triggers again."""
    from watchjournal.journal import importing  # as the import tests do: a cycle

    monkeypatch.setattr(importing, "BULK_ROWS", bulk_rows)
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    try:
        paterson = service.add_film(FilmFields("Paterson", year=2016)).id
        service.write_review(paterson, ReviewFields(body="written here before the import"))
        service.add_film(FilmFields("Untouched", directors=("Agnès Varda",)))
        import_path(service, "letterboxd", LETTERBOXD_EXPORT)
        import_path(service, "letterboxd", LETTERBOXD_EXPORT)  # again: known films change
        imported = _documents(service)
        assert len(imported) == service.count_films()
        service.rebuild_search_index()
        assert _documents(service) == imported
        later = service.add_film(FilmFields("Afterwards Quietly")).id
        assert later in service.search_film_ids("afterwards")
    finally:
        service.close()


def test_a_copy_to_a_server_is_indexed_once_and_exactly(
    journal_path: Path, pg_url: str, app_dirs: AppPaths
) -> None:
    source = JournalService.open(journal_path, app_dirs.backup_dir)
    try:
        import_path(source, "letterboxd", LETTERBOXD_EXPORT)
        destination = JournalService.open(pg_url, app_dirs.backup_dir)
        try:
            source.copy_into(destination)
            copied = _documents(destination)
            assert len(copied) == source.count_films() > 0
            destination.rebuild_search_index()
            assert _documents(destination) == copied
            paterson = destination.search_film_ids("jarmusch")
            assert paterson == source.search_film_ids("jarmusch") != []
        finally:
            destination.close()
    finally:
        source.close()


def test_deferred_triggers_idle_for_that_transaction_only(pg_url: str, app_dirs: AppPaths) -> None:
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    insert = text(
        'INSERT INTO films (title, title_key, directors, "cast", genres, countries, liked,'
        " created_at, updated_at, content_notes) VALUES (:t, :t, '[]', '[]', '[]', '[]',"
        " false, now(), now(), '[]') RETURNING id"
    )
    try:
        with service._engine.begin() as connection:  # the test writes rows itself
            with pg_rebuild.deferred(connection):
                quiet = connection.scalar(insert, {"t": "Quiet"})
            indexed = connection.scalar(text(f"SELECT count(*) FROM {pg_schema.TABLE}"))
            assert indexed == 0  # not indexed inside
            loud = connection.scalar(insert, {"t": "Loud"})  # after: indexed at once
            pg_rebuild.refresh(connection, [quiet])
        assert service.search_film_ids("quiet") == [quiet]
        assert service.search_film_ids("loud") == [loud]
        service.add_film(FilmFields("Next Transaction"))  # the setting ended with it
        assert len(service.search_film_ids("next")) == 1
    finally:
        service.close()


def _restore_one_by_one(marked: str, original: str) -> str:
    """restore_marks as it was written first: a loop over characters."""
    restored: list[str] = []
    position = 0
    for char in marked:
        if char in (OPEN_MARK, CLOSE_MARK):
            restored.append(char)
        elif position < len(original):
            restored.append(original[position])
            position += 1
    return "".join(restored) if position == len(original) else marked


@pytest.mark.parametrize(
    ("marked", "original"),
    [
        ("Jose \x02Ramirez\x03", "José Ramírez"),  # folded one for one
        ("\x02a\x03 b \x02a\x03", "a b a"),  # unaccent: the same text
        ("", ""),
        ("\x02\x03", ""),
        ("ab\x02c\x03", "abcd"),  # shorter than stored: left as it is
        ("abcd\x02e\x03", "abc"),  # longer
    ],
)
def test_marks_are_put_back_in_stored_text(marked: str, original: str) -> None:
    assert pg_snippets.restore_marks(marked, original) == _restore_one_by_one(marked, original)


def test_planner_settings_are_back_as_they_were_after_each_search(
    stormy: JournalService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A phrase, a common word's count and words with a filter are planned with some
    of the planner's choices off, for their own statements only: the rest of the
    transaction (a broad page's statements, the caller's) is planned as usual."""
    monkeypatch.setattr(pg_engine, "RANK_ALL_LIMIT", 3)
    names = (*pg_engine.BITMAP_ONLY, *pg_engine.NO_HASHING)
    with Session(stormy._engine) as session:  # the test reads the transaction's settings
        session.execute(text(f"ANALYZE {pg_schema.TABLE}"))  # "storm" is counted alone
        for before in ("on", "off"):  # the server's default, or the caller's own
            for name in names:
                session.execute(text(f"SET LOCAL {name} = {before}"))
            for query in ('"storm at"', "storm", "storm is:reviewed", "sea year:1990..2010"):
                assert pg_engine.search_film_ids(session, query, 5), query
                shown = [session.execute(text(f"SHOW {name}")).scalar() for name in names]
                assert shown == [before] * len(names), (query, before)
            with pg_engine._planned_without(session, names):  # put back at the end
                off = [session.execute(text(f"SHOW {name}")).scalar() for name in names]
                assert off == ["off"] * len(names)
            shown = [session.execute(text(f"SHOW {name}")).scalar() for name in names]
            assert shown == [before] * len(names), before
