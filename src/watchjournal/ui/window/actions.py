"""The main window's actions, menus and shortcuts, created in one place.

Menus, toolbar and the detail pane's buttons all share these QActions, so a
shortcut, a menu item and a button are always enabled together.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenuBar

from watchjournal.ui.common.icons import icon
from watchjournal.ui.common.keyboard import BASE_TIP_PROPERTY, show_shortcuts_in_tooltips

Key = QKeySequence.StandardKey
ICON_PROPERTY = "watchjournal_icon"  # which SVG an action shows, to redraw it on a new palette


@dataclass
class WindowActions:
    new_film: QAction
    import_data: QAction
    export_data: QAction
    backups: QAction
    open_demo: QAction
    open_shared: QAction
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
    set_poster_file: QAction
    refresh_details: QAction
    fetch_missing_posters: QAction
    move_up: QAction
    move_down: QAction
    show_watchlist: QAction
    show_diary: QAction
    show_films: QAction
    show_reviews: QAction
    show_lists: QAction
    show_stats: QAction  # the Stats view (Ctrl+5, as issue 16 asks; the Lists view has Ctrl+6)
    year_in_review: QAction  # the Stats view's year as a web page and a picture
    add_to_list: QAction
    wall_mode: QAction
    back: QAction
    forward: QAction
    about: QAction
    # Keyboard: the shortcuts window, the search language, closing the review editor.
    keyboard_shortcuts: QAction
    search_help: QAction
    close_review: QAction

    def film_actions(self) -> list[QAction]:
        """Actions that need a selected film."""
        return [
            self.edit_film,
            self.delete_film,
            self.toggle_watchlist,
            self.mark_watched,
            self.write_review,
            self.like,
            self.add_to_list,
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
    if tip:
        action.setProperty(BASE_TIP_PROPERTY, tip)
    action.setStatusTip(tip or text.replace("&", "").rstrip("…"))
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
        backups=_action(
            window, "&Backups…", "Ctrl+Shift+B", None, "Back up or restore your journal"
        ),
        open_shared=_action(
            window,
            "Open S&hared Journal…",
            "Ctrl+Shift+J",
            None,
            "Open a journal on a PostgreSQL server, shared by your machines",
        ),
        open_demo=_action(
            window,
            "Open &Demo Journal",
            "Ctrl+Shift+D",
            None,
            "Try WatchJournal on a sample journal (your own journal is untouched)",
        ),
        settings=_action(window, "&Settings…", "Ctrl+,", "settings"),
        quit=_action(window, "&Quit", "Ctrl+Q"),
        undo=_action(window, "&Undo", Key.Undo, "undo"),
        find=_action(window, "&Find", Key.Find, "search", "Search your journal"),
        edit_film=_action(window, "&Edit Film…", "F2", "edit"),
        delete_film=_action(window, "&Delete Film", Key.Delete, "delete"),
        ratings_as_stars=_action(window, "Show Ratings as S&tars", "Ctrl+Shift+S"),
        toggle_watchlist=_action(window, "Add to &Watchlist", "Ctrl+Shift+W", "watchlist"),
        mark_watched=_action(window, "&Mark Watched…", "Ctrl+M", "watched"),
        write_review=_action(window, "Write &Review", "Ctrl+R", "review"),
        like=_action(window, "&Like", "Ctrl+L", "like"),
        fetch_poster=_action(
            window,
            "Fetch &Poster",
            "Ctrl+Shift+P",
            "poster",
            "Download this film's poster (when fetching is on in Settings)",
        ),
        set_poster_file=_action(
            window,
            "Set Poster from &File…",
            "Ctrl+Shift+O",
            None,
            "Use an image on this computer as the film's poster (or drop it on the poster)",
        ),
        refresh_details=_action(
            window,
            "Refresh &Details…",
            Key.Refresh,
            None,
            "Look the film up online and review what would change",
        ),
        fetch_missing_posters=_action(window, "Fetch &Missing Posters…", "Ctrl+Alt+P"),
        move_up=_action(window, "Move &Up in Watchlist", "Alt+Up"),
        move_down=_action(window, "Move D&own in Watchlist", "Alt+Down"),
        show_watchlist=_action(window, "&Watchlist", "Ctrl+1", "watchlist"),
        show_diary=_action(window, "&Diary", "Ctrl+2", "diary"),
        show_films=_action(window, "&Films", "Ctrl+3", "films"),
        show_reviews=_action(window, "&Reviews", "Ctrl+4", "reviews"),
        show_lists=_action(window, "&Lists", "Ctrl+6", "lists"),
        show_stats=_action(window, "&Stats", "Ctrl+5", "stats"),
        year_in_review=_action(
            window,
            "&Year in Review…",
            "Ctrl+Shift+Y",
            None,
            "Save a year of your diary as a web page and a picture to share",
        ),
        add_to_list=_action(
            window, "Add &to List…", "Ctrl+Shift+L", "lists", "Put the selected films on a list"
        ),
        wall_mode=_action(
            window, "&Poster Wall", "Ctrl+Shift+G", "wall", "Show this view as a wall of posters"
        ),
        back=_action(window, "&Back", Key.Back, "back", "Back to the film or search before"),
        forward=_action(window, "F&orward", Key.Forward, "forward", "Forward again"),
        about=_action(window, "&About WatchJournal"),
        keyboard_shortcuts=_action(
            window, "&Keyboard Shortcuts", "F1", None, "Every action and its keys"
        ),
        search_help=_action(
            window, "&Search Syntax", "Shift+F1", None, "What you can type in the search field"
        ),
        close_review=_action(
            window, "&Close Review", "Ctrl+W", None, "Back to the film (your review is saved)"
        ),
    )
    a.wall_mode.setCheckable(True)
    a.keyboard_shortcuts.setShortcuts([QKeySequence("F1"), QKeySequence("Ctrl+/")])
    a.close_review.setEnabled(False)
    # Alt+Left/Alt+Right everywhere, as in a browser, besides the platform's own keys.
    for action, key in ((a.back, "Alt+Left"), (a.forward, "Alt+Right")):
        keys = [action.shortcut(), QKeySequence(key)]
        action.setShortcuts(list({k.toString(): k for k in keys if not k.isEmpty()}.values()))
        action.setEnabled(False)  # until there is somewhere to go
    a.ratings_as_stars.setCheckable(True)
    a.like.setCheckable(True)
    a.delete_film.setShortcuts([QKeySequence(Key.Delete), QKeySequence("Ctrl+Backspace")])
    a.undo.setEnabled(False)
    show_shortcuts_in_tooltips([getattr(a, name) for name in a.__dataclass_fields__])
    return a


def build_menus(menu_bar: QMenuBar, a: WindowActions) -> None:
    file_menu = menu_bar.addMenu("&File")
    file_menu.addActions([a.new_film, a.import_data, a.export_data, a.backups])
    file_menu.addSeparator()
    file_menu.addActions([a.fetch_missing_posters, a.open_shared, a.open_demo, a.settings])
    file_menu.addSeparator()
    file_menu.addActions([a.close_review, a.quit])
    edit_menu = menu_bar.addMenu("&Edit")
    edit_menu.addActions([a.undo, a.find])
    edit_menu.addSeparator()
    edit_menu.addActions([a.edit_film, a.delete_film])
    film_menu = menu_bar.addMenu("F&ilm")
    film_menu.addActions([a.mark_watched, a.write_review, a.toggle_watchlist, a.like])
    film_menu.addAction(a.add_to_list)
    film_menu.addSeparator()
    film_menu.addActions([a.fetch_poster, a.set_poster_file, a.refresh_details])
    film_menu.addSeparator()
    film_menu.addActions([a.move_up, a.move_down])
    view_menu = menu_bar.addMenu("&View")
    view_menu.addActions([a.show_watchlist, a.show_diary, a.show_films, a.show_reviews])
    view_menu.addActions([a.show_lists, a.show_stats, a.year_in_review])
    view_menu.addSeparator()
    view_menu.addActions([a.back, a.forward])
    view_menu.addSeparator()
    view_menu.addActions([a.wall_mode, a.ratings_as_stars])
    help_menu = menu_bar.addMenu("&Help")
    help_menu.addActions([a.keyboard_shortcuts, a.search_help])
    help_menu.addSeparator()
    help_menu.addAction(a.about)
