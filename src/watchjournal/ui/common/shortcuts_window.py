"""The keyboard shortcuts window (F1, Ctrl+/): every action of the menus with its keys.

It is built from the window's QActions each time it opens, grouped by the
menu they are in, so it never lists a key that changed or misses a new
action. A filter field finds an action by its name or by its keys ("ctrl+r").
``ReferenceWindow`` is the searchable two-column window it is made of; the
search syntax help uses it too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from watchjournal.ui.common.keyboard import plain_action_text, shortcut_text
from watchjournal.ui.common.widgets import plain_label

Row = tuple[str, str]  # (what, how), both plain text
Group = tuple[str, Sequence[Row]]

# Keys that belong to no single action: how to move around (kept next to the
# code that implements them would be nicer, but these are Qt's own or
# ui/common/keyboard.py's and rarely change).
GENERAL_KEYS: tuple[Row, ...] = (
    ("Move to the next area: sidebar, list, film page, search", "Tab"),
    ("Move to the previous area", "Shift+Tab"),
    ("Move within a list or the sidebar", "Arrow keys"),
    ("Open the selected film or search result", "Enter"),
    ("Close a dialog or the review editor", "Esc"),
    ("Close a dialog or window", "Ctrl+W"),
    ("Search syntax, while in the search field", "F1"),
    ("Jump to a labelled field or a button", "Alt + underlined letter"),
)


class ReferenceWindow(QDialog):
    """A non-modal window of grouped (what, keys) rows with a filter field."""

    row_activated = Signal(str, str)  # what, how

    def __init__(
        self,
        title: str,
        intro: str,
        columns: tuple[str, str],
        filter_label: str,
        placeholder: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(False)
        self.resize(620, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(intro, selectable=False))
        row = QHBoxLayout()
        self.filter_edit = QLineEdit()
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(filter_label.replace("&", ""))
        self.filter_edit.setPlaceholderText(placeholder)
        label = QLabel(filter_label)
        label.setBuddy(self.filter_edit)
        row.addWidget(label)
        row.addWidget(self.filter_edit, 1)
        layout.addLayout(row)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(list(columns))
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName(title)
        # Names as wide as they are, keys right after them (not across a wide window).
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.tree.itemActivated.connect(self._activated)
        layout.addWidget(self.tree, 1)
        self.empty_label = plain_label("Nothing matches.", muted=True, selectable=False)
        self.empty_label.setVisible(False)
        layout.addWidget(self.empty_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.filter_edit.textChanged.connect(self.apply_filter)
        self.filter_edit.setFocus()

    def set_groups(self, groups: Iterable[Group]) -> None:
        self.tree.clear()
        for name, rows in groups:
            if not rows:
                continue
            heading = QTreeWidgetItem(self.tree, [name, ""])
            heading.setFirstColumnSpanned(True)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = heading.font(0)
            font.setBold(True)
            heading.setFont(0, font)
            for what, how in rows:
                QTreeWidgetItem(heading, [what, how])
            heading.setExpanded(True)
        self.apply_filter(self.filter_edit.text())

    def apply_filter(self, text: str) -> None:
        """Show the rows whose name or keys hold ``text`` (case ignored), with their group."""
        wanted = text.strip().casefold()
        shown = 0
        for heading in _headings(self.tree):
            visible = 0
            for child in _children(heading):
                haystack = f"{child.text(0)}\n{child.text(1)}".casefold()
                hide = bool(wanted) and wanted not in haystack
                child.setHidden(hide)
                visible += not hide
            heading.setHidden(visible == 0)
            shown += visible
        self.empty_label.setVisible(shown == 0)

    def visible_rows(self) -> list[Row]:
        """The rows on show, in order (for tests and for reading out)."""
        return [
            (child.text(0), child.text(1))
            for heading in _headings(self.tree)
            if not heading.isHidden()
            for child in _children(heading)
            if not child.isHidden()
        ]

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.parent() is not None:
            self.row_activated.emit(item.text(0), item.text(1))


def _headings(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    items = (tree.topLevelItem(number) for number in range(tree.topLevelItemCount()))
    return [item for item in items if item is not None]


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    children = (item.child(number) for number in range(item.childCount()))
    return [child for child in children if child is not None]


def menu_groups(menu_bar: QMenuBar) -> list[Group]:
    """Each menu of the bar (by its title) with its visible actions and their keys."""
    groups: list[Group] = []
    for action in menu_bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.isVisible():
            groups.append((plain_action_text(action), _menu_rows(menu)))
    return groups


def _menu_rows(menu: QMenu, prefix: str = "") -> list[Row]:
    rows: list[Row] = []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            rows += _menu_rows(submenu, f"{prefix}{plain_action_text(action)} ▸ ")
        else:
            rows.append((prefix + plain_action_text(action), shortcut_text(action)))
    return rows


class ShortcutsWindow(ReferenceWindow):
    """Every menu action and its keys, plus the keys for moving around."""

    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(
            "Keyboard Shortcuts",
            "Every action and its keys, as in the menus. Alt with the underlined letter"
            " opens a menu or moves to a field.",
            ("Action", "Keys"),
            "&Find",
            "Type part of a name or a key",
            parent,
        )
        self.set_groups([*menu_groups(menu_bar), ("Moving around", GENERAL_KEYS)])
