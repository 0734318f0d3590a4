""" "Reminds me of" on a film's page: the films linked to it (either way round), each with
its note, a link to that film's page, and buttons to change the note or remove
the link; under them, a line to link another film (type part of its title).

The section only asks: ``link_requested``, ``note_changed`` and
``unlink_requested`` go to the film commands, which write on the writer lane
(a removal can be undone) and show the page again when the journal has it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from watchjournal.journal import FilmLinkRecord, JournalService
from watchjournal.journal.links import MAX_LINK_NOTE_LENGTH
from watchjournal.ui.common.icons import icon
from watchjournal.ui.common.tasks import TaskRunner
from watchjournal.ui.common.widgets import plain_label, shown
from watchjournal.ui.film.film_picker import FilmPicker
from watchjournal.ui.film.link_label import LinkLabel, Piece

STACK_BELOW = 420  # pixels: the add row goes one under another on a narrower page
PICK_A_FILM = "Pick a film from the suggestions (type part of its title)."


def _icon_button(name: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setIcon(icon(name))
    button.setToolTip(tip)  # fixed text: a tooltip would read user text as rich text
    button.setAutoRaise(True)
    return button


class NoteEdit(QLineEdit):
    """A line for a link's note; Escape gives up the change."""

    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(MAX_LINK_NOTE_LENGTH)

    def event(self, event: QEvent) -> bool:
        # Escape is this line's, even where the window has a shortcut for it.
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.ShortcutOverride
            and event.key() == Qt.Key.Key_Escape
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)


class LinkRow(QWidget):
    """One linked film: its name (a link), the note, and Note…/Remove."""

    film_requested = Signal(int)
    note_changed = Signal(int, str)
    unlink_requested = Signal(int)

    def __init__(self, link: FilmLinkRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.link = link
        other = link.other
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        top = QHBoxLayout()
        self.title = LinkLabel()
        self.title.setAccessibleName(f"Open {other.long_label}")
        self.title.set_pieces([Piece(other.long_label, other.id)])
        self.title.activated.connect(lambda film_id: self.film_requested.emit(int(film_id)))
        top.addWidget(self.title, 1)
        # Small icon buttons, so a narrow page keeps its room for the title.
        self.edit_button = _icon_button("edit", "Change the note")
        self.edit_button.setAccessibleName(f"Change the note on {other.long_label}")
        self.edit_button.clicked.connect(self.start_editing)
        self.remove_button = _icon_button("delete", "Remove this link (Edit ▸ Undo brings it back)")
        self.remove_button.setAccessibleName(f"Remove the link to {other.long_label}")
        self.remove_button.clicked.connect(lambda: self.unlink_requested.emit(other.id))
        for button in (self.edit_button, self.remove_button):
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.note = plain_label(shown(link.note or ""), italic=True, muted=True)
        self.note.setContentsMargins(12, 0, 0, 0)
        layout.addWidget(self.note)
        self.note.setVisible(bool(link.note))  # once it has a parent: never a window of its own
        self.note_edit = NoteEdit()
        self.note_edit.setPlaceholderText("What it reminds you of (Enter saves, Esc cancels)")
        self.note_edit.setAccessibleName(f"Note on {other.long_label}")
        self.note_edit.returnPressed.connect(self._save_note)
        self.note_edit.cancelled.connect(self.stop_editing)
        self.note_edit.hide()
        layout.addWidget(self.note_edit)

    def start_editing(self) -> None:
        self.note.hide()
        self.note_edit.setText(self.link.note or "")
        self.note_edit.show()
        self.note_edit.setFocus()
        self.note_edit.selectAll()

    def stop_editing(self) -> None:
        self.note_edit.hide()
        self.note.setVisible(bool(self.link.note))
        self.edit_button.setFocus()

    def _save_note(self) -> None:
        text = self.note_edit.text().strip()
        self.stop_editing()
        if text != (self.link.note or ""):
            self.note_changed.emit(self.link.other.id, text)


class LinksSection(QWidget):
    film_requested = Signal(int)
    link_requested = Signal(int, str)  # the other film's id, the note ("" for none)
    note_changed = Signal(int, str)
    unlink_requested = Signal(int)

    def __init__(
        self, service: JournalService, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.rows: list[LinkRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(plain_label("Reminds me of", point_delta=2, bold=True))
        self._rows = QVBoxLayout()
        self._rows.setSpacing(6)
        layout.addLayout(self._rows)
        self.empty = plain_label("No films linked yet.", muted=True)
        layout.addWidget(self.empty)
        add = self._add_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.picker = FilmPicker(service, runner)
        self.picker.setPlaceholderText("Link a film it reminds you of…")
        self.picker.setAccessibleName("Film to link")
        self.picker.returnPressed.connect(self._link)
        self.note_edit = NoteEdit()
        self.note_edit.setPlaceholderText("Note (optional)")
        self.note_edit.setAccessibleName("Note on the new link")
        self.note_edit.returnPressed.connect(self._link)
        # A film chosen: its note next, once the popup has given the focus back to the line.
        self.picker.picked.connect(lambda: QTimer.singleShot(0, self.note_edit.setFocus))
        self.link_button = QPushButton("Link")
        self.link_button.setAccessibleName("Link the film")
        self.link_button.clicked.connect(self._link)
        add.addWidget(self.picker, 3)
        add.addWidget(self.note_edit, 2)
        add.addWidget(self.link_button)
        layout.addLayout(add)
        self.message = plain_label(muted=True)
        self.message.hide()
        layout.addWidget(self.message)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Film, note and Link side by side when there is room, else one under another.
        wide = event.size().width() >= STACK_BELOW
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self._add_row.direction() != direction:
            self._add_row.setDirection(direction)

    def set_links(self, film_id: int, links: list[FilmLinkRecord]) -> None:
        for row in self.rows:
            row.hide()
            row.deleteLater()
        self.rows = []
        for link in links:
            row = LinkRow(link)
            row.film_requested.connect(self.film_requested)
            row.note_changed.connect(self.note_changed)
            row.unlink_requested.connect(self.unlink_requested)
            self._rows.addWidget(row)
            self.rows.append(row)
        self.empty.setVisible(not links)
        self.picker.exclude = {film_id, *(link.other.id for link in links)}
        self.picker.clear()
        self.note_edit.clear()
        self.message.hide()

    def _link(self) -> None:
        if self.picker.just_picked:
            return  # Enter chose a suggestion: the note comes next (Enter there links)
        other = self.picker.chosen_id()
        if other is None:
            self.message.setText(PICK_A_FILM)
            self.message.show()
            self.picker.setFocus()
            return
        self.message.hide()
        self.link_requested.emit(other, self.note_edit.text().strip())
