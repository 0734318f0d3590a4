"""The wall's models: the films lists as they are, the diary flat by month, search hits.

Each answers ``WALL_ITEM_ROLE`` with a ``WallItem`` and ``FILM_ID_ROLE`` with
the film's id, so selection, actions and the details pane work on the wall as
they do on the lists.

- Films and Watchlist: an identity proxy over the list's own ``FilmTableModel``,
  so list and wall share one id order, one page cache and one ``fetchMore``.
- Diary: every viewing in one flat list, sectioned by month. The months and
  their counts come first (one small query), so the whole wall is laid out at
  once; viewings are read a page at a time when a tile of that page is shown.
- Search: the films of the current hits, read in one query when shown.
"""

from __future__ import annotations

import bisect
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QIdentityProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from watchjournal.journal import JournalService
from watchjournal.journal.rows import DiaryMonth
from watchjournal.ui.common.formatting import count_text, month_text
from watchjournal.ui.wall.items import (
    WALL_ITEM_ROLE,
    WallItem,
    diary_item,
    film_item,
    spoken_text,
    tooltip_text,
)
from watchjournal.ui.wall.layout import Section
from watchjournal.ui.window.diary_model import VIEWING_ID_ROLE
from watchjournal.ui.window.models import FILM_ID_ROLE, PAGE_SIZE, FilmTableModel
from watchjournal.ui.window.search_results import SearchResultsModel

Index = QModelIndex | QPersistentModelIndex


def _item_data(item: WallItem | None, role: int) -> Any:
    """The roles every wall model answers the same way from its item."""
    if item is None:
        return None
    if role == WALL_ITEM_ROLE:
        return item
    if role == FILM_ID_ROLE:
        return item.film_id
    if role == Qt.ItemDataRole.DisplayRole:
        return item.label  # also what typing a title's first letters looks for
    if role == Qt.ItemDataRole.ToolTipRole:
        return tooltip_text(item)
    if role == Qt.ItemDataRole.AccessibleTextRole:
        return spoken_text(item)
    return None


_ITEM_ROLES = (
    WALL_ITEM_ROLE,
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
)


def month_heading(month: DiaryMonth) -> str:
    label = "Date unknown" if month.month is None else month_text(month.month)
    films = "film" if month.count == 1 else "films"
    return f"{label}  ·  {count_text(month.count)} {films}"


class FilmWallModel(QIdentityProxyModel):
    """A films list (all, watchlist) seen as wall items; rows are the list's rows."""

    def __init__(self, films: FilmTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.films = films
        self.setSourceModel(films)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in _ITEM_ROLES:
            row = self.films.row_at(index.row()) if index.isValid() else None
            return _item_data(film_item(row) if row is not None else None, role)
        return super().data(index, role)

    def row_of_film(self, film_id: int) -> int:
        return self.films.row_of_film(film_id)


class DiaryWallModel(QAbstractListModel):
    """Every viewing, newest first, one section per month; pages read when shown."""

    def __init__(self, service: JournalService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._months: list[DiaryMonth] = []
        self._starts: list[int] = []
        self._total = 0
        self._pages: dict[tuple[int, int], list[tuple[WallItem, int]]] = {}
        self.pages_read = 0  # how many pages were read from the journal (tests look)

    def reload(self) -> None:
        self.beginResetModel()
        self._months = self._service.diary_months()
        self._starts, start = [], 0
        for month in self._months:
            self._starts.append(start)
            start += month.count
        self._total = start
        self._pages.clear()
        self.endResetModel()

    def wall_sections(self) -> list[Section]:
        return [
            Section(start, month.count, month_heading(month))
            for start, month in zip(self._starts, self._months, strict=True)
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._total:
            return None
        entry = self._entry(index.row())
        if entry is None:
            return None
        if role == VIEWING_ID_ROLE:
            return entry[1]
        return _item_data(entry[0], role)

    def _entry(self, row: int) -> tuple[WallItem, int] | None:
        number = bisect.bisect_right(self._starts, row) - 1
        offset = row - self._starts[number]
        key = (number, offset // PAGE_SIZE)
        page = self._pages.get(key)
        if page is None:
            page = self._pages[key] = self._read_page(number, key[1] * PAGE_SIZE)
        inside = offset % PAGE_SIZE
        return page[inside] if inside < len(page) else None

    def _read_page(self, number: int, offset: int) -> list[tuple[WallItem, int]]:
        self.pages_read += 1
        viewings = self._service.diary_rows(self._months[number].month, offset, PAGE_SIZE)
        ids = list(dict.fromkeys(v.film_id for v in viewings))
        films = {row.id: row for row in self._service.film_rows_by_ids(ids)}
        return [(diary_item(v, films.get(v.film_id)), v.viewing_id) for v in viewings]

    def row_of_film(self, film_id: int, *, read_up_to: int = 2 * PAGE_SIZE) -> int:
        """The newest viewing of this film among the first ``read_up_to`` rows (-1: none).

        Rows already read are looked at first; then pages from the top are read
        until the film turns up or ``read_up_to`` rows were looked at.
        """
        found = self._loaded_row_of(film_id)
        if found >= 0:
            return found
        looked = 0
        for number, month in enumerate(self._months):
            for offset in range(0, month.count, PAGE_SIZE):
                if looked >= read_up_to:
                    return self._loaded_row_of(film_id)
                self._entry(self._starts[number] + offset)  # reads that page if not yet read
                looked += min(PAGE_SIZE, month.count - offset)
        return self._loaded_row_of(film_id)

    def _loaded_row_of(self, film_id: int) -> int:
        for (number, page_number), page in sorted(self._pages.items()):
            for inside, (item, _viewing) in enumerate(page):
                if item.film_id == film_id:
                    return self._starts[number] + page_number * PAGE_SIZE + inside
        return -1


class SearchWallModel(QAbstractListModel):
    """The films of the search hits, in rank order, read when the wall is on screen."""

    def __init__(
        self,
        service: JournalService,
        results: SearchResultsModel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._results = results
        self._items: list[WallItem] = []
        self._stale = True
        self._active = False
        results.modelReset.connect(self._results_changed)

    def set_active(self, active: bool) -> None:
        """Read the hits' films only while the wall shows them."""
        self._active = active
        if active and self._stale:
            self.refresh()

    def _results_changed(self) -> None:
        self._stale = True
        if self._active:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        ids = [hit.film.id for hit in self._results.hits]
        rows = self._service.film_rows_by_ids(ids) if ids else []
        self.beginResetModel()
        self._items = [film_item(row) for row in rows]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        return _item_data(self._items[index.row()], role)

    def row_of_film(self, film_id: int) -> int:
        return next((n for n, item in enumerate(self._items) if item.film_id == film_id), -1)
