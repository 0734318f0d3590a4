"""The dialogs the main window opens from its menus (Import, Export, Backups, About)
and the question it asks before quitting without the changes not yet saved.

Each runs modally and is deleted on the GUI thread as soon as it is done
(``ui.common.modal``). Kept apart from ``main_window`` so it stays short; every
function takes the window it works for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from watchjournal import APP_NAME, __version__
from watchjournal.ui.common.modal import modal

if TYPE_CHECKING:
    from watchjournal.ui.window.main_window import MainWindow


Changed = Callable[[int | None], None]  # the window's refresh (None: any film may have changed)


def import_data(window: MainWindow, changed: Changed) -> None:
    # Lazy: dialogs are built on first use (start-up time).
    from watchjournal.ui.dialogs.import_export import ImportDialog

    # Closing cancels a running import and waits for it (BackgroundDialog.reject).
    with modal(ImportDialog(window.service, window)) as dialog:
        dialog.finished_import.connect(lambda: changed(None))
        dialog.exec()


def export_data(window: MainWindow) -> None:
    # Lazy: dialogs are built on first use (start-up time).
    from watchjournal.ui.dialogs.import_export import ExportDialog

    with modal(ExportDialog(window.service, window)) as dialog:
        dialog.exec()


def backups(window: MainWindow, changed: Changed) -> None:
    # Lazy: dialogs are built on first use (start-up time).
    from watchjournal.ui.dialogs.backups import BackupsDialog

    # Its work runs on the window's runner; it stays open until that has reported back.
    with modal(BackupsDialog(window.service, window.runner, window)) as dialog:
        dialog.restored.connect(lambda: changed(None))
        dialog.exec()


def about(window: MainWindow) -> None:
    # Lazy: the providers (and requests) are not needed at start-up.
    from watchjournal.metadata.providers.tmdb import TMDB_NOTICE

    QMessageBox.about(
        window,
        f"About {APP_NAME}",
        f"{APP_NAME} {__version__}\n\nYour private film watchlist, diary and reviews."
        "\nEverything stays in one file on this computer."
        f"\n\nPosters and details, when you turn fetching on, come from Wikipedia,"
        f" TMDB or OMDb.\n{TMDB_NOTICE}",
    )


def quit_without_saving(window: MainWindow) -> bool:
    """The journal stayed busy (or failed): ask before anything unsaved is let go."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        APP_NAME,
        "Some of your changes are not saved yet.",
        parent=window,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(
        "The journal is busy (another program is writing to it) or could not be"
        " written. WatchJournal keeps trying while the window stays open."
    )
    keep = box.addButton("Keep Waiting", QMessageBox.ButtonRole.RejectRole)
    quit_ = box.addButton("Quit Without Saving", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(keep)
    with modal(box):
        box.exec()
        return box.clickedButton() is quit_
