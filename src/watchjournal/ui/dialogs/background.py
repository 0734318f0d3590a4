"""What the import and export dialogs share: a path picker, and a dialog base
that runs its work off the GUI thread with a progress bar, a status line and
Cancel (Escape cancels the work first, then closes).

Reads run on the dialog's task pool (``TaskRunner.run``); a change to the
journal runs on the writer lane (``TaskRunner.write``), which tries again while
another program holds the journal and says meanwhile that it is waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from watchjournal.ui.common.errors import error_text
from watchjournal.ui.common.tasks import TaskControl, TaskRunner
from watchjournal.ui.common.widgets import plain_label

Done = Callable[[Any, BaseException | None], None]


class PathPicker(QWidget):
    """A line edit (settable in code and tests) with buttons to browse.

    ``picked`` says a path was chosen in a file dialog (not typed), after the
    line edit shows it.
    """

    picked = Signal(str)

    def __init__(self, *, folders: bool, save: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self.file_filter = "All files (*)"
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setAccessibleName("Path")
        layout.addWidget(self.edit, 1)
        self.file_button = QPushButton("Choose fi&le…")
        self.file_button.clicked.connect(self._choose_file)
        layout.addWidget(self.file_button)
        if folders:
            self.folder_button = QPushButton("Choose f&older…")
            self.folder_button.clicked.connect(self._choose_folder)
            layout.addWidget(self.folder_button)
        for button in self.findChildren(QPushButton):
            # Enter belongs to the dialog's own button (Import, Export), never to browsing.
            button.setAutoDefault(False)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text).expanduser() if text else None

    def _choose_file(self) -> None:
        if self._save:
            # The export dialog asks before replacing (once, after Export), not here.
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                "Export to",
                self.edit.text(),
                options=QFileDialog.Option.DontConfirmOverwrite,
            )
        else:
            chosen, _ = QFileDialog.getOpenFileName(
                self, "Import from", self.edit.text(), self.file_filter
            )
        if chosen:
            self.chosen(chosen)

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Choose a folder", self.edit.text())
        if chosen:
            self.chosen(chosen)

    def chosen(self, path: str) -> None:
        """Show a path picked in a file dialog, and say it was picked."""
        self.edit.setText(path)
        self.picked.emit(path)


class BackgroundDialog(QDialog):
    """A dialog whose work runs in the background: progress bar, status line, Cancel."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.runner = TaskRunner(self)
        self._control: TaskControl | None = None
        self.progress_bar = QProgressBar()
        self.progress_bar.setVisible(False)
        self.status_label = plain_label("", muted=True)
        self._before_waiting = ""

    def start(self, work: Callable[[TaskControl], Any], on_done: Done) -> None:
        """Run the read ``work`` in the background; ``on_done(result, error)`` after."""
        self._begin()
        self._control = self.runner.run(work, self._finished(on_done), self._progress)
        self.update_buttons()

    def start_write(self, work: Callable[[TaskControl], Any], on_done: Done) -> None:
        """Run ``work`` (one transaction) on the writer lane, waiting while the journal is busy."""
        self._begin()
        self._control = self.runner.write(
            work, self._finished(on_done), self._progress, self._waiting
        )
        self.update_buttons()

    def _begin(self) -> None:
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setVisible(True)

    def _finished(self, on_done: Done) -> Done:
        def done(result: Any, error: BaseException | None) -> None:
            self._control = None
            self.progress_bar.setVisible(False)
            if error is not None:
                self.status_label.setText(error_text(error))
            on_done(result, error)
            self.update_buttons()

        return done

    def _progress(self, done: int, total: int, text: str) -> None:
        self.progress_bar.setRange(0, max(total, 0))
        self.progress_bar.setValue(done)
        if text:
            self.status_label.setText(f"{text}…")

    def _waiting(self, waiting: bool) -> None:
        # Another program (or an import elsewhere) holds the journal: say so while
        # the lane keeps trying, then say again what was being done.
        if waiting:
            self._before_waiting = self.status_label.text()
            self.status_label.setText(self.runner.waiting_message)
        else:
            self.status_label.setText(self._before_waiting)

    @property
    def busy(self) -> bool:
        return self._control is not None

    def cancel_work(self) -> None:
        if self._control is not None:
            self._control.cancel()
            self.status_label.setText("Cancelling…")

    def cancel_or_close(self) -> None:
        if self._control is not None:
            self.cancel_work()
        else:
            self.reject()

    def update_buttons(self) -> None:
        """Enable the buttons that make sense now; each dialog overrides this."""

    def reject(self) -> None:
        if self._control is not None:  # Escape while working cancels the work first
            self._control.cancel()
            self.runner.wait()
            # Its result may still be on its way: it finds a closed dialog, idle.
            self._control = None
            self.progress_bar.setVisible(False)
        super().reject()


def checked(control: TaskControl) -> Callable[[int, int, str], None]:
    """A progress callback that also stops the work (rolling back) once cancelled."""

    def report(done: int, total: int, text: str) -> None:
        control.check()
        control.progress(done, total, text)

    return report
