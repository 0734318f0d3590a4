"""A pooled connection to the journal server is pinged before use only after it has been
idle (``storage.server._ping_when_idle``): a search typed key after key costs no
extra round trip, and a connection the server dropped while idle is replaced
without the user seeing an error (a real server, ``tests/pg.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import make_url

from tests.pg import PostgresServer
from watchjournal.errors import JournalUnavailableError
from watchjournal.journal import FilmFields, JournalService
from watchjournal.paths import AppPaths
from watchjournal.storage import server

pytestmark = pytest.mark.postgres


@pytest.fixture
def service(pg_url: str, app_dirs: AppPaths) -> Iterator[JournalService]:
    opened = JournalService.open(pg_url, app_dirs.backup_dir)
    opened.add_film(FilmFields(title="Ballerina", year=2023))
    yield opened
    opened.close()


@pytest.fixture
def pings(service: JournalService, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per ping the service's connections send."""
    sent: list[int] = []
    dialect = service._engine.dialect
    ping = dialect.do_ping

    def counted(dbapi_connection: Any) -> bool:
        sent.append(1)
        return ping(dbapi_connection)

    monkeypatch.setattr(dialect, "do_ping", counted)
    return sent


def _drop_connections(postgres_server: PostgresServer, url: str) -> None:
    """The server ends every connection to the journal's database (as a restart does)."""
    database = make_url(url).database
    postgres_server.admin(
        "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"  # waits for it
        f" WHERE datname = '{database}' AND pid <> pg_backend_pid()"
    )


def test_a_connection_used_a_moment_ago_is_not_pinged(
    service: JournalService, pings: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "IDLE_PING_S", 3600.0)
    for query in ("b", "ba", "bal", "ball", "balle"):  # typed key after key
        service.search_film_ids(query, 50)
    assert pings == []
    monkeypatch.setattr(server, "IDLE_PING_S", 0.0)  # every connection now counts as idle
    assert service.count_films() == 1
    assert pings == [1]


def test_a_connection_dropped_while_idle_is_replaced_unseen(
    service: JournalService,
    pings: list[int],
    pg_url: str,
    postgres_server: PostgresServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server, "IDLE_PING_S", 0.0)
    _drop_connections(postgres_server, pg_url)
    assert [film.title for film in service.list_films()] == ["Ballerina"]
    assert pings  # the dead connection was pinged, then replaced
    service.add_film(FilmFields(title="Ballerina", year=2025))
    assert service.count_films() == 2


def test_a_connection_dropped_a_moment_after_use_fails_once_then_is_replaced(
    service: JournalService,
    pg_url: str,
    postgres_server: PostgresServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The cost of not pinging: within IDLE_PING_S of its last use, a connection the
    server dropped fails one operation, plainly, and changes nothing."""
    monkeypatch.setattr(server, "IDLE_PING_S", 3600.0)
    _drop_connections(postgres_server, pg_url)
    with pytest.raises(JournalUnavailableError, match="the journal server is unreachable"):
        service.add_film(FilmFields(title="Ballerina", year=2025))
    # Every pooled connection is replaced, not only the one that failed.
    assert [film.year for film in service.list_films()] == [2023]
    service.add_film(FilmFields(title="Ballerina", year=2025))
    assert sorted(film.year or 0 for film in service.list_films()) == [2023, 2025]
