"""Qt models of the Lists view: the lists themselves, and one list's films in order.

Both speak the film-id drag format of the library (``FILM_IDS_MIME``): films
dragged out of a list, or from another view, can be dropped between a list's
films (to place or add them there) or onto another list (to add them to it).
A drop never changes the model itself: it asks for the change through a
callback (a write on the window's writer lane) and the view reloads after it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from watchjournal.journal.lists import FilmListRecord, ListEntryRecord
from watchjournal.journal.rows import FilmRow
from watchjournal.ui.common.formatting import names_text, rating_text
from watchjournal.ui.common.widgets import shown
from watchjournal.ui.window.models import FILM_ID_ROLE
from watchjournal.ui.window.models import WATCHLIST_MIME as FILM_IDS_MIME

Index = QModelIndex | QPersistentModelIndex
LIST_ID_ROLE = Qt.ItemDataRole.UserRole + 11
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def film_ids_mime(film_ids: Sequence[int]) -> QMimeData:
    mime = QMimeData()
    mime.setData(FILM_IDS_MIME, QByteArray(",".join(map(str, film_ids)).encode()))
    return mime


def film_ids_of(data: QMimeData) -> list[int]:
    """The film ids a drag carries (none if it carries something else)."""
    if not data.hasFormat(FILM_IDS_MIME):
        return []
    raw = bytes(data.data(FILM_IDS_MIME).data()).decode("ascii", "replace")
    return [int(part) for part in raw.split(",") if part.strip().isdigit()]


def films_text(count: int) -> str:
    return "1 film" if count == 1 else f"{count} films"


class ListsModel(QAbstractListModel):
    """Every list, by name, with how many films it holds; films can be dropped onto one."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lists: list[FilmListRecord] = []
        # Called with (list id, film ids) when films are dropped onto a list.
        self.on_drop: Callable[[int, list[int]], None] | None = None

    def set_lists(self, lists: list[FilmListRecord]) -> None:
        self.beginResetModel()
        self.lists = list(lists)
        self.endResetModel()

    def row_of(self, list_id: int) -> int:
        return next((row for row, x in enumerate(self.lists) if x.id == list_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lists)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.lists):
            return None
        item = self.lists[index.row()]
        count = films_text(len(item.entries))
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{shown(item.name)}\n{count}{' · ranked' if item.ranked else ''}"
        if role == LIST_ID_ROLE:
            return item.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.description or item.name
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{item.name}, {count}{', ranked' if item.ranked else ''}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDropEnabled if index.isValid() else base

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [FILM_IDS_MIME]

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return parent.isValid() and row < 0 and bool(film_ids_of(data))

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        ids = film_ids_of(data)
        if not ids or not parent.isValid() or row >= 0 or self.on_drop is None:
            return False
        self.on_drop(self.lists[parent.row()].id, ids)
        return False  # the source keeps its rows: this adds, it does not move


_COLUMNS = ("#", "Title", "Year", "Director", "Your Rating", "Note")
POSITION_COLUMN = 0


class ListEntriesModel(QAbstractTableModel):
    """One list's films in the list's order, with their place, details and note."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.list: FilmListRecord | None = None
        self._rows: list[tuple[FilmRow, ListEntryRecord]] = []
        self.as_stars = False
        # Called with (film ids, the film to put them before or None for the end):
        # on_place for films already on the list, on_add for films from elsewhere.
        self.on_place: Callable[[list[int], int | None], None] | None = None
        self.on_add: Callable[[list[int], int | None], None] | None = None

    def set_list(self, film_list: FilmListRecord | None, rows: list[FilmRow]) -> None:
        by_id = {row.id: row for row in rows}
        self.beginResetModel()
        self.list = film_list
        entries = film_list.entries if film_list is not None else ()
        self._rows = [(by_id[e.film_id], e) for e in entries if e.film_id in by_id]
        self.endResetModel()

    def film_ids(self) -> list[int]:
        return [row.id for row, _ in self._rows]

    def row_of_film(self, film_id: int) -> int:
        return next((i for i, (row, _) in enumerate(self._rows) if row.id == film_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, entry = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, entry, column)
        if role == FILM_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.note or row.label
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (POSITION_COLUMN, 2, 4):
            return int(_RIGHT)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            place = f"number {entry.position + 1}, " if self.list and self.list.ranked else ""
            return f"{place}{row.label}, {self._display(row, entry, column)}"
        return None

    def _display(self, row: FilmRow, entry: ListEntryRecord, column: int) -> str:
        match column:
            case 0:
                return str(entry.position + 1)
            case 1:
                return shown(row.title) + ("  ♥" if row.liked else "")
            case 2:
                return str(row.year) if row.year else ""
            case 3:
                return names_text(row.directors, 2)
            case 4:
                return rating_text(row.rating_tenths, as_stars=self.as_stars)
            case _:
                return shown((entry.note or "").replace("\n", " "))

    def set_ratings_as_stars(self, as_stars: bool) -> None:
        self.as_stars = as_stars
        if self._rows:
            self.dataChanged.emit(self.index(0, 4), self.index(len(self._rows) - 1, 4))

    # Drag and drop: reorder within the list, or add films dragged in from elsewhere.
    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [FILM_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return film_ids_mime([self._rows[r][0].id for r in rows])

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        ids = film_ids_of(data)
        if not ids or self.list is None:
            return False
        target = parent.row() if row < 0 and parent.isValid() else row
        before = self._rows[target][0].id if 0 <= target < len(self._rows) else None
        on_list = set(self.film_ids())
        if all(i in on_list for i in ids):
            if self.on_place is not None:
                self.on_place(ids, before)
        elif self.on_add is not None:
            self.on_add(ids, before)
        # The view must not remove the dragged rows itself: the list reloads instead.
        return False
