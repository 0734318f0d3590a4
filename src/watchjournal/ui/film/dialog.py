"""The add/edit film dialog, with duplicate detection for same-titled films.

Saving runs on the window's writer lane: Save is disabled while it runs, the
dialog closes when the journal has the film, and stays open with the reason
when it does not. While another program holds the journal it says it is
waiting; Cancel then stops waiting (a save that went through meanwhile counts).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from watchjournal.journal import (
    FilmFields,
    FilmRecord,
    JournalError,
    JournalService,
    StreamingInfo,
    film_fields,
)
from watchjournal.ui.common.errors import error_text
from watchjournal.ui.common.keyboard import discard_confirmed
from watchjournal.ui.common.modal import modal
from watchjournal.ui.common.tasks import (
    TaskCancelledError,
    TaskControl,
    TaskRunner,
)
from watchjournal.ui.common.widgets import ErrorLabel


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


class FilmDialog(QDialog):
    """Add a film (``film`` None) or edit one; ``result_film`` holds the saved record."""

    def __init__(
        self,
        service: JournalService,
        film: FilmRecord | None = None,
        parent: QWidget | None = None,
        find_online: Callable[[FilmDialog], None] | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner if runner is not None else TaskRunner(self)
        self._saving: TaskControl | None = None
        self._film = film
        self._fetched: FilmFields | None = None
        self.result_film: FilmRecord | None = None
        self.existing_film_id: int | None = None  # "Open the Existing Film" was chosen
        self.setWindowTitle(f"Edit {film.label}" if film else "Add a film")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title_edit = self._line(form, "&Title", "Title as you know it")
        self.original_edit = self._line(form, "&Original title", "Title in its own language")
        self.year_spin = QSpinBox()
        self.year_spin.setRange(1869, date.today().year + 10)
        self.year_spin.setSpecialValueText("Unknown")
        self.year_spin.setValue(1869)
        self.year_spin.setAccessibleName("Year")
        form.addRow("&Year", self.year_spin)
        self.directors_edit = self._line(form, "&Directors", "Separate names with commas")
        self.cast_edit = self._line(form, "&Cast", "Separate names with commas")
        self.genres_edit = self._line(form, "&Genres", "e.g. Action, Thriller")
        self.countries_edit = self._line(form, "Co&untries", "e.g. South Korea")
        self.runtime_spin = QSpinBox()
        self.runtime_spin.setRange(0, 10_000)
        self.runtime_spin.setSuffix(" min")
        self.runtime_spin.setSpecialValueText("Unknown")
        self.runtime_spin.setAccessibleName("Runtime in minutes")
        form.addRow("&Runtime", self.runtime_spin)
        self.where_edit = self._line(form, "&Where to watch", "e.g. Netflix, Mubi (checked today)")
        self.content_notes_edit = self._line(
            form, "Cont&ent notes", "e.g. animal harm, sexual violence (not spoilers)"
        )
        self.imdb_edit = self._line(form, "&IMDb id", "tt1234567")
        self.synopsis_edit = QPlainTextEdit()
        self.synopsis_edit.setTabChangesFocus(True)
        self.synopsis_edit.setAccessibleName("Synopsis")
        self.synopsis_edit.setFixedHeight(80)
        form.addRow("&Synopsis", self.synopsis_edit)
        self.watchlist_check = QCheckBox("Add to my watch&list")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("Why, or who recommended it")
        self.note_edit.setAccessibleName("Watchlist note")
        if film is None:
            form.addRow("", self.watchlist_check)
            form.addRow("Watchlist &note", self.note_edit)
            self.watchlist_check.toggled.connect(self.note_edit.setEnabled)
            self.note_edit.setEnabled(False)
        layout.addLayout(form)
        self.error_label = ErrorLabel()
        self.error_label.setVisible(False)
        layout.addWidget(self.error_label)
        buttons = self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        if find_online is not None:
            finder = buttons.addButton("&Find Online…", QDialogButtonBox.ButtonRole.ActionRole)
            finder.setToolTip("Look the film up (when fetching is on in Settings)")
            finder.clicked.connect(lambda: find_online(self))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if film is not None:
            self._load(film)
        self._untouched = self._typed()

    @staticmethod
    def _line(form: QFormLayout, label: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(label.replace("&", ""))
        form.addRow(label, edit)
        return edit

    def _typed(self) -> tuple[object, ...]:
        """Everything the user can type or choose here: closing loses it if it changed."""
        return (
            self.title_edit.text(),
            *(edit.text() for edit in self._text_edits().values()),
            self.year_spin.value(),
            self.runtime_spin.value(),
            self.where_edit.text(),
            self.synopsis_edit.toPlainText(),
            self.watchlist_check.isChecked(),
            self.note_edit.text(),
            self._fetched,
        )

    def _load(self, film: FilmRecord) -> None:
        self._load_fields(film.fields)

    def _text_edits(self) -> dict[str, QLineEdit]:
        """The one-line boxes for film fields (names separated by commas), by field name."""
        return {
            "original_title": self.original_edit,
            "directors": self.directors_edit,
            "cast": self.cast_edit,
            "genres": self.genres_edit,
            "countries": self.countries_edit,
            "content_notes": self.content_notes_edit,
            "imdb_id": self.imdb_edit,
        }

    def _load_fields(self, f: FilmFields) -> None:
        self.title_edit.setText(f.title)
        for name, edit in self._text_edits().items():
            edit.setText(film_fields.as_text(f, name))
        self.year_spin.setValue(f.year or self.year_spin.minimum())
        self.runtime_spin.setValue(f.runtime or 0)
        self.where_edit.setText(", ".join(w.service for w in f.where_to_watch))
        self.synopsis_edit.setPlainText(f.synopsis or "")

    def year(self) -> int | None:
        year = self.year_spin.value()
        return None if year == self.year_spin.minimum() else year

    def fill_from(self, fields: FilmFields) -> None:
        """Fill the form from a film found online (its poster and ids come along)."""
        self._fetched = fields
        self._load_fields(fields)

    def fields(self) -> FilmFields:
        base = self._fetched or (self._film.fields if self._film else FilmFields(title=""))
        checked = {w.service.casefold(): w.checked_on for w in base.where_to_watch}
        year = self.year_spin.value()
        typed = {n: film_fields.from_text(n, e.text()) for n, e in self._text_edits().items()}
        return replace(
            base,
            **typed,
            title=self.title_edit.text(),
            year=None if year == self.year_spin.minimum() else year,
            runtime=self.runtime_spin.value() or None,
            where_to_watch=tuple(
                StreamingInfo(name, checked.get(name.casefold(), date.today()))
                for name in _split(self.where_edit.text())
            ),
            synopsis=self.synopsis_edit.toPlainText() or None,
        )

    def _confirm_duplicate(self, fields: FilmFields) -> bool:
        exclude = self._film.id if self._film else None
        same = self._service.find_duplicates(fields.title, fields.year, exclude_id=exclude)
        if not same:
            return True
        existing = same[0]
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Same title",
            f"{existing.long_label} is already in your journal — add another film with the"
            " same title?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.button(QMessageBox.StandardButton.Yes).setText("&Add Anyway")
        open_existing = box.addButton("&Open the Existing Film", QMessageBox.ButtonRole.ActionRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        with modal(box):
            box.exec()
            add_anyway = box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
            show_existing = box.clickedButton() is open_existing
        if show_existing:
            self.existing_film_id = existing.id
            super().reject()  # nothing saved; the window shows the film already there
        return add_anyway

    @property
    def saving(self) -> bool:
        return self._saving is not None

    def accept(self) -> None:
        """Save (off the GUI thread); the dialog closes once the journal has it."""
        if self._saving is not None:
            return  # one save at a time: Save is disabled meanwhile
        fields = self.fields()
        try:
            if fields.title.strip() and not self._confirm_duplicate(fields):
                return
        except JournalError as exc:
            self._show_problem(error_text(exc))
            return
        service, film = self._service, self._film
        watchlist, note = self.watchlist_check.isChecked(), self.note_edit.text() or None

        def work(_control: TaskControl) -> FilmRecord:
            if film is None:
                return service.add_film(
                    fields, watchlist=watchlist, watchlist_note=note, allow_duplicate=True
                )
            return service.edit_film(film.id, fields, allow_duplicate=True)

        self.error_label.setVisible(False)
        self._save_button().setEnabled(False)
        self._saving = self._runner.write(work, self._saved, on_waiting=self._waiting)

    def reject(self) -> None:
        if self._saving is not None:
            # Stop waiting for a busy journal; the dialog closes when the save
            # has stopped (or accepts, if it went through just before).
            self._saving.cancel()
            return
        question = "Discard this film?" if self._film is None else "Discard your changes?"
        if self._typed() != self._untouched and not discard_confirmed(self, question):
            return  # keep editing
        super().reject()

    def _save_button(self) -> QPushButton:
        return self._buttons.button(QDialogButtonBox.StandardButton.Save)

    def _waiting(self, waiting: bool) -> None:
        if waiting:
            self._show_problem(self._runner.waiting_message)
        else:
            self.error_label.setVisible(False)

    def _saved(self, record: FilmRecord | None, error: BaseException | None) -> None:
        cancelled = self._saving is not None and self._saving.cancelled
        self._saving = None
        self._save_button().setEnabled(True)
        if isinstance(error, TaskCancelledError):
            super().reject()
        elif error is not None or record is None:
            self._show_problem(error_text(error or RuntimeError("the film was not saved")))
            if cancelled:
                super().reject()
        else:
            self.result_film = record
            super().accept()

    def _show_problem(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(True)
