"""The status bar says where you are: the journal, the count of the view, what just happened."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.ui.window.status import view_count_text


@pytest.mark.parametrize(
    ("view", "shown", "total", "more", "text"),
    [
        ("films", 12, 12, False, "12 films"),
        ("films", 1, 1, False, "1 film"),
        ("watchlist", 3, 12, False, "3 films on your watchlist"),
        ("watchlist", 1, 12, False, "1 film on your watchlist"),
        ("diary", 23, 12, False, "23 diary entries"),
        ("diary", 1, 12, False, "1 diary entry"),
        ("reviews", 8, 12, False, "8 reviews"),
        ("search", 12, 340, False, "12 of 340 films"),
        ("search", 200, 5000, True, "200+ of 5000 films"),
        ("search", 0, 0, False, "0 of 0 films"),
        ("films", 0, 0, False, "No films yet"),
    ],
)
def test_count_texts(view: str, shown: int, total: int, more: bool, text: str) -> None:
    assert view_count_text(view, shown, total, more=more) == text


@pytest.fixture
def filled(service: JournalService) -> JournalService:
    for title, year in (("Paterson", 2016), ("First Cow", 2019), ("Past Lives", 2023)):
        film = service.add_film(FilmFields(title, year=year))
        service.mark_watched(film.id, None)
    paterson = service.resolve_film("Paterson")
    service.mark_watched(paterson.id, None)  # a rewatch: 4 diary entries
    service.write_review(paterson.id, ReviewFields(rating_tenths=90, headline="poems"))
    service.add_to_watchlist(service.resolve_film("First Cow").id)
    return service


def count(window: Any) -> str:
    return str(window.status.count_label.text())


def test_the_count_follows_the_view(qtbot: QtBot, make_window: Any, filled: JournalService) -> None:
    window = make_window()
    assert window.library.current_name == "watchlist"
    assert count(window) == "1 film on your watchlist"
    for view, text in (
        ("films", "3 films"),
        ("diary", "4 diary entries"),
        ("reviews", "1 review"),
    ):
        window.show_view(view)
        assert count(window) == text
    window.search_field.setText("paterson")
    qtbot.waitUntil(lambda: count(window) == "1 of 3 films", timeout=5000)
    window.search_field.clear()
    qtbot.waitUntil(lambda: count(window) == "1 review", timeout=5000)


def test_the_journal_is_named(make_window: Any, filled: JournalService) -> None:
    window = make_window()
    assert filled.path is not None
    assert window.status.journal_label.text() == filled.path.name
    assert str(filled.path) in window.status.journal_label.toolTip()


def test_a_message_after_an_action(qtbot: QtBot, make_window: Any, filled: JournalService) -> None:
    window = make_window()
    window.show_view("films")
    window.library.select_film(filled.resolve_film("Paterson").id)
    window.acts.like.trigger()
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage() == "Liked Paterson (2016)", timeout=5000
    )
    window.acts.like.trigger()
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage() == "Unliked Paterson (2016)", timeout=5000
    )
    assert count(window) == "3 films"  # the message does not replace the count


def test_the_count_changes_with_the_journal(
    qtbot: QtBot, make_window: Any, filled: JournalService
) -> None:
    window = make_window()
    window.show_view("films")
    filled.add_film(FilmFields("Night Bus", year=2022))
    window.refresh()
    assert count(window) == "4 films"
