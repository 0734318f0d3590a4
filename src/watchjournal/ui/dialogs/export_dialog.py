"""File > Export…: choose a format and a place; the export is written in the background.

It asks before it replaces a file that exists (No unless the user says Yes),
refuses to write onto the journal or its backups, and says afterwards what was
written and what was left out, and why (``interchange.exporting.export_summary``,
the same words as the CLI). A journal with nothing the format can carry writes
no file and says so. All user text is shown as plain text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from watchjournal.interchange.exporting import (
    ExportFormat,
    ExportPlan,
    ExportResult,
    export_summary,
    plan_export,
    write_export,
)
from watchjournal.interchange.targets import ProtectedFiles
from watchjournal.journal import JournalService
from watchjournal.ui.common.modal import modal
from watchjournal.ui.common.tasks import TaskControl
from watchjournal.ui.common.widgets import plain_label, room_for_mnemonics
from watchjournal.ui.dialogs.background import BackgroundDialog, PathPicker

EXPORT_FORMATS: tuple[tuple[str, ExportFormat, str], ...] = (
    ("WatchJournal JSON backup (complete)", "json", "watchjournal.json"),
    ("Letterboxd import CSV", "letterboxd", "letterboxd-import.csv"),
    ("IMDb-shaped ratings CSV", "imdb", "imdb-ratings.csv"),
    ("Markdown (a .md file, or a folder with a file per film)", "markdown", "watchjournal.md"),
)


class ExportDialog(BackgroundDialog):
    """Choose a format and a destination; the export is written in the background."""

    def __init__(self, service: JournalService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self._service = service
        self.export_result: ExportResult | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.format_combo = QComboBox()
        for label, fmt, _ in EXPORT_FORMATS:
            self.format_combo.addItem(label, fmt)
        self.format_combo.currentIndexChanged.connect(self._suggest_name)
        form.addRow("&Format", self.format_combo)
        self.picker = PathPicker(folders=True, save=True)
        self.path_edit = self.picker.edit
        self.path_edit.textChanged.connect(lambda _text: self.update_buttons())
        form.addRow("&To", self.picker)
        layout.addLayout(form)
        layout.addWidget(
            plain_label(
                "Markdown goes to one file if the name ends in .md, else to a folder.", muted=True
            )
        )
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        self.buttons = QDialogButtonBox(self)  # in the dialog already, so setDefault holds
        self.export_button = self.buttons.addButton(
            "&Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.clicked.connect(self.export)
        self.cancel_button.clicked.connect(self.cancel_or_close)
        layout.addWidget(self.buttons)
        self._suggest_name()
        room_for_mnemonics(self)  # "To" was cut to "T"
        self.resize(560, 220)

    def format(self) -> ExportFormat:
        fmt: ExportFormat = self.format_combo.currentData()
        return fmt

    def _suggest_name(self) -> None:
        name = EXPORT_FORMATS[self.format_combo.currentIndex()][2]
        current = self.picker.path()
        folder = current.parent if current is not None else Path.home()
        self.path_edit.setText(str(folder / name))

    def update_buttons(self) -> None:
        self.export_button.setEnabled(not self.busy and self.picker.path() is not None)
        self.format_combo.setEnabled(not self.busy)
        self.picker.setEnabled(not self.busy)
        self.cancel_button.setText("Close" if self.export_result is not None else "Cancel")

    def export(self) -> None:
        """Read and render in the background, ask before replacing anything, then write."""
        path, fmt, service = self.picker.path(), self.format(), self._service
        if path is None or self.busy:
            return
        protected = ProtectedFiles.of(service)

        def work(control: TaskControl) -> ExportPlan:
            control.progress(0, 2, "Reading the journal")
            snapshot = service.journal_snapshot()
            control.check()
            return plan_export(snapshot, fmt, path, protected)

        self.status_label.setText("Exporting…")
        self.start(work, self._planned)

    def _planned(self, plan: ExportPlan | None, error: Any) -> None:
        if plan is None:
            return
        overwrite = bool(plan.existing)
        if overwrite and not self.may_replace(plan):
            self.status_label.setText("Nothing was exported; the existing files are unchanged.")
            return

        def work(control: TaskControl) -> ExportResult:
            control.progress(1, 2, "Writing")
            return write_export(plan, overwrite=overwrite)

        self.start(work, self._exported)

    def may_replace(self, plan: ExportPlan) -> bool:
        """Ask whether to replace the files in the way; No unless the user says Yes."""
        count = len(plan.existing)
        if plan.folder:
            names = ", ".join(p.name for p in plan.existing[:3]) + (", …" if count > 3 else "")
            text = (
                f"{plan.path} already has {count} of the files this export writes ({names})."
                f" Replace {'it' if count == 1 else 'them'}?"
            )
        else:
            text = f"{plan.path} already exists. Replace it?"
        no, yes = QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes
        box = QMessageBox(QMessageBox.Icon.Question, "Replace?", text, yes | no, self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # file names are the user's text
        box.setInformativeText("What is there now cannot be brought back.")
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        with modal(box):
            box.exec()
            return box.clickedButton() is box.button(yes)

    def _exported(self, result: ExportResult | None, error: Any) -> None:
        if result is None:
            return
        self.export_result = result
        self.status_label.setText("\n".join(export_summary(result)))
