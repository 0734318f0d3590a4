"""The app on a journal on a PostgreSQL server: opened by URL, named without the password,
and showing what another machine changes without a restart (a real server, ``tests/pg.py``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from tests.pg import PostgresServer
from watchjournal.journal import FilmFields, JournalService
from watchjournal.paths import AppPaths
from watchjournal.ui.app import AppSession, open_window, server_title

pytestmark = pytest.mark.postgres


def test_the_app_opens_a_server_journal_and_sees_another_machine(
    qtbot: QtBot, pg_url: str, app_dirs: AppPaths, postgres_server: object
) -> None:
    other = JournalService.open(pg_url, app_dirs.backup_dir)  # the other machine
    try:
        other.add_film(FilmFields(title="Paterson", year=2016))
        # Opened with a password in the URL: the title must not show it.
        url = make_url(pg_url.replace("postgresql://", "postgresql+psycopg://"))
        with_password = pg_url.replace("watchjournal@", "watchjournal:s3cret@")
        window = open_window(app_dirs, with_password, server_title(with_password))
        assert window is not None
        qtbot.addWidget(window)
        window.show()
        assert "s3cret" not in window.windowTitle()
        assert str(url.database) in window.windowTitle()
        window.show_view("films")
        qtbot.waitUntil(lambda: window.library.films_model.total() == 1, timeout=5000)
        assert window.other_machines is not None

        other.add_film(FilmFields(title="Columbus", year=2017))
        window.other_machines.look()  # what the timer and the focus do
        qtbot.waitUntil(lambda: window.library.films_model.total() == 2, timeout=10000)
        window.close()
        window.service.close()
    finally:
        other.close()


def test_open_shared_journal_asks_for_the_password_and_never_stores_it(
    qtbot: QtBot,
    pg_url: str,
    app_dirs: AppPaths,
    postgres_server: PostgresServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    database = str(make_url(pg_url.replace("postgresql://", "postgresql+psycopg://")).database)
    role = f"sharer_{os.getpid()}"
    postgres_server.admin(f"CREATE ROLE {role} LOGIN PASSWORD 'pa ss:w@rd'")
    postgres_server.admin(f"ALTER DATABASE {database} OWNER TO {role}")
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))  # so a prompt is needed
    url = postgres_server.url(database, role)
    answers = iter([(url, True), ("pa ss:w@rd", True)])
    asked: list[str] = []

    def get_text(_parent: object, _title: str, label: str, *_args: object) -> tuple[str, bool]:
        asked.append(label)
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    session = AppSession(app_dirs)
    try:
        window = session.open_shared()
        assert window is not None
        qtbot.addWidget(window)
        assert len(asked) == 2 and asked[1].startswith("Password for")
        assert "pa ss" not in window.windowTitle() and database in window.windowTitle()
        stored = (app_dirs.config_dir / "ui.ini").read_text(encoding="utf-8")
        assert database in stored and "pa ss" not in stored and "w@rd" not in stored
        window.service.add_film(FilmFields(title="Paterson", year=2016))
        window.close()
    finally:
        session.close()
