"""The Stats view on hand-made statistics: totals, charts, tables, clicks, periods."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from tests.unit.stats_fixture import BALLERINA_2023, BALLERINA_2025, sample_stats
from watchjournal.journal.rows import DiaryMonth
from watchjournal.journal.stats_types import Stats, StatsPeriod
from watchjournal.ui.common.formatting import day_text
from watchjournal.ui.common.tasks import TaskRunner
from watchjournal.ui.stats.view import RANK_MIN_FILMS, TOP_ROWS, StatsView, ranked_rows
from watchjournal.ui.window.models import FILM_ID_ROLE


class _Row:
    def __init__(self, film_id: int, title: str, year: int | None) -> None:
        self.id, self.title, self.year = film_id, title, year


class FakeService:
    """Answers like JournalService.stats, and records what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[StatsPeriod, str | None]] = []
        self.names_asked: list[tuple[StatsPeriod, str | None, list[tuple[str, str]]]] = []

    def stats(self, period: StatsPeriod, query: str | None = None, *, min_films: int = 3) -> Stats:
        self.asked.append((period, query))
        assert min_films == RANK_MIN_FILMS
        return sample_stats(query)

    def stats_name_films(
        self, period: StatsPeriod, query: str | None, names: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[int, ...]]:
        self.names_asked.append((period, query, list(names)))
        films = {("directors", "Lee Chung-hyun"): (BALLERINA_2023, 30)}
        return {name: films.get(name, ()) for name in names}

    def diary_months(self) -> list[DiaryMonth]:
        return [DiaryMonth("2025-06", 3), DiaryMonth("2023-01", 1), DiaryMonth(None, 2)]

    def film_rows_by_ids(self, ids: Sequence[int]) -> list[_Row]:
        titles = {BALLERINA_2023: ("Ballerina", 2023), BALLERINA_2025: ("Ballerina", 2025)}
        return [_Row(i, *titles.get(i, (f"Film {i}", 2000))) for i in ids]


@pytest.fixture
def view(qtbot: QtBot) -> tuple[StatsView, FakeService]:
    service = FakeService()
    widget = StatsView(service, TaskRunner())  # type: ignore[arg-type]
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    widget.reload()
    qtbot.waitUntil(lambda: widget.stats is not None)
    return widget, service


def test_years_with_viewings_fill_the_picker_and_the_newest_is_asked(view: Any) -> None:
    widget, service = view
    assert [widget.year.itemText(i) for i in range(widget.year.count())] == ["2025", "2023"]
    assert service.asked[-1] == (StatsPeriod.year(2025), None)
    assert widget.heading.text() == "2025"


def test_totals_are_buttons_that_list_their_films(view: Any, qtbot: QtBot) -> None:
    widget, _service = view
    button = widget.total_buttons["rewatches"]
    assert (button.value_text(), button.caption.text()) == ("14", "rewatches")
    assert button.accessibleName() == "14 rewatches"
    with qtbot.waitSignal(widget.films_shown) as shown:
        button.click()
    assert shown.args[0] == sample_stats().rewatches.film_ids
    qtbot.waitUntil(lambda: widget.films_list.count() == 2)
    ids = [widget.films_list.item(i).data(FILM_ID_ROLE) for i in range(2)]
    assert ids == list(sample_stats().rewatches.film_ids)
    # A number with no films behind it cannot be clicked.
    assert not widget.total_buttons["streak"].isEnabled()


def test_charts_carry_the_exact_numbers_in_their_tooltips(view: Any) -> None:
    widget, _service = view
    stats = sample_stats()
    month = widget.charts["month"]
    assert month.tooltip_at(5) == f"Jun: {stats.by_month['2025-06']} viewings"
    ratings = widget.charts["ratings"]
    assert ratings.tooltip_at(0) == "3: 2 films"
    assert ratings.tooltip_at(len(stats.ratings) - 1) == "10: 1 film"
    assert widget.charts["weekday"].tooltip_at(6).startswith("Sun: ")


def test_heatmap_tells_the_day_under_the_mouse(view: Any) -> None:
    widget, _service = view
    heat = widget.heatmap
    rect = heat._rect(date(2025, 6, 14))
    day = heat.day_at(rect.center())
    assert day == date(2025, 6, 14)
    assert heat.tooltip_for(day) == f"{day_text(day)}: 4 viewings"
    assert heat.day_at(QPoint(1, 1)) is None


def test_tables_rank_by_films_or_by_rating_and_a_row_lists_its_films(
    view: Any, qtbot: QtBot
) -> None:
    widget, service = view
    directors = widget.tables["directors"]
    assert directors.item(0, 0).text() == "Jim Jarmusch"  # 3 films
    widget.rank_by.setCurrentIndex(1)
    assert directors.item(0, 0).text() == "Lee Chung-hyun"  # 8.5
    with qtbot.waitSignal(widget.films_shown) as shown:
        qtbot.mouseClick(
            directors.viewport(),
            Qt.MouseButton.LeftButton,
            pos=directors.visualItemRect(directors.item(0, 0)).center(),
        )
    assert shown.args == [(BALLERINA_2023, 30), "Lee Chung-hyun"]
    # The films of a name come from the service when clicked, for the period shown.
    assert service.names_asked == [
        (StatsPeriod.year(2025), None, [("directors", "Lee Chung-hyun")])
    ]
    qtbot.waitUntil(lambda: widget.films_list.count() == 2)
    assert widget.films_label.text() == "Lee Chung-hyun: 2 films"


def test_ranking_by_rating_is_the_services_and_needs_enough_films(view: Any) -> None:
    widget, _service = view
    stats = widget.stats
    assert stats is not None and stats.min_films == RANK_MIN_FILMS
    shown = ranked_rows(stats, "directors", by_rating=True)
    assert shown == list(stats.directors_by_rating[:TOP_ROWS])
    assert shown and all(r.films >= RANK_MIN_FILMS for r in shown)
    ratings = [r.average_rating or 0.0 for r in shown]
    assert ratings == sorted(ratings, reverse=True)


def test_the_period_picker_asks_for_the_chosen_period(view: Any, qtbot: QtBot) -> None:
    widget, service = view
    widget.mode.setCurrentText("Month")
    widget.month.setCurrentIndex(5)
    qtbot.waitUntil(lambda: (StatsPeriod.month(2025, 6), None) in service.asked)
    widget.mode.setCurrentText("All time")
    qtbot.waitUntil(lambda: (StatsPeriod(), None) in service.asked)
    assert not widget.review_button.isEnabled()
    widget.mode.setCurrentText("Year")
    widget.query.setText("-tag:private")
    widget.query.returnPressed.emit()
    qtbot.waitUntil(lambda: (StatsPeriod.year(2025), "-tag:private") in service.asked)


def test_user_text_is_shown_as_plain_text(qtbot: QtBot, view: Any) -> None:
    widget, _service = view
    widget.show_films((1,), "<b>bold</b>")
    assert widget.films_label.textFormat() == Qt.TextFormat.PlainText


def test_the_main_window_does_not_load_the_charting_library() -> None:
    code = (
        "import sys, watchjournal.ui.window.main_window\n"
        "print('pyqtgraph' in sys.modules, 'numpy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.split() == ["False", "False"]


def test_ctrl_5_shows_the_real_journals_stats_and_a_number_lists_its_films(
    qtbot: QtBot, make_window: Any, service: Any
) -> None:
    """The view in the window, over the real service: both "Ballerina" films counted
    apart, and the films total lists them (issue 16)."""
    from watchjournal.journal import FilmFields

    first = service.add_film(FilmFields("Ballerina", year=2023, directors=("Lee Chung-hyun",)))
    second = service.add_film(
        FilmFields("Ballerina", year=2025, directors=("Len Wiseman",)), allow_duplicate=True
    )
    for film, day in ((first.id, date(2025, 6, 1)), (second.id, date(2025, 6, 8))):
        service.mark_watched(film, day)
    service.mark_watched(first.id, date(2025, 7, 1))  # a rewatch
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.library.current_name == "stats"
    view = window.stats_view
    qtbot.waitUntil(lambda: view.stats is not None and view.stats.period.start.year == 2025)
    assert (view.stats.films.value, view.stats.viewings.value) == (2, 3)
    assert view.stats.rewatches.value == 1
    view.total_buttons["films"].click()
    qtbot.waitUntil(lambda: view.films_list.count() == 2)
    shown = {view.films_list.item(row).text() for row in range(view.films_list.count())}
    assert shown == {"Ballerina (2023)", "Ballerina (2025)"}
