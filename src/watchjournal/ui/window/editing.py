"""Every edit within reach: the window's diary, review and watchlist-note actions, the
context menus of its views, and the status bar's Undo link.

The window's own actions keep their meaning and gain what the issue asked for:
Mark Watched (Ctrl+M) opens the Log dialog; Write Review (Ctrl+R) opens the
film's draft or latest review (New Review, Ctrl+Shift+R, starts another);
Add to Watchlist (Ctrl+Shift+W) asks for an optional note. The new actions
(``EntryActions``) edit and delete diary entries and change a watchlist note.
In the diary, Delete deletes the entry, not the film, without asking: Undo
(Ctrl+Z or the status bar's link) puts it back.

Kept apart from ``main_window`` so the window only creates this and calls
``update_actions`` whenever it updates its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QStatusBar, QWidget

from watchjournal.journal import JournalError, JournalService
from watchjournal.ui.common.icons import icon
from watchjournal.ui.common.preferences import UiPreferences
from watchjournal.ui.common.tasks import TaskRunner
from watchjournal.ui.diary.commands import DiaryCommands, review_of, review_to_open
from watchjournal.ui.film.commands import FilmCommands
from watchjournal.ui.film.detail import FilmDetailPane
from watchjournal.ui.window.actions import ICON_PROPERTY, WindowActions
from watchjournal.ui.window.context_menus import ContextMenu, MenuItems, install_context_menu
from watchjournal.ui.window.diary_model import VIEWING_ID_ROLE
from watchjournal.ui.window.library_views import LibraryViews
from watchjournal.ui.window.models import FILM_ID_ROLE, REVIEW_ID_ROLE
from watchjournal.ui.window.search_results import SearchPanel
from watchjournal.ui.window.undo_notice import UndoNotice


@dataclass
class EntryActions:
    new_review: QAction
    edit_entry: QAction
    delete_entry: QAction
    watchlist_note: QAction


def _action(parent: QObject, text: str, shortcut: str | None, icon_name: str, tip: str) -> QAction:
    action = QAction(icon(icon_name), text, parent)
    action.setProperty(ICON_PROPERTY, icon_name)  # redrawn when the palette changes
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.setToolTip(tip)
    action.setStatusTip(tip)
    return action


def create_entry_actions(parent: QObject) -> EntryActions:
    return EntryActions(
        new_review=_action(
            parent, "New Re&view", "Ctrl+Shift+R", "review", "Start another review of this film"
        ),
        edit_entry=_action(
            parent,
            "Edit E&ntry…",
            "Shift+F2",
            "edit",
            "Change this diary entry: date, where, rewatch, rating, review (Enter)",
        ),
        delete_entry=_action(
            parent, "Delete Entr&y", "Delete", "delete", "Delete this diary entry (you can undo)"
        ),
        watchlist_note=_action(
            parent, "Watchlist &Note…", "Ctrl+Shift+N", "watchlist", "Change the watchlist note"
        ),
    )


def _insert_after(anchor: QAction, *actions: QAction) -> None:
    """Put ``actions`` right after ``anchor`` in every menu that shows it."""
    for menu in anchor.associatedObjects():
        if not isinstance(menu, QMenu):
            continue
        present = menu.actions()
        after = present.index(anchor) + 1
        before = present[after] if after < len(present) else None
        for action in actions:
            if before is None:
                menu.addAction(action)
            else:
                menu.insertAction(before, action)


def add_to_menus(a: WindowActions, e: EntryActions) -> None:
    _insert_after(a.write_review, e.new_review)
    _insert_after(a.toggle_watchlist, e.watchlist_note)
    _insert_after(a.delete_film, e.edit_entry, e.delete_entry)


def film_menu_items(a: WindowActions, e: EntryActions) -> MenuItems:
    """The context menu of a film anywhere (a row, a poster): the Film menu's actions."""
    return [
        a.mark_watched,
        a.write_review,
        e.new_review,
        None,
        a.toggle_watchlist,
        e.watchlist_note,
        a.like,
        a.add_to_list,
        None,
        a.edit_film,
        a.delete_film,
        None,
        a.fetch_poster,
        a.set_poster_file,
        a.refresh_details,
    ]


class EntryEditing(QObject):
    """Connects the diary, review and watchlist-note actions and the context menus."""

    def __init__(
        self,
        *,
        service: JournalService,
        runner: TaskRunner,
        preferences: UiPreferences,
        commands: FilmCommands,
        acts: WindowActions,
        library: LibraryViews,
        detail: FilmDetailPane,
        search_panel: SearchPanel,
        open_review: Callable[[int, int | None], None],
        review_is_open: Callable[[], bool],
        status_bar: QStatusBar,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._service = service
        self._commands = commands
        self.acts = acts
        self._library = library
        self._detail = detail
        self._open_review = open_review
        self._review_is_open = review_is_open
        self.entry_acts = create_entry_actions(window)
        add_to_menus(acts, self.entry_acts)  # in the menu bar, their shortcuts work
        self.diary = DiaryCommands(service, runner, preferences, commands.push_undo, window)
        self.undo_notice = UndoNotice(acts.undo)
        status_bar.addWidget(self.undo_notice)
        self._connect(search_panel)
        self.context_menus = self._install_context_menus(search_panel)

    def _connect(self, search_panel: SearchPanel) -> None:
        a, e, diary = self.acts, self.entry_acts, self.diary
        a.mark_watched.triggered.connect(self._log)
        a.write_review.triggered.connect(self._open_current_review)
        a.toggle_watchlist.triggered.connect(self._toggle_watchlist)
        e.new_review.triggered.connect(
            lambda: self._with_film(lambda f: self._open_review(f, None))
        )
        e.watchlist_note.triggered.connect(lambda: self._with_film(diary.edit_watchlist_note))
        e.edit_entry.triggered.connect(self._edit_current_entry)
        e.delete_entry.triggered.connect(lambda: diary.delete_entries(self.selected_viewing_ids()))
        self._library.diary_view.activated.connect(self._entry_activated)
        self._detail.edit_viewing.connect(diary.edit_entry)
        self._detail.edit_watchlist_note.connect(diary.edit_watchlist_note)
        # Relayed, so the window refreshes and reports as it does for the film commands.
        diary.changed.connect(self._commands.changed)
        diary.status.connect(self._commands.status)
        diary.entry_changed.connect(self.select_entry)
        self._commands.undo_offered.connect(self.undo_notice.offer)
        self._commands.undo_available.connect(self.undo_notice.undo_available)
        a.undo.triggered.connect(self.undo_notice.hide)

    def _install_context_menus(self, search_panel: SearchPanel) -> dict[str, ContextMenu]:
        a, e, library = self.acts, self.entry_acts, self._library
        film = film_menu_items(a, e)
        watchlist = [*film[:7], a.move_up, a.move_down, *film[7:]]
        diary: MenuItems = [
            e.edit_entry,
            e.delete_entry,
            None,
            a.mark_watched,
            a.write_review,
            e.new_review,
            None,
            a.toggle_watchlist,
            a.like,
            a.add_to_list,
            None,
            a.edit_film,
        ]
        reviews: MenuItems = [a.write_review, e.new_review, None, *film[:1], *film[3:]]
        spoiler: MenuItems = [search_panel.show_spoiler_action, None, *film]
        walls: dict[str, MenuItems] = {"watchlist": watchlist, "diary": diary}
        wall_menus = {
            f"wall-{name}": install_context_menu(view, partial(list, walls.get(name, film)))
            for name, view in library.walls.views.items()
        }
        return {
            **wall_menus,
            "films": install_context_menu(library.films_view, lambda: film),
            "watchlist": install_context_menu(library.watchlist_view, lambda: watchlist),
            "diary": install_context_menu(library.diary_view, lambda: diary),
            "reviews": install_context_menu(library.reviews_view, lambda: reviews),
            "search": install_context_menu(search_panel.view, lambda: spoiler),
            "poster": install_context_menu(self._detail.poster, lambda: film),
        }

    # -- what is selected ----------------------------------------------------

    def _film_id(self) -> int | None:
        """The film in the pane: the list's current one, or a search hit."""
        current = self._library.current_film_id()
        if current is not None:
            return current
        return self._detail.film.id if self._detail.film is not None else None

    def _with_film(self, command: Callable[[int], object]) -> None:
        film_id = self._film_id()
        if film_id is not None:
            command(film_id)

    def _in_diary(self) -> bool:
        return self._library.current_name == "diary"

    def current_viewing_id(self) -> int | None:
        if not self._in_diary():
            return None
        value = self._library.diary_view.currentIndex().data(VIEWING_ID_ROLE)
        return int(value) if value is not None else None

    def selected_viewing_ids(self) -> list[int]:
        """The diary entries selected (or the current one), in the diary's order."""
        if not self._in_diary():
            return []
        view = self._library.diary_view
        rows = view.selectionModel().selectedRows() or [view.currentIndex()]
        ids = [index.data(VIEWING_ID_ROLE) for index in rows if index.isValid()]
        return list(dict.fromkeys(int(i) for i in ids if i is not None))

    def select_entry(self, viewing_id: int) -> None:
        """Show a diary entry just logged or edited as the diary's current row."""
        if not self._in_diary():
            return
        try:
            viewing = self._service.get_viewing(viewing_id)
        except JournalError:  # gone meanwhile: nothing to select
            return
        view = self._library.diary_view
        index = self._library.diary_model.find_viewing(viewing_id, viewing.watched_on)
        if not index.isValid():
            return
        view.expand(index.parent())
        view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        view.scrollTo(index)

    # -- the actions ---------------------------------------------------------

    def _log(self) -> None:
        ids = self._library.selected_film_ids()
        if len(ids) > 1:
            self._commands.mark_many_watched(ids)
        else:
            self._with_film(self.diary.log)

    def _open_current_review(self) -> None:
        """Ctrl+R: the review under the cursor in Reviews, or about the diary entry;
        else the film's draft or latest review; else a new one."""
        library = self._library
        if library.current_name == "reviews":
            index = library.reviews_view.currentIndex()
            review_id = index.data(REVIEW_ID_ROLE) if index.isValid() else None
            film_id = index.data(FILM_ID_ROLE) if index.isValid() else None
            if review_id is not None and film_id is not None:
                self._open_review(int(film_id), int(review_id))
                return
        film_id = self._film_id()
        if film_id is None:
            return
        try:
            film = self._service.get_film(film_id)
        except JournalError:
            return  # deleted meanwhile; the window shows that on its next refresh
        viewing_id = self.current_viewing_id()
        about = review_of(film, viewing_id) if viewing_id is not None else None
        self._open_review(film.id, about.id if about is not None else review_to_open(film))

    def _toggle_watchlist(self) -> None:
        """One film not on the watchlist: ask for a note. Otherwise add or remove at once."""
        ids = self._library.selected_film_ids()
        if not ids and self._detail.film is not None:
            ids = [self._detail.film.id]  # a search hit shown in the pane
        if len(ids) == 1:
            try:
                on_watchlist = self._service.get_film(ids[0]).on_watchlist
            except JournalError:
                return  # deleted meanwhile; the window shows that on its next refresh
            if not on_watchlist:
                self.diary.add_to_watchlist(ids[0])
                return
        self._commands.toggle_watchlist(ids)

    def _edit_current_entry(self) -> None:
        viewing_id = self.current_viewing_id()
        if viewing_id is not None:
            self.diary.edit_entry(viewing_id)

    def _entry_activated(self, index: QModelIndex) -> None:
        value = index.data(VIEWING_ID_ROLE)
        if value is not None and not self._review_is_open():
            self.diary.edit_entry(int(value))

    def update_actions(self) -> None:
        """Enable what fits the selection; called whenever the window updates its actions."""
        a, e = self.acts, self.entry_acts
        film = self._detail.film
        has_film = self._film_id() is not None
        editor_open = self._review_is_open()
        e.new_review.setEnabled(has_film)
        e.watchlist_note.setEnabled(film is not None and film.on_watchlist)
        in_diary = self._in_diary()
        e.edit_entry.setEnabled(self.current_viewing_id() is not None and not editor_open)
        e.delete_entry.setEnabled(bool(self.selected_viewing_ids()) and not editor_open)
        if in_diary:
            a.delete_film.setEnabled(False)  # Delete belongs to the diary entry here
        reviewed = film is not None and bool(film.reviews)
        a.write_review.setText("Open &Review" if reviewed else "Write &Review")
        a.write_review.setToolTip(
            "Open your draft or latest review of this film" if reviewed else "Write a review"
        )
