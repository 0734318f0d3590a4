"""A journal locked by another process never freezes the window.

Another process (not a thread: SQLite's locks are per process and file) opens
the journal with sqlite3 and holds its write lock with ``BEGIN IMMEDIATE``.
Meanwhile a QTimer ticking every 10 ms must keep ticking (the event loop is
never blocked), the UI must say it is waiting for the journal, and once the
lock is released each write must land, with the newest text.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from watchjournal.journal import FilmFields, JournalService
from watchjournal.paths import AppPaths
from watchjournal.ui.common.gui_gc import collect_on_gui_thread
from watchjournal.ui.common.tasks import WAITING_TEXT
from watchjournal.ui.film.dialog import FilmDialog

# Short, so the lane says it is waiting soon after the lock is met; as a
# parameter of the service, as the app passes its own (ui.common.tasks).
BUSY_TIMEOUT_MS = 150
MAX_TICK_GAP_S = 0.2
# The gap is wall-clock time: another test's work on the same CPUs would count
# as the window's, so these tests run alone (scripts/run-tests, after the rest).
pytestmark = pytest.mark.alone

# Holds the lock until a line arrives on stdin, or 8 s at most: a window that
# blocks on the lock then fails the tick test instead of hanging the suite.
LOCKER = """
import select, sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
select.select([sys.stdin], [], [], 8.0)
connection.execute("ROLLBACK")
connection.close()
"""


class Lock:
    """The journal's write lock, held by another process until ``release()``."""

    def __init__(self, journal: Path) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-c", LOCKER, str(journal)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        assert self._process.stdout.readline().strip() == "locked"

    def release(self) -> None:
        if self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.communicate("go\n", timeout=10)


class Ticker:
    """A 10 ms timer on the GUI thread; the largest gap between its ticks.

    It is paused while the test itself drives the GUI synchronously (typing
    with QTest blocks the loop by design), so only the app's own work counts.
    """

    def __init__(self) -> None:
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)
        self._last = time.monotonic()
        self.largest_gap = 0.0

    def _tick(self) -> None:
        now = time.monotonic()
        self.largest_gap = max(self.largest_gap, now - self._last)
        self._last = now

    def start(self) -> None:
        self._last = time.monotonic()
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        return self.largest_gap

    def paused(self) -> _Paused:
        return _Paused(self)


class _Paused:
    def __init__(self, ticker: Ticker) -> None:
        self._ticker = ticker

    def __enter__(self) -> None:
        self._ticker.stop()

    def __exit__(self, *_exc: object) -> None:
        self._ticker.start()


@pytest.fixture
def patient_service(journal_path: Path, app_dirs: AppPaths) -> Iterator[JournalService]:
    service = JournalService.open(journal_path, app_dirs.backup_dir, busy_timeout=BUSY_TIMEOUT_MS)
    yield service
    service.close()


@pytest.fixture
def window(qtbot: QtBot, patient_service: JournalService, app_dirs: AppPaths) -> Any:
    from watchjournal.metadata.cache import PosterCache
    from watchjournal.ui.app import ui_settings
    from watchjournal.ui.window.main_window import MainWindow

    patient_service.add_film(FilmFields("Paterson", year=2016), watchlist=True)
    cache = PosterCache(app_dirs.cache_dir)
    made = MainWindow(patient_service, ui_settings(app_dirs), cache, "journal", None)
    qtbot.addWidget(made)
    with qtbot.waitExposed(made):
        made.show()
    made.show_view("films")
    made.library.films_view.selectRow(0)
    # As the app does (ui.app): collection on the GUI thread, with what was built by
    # now (here the test run's own objects too) left out of later passes.
    collector = collect_on_gui_thread(made)
    collector.freeze_start_up()
    try:
        yield made
        qtbot.waitUntil(lambda: not made.runner.writing, timeout=10_000)
    finally:
        collector.stop()  # the tests after this one collect as before


@pytest.fixture
def ticker() -> Iterator[Ticker]:
    ticking = Ticker()
    ticking.start()
    yield ticking
    ticking.stop()


def status_bar(window: Any) -> str:
    return str(window.statusBar().currentMessage())


def click_when_asked(button: str) -> None:
    """Click ``button`` in the next message box, once it is open."""
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        next(b for b in box.buttons() if b.text() == button).click()
    else:
        QTimer.singleShot(20, lambda: click_when_asked(button))


def wait_while_locked(qtbot: QtBot, condition: Callable[[], bool]) -> None:
    """Wait for ``condition``, then a little longer (retries keep coming) with the lock held."""
    qtbot.waitUntil(condition, timeout=5000)
    qtbot.wait(600)


def test_review_typed_while_the_journal_is_locked_lands_with_the_newest_text(
    qtbot: QtBot, window: Any, patient_service: JournalService, journal_path: Path, ticker: Ticker
) -> None:
    film_id = window.library.current_film_id()
    with ticker.paused():
        window.open_review(film_id, None)
        editor = window.editor
        qtbot.keyClicks(editor.body, "Written before")
    qtbot.waitUntil(lambda: editor.status_text == "Saved", timeout=5000)
    review_id = editor.review_id

    lock = Lock(journal_path)
    try:
        with ticker.paused():
            qtbot.keyClicks(editor.body, ", and while locked")
        wait_while_locked(qtbot, lambda: editor.status_text == WAITING_TEXT)
        with ticker.paused():
            qtbot.keyClicks(editor.body, ", and more")  # typed while the save waits
        started = time.monotonic()
        assert editor.flush(wait_ms=700) is False  # bounded, and the events kept flowing
        assert time.monotonic() - started < 2.0
        assert "journal is busy" in editor.error_text
        assert editor.body.toPlainText() == "Written before, and while locked, and more"
        assert patient_service.get_review(review_id).body == "Written before"
    finally:
        lock.release()
    qtbot.waitUntil(
        lambda: (
            patient_service.get_review(review_id).body
            == "Written before, and while locked, and more"
        ),
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: editor.status_text == "Saved", timeout=5000)
    assert editor.error_text == ""
    assert ticker.stop() < MAX_TICK_GAP_S


def test_like_and_undo_wait_for_the_journal_and_say_so(
    qtbot: QtBot, window: Any, patient_service: JournalService, journal_path: Path, ticker: Ticker
) -> None:
    film_id = window.library.current_film_id()
    lock = Lock(journal_path)
    try:
        window.acts.like.trigger()
        wait_while_locked(qtbot, lambda: WAITING_TEXT in status_bar(window))
        assert not patient_service.get_film(film_id).fields.liked
    finally:
        lock.release()
    qtbot.waitUntil(lambda: patient_service.get_film(film_id).fields.liked, timeout=10_000)
    qtbot.waitUntil(lambda: WAITING_TEXT not in status_bar(window), timeout=5000)
    assert window.acts.like.isChecked()

    QTimer.singleShot(0, lambda: click_when_asked("Delete"))
    window.acts.delete_film.trigger()
    qtbot.waitUntil(lambda: window.acts.undo.isEnabled(), timeout=5000)
    assert patient_service.count_films() == 0
    lock = Lock(journal_path)
    try:
        window.acts.undo.trigger()
        wait_while_locked(qtbot, lambda: WAITING_TEXT in status_bar(window))
        assert patient_service.count_films() == 0
    finally:
        lock.release()
    qtbot.waitUntil(lambda: patient_service.count_films() == 1, timeout=10_000)
    assert patient_service.get_film(film_id).fields.liked
    assert ticker.stop() < MAX_TICK_GAP_S


def test_add_film_dialog_waits_with_save_disabled_and_closes_once_saved(
    qtbot: QtBot, window: Any, patient_service: JournalService, journal_path: Path, ticker: Ticker
) -> None:
    seen: dict[str, Any] = {}
    lock = Lock(journal_path)

    def fill(dialog: FilmDialog) -> None:
        dialog.title_edit.setText("Huracán")  # (QTest types ASCII only)
        ticker.start()  # from here on: opening the dialog is not the journal's doing
        dialog.accept()
        dialog.accept()  # a second press does nothing while the first save runs
        seen["save enabled"] = dialog._save_button().isEnabled()
        qtbot.waitUntil(lambda: "Waiting for the journal" in dialog.error_label.text())
        qtbot.wait(600)
        seen["still open"] = dialog.isVisible()
        seen["films while locked"] = patient_service.count_films()
        lock.release()

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, FilmDialog):
            fill(widget)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    ticker.stop()
    try:
        window.acts.new_film.trigger()  # returns once the dialog closed
    finally:
        lock.release()
    assert seen == {"save enabled": False, "still open": True, "films while locked": 1}
    assert sorted(f.title for f in patient_service.list_films()) == ["Huracán", "Paterson"]
    assert window.detail.title.text() == "Huracán"
    assert ticker.stop() < MAX_TICK_GAP_S


def test_closing_with_the_journal_locked_asks_instead_of_losing_the_text(
    qtbot: QtBot, window: Any, patient_service: JournalService, journal_path: Path, ticker: Ticker
) -> None:
    film_id = window.library.current_film_id()
    with ticker.paused():
        window.open_review(film_id, None)
    asked: list[str] = []

    def keep_waiting() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, keep_waiting)
            return
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == "Keep Waiting").click()

    lock = Lock(journal_path)
    try:
        with ticker.paused():
            qtbot.keyClicks(window.editor.body, "Not lost")
        QTimer.singleShot(0, keep_waiting)
        window.close()
        assert asked == ["Some of your changes are not saved yet."]
        assert window.isVisible()
        assert window.editor.body.toPlainText() == "Not lost"
    finally:
        lock.release()
    qtbot.waitUntil(
        lambda: [r.body for r in patient_service.get_film(film_id).reviews] == ["Not lost"],
        timeout=10_000,
    )
    assert ticker.stop() < MAX_TICK_GAP_S
