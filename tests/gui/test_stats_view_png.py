"""The year in review's PNG: drawn by Qt from the same review, a poster in it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from tests.unit.stats_fixture import sample_stats
from tests.unit.test_year_review import PNG_1PX
from watchjournal.interchange.year_review import (
    ReviewFilm,
    YearReview,
    hours_text,
    year_review_html,
)
from watchjournal.ui.stats.review_png import (
    ACCENT,
    BG,
    WIDTH,
    render_year_review,
    save_year_review_png,
)


def test_the_png_is_the_review_drawn_with_its_bars(qtbot: QtBot, tmp_path: Path) -> None:
    review = YearReview(sample_stats(), (ReviewFilm(7, "Ballerina", 2023, 9.0, PNG_1PX),))
    target = tmp_path / "2025.png"
    save_year_review_png(review, target)
    image = QImage(str(target))
    assert image.width() == WIDTH and image.height() > 1000
    accent = QColor(ACCENT).rgb()
    hits = sum(image.pixel(x, y) == accent for x in range(0, WIDTH, 4) for y in range(300, 700, 4))
    assert hits > 100  # the month bars are there


def test_a_year_with_no_viewings_still_draws(qtbot: QtBot, tmp_path: Path) -> None:
    stats = sample_stats()
    empty = replace(stats, by_month=dict.fromkeys(stats.by_month, 0), by_day={})
    target = tmp_path / "empty.png"
    save_year_review_png(YearReview(empty), target)
    assert not QImage(str(target)).isNull()


def _last_drawn_row(image: QImage) -> int:
    background = QColor(BG).rgb()
    for y in range(image.height() - 1, -1, -1):
        if any(image.pixel(x, y) != background for x in range(0, WIDTH, 3)):
            return y
    return -1


def test_the_picture_is_as_tall_as_what_it_shows(qtbot: QtBot) -> None:
    full = render_year_review(
        YearReview(sample_stats(), (ReviewFilm(7, "Ballerina", 2023, 9.0, PNG_1PX),))
    )
    stats = sample_stats()
    bare = replace(stats, directors=(), cast=(), genres=(), countries=(), decades=())
    short = render_year_review(YearReview(bare))
    assert short.height() < full.height() - 300  # no posters, no tops: no empty space
    for image in (full, short):  # the footer is the last thing, a margin under it
        assert image.height() - _last_drawn_row(image) < 100


def test_hours_say_unknown_rather_than_zero_without_runtimes() -> None:
    stats = sample_stats()
    unknown = replace(stats, minutes=0, viewings_without_runtime=stats.viewings.value)
    assert hours_text(unknown) == "–"
    assert hours_text(replace(stats, minutes=150, viewings_without_runtime=0)) == "2"
    assert "<b>–</b><span>hours watched</span>" in year_review_html(YearReview(unknown))
