"""File > Import… and File > Export…: dialogs that run all the work off the GUI thread.

The import dialog reads the export and does a dry run in the background,
shows what would be added, merged and skipped, and only then offers Import,
which commits in one transaction with a progress bar and Cancel (a cancel
rolls the whole import back). The export dialog renders the export in the
background, asks before it replaces a file that exists (No unless the user says
Yes), and refuses to write onto the journal or its backups. All user text is
shown as plain text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from watchjournal.interchange.exporting import (
    ExportFormat,
    ExportPlan,
    ExportResult,
    plan_export,
    write_export,
)
from watchjournal.interchange.importing import ImportKind, read_import
from watchjournal.interchange.targets import ProtectedFiles
from watchjournal.journal import JournalService
from watchjournal.journal.import_types import ImportBatch, ImportReport
from watchjournal.ui.common.errors import error_text
from watchjournal.ui.common.tasks import TaskControl, TaskRunner
from watchjournal.ui.common.widgets import plain_label, room_for_mnemonics

IMPORT_KINDS: tuple[tuple[str, ImportKind], ...] = (
    ("Letterboxd export (zip or folder)", "letterboxd"),
    ("IMDb ratings, watchlist or list (CSV, zip or folder)", "imdb"),
    ("WatchJournal JSON backup", "json"),
)
EXPORT_FORMATS: tuple[tuple[str, ExportFormat, str], ...] = (
    ("WatchJournal JSON backup (complete)", "json", "watchjournal.json"),
    ("Letterboxd import CSV", "letterboxd", "letterboxd-import.csv"),
    ("IMDb-shaped ratings CSV", "imdb", "imdb-ratings.csv"),
    ("Markdown (a .md file, or a folder with a file per film)", "markdown", "watchjournal.md"),
)


def describe_error(error: BaseException) -> str:
    """One short line for the user; never a traceback."""
    return error_text(error)


class PathPicker(QWidget):
    """A line edit (settable in code and tests) with buttons to browse."""

    def __init__(self, *, folders: bool, save: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save = save
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setAccessibleName("Path")
        layout.addWidget(self.edit, 1)
        self.file_button = QPushButton("Choose &file…")
        self.file_button.clicked.connect(self._choose_file)
        layout.addWidget(self.file_button)
        if folders:
            self.folder_button = QPushButton("Choose f&older…")
            self.folder_button.clicked.connect(self._choose_folder)
            layout.addWidget(self.folder_button)

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
                self, "Import from", self.edit.text(), "Exports (*.zip *.csv *.json);;All files (*)"
            )
        if chosen:
            self.edit.setText(chosen)

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Choose a folder", self.edit.text())
        if chosen:
            self.edit.setText(chosen)


class _BackgroundDialog(QDialog):
    """What both dialogs share: a task runner, a progress bar, a status line, Cancel."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.runner = TaskRunner(self)
        self._control: TaskControl | None = None
        self.progress_bar = QProgressBar()
        self.progress_bar.setVisible(False)
        self.status_label = plain_label("", muted=True)

    def start(self, work: Any, on_done: Any) -> None:
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setVisible(True)
        self._control = self.runner.run(work, self._finished(on_done), self._progress)
        self.update_buttons()

    def _finished(self, on_done: Any) -> Any:
        def done(result: Any, error: BaseException | None) -> None:
            self._control = None
            self.progress_bar.setVisible(False)
            if error is not None:
                self.status_label.setText(describe_error(error))
            on_done(result, error)
            self.update_buttons()

        return done

    def _progress(self, done: int, total: int, text: str) -> None:
        self.progress_bar.setRange(0, max(total, 0))
        self.progress_bar.setValue(done)
        if text:
            self.status_label.setText(f"{text}…")

    @property
    def busy(self) -> bool:
        return self._control is not None

    def cancel_or_close(self) -> None:
        if self._control is not None:
            self._control.cancel()
            self.status_label.setText("Cancelling…")
        else:
            self.reject()

    def update_buttons(self) -> None:
        """Enable the buttons that make sense now; each dialog overrides this."""

    def reject(self) -> None:
        if self._control is not None:  # Escape while working cancels the work first
            self._control.cancel()
            self.runner.wait()
        super().reject()


class ImportDialog(_BackgroundDialog):
    """Choose an export, preview what it would change, then import it."""

    finished_import = Signal()

    def __init__(self, service: JournalService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import")
        self._service = service
        self._batch: ImportBatch | None = None
        self.report: ImportReport | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind_combo = QComboBox()
        for label, kind in IMPORT_KINDS:
            self.kind_combo.addItem(label, kind)
        self.kind_combo.currentIndexChanged.connect(self._forget_preview)
        form.addRow("&Kind", self.kind_combo)
        self.picker = PathPicker(folders=True)
        self.path_edit = self.picker.edit
        self.path_edit.textChanged.connect(self._forget_preview)
        form.addRow("&From", self.picker)
        layout.addLayout(form)
        self.preview_text = QPlainTextEdit()
        self.preview_text.setReadOnly(True)
        self.preview_text.setPlaceholderText("Choose an export, then Preview to see what it adds.")
        layout.addWidget(self.preview_text, 1)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        self.buttons = QDialogButtonBox()
        self.preview_button = self.buttons.addButton(
            "&Preview", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.preview_button.clicked.connect(self.preview)
        self.import_button.clicked.connect(self.commit)
        self.cancel_button.clicked.connect(self.cancel_or_close)
        layout.addWidget(self.buttons)
        room_for_mnemonics(self)
        self.resize(560, 420)
        self.update_buttons()

    def kind(self) -> ImportKind:
        kind: ImportKind = self.kind_combo.currentData()
        return kind

    def set_source(self, kind: ImportKind, path: Path) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        self.path_edit.setText(str(path))

    def _forget_preview(self) -> None:
        self._batch = None
        if not self.busy:
            self.preview_text.clear()
            self.update_buttons()

    def update_buttons(self) -> None:
        finished = self.report is not None and not self.report.dry_run
        self.preview_button.setEnabled(
            not self.busy and self.picker.path() is not None and not finished
        )
        self.import_button.setEnabled(not self.busy and self._batch is not None and not finished)
        self.kind_combo.setEnabled(not self.busy)
        self.picker.setEnabled(not self.busy)
        self.cancel_button.setText("Close" if finished else "Cancel")

    def preview(self) -> None:
        path, kind, service = self.picker.path(), self.kind(), self._service
        if path is None or self.busy:
            return

        def work(control: TaskControl) -> tuple[ImportBatch, ImportReport]:
            control.progress(0, 0, "Reading the export")
            batch = read_import(kind, path)
            control.check()
            return batch, service.import_batch(batch, dry_run=True, progress=checked(control))

        self.status_label.setText("Reading the export…")
        self.start(work, self._previewed)

    def _previewed(self, result: tuple[ImportBatch, ImportReport] | None, error: Any) -> None:
        if result is None:
            return
        self._batch, report = result
        self.preview_text.setPlainText("\n".join(report.summary_lines()))
        self.status_label.setText("This is what Import will do.")

    def commit(self) -> None:
        batch, service = self._batch, self._service
        if batch is None or self.busy:
            return

        def work(control: TaskControl) -> ImportReport:
            return service.import_batch(batch, progress=checked(control))

        self.status_label.setText("Importing…")
        self.start(work, self._imported)

    def _imported(self, report: ImportReport | None, error: Any) -> None:
        if report is None:
            return
        self.report = report
        self.preview_text.setPlainText("\n".join(report.summary_lines()))
        self.status_label.setText("Import finished.")
        self.finished_import.emit()


def checked(control: TaskControl) -> Any:
    """A progress callback that also stops the work (rolling back) once cancelled."""

    def report(done: int, total: int, text: str) -> None:
        control.check()
        control.progress(done, total, text)

    return report


class ExportDialog(_BackgroundDialog):
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
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "&Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.clicked.connect(self.export)
        self.cancel_button.clicked.connect(self.cancel_or_close)
        layout.addWidget(self.buttons)
        self._suggest_name()
        room_for_mnemonics(self)  # "To" was cut to "T"
        self.resize(520, 200)

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
        box.exec()
        return box.clickedButton() is box.button(yes)

    def _exported(self, result: ExportResult | None, error: Any) -> None:
        if result is None:
            return
        self.export_result = result
        message = f"Exported {result.films} films to {result.path}."
        if result.replaced:
            message += f" Replaced {result.replaced} existing file{'s' * (result.replaced > 1)}."
        if result.left_out:
            message += f" {result.left_out} left out: {result.note}."
        self.status_label.setText(message)
