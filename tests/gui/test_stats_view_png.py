"""The year in review's PNG: drawn by Qt from the same review, a poster in it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from tests.unit.stats_fixture import sample_stats
from tests.unit.test_year_review import PNG_1PX
from watchjournal.interchange.year_review import ReviewFilm, YearReview
from watchjournal.ui.stats.review_png import ACCENT, WIDTH, save_year_review_png


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
