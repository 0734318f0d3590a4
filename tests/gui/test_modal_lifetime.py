"""A dialog run with exec() is deleted on the GUI thread once its command is done with
it, so no reference left to it (here: one in a reference cycle, as test helpers and
callbacks make) lets a garbage collection on a worker thread destroy the widget there.

That used to crash the tests about one run in three: PySide hands an exec()'d dialog
to Python, a cycle kept it, the cyclic GC ran on the writer lane's thread during the
note's write and destroyed the dialog there, and the GUI thread then read the freed
widget from a signal the destruction had queued to it.
"""

from __future__ import annotations

import gc
import threading
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken

from watchjournal.journal import FilmFields, JournalService
from watchjournal.ui.common.modal import modal
from watchjournal.ui.diary.note_dialog import WatchlistNoteDialog


def keep_in_a_cycle(kind: type, act: Any) -> list[str]:
    """Act on the next modal dialog of ``kind`` and keep it in a list that only a
    reference cycle (the poller's closure refers to itself) holds; the class names
    of the dialogs it was run on."""
    seen: list[Any] = []
    names: list[str] = []

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind):
            seen.append(widget)
            names.append(type(widget).__name__)
            act(widget)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return names


def collect_on_a_worker_thread() -> None:
    worker = threading.Thread(target=gc.collect, name="collector")
    worker.start()
    worker.join()


def test_a_note_dialog_is_gone_on_the_gui_thread_before_the_note_is_written(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    film = service.add_film(FilmFields("Paterson", year=2016), watchlist=True)
    window = make_window()
    died_on: list[str] = []

    def type_note(dialog: WatchlistNoteDialog) -> None:
        # Direct: recorded on whichever thread destroys the dialog.
        dialog.destroyed.connect(
            lambda: died_on.append(threading.current_thread().name),
            Qt.ConnectionType.DirectConnection,
        )
        dialog.note_edit.setText("from Min")
        dialog.accept()

    seen = keep_in_a_cycle(WatchlistNoteDialog, type_note)
    gc.disable()  # no collection before the one this test runs on a worker thread
    try:
        window.editing.diary.edit_watchlist_note(film.id)
        assert seen == ["WatchlistNoteDialog"]
        collect_on_a_worker_thread()
    finally:
        gc.enable()
    assert died_on == [threading.main_thread().name]
    qtbot.waitUntil(lambda: service.get_film(film.id).watchlist.note == "from Min", timeout=5000)


def test_modal_deletes_the_dialog_where_the_block_ends(qtbot: QtBot) -> None:
    parent = QDialog()
    qtbot.addWidget(parent)
    with modal(QDialog(parent)) as dialog:
        child = QObject(dialog)
        QTimer.singleShot(0, dialog.accept)
        assert dialog.exec() == QDialog.DialogCode.Accepted
        assert Shiboken.isValid(dialog)
    assert not Shiboken.isValid(dialog) and not Shiboken.isValid(child)
    assert parent.findChildren(QDialog) == []
