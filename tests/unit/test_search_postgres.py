"""Search on a journal on PostgreSQL: the index follows every change in the same
transaction, a searchless journal of phase 1 (schema 0005) is upgraded and indexed,
the translate() fallback without ``unaccent`` folds accents the same, and
``like:``/``content:`` find the same films on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Connection, create_engine, text

from tests.pg import PostgresServer
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.paths import AppPaths
from watchjournal.search import pg_rebuild, pg_schema
from watchjournal.storage import migrate
from watchjournal.storage.server_url import server_url


@pytest.fixture
def service(pg_url: str, app_dirs: AppPaths) -> Iterator[JournalService]:
    opened = JournalService.open(pg_url, app_dirs.backup_dir)
    yield opened
    opened.close()


def titles(service: JournalService, query: str) -> set[str]:
    return {service.get_film(i).title for i in service.search_film_ids(query)}


def test_every_change_is_searchable_at_once(service: JournalService) -> None:
    film = service.add_film(FilmFields("Paterson", directors=("Jim Jarmusch",))).id
    other = service.add_film(FilmFields("Okja")).id
    assert titles(service, "jarmusch") == {"Paterson"}
    review = service.write_review(
        film, ReviewFields(body="Poems about a bus driver.", tags=("quiet",))
    )
    assert titles(service, "poem") == titles(service, "tag:quiet") == {"Paterson"}
    service.mark_watched(other, date(2025, 1, 2), where="Cinemateca", note="with Min")
    assert titles(service, "where:cinemateca note:min") == {"Okja"}
    service.edit_film(film, FilmFields("Paterson", directors=("Someone Else",)))
    assert titles(service, "jarmusch") == set()
    service.delete_review(review.id)
    assert titles(service, "poem") == titles(service, "tag:quiet") == set()
    service.add_to_watchlist(film, "a rainy sunday")
    assert titles(service, "note:rainy") == {"Paterson"}
    service.delete_film(other)
    assert titles(service, "cinemateca") == set()
    assert service.rebuild_search_index() == 1


def _indexes(connection: Connection) -> set[str]:
    found = connection.scalars(
        text("SELECT indexname FROM pg_indexes WHERE tablename = :t"), {"t": pg_schema.TABLE}
    )
    return set(found)


def test_a_rebuild_drops_and_builds_again_exactly_the_named_indexes(
    service: JournalService,
) -> None:
    service.add_film(FilmFields("Paterson", directors=("Jim Jarmusch",)))
    with service._engine.begin() as connection:  # the test drops the indexes by hand
        before = _indexes(connection)
        pg_rebuild._drop_index(connection)
        left = _indexes(connection)
    assert set(pg_schema.index_names()) <= before
    assert left == before - set(pg_schema.index_names())
    assert service.rebuild_search_index() == 1
    with service._engine.connect() as connection:
        assert _indexes(connection) == before
    assert titles(service, "jarmusch") == {"Paterson"}


def test_a_searchless_journal_of_schema_0005_is_upgraded_and_indexed(
    pg_url: str, app_dirs: AppPaths
) -> None:
    engine = create_engine(server_url(pg_url))
    with engine.begin() as connection:
        migrate.upgrade_connection(connection, "0005")
        connection.execute(
            text(
                'INSERT INTO films (title, title_key, directors, "cast", genres, countries,'
                " liked, created_at, updated_at, content_notes)"
                " VALUES ('Huracán', 'huracan', '[\"José Ramírez\"]', '[]', '[]', '[]', false,"
                " now(), now(), '[]')"
            )
        )
    engine.dispose()
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    try:
        assert titles(service, "jose huracan") == {"Huracán"}
    finally:
        service.close()


def test_without_unaccent_a_translate_table_folds_accents(service: JournalService) -> None:
    film = service.add_film(FilmFields("Huracán", directors=("José Ramírez",))).id
    service.write_review(film, ReviewFields(body="Una película de acción."))
    with service._engine.begin() as connection:  # the test rebuilds the schema
        pg_schema.drop_search_objects(connection)
        pg_schema.create_search_objects(connection, use_unaccent=False)
        pg_rebuild.rebuild(connection)
        body = connection.scalar(
            text("SELECT prosrc FROM pg_proc WHERE proname = 'watchjournal_fold'")
        )
    assert "translate" in body
    assert titles(service, "huracan jose") == titles(service, "pelicula accion") == {"Huracán"}
    (hit,) = service.search("ramirez")
    assert hit.snippet is not None and hit.snippet.marked() == "José [Ramírez]"


def test_like_and_content_find_the_same_films_on_both_backends(
    journal_db: str, app_dirs: AppPaths
) -> None:
    service = JournalService.open(journal_db, app_dirs.backup_dir)
    try:
        okja = service.add_film(FilmFields("Okja", content_notes=("Animal harm",))).id
        mother = service.add_film(FilmFields("Mother", content_notes=("Violência",))).id
        service.add_film(FilmFields("Paterson"))
        service.link_films(okja, mother)
        assert titles(service, "like:okja") == {"Mother"}
        assert titles(service, "like:mother") == {"Okja"}
        assert titles(service, "content:violencia") == {"Mother"}
        assert titles(service, 'content:"animal harm"') == {"Okja"}
        assert titles(service, 'content:"harm animal"') == set()
        assert titles(service, "content:anim") == {"Okja"}
        assert titles(service, "-content:animal") == {"Mother", "Paterson"}
    finally:
        service.close()


def test_nul_and_tsquery_syntax_in_user_text_are_just_text(service: JournalService) -> None:
    service.add_film(FilmFields("Paterson"))
    assert titles(service, "pat\x00erson") == titles(service, "pat erson") == set()
    for query in ["a & b", "'x':*", "pat | son", "<->", "(x <2> y)"]:
        assert titles(service, query) == set(), query
    assert titles(service, "!paterson") == titles(service, "'paterson':*") == {"Paterson"}


def test_a_role_that_may_not_create_extensions_gets_the_fallback(
    postgres_server: PostgresServer, app_dirs: AppPaths
) -> None:
    """A journal created by an ordinary role (no CREATE on the database, so no
    ``unaccent``) still opens, migrates and folds accents: the migration asks before
    creating the extension instead of failing half-way."""
    postgres_server.admin("CREATE ROLE min_fallback LOGIN PASSWORD 'pw'")
    database = "journal_min_fallback"
    url = postgres_server.create_database(database)
    postgres_server.admin(f"GRANT CONNECT ON DATABASE {database} TO min_fallback")
    postgres_server.admin(f"REVOKE CREATE ON DATABASE {database} FROM PUBLIC")
    owner = create_engine(server_url(url))
    with owner.begin() as connection:
        connection.execute(text("GRANT ALL ON SCHEMA public TO min_fallback"))
    owner.dispose()
    service = JournalService.open(
        postgres_server.url(database, "min_fallback", "pw"), app_dirs.backup_dir
    )
    try:
        service.add_film(FilmFields("Huracán", directors=("José Ramírez",)))
        assert titles(service, "huracan jose") == {"Huracán"}
        with service._engine.connect() as connection:
            body = connection.scalar(
                text("SELECT prosrc FROM pg_proc WHERE proname = 'watchjournal_fold'")
            )
        assert "translate" in body
    finally:
        service.close()
