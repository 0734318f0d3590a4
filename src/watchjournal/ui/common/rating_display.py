"""Drawing a rating read-only: "6.4", words for screen readers, or five half-stars.

Ratings are integer tenths (64 means 6.4/10). As stars, one half star is 10
tenths, so a rating shows as the nearest half star, a tie going to the lower
one: 6.4, 6.5 and 6.0 show as three stars, 6.6 as three and a half, and 5.5
as two and a half (it must not look like 6.4). The rule is
``journal.half_stars``, shared with the Letterboxd export. Only the display
snaps, never the stored value, and wherever stars stand for a rating the
exact number is a tooltip away (``rating_tooltip``). Lists and
panes reuse ``format_rating``, ``paint_stars`` and ``RatingDisplay``. Numbers
are shown in the user's locale ("6,4" in German); they are never parsed back.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from watchjournal.journal.half_stars import HALF_STAR_TENTHS, half_star_count

HALF_STAR = HALF_STAR_TENTHS  # tenths per half star: five stars cover the 10-point scale
STAR_COUNT = 5


def snap_to_half_star(tenths: int) -> int:
    """The nearest half star in tenths, a tie going down: 64 -> 60, 65 -> 60, 66 -> 70,
    55 -> 50, 5 -> 10 (the lowest rating still shows half a star)."""
    return half_star_count(tenths) * HALF_STAR


def _points(tenths: int, locale: QLocale | None) -> str:
    return (locale or QLocale()).toString(tenths / 10, "f", 1)


def _stars(tenths: int, locale: QLocale | None) -> str:
    """The snapped number of stars: "3.5" (or "3,5"), "4"."""
    halves = snap_to_half_star(tenths) // HALF_STAR
    return (locale or QLocale()).toString(halves / 2, "f", halves % 2)


def format_rating(tenths: int | None, as_stars: bool = False, locale: QLocale | None = None) -> str:
    """``"6.4"`` (in the locale: ``"6,4"``), or ``"★★★½"`` with stars; "" for no rating."""
    if tenths is None:
        return ""
    if not as_stars:
        return _points(tenths, locale)
    halves = snap_to_half_star(tenths) // HALF_STAR
    return "★" * (halves // 2) + ("½" if halves % 2 else "")


def describe_rating(
    tenths: int | None, as_stars: bool = False, locale: QLocale | None = None
) -> str:
    """Words for a rating, for labels and screen readers: "6.4 out of 10"."""
    if tenths is None:
        return "No rating"
    if not as_stars:
        return f"{_points(tenths, locale)} out of 10"
    return f"{_stars(tenths, locale)} out of {STAR_COUNT} stars"


def rating_tooltip(
    tenths: int | None, as_stars: bool = False, locale: QLocale | None = None
) -> str | None:
    """The exact rating behind stars ("6.4 out of 10"); None when the number is shown."""
    if tenths is None or not as_stars:
        return None
    return describe_rating(tenths, as_stars=False, locale=locale)


def star_count_text(tenths: int, locale: QLocale | None = None) -> str:
    """The snapped rating as a number of stars: "3.5 stars", "1 star"."""
    one = snap_to_half_star(tenths) == 2 * HALF_STAR
    return f"{_stars(tenths, locale)} star" + ("" if one else "s")


def star_path(center: QPointF, radius: float) -> QPainterPath:
    """A five-pointed star with one point up."""
    path = QPainterPath()
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.48
        angle = math.radians(-90 + i * 36)
        point = QPointF(center.x() + r * math.cos(angle), center.y() + r * math.sin(angle))
        if i == 0:
            path.moveTo(point)
        else:
            path.lineTo(point)
    path.closeSubpath()
    return path


def paint_stars(
    painter: QPainter,
    rect: QRectF,
    tenths: int | None,
    palette: QPalette,
    *,
    fill: QColor | None = None,
) -> None:
    """Draw five stars filling ``rect``'s height, filled up to ``tenths`` (snapped)."""
    size = min(rect.height(), rect.width() / (STAR_COUNT + 0.2 * (STAR_COUNT - 1)))
    gap = size * 0.2
    filled_halves = 0 if tenths is None else snap_to_half_star(tenths) // HALF_STAR
    fill = fill or palette.color(QPalette.ColorRole.Highlight)
    empty = palette.color(QPalette.ColorRole.PlaceholderText)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    top = rect.top() + (rect.height() - size) / 2
    for index in range(STAR_COUNT):
        left = rect.left() + index * (size + gap)
        path = star_path(QPointF(left + size / 2, top + size / 2), size / 2)
        halves_here = max(0, min(2, filled_halves - 2 * index))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(faded(empty, 0.25))
        painter.drawPath(path)
        if halves_here:
            painter.save()
            painter.setClipRect(QRectF(left, top, size * halves_here / 2, size))
            painter.setBrush(fill)
            painter.drawPath(path)
            painter.restore()
        if halves_here < 2:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(faded(empty, 0.8))
            painter.drawPath(path)
    painter.restore()


def stars_width(height: float) -> float:
    """How wide :func:`paint_stars` draws five stars of this height."""
    return height * (STAR_COUNT + 0.2 * (STAR_COUNT - 1))


def faded(color: QColor, alpha: float) -> QColor:
    faded = QColor(color)
    faded.setAlphaF(alpha)
    return faded


class RatingDisplay(QWidget):
    """A read-only rating: "6.4" or five stars, for detail panes and lists."""

    def __init__(self, as_stars: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tenths: int | None = None
        self._as_stars = as_stars
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._update_text()

    def set_rating(self, tenths: int | None, as_stars: bool | None = None) -> None:
        self._tenths = tenths
        if as_stars is not None:
            self._as_stars = as_stars
        self._update_text()
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        height = self.fontMetrics().height()
        if self._as_stars:
            return QSize(math.ceil(stars_width(height)), height)
        return QSize(self.fontMetrics().horizontalAdvance(format_rating(100)) + 2, height)

    def _update_text(self) -> None:
        self.setAccessibleName(f"Rating: {describe_rating(self._tenths, self._as_stars)}")
        self.setToolTip(rating_tooltip(self._tenths, self._as_stars) or "")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self._as_stars:
            paint_stars(painter, QRectF(self.rect()), self._tenths, self.palette())
        else:
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignVCenter, format_rating(self._tenths)
            )
