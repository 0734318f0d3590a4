"""Dates and numbers in the UI follow the user's locale (QLocale), never strftime.

The same values under en_US and de_DE: day and month order, month names,
digit grouping and the decimal comma all come from the locale.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QLocale, QTime
from pytestqt.qtbot import QtBot

from watchjournal.ui.common.formatting import (
    count_text,
    day_text,
    decimal_text,
    month_text,
    names_text,
    stamp_text,
    stamp_time_text,
)
from watchjournal.ui.common.rating_display import (
    RatingDisplay,
    describe_rating,
    format_rating,
    star_count_text,
)
from watchjournal.ui.review.rating import RatingSlider

US = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
DE = QLocale(QLocale.Language.German, QLocale.Country.Germany)


@pytest.mark.parametrize(
    ("locale", "day", "month", "count", "decimal"),
    [
        (US, "Jun 1, 2025", "June 2025", "1,234,567", "6.4"),
        (DE, "1. Juni 2025", "Juni 2025", "1.234.567", "6,4"),
        (QLocale.c(), "1 Jun 2025", "June 2025", "1234567", "6.4"),
    ],
)
def test_dates_and_numbers_in_a_locale(
    locale: QLocale, day: str, month: str, count: str, decimal: str
) -> None:
    assert day_text(date(2025, 6, 1), locale) == day
    assert day_text(None, locale) == ""
    assert month_text("2025-06", locale) == month
    assert count_text(1_234_567, locale) == count
    assert decimal_text(6.4, 1, locale) == decimal
    assert format_rating(64, locale=locale) == decimal
    assert describe_rating(64, locale=locale) == f"{decimal} out of 10"


def test_the_ui_follows_the_default_locale(qtbot: QtBot) -> None:
    QLocale.setDefault(DE)  # the gui conftest puts the C locale back afterwards
    assert day_text(date(2024, 12, 24)) == "24. Dez. 2024"
    assert format_rating(95) == "9,5"
    assert describe_rating(66, as_stars=True) == "3,5 out of 5 stars"
    assert star_count_text(66) == "3,5 stars" and star_count_text(20) == "1 star"
    assert names_text(tuple(f"n{i}" for i in range(1003)), limit=2) == "n0, n1 +1.001"
    display = RatingDisplay()
    qtbot.addWidget(display)
    display.set_rating(72)
    assert display.accessibleName() == "Rating: 7,2 out of 10"
    slider = RatingSlider()
    qtbot.addWidget(slider)
    slider.set_rating_tenths(64)
    assert slider.accessibleDescription().startswith("6,4 out of 10.")


def test_stamps_are_shown_in_local_time() -> None:
    moment = datetime(2025, 6, 1, 12, 30, tzinfo=UTC)
    local = moment.astimezone()
    assert stamp_text(moment, DE) == day_text(local.date(), DE)
    time = DE.toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)
    assert stamp_time_text(moment, DE) == f"{day_text(local.date(), DE)}, {time}"
    assert stamp_time_text(moment, US).endswith(("AM", "PM", "\u202fAM", "\u202fPM"))
