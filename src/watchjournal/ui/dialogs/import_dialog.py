"""File > Import…: choose a source and an export, see at once what it would do, import it.

Every kind ``interchange.importing.IMPORT_KINDS`` knows is offered, each with a
line saying what to pick (a kind added there later still shows, under its own
name). Picking a path previews it at once: the export is read and dry-run in
the background, and the preview lists counts, skipped rows by reason, files
left out with a warning, and notes, as plain text. A film that matches several
films in the journal (two "Ballerina" for a Netflix title) is never guessed:
the preview lists each with a choice, "Leave out" unless the user picks one,
and Import passes the choices on (``import_batch(..., choices=...)``).

Import runs on the writer lane, so it waits (and says so) while another program
holds the journal, and is one transaction: Cancel rolls all of it back. Enter
imports once the preview is ready; Escape cancels.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from watchjournal.interchange import importing
from watchjournal.interchange.importing import ImportKind
from watchjournal.journal import JournalService
from watchjournal.journal.import_types import (
    Ambiguous,
    ImportBatch,
    ImportReport,
    ProgressCallback,
)
from watchjournal.ui.common.tasks import TaskControl
from watchjournal.ui.common.widgets import (
    keep_wrapped_text_whole,
    plain_label,
    room_for_mnemonics,
    shown,
)
from watchjournal.ui.dialogs.background import BackgroundDialog, PathPicker, checked

# How long typing in the path field rests before the preview starts.
PREVIEW_DELAY_MS = 400
LEAVE_OUT = "Leave out"


@dataclass(frozen=True)
class Source:
    """How the dialog names a kind of export and says what to pick."""

    label: str
    help: str
    file_filter: str


SOURCES: dict[str, Source] = {
    "letterboxd": Source(
        "Letterboxd export",
        "The .zip from Letterboxd (Settings ▸ Import & Export ▸ Export your data), or the"
        " folder it unpacks to. A single list file (.csv) imports as one list.",
        "Letterboxd exports (*.zip *.csv);;All files (*)",
    ),
    "imdb": Source(
        "IMDb ratings or watchlist",
        "IMDb's ratings.csv, WATCHLIST.csv or a list's .csv, from any year and in any"
        " language; a folder or .zip of them works too. TV series are counted and skipped.",
        "CSV files (*.csv);;Zip files (*.zip);;All files (*)",
    ),
    "trakt": Source(
        "Trakt export",
        "The .zip of your Trakt data export, or the folder of .json files it unpacks to."
        " Films only: shows and episodes are counted and skipped.",
        "Trakt exports (*.zip *.json);;All files (*)",
    ),
    "netflix": Source(
        "Netflix viewing history",
        "NetflixViewingHistory.csv (Account ▸ Profile ▸ Viewing activity ▸ Download all)."
        " Episodes are counted and skipped; a title several films share is yours to choose.",
        "CSV files (*.csv);;All files (*)",
    ),
    "json": Source(
        "WatchJournal JSON backup",
        "A .json file written by File ▸ Export… (or watchjournal export json).",
        "WatchJournal backups (*.json);;All files (*)",
    ),
}


def source_of(kind: str) -> Source:
    """The kind's label and help; a kind without its own words still gets some."""
    known = SOURCES.get(kind)
    if known is not None:
        return known
    name = kind.replace("_", " ").capitalize()
    return Source(
        f"{name} export", f"The {name} export: a .zip, a folder or a file.", "All files (*)"
    )


def run_import(
    service: JournalService,
    batch: ImportBatch,
    choices: Mapping[int, int],
    progress: ProgressCallback,
) -> ImportReport:
    """Import ``batch``; ``choices`` maps a batch film to the journal film the user chose."""
    if not choices:
        return service.import_batch(batch, progress=progress)
    # The ignore is for a JournalService without ``choices`` yet (issue 13's writer part
    # adds it); once it has it, "unused-ignore" keeps mypy quiet about the comment.
    return service.import_batch(batch, progress=progress, choices=choices)


class AmbiguousChoices(QWidget):
    """For each film that matches several journal films: which one it is, or leave it out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = plain_label("")
        layout.addWidget(self.heading)
        self._area = QScrollArea()
        self._area.setWidgetResizable(True)
        layout.addWidget(self._area)
        self.combos: dict[int, QComboBox] = {}
        self.set_ambiguous([])

    def set_ambiguous(self, ambiguous: list[Ambiguous]) -> None:
        inner = QWidget()
        grid = QGridLayout(inner)
        # Each film's choice under its name, as wide as its longest film; the room left
        # stays on the right. Under, not beside: side by side they needed a sideways
        # scroll at the dialog's smallest size, which hid the choice itself.
        grid.setColumnStretch(1, 1)
        self.combos = {}
        for row, item in enumerate(ambiguous):
            combo = QComboBox()
            combo.addItem(LEAVE_OUT, None)
            for candidate in item.candidates:
                combo.addItem(shown(candidate.label), candidate.film_id)
            combo.setAccessibleName(f"Which film is {item.what}")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            # Wrapped at words when the dialog is narrow (its choice is on its own line).
            label = plain_label(f"{shown(item.what)}  ({item.origin})", wrap=True)
            label.setBuddy(combo)
            grid.addWidget(label, 2 * row, 0)
            grid.addWidget(combo, 2 * row + 1, 0, Qt.AlignmentFlag.AlignLeft)
            self.combos[item.film] = combo
        grid.setRowStretch(2 * len(ambiguous), 1)  # rows at the top, not spread out
        self._area.setWidget(inner)
        count = len(ambiguous)
        films, match = ("1 film", "matches") if count == 1 else (f"{count} films", "match")
        self.heading.setText(
            f"{films} of the export {match} several films in your journal."
            " Choose which each one is, or leave it out:"
        )
        self.setVisible(bool(ambiguous))

    def choices(self) -> dict[int, int]:
        """The batch films the user placed: {batch film index: journal film id}."""
        picked = {film: combo.currentData() for film, combo in self.combos.items()}
        return {film: film_id for film, film_id in picked.items() if film_id is not None}


class ImportDialog(BackgroundDialog):
    """Choose an export, preview what it would change (at once), then import it."""

    finished_import = Signal()

    def __init__(self, service: JournalService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import")
        self._service = service
        self._batch: ImportBatch | None = None
        # The source the preview shown is of, and the one it should be of.
        self._previewed_source: tuple[ImportKind, Path] | None = None
        self._wanted: tuple[ImportKind, Path] | None = None
        self._importing = False
        self.report: ImportReport | None = None
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(PREVIEW_DELAY_MS)
        self._delay.timeout.connect(self._typed_path_rested)

        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind_combo = QComboBox()
        for kind in importing.IMPORT_KINDS:
            self.kind_combo.addItem(source_of(kind).label, kind)
        self.help_label = plain_label("", muted=True)
        source = QWidget()  # the kind and, under it, what to pick for it
        column = QVBoxLayout(source)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.kind_combo)
        column.addWidget(self.help_label)
        source_label = QLabel("&Source")
        source_label.setBuddy(self.kind_combo)  # Alt+S reaches the combo, not the box around it
        form.addRow(source_label, source)
        self.picker = PathPicker(folders=True)
        self.path_edit = self.picker.edit
        form.addRow("&From", self.picker)
        layout.addLayout(form)
        self.preview_text = QPlainTextEdit()
        self.preview_text.setReadOnly(True)
        self.preview_text.setPlaceholderText(
            "Choose the export: what it would add, merge and skip shows here."
        )
        layout.addWidget(self.preview_text, 3)
        self.choices = AmbiguousChoices()
        layout.addWidget(self.choices, 1)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        self.buttons = QDialogButtonBox(self)  # in the dialog already, so setDefault holds
        self.preview_button = self.buttons.addButton(
            "&Preview", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setDefault(True)  # Enter imports once the preview is ready
        self.preview_button.setAutoDefault(False)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.preview_button.clicked.connect(self.preview)
        self.import_button.clicked.connect(self.commit)
        self.cancel_button.clicked.connect(self._cancel_clicked)
        layout.addWidget(self.buttons)

        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.path_edit.textChanged.connect(self._path_typed)
        self.path_edit.returnPressed.connect(self._path_entered)
        self.picker.picked.connect(self._picked)
        self._show_help()
        room_for_mnemonics(self)
        self.resize(680, 520)
        self.update_buttons()

    # --- the source --------------------------------------------------------------

    def kind(self) -> ImportKind:
        kind: ImportKind = self.kind_combo.currentData()
        return kind

    def source(self) -> tuple[ImportKind, Path] | None:
        path = self.picker.path()
        return (self.kind(), path) if path is not None else None

    def set_source(self, kind: ImportKind, path: Path) -> None:
        """Choose the kind and the path, and preview them at once (as a file dialog does)."""
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        self.picker.chosen(str(path))

    def _picked(self, _path: str) -> None:
        self._delay.stop()
        self.preview()

    def _show_help(self) -> None:
        source = source_of(self.kind())
        self.help_label.setText(source.help)
        self.picker.file_filter = source.file_filter
        keep_wrapped_text_whole(self)  # shrunk to its minimum, the help was cut to one line

    def _kind_changed(self) -> None:
        self._show_help()
        self._forget_preview()
        if self.picker.path() is not None:
            self.preview()

    def _path_typed(self) -> None:
        self._forget_preview()
        self._delay.start()

    def _typed_path_rested(self) -> None:
        path = self.picker.path()
        if path is None:
            return
        if not path.exists():
            self.status_label.setText(f"There is no file or folder at {path}.")
            return
        self.preview()

    def _path_entered(self) -> None:
        if self._previewed_source != self.source() and self._wanted != self.source():
            self._delay.stop()
            self.preview()

    def _forget_preview(self) -> None:
        self._batch = None
        self._previewed_source = None
        if not self._importing:
            self.preview_text.clear()
            self.choices.set_ambiguous([])
            if not self.busy:
                self.status_label.clear()
            self.update_buttons()

    # --- preview -----------------------------------------------------------------

    def preview(self) -> None:
        """Read the export and dry-run it in the background; the newest request wins."""
        source = self.source()
        if source is None or self._importing or self.is_done:
            return
        self._wanted = source
        if self.busy:  # an older preview: stop it; this one starts when it has stopped
            self.cancel_work()
            return
        self._start_preview(source)

    def _start_preview(self, source: tuple[ImportKind, Path]) -> None:
        kind, path = source
        service = self._service

        def work(control: TaskControl) -> tuple[ImportBatch, ImportReport]:
            control.progress(0, 0, "Reading the export")
            batch = importing.read_import(kind, path)
            control.check()
            return batch, service.import_batch(batch, dry_run=True, progress=checked(control))

        self.status_label.setText("Reading the export…")
        self.start(work, lambda result, error: self._previewed(source, result, error))

    def _previewed(
        self,
        source: tuple[ImportKind, Path],
        result: tuple[ImportBatch, ImportReport] | None,
        error: BaseException | None,
    ) -> None:
        wanted, self._wanted = self._wanted, None
        if source != wanted or source != self.source():  # the path or kind changed meanwhile
            if wanted is not None and wanted != source and wanted == self.source():
                self._wanted = wanted
                self._start_preview(wanted)
            elif error is not None:
                self.status_label.clear()  # an error of a path no longer chosen
            return
        if result is not None:
            self.show_preview(source, *result)

    def show_preview(
        self, source: tuple[ImportKind, Path], batch: ImportBatch, report: ImportReport
    ) -> None:
        """Show a dry run's report for ``batch`` read from ``source``; Import is then ready."""
        self._batch, self._previewed_source = batch, source
        self.preview_text.setPlainText("\n".join(report.summary_lines()))
        self.choices.set_ambiguous(list(report.ambiguous))
        self.status_label.setText("This is what Import will do. Press Import (or Enter).")
        self.update_buttons()

    # --- import ------------------------------------------------------------------

    @property
    def is_done(self) -> bool:
        """The import went through (the dialog now only shows what it did)."""
        return self.report is not None

    @property
    def ready(self) -> bool:
        """A preview of the chosen source is shown and nothing runs: Import may go."""
        return (
            not self.busy
            and not self.is_done
            and self._batch is not None
            and self._previewed_source == self.source()
        )

    def update_buttons(self) -> None:
        self.preview_button.setEnabled(
            not self.busy and self.picker.path() is not None and not self.is_done
        )
        self.import_button.setEnabled(self.ready)
        # The source can change during a preview (it restarts), not during an import.
        editable = not self._importing and not self.is_done
        self.kind_combo.setEnabled(editable)
        self.picker.setEnabled(editable)
        self.choices.setEnabled(editable)
        self.cancel_button.setText("Close" if self.is_done else "Cancel")

    def _cancel_clicked(self) -> None:
        # Cancel stops an import and stays to say so; a preview is simply dropped.
        if self._importing:
            self.cancel_work()
        else:
            self.reject()

    def reject(self) -> None:
        self._delay.stop()
        self._wanted = None  # nothing starts again once closed
        super().reject()

    def commit(self) -> None:
        batch, service = self._batch, self._service
        if batch is None or not self.ready:
            return
        choices = self.choices.choices()

        def work(control: TaskControl) -> ImportReport:
            return run_import(service, batch, choices, checked(control))

        self._importing = True
        self.status_label.setText("Importing…")
        self.start_write(work, self._imported)

    def _imported(self, report: ImportReport | None, error: BaseException | None) -> None:
        self._importing = False
        if report is None:
            return
        self.report = report
        self.preview_text.setPlainText("\n".join(report.summary_lines()))
        self.choices.set_ambiguous([])
        self.status_label.setText("Import finished.")
        self.cancel_button.setDefault(True)  # Enter now closes
        self.finished_import.emit()
