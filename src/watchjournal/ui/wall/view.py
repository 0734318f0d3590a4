"""WallView: a grid of poster tiles over any flat model that answers WALL_ITEM_ROLE.

A QAbstractItemView of its own rather than a QListView in icon mode: positions
come from ``WallLayout`` by arithmetic, so nothing is measured per item, a
paint visits only the tiles in the exposed rectangle and a scroll step blits
the viewport and paints the new strip. Selection is by whole rows (the films
models have several columns), so the window's "selected films" read the same
from the wall as from the list. Keys: arrows move by tile and by row, Page
Up/Down by a screenful, Home/End; Enter and double-click activate, as in the
lists. Near the end of what is loaded it asks the model for more (fetchMore).
After every scroll, resize or reload it tells the thumbnail loader which
posters are now on screen.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QRect,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QCursor,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QRegion,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyleOptionViewItem, QWidget

from watchjournal.ui.wall.delegate import POSTER_WIDTHS, WallDelegate
from watchjournal.ui.wall.items import WALL_ITEM_ROLE, WallItem
from watchjournal.ui.wall.layout import Box, Metrics, Section, WallLayout
from watchjournal.ui.wall.thumbs import ThumbnailLoader

CursorAction = QAbstractItemView.CursorAction
FETCH_AHEAD_PAGES = 2  # load more once the end of what is loaded is this many screens away


class WallView(QAbstractItemView):
    def __init__(self, loader: ThumbnailLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.wall_delegate = WallDelegate(loader, self)
        # State first: the setters below already call back into updateGeometries().
        self._hover = -1
        self._chosen_width = self.wall_delegate.poster_width
        self._layout = WallLayout([], 1, self._metrics())
        self._relayout_due = False
        # Coalesces the many reasons to look at what is on screen into one pass per turn.
        self._visible_timer = QTimer(self, singleShot=True, interval=0)
        self._visible_timer.timeout.connect(self._on_screen_changed)
        self.setItemDelegate(self.wall_delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Hover comes from mouse tracking, not WA_Hover: with WA_Hover on the viewport
        # Qt repaints all of it on every scroll step instead of moving the pixels.
        self.setMouseTracking(True)
        loader.ready.connect(self._poster_ready)

    # Sizes and layout -----------------------------------------------------------------
    @property
    def layout_now(self) -> WallLayout:
        """The current layout (recomputed first if the model or the size changed)."""
        if self._relayout_due:
            self._relayout()
        return self._layout

    @property
    def chosen_poster_width(self) -> int:
        return self._chosen_width

    def set_poster_width(self, width: int) -> None:
        """The poster width chosen with the slider (a narrow wall may show a smaller one)."""
        if width == self._chosen_width:
            return
        current = self.currentIndex()
        self._chosen_width = width
        self._relayout()
        if current.isValid():
            self.scrollTo(current, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.viewport().update()

    def set_ratings_as_stars(self, as_stars: bool) -> None:
        self.wall_delegate.as_stars = as_stars
        self.viewport().update()

    def _metrics(self) -> Metrics:
        tile = self.wall_delegate.tile_size()
        heading = round(self.fontMetrics().height() * 2.4)
        return Metrics(tile.width(), tile.height(), heading_height=heading)

    def _sections(self) -> list[Section]:
        model = self.model()
        if model is None:
            return []
        sections = getattr(model, "wall_sections", None)
        if callable(sections):
            return list(sections())
        return [Section(0, model.rowCount())]

    def _relayout(self, *, repaint: bool = True) -> None:
        self._relayout_due = False
        delegate = self.wall_delegate
        delegate.set_font(self.font())
        sections, width = self._sections(), self.viewport().width()
        # A wall one poster wide is a list: when the column is narrow, the next smaller
        # slider size that fits two across is used (sizes stay the slider's, so the
        # thumbnails on disk stay one per size).
        for poster_width in sorted(
            (w for w in POSTER_WIDTHS if w <= self._chosen_width), reverse=True
        ):
            delegate.poster_width = poster_width
            self._layout = WallLayout(sections, width, self._metrics())
            if self._layout.columns > 1:
                break
        else:
            delegate.poster_width = min(POSTER_WIDTHS[0], self._chosen_width)
            self._layout = WallLayout(sections, width, self._metrics())
        self.updateGeometries()
        if repaint:
            self.viewport().update()
        self._visible_timer.start()

    def _schedule_relayout(self) -> None:
        self._relayout_due = True
        self._visible_timer.start()
        self.viewport().update()

    def _rows_inserted(self, parent: QModelIndex, first: int, _last: int) -> None:
        # A page read while scrolling lands below the screen: lay out (the scroll bar
        # grows) without repainting what did not move.
        visible = self.visible_rows()
        self._relayout(repaint=parent.isValid() or not visible or first <= visible.stop)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        old = self.model()
        if old is not None:
            for signal in (old.modelReset, old.rowsRemoved, old.layoutChanged):
                signal.disconnect(self._schedule_relayout)
            old.rowsInserted.disconnect(self._rows_inserted)
        super().setModel(model)
        new = self.model()
        if new is not None:
            for signal in (new.modelReset, new.rowsRemoved, new.layoutChanged):
                signal.connect(self._schedule_relayout)
            new.rowsInserted.connect(self._rows_inserted)
        self._hover = -1
        self._schedule_relayout()

    def reset(self) -> None:
        super().reset()
        self._hover = -1
        self._schedule_relayout()

    def updateGeometries(self) -> None:
        layout = self._layout
        bar = self.verticalScrollBar()
        bar.setSingleStep(max(1, layout.row_height // 3))
        bar.setPageStep(max(1, self.viewport().height()))
        bar.setRange(0, max(0, layout.height - self.viewport().height()))
        super().updateGeometries()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._relayout()

    # Geometry that QAbstractItemView asks for --------------------------------------------
    def _viewport_rect(self, box: Box) -> QRect:
        return QRect(box.x, box.y - self.verticalOffset(), box.width, box.height)

    def visualRect(self, index: QModelIndex) -> QRect:  # type: ignore[override]
        layout = self.layout_now
        if not index.isValid() or index.row() >= layout.count:
            return QRect()
        return self._viewport_rect(layout.box(index.row()))

    def indexAt(self, point: QPoint) -> QModelIndex:
        model = self.model()
        item = self.layout_now.item_at(point.x(), point.y() + self.verticalOffset())
        if model is None or item is None:
            return QModelIndex()
        return model.index(item, 0, self.rootIndex())

    def scrollTo(
        self,
        index: QModelIndex,  # type: ignore[override]
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        if not index.isValid():
            return
        layout = self.layout_now
        if index.row() >= layout.count:
            return
        box = layout.box(index.row())
        bar = self.verticalScrollBar()
        height = self.viewport().height()
        top = box.y - layout.metrics.row_gap
        if hint == QAbstractItemView.ScrollHint.PositionAtTop:
            bar.setValue(top)
        elif hint == QAbstractItemView.ScrollHint.PositionAtBottom:
            bar.setValue(box.y + box.height + layout.metrics.row_gap - height)
        elif hint == QAbstractItemView.ScrollHint.PositionAtCenter:
            bar.setValue(box.y + box.height // 2 - height // 2)
        elif top < bar.value():
            bar.setValue(top)
        elif box.y + box.height > bar.value() + height:
            bar.setValue(box.y + box.height + layout.metrics.row_gap - height)

    def horizontalOffset(self) -> int:
        return 0

    def verticalOffset(self) -> int:
        return self.verticalScrollBar().value()

    def isIndexHidden(self, index: QModelIndex) -> bool:  # type: ignore[override]
        return False

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        model = self.model()
        layout = self.layout_now
        if model is None or layout.count == 0:
            return QModelIndex()
        current = self.currentIndex()
        if not current.isValid():
            return model.index(0, 0, self.rootIndex())
        row = current.row()
        grid_row, column = layout.cell(row)
        page = layout.rows_per_page(self.viewport().height())
        target: int | None = row
        match action:
            case CursorAction.MoveLeft | CursorAction.MovePrevious:
                target = max(0, row - 1)
            case CursorAction.MoveRight | CursorAction.MoveNext:
                target = min(layout.count - 1, row + 1)
            case CursorAction.MoveUp:
                target = layout.at_cell(grid_row - 1, column)
            case CursorAction.MoveDown:
                target = layout.at_cell(grid_row + 1, column)
            case CursorAction.MovePageUp:
                target = layout.at_cell(max(0, grid_row - page), column)
            case CursorAction.MovePageDown:
                target = layout.at_cell(min(layout.grid_rows - 1, grid_row + page), column)
            case CursorAction.MoveHome:
                target = 0
            case CursorAction.MoveEnd:
                target = layout.count - 1
        if target is None:
            target = row  # already on the first or last row: stay
        return model.index(target, 0, self.rootIndex())

    def setSelection(self, rect: QRect, command: QItemSelectionModel.SelectionFlag) -> None:
        model, selection_model = self.model(), self.selectionModel()
        if model is None or selection_model is None:
            return
        area = rect.normalized().translated(0, self.verticalOffset())
        layout = self.layout_now
        hits = [
            item
            for item in layout.items_between(area.top(), area.bottom() + 1)
            if _intersects(layout.box(item), area)
        ]
        selection = QItemSelection()
        last_column = max(0, model.columnCount(self.rootIndex()) - 1)
        for start, end in _runs(hits):
            selection.select(
                model.index(start, 0, self.rootIndex()),
                model.index(end, last_column, self.rootIndex()),
            )
        selection_model.select(selection, command)

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:
        region = QRegion()
        layout = self.layout_now
        top = self.verticalOffset()
        shown = range(0, 0)
        visible = list(layout.items_between(top, top + self.viewport().height()))
        if visible:
            shown = range(visible[0], visible[-1] + 1)
        for number in range(selection.size()):
            selected = selection.at(number)
            first = max(selected.top(), shown.start)
            last = min(selected.bottom(), shown.stop - 1)
            for row in range(first, last + 1):
                region += self._viewport_rect(layout.box(row))
        return region

    # Painting -------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        model = self.model()
        if model is None:
            return
        layout = self.layout_now
        painter = QPainter(self.viewport())
        exposed = event.rect()
        top = self.verticalOffset()
        self._paint_headings(painter, layout, exposed, top)
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        selection = self.selectionModel()
        current = self.currentIndex()
        focused = self.hasFocus()
        delegate = self.wall_delegate
        for row in layout.items_between(exposed.top() + top, exposed.bottom() + top + 1):
            rect = self._viewport_rect(layout.box(row))
            if not rect.intersects(exposed):
                continue
            index = model.index(row, 0, self.rootIndex())
            option.rect = rect
            state = (
                QStyle.StateFlag.State_Enabled if self.isEnabled() else QStyle.StateFlag.State_None
            )
            if selection is not None and selection.isSelected(index):
                state |= QStyle.StateFlag.State_Selected
            if focused and index == current:
                state |= QStyle.StateFlag.State_HasFocus
            if row == self._hover:
                state |= QStyle.StateFlag.State_MouseOver
            option.state = state
            delegate.paint(painter, option, index)
        painter.end()

    def _paint_headings(
        self, painter: QPainter, layout: WallLayout, exposed: QRect, top: int
    ) -> None:
        bottom = exposed.bottom() + top + 1
        numbers = list(layout.headings_between(exposed.top() + top, bottom))
        if not numbers:
            return
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() + 1.5)
        painter.save()
        painter.setFont(font)
        palette = self.palette()
        for number in numbers:
            rect = self._viewport_rect(layout.heading_box(number))
            text_rect = rect.adjusted(4, 0, -4, -6)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(
                text_rect,
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                layout.sections[number].heading or "",
            )
            painter.setPen(palette.color(QPalette.ColorRole.Mid))
            painter.drawLine(rect.left(), rect.bottom() - 2, rect.right(), rect.bottom() - 2)
        painter.restore()

    # Hover ----------------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        self._set_hover(self.indexAt(event.position().toPoint()).row())

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Leave:
            self._set_hover(-1)
        return super().viewportEvent(event)

    @property
    def hover_row(self) -> int:
        """The row under the mouse (-1: none): its tile shows rating, liked and rewatch."""
        return self._hover

    def _set_hover(self, row: int) -> None:
        if row == self._hover:
            return
        model = self.model()
        for old_or_new in (self._hover, row):
            if model is not None and old_or_new >= 0:
                self.viewport().update(self.visualRect(model.index(old_or_new, 0)))
        self._hover = row

    # What is on screen --------------------------------------------------------------------
    def scrollContentsBy(self, dx: int, dy: int) -> None:
        # Move the pixels and paint only the strip that scrolled in. (The base class
        # first flushes its delayed dirty region, and with it Qt repainted the whole
        # viewport on every step; this view never uses that delayed region.)
        self.viewport().scroll(dx, dy)
        self._visible_timer.start()

    def visible_rows(self) -> range:
        layout = self.layout_now
        top = self.verticalOffset()
        rows = list(layout.items_between(top, top + self.viewport().height()))
        return range(rows[0], rows[-1] + 1) if rows else range(0, 0)

    def verticalScrollbarValueChanged(self, value: int) -> None:
        # Not the base class's: it repaints two whole rows of the viewport for its own
        # hover tracking (unused here) whenever the tile under a still mouse changes.
        # The tile under the mouse is hovered now; more rows are read on the next look.
        cursor = self.viewport().mapFromGlobal(QCursor.pos())
        inside = self.viewport().rect().contains(cursor)
        self._set_hover(self.indexAt(cursor).row() if inside else -1)

    def _poster_ready(self, ref: str) -> None:
        """Repaint just the tiles on screen that show this poster."""
        model = self.model()
        if model is None or not self.isVisible():
            return
        root = self.rootIndex()
        for row in self.visible_rows():
            index = model.index(row, 0, root)
            item = index.data(WALL_ITEM_ROLE)
            if isinstance(item, WallItem) and item.poster_ref == ref:
                self.viewport().update(self.visualRect(index))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._visible_timer.start()

    def _on_screen_changed(self) -> None:
        """Ask for the posters on screen, and for more rows when the end comes near."""
        model = self.model()
        if model is None or not self.isVisible():
            return  # a wall out of sight asks for nothing (it asks again when shown)
        layout = self.layout_now
        refs = []
        for row in self.visible_rows():
            item = model.index(row, 0, self.rootIndex()).data(WALL_ITEM_ROLE)
            if isinstance(item, WallItem) and item.poster_ref:
                refs.append(item.poster_ref)
        ratio = self.devicePixelRatioF()
        self.loader.want(refs, round(self.wall_delegate.poster_width * ratio))
        bar = self.verticalScrollBar()
        near_end = bar.value() + FETCH_AHEAD_PAGES * self.viewport().height() >= layout.height
        root = self.rootIndex()
        if near_end and model.canFetchMore(root):
            model.fetchMore(root)  # rowsInserted lays the wall out again


def _intersects(box: Box, rect: QRect) -> bool:
    return QRect(box.x, box.y, box.width, box.height).intersects(rect)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


__all__ = ["POSTER_WIDTHS", "WallView"]
