"""Poster images for the detail pane and lists, with a drawn placeholder when there is none."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QLinearGradient, QPainter, QPixmap

from watchjournal.metadata.cache import PosterCache

POSTER_SIZE = QSize(180, 270)


def placeholder(title: str, size: QSize, ratio: float = 1.0) -> QPixmap:
    """A quiet gradient card with the title's initial, tinted from the title itself."""
    pixmap = QPixmap(size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    hue = int(hashlib.sha256(title.encode()).hexdigest()[:4], 16) % 360
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    gradient = QLinearGradient(0, 0, 0, size.height())
    gradient.setColorAt(0, QColor.fromHsl(hue, 70, 90))
    gradient.setColorAt(1, QColor.fromHsl((hue + 30) % 360, 60, 40))
    painter.fillRect(QRectF(0, 0, size.width(), size.height()), gradient)
    painter.setPen(QColor(255, 255, 255, 210))
    font = QFont()
    font.setPixelSize(int(size.height() * 0.32))
    font.setBold(True)
    painter.setFont(font)
    initial = next((ch.upper() for ch in title if ch.isalnum()), "?")
    painter.drawText(
        QRectF(0, 0, size.width(), size.height() * 0.85), Qt.AlignmentFlag.AlignCenter, initial
    )
    small = QFont()
    small.setPixelSize(max(9, int(size.height() * 0.05)))
    painter.setFont(small)
    painter.setPen(QColor(255, 255, 255, 150))
    painter.drawText(
        QRectF(0, size.height() * 0.78, size.width(), size.height() * 0.15),
        Qt.AlignmentFlag.AlignCenter,
        "no poster",
    )
    painter.end()
    return pixmap


def poster_pixmap(
    cache: PosterCache | None, poster_ref: str | None, title: str, size: QSize, ratio: float = 1.0
) -> QPixmap:
    """The film's cached poster scaled to ``size``, or the placeholder."""
    path = cache.path(poster_ref) if cache is not None and poster_ref else None
    image = QPixmap(str(path)) if path is not None else QPixmap()
    if image.isNull():
        return placeholder(title, size, ratio)
    scaled = image.scaled(
        size * ratio, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    scaled.setDevicePixelRatio(ratio)
    return scaled
