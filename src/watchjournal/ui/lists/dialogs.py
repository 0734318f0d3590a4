"""The Lists view's dialogs: a list's name, description and ranking (new or edited),
and "Add to List…", which picks a list for the selected films or makes a new one."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from watchjournal.journal.lists import MAX_LIST_NAME, FilmListRecord
from watchjournal.journal.validate import fold_key
from watchjournal.ui.common.modal import modal
from watchjournal.ui.common.widgets import plain_label, shown
from watchjournal.ui.lists.models import LIST_ID_ROLE, films_text


@dataclass(frozen=True)
class ListDetails:
    """What the list dialog gives: the list's name, description and whether it is ranked."""

    name: str
    description: str | None
    ranked: bool


class ListDialog(QDialog):
    """A list's name, description and ranking: for a new list, or to edit one."""

    def __init__(
        self, parent: QWidget | None = None, film_list: FilmListRecord | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit List" if film_list else "New List")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name_edit = QLineEdit(film_list.name if film_list else "")
        self.name_edit.setMaxLength(MAX_LIST_NAME)
        self.name_edit.setPlaceholderText("Films that remind me of Kill Bill")
        self.name_edit.setAccessibleName("List name")
        form.addRow("&Name", self.name_edit)
        self.description_edit = QPlainTextEdit(film_list.description or "" if film_list else "")
        self.description_edit.setPlaceholderText("What the list is about (optional)")
        self.description_edit.setAccessibleName("Description")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        form.addRow("&Description", self.description_edit)
        self.ranked_check = QCheckBox("&Ranked: number the films in order")
        self.ranked_check.setChecked(film_list.ranked if film_list else False)
        form.addRow("", self.ranked_check)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Save" if film_list else "Make List")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.name_edit.textChanged.connect(self._update_ok)
        self._update_ok()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.name_edit.text().strip()))

    def details(self) -> ListDetails:
        text = self.description_edit.toPlainText().strip()
        return ListDetails(
            self.name_edit.text().strip(), text or None, self.ranked_check.isChecked()
        )


class AddToListDialog(QDialog):
    """Choose the list the selected films go on (type to filter), or make a new one.

    After ``exec()``: ``chosen_list_id`` is the list picked, or ``new_list`` the
    details of a list to make first.
    """

    def __init__(
        self, lists: list[FilmListRecord], film_ids: list[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add to List")
        self.setMinimumSize(380, 360)
        self.chosen_list_id: int | None = None
        self.new_list: ListDetails | None = None
        self._lists = lists
        layout = QVBoxLayout(self)
        what = films_text(len(film_ids)) if len(film_ids) != 1 else "this film"
        layout.addWidget(plain_label(f"Add {what} to:", bold=True, selectable=False))
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Find a list…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Find a list")
        layout.addWidget(self.filter_edit)
        self.list_widget = QListWidget()
        self.list_widget.setAccessibleName("Lists")
        wanted = set(film_ids)
        for item in lists:
            on_it = wanted <= set(item.film_ids)
            label = f"{shown(item.name)}  ({films_text(len(item.entries))})"
            row = QListWidgetItem(label + ("  — already on it" if on_it else ""))
            row.setData(LIST_ID_ROLE, item.id)
            row.setToolTip(item.description or item.name)
            self.list_widget.addItem(row)
        layout.addWidget(self.list_widget, 1)
        if not lists:
            layout.addWidget(plain_label("You have no lists yet.", muted=True, selectable=False))
        self.new_button = QPushButton("&New List…")
        self.new_button.clicked.connect(self._make_new)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Add")
        self.buttons.accepted.connect(self._choose)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.filter_edit.textChanged.connect(self._filter)
        self.list_widget.currentRowChanged.connect(lambda _row: self._update_ok())
        self.list_widget.itemActivated.connect(lambda _item: self._choose())
        self.filter_edit.returnPressed.connect(self._choose)
        if lists:
            self.list_widget.setCurrentRow(0)
        self._update_ok()
        self.filter_edit.setFocus()

    def _visible_rows(self) -> list[int]:
        return [r for r in range(self.list_widget.count()) if not self.list_widget.isRowHidden(r)]

    def _filter(self, text: str) -> None:
        key = fold_key(text)
        for row, item in enumerate(self._lists):
            self.list_widget.setRowHidden(row, key not in fold_key(item.name))
        visible = self._visible_rows()
        if self.list_widget.currentRow() not in visible:
            self.list_widget.setCurrentRow(visible[0] if visible else -1)
        self._update_ok()

    def _current_id(self) -> int | None:
        item = self.list_widget.currentItem()
        if item is None or self.list_widget.isRowHidden(self.list_widget.row(item)):
            return None
        value = item.data(LIST_ID_ROLE)
        return int(value) if value is not None else None

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self._current_id() is not None)

    def _choose(self) -> None:
        list_id = self._current_id()
        if list_id is not None:
            self.chosen_list_id = list_id
            self.accept()

    def _make_new(self) -> None:
        with modal(ListDialog(self)) as dialog:
            dialog.name_edit.setText(self.filter_edit.text().strip())
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            details = dialog.details() if accepted else None
        if details is not None:
            self.new_list = details
            self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Up and Down in the filter field move through the lists, as in a completer
        # (the field ignores them, so they reach the dialog).
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
        visible = self._visible_rows()
        if step is not None and visible and self.filter_edit.hasFocus():
            current = self.list_widget.currentRow()
            at = visible.index(current) if current in visible else -step
            self.list_widget.setCurrentRow(visible[max(0, min(len(visible) - 1, at + step))])
            return
        super().keyPressEvent(event)
