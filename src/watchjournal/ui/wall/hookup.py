"""Wiring the poster wall and "Set Poster from File" into the main window.

Kept out of ``main_window.py`` (which other features grow too): the view mode
per view and the wall's size are restored from the preferences and saved when
changed, "Poster Wall" (Ctrl+Shift+G) toggles the view on screen, and image
files can be chosen from the Film menu or the poster's context menu, or
dropped on the poster.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from watchjournal.ui.wall.walls import WALL_VIEWS

if TYPE_CHECKING:
    from watchjournal.ui.window.main_window import MainWindow


def connect_wall_and_poster_files(
    window: MainWindow,
    after_change: Callable[[int | None], None],
    update_actions: Callable[[], None],
) -> None:
    """Restore the modes and size, and connect the wall's and the poster file's actions.

    ``after_change(film_id)`` reloads the window after a poster was set;
    ``update_actions()`` refreshes the actions' state after a mode change.
    """
    library, preferences, acts = window.library, window.preferences, window.acts
    for name in WALL_VIEWS:
        library.modes[name] = preferences.view_mode(name)
    step = preferences.wall_size_step
    if step is not None:
        library.walls.set_size_step(step)
    library.walls.size_step_changed.connect(
        lambda step: setattr(preferences, "wall_size_step", step)
    )
    acts.wall_mode.triggered.connect(lambda on: _toggle_wall(window, on, update_actions))
    library.film_activated.connect(window.open_film)
    files = window.poster_files
    if files is None:
        acts.set_poster_file.setVisible(False)
        return
    detail = window.detail
    files.film_id = lambda: detail.film.id if detail.film else None
    files.accept_drops_on(detail.poster)
    # The poster's context menu (ui/window/editing.py) holds Set Poster from File….
    acts.set_poster_file.triggered.connect(
        lambda: files.choose(film_id) if (film_id := _film_in_pane(window)) else None
    )
    files.changed.connect(after_change)
    files.status.connect(lambda text: window.statusBar().showMessage(text, 6000))


def _film_in_pane(window: MainWindow) -> int | None:
    film = window.detail.film
    return window.library.current_film_id() or (film.id if film else None)


def _toggle_wall(window: MainWindow, on: bool, update_actions: Callable[[], None]) -> None:
    library = window.library
    name = library.current_name
    if name in WALL_VIEWS:
        mode = "wall" if on else "list"
        window.preferences.set_view_mode(name, mode)
        library.set_mode(name, mode)
        library.current_view().setFocus()
    update_actions()


def update_wall_action(window: MainWindow) -> None:
    """ "Poster Wall" is there for the views that have one, checked when it is on screen."""
    library, action = window.library, window.acts.wall_mode
    name = library.current_name
    action.setEnabled(name in WALL_VIEWS and library.currentWidget() is not library.empty_state)
    action.setChecked(library.modes.get(name) == "wall")
