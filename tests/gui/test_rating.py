"""The rating slider: keyboard and mouse, the no-rating state, and star mode snapping."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from watchjournal.ui.common.preferences import UiPreferences
from watchjournal.ui.review.rating import (
    RatingDisplay,
    RatingSlider,
    describe_rating,
    format_rating,
    rating_after_key,
    snap_to_half_star,
)


@pytest.fixture
def preferences(tmp_path: Path) -> UiPreferences:
    return UiPreferences(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def slider(qtbot: QtBot, preferences: UiPreferences) -> RatingSlider:
    widget = RatingSlider(preferences)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def value_text(slider: RatingSlider) -> str:
    labels = [label.text() for label in slider.findChildren(QLabel) if label.isVisible()]
    assert len(labels) == 1
    return labels[0]


def test_keyboard_steps_tenths_and_whole_points(qtbot: QtBot, slider: RatingSlider) -> None:
    seen: list[object] = []
    slider.rating_changed.connect(seen.append)
    slider.set_rating_tenths(60)
    slider.setFocus()
    for _ in range(4):
        qtbot.keyClick(slider.focusProxy(), Qt.Key.Key_Right)
    assert slider.rating_tenths == 64
    assert value_text(slider) == "6.4"
    qtbot.keyClick(slider.focusProxy(), Qt.Key.Key_PageUp)
    assert slider.rating_tenths == 74
    qtbot.keyClick(slider.focusProxy(), Qt.Key.Key_Left)
    qtbot.keyClick(slider.focusProxy(), Qt.Key.Key_PageDown)
    assert slider.rating_tenths == 63
    qtbot.keyClick(slider.focusProxy(), Qt.Key.Key_End)
    assert slider.rating_tenths == 100
    qtbot.keyClick(slider.focusProxy(), Qt.Key.Key_Right)
    assert slider.rating_tenths == 100
    qtbot.keyClick(slider.focusProxy(), Qt.Key.Key_Home)
    assert slider.rating_tenths == 5
    qtbot.keyClick(slider.focusProxy(), Qt.Key.Key_Delete)
    assert slider.rating_tenths is None
    assert value_text(slider) == "No rating"
    assert seen == [60, 61, 62, 63, 64, 74, 73, 63, 100, 5, None]


def test_keys_sent_to_the_widget_itself_work_too(qtbot: QtBot, slider: RatingSlider) -> None:
    slider.set_rating_tenths(95)
    qtbot.keyClick(slider, Qt.Key.Key_PageUp)
    assert slider.rating_tenths == 100
    qtbot.keyClick(slider, Qt.Key.Key_Backspace)
    assert slider.rating_tenths is None


def test_from_no_rating_a_step_key_starts_in_the_middle(qtbot: QtBot, slider: RatingSlider) -> None:
    assert slider.rating_tenths is None
    qtbot.keyClick(slider.focusProxy(), Qt.Key.Key_Right)
    assert slider.rating_tenths == 50


def test_clear_button_and_accessible_text(qtbot: QtBot, slider: RatingSlider) -> None:
    slider.set_rating_tenths(72)
    assert slider.accessibleName() == "Rating"
    assert slider.accessibleDescription().startswith("7.2 out of 10.")
    assert slider.focusProxy().focusPolicy() == Qt.FocusPolicy.StrongFocus
    (clear,) = slider.findChildren(QToolButton)
    assert clear.accessibleName() == "Clear rating"
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert slider.rating_tenths is None
    assert slider.accessibleDescription().startswith("No rating.")
    assert not clear.isEnabled()


def test_clicking_the_groove_sets_that_rating(qtbot: QtBot, slider: RatingSlider) -> None:
    groove = slider.focusProxy()
    qtbot.mouseClick(groove, Qt.MouseButton.LeftButton, pos=QPoint(groove.width() - 1, 5))
    assert slider.rating_tenths == 100
    qtbot.mouseClick(groove, Qt.MouseButton.LeftButton, pos=QPoint(0, 5))
    assert slider.rating_tenths == 5


def test_star_mode_steps_by_half_stars(
    qtbot: QtBot, slider: RatingSlider, preferences: UiPreferences
) -> None:
    slider.set_rating_tenths(64)
    preferences.ratings_as_stars = True
    assert slider.as_stars
    # 6.4 is shown as the nearest half star (three stars) but is not changed.
    assert value_text(slider) == "3 stars"
    assert slider.rating_tenths == 64
    stars = slider.focusProxy()
    qtbot.keyClick(stars, Qt.Key.Key_Right)
    assert slider.rating_tenths == 70
    assert value_text(slider) == "3.5 stars"
    qtbot.keyClick(stars, Qt.Key.Key_Left)
    qtbot.keyClick(stars, Qt.Key.Key_Left)
    assert slider.rating_tenths == 50
    qtbot.keyClick(stars, Qt.Key.Key_PageUp)
    assert slider.rating_tenths == 70
    qtbot.keyClick(stars, Qt.Key.Key_Home)
    assert slider.rating_tenths == 10
    assert value_text(slider) == "0.5 stars"
    qtbot.keyClick(stars, Qt.Key.Key_End)
    assert slider.rating_tenths == 100


def test_clicking_a_star_picks_half_or_whole(
    qtbot: QtBot, slider: RatingSlider, preferences: UiPreferences
) -> None:
    preferences.ratings_as_stars = True
    stars = slider.focusProxy()
    height = stars.height() - 8  # stars are drawn 4 px inside the widget
    third_star_left = 4 + 2 * height * 1.2
    qtbot.mouseClick(
        stars,
        Qt.MouseButton.LeftButton,
        pos=QPoint(int(third_star_left + height * 0.25), stars.height() // 2),
    )
    assert slider.rating_tenths == 50
    qtbot.mouseClick(
        stars,
        Qt.MouseButton.LeftButton,
        pos=QPoint(int(third_star_left + height * 0.75), stars.height() // 2),
    )
    assert slider.rating_tenths == 60


def test_preference_is_stored_and_announced(tmp_path: Path, qtbot: QtBot) -> None:
    path = str(tmp_path / "prefs.ini")
    first = UiPreferences(QSettings(path, QSettings.Format.IniFormat))
    assert first.ratings_as_stars is False
    with qtbot.waitSignal(first.changed, timeout=1000):
        first.ratings_as_stars = True
    again = UiPreferences(QSettings(path, QSettings.Format.IniFormat))
    assert again.ratings_as_stars is True


@pytest.mark.parametrize(
    ("tenths", "snapped", "stars", "number"),
    [
        (5, 10, "½", "0.5"),
        (10, 10, "½", "1.0"),
        (55, 50, "★★½", "5.5"),  # not like 6.4: 5.5 is 2.75 stars, a tie goes down
        (59, 60, "★★★", "5.9"),
        (64, 60, "★★★", "6.4"),
        (65, 60, "★★★", "6.5"),
        (66, 70, "★★★½", "6.6"),
        (67, 70, "★★★½", "6.7"),
        (94, 90, "★★★★½", "9.4"),
        (96, 100, "★★★★★", "9.6"),
        (100, 100, "★★★★★", "10.0"),
    ],
)
def test_snapping_and_formatting(tenths: int, snapped: int, stars: str, number: str) -> None:
    assert snap_to_half_star(tenths) == snapped
    assert format_rating(tenths, as_stars=True) == stars
    assert format_rating(tenths) == number
    assert format_rating(None) == ""
    assert describe_rating(None) == "No rating"


@pytest.mark.parametrize(
    ("current", "key", "as_stars", "expected"),
    [
        (64, Qt.Key.Key_Right, True, 70),
        (64, Qt.Key.Key_Left, True, 60),
        (60, Qt.Key.Key_Left, True, 50),
        (10, Qt.Key.Key_Left, True, 10),
        (5, Qt.Key.Key_Right, True, 10),
        (64, Qt.Key.Key_PageDown, True, 50),
        (5, Qt.Key.Key_Left, False, 5),
        (None, Qt.Key.Key_Home, False, 5),
        (None, Qt.Key.Key_Down, True, 50),
    ],
)
def test_rating_after_key(current: int | None, key: Qt.Key, as_stars: bool, expected: int) -> None:
    assert rating_after_key(current, key, as_stars) == (True, expected)


def test_other_keys_are_not_taken() -> None:
    assert rating_after_key(64, Qt.Key.Key_Tab, False) == (False, 64)


def test_rating_display_paints_stars_and_numbers(qtbot: QtBot) -> None:
    display = RatingDisplay(as_stars=True)
    qtbot.addWidget(display)
    display.set_rating(70)
    assert display.accessibleName() == "Rating: 3.5 out of 5 stars"
    image = display.grab().toImage()
    highlight = display.palette().highlight().color()
    filled = sum(
        1
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).rgb() == highlight.rgb()
    )
    assert filled > 0
    display.set_rating(None)
    image = display.grab().toImage()
    assert not any(
        image.pixelColor(x, y).rgb() == highlight.rgb()
        for x in range(image.width())
        for y in range(image.height())
    )
    display.set_rating(64, as_stars=False)
    assert display.accessibleName() == "Rating: 6.4 out of 10"


@pytest.mark.parametrize("as_stars", [False, True])
def test_window_shortcuts_do_not_steal_the_rating_keys(
    qtbot: QtBot, preferences: UiPreferences, as_stars: bool
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    slider = RatingSlider(preferences, window)
    preferences.ratings_as_stars = as_stars
    fired: list[str] = []
    for key in ("Delete", "Right", "Home"):
        action = QAction(key, window)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _=False, key=key: fired.append(key))
        window.addAction(action)
    window.show()
    handle = window.windowHandle()
    assert handle is not None
    handle.requestActivate()  # window shortcuts only fire in the active window
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    slider.setFocus()
    qtbot.keyClick(slider.focusProxy(), Qt.Key.Key_Home)
    qtbot.keyClick(slider.focusProxy(), Qt.Key.Key_Right)
    assert slider.rating_tenths == (20 if as_stars else 6)
    qtbot.keyClick(slider.focusProxy(), Qt.Key.Key_Delete)
    assert slider.rating_tenths is None
    assert fired == []
