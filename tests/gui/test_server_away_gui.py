"""The journal server going away while a review is being written: nothing typed is lost.

A real PostgreSQL server (tests/pg.py) is stopped mid-session: the window says the
server is unreachable, what is typed is kept in a private recovery file on this
computer, and it is saved when the server is back, or, when the window was closed
meanwhile, when the journal is opened again.
"""

from __future__ import annotations

import contextlib
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.pg import PostgresServer
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.journal.recovery import UnsavedReview
from watchjournal.paths import AppPaths
from watchjournal.ui.app import window_for
from watchjournal.ui.common.errors import SERVER_AWAY_TEXT
from watchjournal.ui.review.editor import ReviewEditor
from watchjournal.ui.window.main_window import MainWindow

pytestmark = pytest.mark.postgres

WAIT_MS = 20_000  # a stopped or started server, on a loaded machine


@pytest.fixture
def server(postgres_server: PostgresServer) -> Iterator[PostgresServer]:
    """The server, running again at the end whatever the test did."""
    yield postgres_server
    with contextlib.suppress(RuntimeError):  # it was running already
        postgres_server.resume()


def kept_body(path: Path | None) -> str | None:
    if path is None or not path.exists():
        return None
    return UnsavedReview.from_json(path.read_bytes()).fields.body


def open_on(qtbot: QtBot, app_dirs: AppPaths, service: JournalService) -> MainWindow:
    window = window_for(app_dirs, service, "shared journal")
    qtbot.addWidget(window)
    window.show()
    return window


def write_then_lose_the_server(
    qtbot: QtBot, window: MainWindow, film_id: int, server: PostgresServer
) -> tuple[ReviewEditor, int, Path]:
    """Type a review and see it saved, stop the server, type more: (editor, review, file)."""
    window.open_review(film_id, None)
    editor = window.editor
    editor.body.setFocus()
    qtbot.keyClicks(editor.body, "Bus driver poems")
    qtbot.waitUntil(lambda: editor.status_text == "Saved", timeout=WAIT_MS)
    review_id = editor.review_id
    assert review_id is not None
    server.pause()
    qtbot.keyClicks(editor.body, ", and a dog")
    qtbot.waitUntil(lambda: "unreachable" in editor.status_text, timeout=WAIT_MS)
    assert editor.error_text == SERVER_AWAY_TEXT
    qtbot.waitUntil(window.server_away.notice.isVisible, timeout=WAIT_MS)
    assert window.server_away.notice.text() == SERVER_AWAY_TEXT
    path = editor.recovery_path
    assert path is not None and kept_body(path) == "Bus driver poems, and a dog"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert path.parent == window_dirs(window)
    # Typing goes on while the server is away: each debounced change is kept too.
    qtbot.keyClicks(editor.body, " named Marvin")
    full = "Bus driver poems, and a dog named Marvin"
    qtbot.waitUntil(lambda: kept_body(path) == full, timeout=WAIT_MS)
    assert editor.body.toPlainText() == full
    assert QApplication.activeModalWidget() is None  # said in place, no dialog
    return editor, review_id, path


def window_dirs(window: MainWindow) -> Path | None:
    folder = window.server_away.folder
    return folder.folder if folder is not None else None


def test_typing_while_the_server_is_away_is_kept_and_saved_when_it_is_back(
    qtbot: QtBot, pg_url: str, app_dirs: AppPaths, server: PostgresServer
) -> None:
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    try:
        film = service.add_film(FilmFields(title="Paterson", year=2016))
        window = open_on(qtbot, app_dirs, service)
        editor, review_id, path = write_then_lose_the_server(qtbot, window, film.id, server)
        server.resume()
        qtbot.waitUntil(lambda: not path.exists(), timeout=WAIT_MS)
        review = service.get_review(review_id)
        assert review.body == "Bus driver poems, and a dog named Marvin"
        assert [r.id for r in service.get_film(film.id).reviews] == [review_id]
        qtbot.waitUntil(lambda: editor.status_text == "Saved", timeout=WAIT_MS)
        assert editor.error_text == ""
        qtbot.waitUntil(lambda: not window.server_away.notice.isVisible(), timeout=WAIT_MS)
        window.close()
    finally:
        service.close()


def test_closed_while_the_server_is_away_then_saved_at_the_next_opening(
    qtbot: QtBot, pg_url: str, app_dirs: AppPaths, server: PostgresServer
) -> None:
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    film = service.add_film(FilmFields(title="Paterson", year=2016))
    try:
        window = open_on(qtbot, app_dirs, service)
        _editor, review_id, path = write_then_lose_the_server(qtbot, window, film.id, server)
        # Closing does not ask: the text is kept on this computer (a kill leaves it too).
        assert window.close()
        assert QApplication.activeModalWidget() is None
        assert kept_body(path) == "Bus driver poems, and a dog named Marvin"
    finally:
        service.close()
    server.resume()
    # Meanwhile another machine changed the review: its text must survive as well.
    other = JournalService.open(pg_url, app_dirs.backup_dir)
    try:
        other.update_review(review_id, ReviewFields(body="The other machine's words"))
    finally:
        other.close()

    again = JournalService.open(pg_url, app_dirs.backup_dir)
    try:
        window = open_on(qtbot, app_dirs, again)
        qtbot.waitUntil(lambda: not path.exists(), timeout=WAIT_MS)
        assert again.get_review(review_id).body == "Bus driver poems, and a dog named Marvin"
        revisions = [r.body for r in again.review_revisions(review_id)]
        assert "The other machine's words" in revisions
        message = window.statusBar().currentMessage()
        assert "Saved your review of Paterson (2016)" in message
        assert "edited on another machine meanwhile" in message
        window.close()
    finally:
        again.close()
