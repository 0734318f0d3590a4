"""The window on screen: geometry restored onto a screen that exists, the demo marked.

A geometry saved on a monitor that is gone comes back inside the screen; a
second window opens beside the first, still on screen; the demo journal says
so in its title and a banner, does not change how your own journal's window
opens, and leaves no backup behind.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from watchjournal.paths import AppPaths
from watchjournal.ui.app import AppSession, ui_settings
from watchjournal.ui.window.geometry import (
    CASCADE_STEP,
    GEOMETRY_KEY,
    cascade,
    clamped,
    keep_on_screen,
    restore_geometry,
)


def available() -> QRect:
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    return screen.availableGeometry()


def inside(rect: QRect, area: QRect) -> bool:
    return area.contains(rect)


def test_clamped_moves_and_shrinks_into_the_area() -> None:
    area = QRect(0, 0, 1280, 800)
    assert clamped(QRect(3000, 2000, 800, 600), area, QSize(0, 0)) == QRect(480, 200, 800, 600)
    assert clamped(QRect(-500, -50, 1920, 1080), area, QSize(0, 0)) == area
    assert clamped(QRect(100, 100, 400, 300), area, QSize(0, 0)) == QRect(100, 100, 400, 300)
    # Never below the window's minimum, even on a small screen.
    assert clamped(QRect(0, 0, 1920, 1080), area, QSize(1400, 480)).size() == QSize(1400, 800)


def test_a_window_off_screen_comes_back(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.setGeometry(QRect(available().right() + 2000, 3000, 640, 480))
    keep_on_screen(widget)
    assert inside(widget.geometry(), available())


def test_a_saved_geometry_from_a_bigger_or_missing_screen(qtbot: QtBot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    big = QWidget()
    qtbot.addWidget(big)
    big.setGeometry(QRect(5000, 4000, 1920, 1080))  # a monitor that is gone
    settings.setValue(GEOMETRY_KEY, big.saveGeometry())
    widget = QWidget()
    qtbot.addWidget(widget)
    restore_geometry(widget, settings)
    assert inside(widget.geometry(), available())
    nothing = QWidget()
    qtbot.addWidget(nothing)
    restore_geometry(nothing, QSettings(str(tmp_path / "none.ini"), QSettings.Format.IniFormat))
    assert inside(nothing.geometry(), available())


def test_a_second_window_cascades_on_screen(qtbot: QtBot) -> None:
    first, second = QWidget(), QWidget()
    for widget in (first, second):
        qtbot.addWidget(widget)
    first.setGeometry(QRect(10, 10, 300, 200))
    second.resize(300, 200)
    cascade(second, first)
    assert second.geometry().topLeft() == first.geometry().topLeft() + CASCADE_STEP
    first.setGeometry(QRect(available().right() - 100, 10, 300, 200))  # at the right edge
    cascade(second, first)
    assert inside(second.geometry(), available())


def test_the_demo_is_marked_saves_no_geometry_and_leaves_no_backup(
    qtbot: QtBot, app_dirs: AppPaths
) -> None:
    session = AppSession(app_dirs)
    own = session.open(app_dirs.journal, "journal")
    assert own is not None
    qtbot.addWidget(own)
    demo = session.open_demo()
    assert demo is not None
    qtbot.addWidget(demo)
    try:
        assert "(sample)" in demo.windowTitle() and "(sample)" not in own.windowTitle()
        assert demo.banner is not None and demo.banner.isVisibleTo(demo)
        assert "demo journal" in demo.banner.label.text()
        assert own.banner is None
        assert demo.status.journal_label.text() == "Demo journal"
        assert inside(demo.geometry(), available())
        assert demo.geometry().topLeft() != own.geometry().topLeft()
        folder = session.temp_folders[0]
        assert demo.service.backup_dir is not None
        assert demo.service.backup_dir.is_relative_to(folder)
        demo.resize(731, 555)
        demo.close()
        assert ui_settings(app_dirs).value(GEOMETRY_KEY) is None  # the demo saved nothing
        own.close()
        assert ui_settings(app_dirs).value(GEOMETRY_KEY) is not None
    finally:
        session.close()
    assert not folder.exists()
    backups = app_dirs.backup_dir
    leftovers = [p.name for p in backups.iterdir()] if backups.exists() else []
    assert not any("demo" in name for name in leftovers), leftovers
