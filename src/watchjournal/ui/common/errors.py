"""The one place the GUI turns an error into words and shows it.

A ``JournalError`` (``watchjournal.errors``) is something the user can act on:
its message is shown as it is. Anything else is a bug: it is logged with its
traceback and the user is told where the log is. Every window and background
task goes through ``error_text`` or ``show_error``; nothing else formats errors.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from watchjournal.errors import JournalError, JournalUnavailableError
from watchjournal.ui.common.tasks import TaskCancelledError

log = logging.getLogger("watchjournal.ui")

_log_file: Path | None = None

# What the window and the review editor say while a journal on a server cannot be reached.
SERVER_AWAY_STATUS = "the journal server is unreachable"
SERVER_AWAY_TEXT = (
    "The journal server is unreachable; what you type is kept on this computer"
    " and saved when it is back."
)


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


def show_error(parent: QWidget | None, title: str, error: BaseException) -> None:
    """A warning dialog with the error's text (shown as plain text)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, error_text(error), parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
