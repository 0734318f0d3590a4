"""The four walls (watchlist, diary, films, search results) and what they share.

One thumbnail loader serves them all (only the wall on screen asks it for
anything), and one size: moving any wall's slider resizes every wall.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Signal

from watchjournal.journal import JournalService
from watchjournal.metadata.cache import PosterCache
from watchjournal.metadata.thumbnails import ThumbnailCache
from watchjournal.ui.wall.delegate import DEFAULT_STEP
from watchjournal.ui.wall.models import DiaryWallModel, FilmWallModel, SearchWallModel
from watchjournal.ui.wall.page import WallPage
from watchjournal.ui.wall.thumbs import ThumbnailLoader
from watchjournal.ui.wall.view import WallView
from watchjournal.ui.window.models import FILM_ID_ROLE, FilmTableModel
from watchjournal.ui.window.search_results import SearchResultsModel

WALL_VIEWS = ("watchlist", "diary", "films", "search")


class Walls(QObject):
    film_activated = Signal(str, int)  # which wall, the film's id (Enter or double-click)
    size_step_changed = Signal(int)

    def __init__(
        self,
        service: JournalService,
        cache: PosterCache | None,
        films: FilmTableModel,
        watchlist: FilmTableModel,
        search_results: SearchResultsModel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.loader = ThumbnailLoader(ThumbnailCache(cache) if cache is not None else None, self)
        self.diary_model = DiaryWallModel(service, self)
        self.search_model = SearchWallModel(service, search_results, self)
        models = {
            "watchlist": FilmWallModel(watchlist, self),
            "diary": self.diary_model,
            "films": FilmWallModel(films, self),
            "search": self.search_model,
        }
        self.views: dict[str, WallView] = {}
        self.pages: dict[str, WallPage] = {}
        self.size_step = DEFAULT_STEP
        for name in WALL_VIEWS:
            view = WallView(self.loader)
            view.setAccessibleName(f"{name.capitalize()} wall")
            view.setModel(models[name])
            view.activated.connect(lambda index, n=name: self._activated(n, index))
            page = WallPage(view)
            page.size_step_changed.connect(self.set_size_step)
            self.views[name], self.pages[name] = view, page
        # New hits: the best one is current, so the film pane shows it (as in the list).
        self.search_model.modelReset.connect(self._first_hit_current)

    def reload_diary(self) -> None:
        """Read the diary's months again (the diary is being shown); the newest is current."""
        self.diary_model.reload()
        view = self.views["diary"]
        if self.diary_model.rowCount() and not view.currentIndex().isValid():
            view.setCurrentIndex(self.diary_model.index(0, 0))

    def set_size_step(self, step: int) -> None:
        changed = step != self.size_step
        self.size_step = step
        for page in self.pages.values():
            page.set_size_step(step)
        if changed:
            self.size_step_changed.emit(step)

    def set_ratings_as_stars(self, as_stars: bool) -> None:
        for view in self.views.values():
            view.set_ratings_as_stars(as_stars)

    def set_shown(self, name: str, shown: bool) -> None:
        """The search wall reads its films only while it is the one on screen."""
        if name == "search":
            self.search_model.set_active(shown)

    def forget_missing_posters(self) -> None:
        """After a change (a poster fetched or set), look again for posters that had none."""
        self.loader.forget_missing()
        for view in self.views.values():
            view.viewport().update()

    def _first_hit_current(self) -> None:
        if self.search_model.rowCount():
            self.views["search"].setCurrentIndex(self.search_model.index(0, 0))

    def _activated(self, name: str, index: QModelIndex) -> None:
        film_id = index.data(FILM_ID_ROLE)
        if film_id is not None:
            self.film_activated.emit(name, int(film_id))
