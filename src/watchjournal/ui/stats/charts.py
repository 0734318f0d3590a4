"""Bar charts of the Stats view, drawn by pyqtgraph in the palette's colours.

pyqtgraph (and numpy under it) is imported here only, and this module only
when the Stats view first builds its charts, so start-up never pays for it.
Each bar has a tooltip with its exact number; ``tooltip_at`` gives that text
to tests and to the hover handler alike.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QSize
from PySide6.QtGui import QColor, QFontMetrics, QGuiApplication, QPalette, QResizeEvent
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget

BAR_WIDTH = 0.7
LABEL_GAP = 8  # pixels between two labels under the bars


def whole_step(top: float) -> int:
    """A step for the count axis: whole numbers (1, 2, 5, 10, 20, 50…), four or five ticks."""
    step = 1
    while top / step > 5:
        for factor in (2, 5 / 2, 2):
            step = round(step * factor)
            if top / step <= 5:
                break
    return step


def axis_room(plot: pg.PlotWidget) -> int:
    """Pixels of the plot taken by the count axis on the left."""
    return int(plot.getAxis("left").width()) + 10


class BarChart(QWidget):
    """One series of bars with labels under them; a hover shows "label: n unit"."""

    def __init__(self, title: str, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(title)
        self._unit = unit
        self._labels: list[str] = []
        self._values: list[float] = []
        self._axis: dict[int, str] = {}  # bar -> the text under it (when there is room)
        self.written: list[tuple[int, str]] = []  # the labels under the bars now
        self.plot = pg.PlotWidget()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setTitle(title)
        self.plot.setMinimumHeight(170)
        self.plot.scene().sigMouseMoved.connect(self._hovered)
        # Room for a line of text under the bars (pyqtgraph's own guess clips it).
        self.plot.getAxis("bottom").setHeight(QFontMetrics(self.font()).height() + 14)
        self._bars: pg.BarGraphItem | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.apply_palette()

    def sizeHint(self) -> QSize:
        return QSize(360, 200)

    def set_data(
        self, labels: Sequence[str], values: Sequence[float], axis: Mapping[int, str] | None = None
    ) -> None:
        """Bars of ``values`` named ``labels`` (in the tooltips); ``axis``: the text under
        some bars (by default every label; every few of them when they would not fit)."""
        self._labels, self._values = list(labels), list(values)
        self._axis = dict(enumerate(labels)) if axis is None else dict(axis)
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
        top = max([*self._values, 1])
        step = whole_step(top)
        self.plot.getAxis("left").setTicks(
            [[(n * step, f"{n * step:,}") for n in range(int(top // step) + 1)], []]
        )
        self.plot.setXRange(-0.6, max(len(values), 1) - 0.4, padding=0)
        self.plot.setYRange(0, top * 1.1, padding=0)
        self._write_labels()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._write_labels()

    def _write_labels(self) -> None:
        """The labels under the bars: every few, so that none overlaps the next."""
        axis = self.plot.getAxis("bottom")
        shown = sorted(self._axis.items())
        metrics = QFontMetrics(axis.style.get("tickFont") or self.font())
        widest = max((metrics.horizontalAdvance(text) for _, text in shown), default=0)
        per_bar = self.pixels_per_bar()
        every = max(1, math.ceil((widest + LABEL_GAP) / (per_bar * self._spacing())))
        self.written = [pair for n, pair in enumerate(shown) if n % every == 0]
        axis.setTicks([self.written, []])

    def pixels_per_bar(self) -> float:
        room: int = max(self.plot.width() - axis_room(self.plot), 1)
        return room / max(len(self._labels), 1)

    def _spacing(self) -> int:
        """Bars between two labelled bars (they are evenly spread)."""
        bars = sorted(self._axis)
        return max(1, bars[1] - bars[0]) if len(bars) > 1 else 1

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
            self.set_data(self._labels, self._values, self._axis)


def _faded(color: QColor) -> QColor:
    faded = QColor(color)
    faded.setAlphaF(0.4)
    return faded
