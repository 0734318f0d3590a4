""" "Reminds me of" on the film page (issue 14): linked films both ways with their notes,
each opening its page; linking by typing part of a title (same-titled films told apart by
year and director); changing a note; removing a link with Undo; and undoing the delete of
several linked films, which brings the links between them back."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.gui.test_film_page import follow
from tests.gui.test_main_window import when_modal
from watchjournal.journal import FilmFields, JournalService
from watchjournal.ui.common.tasks import TaskRunner
from watchjournal.ui.film.detail import FilmDetailPane
from watchjournal.ui.film.film_picker import TYPING_PAUSE_MS
from watchjournal.ui.film.links_section import PICK_A_FILM, LinksSection

KATE = ("Kate", 2021, "Cedric Nicolas-Troyan")
KILL_BILL = ("Kill Bill: Vol. 1", 2003, "Quentin Tarantino")
BALLERINAS = (("Ballerina", 2023, "Lee Chung-hyun"), ("Ballerina", 2025, "Len Wiseman"))


def add(service: JournalService, title: str, year: int, director: str) -> int:
    return service.add_film(FilmFields(title, year=year, directors=(director,))).id


def section(window: Any) -> LinksSection:
    assert window.detail.links is not None
    return window.detail.links  # type: ignore[no-any-return]


def type_and_pick(qtbot: QtBot, links: LinksSection, typed: str, label: str) -> None:
    """Type part of a title, wait for the suggestions, choose ``label`` from the popup."""
    picker = links.picker
    picker.setFocus()
    with qtbot.waitSignal(picker.suggestions_shown, timeout=5000):
        qtbot.keyClicks(picker, typed)
    popup = picker.completions.popup()
    row = picker.suggestions().index(label)
    popup.setCurrentIndex(picker.completions.completionModel().index(row, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.text() == label and picker.chosen_id() is not None
    qtbot.waitUntil(links.note_edit.hasFocus)  # Enter chose the film; the note comes next


def test_links_show_on_both_pages_and_open_the_other_film(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    kate, kill_bill = add(service, *KATE), add(service, *KILL_BILL)
    service.link_films(kill_bill, kate, "same one-woman-army energy")
    window = make_window()
    window.library.select_film(kate)
    (row,) = section(window).rows
    assert row.title.link_texts() == ["Kill Bill: Vol. 1 (2003, Quentin Tarantino)"]
    assert row.note.text() == "same one-woman-army energy"
    follow(qtbot, row.title, "Kill Bill: Vol. 1 (2003, Quentin Tarantino)")
    assert window.detail.film.id == kill_bill
    assert window.library.current_film_id() == kill_bill  # chosen in the list too
    (row,) = section(window).rows
    assert row.title.link_texts() == ["Kate (2021, Cedric Nicolas-Troyan)"]  # the other way


def test_link_a_film_by_typing_part_of_its_title(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    kate = add(service, *KATE)
    first, second = (add(service, *b) for b in BALLERINAS)
    window = make_window()
    window.library.select_film(kate)
    links = section(window)
    links.picker.setFocus()
    with qtbot.waitSignal(links.picker.suggestions_shown, timeout=5000):
        qtbot.keyClicks(links.picker, "kat")
    assert links.picker.suggestions() == []  # the film itself is never suggested
    links.picker.clear()
    type_and_pick(qtbot, links, "baller", "Ballerina (2025, Len Wiseman)")
    assert sorted(links.picker.suggestions()) == [  # best match first; both told apart
        "Ballerina (2023, Lee Chung-hyun)",
        "Ballerina (2025, Len Wiseman)",
    ]
    window.runner.wait(2000)
    assert service.links_of(kate) == []  # choosing is not linking
    qtbot.keyClicks(links.note_edit, "guns and ballet")
    qtbot.keyClick(links.note_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: [lk.other.id for lk in service.links_of(kate)] == [second])
    assert service.links_of(kate)[0].note == "guns and ballet"
    qtbot.waitUntil(lambda: [r.link.other.id for r in section(window).rows] == [second])
    assert "Linked to Ballerina (2025)" in window.statusBar().currentMessage()
    links = section(window)
    assert links.picker.text() == "" and second in links.picker.exclude
    assert first not in links.picker.exclude


def test_linking_needs_a_film_from_the_suggestions(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    kate = add(service, *KATE)
    add(service, *KILL_BILL)
    window = make_window()
    window.library.select_film(kate)
    links = section(window)
    qtbot.keyClicks(links.picker, "Kill Bill, probably")
    qtbot.keyClick(links.picker, Qt.Key.Key_Return)
    assert links.message.text() == PICK_A_FILM and not links.message.isHidden()
    window.runner.wait(2000)
    assert service.links_of(kate) == []


def test_change_a_note_in_place(qtbot: QtBot, make_window: Any, service: JournalService) -> None:
    kate, kill_bill = add(service, *KATE), add(service, *KILL_BILL)
    service.link_films(kate, kill_bill)
    window = make_window()
    window.library.select_film(kate)
    (row,) = section(window).rows
    qtbot.waitUntil(row.isVisible)
    qtbot.mouseClick(row.edit_button, Qt.MouseButton.LeftButton)
    assert row.note_edit.hasFocus()
    qtbot.keyClicks(row.note_edit, "swords")
    qtbot.keyClick(row.note_edit, Qt.Key.Key_Escape)  # cancelled: nothing written
    assert row.note_edit.isHidden()
    qtbot.mouseClick(row.edit_button, Qt.MouseButton.LeftButton)
    assert row.note_edit.text() == ""
    qtbot.keyClicks(row.note_edit, "revenge, with swords")
    qtbot.keyClick(row.note_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: service.links_of(kate)[0].note == "revenge, with swords")
    qtbot.waitUntil(lambda: section(window).rows[0].note.text() == "revenge, with swords")


def test_remove_a_link_and_undo(qtbot: QtBot, make_window: Any, service: JournalService) -> None:
    kate, kill_bill = add(service, *KATE), add(service, *KILL_BILL)
    service.link_films(kate, kill_bill, "swords")
    window = make_window()
    window.library.select_film(kate)
    assert not window.acts.undo.isEnabled()
    (row,) = section(window).rows
    qtbot.waitUntil(row.isVisible)
    qtbot.mouseClick(row.remove_button, Qt.MouseButton.LeftButton)  # no question asked
    qtbot.waitUntil(lambda: service.links_of(kate) == [])
    qtbot.waitUntil(lambda: section(window).rows == [])
    notice = window.editing.undo_notice  # the status bar's "… — Undo" line
    qtbot.waitUntil(notice.isVisible)
    assert "Removed the link to Kill Bill: Vol. 1 (2003)" in notice.text()
    assert window.acts.undo.isEnabled()
    window.acts.undo.trigger()
    qtbot.waitUntil(lambda: [lk.note for lk in service.links_of(kate)] == ["swords"])
    qtbot.waitUntil(lambda: len(section(window).rows) == 1)
    assert not window.acts.undo.isEnabled()


def test_undoing_a_delete_of_linked_films_brings_their_links_back(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    kate, kill_bill = add(service, *KATE), add(service, *KILL_BILL)
    kept = add(service, "John Wick", 2014, "Chad Stahelski")
    service.link_films(kate, kill_bill, "one-woman army")
    service.link_films(kill_bill, kept, "a dog, a grudge")
    window = make_window()
    view = window.library.films_view
    view.selectAll()
    view.selectionModel().select(
        window.library.films_model.index(window.library.films_model.row_of_film(kept), 0),
        view.selectionModel().SelectionFlag.Deselect | view.selectionModel().SelectionFlag.Rows,
    )
    assert sorted(window.library.selected_film_ids()) == sorted([kate, kill_bill])
    when_modal(
        qtbot,
        QMessageBox,
        lambda box: next(b for b in box.buttons() if b.text() == "Delete").click(),
    )
    window.acts.delete_film.trigger()
    qtbot.waitUntil(lambda: service.count_films() == 1, timeout=5000)
    qtbot.waitUntil(window.acts.undo.isEnabled)
    window.acts.undo.trigger()
    qtbot.waitUntil(lambda: service.count_films() == 3, timeout=5000)
    links = {(lk.other.id, lk.note) for lk in service.links_of(kill_bill)}
    assert links == {(kate, "one-woman army"), (kept, "a dog, a grudge")}


def test_suggestions_arriving_after_the_page_closed_are_dropped(
    qtbot: QtBot, service: JournalService
) -> None:
    kate = add(service, *KATE)
    add(service, *KILL_BILL)
    runner = TaskRunner()  # outlives the page, as the window's does while it closes
    pane = FilmDetailPane(None, service=service, runner=runner)
    pane.show_film(service.get_film(kate))
    with qtbot.waitExposed(pane):
        pane.show()
    assert pane.links is not None
    picker = pane.links.picker
    # The look-up starts (typing paused); the page goes away before its answer comes.
    picker.lookup_started.connect(lambda: QTimer.singleShot(0, lambda: shiboken6.delete(pane)))
    qtbot.keyClicks(picker, "kill")
    qtbot.waitUntil(lambda: not shiboken6.isValid(pane))
    assert runner.wait(5000)
    qtbot.wait(50)  # the answer is delivered: to a page that is gone, without an error


def test_no_look_up_starts_once_the_window_is_closing(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    kate = add(service, *KATE)
    add(service, *KILL_BILL)
    window = make_window()
    window.library.select_film(kate)
    picker = section(window).picker
    started: list[str] = []
    picker.lookup_started.connect(lambda: started.append(picker.text()))
    picker.setFocus()
    qtbot.keyClicks(picker, "kill")
    window.hide()  # closing: typing had not paused long enough for a look-up yet
    qtbot.wait(3 * TYPING_PAUSE_MS)
    assert started == []  # nothing reads for a page that is going away
