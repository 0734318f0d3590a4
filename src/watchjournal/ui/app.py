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
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from watchjournal import APP_ID, APP_NAME, __version__
from watchjournal.errors import DamagedJournalError, JournalBusyError, JournalFileError
from watchjournal.journal.first_page import first_page, server_first_page
from watchjournal.metadata.cache import PosterCache
from watchjournal.paths import AppPaths
from watchjournal.storage.server_url import display_name, server_url
from watchjournal.ui.common.crash import CrashHandler, install_crash_handler
from watchjournal.ui.common.errors import error_text
from watchjournal.ui.common.formatting import set_date_style
from watchjournal.ui.common.gui_gc import collect_on_gui_thread, freeze_start_up
from watchjournal.ui.common.icons import app_icon
from watchjournal.ui.common.modal import modal
from watchjournal.ui.common.preferences import UiPreferences
from watchjournal.ui.common.tasks import GUI_BUSY_TIMEOUT_MS
from watchjournal.ui.common.theme import theme_keeper
from watchjournal.ui.window.geometry import cascade
from watchjournal.ui.window.startup import (
    FIRST_PAGE_ROWS,
    adopting,
    hide_unbuilt_windows,
    preview_of,
    show_first_page,
)

if TYPE_CHECKING:
    from watchjournal.journal import JournalService
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
    collect_on_gui_thread(app)  # no Qt object is ever freed by the collector on a worker
    return app


def server_title(url: str) -> str:
    """How a window names a journal on a server: its URL without the password."""
    return display_name(server_url(url))


def ui_settings(paths: AppPaths) -> QSettings:
    """Window state and display preferences, in the user config dir."""
    return QSettings(str(paths.config_dir / "ui.ini"), QSettings.Format.IniFormat)


def apply_display_preferences(app: QApplication, paths: AppPaths) -> None:
    """The saved theme and date style, before any window is drawn."""
    preferences = UiPreferences(ui_settings(paths))
    theme_keeper(app).apply(preferences.theme)
    set_date_style(preferences.date_style)


def open_window(
    paths: AppPaths, journal: Path | str, name: str, *, demo_folder: Path | None = None
) -> MainWindow | None:
    """A window on ``journal`` (a file, or the URL of a journal on a server);
    ``demo_folder``: it is the demo, kept (with its backups) there."""
    # Lazy: the service (SQLAlchemy) and the window are imported after the first
    # page is painted (ui.window.startup; start-up time).
    from watchjournal.journal import JournalService

    backup_dir = demo_folder / DEMO_BACKUPS if demo_folder is not None else paths.backup_dir
    while True:
        try:
            # A short busy timeout: the writer lane retries and says it is waiting.
            service = JournalService.open(journal, backup_dir, busy_timeout=GUI_BUSY_TIMEOUT_MS)
            break
        except JournalFileError as exc:
            if not offer_restore(exc, paths):
                return None
    return window_for(paths, service, name, demo_folder=demo_folder)


def window_for(
    paths: AppPaths, service: JournalService, name: str, *, demo_folder: Path | None = None
) -> MainWindow:
    """The main window on the open journal ``service``, called ``name`` in its title."""
    # Lazy: imported after the first page is painted (ui.window.startup; start-up time).
    from watchjournal.ui.window.main_window import MainWindow

    cache = PosterCache(paths.cache_dir)
    window = MainWindow(
        service,
        ui_settings(paths),
        cache,
        name,
        paths.config_file,
        paths.recovery_dir,
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
    hide_unbuilt_windows()  # a first page shown before the journal was opened
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
    with modal(box):
        box.exec()
        if action is None or box.clickedButton() is not action:
            return False
    if isinstance(exc, DamagedJournalError) and exc.backup is not None:
        # Lazy: the journal package is imported after the first paint (start-up time).
        from watchjournal.journal.backups import restore_journal_file

        try:
            restore_journal_file(exc.backup, exc.path, paths.backup_dir)
        except JournalFileError as failure:
            failed = QMessageBox(
                QMessageBox.Icon.Critical,
                APP_NAME,
                f"The backup could not be restored: {error_text(failure)}",
            )
            failed.setTextFormat(Qt.TextFormat.PlainText)
            with modal(failed):
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
        self, journal: Path | str, name: str, *, demo_folder: Path | None = None
    ) -> MainWindow | None:
        return self._keep(open_window(self.paths, journal, name, demo_folder=demo_folder))

    def _keep(self, window: MainWindow | None) -> MainWindow | None:
        if window is not None:
            window.acts.open_demo.triggered.connect(self.open_demo)
            window.acts.open_shared.triggered.connect(lambda: self.open_shared(window))
            if self.windows:  # beside the last window, not on top of it (and on screen)
                cascade(window, self.windows[-1])
            self.windows.append(window)
            window.show()
            app = QApplication.instance()
            if app is not None:  # the window and all before it stay: out of later GC passes
                freeze_start_up(app)
        return window

    def open_shared(self, parent: MainWindow | None = None) -> MainWindow | None:
        """File > Open Shared Journal…: a window on a journal on a server."""
        # Lazy: the dialog imports the service (SQLAlchemy), which start-up paints without.
        from watchjournal.ui.dialogs.shared_journal import ask_url, open_shared

        url = ask_url(parent, ui_settings(self.paths))
        if url is None:
            return None
        service = open_shared(parent, url, self.paths.backup_dir)
        if service is None:
            return None
        return self._keep(window_for(self.paths, service, server_title(url)))

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
    # From the event loop, not in the middle of whatever Python was running: a
    # signal that arrives while the window is being built (after the first page
    # is painted) closes the built window, not a half-built one.
    signal.signal(signal.SIGTERM, lambda *_: QTimer.singleShot(0, app.closeAllWindows))
    signal.signal(signal.SIGINT, lambda *_: QTimer.singleShot(0, app.closeAllWindows))
    # Python runs signal handlers only between bytecodes: wake it up now and then.
    timer = QTimer(app, interval=250)
    timer.timeout.connect(lambda: None)
    timer.start()
    return timer


def open_after_first_page(app: QApplication, session: AppSession) -> bool:
    """Show the window with the first rows of its list now, read with plain ``sqlite3``
    (or psycopg, from a server), and open the journal (every check) and build the
    window right after that first paint (``ui.window.startup``). False when the
    journal must be opened first."""
    paths = session.paths
    if paths.server is not None:
        page = server_first_page(paths.server, FIRST_PAGE_ROWS)
        where: str | Path = paths.server
    else:
        page = first_page(paths.journal, paths.backup_dir, FIRST_PAGE_ROWS)
        where = paths.journal
    settings = ui_settings(paths)
    if page is None or UiPreferences(settings).view_mode(page.view) == "wall":
        return False  # (a poster wall needs its posters: the window shows it when built)
    # Lazy: a server's name without SQLAlchemy (psycopg is loaded for a server already).
    from watchjournal.storage.quick_read_server import server_name

    name = server_name(paths.server) if paths.server is not None else paths.journal.stem
    shell = show_first_page(page, settings, name)
    preview = preview_of(shell)
    assert preview is not None

    def build() -> None:
        if not shell.isVisible():  # closed before it was built: nothing more to open
            app.exit(0)
            return
        with adopting(shell):
            window = session.open(where, name)
        if window is None:  # not opened after all (e.g. found damaged): as before, status 1
            app.exit(1)

    # Queued: built from the event loop once the first paint is done and shown.
    preview.painted.connect(build, Qt.ConnectionType.QueuedConnection)
    return True


def run_app(paths: AppPaths, *, demo: bool = False) -> int:
    """Run the desktop app until its last window closes; returns the exit status."""
    app = make_application()
    crash_handler: CrashHandler = install_crash_handler(paths.log_dir, app)
    close_on_terminate(app)
    apply_display_preferences(app, paths)
    session = AppSession(paths)
    try:
        if not demo and open_after_first_page(app, session):
            return app.exec()
        if demo:
            window = session.open_demo()
        elif paths.server is not None:  # named by its URL, never with its password
            window = session.open(paths.server, server_title(paths.server))
        else:
            window = session.open(paths.journal, paths.journal.stem)
        if window is None:
            return 1
        return app.exec()
    finally:
        session.close()
        crash_handler.uninstall()
