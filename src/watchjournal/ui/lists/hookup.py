"""Putting the Lists view into the main window: a page of the library, its status
messages in the window's status bar, and "Add to List…" on every view's selection
(the Film menu, and a context menu on the watchlist, diary and films)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from watchjournal.ui.lists.view import ListsView
from watchjournal.ui.window.columns import ColumnPlan, fit_columns

if TYPE_CHECKING:
    from watchjournal.ui.common.preferences import UiPreferences
    from watchjournal.ui.window.actions import WindowActions
    from watchjournal.ui.window.library_views import LibraryViews
    from watchjournal.ui.window.main_window import MainWindow

CONTEXT_MENU_VIEWS = ("watchlist", "diary", "films")
# A list's films: #, Title, Year, Director, Your Rating, Note. The title stretches;
# narrow, the note, the director and the year go before anything scrolls sideways.
LIST_COLUMNS = ColumnPlan(stretch=1, stretch_min=14, drop_order=(5, 3, 2), caps={3: 24, 5: 30})


def attach_lists_view(
    window: MainWindow, library: LibraryViews, acts: WindowActions, preferences: UiPreferences
) -> ListsView:
    lists = ListsView(window.service, window.runner, window)
    library.add_page("lists", lists, lists.entries_view, lists.reload)
    library.fitters["lists"] = fit_columns(lists.entries_view, LIST_COLUMNS)
    acts.add_to_list.triggered.connect(lambda: lists.add_to_list(library.selected_film_ids()))
    lists.status.connect(lambda text: window.statusBar().showMessage(text, 8000))
    lists.set_ratings_as_stars(preferences.ratings_as_stars)
    preferences.changed.connect(lambda: lists.set_ratings_as_stars(preferences.ratings_as_stars))
    a = acts
    menu = [a.mark_watched, a.write_review, a.toggle_watchlist, a.like, a.add_to_list]
    for name in CONTEXT_MENU_VIEWS:
        view = library.views[name]
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        view.addActions([*menu, a.edit_film, a.delete_film])
    return lists
