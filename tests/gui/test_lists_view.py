"""The Lists view driven like a user would: make, rank, edit and delete lists; add
films from the other views; reorder by keyboard and by drag and drop; Delete takes
a film off the list (never out of the journal); export for Letterboxd."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from watchjournal.journal import FilmFields, JournalService
from watchjournal.ui.lists.dialogs import AddToListDialog, ListDialog
from watchjournal.ui.lists.models import POSITION_COLUMN, film_ids_mime

TITLES = ("Kate", "Kill Bill", "John Wick", "Lady Snowblood")


def when_modal(qtbot: QtBot, kind: type, act: Callable[[Any], None]) -> None:
    """Run ``act`` on the next modal dialog of ``kind`` once it is open."""

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind):
            act(widget)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


@pytest.fixture
def films(service: JournalService) -> dict[str, int]:
    return {t: service.add_film(FilmFields(t, year=2000 + i)).id for i, t in enumerate(TITLES)}


@pytest.fixture
def revenge(service: JournalService, films: dict[str, int]) -> int:
    made = service.create_list("Revenge", "one-woman armies", ranked=True)
    service.add_films_to_list(made.id, [films["Kate"], films["Kill Bill"], films["John Wick"]])
    return made.id


def order(service: JournalService, list_id: int) -> list[str]:
    return [film.title for film in service.films_of_list(list_id).films]


def shown_titles(window: Any) -> list[str]:
    model = window.lists_view.entries_model
    return [str(model.index(r, 1).data()) for r in range(model.rowCount())]


def pick(view: Any, row: int) -> None:
    """Make a row of a list's films the current and only selected one, as a click does."""
    view.entries_view.selectionModel().setCurrentIndex(
        view.entries_model.index(row, 1),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def open_lists(qtbot: QtBot, window: Any) -> Any:
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.library.current_name == "lists"
    assert window.library.currentWidget() is window.lists_view
    return window.lists_view


def test_the_lists_view_shows_a_ranked_list_and_its_film_in_the_pane(
    qtbot: QtBot, make_window: Any, service: JournalService, revenge: int
) -> None:
    window = make_window()
    labels = [window.sidebar.item(r).text() for r in range(window.sidebar.count())]
    assert labels[-2:] == ["Lists", "Stats"]  # Stats (issue 16) comes after Lists
    view = open_lists(qtbot, window)
    assert view.name_label.text() == "Revenge"
    assert view.meta_label.text() == "3 films · ranked"
    assert view.description_label.text() == "one-woman armies"
    assert shown_titles(window) == ["Kate", "Kill Bill", "John Wick"]
    assert not view.entries_view.isColumnHidden(POSITION_COLUMN)
    assert view.entries_model.index(2, POSITION_COLUMN).data() == "3"
    # The first film is the window's current film, like in the other views.
    assert window.detail.film is not None and window.detail.film.title == "Kate"
    pick(view, 1)
    assert window.detail.film.title == "Kill Bill"
    assert window.library.selected_film_ids() == [service.resolve_film("Kill Bill").id]


def test_unticking_ranked_hides_the_numbers_and_keeps_the_order(
    qtbot: QtBot, make_window: Any, service: JournalService, revenge: int
) -> None:
    view = open_lists(qtbot, make_window())
    view.ranked_check.click()
    qtbot.waitUntil(lambda: not service.get_list(revenge).ranked)
    qtbot.waitUntil(lambda: view.entries_view.isColumnHidden(POSITION_COLUMN))
    assert view.meta_label.text() == "3 films"
    assert order(service, revenge) == ["Kate", "Kill Bill", "John Wick"]


def test_make_a_list_through_the_dialog(
    qtbot: QtBot, make_window: Any, service: JournalService, films: dict[str, int]
) -> None:
    view = open_lists(qtbot, make_window())
    assert view.hint_label.isVisible() and "no lists yet" in view.hint_label.text()

    def fill(dialog: ListDialog) -> None:
        assert not dialog.ok_button.isEnabled()  # no name yet
        qtbot.keyClicks(dialog.name_edit, "<b>Top</b> films")
        dialog.description_edit.setPlainText("best first")
        dialog.ranked_check.setChecked(True)
        dialog.accept()

    when_modal(qtbot, ListDialog, fill)
    view.new_action.trigger()
    qtbot.waitUntil(lambda: view.current_list is not None)
    (made,) = service.lists()
    assert (made.name, made.description, made.ranked) == ("<b>Top</b> films", "best first", True)
    # User text is plain text: the tags show as typed.
    assert view.name_label.textFormat() == Qt.TextFormat.PlainText
    assert view.name_label.text() == "<b>Top</b> films"
    assert "No films on this list yet" in view.hint_label.text()
    assert not view.entries_view.isVisible()


def test_add_to_list_from_the_films_view_keeps_that_views_film_in_the_pane(
    qtbot: QtBot, make_window: Any, service: JournalService, films: dict[str, int], revenge: int
) -> None:
    window = make_window()
    window.show_view("films")
    view = window.library.films_view
    model = window.library.films_model
    for title in ("Lady Snowblood", "Kate"):
        view.selectionModel().select(
            model.index(model.row_of_film(films[title]), 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    view.setCurrentIndex(model.index(model.row_of_film(films["Lady Snowblood"]), 0))
    view.selectionModel().select(
        model.index(model.row_of_film(films["Kate"]), 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert sorted(window.library.selected_film_ids()) == sorted(
        [films["Kate"], films["Lady Snowblood"]]
    )
    assert window.acts.add_to_list.isEnabled()
    # It is on the films' context menu too.
    assert window.acts.add_to_list in view.actions()

    def choose(dialog: AddToListDialog) -> None:
        assert "Revenge" in dialog.list_widget.item(0).text()
        qtbot.keyClicks(dialog.filter_edit, "reven")
        qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)

    when_modal(qtbot, AddToListDialog, choose)
    qtbot.keyClick(
        view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: len(service.get_list(revenge).entries) == 4)
    assert order(service, revenge)[-1] == "Lady Snowblood"  # Kate was on it already
    qtbot.waitUntil(lambda: "Added 1 film to “Revenge”" in window.statusBar().currentMessage())
    assert window.detail.film is not None and window.detail.film.title == "Lady Snowblood"
    window.show_view("lists")
    assert shown_titles(window) == ["Kate", "Kill Bill", "John Wick", "Lady Snowblood"]


def test_add_to_a_new_list_from_the_dialog(
    qtbot: QtBot, make_window: Any, service: JournalService, films: dict[str, int]
) -> None:
    window = make_window()
    window.show_view("films")
    window.library.select_film(films["John Wick"])

    def make_new(dialog: AddToListDialog) -> None:
        assert not dialog.ok_button.isEnabled()  # no lists to choose from

        def name_it(new: ListDialog) -> None:
            assert new.name_edit.text() == "Action"  # what was typed to find a list
            new.accept()

        qtbot.keyClicks(dialog.filter_edit, "Action")
        when_modal(qtbot, ListDialog, name_it)
        dialog.new_button.click()

    when_modal(qtbot, AddToListDialog, make_new)
    window.acts.add_to_list.trigger()
    qtbot.waitUntil(lambda: bool(service.lists()) and bool(service.lists()[0].entries))
    (made,) = service.lists()
    assert made.name == "Action" and made.film_ids == (films["John Wick"],)


def test_reorder_with_ctrl_up_and_down(
    qtbot: QtBot, make_window: Any, service: JournalService, revenge: int
) -> None:
    view = open_lists(qtbot, make_window())
    view.entries_view.setFocus()
    pick(view, 0)
    qtbot.keyClick(view.entries_view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: order(service, revenge) == ["Kill Bill", "Kate", "John Wick"])
    qtbot.waitUntil(lambda: shown_titles(view.window()) == ["Kill Bill", "Kate", "John Wick"])
    # The moved film stays the current one, so the keys can be pressed again.
    assert view.current_film_id() == service.resolve_film("Kate").id
    qtbot.keyClick(view.entries_view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: order(service, revenge) == ["Kill Bill", "John Wick", "Kate"])
    # Down at the bottom does nothing; quick presses add up, each from where the film is.
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Up):
        qtbot.keyClick(view.entries_view, key, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: order(service, revenge) == ["Kate", "Kill Bill", "John Wick"])
    qtbot.waitUntil(lambda: shown_titles(view.window()) == ["Kate", "Kill Bill", "John Wick"])


def test_drag_and_drop_reorders_and_drops_onto_another_list_add(
    qtbot: QtBot, make_window: Any, service: JournalService, revenge: int, films: dict[str, int]
) -> None:
    other = service.create_list("Another").id
    view = open_lists(qtbot, make_window())
    view.show_list(revenge)
    model = view.entries_model
    # What the view hands the model when John Wick is dropped above Kate.
    dragged = model.mimeData([model.index(2, 1)])
    assert not model.dropMimeData(dragged, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    qtbot.waitUntil(lambda: order(service, revenge) == ["John Wick", "Kate", "Kill Bill"])
    qtbot.waitUntil(lambda: shown_titles(view.window()) == ["John Wick", "Kate", "Kill Bill"])
    # A film from elsewhere dropped between two films is added there.
    outside = film_ids_mime([films["Lady Snowblood"]])
    model.dropMimeData(outside, Qt.DropAction.CopyAction, 1, 0, QModelIndex())
    now = ["John Wick", "Lady Snowblood", "Kate", "Kill Bill"]
    qtbot.waitUntil(lambda: shown_titles(view.window()) == now)
    assert order(service, revenge) == now
    # Dropped onto another list in the lists pane: added to it, kept on this one.
    target = view.lists_model.index(view.lists_model.row_of(other), 0)
    both = model.mimeData([model.index(0, 1), model.index(2, 1)])
    assert view.lists_model.canDropMimeData(both, Qt.DropAction.MoveAction, -1, -1, target)
    view.lists_model.dropMimeData(both, Qt.DropAction.MoveAction, -1, -1, target)
    qtbot.waitUntil(lambda: order(service, other) == ["John Wick", "Kate"])
    assert len(service.get_list(revenge).entries) == 4


def test_delete_takes_the_film_off_the_list_not_out_of_the_journal(
    qtbot: QtBot, make_window: Any, service: JournalService, revenge: int
) -> None:
    window = make_window()
    view = open_lists(qtbot, window)
    view.entries_view.setFocus()
    pick(view, 1)
    qtbot.keyClick(view.entries_view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: order(service, revenge) == ["Kate", "John Wick"])
    assert service.resolve_film("Kill Bill").title == "Kill Bill"
    assert len(service.list_films()) == len(TITLES)
    qtbot.waitUntil(lambda: shown_titles(window) == ["Kate", "John Wick"])


def test_edit_list_and_a_taken_name_is_refused_with_a_message(
    qtbot: QtBot, make_window: Any, service: JournalService, revenge: int
) -> None:
    service.create_list("Taken")
    view = open_lists(qtbot, make_window())
    view.show_list(revenge)
    messages: list[str] = []

    def rename(dialog: ListDialog, name: str) -> None:
        assert dialog.name_edit.text() == "Revenge" and dialog.ranked_check.isChecked()
        dialog.name_edit.setText(name)
        dialog.description_edit.setPlainText("new words")
        dialog.accept()

    def answer(box: QMessageBox) -> None:
        messages.append(box.text())
        box.accept()

    when_modal(qtbot, ListDialog, lambda d: rename(d, "taken"))
    when_modal(qtbot, QMessageBox, answer)
    view.edit_action.trigger()
    qtbot.waitUntil(lambda: bool(messages))
    assert messages == ['there is already a list called "Taken"']
    unchanged = service.get_list(revenge)  # one change: the new description did not land
    assert (unchanged.name, unchanged.description) == ("Revenge", "one-woman armies")
    when_modal(qtbot, ListDialog, lambda d: rename(d, "Vengeance"))
    view.edit_action.trigger()
    qtbot.waitUntil(lambda: service.get_list(revenge).name == "Vengeance")
    edited = service.get_list(revenge)
    assert (edited.description, edited.ranked) == ("new words", True)
    qtbot.waitUntil(lambda: view.name_label.text() == "Vengeance")


def test_delete_list_asks_first(
    qtbot: QtBot, make_window: Any, service: JournalService, revenge: int
) -> None:
    view = open_lists(qtbot, make_window())

    def press(label: str) -> Callable[[QMessageBox], None]:
        def act(box: QMessageBox) -> None:
            assert "Delete the list “Revenge” (3 films)?" in box.text()
            (button,) = [b for b in box.buttons() if b.text() == label]
            button.click()

        return act

    when_modal(qtbot, QMessageBox, press("Cancel"))
    view.delete_action.trigger()
    assert [x.name for x in service.lists()] == ["Revenge"]
    when_modal(qtbot, QMessageBox, press("Delete List"))
    view.delete_action.trigger()
    qtbot.waitUntil(lambda: service.lists() == [])
    qtbot.waitUntil(lambda: view.current_list is None)
    assert len(service.list_films()) == len(TITLES)


def test_export_for_letterboxd(
    qtbot: QtBot,
    make_window: Any,
    revenge: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window()
    view = open_lists(qtbot, window)
    target = tmp_path / "revenge.csv"
    asked: list[str] = []

    def save_name(_parent: Any, _title: str, name: str, _filter: str) -> tuple[str, str]:
        asked.append(name)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    view.export_action.trigger()
    qtbot.waitUntil(target.exists)
    assert asked == ["Revenge.csv"]
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Letterboxd list export v7"
    assert lines[-3:] == ["1,Kate,2000,,", "2,Kill Bill,2001,,", "3,John Wick,2002,,"]
    qtbot.waitUntil(lambda: "Exported 3 films" in window.statusBar().currentMessage())


def test_the_lists_narrow_to_above_the_films(qtbot: QtBot, make_window: Any, revenge: int) -> None:
    window = make_window()
    view = open_lists(qtbot, window)
    window.resize(800, 600)
    window.splitter.setSizes([150, 330, 320])
    qtbot.waitUntil(lambda: view.splitter.orientation() == Qt.Orientation.Vertical)
    window.resize(1900, 1000)
    window.splitter.setSizes([150, 900, 850])
    qtbot.waitUntil(lambda: view.splitter.orientation() == Qt.Orientation.Horizontal)
