"""The server going away in the middle of a session: the CLI says so plainly and changes
nothing, and the same service works again once the server is back (a real server stopped
and started, ``tests/pg.py``)."""

from __future__ import annotations

import pytest

from tests.pg import PostgresServer
from watchjournal.cli.main import main
from watchjournal.errors import JournalUnavailableError
from watchjournal.journal import FilmFields, JournalService
from watchjournal.paths import AppPaths

pytestmark = pytest.mark.postgres


def test_the_server_going_away_and_coming_back(
    pg_url: str,
    postgres_server: PostgresServer,
    app_dirs: AppPaths,
    capsys: pytest.CaptureFixture[str],
) -> None:
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    try:
        service.add_film(FilmFields(title="Paterson", year=2016))
        postgres_server.pause()
        try:
            assert main(["--db", pg_url, "add", "Columbus", "--year", "2017"]) == 1
            err = capsys.readouterr().err
            assert "the journal server is unreachable" in err and "Traceback" not in err
            with pytest.raises(JournalUnavailableError, match="the journal server is unreachable"):
                service.add_film(FilmFields(title="Columbus", year=2017))
        finally:
            postgres_server.resume()
        # The same service goes on (its dropped connections are replaced), and nothing
        # the failed commands tried was written.
        assert [f.title for f in service.list_films()] == ["Paterson"]
        service.add_film(FilmFields(title="Columbus", year=2017))
        assert service.count_films() == 2
    finally:
        service.close()
