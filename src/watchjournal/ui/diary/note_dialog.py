"""A small dialog for a film's watchlist note: asked when a film goes on the watchlist
(Ctrl+Shift+W) and when the note is changed. Enter confirms; the note may stay empty."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from watchjournal.ui.common.widgets import plain_label


class WatchlistNoteDialog(QDialog):
    """Ask for a watchlist note of ``label``; ``adding``: the film is not on the list yet."""

    def __init__(
        self, label: str, note: str | None, *, adding: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add to Watchlist" if adding else "Watchlist Note")
        layout = QVBoxLayout(self)
        question = (
            f"Add {label} to your watchlist. Why, or who recommended it? (optional)"
            if adding
            else f"Your watchlist note about {label}:"
        )
        layout.addWidget(plain_label(question, selectable=False))
        self.note_edit = QLineEdit(note or "")
        self.note_edit.setAccessibleName("Watchlist note")
        self.note_edit.setPlaceholderText("“Min says it's her favourite”")
        buddy = QLabel("&Note")
        buddy.setBuddy(self.note_edit)
        layout.addWidget(buddy)
        layout.addWidget(self.note_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Add to Watchlist" if adding else "Save")
        ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(min(480, self.fontMetrics().averageCharWidth() * 60))
        self.note_edit.setFocus()

    def note(self) -> str | None:
        return self.note_edit.text().strip() or None
