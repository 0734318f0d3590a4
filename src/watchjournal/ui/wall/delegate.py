"""Painting one tile: the poster (or its card), title and year under it, and on hover or
selection your rating, liked and rewatch over the poster's foot.

The delegate only reads: the item from ``WALL_ITEM_ROLE``, the thumbnail from the
loader's memory (the view asks the loader for what is on screen), a card from
the card cache. Nothing here touches the disk or the journal, so a paint stays
cheap however fast the wall scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QLinearGradient, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from watchjournal.ui.common.widgets import shown
from watchjournal.ui.wall.cards import CardCache
from watchjournal.ui.wall.items import WALL_ITEM_ROLE, WallItem, status_parts
from watchjournal.ui.wall.thumbs import ThumbnailLoader, poster_height

Index = QModelIndex | QPersistentModelIndex
PAD = 6  # around the poster inside a tile
CAPTION_GAP = 5  # between the poster and its title
# The size slider's steps: poster widths in logical pixels (each a thumbnail size bucket).
POSTER_WIDTHS = (96, 124, 152, 184, 224)
DEFAULT_STEP = 2


class WallDelegate(QStyledItemDelegate):
    def __init__(self, loader: ThumbnailLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.cards = CardCache()
        self.as_stars = False
        self.poster_width = POSTER_WIDTHS[DEFAULT_STEP]
        self._font = QFont()
        self._title_font = QFont()
        self.set_font(QFont())

    # Geometry -------------------------------------------------------------------------
    def set_font(self, font: QFont) -> None:
        self._font = QFont(font)
        self._title_font = QFont(font)
        self._title_font.setWeight(QFont.Weight.DemiBold)

    def poster_size(self) -> QSize:
        return QSize(self.poster_width, poster_height(self.poster_width))

    def tile_size(self) -> QSize:
        lines = QFontMetrics(self._title_font).height() + QFontMetrics(self._font).height()
        poster = self.poster_size()
        return QSize(poster.width() + 2 * PAD, poster.height() + 2 * PAD + CAPTION_GAP + lines)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return self.tile_size()

    def poster_rect(self, tile: QRect) -> QRect:
        return QRect(
            tile.left() + PAD, tile.top() + PAD, self.poster_width, self.poster_size().height()
        )

    # Painting -----------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        state = option.state
        palette: QPalette = option.palette
        tile: QRect = option.rect
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        poster = self.poster_rect(tile)
        painter.save()
        if selected:
            highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
            highlight.setAlpha(70)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(highlight)
            painter.drawRoundedRect(QRectF(tile), 6, 6)
        item = index.data(WALL_ITEM_ROLE)
        if isinstance(item, WallItem):
            self._paint_poster(painter, poster, item, palette)
            if hovered or selected:
                self._paint_status(painter, poster, item)
            self._paint_caption(painter, tile, poster, item, palette)
        else:  # a page not read yet: a quiet blank in the poster's place
            painter.fillRect(poster, palette.color(QPalette.ColorRole.AlternateBase))
        if selected or focused:
            pen = QPen(palette.color(QPalette.ColorRole.Highlight), 3 if selected else 1.5)
            if not selected:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(poster).adjusted(-1.5, -1.5, 1.5, 1.5))
        painter.restore()

    def _paint_poster(
        self, painter: QPainter, poster: QRect, item: WallItem, palette: QPalette
    ) -> None:
        ratio = painter.device().devicePixelRatioF()
        ref = item.poster_ref
        if ref and not self.loader.missing(ref):
            exact = self.loader.pixmap(ref, round(poster.width() * ratio))
            if exact is not None:
                exact.setDevicePixelRatio(ratio)
                painter.drawPixmap(poster.topLeft(), exact)
            else:
                earlier = self.loader.any_pixmap(ref)  # another size, until this one loads
                if earlier is not None:
                    painter.drawPixmap(poster, earlier)
                else:
                    painter.fillRect(poster, palette.color(QPalette.ColorRole.AlternateBase))
        else:
            painter.drawPixmap(poster.topLeft(), self.cards.card(item, poster.size(), ratio))
        # An opaque colour between text and background: Qt strokes translucent pens
        # far more slowly, and this line is drawn on every tile of every frame.
        painter.setPen(
            _mix(
                palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base), 0.16
            )
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(poster.adjusted(0, 0, -1, -1))

    def _paint_status(self, painter: QPainter, poster: QRect, item: WallItem) -> None:
        parts = status_parts(item, as_stars=self.as_stars)
        if not parts:
            return
        metrics = QFontMetrics(self._title_font)
        band = QRect(poster.left(), poster.bottom() - metrics.height() * 2 + 1, poster.width(), 0)
        band.setBottom(poster.bottom())
        shade = QLinearGradient(0, band.top(), 0, band.bottom())
        shade.setColorAt(0, QColor(0, 0, 0, 0))
        shade.setColorAt(0.45, QColor(0, 0, 0, 150))
        shade.setColorAt(1, QColor(0, 0, 0, 200))
        painter.fillRect(band, shade)
        painter.setFont(self._title_font)
        painter.setPen(QColor(255, 255, 255))
        text = metrics.elidedText("   ".join(parts), Qt.TextElideMode.ElideRight, band.width() - 8)
        lower = band.adjusted(4, band.height() // 2 - 2, -4, -2)
        painter.drawText(lower, int(Qt.AlignmentFlag.AlignCenter), text)

    def _paint_caption(
        self, painter: QPainter, tile: QRect, poster: QRect, item: WallItem, palette: QPalette
    ) -> None:
        title_metrics = QFontMetrics(self._title_font)
        line = QRect(
            tile.left() + PAD // 2,
            poster.bottom() + 1 + CAPTION_GAP,
            tile.width() - PAD,
            title_metrics.height(),
        )
        painter.setFont(self._title_font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        title = title_metrics.elidedText(
            shown(item.title), Qt.TextElideMode.ElideRight, line.width()
        )
        painter.drawText(
            line, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), title
        )
        if item.year:
            line.moveTop(line.bottom() + 1)
            line.setHeight(QFontMetrics(self._font).height())
            painter.setFont(self._font)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                line, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), item.year_text
            )


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    """``amount`` of ``a`` over ``b``, opaque."""
    return QColor(
        round(a.red() * amount + b.red() * (1 - amount)),
        round(a.green() * amount + b.green() * (1 - amount)),
        round(a.blue() * amount + b.blue() * (1 - amount)),
    )
