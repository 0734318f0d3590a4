"""Opening a journal on PostgreSQL: URLs, passwords, and the failures a user must understand."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.pg import PostgresServer
from watchjournal.cli.main import main
from watchjournal.errors import (
    JournalPermissionError,
    JournalUnavailableError,
    NotAJournalError,
    ValidationError,
)
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.paths import AppPaths, resolve_paths
from watchjournal.storage.server_url import display_name, is_server_url, redacted, server_url

pytestmark = pytest.mark.postgres
_roles = itertools.count(1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("postgresql://me@host/journal", True),
        ("postgresql+psycopg://me@host/journal", True),
        ("postgres://me@host/journal", True),
        ("postgresql:///journal?host=/run/postgresql", True),
        ("/home/me/journal.sqlite", False),
        ("journal.sqlite", False),
        ("postgresql.sqlite", False),
        ("mysql://me@host/journal", False),
    ],
)
def test_a_url_is_told_from_a_path(text: str, expected: bool) -> None:
    assert is_server_url(text) is expected


def test_the_password_never_shows() -> None:
    url = server_url("postgresql://me:s3cret@db.example/journal")
    assert url.drivername == "postgresql+psycopg"
    assert "s3cret" not in display_name(url)
    assert display_name(url) == "postgresql://me@db.example/journal"
    assert redacted("postgresql://me:s3cret@db.example/journal") == (
        "postgresql://me@db.example/journal"
    )


def test_a_url_without_a_database_is_refused() -> None:
    with pytest.raises(ValidationError, match="names no database"):
        server_url("postgresql://me@host")


def test_wj_db_and_the_variable_name_a_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHJOURNAL_DB", "postgresql://me@host/journal")
    assert resolve_paths().server == "postgresql://me@host/journal"
    assert resolve_paths("/tmp/j.sqlite").server is None


def test_an_unreachable_server_is_said_plainly(tmp_path: Path, app_dirs: AppPaths) -> None:
    url = f"postgresql://watchjournal@/journal?host={tmp_path}"  # no server on that socket
    with pytest.raises(JournalUnavailableError, match="the journal server is unreachable"):
        JournalService.open(url, app_dirs.backup_dir)


def test_the_cli_says_unreachable_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql://watchjournal@/journal?host={tmp_path}"
    assert main(["--db", url, "list"]) == 1
    err = capsys.readouterr().err
    assert "the journal server is unreachable" in err
    assert "Traceback" not in err


def _role(server: PostgresServer, password: str) -> str:
    name = f"reader_{os.getpid()}_{next(_roles)}"
    server.admin(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
    return name


def test_a_wrong_password_is_refused_clearly(
    postgres_server: PostgresServer, pg_url: str, app_dirs: AppPaths
) -> None:
    role = _role(postgres_server, "right")
    database = server_url(pg_url).database
    assert database is not None
    url = postgres_server.url(database, role, "wrong")
    with pytest.raises(JournalPermissionError, match="refused the user name or password") as info:
        JournalService.open(url, app_dirs.backup_dir)
    assert "wrong" not in str(info.value)


def test_a_missing_password_points_at_pgpass(
    postgres_server: PostgresServer,
    pg_url: str,
    app_dirs: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    role = _role(postgres_server, "right")
    database = server_url(pg_url).database
    assert database is not None
    postgres_server.admin(f"GRANT ALL ON DATABASE {database} TO {role}")
    postgres_server.admin(f"ALTER DATABASE {database} OWNER TO {role}")
    url = postgres_server.url(database, role)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with pytest.raises(JournalPermissionError, match="pgpass"):
        JournalService.open(url, app_dirs.backup_dir)
    # libpq reads the password from the file PGPASSFILE names: we never store one.
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"*:*:*:{role}:right\n", encoding="utf-8")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    service = JournalService.open(url, app_dirs.backup_dir)
    try:
        assert service.count_films() == 0
    finally:
        service.close()


def test_a_missing_database_is_named(postgres_server: PostgresServer, app_dirs: AppPaths) -> None:
    with pytest.raises(JournalUnavailableError, match="no such database"):
        JournalService.open(postgres_server.url("no_such_journal"), app_dirs.backup_dir)


def test_a_foreign_database_is_not_a_journal(pg_url: str, app_dirs: AppPaths) -> None:
    engine = create_engine(server_url(pg_url))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE invoices (id integer)"))
    engine.dispose()
    with pytest.raises(NotAJournalError, match="not a WatchJournal journal"):
        JournalService.open(pg_url, app_dirs.backup_dir)


def test_search_on_a_server_journal_from_the_cli(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    service = JournalService.open(pg_url, Path("unused"))
    try:
        film = service.add_film(FilmFields("Huracán", year=2020, directors=("José Ramírez",)))
        service.write_review(film.id, ReviewFields(body="The flamethrowers scene."))
        service.add_film(FilmFields("Ballerina", year=2023))
    finally:
        service.close()
    assert main(["--db", pg_url, "search", "flamethrower ramirez"]) == 0
    out = capsys.readouterr().out
    assert "Huracán (2020)" in out and "[flamethrowers]" in out and "Ballerina" not in out
    assert main(["--db", pg_url, "reindex"]) == 0
    capsys.readouterr()
    assert main(["--db", pg_url, "search", "director:jose -is:watched"]) == 0
    assert "Huracán (2020)" in capsys.readouterr().out
