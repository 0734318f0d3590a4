"""The Stats view in the window at 800x600: it fits (no sideways scrolling, no caption
cut), the labels under the bars never overlap, and the film pane gives the charts its
room until a film behind a number is picked."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from watchjournal.journal import FilmFields, JournalService, ReviewFields


def _diary(service: JournalService) -> None:
    """Five years of viewings, so that all time has sixty months of bars."""
    for number in range(30):
        film = service.add_film(
            FilmFields(
                f"Film {number}",
                year=1950 + number * 2,
                directors=(f"Director {number % 4}",),
                countries=("South Korea", "France")[number % 2 : number % 2 + 1],
                genres=("Drama",),
                runtime=100,
            )
        )
        service.mark_watched(film.id, date(2021, 1, 3) + timedelta(days=number * 61))
        service.write_review(film.id, ReviewFields(rating_tenths=50 + number))


@pytest.fixture(scope="module")
def diary_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five years of viewings, written once for the module (ninety writes)."""
    folder = tmp_path_factory.mktemp("stats-diary")
    service = JournalService.open(folder / "journal.sqlite", folder / "backups")
    _diary(service)
    service.close()
    return folder / "journal.sqlite"


@pytest.fixture
def journal_path(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """Each test's journal (the ``service`` opens it): for the tests of the
    ``stats_window``, a copy of the module's diary; for the others, a new one."""
    path = tmp_path / "journal.sqlite"
    if "stats_window" in request.fixturenames:
        shutil.copyfile(request.getfixturevalue("diary_journal"), path)
    return path


@pytest.fixture
def stats_window(qtbot: QtBot, make_window: Any, service: JournalService) -> Any:
    window = make_window()
    window.resize(800, 600)
    window.show_view("stats")
    view = window.stats_view
    qtbot.waitUntil(lambda: view.stats is not None)
    return window


def _settle(qtbot: QtBot, window: Any) -> None:
    qtbot.waitUntil(lambda: window.stats_view.stats is not None)
    qtbot.wait(50)  # layouts settle after the numbers arrive (no condition to wait on)


@pytest.mark.parametrize("mode", ["Year", "All time"])
def test_at_800x600_nothing_scrolls_sideways_and_no_label_is_cut(
    qtbot: QtBot, stats_window: Any, mode: str
) -> None:
    view = stats_window.stats_view
    view.stats = None
    view.mode.setCurrentText(mode)
    view.reload()
    _settle(qtbot, stats_window)
    scroll = view.page_scroll
    assert not scroll.horizontalScrollBar().isVisible()
    content = scroll.widget()
    assert content.minimumSizeHint().width() <= scroll.viewport().width()
    cut = [
        label.text()
        for label in content.findChildren(QLabel)
        if label.isVisible()
        and not label.wordWrap()
        and label.width() < label.fontMetrics().horizontalAdvance(label.text())
    ]
    assert cut == []


@pytest.mark.parametrize("mode", ["Year", "All time"])
def test_labels_under_the_bars_never_overlap(qtbot: QtBot, stats_window: Any, mode: str) -> None:
    view = stats_window.stats_view
    view.stats = None
    view.mode.setCurrentText(mode)
    view.reload()
    _settle(qtbot, stats_window)
    charts = [chart for chart in view.charts.values() if chart.isVisible()]
    assert len(charts) == (4 if mode == "Year" else 3)  # weeks: for a year
    for chart in charts:
        written = chart.written
        assert written, chart.accessibleName()
        metrics = chart.fontMetrics()
        for (left, text), (right, _next) in pairwise(written):
            assert (right - left) * chart.pixels_per_bar() >= metrics.horizontalAdvance(text)
    if mode == "All time":  # sixty months: the axis names the years, the tooltip the month
        month = view.charts["month"]
        years = [text for _, text in month.written]
        assert years[0] == "2021" and set(years) <= {"2021", "2022", "2023", "2024", "2025"}
        assert month.tooltip_at(0).startswith("Jan 2021: ")


def test_the_film_pane_waits_until_a_film_is_picked(qtbot: QtBot, stats_window: Any) -> None:
    view, pane = stats_window.stats_view, stats_window.right
    assert not pane.isVisible()  # the charts have the room
    view.total_buttons["films"].click()
    qtbot.waitUntil(lambda: view.films_list.count() > 0)
    qtbot.waitUntil(pane.isVisible)  # a film behind the number: its page
    stats_window.show_view("films")
    assert pane.isVisible()
    view.films_list.clear()
    stats_window.show_view("stats")
    assert not pane.isVisible()
    stats_window.show_view("diary")
    assert pane.isVisible()


def test_a_ranked_name_lists_its_own_films_of_the_period(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    """Two films called "Ballerina": a click on a director lists only hers/his, for the
    year shown, read from the journal when clicked."""
    korean = service.add_film(FilmFields("Ballerina", year=2023, directors=("Lee Chung-hyun",)))
    american = service.add_film(FilmFields("Ballerina", year=2025, directors=("Len Wiseman",)))
    service.mark_watched(korean.id, date(2025, 3, 1))
    service.mark_watched(american.id, date(2025, 6, 6))
    service.mark_watched(korean.id, date(2024, 2, 2))
    window = make_window()
    window.resize(1280, 800)
    window.show_view("stats")
    view = window.stats_view
    qtbot.waitUntil(lambda: view.stats is not None)
    assert view.stats.period.label == "2025"
    table = view.tables["directors"]
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "Len Wiseman")
    with qtbot.waitSignal(view.films_shown) as shown:
        table.cellClicked.emit(row, 0)
    assert shown.args == [(american.id,), "Len Wiseman"]
    qtbot.waitUntil(lambda: view.films_list.count() == 1)
    assert view.films_list.item(0).text() == "Ballerina (2025)"


def test_year_in_review_from_the_menu_writes_the_page_and_the_picture(
    qtbot: QtBot, stats_window: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """View ▸ Year in Review… (Ctrl+Shift+Y) from another view and another period:
    the Stats view comes up on its year and the review of that year is written."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "review.html"
    asked: list[str] = []

    def save_name(_parent: Any, _caption: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    view = stats_window.stats_view
    view.mode.setCurrentText("All time")
    stats_window.show_view("diary")
    stats_window.activateWindow()
    qtbot.keyClick(
        stats_window,
        Qt.Key.Key_Y,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert stats_window.library.currentWidget() is view
    assert view.mode.currentText() == "Year"
    year = int(view.year.currentText())
    assert asked and asked[0].endswith(f"{year}-in-review.html")
    qtbot.waitUntil(lambda: target.with_suffix(".png").exists(), timeout=20_000)
    assert str(year) in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("replace", [False, True])
def test_a_picture_beside_the_chosen_page_is_replaced_only_when_the_user_says(
    qtbot: QtBot, stats_window: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch, replace: bool
) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    target = tmp_path / "review.html"
    picture = target.with_suffix(".png")
    picture.write_bytes(b"my own picture")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a: (str(target), "")))
    asked: list[str] = []

    def answer(box: QMessageBox) -> int:
        asked.append(box.text())
        button = QMessageBox.StandardButton.Yes if replace else QMessageBox.StandardButton.No
        box.button(button).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    stats_window.stats_view.ask_year_in_review()
    assert asked == ["review.png already exists next to the page. Replace it?"]
    if replace:
        qtbot.waitUntil(lambda: picture.read_bytes().startswith(b"\x89PNG"), timeout=20_000)
        assert target.exists()
    else:
        assert picture.read_bytes() == b"my own picture" and not target.exists()
