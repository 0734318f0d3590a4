"""Reading a window's Alt letters (mnemonics), and finding every dialog class of the app.

``alt_letters`` collects, for one window, the letter after ``&`` in the texts
that Qt turns into Alt shortcuts: labels with a buddy, buttons and check
boxes, group box titles, tab titles and, for a main window, the menu bar's
menus. Only widgets that can be reached now count (hidden pages do not).
``dialog_classes`` imports every module under ``watchjournal.ui`` and returns
the QDialog subclasses defined there, so a dialog added later is found
without anyone listing it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict

from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QTabBar,
    QWidget,
)

import watchjournal.ui


def mnemonic(text: str) -> str | None:
    """The Alt letter of a text ("Ver&dict" -> "d"); None without one ("&&" is a plain &)."""
    index = 0
    while (index := text.find("&", index)) != -1 and index + 1 < len(text):
        following = text[index + 1]
        if following != "&":
            return following.casefold() if not following.isspace() else None
        index += 2
    return None


def _texts(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel):
        return [widget.text()] if widget.buddy() is not None else []
    if isinstance(widget, QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QGroupBox):
        return [widget.title()]
    if isinstance(widget, QTabBar):
        return [widget.tabText(i) for i in range(widget.count()) if widget.isTabEnabled(i)]
    return []


def alt_letters(window: QWidget) -> dict[str, list[str]]:
    """Alt letter -> what uses it ("QLabel '&Title'", "menu '&File'"), in ``window`` now."""
    owners: dict[str, list[str]] = defaultdict(list)
    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not widget.isVisibleTo(window):
            continue
        for text in _texts(widget):
            if (letter := mnemonic(text)) is not None:
                owners[letter].append(f"{type(widget).__name__} {text!r}")
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            if action.isVisible() and (letter := mnemonic(action.text())) is not None:
                owners[letter].append(f"menu {action.text()!r}")
    return dict(owners)


def clashes(window: QWidget) -> dict[str, list[str]]:
    """The Alt letters used more than once in ``window``."""
    return {letter: users for letter, users in alt_letters(window).items() if len(users) > 1}


def menu_clashes(menu: QMenu) -> dict[str, list[str]]:
    """Alt letters used twice among one menu's items (each submenu is its own scope)."""
    owners: dict[str, list[str]] = defaultdict(list)
    for action in menu.actions():
        if action.isVisible() and (letter := mnemonic(action.text())) is not None:
            owners[letter].append(action.text())
    return {letter: users for letter, users in owners.items() if len(users) > 1}


def dialog_classes() -> set[type[QDialog]]:
    """Every QDialog subclass defined in ``watchjournal.ui`` that nothing else derives from."""
    for module in pkgutil.walk_packages(watchjournal.ui.__path__, "watchjournal.ui."):
        importlib.import_module(module.name)
    found: set[type[QDialog]] = set()
    pending: list[type[QDialog]] = [QDialog]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("watchjournal.ui."):
                found.add(sub)
    return {cls for cls in found if not any(sub in found for sub in cls.__subclasses__())}
