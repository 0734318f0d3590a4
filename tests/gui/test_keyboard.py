"""Keyboard-first: Tab between areas, a visible focus, Escape and Ctrl+W, shortcuts everywhere."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.test_main_window import when_modal
from tests.gui.test_mnemonics import menu_actions
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.ui.common.keyboard import shortcut_text, tab_stops
from watchjournal.ui.diary.log_dialog import LogDialog
from watchjournal.ui.diary.note_dialog import WatchlistNoteDialog
from watchjournal.ui.film.dialog import FilmDialog
from watchjournal.ui.window.models import FILM_ID_ROLE


@pytest.fixture
def two_films(service: JournalService) -> tuple[int, int]:
    first = service.add_film(FilmFields("Ballerina", year=2023, directors=("Lee Chung-hyun",)))
    second = service.add_film(
        FilmFields("Ballerina", year=2025, directors=("Len Wiseman",)), allow_duplicate=True
    )
    service.mark_watched(first.id, date(2025, 6, 1))
    service.write_review(first.id, ReviewFields(rating_tenths=64, headline="stream it"))
    return first.id, second.id


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier | None = None) -> QWidget:
    """Press a key where the focus is; return where the focus is afterwards."""
    focus = QApplication.focusWidget()
    assert focus is not None, "nothing has the focus"
    if modifier is None:
        qtbot.keyClick(focus, key)
    else:
        qtbot.keyClick(focus, key, modifier)
    after = QApplication.focusWidget()
    assert after is not None
    return after


def area_name(window: Any, widget: QWidget) -> str:
    for name, area in (
        ("sidebar", window.sidebar),
        ("list", window.library),
        ("film", window.right),
        ("search", window.search_field),
    ):
        if widget is area or area.isAncestorOf(widget):
            return name
    return type(widget).__name__


def tab_walk(qtbot: QtBot, window: Any, key: Qt.Key, count: int) -> list[QWidget]:
    stops = [QApplication.focusWidget()]
    for _ in range(count):
        stops.append(press(qtbot, key))
    return [s for s in stops if s is not None]


def test_tab_goes_round_the_areas_and_reaches_every_film_button(
    qtbot: QtBot, make_window: Any, two_films: tuple[int, int]
) -> None:
    window = make_window()
    window.show_view("films")
    window.sidebar.setFocus()
    # Enough presses to go round once whatever the film page holds, and a few more.
    stops = tab_walk(qtbot, window, Qt.Key.Key_Tab, len(tab_stops(window)) + 4)
    areas = [area_name(window, w) for w in stops]
    # Sidebar, the list as one stop, the film page's stops, the search field, round again.
    first_round = areas[: areas.index("search", 1) + 2]
    assert first_round[:2] == ["sidebar", "list"]
    assert first_round[-2:] == ["search", "sidebar"]
    assert set(first_round[2:-2]) == {"film"}
    assert areas.count("list") >= 2, "Tab stayed in the list"
    reached = set(stops)
    for button in window.detail.findChildren(QWidget):
        if button.isVisible() and button.focusPolicy() & Qt.FocusPolicy.TabFocus:
            assert button in reached, button.accessibleName() or button
    assert window.search_field in reached
    # Every list takes Tab as one stop: arrows move inside it.
    for view in window.library.findChildren(QAbstractItemView):
        assert not view.tabKeyNavigation(), view.accessibleName()


def test_shift_tab_goes_round_the_other_way(
    qtbot: QtBot, make_window: Any, two_films: tuple[int, int]
) -> None:
    window = make_window()
    window.show_view("films")
    window.search_field.setFocus()
    stops = tab_walk(qtbot, window, Qt.Key.Key_Backtab, len(tab_stops(window)) + 4)
    areas = [area_name(window, w) for w in stops]
    deduplicated = [a for i, a in enumerate(areas) if i == 0 or a != areas[i - 1]]
    assert deduplicated[:5] == ["search", "film", "list", "sidebar", "search"]


def test_tab_walks_the_review_editor_then_leaves_it(
    qtbot: QtBot, make_window: Any, two_films: tuple[int, int]
) -> None:
    window = make_window()
    window.show_view("films")
    window.library.select_film(two_films[0])
    window.acts.write_review.trigger()
    qtbot.waitUntil(
        lambda: (
            window.editor.rating.hasFocus()
            or window.editor.isAncestorOf(QApplication.focusWidget())
        )
    )
    stops = tab_walk(qtbot, window, Qt.Key.Key_Tab, 14)
    names = [area_name(window, w) for w in stops]
    assert window.editor.headline in stops and window.editor.body in stops
    assert window.editor.spoilers in stops and window.editor.finished in stops
    assert "search" in names, "Tab never left the review editor"
    assert names[names.index("search") + 1] == "sidebar"


@pytest.mark.parametrize("tone", ["light", "dark"])
def test_the_area_with_the_focus_has_a_frame_in_the_highlight_colour(
    qtbot: QtBot, make_window: Any, two_films: tuple[int, int], tone: str
) -> None:
    window = make_window()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.palette()
    if tone == "dark":
        dark = QPalette(original)
        for role, colour in (
            (QPalette.ColorRole.Window, "#2b2b2b"),
            (QPalette.ColorRole.Base, "#1e1e1e"),
            (QPalette.ColorRole.Highlight, "#3d7bd9"),
        ):
            dark.setColor(role, QColor(colour))
        app.setPalette(dark)
        qtbot.waitUntil(lambda: window.palette().color(QPalette.ColorRole.Highlight) == "#3d7bd9")
    try:
        window.show_view("films")
        highlight = window.palette().color(QPalette.ColorRole.Highlight)
        for area, focus in (
            (window.right, window.detail),
            (window.library, window.library.films_view),
            (window.sidebar, window.sidebar),
        ):
            focus.setFocus(Qt.FocusReason.TabFocusReason)
            qtbot.waitUntil(lambda a=area: window.keyboard.frame.target is a)
            frame = window.keyboard.frame
            assert frame.isVisible()
            assert frame.geometry().topLeft() == area.mapTo(window, QPoint(0, 0))
            assert frame.size() == area.size()
            image = window.grab().toImage()
            ratio = image.devicePixelRatio()
            middle = area.mapTo(window, QPoint(area.width() // 2, 0))
            edge = image.pixelColor(int(middle.x() * ratio), int((middle.y() + 0.5) * ratio))
            assert edge == highlight, (area.accessibleName(), edge.name(), highlight.name())
        window.search_field.setFocus()
        window.acts.keyboard_shortcuts.trigger()  # focus in another window: no frame here
        qtbot.waitUntil(lambda: not window.keyboard.frame.isVisible())
    finally:
        app.setPalette(original)


def test_every_menu_action_has_a_shortcut_shown_in_its_tooltip(
    qtbot: QtBot, make_window: Any, two_films: tuple[int, int]
) -> None:
    window = make_window()
    actions = menu_actions(window)
    without = [a.text() for a in actions if not a.shortcuts() and a is not window.acts.about]
    assert without == []
    keys = Counter(k.toString() for a in actions for k in a.shortcuts())
    # Del is a diary entry's in the Diary and the film's elsewhere: never both at once.
    assert [k for k, n in keys.items() if n > 1] == ["Del"], "one key, two actions"
    entry, film = window.editing.entry_acts.delete_entry, window.acts.delete_film
    for name in ("films", "diary", "watchlist"):
        window.show_view(name)
        assert not (entry.isEnabled() and film.isEnabled()), name
    for action in actions:
        if action.shortcuts():
            assert action.toolTip().endswith(f"({shortcut_text(action)})"), action.toolTip()
    assert window.acts.write_review.toolTip() == "Write Review (Ctrl+R)"
    buttons = {b.text(): b for b in window.detail.findChildren(QWidget) if hasattr(b, "text")}
    assert buttons["Write Review"].toolTip() == "Write Review (Ctrl+R)"
    window.show_view("films")
    window.library.select_film(two_films[1])
    when_modal(qtbot, WatchlistNoteDialog, lambda dialog: dialog.accept())  # no note
    window.acts.toggle_watchlist.trigger()  # on the watchlist now: the text and tip follow
    qtbot.waitUntil(lambda: "Remove" in window.acts.toggle_watchlist.text())
    assert window.acts.toggle_watchlist.toolTip() == "Remove from Watchlist (Ctrl+Shift+W)"
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)


def test_escape_and_ctrl_w_leave_the_review_editor_with_the_review_saved(
    qtbot: QtBot, make_window: Any, service: JournalService, two_films: tuple[int, int]
) -> None:
    window = make_window()
    window.show_view("films")
    second = two_films[1]
    for key, modifier in (
        (Qt.Key.Key_Escape, None),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    ):
        window.library.select_film(second)
        window.acts.write_review.trigger()
        assert window.right.currentIndex() == 1 and window.acts.close_review.isEnabled()
        window.editor.headline.setFocus()
        window.editor.headline.clear()  # the second time Ctrl+R opens the review written first
        qtbot.keyClicks(window.editor.headline, f"closed with {key.name}")
        press(qtbot, key, modifier)
        qtbot.waitUntil(lambda: window.right.currentIndex() == 0)
        assert not window.acts.close_review.isEnabled()
        headlines = [r.headline for r in service.get_film(second).reviews]
        assert f"closed with {key.name}" in headlines
    # Ctrl+W with no review open leaves the main window alone.
    window.library.films_view.setFocus()
    press(qtbot, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.isVisible()


def test_ctrl_w_closes_dialogs_and_the_shortcuts_window(
    qtbot: QtBot, make_window: Any, service: JournalService, two_films: tuple[int, int]
) -> None:
    window = make_window()
    window.show_view("films")
    window.library.select_film(two_films[1])
    closed: list[str] = []

    def ctrl_w(dialog: Any) -> None:
        qtbot.keyClick(
            dialog.focusWidget() or dialog, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier
        )
        closed.append(type(dialog).__name__)

    when_modal(qtbot, LogDialog, ctrl_w)
    window.acts.mark_watched.trigger()  # returns once the dialog closed
    when_modal(qtbot, FilmDialog, ctrl_w)
    window.acts.edit_film.trigger()
    assert closed == ["LogDialog", "FilmDialog"]
    assert service.get_film(two_films[1]).viewings == ()
    shortcuts = window.keyboard.show_shortcuts()
    qtbot.waitExposed(shortcuts)
    qtbot.keyClick(shortcuts.filter_edit, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not shortcuts.isVisible())
    assert window.isVisible()


def test_escape_on_a_filled_in_add_film_dialog_asks_before_discarding(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    window = make_window()
    asked: list[str] = []

    def answer(button_text: str) -> Callable[[QMessageBox], None]:
        def act(box: QMessageBox) -> None:
            asked.append(box.text())
            (button,) = [b for b in box.buttons() if b.text() == button_text]
            button.click()

        return act

    def keep_then_discard(dialog: FilmDialog) -> None:
        qtbot.keyClicks(dialog.title_edit, "Ballerina")
        when_modal(qtbot, QMessageBox, answer("&Keep Editing"))
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Escape)
        assert dialog.isVisible() and dialog.title_edit.text() == "Ballerina"
        when_modal(qtbot, QMessageBox, answer("&Discard"))
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Escape)

    when_modal(qtbot, FilmDialog, keep_then_discard)
    window.acts.new_film.trigger()
    assert asked == ["Discard this film?", "Discard this film?"]
    assert service.list_films() == []

    def empty_escape(dialog: FilmDialog) -> None:
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Escape)  # nothing typed: no question

    when_modal(qtbot, FilmDialog, empty_escape)
    window.acts.new_film.trigger()
    assert asked == ["Discard this film?", "Discard this film?"]


def test_enter_enter_after_a_query_opens_the_first_result_even_before_it_came(
    qtbot: QtBot, make_window: Any, two_films: tuple[int, int]
) -> None:
    window = make_window()
    window.search_field.setFocus()
    qtbot.keyClicks(window.search_field, "director:wiseman")
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.search_panel.view.hasFocus()
    assert window.search_panel.model.rowCount() == 0  # the search runs in the background
    qtbot.keyClick(window.search_panel.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.library.current_name == "films")
    assert window.library.current_film_id() == two_films[1]
    assert window.library.films_view.hasFocus()


def test_enter_enter_never_opens_a_result_of_the_query_before(
    qtbot: QtBot, make_window: Any, two_films: tuple[int, int]
) -> None:
    """Two films called Ballerina: the list still shows the 2023 one, found by the query
    before, while the query for the 2025 one runs; Enter, Enter must open the 2025 one."""
    window = make_window()
    panel = window.search_panel
    for query, film_id in (("director:lee", two_films[0]), ("director:wiseman", two_films[1])):
        window.search_field.setFocus()
        qtbot.keyClicks(window.search_field, query)
        qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
        assert panel.view.hasFocus()
        if film_id == two_films[1]:  # the earlier query's film is still the listed one
            assert panel.model.rowCount() == 1
            assert panel.view.currentIndex().data(FILM_ID_ROLE) == two_films[0]
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.library.current_name == "films")
        assert window.library.current_film_id() == film_id, query
        assert window.search_field.text() == ""


def test_enter_on_a_result_of_the_same_query_searched_again_opens_that_result(
    qtbot: QtBot, make_window: Any, two_films: tuple[int, int]
) -> None:
    """Searched again (the journal changed), the list's rows are this query's: Enter
    opens the row the user is on at once, not the first one later."""
    window = make_window()
    panel = window.search_panel
    window.search_field.setFocus()
    qtbot.keyClicks(window.search_field, "ballerina")
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    panel.view.setCurrentIndex(panel.model.index(1, 0))
    chosen = panel.view.currentIndex().data(FILM_ID_ROLE)
    panel.search("ballerina")  # running again, as after a change
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert window.library.current_name == "films"  # at once
    assert window.library.current_film_id() == chosen


def test_escape_on_a_filled_in_mark_watched_dialog_asks_and_its_question_has_unique_keys(
    qtbot: QtBot, make_window: Any, service: JournalService, two_films: tuple[int, int]
) -> None:
    from tests.gui.mnemonics import clashes

    window = make_window()
    window.show_view("films")
    window.library.select_film(two_films[1])
    asked: list[tuple[str, dict[str, list[str]]]] = []

    def discard(box: QMessageBox) -> None:
        asked.append((box.text(), clashes(box)))
        (button,) = [b for b in box.buttons() if b.text() == "&Discard"]
        button.click()

    def type_then_escape(dialog: LogDialog) -> None:
        qtbot.keyClicks(dialog.note_edit, "with Min")
        when_modal(qtbot, QMessageBox, discard)
        qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Escape)

    when_modal(qtbot, LogDialog, type_then_escape)
    window.acts.mark_watched.trigger()
    assert asked == [("Discard this viewing?", {})]
    assert service.get_film(two_films[1]).viewings == ()
