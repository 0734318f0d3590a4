"""The middle column: the library views (watchlist, diary, films, reviews; lists, a page
built elsewhere and added with ``add_page``) and the empty state shown before the
first film is added.

Watchlist, diary, films and search results can each be shown as a list or as a
poster wall (``ui/wall``); ``current_view()`` is whichever is on screen, so
selection, actions and the film pane work the same on both.

Columns fit the list's width (``columns.ColumnPlan``): the title stretches,
the others are as wide as their content, and the least important are hidden
in a narrow window instead of scrolling sideways.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from watchjournal.journal import JournalService
from watchjournal.journal.rows import FilmQuery
from watchjournal.metadata.cache import PosterCache
from watchjournal.ui.common.widgets import plain_label
from watchjournal.ui.wall.walls import WALL_VIEWS, Walls
from watchjournal.ui.window.columns import ColumnFitter, ColumnPlan, fit_columns
from watchjournal.ui.window.diary_model import DiaryModel
from watchjournal.ui.window.models import (
    FILM_ID_ROLE,
    REVIEW_ID_ROLE,
    FilmTableModel,
    ReviewTableModel,
)
from watchjournal.ui.window.search_results import SearchPanel
from watchjournal.ui.window.tables import list_table

VIEW_NAMES = ("watchlist", "diary", "films", "reviews", "lists", "stats")
# Films: Title, Year, Director, Your rating, Last watched, Added.
FILM_COLUMNS = ColumnPlan(stretch=0, stretch_min=14, drop_order=(5, 4, 2, 1), caps={2: 24})
# Reviews: Film, Rating, Verdict, Review, Written (whole dates, never cut).
REVIEW_COLUMNS = ColumnPlan(stretch=3, stretch_min=12, drop_order=(2, 1), caps={0: 28, 2: 28})
# Diary: Film, Watched, Rating, Where, Note.
DIARY_COLUMNS = ColumnPlan(stretch=0, stretch_min=16, drop_order=(4, 3, 2), caps={3: 16, 4: 30})
EMPTY_TEXT_WIDTH = 460  # the empty state's column of text, at most (pixels)


class EmptyState(QWidget):
    """What a new journal shows: how to start.

    The text sits in a centred column that is as wide as the page allows (up to
    ``EMPTY_TEXT_WIDTH``) and is added to its layout without an alignment: an
    aligned label gets its one-line height, which cut the wrapped heading
    through its letters and the description after two lines. Unaligned, the
    layout asks each label its height for the width it gets.
    """

    def __init__(self, add: QPushButton, import_: QPushButton, demo: QPushButton) -> None:
        super().__init__()
        column = QWidget()
        column.setMaximumWidth(EMPTY_TEXT_WIDTH)
        column.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        inner = QVBoxLayout(column)
        inner.setContentsMargins(0, 0, 0, 0)
        self.heading = plain_label(
            "Your journal is empty", point_delta=8, bold=True, selectable=False
        )
        self.description = plain_label(
            "Add the films you want to see and the ones you have seen. Log when you"
            " watched them, rate them and write about them — everything stays on this"
            " computer.",
            muted=True,
            selectable=False,
        )
        for label in (self.heading, self.description):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            inner.addWidget(label)
        inner.addSpacing(16)
        for button in (add, import_, demo):
            button.setMinimumWidth(260)
            inner.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 100)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addStretch(2)
        layout.addLayout(row)
        layout.addStretch(3)


class LibraryViews(QStackedWidget):
    """Owns the list models; emits the film (and review) the user is looking at."""

    film_selected = Signal(object)  # int | None
    film_activated = Signal(int)  # Enter or double-click on a film (list or wall)
    review_activated = Signal(int, int)  # film id, review id
    selection_changed = Signal()

    def __init__(
        self,
        service: JournalService,
        empty_state: EmptyState,
        search_panel: SearchPanel,
        cache: PosterCache | None = None,
    ) -> None:
        super().__init__()
        self.watchlist_model = FilmTableModel(service, self)
        self.watchlist_model.query = FilmQuery(kind="watchlist", sort="watchlist")
        self.films_model = FilmTableModel(service, self)
        self.diary_model = DiaryModel(service, self)
        self.reviews_model = ReviewTableModel(service, self)

        self.watchlist_view = list_table("Watchlist")
        self.watchlist_view.setModel(self.watchlist_model)
        self.watchlist_view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.watchlist_view.setDragEnabled(True)
        self.watchlist_view.setAcceptDrops(True)
        self.watchlist_view.setDropIndicatorShown(True)
        self.watchlist_view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.films_view = list_table("Films")
        self.films_view.setModel(self.films_model)
        # Indicator first: switching sorting on sorts by it, and the model's own
        # order (title, ascending) already matches, so nothing is loaded twice.
        self.films_view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.films_view.setSortingEnabled(True)
        self.reviews_view = list_table("Reviews")
        self.reviews_view.setModel(self.reviews_model)
        self.diary_view = QTreeView()
        self.diary_view.setAccessibleName("Diary")
        self.diary_view.setModel(self.diary_model)
        self.diary_view.setUniformRowHeights(True)
        self.diary_view.setAlternatingRowColors(True)
        self.diary_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.diary_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.empty_state = empty_state

        self.search_panel = search_panel
        self.views: dict[str, QAbstractItemView] = {
            "watchlist": self.watchlist_view,
            "diary": self.diary_view,
            "films": self.films_view,
            "reviews": self.reviews_view,
            "search": search_panel.view,
        }
        for name, view in self.views.items():
            self.addWidget(search_panel if name == "search" else view)
            view.selectionModel().currentChanged.connect(self._current_changed)
            view.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
        self.reviews_view.activated.connect(self._review_activated)
        self.addWidget(empty_state)
        # Poster wall (issue 14, part WL): a wall page per view, shown instead of the list.
        self.modes = dict.fromkeys(WALL_VIEWS, "list")
        self.walls = Walls(
            service, cache, self.films_model, self.watchlist_model, search_panel.model, self
        )
        for name, page in self.walls.pages.items():
            if name == "search":
                page.hide()
                panel_layout = search_panel.layout()
                assert isinstance(panel_layout, QVBoxLayout)
                panel_layout.addWidget(page, 1)
            else:
                self.addWidget(page)
            selection = self.walls.views[name].selectionModel()
            selection.currentChanged.connect(self._current_changed)
            selection.selectionChanged.connect(lambda *_: self.selection_changed.emit())
        for name in ("watchlist", "diary", "films"):
            self.views[name].activated.connect(self._film_activated)
        self.walls.film_activated.connect(self._wall_activated)
        self.current_name = "films"
        self.models: dict[str, FilmTableModel | DiaryModel | ReviewTableModel] = {
            "watchlist": self.watchlist_model,
            "diary": self.diary_model,
            "films": self.films_model,
            "reviews": self.reviews_model,
        }
        self._stale: set[str] = set(VIEW_NAMES)
        self.fitters: dict[str, ColumnFitter] = {
            "watchlist": fit_columns(self.watchlist_view, FILM_COLUMNS),
            "films": fit_columns(self.films_view, FILM_COLUMNS),
            "reviews": fit_columns(self.reviews_view, REVIEW_COLUMNS),
            "diary": fit_columns(self.diary_view, DIARY_COLUMNS),
        }
        # Pages built elsewhere (the Lists view): the page, and how it reloads.
        self._pages: dict[str, tuple[QWidget, Callable[[], None]]] = {}

    def add_page(
        self, name: str, page: QWidget, view: QAbstractItemView, reload: Callable[[], None]
    ) -> None:
        """Show ``page`` as the view ``name``; ``view``'s current film is the one shown
        in the film pane (its model gives FILM_ID_ROLE), as in the other views."""
        self.views[name] = view
        self._pages[name] = (page, reload)
        self.insertWidget(self.indexOf(self.empty_state), page)
        view.selectionModel().currentChanged.connect(self._current_changed)
        view.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())

    def reload(self) -> None:
        """Reload the list on screen (after a change); the others reload when shown."""
        self._stale = set(VIEW_NAMES)
        self._reload_if_stale(self.current_name)

    def mark_stale(self, name: str) -> None:
        self._stale.add(name)
        if name == self.current_name:
            self._reload_if_stale(name)

    def _reload_if_stale(self, name: str) -> None:
        # Stale until read: a read that fails (a journal server gone away) is tried again.
        if name in self._pages and name in self._stale:
            self._pages[name][1]()
            self._stale.discard(name)
            return
        if name not in self._stale or name not in self.models:
            return
        film_id = self.current_film_id() if name == self.current_name else None
        model = self.models[name]
        model.reload()
        self._stale.discard(name)
        if name == "diary":
            self.walls.reload_diary()
            self._expand_recent_months()
        if name in self.fitters:
            self.fitters[name].fit()
        if film_id is not None:
            self.select_film(film_id)

    def _expand_recent_months(self) -> None:
        for row in range(self.diary_model.rowCount()):
            # A month's heading reads across the whole row.
            self.diary_view.setFirstColumnSpanned(row, QModelIndex(), True)
            if row < 6:
                self.diary_view.expand(self.diary_model.index(row, 0))
        first_month = self.diary_model.index(0, 0)
        if not self.diary_view.currentIndex().isValid() and self.diary_model.rowCount(first_month):
            self.diary_view.setCurrentIndex(self.diary_model.index(0, 0, first_month))

    def show_view(self, name: str, *, empty: bool = False) -> None:
        self.current_name = name
        self._reload_if_stale(name)
        page = self._pages[name][0] if name in self._pages else self._page(name)
        # A page of its own (Lists) says itself what to do when there is nothing yet.
        bare = empty and name != "search" and name not in self._pages
        self.setCurrentWidget(self.empty_state if bare else page)
        view = self.current_view()
        model = view.model()
        lists_films = name not in ("search", "diary") and model is not None
        if lists_films and model.rowCount() and not view.currentIndex().isValid():
            view.setCurrentIndex(model.index(0, 0))  # show something in the film pane
        self._current_changed(self.current_view().currentIndex(), QModelIndex())

    def _page(self, name: str) -> QWidget:
        """The list or the wall of ``name``, as its mode says (search: inside the panel)."""
        wall = self.modes.get(name) == "wall"
        self.walls.set_shown("search", name == "search" and wall)
        if name == "search":
            self.search_panel.view.setVisible(not wall)
            self.walls.pages["search"].setVisible(wall)
            return self.search_panel
        return self.walls.pages[name] if wall else self.views[name]

    def current_view(self) -> QAbstractItemView:
        if self.modes.get(self.current_name) == "wall":
            return self.walls.views[self.current_name]
        return self.views[self.current_name]

    def set_mode(self, name: str, mode: str) -> None:
        """Show view ``name`` as a "list" or a "wall", keeping the film that was current."""
        if name not in self.modes or self.modes[name] == mode:
            return
        film_id = self.current_film_id() if name == self.current_name else None
        self.modes[name] = mode
        if name == self.current_name:
            self.show_view(name, empty=self.currentWidget() is self.empty_state)
            if film_id is not None:
                self.select_film(film_id)

    def current_film_id(self) -> int | None:
        index = self.current_view().currentIndex()
        value = index.data(FILM_ID_ROLE) if index.isValid() else None
        return int(value) if value is not None else None

    def selected_film_ids(self) -> list[int]:
        view = self.current_view()
        rows = view.selectionModel().selectedRows() or (
            [view.currentIndex()] if view.currentIndex().isValid() else []
        )
        ids = [index.data(FILM_ID_ROLE) for index in rows]
        return list(dict.fromkeys(int(i) for i in ids if i is not None))

    def select_film(self, film_id: int) -> bool:
        view = self.current_view()
        model = view.model()
        row_of_film = getattr(model, "row_of_film", None)  # the films lists and every wall
        if callable(row_of_film):
            row = int(row_of_film(film_id))
            if row >= 0:
                index = model.index(row, 0)
                view.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                view.scrollTo(index)
                return True
        return False

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        value = current.data(FILM_ID_ROLE) if current.isValid() else None
        self.film_selected.emit(int(value) if value is not None else None)

    def _film_activated(self, index: QModelIndex) -> None:
        film_id = index.data(FILM_ID_ROLE)
        if film_id is not None:
            self.film_activated.emit(int(film_id))

    def _wall_activated(self, name: str, film_id: int) -> None:
        # A search hit opens in the Films list, as Enter on a listed hit does.
        (self.search_panel if name == "search" else self).film_activated.emit(film_id)

    def _review_activated(self, index: QModelIndex) -> None:
        film_id, review_id = index.data(FILM_ID_ROLE), index.data(REVIEW_ID_ROLE)
        if film_id is not None and review_id is not None:
            self.review_activated.emit(int(film_id), int(review_id))

    def set_ratings_as_stars(self, as_stars: bool) -> None:
        for model in (self.watchlist_model, self.films_model, self.reviews_model):
            model.set_ratings_as_stars(as_stars)
        self.diary_model.as_stars = as_stars
        self.diary_view.viewport().update()
        self.walls.set_ratings_as_stars(as_stars)
