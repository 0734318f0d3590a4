"""The Log dialog, diary entries edited and deleted (with Undo), watchlist notes and
Ctrl+R, driven through the real main window as a user would, mostly by keyboard."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.ui.diary.log_dialog import LogDialog
from watchjournal.ui.diary.note_dialog import WatchlistNoteDialog
from watchjournal.ui.window.diary_model import VIEWING_ID_ROLE

Key = Qt.Key


def when_modal(
    qtbot: QtBot, kind: type, act: Callable[[Any], None], within_s: float = 10
) -> list[Any]:
    """Run ``act`` on the next modal dialog of ``kind`` opened within ``within_s``;
    the dialogs it was run on (none: no such dialog opened)."""
    seen: list[Any] = []
    deadline = time.monotonic() + within_s

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget not in seen:
            seen.append(widget)
            act(widget)
        elif time.monotonic() < deadline:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def type_keys(qtbot: QtBot, dialog: QWidget, *keys: Key | str) -> None:
    """Press keys (or type text) into whatever has the focus in ``dialog``."""
    for key in keys:
        target = dialog.focusWidget() or dialog
        if isinstance(key, str):
            qtbot.keyClicks(target, key)
        else:
            qtbot.keyClick(target, key)


@pytest.fixture
def paterson(service: JournalService) -> int:
    return service.add_film(FilmFields("Paterson", year=2016), watchlist=True).id


def diary_rows(window: Any) -> list[QModelIndex]:
    model, view = window.library.diary_model, window.library.diary_view
    found = []
    for month in range(model.rowCount()):
        parent = model.index(month, 0)
        view.expand(parent)
        found += [model.index(row, 0, parent) for row in range(model.rowCount(parent))]
    return found


def focus_diary_row(qtbot: QtBot, window: Any, viewing_id: int) -> None:
    window.show_view("diary")
    view = window.library.diary_view
    row = next(i for i in diary_rows(window) if i.data(VIEWING_ID_ROLE) == viewing_id)
    view.setFocus()
    view.setCurrentIndex(row)
    qtbot.waitUntil(lambda: window.editing.entry_acts.delete_entry.isEnabled(), timeout=2000)


def test_log_dialog_with_the_keyboard_only(
    qtbot: QtBot, make_window: Any, service: JournalService, paterson: int
) -> None:
    window = make_window()
    window.show_view("films")
    window.library.films_view.setFocus()
    window.library.films_view.selectRow(0)

    results: list[int] = []

    def log(dialog: LogDialog) -> None:
        # Recorded as it closes: the dialog is deleted once the Log command read it.
        dialog.finished.connect(results.append)
        assert dialog.focusWidget() is dialog.date_edit  # it starts at the date
        type_keys(qtbot, dialog, Key.Key_Tab, Key.Key_Space)  # Date unknown
        type_keys(qtbot, dialog, Key.Key_Tab, "Cinema", Key.Key_Tab, "with Min")
        type_keys(qtbot, dialog, Key.Key_Tab, Key.Key_Space)  # Rewatch, though the first
        type_keys(qtbot, dialog, Key.Key_Tab, Key.Key_Space)  # Did not finish
        # Rating: End is 10, Page Down 9.0, then six tenths down: 8.4.
        type_keys(qtbot, dialog, Key.Key_Tab, Key.Key_End, Key.Key_PageDown)
        type_keys(qtbot, dialog, *[Key.Key_Left] * 6)
        # Past the rating's Clear button (in the chain once there is a rating) to Like.
        type_keys(qtbot, dialog, Key.Key_Tab, Key.Key_Tab, Key.Key_Space)
        type_keys(qtbot, dialog, Key.Key_Tab, "night, bus")
        type_keys(qtbot, dialog, Key.Key_Tab, "Poems between stops.")
        type_keys(qtbot, dialog, Key.Key_Tab, Key.Key_Space)  # Contains spoilers
        type_keys(qtbot, dialog, Key.Key_Return)

    seen = when_modal(qtbot, LogDialog, log)
    qtbot.keyClick(window.library.films_view, Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert seen and results == [LogDialog.DialogCode.Accepted]
    qtbot.waitUntil(lambda: bool(service.get_film(paterson).viewings), timeout=5000)
    film = service.get_film(paterson)
    (viewing,) = film.viewings
    assert (viewing.watched_on, viewing.where, viewing.note) == (None, "Cinema", "with Min")
    assert (viewing.rewatch_override, viewing.did_not_finish) == (True, True)
    assert viewing.tags == ("night", "bus")
    (review,) = film.reviews
    assert (review.viewing_id, review.rating_tenths) == (viewing.id, 84)
    assert (review.body, review.spoilers, review.draft) == ("Poems between stops.", True, False)
    assert film.fields.liked and film.watchlist is None  # logged: off the watchlist


def test_log_dialog_prechecks_rewatch_by_the_rule_and_follows_the_date(
    qtbot: QtBot, service: JournalService, paterson: int
) -> None:
    service.mark_watched(paterson, date.today() - timedelta(days=10))
    film = service.get_film(paterson)
    dialog = LogDialog(film, None, lambda day: service.implied_rewatch(paterson, day))
    qtbot.addWidget(dialog)
    assert dialog.rewatch_check.isChecked() and dialog.rewatch() is None
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(-20))  # before the first viewing
    assert not dialog.rewatch_check.isChecked() and dialog.rewatch() is None
    dialog.unknown_check.setChecked(True)  # an unknown date counts as the earliest
    assert not dialog.rewatch_check.isChecked()
    dialog.rewatch_check.click()  # the user says otherwise: it no longer follows the date
    dialog.unknown_check.setChecked(False)
    assert dialog.rewatch_check.isChecked() and dialog.rewatch() is True  # an override
    dialog.date_edit.setDate(dialog.date_edit.maximumDate())  # today: the rule agrees
    assert dialog.rewatch_check.isChecked() and dialog.rewatch() is None


def test_nothing_but_a_date_makes_no_review(
    qtbot: QtBot, service: JournalService, paterson: int
) -> None:
    film = service.get_film(paterson)
    dialog = LogDialog(film, None, lambda day: False, default_where="Netflix")
    qtbot.addWidget(dialog)
    entry = dialog.entry()
    assert entry.review is None and entry.liked is None
    assert entry.viewing.where == "Netflix" and entry.viewing.watched_on == date.today()


def test_escape_asks_before_throwing_away_what_was_typed(
    qtbot: QtBot, service: JournalService, paterson: int
) -> None:
    dialog = LogDialog(service.get_film(paterson), None, lambda day: False)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Key.Key_Escape)  # nothing typed: just closes
    assert not dialog.isVisible()
    dialog.show()
    qtbot.keyClicks(dialog.where_edit, "Cinema")
    questions: list[str] = []  # read while it is open: the box is deleted once answered

    def keep_editing(box: QMessageBox) -> None:
        questions.append(box.text())
        box.defaultButton().click()

    when_modal(qtbot, QMessageBox, keep_editing)
    qtbot.keyClick(dialog.where_edit, Key.Key_Escape)
    assert questions and "Discard" in questions[0] and dialog.isVisible()  # kept editing
    when_modal(
        qtbot,
        QMessageBox,
        lambda box: next(b for b in box.buttons() if b.text() == "&Discard").click(),
    )
    qtbot.keyClick(dialog.where_edit, Key.Key_Escape)
    assert not dialog.isVisible()


def test_enter_on_a_diary_row_edits_that_entry(
    qtbot: QtBot, make_window: Any, service: JournalService, paterson: int
) -> None:
    first = service.mark_watched(paterson, date(2025, 6, 1), where="Cinema")
    second = service.mark_watched(paterson, date(2025, 7, 1))
    review = service.write_review(
        paterson, ReviewFields(rating_tenths=70, body="Quiet.", viewing_id=first.id)
    )
    window = make_window()
    focus_diary_row(qtbot, window, first.id)
    shown: dict[str, Any] = {}

    def edit(dialog: LogDialog) -> None:
        shown["where"] = dialog.where_edit.text()
        shown["rating"] = dialog.rating.rating_tenths
        shown["text"] = dialog.review_edit.toPlainText()
        shown["rewatch"] = dialog.rewatch_check.isChecked()
        dialog.where_edit.setText("Home")
        dialog.date_edit.setDate(dialog.date_edit.date().addMonths(2))  # 2025-08-01
        dialog.rating.set_rating_tenths(90)
        type_keys(qtbot, dialog, Key.Key_Return)

    when_modal(qtbot, LogDialog, edit)
    qtbot.keyClick(window.library.diary_view, Key.Key_Return)
    assert shown == {"where": "Cinema", "rating": 70, "text": "Quiet.", "rewatch": False}
    qtbot.waitUntil(lambda: service.get_viewing(first.id).where == "Home", timeout=5000)
    moved = service.get_viewing(first.id)
    assert moved.watched_on == date(2025, 8, 1) and moved.rewatch  # now after July
    assert not service.get_viewing(second.id).rewatch
    assert service.get_review(review.id).rating_tenths == 90
    assert service.get_film(paterson).rating_tenths == 90
    # The entry edited stays the diary's current row.
    qtbot.waitUntil(
        lambda: window.library.diary_view.currentIndex().data(VIEWING_ID_ROLE) == first.id,
        timeout=5000,
    )


def test_delete_on_a_diary_row_deletes_that_entry_and_undo_brings_it_back(
    qtbot: QtBot, make_window: Any, service: JournalService, paterson: int
) -> None:
    first = service.mark_watched(paterson, date(2025, 6, 1))
    second = service.mark_watched(paterson, date(2025, 7, 1), where="Cinema")
    service.edit_viewing(second.id, tags=["night"])
    service.write_review(paterson, ReviewFields(rating_tenths=90, viewing_id=second.id))
    service.write_review(paterson, ReviewFields(rating_tenths=40))
    second = service.get_viewing(second.id)
    window = make_window()
    focus_diary_row(qtbot, window, second.id)
    assert not window.acts.delete_film.isEnabled()  # Delete is the entry's here
    # There must be no question (it would be about deleting the whole film).
    asked = when_modal(qtbot, QMessageBox, lambda box: box.reject(), within_s=3)
    qtbot.keyClick(window.library.diary_view, Key.Key_Delete)
    qtbot.waitUntil(lambda: len(service.get_film(paterson).viewings) == 1, timeout=5000)
    assert service.count_films() == 1 and not asked
    assert service.get_film(paterson).rating_tenths == 40  # its review is about no viewing now
    notice = window.editing.undo_notice
    qtbot.waitUntil(notice.isVisible, timeout=2000)
    assert "Deleted the diary entry of Paterson (2016)" in notice.text() and "Undo" in notice.text()
    assert window.detail.film is not None and window.detail.film.rating_tenths == 40
    notice.linkActivated.emit("undo")  # the status bar's Undo link
    qtbot.waitUntil(lambda: len(service.get_film(paterson).viewings) == 2, timeout=5000)
    assert service.get_viewing(second.id) == second  # the same entry, id, tags and all
    film = service.get_film(paterson)
    assert film.rating_tenths == 90 and [v.id for v in film.viewings] == [first.id, second.id]
    qtbot.waitUntil(lambda: not notice.isVisible(), timeout=2000)
    qtbot.waitUntil(lambda: window.detail.film.rating_tenths == 90, timeout=2000)


def test_ctrl_z_undoes_deleting_several_entries(
    qtbot: QtBot, make_window: Any, service: JournalService, paterson: int
) -> None:
    ids = [service.mark_watched(paterson, date(2025, 6, day)).id for day in (1, 2, 3)]
    window = make_window()
    focus_diary_row(qtbot, window, ids[0])
    view = window.library.diary_view
    for row in diary_rows(window):
        if row.data(VIEWING_ID_ROLE) in ids[:2]:
            flags = QItemSelectionModel.SelectionFlag
            view.selectionModel().select(row, flags.Select | flags.Rows)
    window.editing.entry_acts.delete_entry.trigger()
    qtbot.waitUntil(lambda: len(service.get_film(paterson).viewings) == 1, timeout=5000)
    # The journal changes before the window hears of it (and offers Undo): wait for that.
    qtbot.waitUntil(window.acts.undo.isEnabled, timeout=5000)
    qtbot.keyClick(view, Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(service.get_film(paterson).viewings) == 3, timeout=5000)
    assert [v.id for v in service.get_film(paterson).viewings] == ids


def test_watchlist_note_from_the_watchlist_and_the_film_page(
    qtbot: QtBot, make_window: Any, service: JournalService, paterson: int
) -> None:
    window = make_window()
    window.show_view("watchlist")
    window.library.watchlist_view.selectRow(0)
    qtbot.waitUntil(lambda: window.editing.entry_acts.watchlist_note.isEnabled(), timeout=2000)

    def write(text: str) -> Callable[[WatchlistNoteDialog], None]:
        def act(dialog: WatchlistNoteDialog) -> None:
            dialog.note_edit.selectAll()
            type_keys(qtbot, dialog, text, Key.Key_Return)

        return act

    when_modal(qtbot, WatchlistNoteDialog, write("from Min"))
    window.editing.entry_acts.watchlist_note.trigger()
    qtbot.waitUntil(lambda: service.get_film(paterson).watchlist.note == "from Min", timeout=5000)

    # The film page's watchlist row has its own Edit Note… button.
    def note_button() -> QPushButton | None:
        buttons = window.detail.findChildren(QPushButton)
        return next((b for b in buttons if b.text() == "Edit Note…" and b.isVisible()), None)

    qtbot.waitUntil(
        lambda: "from Min" in _texts(window.detail) and note_button() is not None, timeout=2000
    )
    button = note_button()
    assert button is not None
    prefilled: list[str] = []

    def change(dialog: WatchlistNoteDialog) -> None:
        prefilled.append(dialog.note_edit.text())
        write("Min and Jo")(dialog)

    when_modal(qtbot, WatchlistNoteDialog, change)
    button.click()
    qtbot.waitUntil(lambda: service.get_film(paterson).watchlist.note == "Min and Jo", timeout=5000)
    assert prefilled == ["from Min"]


def _texts(widget: QWidget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def test_ctrl_shift_w_asks_for_a_note_and_removes_without_asking(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    film = service.add_film(FilmFields("Okja", year=2017))
    window = make_window()
    window.show_view("films")
    window.library.films_view.setFocus()
    window.library.films_view.selectRow(0)
    keys = (Key.Key_W, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    asked = when_modal(
        qtbot, WatchlistNoteDialog, lambda d: type_keys(qtbot, d, "Jo's pick", Key.Key_Return)
    )
    qtbot.keyClick(window.library.films_view, *keys)
    qtbot.waitUntil(lambda: service.get_film(film.id).on_watchlist, timeout=5000)
    assert asked and service.get_film(film.id).watchlist.note == "Jo's pick"
    qtbot.waitUntil(lambda: window.detail.film.on_watchlist, timeout=2000)
    # The offscreen platform leaves the closed dialog active; a window manager would not.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(window.library.films_view, *keys)  # on the list: off it, no question
    qtbot.waitUntil(lambda: not service.get_film(film.id).on_watchlist, timeout=5000)
    assert len(asked) == 1


def test_ctrl_r_opens_the_draft_and_ctrl_shift_r_a_new_review(
    qtbot: QtBot, make_window: Any, service: JournalService, paterson: int
) -> None:
    draft = service.write_review(paterson, ReviewFields(body="half written", draft=True))
    service.write_review(paterson, ReviewFields(rating_tenths=80, body="finished"))
    window = make_window()
    window.show_view("films")
    window.library.films_view.setFocus()
    window.library.films_view.selectRow(0)
    assert window.acts.write_review.text() == "Open &Review"
    qtbot.keyClick(window.library.films_view, Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert window.right.currentIndex() == 1 and window.editor.review_id == draft.id
    assert window.editor.body.toPlainText() == "half written"
    window.close_review()
    window.library.films_view.setFocus()
    qtbot.keyClick(
        window.library.films_view,
        Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.right.currentIndex() == 1 and window.editor.review_id is None
    assert window.editor.body.toPlainText() == ""


def test_ctrl_r_without_a_draft_opens_the_latest_review(
    qtbot: QtBot, make_window: Any, service: JournalService, paterson: int
) -> None:
    service.write_review(paterson, ReviewFields(rating_tenths=60, body="first"))
    latest = service.write_review(paterson, ReviewFields(rating_tenths=80, body="second"))
    window = make_window()
    window.show_view("films")
    window.library.films_view.selectRow(0)
    window.acts.write_review.trigger()
    assert window.editor.review_id == latest.id


def test_ctrl_r_on_a_diary_entry_opens_the_review_about_it(
    qtbot: QtBot, make_window: Any, service: JournalService, paterson: int
) -> None:
    first = service.mark_watched(paterson, date(2025, 6, 1))
    service.mark_watched(paterson, date(2025, 7, 1))
    about_first = service.write_review(
        paterson, ReviewFields(rating_tenths=60, viewing_id=first.id)
    )
    service.write_review(paterson, ReviewFields(rating_tenths=80, body="newer, no viewing"))
    window = make_window()
    focus_diary_row(qtbot, window, first.id)
    qtbot.keyClick(window.library.diary_view, Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert window.right.currentIndex() == 1 and window.editor.review_id == about_first.id
