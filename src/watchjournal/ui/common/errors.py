"""The one place the GUI turns an error into words and shows it.

A ``JournalError`` (``watchjournal.errors``) is something the user can act on:
its message is shown as it is. Anything else is a bug: it is logged with its
traceback and the user is told where the log is. Every window and background
task goes through ``error_text`` or ``show_error``; nothing else formats errors.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from watchjournal.errors import JournalError, JournalUnavailableError
from watchjournal.ui.common.modal import modal
from watchjournal.ui.common.tasks import TaskCancelledError

log = logging.getLogger("watchjournal.ui")

_log_file: Path | None = None

# What the window and the review editor say while a journal on a server cannot be reached.
SERVER_AWAY_STATUS = "the journal server is unreachable"
SERVER_AWAY_TEXT = (
    "The journal server is unreachable (trying again every few seconds); what you"
    " type is kept on this computer and saved when it is back."
)
# Who shows that the journal server is away (a window of a server journal): while one
# listens, a read that cannot reach the server and escapes to the crash handler is
# told to it, not shown in a dialog per failure (ui/window/server_away.py). A command
# the user gave (a delete, an edit) still says in its own dialog that it failed.
_away_listeners: list[Callable[[], None]] = []


def set_log_file(path: Path | None) -> None:
    """Where unexpected errors are written (said in the message the user sees)."""
    global _log_file
    _log_file = path


def log_file() -> Path | None:
    return _log_file


def bug_text() -> str:
    where = f" Details are in {_log_file}." if _log_file is not None else ""
    return f"Something went wrong inside WatchJournal (a bug).{where}"


def error_text(error: BaseException) -> str:
    """One plain line (or a few) for the user; never a traceback.

    Bugs are logged here, once, with their traceback.
    """
    if isinstance(error, TaskCancelledError):
        return "Cancelled; nothing was changed."
    if isinstance(error, JournalError):
        return str(error)
    if isinstance(error, OSError):
        return f"Could not read or write a file: {error.strerror or error}"
    log.error("unexpected error", exc_info=error)
    return bug_text()


def is_journal_away(error: BaseException | None) -> bool:
    """Whether ``error`` says the journal cannot be reached right now (a server gone
    away, a drive unplugged): worth keeping the text and trying again later."""
    return isinstance(error, JournalUnavailableError)


def listen_for_journal_away(listener: Callable[[], None]) -> Callable[[], None]:
    """Call ``listener`` when a journal server turns out to be away; returns the undo."""
    _away_listeners.append(listener)
    return lambda: _away_listeners.remove(listener) if listener in _away_listeners else None


def report_journal_away(error: BaseException | None) -> bool:
    """If ``error`` is a journal server being away and a window shows that state,
    tell it and return True (the caller shows nothing more); else False."""
    if not is_journal_away(error) or not _away_listeners:
        return False
    for listener in list(_away_listeners):
        try:
            listener()
        except RuntimeError:  # its window was deleted without closing (tests do)
            _away_listeners.remove(listener)
    return True


def show_error(parent: QWidget | None, title: str, error: BaseException) -> None:
    """A warning dialog with the error's text (shown as plain text)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, error_text(error), parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    with modal(box):
        box.exec()
