"""A frame in the palette's highlight colour around the area that has the keyboard focus.

A list, the film page or the sidebar look the same with and without the
focus in many styles, so a keyboard user cannot see where Tab took them.
``FocusFrame`` is a transparent overlay over the window that draws a
rectangle around whichever of its areas holds the focus widget. The colour
is the palette's Highlight, so it follows a light or dark palette (and any
theme) without a colour of its own. It takes no mouse clicks and no focus.
"""

from __future__ import annotations

from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QApplication, QWidget

from watchjournal.ui.common.keyboard import area_of

FRAME_WIDTH = 2
_WATCHED_EVENTS = {
    QEvent.Type.Move,
    QEvent.Type.Resize,
    QEvent.Type.Show,
    QEvent.Type.Hide,
}


class FocusFrame(QWidget):
    """Draws around ``areas`` (children of ``window``) the one that has the focus."""

    def __init__(self, window: QWidget, areas: Sequence[QWidget]) -> None:
        super().__init__(window)
        self._window = window
        self._areas = list(areas)
        self.target: QWidget | None = None
        self.setObjectName("focus-frame")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()
        for area in self._areas:
            area.installEventFilter(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # The application outlives windows: a closed window's frame must not touch its areas.
        if not shiboken6.isValid(self) or not all(shiboken6.isValid(a) for a in self._areas):
            return
        number = area_of(new, self._areas)
        self.target = self._areas[number] if number is not None else None
        self._follow()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.target and event.type() in _WATCHED_EVENTS:
            self._follow()
        return False

    def _follow(self) -> None:
        target = self.target
        if target is None or not target.isVisible():
            self.hide()
            return
        top_left = target.mapTo(self._window, QPoint(0, 0))
        self.setGeometry(QRect(top_left, target.size()))
        self.raise_()
        self.show()
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), FRAME_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = FRAME_WIDTH / 2
        painter.drawRect(QRectF(self.rect()).adjusted(half, half, -half, -half))
