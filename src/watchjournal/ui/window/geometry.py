"""Window geometry: restored onto a screen that exists, saved for the next start.

A geometry saved on a monitor that is gone (or at 1920×1080 and restored on
a 1280×800 laptop) is moved and shrunk into the available area of the screen
that holds most of it, or of the primary screen. A second window (the demo
next to your journal) opens a step down and to the right of the last one,
still on screen. The demo window does not save its geometry, so trying the
demo never changes how your own journal's window opens.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QPoint, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

GEOMETRY_KEY = "window/geometry"
DEFAULT_SIZE = QSize(1200, 760)
CASCADE_STEP = QPoint(32, 32)


def _overlap(a: QRect, b: QRect) -> int:
    common = a.intersected(b)
    return common.width() * common.height() if common.isValid() else 0


def screen_for(rect: QRect) -> QScreen | None:
    """The screen holding most of ``rect``; the primary screen if none holds any."""
    screens = QGuiApplication.screens()
    best = max(screens, key=lambda s: _overlap(s.availableGeometry(), rect), default=None)
    if best is None or _overlap(best.availableGeometry(), rect) == 0:
        return QGuiApplication.primaryScreen()
    return best


def clamped(rect: QRect, area: QRect, minimum: QSize) -> QRect:
    """``rect`` shrunk to fit ``area`` (not below ``minimum``) and moved inside it."""
    size = rect.size().boundedTo(area.size()).expandedTo(minimum)
    x = max(area.left(), min(rect.left(), area.left() + area.width() - size.width()))
    y = max(area.top(), min(rect.top(), area.top() + area.height() - size.height()))
    return QRect(QPoint(x, y), size)


def keep_on_screen(window: QWidget) -> None:
    """Move and shrink ``window`` into the available area of a screen that exists."""
    if window.isMaximized() or window.isFullScreen():
        return
    rect = window.geometry()
    screen = screen_for(rect)
    if screen is None:
        return
    fitted = clamped(rect, screen.availableGeometry(), window.minimumSize())
    if fitted != rect:
        window.setGeometry(fitted)


def restore_geometry(window: QWidget, settings: QSettings) -> None:
    """The saved geometry (or the default size), then kept on screen."""
    saved = settings.value(GEOMETRY_KEY)
    if not (isinstance(saved, QByteArray) and window.restoreGeometry(saved)):
        window.resize(DEFAULT_SIZE)
    keep_on_screen(window)


def cascade(window: QWidget, after: QWidget) -> None:
    """Put ``window`` a step below and right of ``after`` (a window already open), on screen."""
    window.setGeometry(QRect(after.geometry().topLeft() + CASCADE_STEP, window.size()))
    keep_on_screen(window)


def save_geometry(window: QWidget, settings: QSettings) -> None:
    settings.setValue(GEOMETRY_KEY, window.saveGeometry())
