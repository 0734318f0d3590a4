"""The search results list hides spoiler review text until the user asks, per result.

A click on the "Spoiler: click to show" line, Space on the result, or the
result's Show Spoiler action reveals it; a click on the title line only selects.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.ui.common.tasks import TaskRunner
from watchjournal.ui.window.search_results import SPOILER_HIDDEN_ROLE, SearchPanel

SECRET = "the butler was a ghost all along"


@pytest.fixture
def panel(qtbot: QtBot, service: JournalService) -> Iterator[SearchPanel]:
    for title, body, spoilers in (
        ("The Manor", f"Twist: {SECRET}.", True),
        ("The Lodge", "Another ghost who was dead all along.", True),
        ("Ghost Dog", "A samurai ghost story.", False),
    ):
        film = service.add_film(FilmFields(title, year=2001))
        service.write_review(film.id, ReviewFields(body=body, spoilers=spoilers))
    search = SearchPanel(service, TaskRunner())
    qtbot.addWidget(search)
    search.resize(600, 400)
    search.show()
    qtbot.waitExposed(search)
    search.search("ghost")
    qtbot.waitUntil(lambda: search.model.rowCount() == 3, timeout=10_000)
    yield search


def row_of(panel: SearchPanel, title: str) -> int:
    return next(i for i, hit in enumerate(panel.model.hits) if hit.film.title == title)


def html(panel: SearchPanel, row: int) -> str:
    return str(panel.model.index(row, 0).data(Qt.ItemDataRole.UserRole))


def shown_text(panel: SearchPanel, row: int) -> str:
    return str(panel.model.index(row, 0).data(Qt.ItemDataRole.DisplayRole))


def hidden(panel: SearchPanel, row: int) -> bool:
    return bool(panel.model.index(row, 0).data(SPOILER_HIDDEN_ROLE))


def test_spoiler_snippets_are_hidden_and_plain_ones_shown(panel: SearchPanel) -> None:
    for title in ("The Manor", "The Lodge"):
        row = row_of(panel, title)
        assert hidden(panel, row)
        assert "Spoiler: click to show" in html(panel, row)
        assert "butler" not in html(panel, row) and "dead" not in html(panel, row)
        assert "butler" not in shown_text(panel, row) and "spoilers" in shown_text(panel, row)
    plain = row_of(panel, "Ghost Dog")
    assert not hidden(panel, plain)
    assert "samurai <b>ghost</b> story" in html(panel, plain)


def test_space_reveals_only_the_current_result(qtbot: QtBot, panel: SearchPanel) -> None:
    manor, lodge = row_of(panel, "The Manor"), row_of(panel, "The Lodge")
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(manor, 0))
    qtbot.keyClick(panel.view, Qt.Key.Key_Space)
    assert not hidden(panel, manor)
    assert "butler was a <b>ghost</b> all along" in html(panel, manor)
    assert hidden(panel, lodge)  # per result
    panel.search("ghost")  # a new search hides everything again
    qtbot.waitUntil(lambda: hidden(panel, row_of(panel, "The Manor")), timeout=10_000)


def test_clicking_the_spoiler_line_reveals_it_and_the_title_only_selects(
    qtbot: QtBot, panel: SearchPanel
) -> None:
    row = row_of(panel, "The Lodge")
    panel.view.doItemsLayout()  # rows are laid out lazily: measure the final ones
    rect = panel.view.visualRect(panel.model.index(row, 0))
    title_line = QPoint(rect.left() + 20, rect.top() + rect.height() // 4)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=title_line)
    assert panel.view.currentIndex().row() == row
    assert hidden(panel, row)
    spoiler_line = QPoint(rect.left() + 40, rect.top() + rect.height() * 3 // 4)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=spoiler_line)
    assert not hidden(panel, row)
    assert "dead all along" in html(panel, row)


def test_show_spoiler_action_follows_the_current_result(qtbot: QtBot, panel: SearchPanel) -> None:
    action = panel.show_spoiler_action
    assert action in panel.view.actions()  # in the result's context menu
    panel.view.setCurrentIndex(panel.model.index(row_of(panel, "Ghost Dog"), 0))
    assert not action.isEnabled()
    manor = row_of(panel, "The Manor")
    panel.view.setCurrentIndex(panel.model.index(manor, 0))
    assert action.isEnabled()
    action.trigger()
    assert not hidden(panel, manor) and not action.isEnabled()


@pytest.mark.parametrize("title", ["The Manor", "The Lodge", "Ghost Dog"])
def test_enter_still_opens_the_film(qtbot: QtBot, panel: SearchPanel, title: str) -> None:
    row = row_of(panel, title)
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(row, 0))
    with qtbot.waitSignal(panel.film_activated, timeout=5_000) as opened:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert opened.args == [panel.model.hits[row].film.id]
    assert hidden(panel, row) is (title != "Ghost Dog")
