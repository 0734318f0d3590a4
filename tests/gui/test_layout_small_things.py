"""The small things from issue 15: actions that need a film, fetching off, a search with no
results, the duplicate-title prompt, one word for a review's verdict, ratings in results."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.gui.test_main_window import when_modal
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.ui.film.dialog import FilmDialog


@pytest.fixture
def filled(service: JournalService) -> JournalService:
    paterson = service.add_film(FilmFields("Paterson", year=2016, directors=("Jim Jarmusch",)))
    service.write_review(paterson.id, ReviewFields(rating_tenths=90, headline="poems"))
    service.add_film(FilmFields("First Cow", year=2019))
    return service


def search(qtbot: QtBot, window: Any, text: str) -> None:
    window.search_field.setText(text)
    qtbot.waitUntil(lambda: window.search_panel.query == text, timeout=5000)
    qtbot.waitUntil(lambda: window.library.current_name == "search", timeout=5000)
    qtbot.wait(300)  # the search runs in the background


def test_fetch_actions_need_a_film(qtbot: QtBot, make_window: Any, filled: JournalService) -> None:
    window = make_window()
    window.show_view("films")
    assert window.acts.fetch_poster.isEnabled() and window.acts.refresh_details.isEnabled()
    search(qtbot, window, "zzzz")
    qtbot.waitUntil(lambda: window.search_panel.model.rowCount() == 0, timeout=5000)
    assert not window.acts.fetch_poster.isEnabled()
    assert not window.acts.refresh_details.isEnabled()


def test_a_search_with_no_results_clears_the_film_page(
    qtbot: QtBot, make_window: Any, filled: JournalService
) -> None:
    window = make_window()
    window.show_view("films")
    window.library.select_film(filled.resolve_film("Paterson").id)
    assert window.detail.film is not None
    search(qtbot, window, "zzzz")
    qtbot.waitUntil(lambda: window.detail.film is None, timeout=5000)
    assert "Nothing in your journal matches" in window.search_panel.message.text()


def test_with_fetching_off_only_the_dialog_speaks(
    qtbot: QtBot, make_window: Any, filled: JournalService
) -> None:
    window = make_window()
    assert window.online is not None and not window.online.config.network_enabled
    window.show_view("films")
    messages: list[str] = []
    told: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)

    def answer(box: QMessageBox) -> None:
        told.append(box.text())
        box.accept()

    when_modal(qtbot, QMessageBox, answer)
    window.acts.fetch_poster.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=5000)
    assert "turn it on" in told[0].lower() or "settings" in told[0].lower()
    assert not any("Fetching" in m for m in messages)


def test_the_duplicate_prompt_can_open_the_existing_film(
    qtbot: QtBot, make_window: Any, filled: JournalService
) -> None:
    window = make_window()
    window.show_view("films")
    window.library.select_film(filled.resolve_film("First Cow").id)
    buttons: list[str] = []

    def open_existing(box: QMessageBox) -> None:
        buttons.extend(b.text() for b in box.buttons())
        existing = next(b for b in box.buttons() if "Existing" in b.text())
        existing.click()

    def fill(dialog: FilmDialog) -> None:
        qtbot.keyClicks(dialog.title_edit, "Paterson")
        when_modal(qtbot, QMessageBox, open_existing)
        dialog.accept()

    when_modal(qtbot, FilmDialog, fill)
    window.acts.new_film.trigger()
    assert sorted(b.replace("&", "") for b in buttons) == [
        "Add Anyway",
        "Cancel",
        "Open the Existing Film",
    ]
    assert len(filled.list_films()) == 2  # nothing added
    paterson = filled.resolve_film("Paterson").id
    qtbot.waitUntil(lambda: window.detail.film is not None, timeout=5000)
    assert window.detail.film.id == paterson
    assert window.library.current_film_id() == paterson


def test_verdict_is_one_word_in_the_list_and_the_editor(
    make_window: Any, filled: JournalService
) -> None:
    window = make_window()
    model = window.library.reviews_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "Verdict" in headers and "Headline" not in headers
    assert window.editor.headline.accessibleName() == "Verdict"


def test_a_rating_only_search_shows_the_rating(
    qtbot: QtBot, make_window: Any, filled: JournalService
) -> None:
    window = make_window()
    search(qtbot, window, "rating:>=9")
    qtbot.waitUntil(lambda: window.search_panel.model.rowCount() == 1, timeout=5000)
    html = window.search_panel.model.index(0, 0).data(Qt.ItemDataRole.UserRole)
    assert "Paterson" in html and "9.0" in html
    window.preferences.ratings_as_stars = True
    html = window.search_panel.model.index(0, 0).data(Qt.ItemDataRole.UserRole)
    assert "★★★★½" in html
