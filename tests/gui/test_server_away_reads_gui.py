"""Reading while the journal server is away: one notice, what is on screen stays.

With the app's crash handler in place (as in the app), a real PostgreSQL server
(tests/pg.py) is stopped while the window shows a journal. Choosing another film,
refreshing, switching views and searching all fail to read: the status bar says
once that the server is unreachable, no dialog opens, and the lists keep their
rows. When the server is back the window reads again by itself (the look for
other machines' changes every few seconds): the notice goes and what another
machine added meanwhile shows, with no click.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.pg import PostgresServer
from watchjournal.errors import JournalUnavailableError
from watchjournal.journal import FilmFields, JournalService
from watchjournal.paths import AppPaths
from watchjournal.ui.app import window_for
from watchjournal.ui.common.crash import CrashHandler, install_crash_handler
from watchjournal.ui.common.errors import SERVER_AWAY_TEXT, set_log_file
from watchjournal.ui.window.main_window import MainWindow

pytestmark = pytest.mark.postgres

WAIT_MS = 20_000  # a stopped or started server, on a loaded machine


@pytest.fixture
def handler(qtbot: QtBot, app_dirs: AppPaths) -> Iterator[CrashHandler]:
    crash = install_crash_handler(app_dirs.log_dir)
    yield crash
    crash.uninstall()
    if crash.dialog is not None:
        crash.dialog.close()
    for existing in list(logging.getLogger("watchjournal").handlers):
        logging.getLogger("watchjournal").removeHandler(existing)
        existing.close()
    set_log_file(None)


@pytest.fixture
def server(postgres_server: PostgresServer) -> Iterator[PostgresServer]:
    """The server, running again at the end whatever the test did."""
    yield postgres_server
    with contextlib.suppress(RuntimeError):  # it was running already
        postgres_server.resume()


def perform(window: MainWindow, step: str, done: list[str]) -> None:
    """One read the window makes in the app; ``done`` gets its name even when it fails."""
    try:
        if step == "refresh":
            window.refresh()
        elif step == "search":
            window.search_field.setText("film")
        else:
            window.show_view(step)
    finally:
        done.append(step)


def test_reads_while_the_server_is_away_say_so_once_and_resume_by_themselves(
    qtbot: QtBot,
    pg_url: str,
    app_dirs: AppPaths,
    server: PostgresServer,
    handler: CrashHandler,
) -> None:
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    try:
        ids = [service.add_film(FilmFields(f"Film {n}", year=2000 + n)).id for n in range(3)]
        window = window_for(app_dirs, service, "shared journal")
        qtbot.addWidget(window)
        window.show()
        window.show_view("films")
        films = window.library.models["films"]
        qtbot.waitUntil(lambda: films.rowCount() == 3, timeout=WAIT_MS)
        window.library.select_film(ids[0])
        qtbot.waitUntil(lambda: window.detail.film is not None, timeout=WAIT_MS)
        assert window.detail.film is not None and window.detail.film.id == ids[0]

        server.pause()
        window.library.select_film(ids[1])  # the film page cannot be read
        qtbot.waitUntil(window.server_away.notice.isVisible, timeout=WAIT_MS)
        assert window.server_away.notice.text() == SERVER_AWAY_TEXT
        # As the app does them: from Qt's event loop (a click on the sidebar, a timer).
        done: list[str] = []
        for step in ("refresh", "diary", "films", "search", "films"):
            QTimer.singleShot(0, lambda step=step: perform(window, step, done))
            qtbot.waitUntil(lambda step=step: done[-1:] == [step], timeout=WAIT_MS)
        # One notice and no dialog, however many reads failed; the rows are still there.
        assert handler.dialog is None and handler.last_text is None
        assert QApplication.activeModalWidget() is None
        assert window.server_away.notice.isVisible()
        assert films.rowCount() == 3
        assert window.detail.film is not None and window.detail.film.id == ids[0]

        server.resume()
        other = JournalService.open(pg_url, app_dirs.backup_dir)  # another machine
        try:
            added = other.add_film(FilmFields("Added Meanwhile", year=2024)).id
        finally:
            other.close()
        qtbot.waitUntil(lambda: not window.server_away.notice.isVisible(), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: films.rowCount() == 4, timeout=WAIT_MS)
        assert added in [films.row_at(n).id for n in range(4)]  # type: ignore[union-attr]
        # The film chosen while away is read now, with no click.
        qtbot.waitUntil(
            lambda: window.detail.film is not None and window.detail.film.id == ids[1],
            timeout=WAIT_MS,
        )
        assert handler.dialog is None
        window.close()
    finally:
        service.close()


def test_a_file_journal_that_cannot_be_read_still_says_so_in_a_dialog(
    qtbot: QtBot, journal_path: Path, app_dirs: AppPaths, handler: CrashHandler
) -> None:
    """Only a server journal's window takes over the away errors: elsewhere (a file
    journal on a drive unplugged) an escaped one is still explained in the dialog."""
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    try:
        window = window_for(app_dirs, service, "file")
        qtbot.addWidget(window)
        window.show()
        gone = JournalUnavailableError(journal_path, "the drive is gone")
        handler.excepthook(JournalUnavailableError, gone, None)
        qtbot.waitUntil(lambda: handler.dialog is not None, timeout=WAIT_MS)
        assert handler.last_text == "the drive is gone"
        window.close()
    finally:
        service.close()
