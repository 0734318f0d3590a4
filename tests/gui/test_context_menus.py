"""Context menus on every view: each opens (by mouse on a row, and by the Menu key) with
the window's own actions, so their shortcuts show and they act on the row clicked."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QMenu
from pytestqt.qtbot import QtBot

from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.ui.window.context_menus import build_menu, install_context_menu
from watchjournal.ui.window.models import FILM_ID_ROLE

Window = Any


@pytest.fixture
def window(qtbot: QtBot, make_window: Any, service: JournalService) -> Window:
    """Two films on the watchlist, one watched and reviewed, the other with a draft."""
    paterson = service.add_film(FilmFields("Paterson", year=2016), watchlist=True)
    okja = service.add_film(FilmFields("Okja", year=2017), watchlist=True)
    viewing = service.mark_watched(paterson.id, date(2025, 6, 1))
    service.write_review(paterson.id, ReviewFields(rating_tenths=80, viewing_id=viewing.id))
    service.write_review(okja.id, ReviewFields(body="a draft", draft=True))
    window = make_window()
    window.resize(1100, 700)
    return window


def texts(menu: QMenu) -> list[str]:
    """Each item as the user reads it: its text and shortcut ("—" for a separator)."""
    return [
        "—"
        if action.isSeparator()
        else action.text().replace("&", "")
        + (f" ({action.shortcut().toString()})" if not action.shortcut().isEmpty() else "")
        for action in menu.actions()
    ]


def window_actions(window: Window) -> set[QAction]:
    return {*vars(window.acts).values(), *vars(window.editing.entry_acts).values()}


def first_row_point(view: QAbstractItemView, row_index: Any) -> QPoint:
    view.scrollTo(row_index)
    return view.visualRect(row_index).center()


def open_by_mouse(qtbot: QtBot, view: QAbstractItemView, point: QPoint) -> list[str]:
    """Right-click at ``point`` (viewport coordinates): the menu that opened, read and closed."""
    seen: list[str] = []
    deadline = time.monotonic() + 5

    def read_popup() -> None:
        popup = QApplication.activePopupWidget()
        if isinstance(popup, QMenu):
            seen.extend(texts(popup))
            popup.close()
        elif time.monotonic() < deadline:
            QTimer.singleShot(20, read_popup)

    QTimer.singleShot(0, read_popup)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, view.viewport().mapToGlobal(point)
    )
    QApplication.sendEvent(view.viewport(), event)
    return seen


def test_films_menu_by_mouse_selects_the_row_clicked(qtbot: QtBot, window: Window) -> None:
    window.show_view("films")
    view, model = window.library.films_view, window.library.films_model
    view.selectRow(0)  # Okja
    paterson_row = next(
        r for r in range(model.rowCount()) if "Paterson" in model.index(r, 0).data()
    )
    shown = open_by_mouse(qtbot, view, first_row_point(view, model.index(paterson_row, 0)))
    # Paterson: watched (so off the watchlist) and reviewed.
    assert shown == [t.replace("Remove from", "Add to") for t in OKJA_MENU]
    assert not window.editing.entry_acts.watchlist_note.isEnabled()  # shown, but greyed
    # The menu acted on the row right-clicked: it became the film in the pane.
    assert window.library.selected_film_ids() == [model.index(paterson_row, 0).data(FILM_ID_ROLE)]
    assert window.detail.film is not None and window.detail.film.title == "Paterson"


OKJA_MENU = [  # Okja: on the watchlist, with a draft review
    "Mark Watched… (Ctrl+M)",
    "Open Review (Ctrl+R)",
    "New Review (Ctrl+Shift+R)",
    "—",
    "Remove from Watchlist (Ctrl+Shift+W)",
    "Watchlist Note… (Ctrl+Shift+N)",
    "Like (Ctrl+L)",
    "Add to List… (Ctrl+Shift+L)",
    "—",
    "Edit Film… (F2)",
    "Delete Film (Del)",
    "—",
    "Fetch Poster (Ctrl+Shift+P)",
    "Set Poster from File… (Ctrl+Shift+O)",
    "Refresh Details… (F5)",
]
EXPECTED = {
    "films": OKJA_MENU,
    "watchlist": [
        *OKJA_MENU[:7],
        "Move Up in Watchlist (Alt+Up)",
        "Move Down in Watchlist (Alt+Down)",
        *OKJA_MENU[7:],
    ],
    "diary": [  # Paterson's diary entry: watched, so off the watchlist
        "Edit Entry… (Shift+F2)",
        "Delete Entry (Del)",
        "—",
        "Mark Watched… (Ctrl+M)",
        "Open Review (Ctrl+R)",
        "New Review (Ctrl+Shift+R)",
        "—",
        "Add to Watchlist (Ctrl+Shift+W)",
        "Like (Ctrl+L)",
        "Add to List… (Ctrl+Shift+L)",
        "—",
        "Edit Film… (F2)",
    ],
    "reviews": [  # the newest review first: Okja's draft
        "Open Review (Ctrl+R)",
        "New Review (Ctrl+Shift+R)",
        "—",
        "Mark Watched… (Ctrl+M)",
        *OKJA_MENU[3:],
    ],
    "search": ["Show Spoiler", "—", *OKJA_MENU],
    "poster": OKJA_MENU,
    "wall-films": OKJA_MENU,
}


def make_current(qtbot: QtBot, window: Window, name: str) -> None:
    """Show the view the menu belongs to with its first row (the first entry) current."""
    if name == "search":
        window.search_field.setText("okja")
        qtbot.waitUntil(lambda: window.search_panel.model.rowCount() == 1, timeout=5000)
        return
    if name.startswith("wall-"):
        name = name.removeprefix("wall-")
        window.library.set_mode(name, "wall")
    window.show_view("films" if name == "poster" else name)
    view = window.library.current_view()
    model = view.model()
    parent = model.index(0, 0) if name == "diary" else None
    index = model.index(0, 0, parent) if parent is not None else model.index(0, 0)
    view.setFocus()
    view.setCurrentIndex(index)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_views_menu_has_the_windows_actions(qtbot: QtBot, window: Window, name: str) -> None:
    make_current(qtbot, window, name)
    menu = window.editing.context_menus[name].menu()
    assert texts(menu) == EXPECTED[name]
    own = window_actions(window) | {window.search_panel.show_spoiler_action}
    assert all(a in own for a in menu.actions() if not a.isSeparator())  # the same QActions
    if name == "diary":
        assert window.editing.entry_acts.delete_entry.isEnabled()
        assert not window.acts.delete_film.isEnabled()  # Del is the entry's here


def test_the_menu_key_opens_the_diary_menu_at_the_current_entry(
    qtbot: QtBot, window: Window, service: JournalService
) -> None:
    make_current(qtbot, window, "diary")
    view = window.library.diary_view
    seen: list[str] = []

    def read_popup() -> None:
        popup = QApplication.activePopupWidget()
        if isinstance(popup, QMenu):
            seen.extend(texts(popup))
            popup.close()
        else:
            QTimer.singleShot(20, read_popup)

    QTimer.singleShot(0, read_popup)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Keyboard, QPoint(0, 0), view.mapToGlobal(QPoint(0, 0))
    )
    QApplication.sendEvent(view, event)
    assert seen == EXPECTED["diary"]


def test_build_menu_leaves_out_hidden_actions_and_stray_separators(qtbot: QtBot) -> None:
    first, hidden, last = QAction("&First"), QAction("Hidden"), QAction("&Last")
    hidden.setVisible(False)
    menu = build_menu([None, first, None, hidden, None, None, last, None])
    assert texts(menu) == ["First", "—", "Last"]


def test_any_widget_can_get_a_context_menu(qtbot: QtBot) -> None:
    """What the poster wall and the lists view call: one line per view."""
    label = QLabel("a poster")
    qtbot.addWidget(label)
    action = QAction("&Mark Watched…", label)
    action.setShortcut("Ctrl+M")
    context = install_context_menu(label, lambda: [action])
    assert texts(context.menu()) == ["Mark Watched… (Ctrl+M)"]
    assert label.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu
