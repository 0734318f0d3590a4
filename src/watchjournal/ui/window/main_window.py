"""The main window: library views on the left, the list in the middle, the film on the right.

It wires the shared actions to the film commands, keeps the detail pane in
step with the selection, filters live as the user types in the search field,
and remembers its geometry (kept on a screen that exists) and splitter state.
The status bar names the journal and counts what the view shows; a demo
journal says so in its title and a banner. Every change to the journal
runs on the runner's writer lane; while one waits for a journal locked by
another program, the status bar says so. Closing saves the review being
written and waits for pending changes; if the journal stays locked, the user
chooses between waiting and quitting without them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from watchjournal import APP_NAME
from watchjournal.errors import JournalUnavailableError
from watchjournal.journal import JournalService, NotFoundError
from watchjournal.journal.rows import FilmQuery
from watchjournal.metadata.cache import PosterCache
from watchjournal.ui.common.errors import report_journal_away
from watchjournal.ui.common.icons import clear_icon_cache, icon
from watchjournal.ui.common.preferences import UiPreferences
from watchjournal.ui.common.tasks import TaskRunner, wait_until
from watchjournal.ui.film.commands import FilmCommands
from watchjournal.ui.film.detail import FilmDetailPane
from watchjournal.ui.film.navigation import attach_film_page
from watchjournal.ui.film.poster_view import PosterFileCommand
from watchjournal.ui.lists.hookup import attach_lists_view
from watchjournal.ui.online.actions import OnlineActions
from watchjournal.ui.stats.hookup import attach_stats_view
from watchjournal.ui.wall.hookup import connect_wall_and_poster_files, update_wall_action
from watchjournal.ui.window import chrome, menu_dialogs
from watchjournal.ui.window.actions import ICON_PROPERTY, build_menus, create_actions
from watchjournal.ui.window.banner import DemoBanner, with_banner
from watchjournal.ui.window.editing import EntryEditing
from watchjournal.ui.window.geometry import restore_geometry, save_geometry
from watchjournal.ui.window.keyboard import WindowKeyboard
from watchjournal.ui.window.library_views import VIEW_NAMES, EmptyState, LibraryViews
from watchjournal.ui.window.other_machines import watch_other_machines
from watchjournal.ui.window.search_results import SearchPanel
from watchjournal.ui.window.server_away import ServerAway
from watchjournal.ui.window.startup import WindowShell
from watchjournal.ui.window.status import WindowStatus

if TYPE_CHECKING:
    from watchjournal.ui.review.editor import ReviewEditor

SEARCH_DEBOUNCE_MS = 180
CLOSE_WAIT_MS = 2500  # how long closing waits for pending changes before asking
_VIEW_LABELS = {name: name.capitalize() for name in VIEW_NAMES}  # "Watchlist", … "Lists"


class MainWindow(WindowShell):
    def __init__(
        self,
        service: JournalService,
        settings: QSettings,
        cache: PosterCache | None,
        journal_name: str,
        config_path: Path | None = None,
        recovery_dir: Path | None = None,
        *,
        demo: bool = False,
        journal_source: str = "default",
    ) -> None:
        super().__init__()
        self.service = service
        self.settings = settings
        self.demo = demo
        self.journal_source = journal_source
        self.cache = cache
        self.config_path = config_path
        self.preferences = UiPreferences(settings, self)
        self.runner = TaskRunner(self)
        self.commands = FilmCommands(service, self.runner, self)
        self.acts = create_actions(self)
        self.setWindowTitle(f"{journal_name}{' (sample)' if demo else ''} — {APP_NAME}")
        self.setMinimumSize(QSize(720, 480))
        build_menus(self.menuBar(), self.acts)

        self.sidebar = self._make_sidebar()
        self.search_field = self._make_search_field()
        self.search_panel = SearchPanel(service, self.runner)
        self.library = LibraryViews(service, self._make_empty_state(), self.search_panel, cache)
        # The Lists view (a library page) and "Add to List…" (ui/lists/hookup.py).
        self.lists_view = attach_lists_view(self, self.library, self.acts, self.preferences)
        # --- issue 16: the Stats view and the year in review (ui/stats/hookup.py) ---
        self.stats_view = attach_stats_view(self, self.library, cache)
        # --- end of the Stats block ---
        self.detail = FilmDetailPane(cache, service=service, runner=self.runner)
        self.detail.set_actions(
            [
                self.acts.mark_watched,
                self.acts.write_review,
                self.acts.toggle_watchlist,
                self.acts.like,
                self.acts.edit_film,
                self.acts.add_to_list,
            ]
        )
        self._editor: ReviewEditor | None = None  # built when first needed
        self.right = QStackedWidget()
        self.right.addWidget(self.detail)
        self.right.addWidget(self._make_review_page())
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.sidebar, self.library, self.right):
            self.splitter.addWidget(widget)
        chrome.arrange_splitter(self)
        self.banner = DemoBanner() if demo else None
        self.setCentralWidget(with_banner(self.splitter, self.banner))
        self._make_toolbar()
        self.status = WindowStatus(self.statusBar, journal_name, service.path, demo=demo)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self._view_before_search = "films"
        self.online = (
            OnlineActions(service, config_path, cache, self.runner, self)
            if config_path is not None and cache is not None
            else None
        )
        # Diary entries, reviews, watchlist notes and context menus (ui/window/editing.py).
        self.editing = EntryEditing(
            service=service,
            runner=self.runner,
            preferences=self.preferences,
            commands=self.commands,
            acts=self.acts,
            library=self.library,
            detail=self.detail,
            search_panel=self.search_panel,
            open_review=self.open_review,
            review_is_open=lambda: self.right.currentIndex() != 0,
            status_bar=self.statusBar(),
            window=self,
        )
        self._connect()
        # A journal on a server: other machines' changes appear (ui/window/other_machines.py).
        self.other_machines = watch_other_machines(
            service, self.runner, self, self._after_elsewhere
        )
        # The server away; review text kept on this computer (ui/window/server_away.py).
        self.server_away = ServerAway(self, service, self.runner, recovery_dir, self.other_machines)
        self.server_away.recovered.connect(lambda _film: self._after_elsewhere())
        self.server_away.back.connect(self._after_elsewhere)  # reads failed meanwhile
        self._connect_online()
        # Poster wall and poster files (issue 14, part WL).
        self.poster_files = PosterFileCommand(service, cache, self.runner, self) if cache else None
        connect_wall_and_poster_files(self, self._after_change, self._update_actions)
        self.keyboard = WindowKeyboard(self)  # Tab between areas, Escape, Ctrl+W, F1
        self.acts.ratings_as_stars.setChecked(self.preferences.ratings_as_stars)
        self._apply_preferences()
        self._restore_state()
        watchlist = self.service.film_ids(FilmQuery(kind="watchlist", sort="watchlist"))
        self.library.current_name = "watchlist" if watchlist else "films"
        self.refresh()
        self.show_view(self.library.current_name)
        # The film page's links, link edits and Back/Forward (ui/film/navigation.py).
        self.navigator = attach_film_page(self)

    # Construction -----------------------------------------------------------------
    def _make_sidebar(self) -> QListWidget:
        sidebar = QListWidget()
        sidebar.setAccessibleName("Library")
        sidebar.setIconSize(QSize(20, 20))
        sidebar.setSpacing(2)
        sidebar.setFrameShape(QListWidget.Shape.NoFrame)
        for name in VIEW_NAMES:
            item = QListWidgetItem(icon(name), _VIEW_LABELS[name])
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setSizeHint(QSize(0, 34))
            sidebar.addItem(item)
        sidebar.currentRowChanged.connect(lambda row: self.show_view(VIEW_NAMES[row]))
        # As wide as its longest entry (icon, gap, text, margins); the list gets the rest.
        text = max(sidebar.fontMetrics().horizontalAdvance(t) for t in _VIEW_LABELS.values())
        sidebar.setMinimumWidth(sidebar.iconSize().width() + text + 40)
        return sidebar

    def _make_search_field(self) -> QLineEdit:
        field = QLineEdit()
        field.setPlaceholderText("Search titles, people, reviews…  (Ctrl+F)")
        field.setClearButtonEnabled(True)
        field.setAccessibleName("Search")
        field.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        field.setMinimumWidth(220)
        field.setMaximumWidth(520)  # a search box, not a second title bar at 1920 wide
        return field

    def _make_empty_state(self) -> EmptyState:
        add = QPushButton(icon("add"), "Add your first film…")
        add.clicked.connect(self.acts.new_film.trigger)
        import_ = QPushButton(icon("import"), "Import from Letterboxd or IMDb…")
        import_.clicked.connect(self.acts.import_data.trigger)
        demo = QPushButton("Try the demo journal")
        demo.clicked.connect(self.acts.open_demo.trigger)
        return EmptyState(add, import_, demo)

    def _make_review_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 10, 12, 10)
        top = QHBoxLayout()
        back = QPushButton("‹ Back to the Film")
        back.setToolTip("Your review is saved as you type")
        back.clicked.connect(self.close_review)
        top.addWidget(back)
        top.addStretch(1)
        layout.addLayout(top)
        self._review_layout = layout
        return page

    def _make_toolbar(self) -> None:
        bar = QToolBar("Main toolbar")
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addAction(self.acts.new_film)
        bar.addAction(self.acts.import_data)
        bar.addAction(self.acts.wall_mode)
        spacer = QWidget()
        spacer.setSizePolicy(
            spacer.sizePolicy().Policy.Expanding, spacer.sizePolicy().Policy.Preferred
        )
        bar.addWidget(spacer)
        bar.addWidget(self.search_field)
        self.addToolBar(bar)

    def _connect(self) -> None:
        a = self.acts
        a.new_film.triggered.connect(self.commands.add_film)
        a.edit_film.triggered.connect(lambda: self._with_film(self.commands.edit_film))
        a.delete_film.triggered.connect(
            lambda: self.commands.delete(self.library.selected_film_ids())
        )
        a.undo.triggered.connect(self.commands.undo)
        # Mark Watched, Write Review and the watchlist toggle: connected by self.editing.
        a.like.triggered.connect(lambda: self._with_film(self.commands.toggle_like))
        a.move_up.triggered.connect(lambda: self._move_in_watchlist(-1))
        a.move_down.triggered.connect(lambda: self._move_in_watchlist(+1))
        a.find.triggered.connect(self._focus_search)
        a.quit.triggered.connect(self.close)
        a.about.triggered.connect(lambda: menu_dialogs.about(self))
        a.import_data.triggered.connect(lambda: menu_dialogs.import_data(self, self._after_change))
        a.export_data.triggered.connect(lambda: menu_dialogs.export_data(self))
        a.backups.triggered.connect(lambda: menu_dialogs.backups(self, self._after_change))
        a.ratings_as_stars.toggled.connect(self._set_ratings_as_stars)
        a.settings.triggered.connect(self._open_settings)
        for name in VIEW_NAMES:
            getattr(a, f"show_{name}").triggered.connect(lambda _=False, n=name: self.show_view(n))
        self.commands.changed.connect(self._after_change)
        self.commands.status.connect(self.status.message)
        self.commands.undo_available.connect(a.undo.setEnabled)
        self.runner.waiting_changed.connect(self._show_waiting)
        self.library.film_selected.connect(self._show_film)
        self.search_panel.film_selected.connect(self._show_film)
        self.search_panel.film_activated.connect(self._open_search_result)
        self.search_panel.counted.connect(lambda _n: self._update_count())
        self.lists_view.lists_model.modelReset.connect(self._update_count)
        self.library.selection_changed.connect(self._update_actions)
        self.library.review_activated.connect(self.open_review)
        self.detail.edit_review.connect(self.open_review)
        self.library.watchlist_model.on_move = self.commands.move_in_watchlist
        self.search_field.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_field.returnPressed.connect(self._open_first_result)
        self.preferences.changed.connect(self._apply_preferences)

    def _connect_online(self) -> None:
        a, online = self.acts, self.online
        if online is None:
            for action in (a.fetch_poster, a.refresh_details, a.fetch_missing_posters):
                action.setVisible(False)
            return
        a.fetch_poster.triggered.connect(lambda: self._with_film(online.fetch_poster))
        a.refresh_details.triggered.connect(lambda: self._with_film(online.refresh_details))
        a.fetch_missing_posters.triggered.connect(online.fetch_missing_posters)
        self.commands.find_online = online.find_online
        # Settings ▸ Diary's "where": for bulk logging and the Log dialog's first guess.
        self.commands.default_where = lambda: online.config.diary_default_where
        self.editing.diary.settings_where = lambda: online.config.diary_default_where
        self.commands.film_added.connect(online.film_added)
        online.changed.connect(self._after_change)
        online.status.connect(self.status.message)

    # Poster wall (issue 14, part WL): Enter or double-click on a film, list or wall.
    def open_film(self, film_id: int) -> None:
        """Enter or double-click on a film: its page in the pane (leaving a review open)."""
        if self.right.currentIndex() != 0:
            self.close_review()
        self._show_film(film_id, force=True)

    # Behaviour --------------------------------------------------------------------
    def refresh(self) -> None:
        self.library.reload()
        total = self.service.count_films()
        self.right.setVisible(total > 0)  # a new journal: the empty state, not an empty pane
        self.library.show_view(self.library.current_name, empty=total == 0)
        self._update_actions()
        self._update_count()

    def show_view(self, name: str) -> None:
        if name != "search" and self.search_field.text():
            self.search_field.blockSignals(True)
            self.search_field.clear()
            self.search_field.blockSignals(False)
        self.sidebar.blockSignals(True)
        self.sidebar.setCurrentRow(VIEW_NAMES.index(name))
        self.sidebar.blockSignals(False)
        self.library.show_view(name, empty=self._journal_is_empty())
        self._update_actions()
        self._update_count()

    def _journal_is_empty(self) -> bool:
        """Whether the journal has no films; not known (False) while its server is away,
        so the view asked for is still shown, and read when the server is back."""
        try:
            return self.service.count_films() == 0
        except JournalUnavailableError as exc:
            if report_journal_away(exc):
                return False
            raise

    def _after_change(self, film_id: int | None) -> None:
        self.library.walls.forget_missing_posters()  # a poster may have arrived
        self.refresh()
        if film_id is not None:
            self.library.select_film(film_id)
        target = film_id if film_id is not None else self.library.current_film_id()
        self._show_film(target, force=True)  # the film itself may have changed

    def _after_elsewhere(self) -> None:
        """Another machine changed the journal: show it, leaving a review being written be."""
        self.refresh()
        if self.right.currentIndex() == 0:
            self._show_film(self.library.current_film_id(), force=True)

    def _show_film(self, film_id: int | None, *, force: bool = False) -> None:
        shown = self.detail.film
        if not force and shown is not None and shown.id == film_id:
            self._update_actions()  # the same film, selected again: nothing to load
            return
        film = None
        if film_id is not None:
            try:
                film = self.service.get_film(film_id)
            except NotFoundError:  # deleted meanwhile (another window, the CLI)
                film = None
        self.detail.show_film(film)
        if self.online is not None:
            self.online.show_film(film)
        if self.right.currentIndex() != 0 and film is not None:
            self.close_review()
        self._update_actions()

    def _update_actions(self) -> None:
        ids = self.library.selected_film_ids()
        for action in self.acts.film_actions():
            action.setEnabled(bool(ids))
        film = self.detail.film
        on_list = film is not None and film.on_watchlist
        self.acts.toggle_watchlist.setText(
            "Remove from &Watchlist" if on_list else "Add to &Watchlist"
        )
        self.acts.toggle_watchlist.setIcon(icon("watchlist-remove" if on_list else "watchlist"))
        liked = film is not None and film.fields.liked
        self.acts.like.setChecked(liked)
        self.acts.like.setIcon(icon("liked" if liked else "like"))
        # Keys like Delete belong to the review editor while it is open.
        self.acts.delete_film.setEnabled(bool(ids) and self.right.currentIndex() == 0)
        update_wall_action(self)
        in_watchlist = self.library.current_name == "watchlist" and len(ids) == 1
        self.acts.move_up.setEnabled(in_watchlist)
        self.acts.move_down.setEnabled(in_watchlist)
        self.editing.update_actions()

    def _with_film(self, command: Callable[[int], object]) -> None:
        """Run ``command`` on the film in the pane (the list's current one, or a search hit)."""
        film_id = self.library.current_film_id() or (
            self.detail.film.id if self.detail.film else None
        )
        if film_id is not None:
            command(film_id)

    def _move_in_watchlist(self, step: int) -> None:
        film_id = self.library.current_film_id()
        if film_id is not None:
            self.commands.move_by(film_id, step)

    def _show_waiting(self, waiting: bool) -> None:
        if waiting:
            self.statusBar().showMessage(self.runner.waiting_message)
        else:
            self.statusBar().clearMessage()

    def _focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def _apply_search(self) -> None:
        text = self.search_field.text().strip()
        if text:
            if self.library.current_name != "search":
                self._view_before_search = self.library.current_name
                self.sidebar.clearSelection()
                self.library.show_view("search")
            self.search_panel.search(text)
        elif self.library.current_name == "search":
            self.show_view(self._view_before_search)

    def run_search(self, query: str) -> None:
        """Search for ``query`` now, as if typed (a link on the film page, Back/Forward)."""
        self.search_field.blockSignals(True)
        self.search_field.setText(query)
        self.search_field.blockSignals(False)
        self._search_timer.stop()
        self._apply_search()

    def _open_first_result(self) -> None:
        """Enter in the search field: go to the results (the first is selected)."""
        self._search_timer.stop()
        self._apply_search()
        if self.library.current_name == "search":
            self.library.current_view().setFocus()

    def _open_search_result(self, film_id: int) -> None:
        """Enter on a result: show the film in the Films list, ready for actions."""
        self.search_field.clear()
        self._search_timer.stop()
        self.show_view("films")
        if not self.library.select_film(film_id):
            self._show_film(film_id)
        self.library.current_view().setFocus()

    @property
    def editor(self) -> ReviewEditor:
        """The review editor, built on first use (it is not needed to show the window)."""
        if self._editor is None:
            # Lazy: the editor is built the first time a review is opened (start-up time).
            from watchjournal.ui.review.editor import ReviewEditor

            self._editor = ReviewEditor(
                self.service,
                self.preferences,
                runner=self.runner,
                recovery=self.server_away.editor_recovery(),
            )
            self.server_away.adopt(self._editor)
            self._editor.saved.connect(lambda _id: self.library.mark_stale("reviews"))
            self._review_layout.addWidget(self._editor, 1)
        return self._editor

    def open_review(self, film_id: int, review_id: int | None) -> None:
        if not self.editor.open_review(film_id, review_id):
            return  # the review being edited could not be saved: it stays open, with why
        self.right.setCurrentIndex(1)
        chrome.make_room_for_editor(self)
        self.editor.setFocus()
        self._update_actions()

    def close_review(self) -> None:
        if self._editor is not None and not self._editor.flush():
            return  # not saved: keep the editor (and its message) on screen
        self.right.setCurrentIndex(0)
        chrome.give_back_room(self)
        film = self.detail.film
        self._show_film(film.id if film else None, force=True)

    def _set_ratings_as_stars(self, on: bool) -> None:
        self.preferences.ratings_as_stars = on

    # Layout, status bar, settings: ui/window/chrome.py ------------------------------
    def _update_count(self) -> None:
        chrome.update_count(self)

    def _apply_preferences(self) -> None:
        chrome.apply_preferences(self)

    def _open_settings(self) -> None:
        chrome.open_settings(self)

    # Keyboard -----------------------------------------------------------------------
    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab goes round the areas (sidebar, list, film page, search), not cell by cell.
        return self.keyboard.move_focus(next) or super().focusNextPrevChild(next)

    # Window state -----------------------------------------------------------------
    def _restore_state(self) -> None:
        restore_geometry(self, self.settings)
        splitter = self.settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def changeEvent(self, event: QEvent) -> None:
        # The system switched between light and dark: redraw the icons in the new colours.
        if event.type() == QEvent.Type.PaletteChange:
            self._redraw_icons()
        super().changeEvent(event)

    def _redraw_icons(self) -> None:
        clear_icon_cache()
        for action in self.findChildren(QAction):
            name = action.property(ICON_PROPERTY)
            if name:
                action.setIcon(icon(str(name)))
        for row, name in enumerate(VIEW_NAMES):
            item = self.sidebar.item(row)
            if item is not None:
                item.setIcon(icon(name))
        self._update_actions()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Text kept on this computer (the server away) is saved at the next opening.
        editor = self._editor
        saved = editor is None or editor.flush(CLOSE_WAIT_MS) or editor.kept_locally
        settled = wait_until(lambda: not self.runner.writing, CLOSE_WAIT_MS if saved else 0)
        if not (saved and settled):
            if not menu_dialogs.quit_without_saving(self):
                event.ignore()  # keep the window (and the text) while the journal is busy
                return
            self.runner.cancel_writes()
        if not self.demo:  # trying the demo never changes how your journal's window opens
            save_geometry(self, self.settings)
            self.settings.setValue("window/splitter", self.splitter.saveState())
            self.settings.sync()
        self.runner.wait(5000)
        super().closeEvent(event)
