"""The keyboard shortcuts window (F1, Ctrl+/) and the search syntax help (F1 in the search box)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QToolButton
from pytestqt.qtbot import QtBot

from tests.gui.test_mnemonics import menu_actions
from watchjournal.search.parser import parse_query
from watchjournal.search.query import DATE_FIELDS, NUMBER_FIELDS, STATES, TEXT_FIELDS
from watchjournal.ui.common.keyboard import plain_action_text, shortcut_text
from watchjournal.ui.common.shortcuts_window import ShortcutsWindow
from watchjournal.ui.window.search_help import SearchHelpWindow, syntax_groups


def test_f1_and_ctrl_slash_open_the_shortcuts_window_with_every_action(
    qtbot: QtBot, make_window: Any
) -> None:
    window = make_window()
    window.library.setFocus()
    for key, modifier in (
        (Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier),
    ):
        window.keyboard.shortcuts_window = None
        qtbot.keyClick(window.library.currentWidget(), key, modifier)
        qtbot.waitUntil(lambda: window.keyboard.shortcuts_window is not None)
        shortcuts = window.keyboard.shortcuts_window
        assert isinstance(shortcuts, ShortcutsWindow) and shortcuts.isVisible()
        shortcuts.close()
    rows = shortcuts.visible_rows()
    for action in menu_actions(window):
        assert (plain_action_text(action), shortcut_text(action)) in rows, action.text()
    assert ("Write Review", "Ctrl+R") in rows
    assert ("Keyboard Shortcuts", "F1, Ctrl+/") in rows
    assert ("Move to the next area: sidebar, list, film page, search", "Tab") in rows


def test_the_shortcuts_window_is_searchable_by_name_and_by_key(
    qtbot: QtBot, make_window: Any
) -> None:
    window = make_window()
    shortcuts = window.keyboard.show_shortcuts()
    qtbot.keyClicks(shortcuts.filter_edit, "ctrl+r")
    assert shortcuts.visible_rows() == [("Write Review", "Ctrl+R")]
    shortcuts.filter_edit.setText("WATCHLIST")
    names = [name for name, _keys in shortcuts.visible_rows()]
    assert "Add to Watchlist" in names and "Watchlist" in names
    assert all("watchlist" in name.casefold() for name in names)
    shortcuts.filter_edit.setText("no such thing")
    assert shortcuts.visible_rows() == [] and shortcuts.empty_label.isVisibleTo(shortcuts)


def test_the_shortcuts_window_follows_the_actions_it_is_built_from(
    qtbot: QtBot, make_window: Any
) -> None:
    window = make_window()
    window.acts.like.setShortcut(QKeySequence("Ctrl+K"))
    rows = window.keyboard.show_shortcuts().visible_rows()
    assert ("Like", "Ctrl+K") in rows and ("Like", "Ctrl+L") not in rows
    window.acts.like.setVisible(False)
    assert "Like" not in [name for name, _ in window.keyboard.show_shortcuts().visible_rows()]


def test_f1_in_the_search_field_opens_the_search_syntax(qtbot: QtBot, make_window: Any) -> None:
    window = make_window()
    window.search_field.setFocus()
    qtbot.keyClick(window.search_field, Qt.Key.Key_F1)
    helper = window.keyboard.search_help
    assert isinstance(helper, SearchHelpWindow) and helper.isVisible()
    assert window.keyboard.shortcuts_window is None  # F1 there is not the shortcuts window
    helper.close()
    # The field's "?" button opens it too.
    (button,) = [
        b
        for b in window.search_field.findChildren(QToolButton)
        if b.defaultAction() is not None and "Search syntax" in b.defaultAction().toolTip()
    ]
    button.defaultAction().trigger()
    assert helper.isVisible()


def test_the_search_syntax_lists_every_field_and_state_and_each_example_parses(
    qtbot: QtBot, make_window: Any
) -> None:
    window = make_window()
    helper = window.keyboard.show_search_help()
    examples = [example for example, _meaning in helper.visible_rows()]
    for name in (*TEXT_FIELDS, *NUMBER_FIELDS, *DATE_FIELDS):
        assert any(e.startswith(f"{name}:") for e in examples), name
    for state in STATES:
        assert f"is:{state}" in examples
    for needed in ('"exact phrase"', "-sequel", "NOT sequel", "year:2020..2025"):
        assert needed in examples
    for _group, rows in syntax_groups():
        for example, _meaning in rows:
            assert parse_query(example) is not None, example


def test_choosing_an_example_puts_it_in_the_search_field(qtbot: QtBot, make_window: Any) -> None:
    window = make_window()
    helper = window.keyboard.show_search_help()
    qtbot.keyClicks(helper.filter_edit, "is:liked")
    assert [e for e, _ in helper.visible_rows()] == ["is:liked"]
    tree = helper.tree
    heading = next(
        tree.topLevelItem(n)
        for n in range(tree.topLevelItemCount())
        if not tree.topLevelItem(n).isHidden()  # type: ignore[union-attr]
    )
    assert heading is not None
    tree.setCurrentItem(heading.child(STATES.index("liked")))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert window.search_field.text() == "is:liked"
    # The search it started finishes before the test ends (none is left running).
    qtbot.waitUntil(lambda: "is:liked" in window.search_panel.message.text(), timeout=10_000)
    assert QApplication.activeModalWidget() is None  # the help stays open beside the window
