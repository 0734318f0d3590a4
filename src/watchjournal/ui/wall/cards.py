"""A generated card for a film without a poster: title, year and director on its own colour.

The colours come from a hash of the film's identity (``WallItem.identity``:
title, year, directors), so a film keeps its card from one run to the next and
two films that share a title ("Ballerina" 2023 and 2025) get different
colours, a different slant of the gradient and their own year and director
under the title. Cards are drawn into a QImage (safe on any thread) and kept
as pixmaps in a small cache, so a scroll step draws each new card once.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QLinearGradient,
    QPainter,
    QPixmap,
    QTextLayout,
    QTextOption,
)

from watchjournal.ui.common.formatting import names_text
from watchjournal.ui.common.widgets import shown
from watchjournal.ui.wall.items import WallItem

CARD_CACHE_SIZE = 400  # a few screens of cards at the largest size


@dataclass(frozen=True)
class CardColors:
    top: QColor
    bottom: QColor
    slant: float  # where the gradient starts along the top edge, 0..1


def card_colors(identity: str) -> CardColors:
    """The card's gradient for a film identity: dark enough for white type in any palette."""
    digest = hashlib.sha256(identity.encode("utf-8")).digest()
    hue = int.from_bytes(digest[0:2], "big") % 360
    turn = 25 + digest[2] % 50  # the second colour sits 25..74 degrees round the wheel
    direction = 1 if digest[3] % 2 else -1
    saturation = 120 + digest[4] % 100
    lightness = 62 + digest[5] % 30
    top = QColor.fromHsl(hue, saturation, lightness + 20)
    bottom = QColor.fromHsl((hue + direction * turn) % 360, saturation, lightness - 25)
    return CardColors(top, bottom, digest[6] / 255)


def wrapped_lines(text: str, font: QFont, width: float, max_lines: int) -> list[str]:
    """``text`` wrapped to ``width``; the last line elided if it does not fit."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines: list[str] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()].strip())
    layout.endLayout()
    if len(lines) > max_lines:
        rest = " ".join(lines[max_lines - 1 :])
        metrics = QFontMetricsF(font)
        lines = [
            *lines[: max_lines - 1],
            metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width),
        ]
    return lines


def paint_card(painter: QPainter, rect: QRectF, item: WallItem) -> None:
    """Draw ``item``'s card filling ``rect``."""
    colors = card_colors(item.identity)
    width, height = rect.width(), rect.height()
    gradient = QLinearGradient(
        QPointF(rect.left() + width * colors.slant, rect.top()),
        QPointF(rect.right() - width * colors.slant, rect.bottom()),
    )
    gradient.setColorAt(0, colors.top)
    gradient.setColorAt(1, colors.bottom)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(rect, gradient)
    # A thin frame inset from the edge: a card, not a missing image.
    painter.setPen(QColor(255, 255, 255, 70))
    inset = max(3.0, width * 0.05)
    painter.drawRect(rect.adjusted(inset, inset, -inset, -inset))
    pad = inset * 2.2
    text_width = width - 2 * pad
    title_font = QFont(painter.font())
    title_font.setPixelSize(max(10, round(height * 0.085)))
    title_font.setBold(True)
    small = QFont(painter.font())
    small.setPixelSize(max(8, round(height * 0.052)))
    y = rect.top() + pad + height * 0.04
    painter.setPen(QColor(255, 255, 255, 240))
    painter.setFont(title_font)
    title_metrics = QFontMetricsF(title_font)
    for line in wrapped_lines(shown(item.title), title_font, text_width, 4):
        painter.drawText(
            QRectF(rect.left() + pad, y, text_width, title_metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
            line,
        )
        y += title_metrics.lineSpacing()
    painter.setFont(small)
    small_metrics = QFontMetricsF(small)
    if item.year:
        painter.setPen(QColor(255, 255, 255, 200))
        painter.drawText(
            QRectF(rect.left() + pad, y + small_metrics.height() * 0.3, text_width, height),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
            item.year_text,
        )
    if item.directors:
        painter.setPen(QColor(255, 255, 255, 215))
        lines = wrapped_lines(shown(names_text(item.directors, 2)), small, text_width, 2)
        bottom = rect.bottom() - pad
        for line in reversed(lines):
            bottom -= small_metrics.lineSpacing()
            painter.drawText(
                QRectF(rect.left() + pad, bottom, text_width, small_metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                line,
            )
    painter.restore()


def card_image(item: WallItem, size: QSize, ratio: float = 1.0) -> QImage:
    """``item``'s card as an image of ``size`` logical pixels at ``ratio`` device pixels each."""
    image = QImage(size * ratio, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    paint_card(painter, QRectF(0, 0, size.width(), size.height()), item)
    painter.end()
    return image


class CardCache:
    """The cards drawn lately, as pixmaps, the least recently used dropped first."""

    def __init__(self, limit: int = CARD_CACHE_SIZE) -> None:
        self._limit = limit
        self._cards: OrderedDict[tuple[str, int, int, float], QPixmap] = OrderedDict()

    def card(self, item: WallItem, size: QSize, ratio: float) -> QPixmap:
        key = (item.identity, size.width(), size.height(), ratio)
        found = self._cards.get(key)
        if found is not None:
            self._cards.move_to_end(key)
            return found
        pixmap = QPixmap.fromImage(card_image(item, size, ratio))
        self._cards[key] = pixmap
        if len(self._cards) > self._limit:
            self._cards.popitem(last=False)
        return pixmap

    def clear(self) -> None:
        self._cards.clear()
