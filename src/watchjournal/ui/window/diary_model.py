"""The diary as a tree: months (newest first) whose viewings load when shown."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from watchjournal.journal import JournalService
from watchjournal.journal.rows import DiaryMonth, DiaryRow
from watchjournal.ui.common.formatting import count_text, day_text, month_text, rating_text
from watchjournal.ui.common.rating_display import rating_tooltip
from watchjournal.ui.window.models import FILM_ID_ROLE, PAGE_SIZE

Index = QModelIndex | QPersistentModelIndex
_TOP = 0  # internalId of month rows; viewing rows carry their month's row + 1
VIEWING_ID_ROLE = Qt.ItemDataRole.UserRole + 3


class DiaryModel(QAbstractItemModel):
    headers = ("Film", "Watched", "Rating", "Where", "Note")

    def __init__(self, service: JournalService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._months: list[DiaryMonth] = []
        self._rows: list[list[DiaryRow]] = []
        self.as_stars = False

    def reload(self) -> None:
        months = self._service.diary_months()  # first: a failed read leaves the rows be
        self.beginResetModel()
        self._months = months
        self._rows = [[] for _ in self._months]
        self.endResetModel()

    def total(self) -> int:
        return sum(month.count for month in self._months)

    def viewing_at(self, index: Index) -> DiaryRow | None:
        if not index.isValid() or index.internalId() == _TOP:
            return None
        rows = self._rows[index.internalId() - 1]
        return rows[index.row()] if index.row() < len(rows) else None

    def find_viewing(self, viewing_id: int, watched_on: date | None) -> QModelIndex:
        """The row of a viewing watched on ``watched_on``, loading its month up to it."""
        month = None if watched_on is None else f"{watched_on.year:04d}-{watched_on.month:02d}"
        row = next((n for n, m in enumerate(self._months) if m.month == month), -1)
        if row < 0:
            return QModelIndex()
        parent = self.index(row, 0)
        while True:
            for number, viewing in enumerate(self._rows[row]):
                if viewing.viewing_id == viewing_id:
                    return self.index(number, 0, parent)
            loaded = len(self._rows[row])
            self.fetchMore(parent)
            if len(self._rows[row]) == loaded:  # nothing more (or the journal changed)
                return QModelIndex()

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._months)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self._rows[parent.row()])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.headers)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if not parent.isValid():
            return bool(self._months)
        return parent.internalId() == _TOP and parent.column() == 0

    def canFetchMore(self, parent: Index) -> bool:
        if not parent.isValid() or parent.internalId() != _TOP:
            return False
        return len(self._rows[parent.row()]) < self._months[parent.row()].count

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        month_row = parent.row()
        loaded = self._rows[month_row]
        page = self._service.diary_rows(self._months[month_row].month, len(loaded), PAGE_SIZE)
        if not page:
            return
        self.beginInsertRows(self.index(month_row, 0), len(loaded), len(loaded) + len(page) - 1)
        loaded.extend(page)
        self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _TOP:
            return self._month_data(self._months[index.row()], index.column(), role)
        row = self.viewing_at(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            label = f"{row.title} ({row.year})" if row.year else row.title
            marks = [
                m
                for m, on in (("rewatch", row.rewatch), ("did not finish", row.did_not_finish))
                if on
            ]
            return (
                label + (f"  · {', '.join(marks)}" if marks else ""),
                day_text(row.watched_on),
                rating_text(row.rating_tenths, as_stars=self.as_stars),
                row.where or "",
                " ".join((row.note or "").split()),
            )[index.column()]
        if role == FILM_ID_ROLE:
            return row.film_id
        if role == VIEWING_ID_ROLE:
            return row.viewing_id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return rating_tooltip(row.rating_tenths, self.as_stars)  # the number behind stars
        return None

    @staticmethod
    def _month_data(month: DiaryMonth, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            films = "film" if month.count == 1 else "films"
            label = "Date unknown" if month.month is None else month_text(month.month)
            return f"{label}  ·  {count_text(month.count)} {films}"
        if role == Qt.ItemDataRole.FontRole and column == 0:
            font = QFont()
            font.setBold(True)
            return font
        return None
