"""The poster wall in the real main window, driven as a user would.

Poster Wall (Ctrl+Shift+G) switches the view on screen between list and wall,
remembered per view across windows; the film pane follows the wall's
selection; Enter opens a film, also from the search wall; the size slider
resizes every wall and is remembered. A poster can be set from an image file
dropped on the film's poster or chosen with Set Poster from File…; anything
but a real image is refused with its reason, and nothing changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from tests.gui.test_main_window import when_modal
from tests.metadata_helpers import make_image
from watchjournal.journal import FilmFields, JournalService
from watchjournal.paths import AppPaths
from watchjournal.ui.wall.delegate import POSTER_WIDTHS
from watchjournal.ui.wall.view import WallView
from watchjournal.ui.window.models import FILM_ID_ROLE


def add_films(service: JournalService) -> list[int]:
    return [
        service.add_film(FilmFields(title, year=year, directors=(director,))).id
        for title, year, director in (
            ("Ballerina", 2023, "Lee Chung-hyun"),
            ("Ballerina", 2025, "Len Wiseman"),
            ("Okja", 2017, "Bong Joon-ho"),
            ("Paterson", 2016, "Jim Jarmusch"),
        )
    ]


def wall_of(window: Any, name: str) -> WallView:
    view = window.library.walls.views[name]
    assert isinstance(view, WallView)
    return view


def click_tile(qtbot: QtBot, view: WallView, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_wall_is_toggled_and_remembered_per_view(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    add_films(service)
    window = make_window()
    window.show_view("films")
    assert window.acts.wall_mode.isEnabled() and not window.acts.wall_mode.isChecked()
    qtbot.keyClick(
        window,
        Qt.Key.Key_G,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    films_wall = wall_of(window, "films")
    assert window.library.current_view() is films_wall
    assert window.library.currentWidget() is window.library.walls.pages["films"]
    assert window.acts.wall_mode.isChecked()
    window.show_view("watchlist")  # another view keeps its own mode
    assert window.library.current_view() is window.library.watchlist_view
    assert not window.acts.wall_mode.isChecked()
    window.show_view("reviews")  # no wall for reviews
    assert not window.acts.wall_mode.isEnabled()
    window.close()
    again = make_window()
    again.show_view("films")
    assert again.library.current_view() is wall_of(again, "films")
    again.show_view("watchlist")
    assert again.library.current_view() is again.library.watchlist_view
    again.show_view("films")
    again.acts.wall_mode.trigger()  # back to the list
    assert again.library.current_view() is again.library.films_view
    assert again.preferences.view_mode("films") == "list"


def test_the_pane_follows_the_wall_and_the_film_stays_across_modes(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    ids = add_films(service)
    window = make_window()
    window.show_view("films")
    window.acts.wall_mode.trigger()
    wall = wall_of(window, "films")
    click_tile(qtbot, wall, 2)
    assert window.detail.film.id == ids[2]  # Okja, third by title
    assert window.library.selected_film_ids() == [ids[2]]
    window.acts.wall_mode.trigger()
    assert window.library.current_film_id() == ids[2]
    window.library.films_view.selectRow(3)
    window.acts.wall_mode.trigger()
    assert wall.currentIndex().row() == 3 and window.detail.film.id == ids[3]
    # Several tiles: the film actions work on all of them, as in the list.
    click_tile(qtbot, wall, 0)
    rect = wall.visualRect(wall.model().index(1, 0))
    qtbot.mouseClick(
        wall.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, rect.center()
    )
    assert sorted(window.library.selected_film_ids()) == sorted(ids[:2])


def test_enter_on_a_tile_opens_the_film_and_leaves_the_review(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    ids = add_films(service)
    window = make_window()
    window.show_view("films")
    window.acts.wall_mode.trigger()
    window.open_review(ids[0], None)
    assert window.right.currentIndex() == 1
    wall = wall_of(window, "films")
    wall.setFocus()
    wall.setCurrentIndex(wall.model().index(3, 0))
    qtbot.keyClick(wall, Qt.Key.Key_Return)
    assert window.right.currentIndex() == 0
    assert window.detail.film.id == ids[3]


def test_search_results_as_a_wall(qtbot: QtBot, make_window: Any, service: JournalService) -> None:
    ids = add_films(service)
    window = make_window()
    window.search_field.setText("ballerina")
    qtbot.waitUntil(lambda: window.search_panel.model.rowCount() == 2, timeout=10_000)
    window.acts.wall_mode.trigger()
    wall = wall_of(window, "search")
    assert window.library.current_view() is wall and wall.isVisible()
    assert not window.search_panel.view.isVisible()
    assert window.search_panel.message.isVisible()  # "2 films, best match first"
    qtbot.waitUntil(lambda: wall.model().rowCount() == 2, timeout=5000)
    assert {wall.model().index(r, 0).data(FILM_ID_ROLE) for r in (0, 1)} == set(ids[:2])
    assert window.detail.film is not None and window.detail.film.id in ids[:2]
    wall.setFocus()
    wall.setCurrentIndex(wall.model().index(1, 0))
    chosen = window.library.current_film_id()
    qtbot.keyClick(wall, Qt.Key.Key_Return)  # as Enter on a listed hit: the film in Films
    assert window.library.current_name == "films"
    assert window.library.current_film_id() == chosen


def test_size_slider_resizes_every_wall_and_is_remembered(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    add_films(service)
    window = make_window()
    # Room for two of the largest posters across: the window opens no larger than the
    # screen (the offscreen one is 800x600), where the wall keeps a size that fits two.
    window.resize(1400, 900)
    window.show_view("films")
    window.acts.wall_mode.trigger()
    page = window.library.walls.pages["films"]
    before = wall_of(window, "films").visualRect(wall_of(window, "films").model().index(0, 0))
    page.slider.setValue(len(POSTER_WIDTHS) - 1)
    for name in ("watchlist", "diary", "films", "search"):
        assert wall_of(window, name).chosen_poster_width == POSTER_WIDTHS[-1]
    after = wall_of(window, "films").visualRect(wall_of(window, "films").model().index(0, 0))
    assert after.width() > before.width()
    wall_of(window, "films").setFocus()
    qtbot.keyClick(wall_of(window, "films"), Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert page.slider.value() == len(POSTER_WIDTHS) - 2
    window.close()
    again = make_window()
    assert again.library.walls.pages["diary"].slider.value() == len(POSTER_WIDTHS) - 2


def drop_on(widget: Any, path: Path) -> tuple[bool, bool]:
    """Drag ``path`` over ``widget`` and drop it; (entering accepted, drop accepted)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    centre = QPoint(widget.width() // 2, widget.height() // 2)
    enter = QDragEnterEvent(
        centre,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, enter)
    drop = QDropEvent(
        QPointF(centre),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, drop)
    return enter.isAccepted(), drop.isAccepted()


def test_dropping_an_image_on_the_poster_sets_it(
    qtbot: QtBot, make_window: Any, service: JournalService, tmp_path: Path, app_dirs: AppPaths
) -> None:
    ids = add_films(service)
    window = make_window()
    window.show_view("films")
    window.acts.wall_mode.trigger()
    click_tile(qtbot, wall_of(window, "films"), 1)
    image = tmp_path / "wiseman.jpg"
    image.write_bytes(make_image(200, 300, color="red"))
    assert drop_on(window.detail.poster, image) == (True, True)
    qtbot.waitUntil(lambda: service.get_film(ids[1]).fields.poster_ref is not None, timeout=10_000)
    assert service.get_film(ids[0]).fields.poster_ref is None
    # The wall shows it: the tile's poster turns red once its thumbnail is in.
    wall = wall_of(window, "films")
    qtbot.waitUntil(
        lambda: (
            window.library.walls.loader.pixmap(
                service.get_film(ids[1]).fields.poster_ref or "",
                round(wall.wall_delegate.poster_width * wall.devicePixelRatioF()),
            )
            is not None
        ),
        timeout=10_000,
    )


def test_a_dropped_non_image_is_refused_and_nothing_changes(
    qtbot: QtBot, make_window: Any, service: JournalService, tmp_path: Path
) -> None:
    ids = add_films(service)
    window = make_window()
    window.show_view("films")
    window.library.select_film(ids[0])
    text = tmp_path / "notes.txt"
    text.write_text("not a poster", encoding="utf-8")
    assert drop_on(window.detail.poster, text) == (False, False)  # not even offered
    fake = tmp_path / "poster.png"
    fake.write_text("<html>404</html>", encoding="utf-8")
    said: list[str] = []

    def read(box: QMessageBox) -> None:
        said.append(box.text())
        box.accept()

    when_modal(qtbot, QMessageBox, read)
    assert drop_on(window.detail.poster, fake) == (True, True)
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert said == [f"{fake} is not a PNG, JPEG or WebP image"]
    assert service.get_film(ids[0]).fields.poster_ref is None


def test_set_poster_from_file_in_the_film_menu(
    qtbot: QtBot,
    make_window: Any,
    service: JournalService,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = add_films(service)
    image = tmp_path / "okja.webp"
    image.write_bytes(make_image(fmt="WEBP", color="green"))
    asked: list[str] = []

    def pick(_parent: Any, caption: str, _folder: str, filters: str) -> tuple[str, str]:
        asked.append(filters)
        return str(image), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", pick)
    window = make_window()
    window.show_view("films")
    window.library.select_film(ids[2])
    assert window.acts.set_poster_file.isVisible()
    window.acts.set_poster_file.trigger()
    qtbot.waitUntil(lambda: service.get_film(ids[2]).fields.poster_ref is not None, timeout=10_000)
    assert "*.webp" in asked[0] and "*.png" in asked[0] and "*.jpg" in asked[0]
    assert window.detail.film.id == ids[2]
