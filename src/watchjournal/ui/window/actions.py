"""The main window's actions, menus and shortcuts, created in one place.

Menus, toolbar and the detail pane's buttons all share these QActions, so a
shortcut, a menu item and a button are always enabled together.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenuBar

from watchjournal.ui.common.icons import icon

Key = QKeySequence.StandardKey
ICON_PROPERTY = "watchjournal_icon"  # which SVG an action shows, to redraw it on a new palette


@dataclass
class WindowActions:
    new_film: QAction
    import_data: QAction
    export_data: QAction
    backups: QAction
    open_demo: QAction
    settings: QAction
    quit: QAction
    undo: QAction
    find: QAction
    edit_film: QAction
    delete_film: QAction
    ratings_as_stars: QAction
    toggle_watchlist: QAction
    mark_watched: QAction
    write_review: QAction
    like: QAction
    fetch_poster: QAction
    refresh_details: QAction
    fetch_missing_posters: QAction
    move_up: QAction
    move_down: QAction
    show_watchlist: QAction
    show_diary: QAction
    show_films: QAction
    show_reviews: QAction
    about: QAction

    def film_actions(self) -> list[QAction]:
        """Actions that need a selected film."""
        return [
            self.edit_film,
            self.delete_film,
            self.toggle_watchlist,
            self.mark_watched,
            self.write_review,
            self.like,
            self.fetch_poster,
            self.refresh_details,
        ]


def _action(
    window: QMainWindow,
    text: str,
    shortcut: QKeySequence | Key | str | None = None,
    icon_name: str | None = None,
    tip: str | None = None,
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if icon_name:
        action.setIcon(icon(icon_name))
        action.setProperty(ICON_PROPERTY, icon_name)
    action.setToolTip(tip or text.replace("&", "").rstrip("…"))
    action.setStatusTip(action.toolTip())
    return action


def create_actions(window: QMainWindow) -> WindowActions:
    a = WindowActions(
        new_film=_action(window, "&New Film…", Key.New, "add", "Add a film to your journal"),
        import_data=_action(
            window,
            "&Import…",
            "Ctrl+I",
            "import",
            "Import from Letterboxd, IMDb or a WatchJournal backup",
        ),
        export_data=_action(window, "&Export…", "Ctrl+E", "export"),
        backups=_action(window, "&Backups…", None, None, "Back up or restore your journal"),
        open_demo=_action(
            window,
            "Open &Demo Journal",
            None,
            None,
            "Try WatchJournal on a sample journal (your own journal is untouched)",
        ),
        settings=_action(window, "&Settings…", Key.Preferences, "settings"),
        quit=_action(window, "&Quit", Key.Quit),
        undo=_action(window, "&Undo", Key.Undo, "undo"),
        find=_action(window, "&Find", Key.Find, "search", "Search your journal"),
        edit_film=_action(window, "&Edit Film…", "F2", "edit"),
        delete_film=_action(window, "&Delete Film", Key.Delete, "delete"),
        ratings_as_stars=_action(window, "Show Ratings as &Stars"),
        toggle_watchlist=_action(window, "Add to &Watchlist", "Ctrl+Shift+W", "watchlist"),
        mark_watched=_action(window, "&Mark Watched…", "Ctrl+M", "watched"),
        write_review=_action(window, "Write &Review", "Ctrl+R", "review"),
        like=_action(window, "&Like", "Ctrl+L", "like"),
        fetch_poster=_action(
            window,
            "Fetch &Poster",
            None,
            "poster",
            "Download this film's poster (when fetching is on in Settings)",
        ),
        refresh_details=_action(
            window,
            "Refresh &Details…",
            None,
            None,
            "Look the film up online and review what would change",
        ),
        fetch_missing_posters=_action(window, "Fetch &Missing Posters…"),
        move_up=_action(window, "Move &Up in Watchlist", "Alt+Up"),
        move_down=_action(window, "Move D&own in Watchlist", "Alt+Down"),
        show_watchlist=_action(window, "&Watchlist", "Ctrl+1", "watchlist"),
        show_diary=_action(window, "&Diary", "Ctrl+2", "diary"),
        show_films=_action(window, "&Films", "Ctrl+3", "films"),
        show_reviews=_action(window, "&Reviews", "Ctrl+4", "reviews"),
        about=_action(window, "&About WatchJournal"),
    )
    a.ratings_as_stars.setCheckable(True)
    a.like.setCheckable(True)
    a.delete_film.setShortcuts([QKeySequence(Key.Delete), QKeySequence("Ctrl+Backspace")])
    a.undo.setEnabled(False)
    return a


def build_menus(menu_bar: QMenuBar, a: WindowActions) -> None:
    file_menu = menu_bar.addMenu("&File")
    file_menu.addActions([a.new_film, a.import_data, a.export_data, a.backups])
    file_menu.addSeparator()
    file_menu.addActions([a.fetch_missing_posters, a.open_demo, a.settings])
    file_menu.addSeparator()
    file_menu.addAction(a.quit)
    edit_menu = menu_bar.addMenu("&Edit")
    edit_menu.addActions([a.undo, a.find])
    edit_menu.addSeparator()
    edit_menu.addActions([a.edit_film, a.delete_film])
    film_menu = menu_bar.addMenu("F&ilm")
    film_menu.addActions([a.mark_watched, a.write_review, a.toggle_watchlist, a.like])
    film_menu.addSeparator()
    film_menu.addActions([a.fetch_poster, a.refresh_details])
    film_menu.addSeparator()
    film_menu.addActions([a.move_up, a.move_down])
    view_menu = menu_bar.addMenu("&View")
    view_menu.addActions([a.show_watchlist, a.show_diary, a.show_films, a.show_reviews])
    view_menu.addSeparator()
    view_menu.addAction(a.ratings_as_stars)
    help_menu = menu_bar.addMenu("&Help")
    help_menu.addAction(a.about)
