"""The main window's keyboard: Tab between areas, a visible focus, Escape, Ctrl+W, help windows.

- Tab and Shift+Tab go round the window's areas (the sidebar, the list, the
  film page or review editor, the search field) and through the buttons of an
  area; lists are one stop each and arrows move inside them
  (``setTabKeyNavigation(False)``: Tab no longer walks cell by cell).
- The area with the focus gets a frame in the palette's highlight colour.
- Escape in the review editor saves the review and goes back to the film;
  Ctrl+W (File ▸ Close Review) does the same from anywhere in the window and
  closes dialogs (``install_close_key``); the main window itself stays.
- F1 or Ctrl+/ opens the keyboard shortcuts window, built from the menus;
  F1 in the search field, Shift+F1 or the field's "?" button open the search
  syntax help.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QWidget

from watchjournal.ui.common.focus_frame import FocusFrame
from watchjournal.ui.common.icons import icon
from watchjournal.ui.common.keyboard import (
    install_close_key,
    next_in_areas,
    show_shortcuts_in_tooltips,
)
from watchjournal.ui.common.shortcuts_window import ShortcutsWindow
from watchjournal.ui.window.search_help import SearchHelpWindow

if TYPE_CHECKING:
    from watchjournal.ui.window.main_window import MainWindow

REVIEW_PAGE = 1  # the review editor's page in the window's right-hand stack


class WindowKeyboard(QObject):
    """Installs and runs the keyboard behaviour of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.areas: list[QWidget] = [
            window.sidebar,
            window.library,
            window.right,
            window.search_field,
        ]
        self.frame = FocusFrame(window, self.areas)
        self.shortcuts_window: ShortcutsWindow | None = None
        self.search_help: SearchHelpWindow | None = None
        self._one_stop_per_list()
        window.library.currentChanged.connect(lambda _index: self._one_stop_per_list())
        self._connect_actions()
        self._set_up_search_field(window.search_field)
        review_page = window.right.widget(REVIEW_PAGE)
        assert review_page is not None  # built by the window before this
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), review_page, window.close_review)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        install_close_key()
        show_shortcuts_in_tooltips([a for a in window.findChildren(QAction) if a.text()])

    def _one_stop_per_list(self) -> None:
        views = [self._window.sidebar, *self._window.library.findChildren(QAbstractItemView)]
        for view in views:
            view.setTabKeyNavigation(False)

    def _connect_actions(self) -> None:
        acts, window = self._window.acts, self._window
        acts.keyboard_shortcuts.triggered.connect(self.show_shortcuts)
        acts.search_help.triggered.connect(self.show_search_help)
        acts.close_review.triggered.connect(window.close_review)
        window.right.currentChanged.connect(
            lambda index: acts.close_review.setEnabled(index == REVIEW_PAGE)
        )

    def _set_up_search_field(self, field: QLineEdit) -> None:
        helper = field.addAction(icon("help"), QLineEdit.ActionPosition.TrailingPosition)
        helper.setToolTip("Search syntax (F1)")
        helper.triggered.connect(self.show_search_help)
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # In the search field, Escape clears it and F1 is the search syntax (not
        # the shortcuts window): claim those keys before any window shortcut.
        if not isinstance(event, QKeyEvent) or event.modifiers():
            return False
        keys = {
            Qt.Key.Key_Escape: self._window.search_field.clear,
            Qt.Key.Key_F1: self.show_search_help,
        }
        command = keys.get(Qt.Key(event.key()))
        if command is None:
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        if event.type() == QEvent.Type.KeyPress:
            command()
            return True
        return False

    def move_focus(self, forward: bool) -> bool:
        """Tab or Shift+Tab: the next stop in the areas; False to let Qt decide."""
        window = self._window
        target = next_in_areas(window, self.areas, window.focusWidget(), forward)
        if target is None:
            return False
        reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
        target.setFocus(reason)
        return True

    def show_shortcuts(self) -> ShortcutsWindow:
        """The shortcuts window, built afresh from the menus (one at a time)."""
        if self.shortcuts_window is not None:
            self.shortcuts_window.close()
            self.shortcuts_window.deleteLater()
        self.shortcuts_window = ShortcutsWindow(self._window.menuBar(), self._window)
        self.shortcuts_window.show()
        self.shortcuts_window.activateWindow()
        return self.shortcuts_window

    def show_search_help(self) -> SearchHelpWindow:
        if self.search_help is None:
            self.search_help = SearchHelpWindow(self._window)
            self.search_help.row_activated.connect(self._try_example)
        self.search_help.show()
        self.search_help.raise_()
        self.search_help.activateWindow()
        return self.search_help

    def _try_example(self, example: str, _meaning: str) -> None:
        self._window.search_field.setText(example)
