"""Where the film page's links lead, and Back/Forward between film pages and searches.

A name on the page (a director, a tag...) runs its search in the main
window's search; a linked film opens its page (selected in the list being
shown when it is there, else in Films); a list opens in the Lists view with
the film chosen; a link inside a review opens in the browser, if it is a web
or mail address. ``PageHistory`` (``history``) records where the user went;
Back and Forward (Alt+Left/Alt+Right, the mouse's side buttons, the toolbar
and View menu) go through it, and are disabled when there is nowhere to go.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QMouseEvent
from PySide6.QtWidgets import QApplication, QToolBar, QToolButton, QWidget

from watchjournal.ui.film.history import FilmPlace, PageHistory, Place
from watchjournal.user_text import shorten

if TYPE_CHECKING:
    from watchjournal.ui.window.main_window import MainWindow

FILM_LIST_VIEWS = ("watchlist", "films")  # views that can select any film they hold
OPENED_SCHEMES = ("http", "https", "mailto")


class PageNavigator(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.history = PageHistory()
        self._restoring = False
        self._pending_result: tuple[str, int] | None = None  # a search's result to choose again
        acts = window.acts
        acts.back.triggered.connect(self.back)
        acts.forward.triggered.connect(self.forward)
        window.library.film_selected.connect(self._film_selected)
        window.search_panel.model.modelReset.connect(self._results_arrived)
        pane = window.detail
        pane.search_requested.connect(self.follow_search)
        pane.film_requested.connect(self.follow_film)
        pane.list_requested.connect(self.open_list)
        pane.url_requested.connect(self.open_url)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # the mouse's back/forward buttons, anywhere in the window
        if pane.film is not None:
            self.history.browse_film(pane.film.id, window.library.current_name)
        self._update_actions()

    @contextmanager
    def _moving(self) -> Iterator[None]:
        """The window changes because of us, not the user: record nothing meanwhile."""
        self._restoring = True
        try:
            yield
        finally:
            self._restoring = False
            self._update_actions()

    # Following links ---------------------------------------------------------------------
    def follow_search(self, query: str) -> None:
        self.history.follow_search(query)
        with self._moving():
            self._window.run_search(query)

    def follow_film(self, film_id: int) -> None:
        with self._moving():
            self._select(film_id, self._window.library.current_name)
        self.history.follow_film(film_id, self._window.library.current_name)
        self._update_actions()

    def open_list(self, list_id: int) -> None:
        """Show the list in the Lists view, with the film on the page chosen in it."""
        window, film = self._window, self._window.detail.film
        with self._moving():
            window.show_view("lists")
            lists = window.lists_view
            lists.show_list(list_id)
            row = lists.entries_model.row_of_film(film.id) if film is not None else -1
            if row >= 0:
                lists.entries_view.selectionModel().setCurrentIndex(
                    lists.entries_model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
        shown = window.detail.film
        if shown is not None:
            self.history.browse_film(shown.id, "lists")
        self._update_actions()

    def open_url(self, url: QUrl) -> None:
        """A link in a review: web and mail addresses open outside the app, nothing else."""
        status = self._window.statusBar()
        if url.scheme().lower() in OPENED_SCHEMES:
            QDesktopServices.openUrl(url)
            status.showMessage(f"Opening {shorten(url.toString(), 100)}", 6000)
        else:
            status.showMessage("Only web and mail links in a review are opened.", 6000)

    # Back and Forward --------------------------------------------------------------------
    def back(self) -> None:
        self._go(self.history.back(self._gone))

    def forward(self) -> None:
        self._go(self.history.forward(self._gone))

    def _gone(self, place: Place) -> bool:
        if not isinstance(place, FilmPlace):
            return False
        return not self._window.service.film_rows_by_ids([place.film_id])

    def _go(self, place: Place | None) -> None:
        if place is None:
            self._update_actions()
            return
        with self._moving():
            if isinstance(place, FilmPlace):
                self._select(place.film_id, place.view)
            else:
                chosen = place.film_id
                self._pending_result = (place.query, chosen) if chosen is not None else None
                self._window.run_search(place.query)

    def _select(self, film_id: int, view: str) -> None:
        """Show the film, selected in ``view`` if that view can hold it, else in Films."""
        window = self._window
        if view in FILM_LIST_VIEWS:
            if window.library.current_name != view:
                window.show_view(view)
            if window.library.select_film(film_id):
                return
        window.show_view("films")
        window.library.select_film(film_id)

    # Recording what the user looks at ----------------------------------------------------
    def _film_selected(self, film_id: int | None) -> None:
        if self._restoring or film_id is None:
            return
        library = self._window.library
        if library.current_name == "search":
            query = self._window.search_panel.query
            if query:
                self.history.browse_search(query)
                self.history.look_at_result(film_id)
        else:
            self.history.browse_film(film_id, library.current_name)
        self._update_actions()

    def _results_arrived(self) -> None:
        panel = self._window.search_panel
        if self._window.library.current_name != "search" or not panel.query:
            return
        if not self._restoring:
            self.history.browse_search(panel.query)
        pending = self._pending_result
        if pending is not None and pending[0] == panel.query:
            self._pending_result = None
            # After the panel has chosen its first result: choose the one looked at before.
            QTimer.singleShot(0, lambda: self._choose_result(pending[1]))
        self._update_actions()

    def _choose_result(self, film_id: int) -> None:
        panel = self._window.search_panel
        rows = [row for row, hit in enumerate(panel.model.hits) if hit.film.id == film_id]
        if rows:
            panel.view.setCurrentIndex(panel.model.index(rows[0], 0))

    def _update_actions(self) -> None:
        self._window.acts.back.setEnabled(self.history.can_go_back)
        self._window.acts.forward.setEnabled(self.history.can_go_forward)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonPress
            and isinstance(event, QMouseEvent)
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            if event.button() == Qt.MouseButton.BackButton:
                self._window.acts.back.trigger()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self._window.acts.forward.trigger()
                return True
        return super().eventFilter(watched, event)


def attach_film_page(window: MainWindow) -> PageNavigator:
    """Connect the film page to the window: its links, link edits, and Back/Forward."""
    pane, commands = window.detail, window.commands
    pane.link_requested.connect(commands.link_films)
    pane.link_note_changed.connect(commands.set_link_note)
    pane.unlink_requested.connect(commands.unlink_films)
    bar = window.findChild(QToolBar, "main-toolbar")
    if bar is not None:
        first = bar.actions()[0] if bar.actions() else None
        bar.insertActions(first, [window.acts.back, window.acts.forward])  # type: ignore[arg-type]
        bar.insertSeparator(first)  # type: ignore[arg-type]
        for action in (window.acts.back, window.acts.forward):
            button = bar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    return PageNavigator(window)
