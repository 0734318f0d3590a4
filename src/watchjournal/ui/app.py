"""Starting the desktop app: the QApplication, the log and crash handler, the journal, the window.

A journal that cannot be opened (busy, not a journal, damaged, from a newer
version...) is explained in a dialog instead of a traceback, and nothing is
written to it. A busy journal can be tried again; only a journal that an
integrity check proved damaged comes with the offer to restore its latest good
backup. A journal in a read-only place opens for reading, and a journal whose
files were made private on opening says so, once, in the status bar.
The theme (light, dark or the system's) is applied before the first window
shows. A demo journal lives in a temporary folder with its backups, all
removed at exit, so trying the demo leaves nothing behind among your backups.
Unexpected exceptions anywhere in the app are logged and explained by
``ui.common.crash``.
"""

from __future__ import annotations

import shutil
import signal
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from watchjournal import APP_ID, APP_NAME, __version__
from watchjournal.errors import DamagedJournalError, JournalBusyError, JournalFileError
from watchjournal.journal import JournalService
from watchjournal.journal.backups import restore_journal_file
from watchjournal.metadata.cache import PosterCache
from watchjournal.paths import AppPaths
from watchjournal.ui.common.crash import CrashHandler, install_crash_handler
from watchjournal.ui.common.errors import error_text
from watchjournal.ui.common.formatting import set_date_style
from watchjournal.ui.common.icons import app_icon
from watchjournal.ui.common.preferences import UiPreferences
from watchjournal.ui.common.tasks import GUI_BUSY_TIMEOUT_MS
from watchjournal.ui.common.theme import theme_keeper
from watchjournal.ui.window.geometry import cascade
from watchjournal.ui.window.main_window import MainWindow

DEMO_BACKUPS = "backups"  # the demo's backup folder, inside its temporary folder


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    QGuiApplication.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    return app


def ui_settings(paths: AppPaths) -> QSettings:
    """Window state and display preferences, in the user config dir."""
    return QSettings(str(paths.config_dir / "ui.ini"), QSettings.Format.IniFormat)


def apply_display_preferences(app: QApplication, paths: AppPaths) -> None:
    """The saved theme and date style, before any window is drawn."""
    preferences = UiPreferences(ui_settings(paths))
    theme_keeper(app).apply(preferences.theme)
    set_date_style(preferences.date_style)


def open_window(
    paths: AppPaths, journal: Path, name: str, *, demo_folder: Path | None = None
) -> MainWindow | None:
    """A window on ``journal``; ``demo_folder``: it is the demo, kept (with its backups) there."""
    backup_dir = demo_folder / DEMO_BACKUPS if demo_folder is not None else paths.backup_dir
    while True:
        try:
            # A short busy timeout: the writer lane retries and says it is waiting.
            service = JournalService.open(journal, backup_dir, busy_timeout=GUI_BUSY_TIMEOUT_MS)
            break
        except JournalFileError as exc:
            if not offer_restore(exc, paths):
                return None
    cache = PosterCache(paths.cache_dir)
    window = MainWindow(
        service,
        ui_settings(paths),
        cache,
        name,
        paths.config_file,
        demo=demo_folder is not None,
        journal_source="demo" if demo_folder is not None else paths.journal_source,
    )
    if (notice := opening_notice(service)) is not None:
        window.statusBar().showMessage(notice)  # once, until the next message
    return window


def opening_notice(service: JournalService) -> str | None:
    """What the user should know about the journal just opened: that it can only be
    read where it is, that its files were made private; None when there is nothing."""
    parts = [text for text in (service.read_only, service.privacy_notice) if text]
    if not parts:
        return None
    return " ".join(f"{text[0].upper()}{text[1:]}." for text in parts)


def offer_restore(exc: JournalFileError, paths: AppPaths) -> bool:
    """Explain why the journal cannot be opened; offer what can be done about it.

    A busy journal can be tried again; a journal proved damaged can be replaced
    by its latest good backup (the damaged file is kept among the backups).
    True when opening it again is worth trying (after a restore or for a retry).
    """
    # A busy journal is a wait, not a failure: no red icon for it.
    icon = (
        QMessageBox.Icon.Warning if isinstance(exc, JournalBusyError) else QMessageBox.Icon.Critical
    )
    box = QMessageBox(icon, APP_NAME, "This journal cannot be opened right now.")
    box.setTextFormat(Qt.TextFormat.PlainText)
    detail = str(exc)
    box.setInformativeText(detail[:1].upper() + detail[1:])
    action = None
    if isinstance(exc, DamagedJournalError) and exc.backup is not None:
        action = box.addButton("Restore Latest Backup", QMessageBox.ButtonRole.AcceptRole)
    elif isinstance(exc, JournalBusyError):
        action = box.addButton("Try Again", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if action is None or box.clickedButton() is not action:
        return False
    if isinstance(exc, DamagedJournalError) and exc.backup is not None:
        try:
            restore_journal_file(exc.backup, exc.path, paths.backup_dir)
        except JournalFileError as failure:
            failed = QMessageBox(
                QMessageBox.Icon.Critical,
                APP_NAME,
                f"The backup could not be restored: {error_text(failure)}",
            )
            failed.setTextFormat(Qt.TextFormat.PlainText)
            failed.exec()
            return False
    return True


def demo_journal(paths: AppPaths) -> tuple[Path, Path]:
    """A fresh temporary journal filled from the sample journal: (journal, its folder)."""
    # Lazy: only --demo (or File > Open Demo Journal) needs the sample journal (start-up time).
    from watchjournal.demo import create_demo_journal

    folder = Path(tempfile.mkdtemp(prefix="watchjournal-demo-"))
    return create_demo_journal(folder, PosterCache(paths.cache_dir)), folder


class AppSession:
    """The open windows and the temporary demo folders to remove at exit."""

    def __init__(self, paths: AppPaths) -> None:
        self.paths = paths
        self.windows: list[MainWindow] = []
        self.temp_folders: list[Path] = []

    def open(
        self, journal: Path, name: str, *, demo_folder: Path | None = None
    ) -> MainWindow | None:
        window = open_window(self.paths, journal, name, demo_folder=demo_folder)
        if window is not None:
            window.acts.open_demo.triggered.connect(self.open_demo)
            if self.windows:  # beside the last window, not on top of it (and on screen)
                cascade(window, self.windows[-1])
            self.windows.append(window)
            window.show()
        return window

    def open_demo(self) -> MainWindow | None:
        journal, folder = demo_journal(self.paths)
        self.temp_folders.append(folder)
        return self.open(journal, "Demo journal", demo_folder=folder)

    def close(self) -> None:
        for window in self.windows:
            window.service.close()
        for folder in self.temp_folders:
            shutil.rmtree(folder, ignore_errors=True)


def close_on_terminate(app: QApplication) -> QTimer:
    """Close the windows properly (saving drafts and window state) on SIGTERM/SIGINT."""
    signal.signal(signal.SIGTERM, lambda *_: app.closeAllWindows())
    signal.signal(signal.SIGINT, lambda *_: app.closeAllWindows())
    # Python runs signal handlers only between bytecodes: wake it up now and then.
    timer = QTimer(app, interval=250)
    timer.timeout.connect(lambda: None)
    timer.start()
    return timer


def run_app(paths: AppPaths, *, demo: bool = False) -> int:
    """Run the desktop app until its last window closes; returns the exit status."""
    app = make_application()
    crash_handler: CrashHandler = install_crash_handler(paths.log_dir, app)
    close_on_terminate(app)
    apply_display_preferences(app, paths)
    session = AppSession(paths)
    try:
        window = session.open_demo() if demo else session.open(paths.journal, paths.journal.stem)
        if window is None:
            return 1
        return app.exec()
    finally:
        session.close()
        crash_handler.uninstall()
