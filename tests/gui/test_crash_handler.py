"""Unexpected exceptions in the app are logged with their traceback and explained in a
dialog that names the log file; the app keeps running."""

from __future__ import annotations

import logging
import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from watchjournal.errors import JournalBusyError
from watchjournal.paths import AppPaths
from watchjournal.ui.common.crash import LOG_FILE_NAME, CrashHandler, install_crash_handler
from watchjournal.ui.common.errors import log_file, set_log_file
from watchjournal.ui.common.tasks import TaskRunner

# pytest-qt would catch the exceptions itself; here the app's own hook must see them.
pytestmark = pytest.mark.qt_no_exception_capture


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


def _log_text(app_dirs: AppPaths) -> str:
    return (app_dirs.log_dir / LOG_FILE_NAME).read_text(encoding="utf-8")


def test_a_bug_in_a_slot_is_logged_and_explained_and_the_app_goes_on(
    qtbot: QtBot, handler: CrashHandler, app_dirs: AppPaths
) -> None:
    assert sys.excepthook == handler.excepthook
    clicks: list[str] = []

    def broken() -> None:
        raise ZeroDivisionError("a bug in a slot")

    button = QPushButton("Broken")
    qtbot.addWidget(button)
    button.clicked.connect(broken)
    button.clicked.connect(lambda: clicks.append("still connected"))
    button.click()
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    path = app_dirs.log_dir / LOG_FILE_NAME
    assert log_file() == path
    assert str(path) in handler.dialog.text()
    assert "a bug" in handler.dialog.text()
    text = _log_text(app_dirs)
    assert "Traceback" in text and "ZeroDivisionError: a bug in a slot" in text
    assert "in broken" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # The app keeps running: the next click runs its slots again.
    handler.dialog.close()
    button.click()
    assert clicks == ["still connected", "still connected"]


def test_a_bug_in_a_task_callback_reaches_the_handler(
    qtbot: QtBot, handler: CrashHandler, app_dirs: AppPaths
) -> None:
    runner = TaskRunner()

    def done(_result: object, _error: BaseException | None) -> None:
        raise KeyError("a bug in a callback")

    runner.run(lambda _control: 42, done)
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    assert "KeyError: 'a bug in a callback'" in _log_text(app_dirs)
    assert str(app_dirs.log_dir / LOG_FILE_NAME) in (handler.last_text or "")
    runner.wait()


def test_a_bug_in_a_thread_is_shown_on_the_gui_thread(
    qtbot: QtBot, handler: CrashHandler, app_dirs: AppPaths
) -> None:
    def broken() -> None:
        raise ValueError("a bug in a thread")

    thread = threading.Thread(target=broken, name="worker")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    assert "unexpected error in worker" in _log_text(app_dirs)
    assert "ValueError: a bug in a thread" in _log_text(app_dirs)


def test_an_escaped_journal_error_shows_its_own_message(
    qtbot: QtBot, handler: CrashHandler, tmp_path: Path
) -> None:
    def careless() -> None:
        raise JournalBusyError(tmp_path, "the journal is busy; nothing was changed")

    button = QPushButton("Careless")
    qtbot.addWidget(button)
    button.clicked.connect(careless)
    button.click()
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    assert handler.dialog.text() == "the journal is busy; nothing was changed"


def test_many_bugs_show_one_dialog(qtbot: QtBot, handler: CrashHandler) -> None:
    for _ in range(5):
        handler.excepthook(RuntimeError, RuntimeError("again"), None)
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    first = handler.dialog
    qtbot.wait(50)
    assert handler.dialog is first
