"""The app's last line of defence: unexpected exceptions are logged and explained, not fatal.

``install_crash_handler`` sets up the log file (``watchjournal.log`` in the
log folder, user-only, rotated at 1 MB) and installs ``sys.excepthook`` and
``threading.excepthook``. PySide6 hands an exception that escapes a Qt slot
(a button, a timer, a ``TaskRunner`` callback) to ``sys.excepthook`` and goes
on running, so with the hook in place such a bug is logged with its
traceback and the user sees one dialog naming the log file, and the window
keeps working. Without the hook the traceback went to a terminal nobody sees.

An escaped ``JournalError`` is not a bug in what it says (the message is
shown as it is) but a front end that forgot to catch it: it is logged too.
One that says a journal server is away, while a window shows that state
(``errors.report_journal_away``), is told to that window instead: reads on the
GUI thread (a list, a film page) fail so while the server is away, and a
dialog for each would bury the window.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from watchjournal import APP_NAME
from watchjournal.errors import JournalError
from watchjournal.private_files import make_private_folder, tighten
from watchjournal.ui.common.errors import bug_text, report_journal_away, set_log_file

LOG_FILE_NAME = "watchjournal.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3

log = logging.getLogger("watchjournal")


class _UserOnlyRotatingFileHandler(RotatingFileHandler):
    """A rotating log whose files (also the ones made at each rotation) are 0600:
    tracebacks name the user's files and films."""

    def _open(self) -> TextIOWrapper:
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.close(descriptor)
        Path(self.baseFilename).chmod(0o600)  # also when an older, looser file is there
        return super()._open()


def setup_log_file(log_dir: Path) -> Path | None:
    """Log warnings and errors of ``watchjournal.*`` to ``log_dir/watchjournal.log``.

    Returns the file (also given to ``ui.common.errors``), or None if the folder
    cannot be written: the app still runs, and says it has no log.
    """
    path = log_dir / LOG_FILE_NAME
    try:
        make_private_folder(log_dir)
        tighten(log_dir)  # made by an older WatchJournal, readable by others
        handler = _UserOnlyRotatingFileHandler(
            path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    except OSError:
        set_log_file(None)
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    for existing in log.handlers:
        if isinstance(existing, _UserOnlyRotatingFileHandler):
            log.removeHandler(existing)
            existing.close()
    log.addHandler(handler)
    if log.level == logging.NOTSET or log.level > logging.WARNING:
        log.setLevel(logging.WARNING)
    set_log_file(path)
    return path


ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class CrashHandler(QObject):
    """Logs unexpected exceptions from any thread and shows one dialog on the GUI thread."""

    # Queued to the GUI thread when the exception happened on another thread.
    _report = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: QMessageBox | None = None
        self.last_text: str | None = None
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook

    def excepthook(
        self, kind: type[BaseException], value: BaseException, trace: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous_hook(kind, value, trace)
            return
        self._handle((kind, value, trace), "unexpected error")

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "a thread"
        self._handle(
            (args.exc_type, args.exc_value, args.exc_traceback), f"unexpected error in {name}"
        )

    def _handle(self, info: ExcInfo, what: str) -> None:
        value = info[1]
        if report_journal_away(value):
            # A read that could not reach the journal server (a list, a film page): the
            # window says so once and reads again when the server is back. Not a bug.
            with contextlib.suppress(Exception):
                log.info("%s: %s", what, value)
            return
        # A failing log (disk full...) must never turn one bug into a crash.
        with contextlib.suppress(Exception):
            log.error(what, exc_info=info)
        text = str(value) if isinstance(value, JournalError) else bug_text()
        self._report.emit(text)

    @Slot(str)
    def _show(self, text: str) -> None:
        self.last_text = text
        if self.dialog is not None and self.dialog.isVisible():
            return  # one dialog at a time: a bug in a timer would otherwise stack hundreds
        parent = self.parent()
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            APP_NAME,
            text,
            QMessageBox.StandardButton.Ok,
            parent if isinstance(parent, QWidget) else None,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText("WatchJournal keeps running; what you saved is safe.")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.dialog = box
        box.open()  # not exec(): a nested event loop inside a hook invites re-entry


def install_crash_handler(log_dir: Path, parent: QObject | None = None) -> CrashHandler:
    """Set up the log file and the hooks; keep the returned handler alive (parent it)."""
    setup_log_file(log_dir)
    handler = CrashHandler(parent)
    handler.install()
    return handler
