"""Context menus: one mechanism for every view, showing the window's own QActions.

``install_context_menu(view, actions)`` gives a view (a list, a table, a tree,
a poster wall, any widget) a context menu made of the QActions ``actions()``
returns (None: a separator). They are the same actions as the menu bar's, so a
menu item shows its shortcut and is enabled exactly when the menu bar's is.

A right-click on a row that is not selected selects it first, so the window's
actions act on the row clicked (as in a file manager); a right-click on a
selected row keeps the selection. The Menu key (or Shift+F10) opens the menu
at the current row. ``ContextMenu.menu()`` builds the menu without showing it
(for tests and for callers that place it themselves).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtWidgets import QAbstractItemView, QMenu, QWidget

MenuItems = Sequence[QAction | None]
ItemsFor = Callable[[], MenuItems]


def build_menu(items: MenuItems, parent: QWidget | None = None) -> QMenu:
    """A menu of ``items``: hidden actions left out, separators only between actions."""
    menu = QMenu(parent)
    pending_separator = False
    for item in items:
        if item is None:
            pending_separator = bool(menu.actions())
            continue
        if not item.isVisible():
            continue
        if pending_separator:
            menu.addSeparator()
            pending_separator = False
        menu.addAction(item)
    return menu


class ContextMenu(QObject):
    """The context menu of one widget (see the module docstring)."""

    def __init__(self, view: QWidget, items: ItemsFor) -> None:
        super().__init__(view)
        self.view = view
        self._items = items
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        view.installEventFilter(self)
        if isinstance(view, QAbstractItemView):
            # A mouse's context menu event goes to a scroll area's viewport.
            view.viewport().installEventFilter(self)

    def menu(self) -> QMenu:
        """The menu as it would open now (call ``select_at`` first for a click)."""
        return build_menu(self._items(), self.view)

    def select_at(self, pos: QPoint) -> None:
        """Make the row at ``pos`` (viewport coordinates) current, unless it is selected."""
        view = self.view
        if not isinstance(view, QAbstractItemView):
            return
        index = view.indexAt(pos)
        selection = view.selectionModel()
        if not index.isValid() or selection is None or selection.isSelected(index):
            return
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        if view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows:
            flags |= QItemSelectionModel.SelectionFlag.Rows
        selection.setCurrentIndex(index, flags)

    def _keyboard_position(self) -> QPoint:
        view = self.view
        if isinstance(view, QAbstractItemView) and view.currentIndex().isValid():
            rect = view.visualRect(view.currentIndex())
            if rect.isValid() and view.viewport().rect().intersects(rect):
                return view.viewport().mapToGlobal(rect.bottomLeft())
        return view.mapToGlobal(view.rect().center())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ContextMenu or not isinstance(event, QContextMenuEvent):
            return False
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            viewport = self.view.viewport() if isinstance(self.view, QAbstractItemView) else None
            position = event.pos()
            if viewport is not None and watched is not viewport:
                position = viewport.mapFrom(self.view, position)
            self.select_at(position)
            where = event.globalPos()
        else:
            where = self._keyboard_position()
        menu = self.menu()
        if menu.actions():
            menu.exec(where)
        menu.deleteLater()
        return True


def install_context_menu(view: QWidget, items: ItemsFor) -> ContextMenu:
    """Give ``view`` a context menu of the actions ``items()`` returns (None: a separator)."""
    return ContextMenu(view, items)
