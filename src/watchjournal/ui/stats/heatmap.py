"""The calendar heatmap: a column per week, a row per weekday, darker for more viewings.

A small custom widget (the charting library has no calendar): it paints from
the palette, says the date and the exact count in a tooltip, and a click on a
day emits it.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from watchjournal.ui.common.formatting import day_text

CELL = 12
GAP = 2
MAX_STEP = 22  # the largest cell and its gap, on a wide window
LEFT = 30  # room for the weekday names
TOP = 16  # room for the month names
WEEKDAY_NAMES = ("Mon", "", "Wed", "", "Fri", "", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class CalendarHeatmap(QWidget):
    day_clicked = Signal(object)  # a datetime.date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Calendar of the diary")
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # wider cells, taller calendar
        self.setSizePolicy(policy)
        self.setMouseTracking(True)
        self._days: dict[date, int] = {}
        self._start = date.today() - timedelta(days=364)
        self._end = date.today()

    def set_days(self, days: dict[date, int], start: date | None, end: date | None) -> None:
        """Show ``days`` from ``start`` to ``end`` (at most the last year of them)."""
        last = end or max(days, default=date.today())
        first = start or min(days, default=last - timedelta(days=364))
        self._start = max(first, last - timedelta(days=370))
        self._end = last
        self._days = dict(days)
        self.updateGeometry()
        self.update()

    def _origin(self) -> date:
        return self._start - timedelta(days=self._start.weekday())

    def _weeks(self) -> int:
        return (self._end - self._origin()).days // 7 + 1

    def sizeHint(self) -> QSize:
        return QSize(LEFT + self._weeks() * (CELL + GAP), TOP + 7 * (CELL + GAP) + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return TOP + 7 * self._cell_size(width) + 4

    def _cell_size(self, width: int | None = None) -> int:
        # Shrink the cells to fit a narrow window rather than clip the calendar; grow
        # them (to a limit) to fill a wide one.
        room = ((self.width() if width is None else width) - LEFT) // max(self._weeks(), 1)
        return max(4, min(MAX_STEP, room))

    def _rect(self, day: date) -> QRect:
        step = self._cell_size()
        offset = (day - self._origin()).days
        return QRect(LEFT + offset // 7 * step, TOP + offset % 7 * step, step - GAP, step - GAP)

    def day_at(self, pos: QPoint) -> date | None:
        step = self._cell_size()
        col, row = (pos.x() - LEFT) // step, (pos.y() - TOP) // step
        if pos.x() < LEFT or pos.y() < TOP or not 0 <= row < 7:
            return None
        day = self._origin() + timedelta(days=col * 7 + row)
        return day if self._start <= day <= self._end else None

    def tooltip_for(self, day: date) -> str:
        n = self._days.get(day, 0)
        return f"{day_text(day)}: {n} viewing{'' if n == 1 else 's'}"

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = palette.color(QPalette.ColorRole.PlaceholderText)
        accent = palette.color(QPalette.ColorRole.Highlight)
        # A day without viewings: a faint wash of the text colour, seen on light and dark.
        empty = QColor(palette.color(QPalette.ColorRole.WindowText))
        empty.setAlphaF(0.09)
        top = max(self._days.values(), default=0) or 1
        painter.setPen(text)
        step = self._cell_size()
        for row, name in enumerate(WEEKDAY_NAMES):
            if name:
                painter.drawText(
                    QRect(0, TOP + row * step, LEFT - 4, step),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    name,
                )
        day = self._start
        while day <= self._end:
            rect = self._rect(day)
            if day.day == 1:
                painter.setPen(text)
                painter.drawText(rect.x(), TOP - 4, MONTHS[day.month - 1])
            n = self._days.get(day, 0)
            color = QColor(accent) if n else empty
            if n:
                color.setAlphaF(0.3 + 0.7 * n / top)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(rect, 2, 2)
            day += timedelta(days=1)
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            day = self.day_at(event.pos())
            if day is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip_for(day), self)
            return True
        return super().event(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position().toPoint())
        if day is not None and event.button() == Qt.MouseButton.LeftButton:
            self.day_clicked.emit(day)
        super().mouseReleaseEvent(event)
