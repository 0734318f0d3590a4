"""The "mark watched" dialog: a date (today by default), where, a note; rewatches recognised.

Escape, Cancel or Ctrl+W ask before throwing away what was typed (and only then).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from watchjournal.journal import FilmRecord
from watchjournal.ui.common.keyboard import discard_confirmed
from watchjournal.ui.common.widgets import plain_label


class MarkWatchedDialog(QDialog):
    def __init__(self, film: FilmRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Watched {film.label}")
        self._seen_before = len(film.viewings)
        layout = QVBoxLayout(self)
        heading = plain_label(f"When did you watch {film.label}?", point_delta=1, bold=True)
        layout.addWidget(heading)
        form = QFormLayout()
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMaximumDate(QDate.currentDate())
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.date_edit.setAccessibleName("Date watched")
        form.addRow("&Date", self.date_edit)
        self.unknown_check = QCheckBox("I don't remember when")
        self.unknown_check.toggled.connect(lambda on: self.date_edit.setEnabled(not on))
        form.addRow("", self.unknown_check)
        self.where_edit = QLineEdit()
        self.where_edit.setPlaceholderText("Cinema, Netflix, a friend's place…")
        self.where_edit.setAccessibleName("Where you watched it")
        if film.fields.where_to_watch:
            self.where_edit.setText(film.fields.where_to_watch[0].service)
        form.addRow("&Where", self.where_edit)
        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName("Note")
        form.addRow("&Note", self.note_edit)
        self.rewatch_check = QCheckBox("&Rewatch")
        self.rewatch_check.setChecked(self._seen_before > 0)
        form.addRow("", self.rewatch_check)
        self.dnf_check = QCheckBox("Did not &finish")
        form.addRow("", self.dnf_check)
        layout.addLayout(form)
        if self._seen_before:
            times = "once" if self._seen_before == 1 else f"{self._seen_before} times"
            layout.addWidget(plain_label(f"You have logged this film {times} before.", muted=True))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Log viewing")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._untouched = self._typed()

    def _typed(self) -> tuple[object, ...]:
        return (
            self.date_edit.date(),
            self.unknown_check.isChecked(),
            self.where_edit.text(),
            self.note_edit.text(),
            self.rewatch_check.isChecked(),
            self.dnf_check.isChecked(),
        )

    def reject(self) -> None:
        # Escape, Cancel or Ctrl+W: ask only if something typed would be lost.
        if self._typed() != self._untouched and not discard_confirmed(
            self, "Discard this viewing?"
        ):
            return
        super().reject()

    def watched_on(self) -> date | None:
        return None if self.unknown_check.isChecked() else self.date_edit.date().toPython()  # type: ignore[return-value]

    def rewatch(self) -> bool | None:
        """None unless the user overrode what earlier viewings imply."""
        implied = self._seen_before > 0
        return None if self.rewatch_check.isChecked() == implied else self.rewatch_check.isChecked()
