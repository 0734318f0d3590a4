"""File > Backups…: the journal's backups, a backup now, and restoring one.

Backing up and restoring run off the GUI thread. Restoring asks first and
always keeps a backup of the journal as it was, so a restore can be undone by
restoring that one. Closing while one runs closes once it is done: it reports
back to this dialog (the window refreshes after a restore), and the window
deletes the dialog as soon as it is closed (``ui.common.modal``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from watchjournal.journal import JournalService
from watchjournal.ui.common.errors import error_text
from watchjournal.ui.common.formatting import count_text, decimal_text, stamp_time_text
from watchjournal.ui.common.modal import modal
from watchjournal.ui.common.tasks import TaskRunner
from watchjournal.ui.common.widgets import plain_label

Done = Callable[[Path | None, BaseException | None], None]
_REASONS = {None: "Daily backup", "before-restore": "Before a restore"}


def reason_text(reason: str | None) -> str:
    if reason in _REASONS:
        return _REASONS[reason]
    if reason and reason.startswith("before-upgrade"):
        return "Before an upgrade"
    return (reason or "").replace("-", " ").capitalize()


def size_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        return "missing"
    if size >= 100_000:
        return f"{decimal_text(size / 1_000_000, 1)} MB"
    return f"{count_text(round(size / 1000))} kB"


class BackupsDialog(QDialog):
    restored = Signal()

    def __init__(
        self, service: JournalService, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._working = False  # a backup or restore runs; closing waits for it
        self._close_when_done = False
        self.setWindowTitle("Backups")
        self.setMinimumSize(560, 360)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                "WatchJournal keeps a copy of your journal every day (the last 7 days and 4 weeks)"
                " and before every upgrade or restore.",
                muted=True,
            )
        )
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Taken", "Kind", "Size"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName("Backups")
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.tree, 1)
        self.status = plain_label(selectable=False)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.backup_button = QPushButton("&Back Up Now")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.clicked.connect(self.restore_selected)
        folder = QPushButton("Show &Folder")
        folder.clicked.connect(self._show_folder)
        for button in (self.backup_button, self.restore_button, folder):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        self.tree.clear()
        for info in self._service.list_backups():
            item = QTreeWidgetItem(
                [
                    stamp_time_text(info.taken_at),
                    reason_text(info.reason),
                    size_text(info.path),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, str(info.path))
            item.setToolTip(0, str(info.path))
            self.tree.addTopLevelItem(item)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        else:
            self.status.setText("No backups yet.")
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(bool(self.tree.selectedItems()))

    def _selected(self) -> tuple[Path, str] | None:
        items = self.tree.selectedItems()
        if not items:
            return None
        return Path(items[0].data(0, Qt.ItemDataRole.UserRole)), items[0].text(0)

    def _run(self, text: str, work: Callable[[], Path | None], then: Done) -> None:
        """``work()`` off the GUI thread (saying ``text`` meanwhile), then the list
        reloaded and ``then(result, error)`` here; closing meanwhile closes after that."""
        self.status.setText(text)
        self.backup_button.setEnabled(False)
        self.restore_button.setEnabled(False)
        self._working = True

        def done(result: Path | None, error: BaseException | None) -> None:
            self._working = False
            self.backup_button.setEnabled(True)
            self.reload()
            then(result, error)
            if self._close_when_done:
                super(BackupsDialog, self).reject()

        self._runner.run(lambda _control: work(), done)

    def reject(self) -> None:
        if self._working:  # its result comes back here: close then
            if not self._close_when_done:
                self._close_when_done = True
                self.status.setText(f"{self.status.text()} Closing once it is done.")
            return
        super().reject()

    def back_up_now(self) -> None:
        def done(made: Path | None, error: BaseException | None) -> None:
            self.status.setText(f"Saved {made.name}." if made else self._failure(error))

        self._run("Backing up…", self._service.back_up_now, done)

    def restore_selected(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        source, taken = selected
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Restore",
            f"Replace your journal with the backup from {taken}?",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText("Your journal as it is now is backed up first, so you can go back.")
        restore = box.addButton("Restore", QMessageBox.ButtonRole.DestructiveRole)
        with modal(box):
            box.exec()
            if box.clickedButton() is not restore:
                return

        def done(kept: Path | None, error: BaseException | None) -> None:
            if error is not None:
                self.status.setText(self._failure(error))
                return
            self.status.setText("Restored. Your previous journal is kept as a backup too.")
            self.restored.emit()

        self._run("Restoring…", lambda: self._service.restore_backup(source), done)

    @staticmethod
    def _failure(error: BaseException | None) -> str:
        return (
            f"Failed: {error_text(error)}" if error is not None else "Failed; nothing was changed."
        )

    def _show_folder(self) -> None:
        if self._service.backup_dir is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._service.backup_dir)))
