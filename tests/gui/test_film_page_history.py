"""Back/Forward between film pages and searches (issue 14), like a browser: the rules of
``PageHistory`` as a table, and the window driven with Alt+Left/Alt+Right, the mouse's
side buttons and the toolbar, disabled when there is nowhere to go."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar
from pytestqt.qtbot import QtBot

from tests.gui.test_film_page import follow
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.ui.film.history import FilmPlace, PageHistory, SearchPlace

# --- the rules --------------------------------------------------------------------------

FILM_1, FILM_2, FILM_3 = FilmPlace(1, "films"), FilmPlace(2, "films"), FilmPlace(3, "films")


@pytest.mark.parametrize(
    ("steps", "places", "at"),
    [
        # Browsing a list keeps one place: the film it is on.
        ([("browse_film", 1, "films"), ("browse_film", 2, "films")], [FILM_2], 0),
        # A link adds a place; browsing on from it adds one more, then replaces that one.
        (
            [
                ("browse_film", 1, "films"),
                ("follow_film", 2, "films"),
                ("browse_film", 3, "films"),
                ("browse_film", 4, "films"),
            ],
            [FILM_1, FilmPlace(2, "films", by_link=True), FilmPlace(4, "films")],
            2,
        ),
        # The same film again (another view, a refresh) is the same place.
        (
            [("follow_film", 1, "films"), ("browse_film", 1, "watchlist")],
            [FilmPlace(1, "watchlist", by_link=True)],
            0,
        ),
        # Typing a search replaces the search being typed; a searching link adds one.
        (
            [
                ("browse_film", 1, "films"),
                ("browse_search", "ka"),
                ("browse_search", "kate"),
                ("follow_search", 'director:"X"'),
                ("follow_search", 'director:"X"'),
            ],
            [FILM_1, SearchPlace("kate"), SearchPlace('director:"X"', by_link=True)],
            2,
        ),
        # Looking at a result changes the search place, not the history.
        (
            [("follow_search", "tag:x"), ("look_at_result", 5), ("look_at_result", 6)],
            [SearchPlace("tag:x", 6, by_link=True)],
            0,
        ),
        # A new search after a link's search is a new place.
        (
            [("follow_search", "tag:x"), ("browse_search", "tag:y")],
            [SearchPlace("tag:x", by_link=True), SearchPlace("tag:y")],
            1,
        ),
    ],
)
def test_what_history_keeps(steps: list[tuple[Any, ...]], places: list[Any], at: int) -> None:
    history = PageHistory()
    for name, *args in steps:
        getattr(history, name)(*args)
    assert list(history.places) == places
    assert history.current == places[at]


def test_back_forward_and_going_somewhere_new() -> None:
    history = PageHistory()
    assert not history.can_go_back and not history.can_go_forward and history.back() is None
    history.browse_film(1, "films")
    history.follow_film(2, "films")
    history.follow_search("tag:x")
    assert history.back() == FilmPlace(2, "films", by_link=True)
    assert history.back() == FILM_1 and not history.can_go_back
    assert history.forward() == FilmPlace(2, "films", by_link=True) and history.can_go_forward
    history.follow_film(3, "films")  # the search ahead is dropped
    assert not history.can_go_forward
    assert list(history.places) == [
        FILM_1,
        FilmPlace(2, "films", by_link=True),
        FilmPlace(3, "films", by_link=True),
    ]
    # A film that is gone (deleted) is skipped.
    assert history.back(lambda place: place == FilmPlace(2, "films", by_link=True)) == FILM_1


def test_history_is_bounded() -> None:
    history = PageHistory(limit=3)
    for film in range(10):
        history.follow_film(film, "films")
    assert [p.film_id for p in history.places if isinstance(p, FilmPlace)] == [7, 8, 9]
    assert history.back() == FilmPlace(8, "films", by_link=True)


# --- the window -------------------------------------------------------------------------


@pytest.fixture
def films(service: JournalService) -> dict[str, int]:
    ids = {
        title: service.add_film(FilmFields(title, year=year, directors=(director,))).id
        for title, year, director in (
            ("Dead Man", 1995, "Jim Jarmusch"),
            ("Paterson", 2016, "Jim Jarmusch"),
            ("Kate", 2021, "Cedric Nicolas-Troyan"),
        )
    }
    service.link_films(ids["Paterson"], ids["Kate"], "a city, a routine")
    service.write_review(ids["Kate"], ReviewFields(70, tags=("revenge",)))
    return ids


def shown(window: Any) -> str | None:
    film = window.detail.film
    return None if film is None else str(film.title)


def hits(window: Any) -> list[str]:
    return [hit.film.title for hit in window.search_panel.model.hits]


def test_back_and_forward_between_a_film_and_a_search(
    qtbot: QtBot, make_window: Any, films: dict[str, int]
) -> None:
    window = make_window()
    window.library.select_film(films["Paterson"])
    acts = window.acts
    assert not acts.back.isEnabled() and not acts.forward.isEnabled()
    follow(qtbot, window.detail.credits.values["Directed by"], "Jim Jarmusch")
    qtbot.waitUntil(lambda: sorted(hits(window)) == ["Dead Man", "Paterson"])
    assert acts.back.isEnabled() and not acts.forward.isEnabled()
    qtbot.keyClick(window.library.current_view(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.library.current_name == "films" and window.search_field.text() == ""
    assert shown(window) == "Paterson" and window.library.current_film_id() == films["Paterson"]
    assert not acts.back.isEnabled() and acts.forward.isEnabled()
    qtbot.keyClick(window.library.current_view(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.search_field.text() == 'director:"Jim Jarmusch"'
    assert window.library.current_name == "search"
    qtbot.waitUntil(lambda: sorted(hits(window)) == ["Dead Man", "Paterson"])
    assert acts.back.isEnabled() and not acts.forward.isEnabled()


def test_the_mouse_side_buttons_and_linked_film_pages(
    qtbot: QtBot, make_window: Any, films: dict[str, int]
) -> None:
    window = make_window()
    window.library.select_film(films["Paterson"])
    (row,) = window.detail.links.rows
    follow(qtbot, row.title, "Kate (2021, Cedric Nicolas-Troyan)")
    assert shown(window) == "Kate"
    target = window.detail.viewport()
    qtbot.mouseClick(target, Qt.MouseButton.BackButton)
    assert shown(window) == "Paterson"
    qtbot.mouseClick(window.detail.viewport(), Qt.MouseButton.ForwardButton)
    assert shown(window) == "Kate" and window.library.current_film_id() == films["Kate"]


def test_back_to_a_search_chooses_the_result_looked_at(
    qtbot: QtBot, make_window: Any, films: dict[str, int]
) -> None:
    window = make_window()
    window.library.select_film(films["Paterson"])
    follow(qtbot, window.detail.credits.values["Directed by"], "Jim Jarmusch")
    qtbot.waitUntil(lambda: len(hits(window)) == 2)
    panel = window.search_panel
    second = 1 - hits(window).index("Paterson")  # the result that is not Paterson
    panel.view.setCurrentIndex(panel.model.index(second, 0))
    assert shown(window) == "Dead Man"
    window.library.select_film(films["Kate"])  # not in the results: nothing happens
    window.run_search('tag:"revenge"')  # as if typed
    qtbot.waitUntil(lambda: hits(window) == ["Kate"])
    window.acts.back.trigger()
    assert window.search_field.text() == 'director:"Jim Jarmusch"'
    qtbot.waitUntil(lambda: shown(window) == "Dead Man")  # chosen again, not the first
    assert panel.view.currentIndex().row() == second


def test_browsing_a_list_is_one_step_back(
    qtbot: QtBot, make_window: Any, films: dict[str, int]
) -> None:
    window = make_window()
    window.library.select_film(films["Paterson"])
    follow(qtbot, window.detail.credits.values["Directed by"], "Jim Jarmusch")
    qtbot.waitUntil(lambda: len(hits(window)) == 2)
    window.show_view("films")
    view = window.library.films_view
    view.setFocus()
    for _ in range(2):
        qtbot.keyClick(view, Qt.Key.Key_Down)
    browsed = shown(window)
    window.acts.back.trigger()  # back to the search, not to each film passed on the way
    assert window.library.current_name == "search"
    window.acts.forward.trigger()
    assert shown(window) == browsed and not window.acts.forward.isEnabled()


def test_back_and_forward_are_on_the_toolbar_and_in_the_view_menu(make_window: Any) -> None:
    window = make_window()
    bar = window.findChild(QToolBar, "main-toolbar")
    assert bar.actions()[:2] == [window.acts.back, window.acts.forward]
    view_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View"
    )
    assert {window.acts.back, window.acts.forward} <= set(view_menu.actions())
    assert window.acts.back.shortcut().toString() == "Alt+Left"
    assert window.acts.forward.shortcut().toString() == "Alt+Right"
