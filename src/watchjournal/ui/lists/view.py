"""The Lists view: your lists beside (or, when narrow, above) the chosen list's films.

Make, edit (name, description, ranked), delete and export lists; reorder a
list's films by drag and drop or Ctrl+Up/Ctrl+Down, take them off with Delete,
and drop films onto another list to add them there. A ranked list shows its
films' numbers. ``add_to_list`` is the "Add to List…" of the other views. The
film under the cursor is the window's current film, as in the other views.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QListView,
    QMessageBox,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from watchjournal.journal import JournalService
from watchjournal.journal.lists import FilmListRecord
from watchjournal.ui.common.icons import icon
from watchjournal.ui.common.modal import modal
from watchjournal.ui.common.tasks import TaskRunner
from watchjournal.ui.common.widgets import plain_label
from watchjournal.ui.lists.commands import ListCommands
from watchjournal.ui.lists.dialogs import AddToListDialog, ListDialog
from watchjournal.ui.lists.models import (
    LIST_ID_ROLE,
    POSITION_COLUMN,
    ListEntriesModel,
    ListsModel,
    films_text,
)
from watchjournal.ui.window.models import FILM_ID_ROLE
from watchjournal.ui.window.tables import list_table

WIDE_ENOUGH = 700  # narrower than this, the lists go above the films
NO_LISTS_TEXT = (
    "You have no lists yet. Make one with New List…, or select films in Films,"
    " Watchlist or Diary and choose Film ▸ Add to List…."
)
EMPTY_LIST_TEXT = (
    "No films on this list yet. Select films in Films, Watchlist or Diary and"
    " choose Film ▸ Add to List… (Ctrl+Shift+L), or drag films from another list onto it."
)
_REMOVE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


def _button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setAutoRaise(True)
    return button


def _list_id(index: QModelIndex) -> int | None:
    value = index.data(LIST_ID_ROLE) if index.isValid() else None
    return int(value) if value is not None else None


class ListsView(QWidget):
    """The lists and the chosen list's films; emits what the user asks the window for."""

    status = Signal(str)

    def __init__(self, service: JournalService, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._service = service
        self._pending: int | None = None  # a list to show once visible again
        self.commands = ListCommands(service, runner, parent)
        self.commands.changed.connect(self._after_change)
        self.commands.status.connect(self.status)
        self.lists_model = ListsModel(self)
        self.lists_model.on_drop = self.commands.add
        self.entries_model = ListEntriesModel(self)
        self.entries_model.on_place = self._place
        self.entries_model.on_add = self._add_before
        self._make_actions()
        self.lists_view = self._make_lists_view()
        self.entries_view = self._make_entries_view()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._make_lists_pane())
        self.splitter.addWidget(self._make_list_pane())
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        # Not the panes' side-by-side minimum: the window's columns must not be held
        # wide by a hidden page (narrow, the lists go above the films anyway).
        self.setMinimumSize(240, 240)
        self.lists_view.selectionModel().currentChanged.connect(
            lambda current, _previous: self._show_list(_list_id(current))
        )
        self.entries_view.selectionModel().selectionChanged.connect(self._update_actions)
        self._show_list(None)

    # Construction -----------------------------------------------------------------
    def _make_actions(self) -> None:
        def action(text: str, slot: object, shortcut: str | None = None) -> QAction:
            made = QAction(text, self)
            made.triggered.connect(slot)
            if shortcut:
                made.setShortcut(QKeySequence(shortcut))
                made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            return made

        self.new_action = action("&New List…", self.new_list)
        self.new_action.setIcon(icon("add"))
        self.edit_action = action("&Edit List…", self.edit_list)
        self.delete_action = action("De&lete List…", self.delete_list)
        self.export_action = action("E&xport for Letterboxd…", self.export_list)
        # The buttons beside the list's name are short (the menu says it in full).
        for made, short in ((self.edit_action, "Edit…"), (self.delete_action, "Delete…")):
            made.setIconText(short)
        self.export_action.setIconText("Export…")
        self.export_action.setToolTip("Export the list as a Letterboxd list file (CSV)")
        self.remove_action = action("&Remove from List", self.remove_selected)
        # Shown in the menu; the key itself is taken in eventFilter, before the
        # window's Delete (delete the film) could claim it.
        self.remove_action.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.up_action = action("Move &Up", lambda: self.move_current(-1), "Ctrl+Up")
        self.down_action = action("Move &Down", lambda: self.move_current(+1), "Ctrl+Down")
        self.ranked_check = QCheckBox("&Ranked")
        self.ranked_check.setToolTip("Number the films in their order (a ranked list)")
        self.ranked_check.clicked.connect(self._set_ranked)

    def _make_lists_view(self) -> QListView:
        view = QListView()
        view.setAccessibleName("Your lists")
        view.setModel(self.lists_model)
        view.setSpacing(3)
        view.setUniformItemSizes(True)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Films dragged from a list are dropped onto another to be added to it.
        view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        view.setAcceptDrops(True)
        view.setDropIndicatorShown(True)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        view.addActions([self.edit_action, self.export_action, self.delete_action])
        view.activated.connect(lambda _index: self.entries_view.setFocus())
        return view

    def _make_entries_view(self) -> QTableView:
        view = list_table("Films on the list")  # as the window's other lists
        view.setModel(self.entries_model)
        header = view.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        char = view.fontMetrics().averageCharWidth()
        for column, width in ((0, 4), (2, 6), (3, 16), (4, 11), (5, 18)):
            header.resizeSection(column, width * char + 16)
        view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        view.setDragEnabled(True)
        view.setAcceptDrops(True)
        view.setDropIndicatorShown(True)
        view.setDragDropOverwriteMode(False)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        view.addActions([self.remove_action, self.up_action, self.down_action])
        view.installEventFilter(self)
        return view

    def _make_lists_pane(self) -> QWidget:
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        new = _button(self.new_action)
        new.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        layout.addWidget(new)
        layout.addWidget(self.lists_view, 1)
        pane.setMinimumWidth(150)
        return pane

    def _make_list_pane(self) -> QWidget:
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(8, 4, 0, 0)
        layout.setSpacing(4)
        self.name_label = plain_label(point_delta=3, bold=True)
        self.meta_label = plain_label(muted=True, selectable=False)
        self.description_label = plain_label()
        self.description_label.setMaximumHeight(self.fontMetrics().lineSpacing() * 4 + 4)
        row = QHBoxLayout()
        row.setSpacing(2)
        row.addWidget(self.ranked_check)
        row.addStretch(1)
        for action in (self.edit_action, self.export_action, self.delete_action):
            row.addWidget(_button(action))
        self.hint_label = plain_label(muted=True, selectable=False)
        for widget in (self.name_label, self.meta_label, self.description_label):
            layout.addWidget(widget)
        layout.addLayout(row)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.entries_view, 1)
        pane.setMinimumWidth(220)
        return pane

    # Showing --------------------------------------------------------------------
    @property
    def current_list(self) -> FilmListRecord | None:
        return self.entries_model.list

    def reload(self) -> None:
        """Read the lists again, keeping the chosen list and film where they still are."""
        chosen = self.current_list.id if self.current_list else None
        self.lists_model.set_lists(self._service.lists())
        self.show_list(chosen)

    def show_list(self, list_id: int | None) -> None:
        """Choose a list (its films show); None or a list that is gone: the first one."""
        row = self.lists_model.row_of(list_id) if list_id is not None else -1
        if row < 0 and self.lists_model.rowCount():
            row = 0
        if row < 0:
            self._show_list(None)
            return
        index = self.lists_model.index(row, 0)
        if self.lists_view.currentIndex() == index:
            self._show_list(self.lists_model.lists[row].id)  # the same list, read again
        else:
            self.lists_view.setCurrentIndex(index)  # shows it through currentChanged

    def _show_list(self, list_id: int | None) -> None:
        film_id = self.current_film_id()
        row = self.lists_model.row_of(list_id) if list_id is not None else -1
        chosen = self.lists_model.lists[row] if row >= 0 else None
        films = self._service.film_rows_by_ids(chosen.film_ids) if chosen else []
        self.entries_model.set_list(chosen, films)
        self.entries_view.setColumnHidden(POSITION_COLUMN, not (chosen and chosen.ranked))
        self._show_header(chosen)
        if self.entries_model.rowCount():
            at = self.entries_model.row_of_film(film_id) if film_id is not None else -1
            self.entries_view.selectionModel().setCurrentIndex(
                self.entries_model.index(max(at, 0), 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._update_actions()

    def _show_header(self, chosen: FilmListRecord | None) -> None:
        has_list = chosen is not None
        self.name_label.setText(chosen.name if chosen else "Lists")
        count = films_text(len(chosen.entries)) if chosen else ""
        self.meta_label.setText(f"{count} · ranked" if chosen and chosen.ranked else count)
        self.description_label.setText(chosen.description or "" if chosen else "")
        self.description_label.setVisible(bool(chosen and chosen.description))
        self.meta_label.setVisible(has_list)
        self.ranked_check.setChecked(bool(chosen and chosen.ranked))
        empty = not (chosen and chosen.entries)
        self.hint_label.setText(EMPTY_LIST_TEXT if has_list else NO_LISTS_TEXT)
        self.hint_label.setVisible(empty)
        self.entries_view.setVisible(not empty)

    def _update_actions(self) -> None:
        has_list = self.current_list is not None
        for widget in (self.edit_action, self.delete_action, self.export_action):
            widget.setEnabled(has_list)
        self.ranked_check.setEnabled(has_list)
        has_film = self.current_film_id() is not None
        for action in (self.remove_action, self.up_action, self.down_action):
            action.setEnabled(has_film)

    def current_film_id(self) -> int | None:
        index = self.entries_view.currentIndex()
        value = index.data(FILM_ID_ROLE) if index.isValid() else None
        return int(value) if value is not None else None

    def selected_film_ids(self) -> list[int]:
        rows = self.entries_view.selectionModel().selectedRows()
        ids = [index.data(FILM_ID_ROLE) for index in rows] or [self.current_film_id()]
        return [int(i) for i in ids if i is not None]

    def _after_change(self, list_id: int | None) -> None:
        if not self.isVisible():
            # Changed from another view ("Add to List…"): read again when shown, so
            # the film that view shows stays the window's current film meanwhile.
            self._pending = list_id if list_id is not None else self._chosen_id()
            return
        self.lists_model.set_lists(self._service.lists())
        self.show_list(list_id if list_id is not None else self._chosen_id())

    def showEvent(self, event: QShowEvent) -> None:
        if self._pending is not None:
            chosen, self._pending = self._pending, None
            self.lists_model.set_lists(self._service.lists())
            self.show_list(chosen)
        super().showEvent(event)

    def _chosen_id(self) -> int | None:
        return self.current_list.id if self.current_list else None

    def set_ratings_as_stars(self, as_stars: bool) -> None:
        self.entries_model.set_ratings_as_stars(as_stars)

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= WIDE_ENOUGH
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            length = event.size().width() if wide else event.size().height()
            # Side by side the lists get a column; above, a few rows of them.
            first = min(220 if wide else 150, length // 3)
            self.splitter.setSizes([first, length - first])
        super().resizeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Delete on a list's film takes it off the list: the key is claimed here,
        # before the window's Delete (delete the film) sees it as its shortcut.
        if watched is self.entries_view and isinstance(event, QKeyEvent):
            plain = event.modifiers() == Qt.KeyboardModifier.NoModifier
            if plain and event.key() in _REMOVE_KEYS:
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()
                    return True
                if event.type() == QEvent.Type.KeyPress:
                    self.remove_selected()
                    return True
        return super().eventFilter(watched, event)

    # Actions --------------------------------------------------------------------
    def new_list(self) -> None:
        with modal(ListDialog(self)) as dialog:
            details = dialog.details() if dialog.exec() else None
        if details is not None:
            self.commands.create(details)

    def edit_list(self) -> None:
        chosen = self.current_list
        if chosen is None:
            return
        with modal(ListDialog(self, chosen)) as dialog:
            details = dialog.details() if dialog.exec() else None
        if details is not None:
            self.commands.edit(chosen, details)

    def delete_list(self) -> None:
        chosen = self.current_list
        if chosen is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete List",
            f"Delete the list “{chosen.name}” ({films_text(len(chosen.entries))})?",
            parent=self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText("The films stay in your journal.")
        delete = box.addButton("Delete List", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        with modal(box):
            box.exec()
            confirmed = box.clickedButton() is delete
        if confirmed:
            self.commands.delete(chosen)

    def export_list(self) -> None:
        chosen = self.current_list
        if chosen is None:
            return
        safe = "".join(c if c.isalnum() or c in " -_" else "-" for c in chosen.name).strip()
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export List for Letterboxd", f"{safe or 'list'}.csv", "CSV files (*.csv)"
        )
        if path:
            self.commands.export(chosen.id, Path(path))

    def _set_ranked(self, ranked: bool) -> None:
        if self.current_list is not None:
            self.commands.set_ranked(self.current_list.id, ranked)

    def remove_selected(self) -> None:
        ids = self.selected_film_ids()
        if self.current_list is not None and ids:
            self.commands.remove(self.current_list.id, ids)

    def move_current(self, step: int) -> None:
        film_id = self.current_film_id()
        if self.current_list is None or film_id is None:
            return
        self.commands.move_by(self.current_list.id, film_id, step)

    def _place(self, film_ids: list[int], before: int | None) -> None:
        if self.current_list is not None:
            self.commands.place(self.current_list.id, film_ids, before)

    def _add_before(self, film_ids: list[int], before: int | None) -> None:
        if self.current_list is not None:
            self.commands.add(self.current_list.id, film_ids, before)

    def add_to_list(self, film_ids: list[int]) -> None:
        """ "Add to List…": choose (or make) a list and put the films on it."""
        if not film_ids:
            return
        with modal(AddToListDialog(self._service.lists(), film_ids, self.window())) as dialog:
            if not dialog.exec():
                return
            new_list, chosen_id = dialog.new_list, dialog.chosen_list_id
        if new_list is not None:
            self.commands.create(new_list, film_ids)
        elif chosen_id is not None:
            self.commands.add(chosen_id, film_ids)
