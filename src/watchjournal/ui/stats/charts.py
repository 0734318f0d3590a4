"""Bar charts of the Stats view, drawn by pyqtgraph in the palette's colours.

pyqtgraph (and numpy under it) is imported here only, and this module only
when the Stats view first builds its charts, so start-up never pays for it.
Each bar has a tooltip with its exact number; ``tooltip_at`` gives that text
to tests and to the hover handler alike.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QSize
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget

BAR_WIDTH = 0.7


class BarChart(QWidget):
    """One series of bars with labels under them; a hover shows "label: n unit"."""

    def __init__(self, title: str, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(title)
        self._unit = unit
        self._labels: list[str] = []
        self._values: list[float] = []
        self.plot = pg.PlotWidget()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setTitle(title)
        self.plot.setMinimumHeight(170)
        self.plot.scene().sigMouseMoved.connect(self._hovered)
        self._bars: pg.BarGraphItem | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.apply_palette()

    def sizeHint(self) -> QSize:
        return QSize(360, 200)

    def set_data(self, labels: Sequence[str], values: Sequence[float]) -> None:
        self._labels, self._values = list(labels), list(values)
        if self._bars is not None:
            self.plot.removeItem(self._bars)
        color = QGuiApplication.palette().color(QPalette.ColorRole.Highlight)
        self._bars = pg.BarGraphItem(
            x=list(range(len(values))),
            height=self._values,
            width=BAR_WIDTH,
            brush=color,
            pen=pg.mkPen(None),
        )
        self.plot.addItem(self._bars)
        axis = self.plot.getAxis("bottom")
        # Every label when they fit, else every few, so they never overlap.
        every = max(1, len(labels) // 12)
        axis.setTicks([[(i, text) for i, text in enumerate(labels) if i % every == 0]])
        self.plot.setXRange(-0.6, max(len(values), 1) - 0.4, padding=0)
        self.plot.setYRange(0, max([*self._values, 1]) * 1.1, padding=0)

    def tooltip_at(self, index: int) -> str:
        value = self._values[index]
        number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
        unit = self._unit if value == 1 else f"{self._unit}s"
        return f"{self._labels[index]}: {number} {unit}"

    def bar_at(self, scene_pos: QPointF) -> int | None:
        point = self.plot.getPlotItem().vb.mapSceneToView(scene_pos)
        x: float = point.x()
        index = round(x)
        if 0 <= index < len(self._values) and abs(point.x() - index) <= BAR_WIDTH / 2:
            return index
        return None

    def _hovered(self, scene_pos: QPointF) -> None:
        index = self.bar_at(scene_pos)
        if index is None:
            QToolTip.hideText()
            return
        view_pos = self.plot.mapFromScene(scene_pos)
        QToolTip.showText(self.plot.mapToGlobal(view_pos), self.tooltip_at(index), self.plot)

    def apply_palette(self) -> None:
        """Follow the application palette (light or dark); called again when it changes."""
        palette = QGuiApplication.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        self.plot.setBackground(palette.color(QPalette.ColorRole.Base))
        for name in ("bottom", "left"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(_faded(text)))
            axis.setTextPen(pg.mkPen(text))
        self.plot.getPlotItem().titleLabel.setText(self.accessibleName(), color=text.name())
        if self._labels:
            self.set_data(self._labels, self._values)


def _faded(color: QColor) -> QColor:
    faded = QColor(color)
    faded.setAlphaF(0.4)
    return faded
