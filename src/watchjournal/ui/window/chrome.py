"""The main window's frame around the lists: splitter sizes, the status bar's count,
the display preferences applied, and File ▸ Settings.

Kept apart from ``main_window`` (which wires the actions and the lists) so
each stays short; every function takes the window it works on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from PySide6.QtWidgets import QApplication, QWidget

from watchjournal.ui.common.formatting import set_date_style
from watchjournal.ui.common.modal import modal
from watchjournal.ui.common.theme import theme_keeper
from watchjournal.ui.window.search_results import RESULT_LIMIT
from watchjournal.ui.window.status import view_count_text

if TYPE_CHECKING:
    from watchjournal.ui.window.main_window import MainWindow

FILM_PAGE_MIN_WIDTH = 260  # the film page's narrowest (it can also be collapsed)
LIST_WIDTH, FILM_PAGE_WIDTH = 640, 420  # the first split, before the user drags it
LIST_MIN_WIDTH = 160  # the list keeps this much while the review editor takes room
# The split before the review editor took room from the list, to give back on closing it.
_split_before_editor: WeakKeyDictionary[MainWindow, list[int]] = WeakKeyDictionary()


def arrange_splitter(window: MainWindow) -> None:
    """Sidebar as wide as its entries, the list and the film page sharing the rest.

    The film page can be collapsed by dragging the handle to the edge; the
    sidebar and the list cannot (they would vanish with no way back).
    """
    splitter = window.splitter
    splitter.setChildrenCollapsible(False)
    for index, collapsible in enumerate((False, False, True)):
        splitter.setCollapsible(index, collapsible)  # each said: Qt reports "default" as True
    splitter.setStretchFactor(0, 0)
    splitter.setStretchFactor(1, 3)
    splitter.setStretchFactor(2, 2)
    window.right.setMinimumWidth(FILM_PAGE_MIN_WIDTH)
    # Set, not hinted: the empty state's buttons made the hint 292 pixels even when hidden.
    window.library.setMinimumWidth(LIST_MIN_WIDTH)
    splitter.setSizes([window.sidebar.minimumWidth(), LIST_WIDTH, FILM_PAGE_WIDTH])


def make_room_for_editor(window: MainWindow) -> None:
    """Widen the right side to the review editor's minimum, taking it from the list.

    At 800 pixels the film page is narrower than the editor needs; squeezed, the
    editor cut its checkboxes and buttons. The split is given back on closing.
    """
    page = window.right.currentWidget()
    if page is not None:
        for widget in [page, *page.findChildren(QWidget)]:
            widget.ensurePolished()  # fonts and styles settled: the real minimum width
        if (layout := page.layout()) is not None:
            layout.activate()
    sizes = window.splitter.sizes()
    need = window.right.minimumSizeHint().width()
    if len(sizes) != 3 or sizes[2] >= need:
        return
    _split_before_editor[window] = list(sizes)
    taken = min(need - sizes[2], max(0, sizes[1] - LIST_MIN_WIDTH))
    window.splitter.setSizes([sizes[0], sizes[1] - taken, sizes[2] + taken])


def give_back_room(window: MainWindow) -> None:
    """The split as it was before the review editor took room."""
    sizes = _split_before_editor.pop(window, None)
    if sizes is not None:
        window.splitter.setSizes(sizes)


def update_count(window: MainWindow) -> None:
    """The status bar's count of what the current view shows."""
    name = window.library.current_name
    total = window.service.count_films()
    if name == "search":
        shown = window.search_panel.model.rowCount()
        text = view_count_text(name, shown, total, more=shown >= RESULT_LIMIT)
    elif name == "lists":
        text = view_count_text(name, window.lists_view.lists_model.rowCount(), total)
    elif name == "stats":  # the period's own numbers are on the page: the journal's size
        text = view_count_text(name, total, total)
    else:
        text = view_count_text(name, window.library.models[name].total(), total)
    window.status.show_count(text)


def apply_preferences(window: MainWindow) -> None:
    """Theme, date style and ratings as the preferences say, in every list and pane."""
    preferences = window.preferences
    app = QApplication.instance()
    if isinstance(app, QApplication):
        keeper = theme_keeper(app)
        if keeper.choice != preferences.theme:
            keeper.apply(preferences.theme)
    set_date_style(preferences.date_style)
    stars = preferences.ratings_as_stars
    window.acts.ratings_as_stars.setChecked(stars)
    window.library.set_ratings_as_stars(stars)  # repaints the lists (and their dates)
    window.search_panel.set_ratings_as_stars(stars)
    window.detail.as_stars = stars
    window.detail.show_film(window.detail.film)


def open_settings(window: MainWindow) -> None:
    # Lazy: dialogs are built on first use (start-up time).
    from watchjournal.ui.dialogs.settings import SettingsDialog

    online = window.online
    with modal(
        SettingsDialog(
            window.preferences,
            online.config if online is not None else None,
            window.config_path,
            window.cache,
            window.service.path,
            window.journal_source,
            window,
        )
    ) as dialog:
        if online is not None:
            dialog.config_saved.connect(online.apply_config)
        saved = dialog.exec()
    if saved:
        window.status.message("Settings saved")
