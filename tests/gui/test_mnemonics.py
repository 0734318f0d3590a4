"""Every window of the app has unique Alt letters (mnemonics).

One test opens every dialog: it triggers each action of the main window's
menus (a dialog that opens is checked and closed), checks the main window
itself after each action (with the review editor open, its fields share the
window with the menu bar), and then opens the dialogs no menu action reaches
with ``OPENERS``. Every QDialog subclass under ``watchjournal.ui`` must have
been checked: a new dialog that neither a menu action nor ``OPENERS`` opens
fails the test until it is given an opener.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.gui.mnemonics import clashes, dialog_classes, menu_clashes, mnemonic
from watchjournal.journal import FilmFields, JournalService, ReviewFields

CHECKED = "mnemonics_checked"  # set on a dialog once it was checked and closed


class DialogWatcher:
    """Checks, then closes, each dialog that opens while it runs (modal ones included)."""

    def __init__(self, main: QWidget) -> None:
        self.main = main
        self.found: dict[str, list[dict[str, list[str]]]] = {}
        self.running = False

    def start(self) -> None:
        self.running = True
        self._tick()

    def stop(self) -> None:
        self.running = False

    def _tick(self) -> None:
        # The next tick is scheduled before this one works: a dialog that asks a
        # question from reject() runs a nested event loop, and a repeating QTimer
        # would not fire again inside it.
        if self.running:
            QTimer.singleShot(20, self._tick)
            self.poll()

    def poll(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if not isinstance(widget, QDialog) or widget is self.main or not widget.isVisible():
                continue
            if not widget.property(CHECKED):
                widget.setProperty(CHECKED, True)
                self.check(widget)
                widget.reject()  # as Escape does (it may ask first: see below)
            else:
                widget.done(QDialog.DialogCode.Rejected)  # it asked and was kept: close it

    def check(self, dialog: QWidget) -> None:
        self.found.setdefault(type(dialog).__name__, []).append(clashes(dialog))


def menu_actions(window: QMainWindow) -> list[Any]:
    actions: list[Any] = []
    pending = [a.menu() for a in window.menuBar().actions() if isinstance(a.menu(), QMenu)]
    while pending:
        menu = pending.pop(0)
        for action in menu.actions():
            if isinstance(action.menu(), QMenu):
                pending.append(action.menu())
            elif not action.isSeparator() and action.isVisible():
                actions.append(action)
    return actions


def fill_journal(service: JournalService) -> tuple[int, int]:
    """Two same-titled films; the first watched and reviewed twice (so it has history)."""
    first = service.add_film(
        FilmFields("Ballerina", year=2023, directors=("Lee Chung-hyun",)), watchlist=True
    )
    service.add_film(
        FilmFields("Ballerina", year=2025, directors=("Len Wiseman",)), allow_duplicate=True
    )
    service.mark_watched(first.id, date(2025, 6, 1))
    review = service.write_review(first.id, ReviewFields(rating_tenths=64, headline="stream it"))
    service.update_review(review.id, ReviewFields(rating_tenths=70, headline="stream it now"))
    return first.id, review.id


def test_every_window_has_unique_alt_letters(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    from watchjournal.ui.lists.dialogs import ListDialog
    from watchjournal.ui.online.find import BulkPosterDialog, FindOnlineDialog
    from watchjournal.ui.online.settings import DetailsDiffDialog
    from watchjournal.ui.review.history import RevisionHistoryDialog

    film_id, review_id = fill_journal(service)
    window = make_window()
    window.show_view("films")
    assert window.library.select_film(film_id)
    watcher = DialogWatcher(window)
    watcher.start()
    main_window: dict[str, dict[str, list[str]]] = {"at start": clashes(window)}
    triggered: list[str] = []
    try:
        for action in menu_actions(window):
            if action is window.acts.quit or not action.isEnabled():
                continue
            triggered.append(action.text())
            action.trigger()
            qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=10_000)
            watcher.poll()  # a window that is not modal (the shortcuts window)
            main_window[action.text()] = clashes(window)
            if window.right.currentIndex() == 1:  # the review editor is open
                window.close_review()
        assert {"Write &Review", "Open &Review"} & set(triggered)
        assert "&Keyboard Shortcuts" in triggered

        film = service.get_film(film_id)
        assert window.online is not None
        openers: dict[str, Any] = {  # dialogs that no menu action opens by itself
            "FindOnlineDialog": lambda: FindOnlineDialog(
                window.online.fetcher, "Ballerina", 2023, window
            ),
            "BulkPosterDialog": lambda: BulkPosterDialog(service, window.online.fetcher, window),
            "DetailsDiffDialog": lambda: DetailsDiffDialog(
                film.fields, replace(film.fields, synopsis="A dancer's revenge."), window
            ),
            "ListDialog": lambda: ListDialog(window),
            "RevisionHistoryDialog": lambda: RevisionHistoryDialog(
                service, review_id, window.runner, window
            ),
        }
        missing = []
        for cls in sorted(dialog_classes(), key=lambda c: c.__name__):
            if cls.__name__ in watcher.found:
                continue
            if cls.__name__ not in openers:
                missing.append(f"{cls.__module__}.{cls.__name__}")
                continue
            dialog = openers[cls.__name__]()
            dialog.show()
            qtbot.waitExposed(dialog)
            watcher.poll()
            dialog.deleteLater()
    finally:
        watcher.stop()

    assert not missing, (
        f"{missing} opened by no menu action: add an opener to this test so its"
        " Alt letters are checked"
    )
    found = {name: [c for c in checks if c] for name, checks in watcher.found.items()}
    assert {name: c for name, c in found.items() if c} == {}
    assert {when: c for when, c in main_window.items() if c} == {}
    menus = [a.menu() for a in window.menuBar().actions() if isinstance(a.menu(), QMenu)]
    assert {m.title(): menu_clashes(m) for m in menus if menu_clashes(m)} == {}
    # The test saw the dialogs the issue named, among the others.
    assert {"FilmDialog", "LogDialog", "ImportDialog", "ExportDialog"} <= set(found)
    assert {"BackupsDialog", "SettingsDialog", "ShortcutsWindow", "SearchHelpWindow"} <= set(found)


def test_a_clash_is_found_in_a_dialog_and_against_the_menu_bar(qtbot: QtBot) -> None:
    """The checker itself: the clashes the issue reported are found."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QFormLayout(dialog)
    note = QLineEdit()
    form.addRow("&Note", note)
    form.addRow("", QCheckBox("Did &not finish"))
    hidden = QCheckBox("&Hidden")  # not reachable: does not count
    form.addRow("", hidden)
    hidden.hide()
    dialog.show()
    assert clashes(dialog) == {"n": ["QLabel '&Note'", "QCheckBox 'Did &not finish'"]}

    window = QMainWindow()
    qtbot.addWidget(window)
    window.menuBar().addMenu("&View")
    page = QWidget()
    label = QLabel("&Verdict", page)
    label.setBuddy(QLineEdit(page))
    window.setCentralWidget(page)
    window.show()
    assert clashes(window) == {"v": ["QLabel '&Verdict'", "menu '&View'"]}


def test_mnemonic_reads_the_letter_after_the_ampersand() -> None:
    assert mnemonic("Ver&dict") == "d"
    assert mnemonic("&Title") == "t"
    assert mnemonic("Rock && Roll") is None
    assert mnemonic("Rock && &Roll") == "r"
    assert mnemonic("Plain") is None
    assert mnemonic("trailing&") is None
