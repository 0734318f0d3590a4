"""The app on a journal on a PostgreSQL server: opened by URL, named without the password,
and showing what another machine changes without a restart (a real server, ``tests/pg.py``)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from watchjournal.journal import FilmFields, JournalService
from watchjournal.paths import AppPaths
from watchjournal.ui.app import open_window, server_title

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
