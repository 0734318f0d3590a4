"""A wall with its toolbar: what it shows on the left, the poster size slider on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from watchjournal.ui.wall.delegate import DEFAULT_STEP, POSTER_WIDTHS
from watchjournal.ui.wall.view import WallView


class WallPage(QWidget):
    """The wall under a slim toolbar; moving the slider emits ``size_step_changed``."""

    size_step_changed = Signal(int)

    def __init__(self, view: WallView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, len(POSTER_WIDTHS) - 1)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setFixedWidth(140)
        self.slider.setAccessibleName("Poster size")
        self.slider.setToolTip("Poster size (Ctrl+plus / Ctrl+minus on the wall)")
        self.slider.setValue(DEFAULT_STEP)
        self.slider.valueChanged.connect(self._slid)
        bar = QHBoxLayout()
        bar.setContentsMargins(10, 4, 10, 2)
        bar.addStretch(1)
        small, large = QLabel("Small"), QLabel("Large")
        for label in (small, large):
            label.setForegroundRole(label.foregroundRole().PlaceholderText)
        bar.addWidget(small)
        bar.addWidget(self.slider)
        bar.addWidget(large)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(view, 1)
        for keys, step in (
            (QKeySequence.StandardKey.ZoomIn, 1),
            (QKeySequence.StandardKey.ZoomOut, -1),
        ):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(
                lambda _=False, s=step: self.slider.setValue(self.size_step + s)
            )
            self.addAction(action)

    @property
    def size_step(self) -> int:
        return self.slider.value()

    def set_size_step(self, step: int) -> None:
        step = max(0, min(len(POSTER_WIDTHS) - 1, step))
        self.slider.blockSignals(True)
        self.slider.setValue(step)
        self.slider.blockSignals(False)
        self.view.set_poster_width(POSTER_WIDTHS[step])

    def _slid(self, step: int) -> None:
        self.view.set_poster_width(POSTER_WIDTHS[step])
        self.size_step_changed.emit(step)
