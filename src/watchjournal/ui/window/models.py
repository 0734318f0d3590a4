"""Qt item models over the journal service, loaded a page at a time (fetchMore).

Only the rows a view asks for are fetched, so a 100,000-film journal opens at
once and scrolls smoothly. The models hold plain rows from the service; they
never touch SQL themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from watchjournal.journal.rows import FilmQuery, FilmRow, FilmSort, ReviewRow
from watchjournal.ui.common.formatting import day_text, names_text, rating_text, stamp_text
from watchjournal.ui.common.rating_display import rating_tooltip
from watchjournal.ui.common.widgets import shown

if TYPE_CHECKING:  # the app's first page is shown before the service is imported
    from watchjournal.journal import JournalService

PAGE_SIZE = 200
FILM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
REVIEW_ID_ROLE = Qt.ItemDataRole.UserRole + 2
WATCHLIST_MIME = "application/x-watchjournal-film-ids"

Index = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")


class PagedTableModel(QAbstractTableModel, Generic[RowT]):
    """A table whose rows come from ``load(offset, limit)`` as the view scrolls."""

    headers: Sequence[str] = ()

    def __init__(
        self,
        count: Callable[[], int],
        load: Callable[[int, int], list[RowT]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._count = count
        self._load = load
        self._rows: list[RowT] = []
        self._total = 0
        self.as_stars = False

    def reload(self) -> None:
        # Read first: a journal server gone away leaves the rows on screen as they were.
        total = self._count()
        rows = self._load(0, min(PAGE_SIZE, total)) if total else []
        self.beginResetModel()
        self._total, self._rows = total, rows
        self.endResetModel()

    def total(self) -> int:
        return self._total

    def row_at(self, row: int) -> RowT | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        start = len(self._rows)
        page = self._load(start, min(PAGE_SIZE, self._total - start))
        if not page:
            self._total = start
            return
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section] if section < len(self.headers) else None
        return None

    def set_ratings_as_stars(self, as_stars: bool) -> None:
        self.as_stars = as_stars
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.headers) - 1)
            )


class FilmSource(Protocol):
    """Where a film list's rows come from: the service, or the app's first page
    read before the service is imported (``journal.first_page.FirstPage``)."""

    def film_ids(self, query: FilmQuery) -> list[int]: ...

    def film_rows_by_ids(self, ids: Sequence[int]) -> list[FilmRow]: ...


_FILM_COLUMNS: tuple[tuple[str, FilmSort], ...] = (
    ("Title", "title"),
    ("Year", "year"),
    ("Director", "director"),
    ("Your rating", "rating"),
    ("Last watched", "last_watched"),
    ("Added", "added"),
)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class FilmTableModel(PagedTableModel[FilmRow]):
    """Films (all, watched, watchlist or search results) with sortable columns."""

    headers = tuple(name for name, _ in _FILM_COLUMNS)

    def __init__(self, service: FilmSource, parent: QObject | None = None) -> None:
        super().__init__(self._count_ids, self._load_rows, parent)
        self._service = service
        self._ids: list[int] = []
        self.query = FilmQuery()
        self.on_move: Callable[[int, int], None] | None = None

    def _count_ids(self) -> int:
        # The whole order is fetched once per reload; pages are then looked up by id.
        self._ids = self._service.film_ids(self.query)
        return len(self._ids)

    def _load_rows(self, offset: int, limit: int) -> list[FilmRow]:
        return self._service.film_rows_by_ids(self._ids[offset : offset + limit])

    def set_query(self, query: FilmQuery) -> None:
        self.query = query
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(_FILM_COLUMNS):
            descending = order == Qt.SortOrder.DescendingOrder
            query = replace(self.query, sort=_FILM_COLUMNS[column][1], descending=descending)
            # Views call sort() when sorting is switched on: nothing to do if unchanged.
            if query != self.query:
                self.set_query(query)

    def row_of_film(self, film_id: int) -> int:
        """The row of a film, loading pages up to it if it is further down the list."""
        try:
            position = self._ids.index(film_id)
        except ValueError:
            return -1
        while len(self._rows) <= position and self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())
        return position if position < len(self._rows) else -1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == FILM_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return row.watchlist_note or row.label
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return rating_tooltip(row.rating_tenths, self.as_stars)  # the number behind stars
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 3):
            return int(_RIGHT)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.label}, {self._display(row, column)}"
        return None

    def _display(self, row: FilmRow, column: int) -> str:
        match column:
            case 0:
                return shown(row.title) + ("  ♥" if row.liked else "")
            case 1:
                return str(row.year) if row.year else ""
            case 2:
                return names_text(row.directors, 2)
            case 3:
                return rating_text(row.rating_tenths, as_stars=self.as_stars)
            case 4:
                return day_text(row.last_watched)
            case _:
                return stamp_text(row.added_at)

    # Drag and drop reordering (only in the watchlist, sorted by the user's order).
    def _reorderable(self) -> bool:
        return self.query.kind == "watchlist" and self.query.sort == "watchlist"

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not self._reorderable():
            return base
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [WATCHLIST_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = sorted({self._rows[i.row()].id for i in indexes if i.isValid()}, key=self.row_of_film)
        mime = QMimeData()
        mime.setData(WATCHLIST_MIME, QByteArray(",".join(map(str, ids)).encode()))
        return mime

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(WATCHLIST_MIME):
            return False
        target = parent.row() if row < 0 and parent.isValid() else row
        if target < 0:
            target = len(self._rows)
        raw = bytes(data.data(WATCHLIST_MIME).data()).decode()
        ids = [int(part) for part in raw.split(",") if part]
        for offset, film_id in enumerate(ids):
            current = self.row_of_film(film_id)
            destination = target + offset - (1 if 0 <= current < target + offset else 0)
            if self.on_move is not None:
                self.on_move(film_id, destination)
        # The view must not remove the dragged rows itself: we reload instead.
        return False


class ReviewTableModel(PagedTableModel[ReviewRow]):
    """Every review, most recently written first."""

    # "Verdict", as the review editor calls it (the journal's field is ``headline``).
    headers = ("Film", "Rating", "Verdict", "Review", "Written")

    def __init__(self, service: JournalService, parent: QObject | None = None) -> None:
        super().__init__(service.count_reviews, service.review_rows, parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            label = f"{shown(row.title)} ({row.year})" if row.year else shown(row.title)
            flags = [x for x, on in (("draft", row.draft), ("spoilers", row.spoilers)) if on]
            return (
                label,
                rating_text(row.rating_tenths, as_stars=self.as_stars),
                shown(row.headline),
                # A spoiler's text stays hidden in the list; the editor shows it.
                "[" + ", ".join(flags) + "]" + ("" if row.spoilers else " " + shown(row.excerpt))
                if flags
                else shown(row.excerpt),
                stamp_text(row.updated_at),
            )[index.column()]
        if role == FILM_ID_ROLE:
            return row.film_id
        if role == REVIEW_ID_ROLE:
            return row.review_id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(_RIGHT)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return rating_tooltip(row.rating_tenths, self.as_stars)  # the number behind stars
        return None
