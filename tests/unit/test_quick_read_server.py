"""The first page read from a journal on a server with psycopg, before SQLAlchemy
(storage.quick_read_server, journal.first_page.server_first_page): the service's
own rows, or None whenever the usual path must open the journal first."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.dialects import postgresql

from tests.pg import PostgresServer
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.journal.first_page import server_first_page
from watchjournal.journal.library import film_rows_select
from watchjournal.journal.rows import FilmQuery
from watchjournal.paths import AppPaths
from watchjournal.storage.quick_read_server import FILM_ROWS_SQL, server_name
from watchjournal.storage.server_url import display_name, server_url

pytestmark = pytest.mark.postgres


def test_film_rows_sql_is_the_services_own_statement() -> None:
    # When the rating or rewatch rule (or a list row) changes, paste this text into
    # storage/quick_read_server.py's FILM_ROWS_SQL.
    statement = film_rows_select().compile(
        dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
    )
    compiled = " ".join(str(statement).split())
    assert compiled == FILM_ROWS_SQL, compiled


def _fill(service: JournalService) -> None:
    ids = [
        service.add_film(FilmFields(title, year=year, directors=directors)).id
        for title, year, directors in [
            ("Paterson", 2016, ("Jim Jarmusch",)),
            ("élan", None, ()),
            ("Ballerina", 2023, ("Lee Chung-hyun", "Someone Else")),
            ("alpha", 1999, ("Ann",)),
            ("Zodiac", 2007, ("David Fincher",)),
        ]
    ]
    paterson, elan, ballerina, alpha, zodiac = ids
    service.mark_watched(paterson, date(2024, 5, 1))
    latest = service.mark_watched(paterson, date(2025, 1, 2))  # a rewatch
    service.write_review(paterson, ReviewFields(rating_tenths=64, viewing_id=latest.id))
    service.write_review(paterson, ReviewFields(rating_tenths=81, body="second"))
    service.mark_watched(ballerina, date(2023, 10, 6))
    service.write_review(ballerina, ReviewFields(rating_tenths=50, body="fine"))
    service.set_liked(alpha, True)
    service.add_to_watchlist(zodiac, note="the long cut")
    service.add_to_watchlist(elan)


def test_the_first_page_is_the_services_rows(pg_url: str, app_dirs: AppPaths) -> None:
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    try:
        _fill(service)
        watchlist = FilmQuery(kind="watchlist", sort="watchlist")
        page = server_first_page(pg_url, 200)
        assert page is not None
        assert (page.view, page.query, page.film_count) == ("watchlist", watchlist, 5)
        assert page.rows == service.film_rows_by_ids(service.film_ids(watchlist))
        assert [row.title for row in page.rows] == ["Zodiac", "élan"]
        for film in service.list_films():
            if film.on_watchlist:
                service.remove_from_watchlist(film.id)
        page = server_first_page(pg_url, 200)
        assert page is not None and (page.view, page.query) == ("films", FilmQuery())
        rows = service.film_rows_by_ids(service.film_ids(FilmQuery()))
        assert page.rows == rows  # every column, typed as the service types it
        paterson = next(row for row in rows if row.title == "Paterson")
        assert (paterson.rating_tenths, paterson.rewatched) == (64, True)
        short = server_first_page(pg_url, 2)
        assert short is not None and short.rows == rows[:2]
    finally:
        service.close()


def test_no_first_page_from_a_database_the_usual_path_must_open(
    postgres_server: PostgresServer, pg_url: str, app_dirs: AppPaths
) -> None:
    assert server_first_page(pg_url, 200) is None  # no journal in it yet
    JournalService.open(pg_url, app_dirs.backup_dir).close()
    assert server_first_page(pg_url, 200) is not None
    engine = create_engine(server_url(pg_url))
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    assert server_first_page(pg_url, 200) is None  # a newer app's journal
    away = pg_url.replace(str(postgres_server.socket_dir), "/nonexistent-socket-folder")
    assert server_first_page(away, 200) is None  # unreachable: said by the usual path
    postgres_server.admin("CREATE ROLE quick_reader LOGIN PASSWORD 'secret'")
    database = pg_url.rsplit("/", 1)[1].split("?")[0]
    no_password = postgres_server.url(database, "quick_reader")
    assert server_first_page(no_password, 200) is None  # the usual path asks for it


def test_the_window_names_the_server_as_the_usual_path_does(
    postgres_server: PostgresServer,
) -> None:
    for url in (
        postgres_server.url("journal", "min", "secret"),
        "postgresql+psycopg://min:pw@example.org:6543/journal",
        "postgres://example.org/journal",
    ):
        assert server_name(url) == display_name(server_url(url))
        assert "secret" not in server_name(url) and "pw" not in server_name(url)
