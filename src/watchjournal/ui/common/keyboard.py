"""Keyboard helpers shared by every window: shortcuts in tooltips, Ctrl+W, Tab between areas.

- ``show_shortcuts_in_tooltips`` makes an action's tooltip name its shortcut
  ("Write Review (Ctrl+R)") and keeps it right when the text or the shortcut
  changes later, so toolbar and pane buttons teach the keys.
- ``install_close_key`` lets Ctrl+W (the platform's Close key) close the
  dialog or tool window it is pressed in, the way Escape does; the main
  window is left alone (it closes with Quit).
- ``discard_confirmed`` is the one question a dialog asks when Escape,
  Cancel or Ctrl+W would throw away what was typed in it.
- ``next_in_areas`` decides where Tab goes in a window made of areas (the
  sidebar, the list, the film page, the search field): through the focusable
  widgets of one area, then on to the next area, round and round. Lists are
  one stop each (arrows move inside them).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox, QWidget

from watchjournal.ui.common.modal import modal

BASE_TIP_PROPERTY = "watchjournal_base_tip"  # the tooltip an action was given, without keys
_CLOSE_FILTER_NAME = "watchjournal-close-key"


def shortcut_text(action: QAction) -> str:
    """The action's shortcuts as the platform writes them ("Ctrl+R", "F1, Ctrl+/")."""
    return ", ".join(
        key.toString(QKeySequence.SequenceFormat.NativeText)
        for key in action.shortcuts()
        if not key.isEmpty()
    )


def plain_action_text(action: QAction) -> str:
    """The menu text without its mnemonic marker and trailing ellipsis ("Mark Watched")."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


def tooltip_with_shortcut(action: QAction) -> str:
    base = action.property(BASE_TIP_PROPERTY) or plain_action_text(action)
    keys = shortcut_text(action)
    return f"{base} ({keys})" if keys else str(base)


def show_shortcuts_in_tooltips(actions: Sequence[QAction]) -> None:
    """Name each action's shortcut in its tooltip, now and whenever the action changes.

    An action keeps a tooltip of its own (``BASE_TIP_PROPERTY``) when one was
    given; otherwise its tooltip follows its text ("Add to Watchlist" becomes
    "Remove from Watchlist").
    """
    for action in actions:
        if action.property("watchjournal_tooltip_kept"):
            continue
        action.setProperty("watchjournal_tooltip_kept", True)
        _refresh_tooltip(action)
        action.changed.connect(lambda a=action: _refresh_tooltip(a))


def _refresh_tooltip(action: QAction) -> None:
    tip = tooltip_with_shortcut(action)
    if action.toolTip() != tip:  # setToolTip emits changed again: stop there
        action.setToolTip(tip)


def discard_confirmed(parent: QWidget, question: str) -> bool:
    """Ask before a dialog's typing is thrown away; Keep Editing is the default (and Escape)."""
    box = QMessageBox(QMessageBox.Icon.Question, parent.windowTitle(), question, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText("What you typed in this dialog is not saved.")
    discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("&Keep Editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    with modal(box):
        box.exec()
        return box.clickedButton() is discard


class _CloseKeyFilter(QObject):
    """Ctrl+W in a dialog or tool window closes it (as the title bar's close button does)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QWidget) or not _is_close_key(event):
            return False
        window = watched.window()
        if isinstance(window, QMainWindow) or not window.isVisible():
            return False  # the main window has its own Ctrl+W (close the review)
        if not isinstance(window, QDialog) and window.parentWidget() is None:
            return False  # a top-level widget that is not a dialog: not ours to close
        window.close()  # a QDialog's close asks reject(), which may ask the user first
        return True


def _is_close_key(event: QKeyEvent) -> bool:
    pressed = QKeySequence(event.keyCombination())
    return any(
        pressed.matches(key) == QKeySequence.SequenceMatch.ExactMatch
        for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Close)
    )


def install_close_key(app: QCoreApplication | None = None) -> None:
    """Let Ctrl+W close dialogs and tool windows everywhere in the app (once per app)."""
    app = app or QApplication.instance()
    if app is None or app.findChild(QObject, _CLOSE_FILTER_NAME) is not None:
        return
    close_filter = _CloseKeyFilter(app)
    close_filter.setObjectName(_CLOSE_FILTER_NAME)
    app.installEventFilter(close_filter)


def tab_stops(window: QWidget) -> list[QWidget]:
    """The widgets Tab can reach in ``window``, in its focus chain's order."""
    stops: list[QWidget] = []
    widget = window.nextInFocusChain()
    while widget is not None and widget is not window and widget not in stops:
        if (
            widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
            and widget.focusProxy() is None
            and widget.isEnabled()
            and widget.isVisibleTo(window)
            and widget.window() is window
        ):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def area_of(widget: QWidget | None, areas: Sequence[QWidget]) -> int | None:
    """Which area (by index) holds ``widget``; None when it is in none of them."""
    for number, area in enumerate(areas):
        if widget is not None and (widget is area or area.isAncestorOf(widget)):
            return number
    return None


def next_in_areas(
    window: QWidget, areas: Sequence[QWidget], current: QWidget | None, forward: bool
) -> QWidget | None:
    """Where Tab (``forward``) or Shift+Tab goes from ``current``; None: not in an area."""
    here = area_of(current, areas)
    if here is None:
        return None
    members: list[list[QWidget]] = [[] for _ in areas]
    for widget in tab_stops(window):
        number = area_of(widget, areas)
        if number is not None:
            members[number].append(widget)
    own = members[here]
    if current in own:
        position = own.index(current) + (1 if forward else -1)
        if 0 <= position < len(own):
            return own[position]
    step = 1 if forward else -1
    for distance in range(1, len(areas) + 1):
        candidates = members[(here + step * distance) % len(areas)]
        if candidates:
            return candidates[0] if forward else candidates[-1]
    return None
