"""Text for dates, numbers and counts in the UI, in the user's locale (QLocale).

Every date, time, count and decimal the app shows goes through here (ratings
through ``rating_display``), so the whole UI follows one locale: "Jun 1, 2025"
and "1,234" in en_US, "1. Juni 2025" and "1.234" and "6,4" in de_DE. No
strftime: its codes differ between C libraries (glibc's no-padding day code
raises on Windows) and it follows the C library's locale, not Qt's. The
command line and JSON use ISO dates and plain numbers instead (see
``watchjournal.cli.output``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from PySide6.QtCore import QDate, QLocale, QTime

from watchjournal.ui.common.rating_display import format_rating as rating_text

__all__ = [
    "count_text",
    "date_edit_format",
    "day_text",
    "decimal_text",
    "month_text",
    "names_text",
    "rating_text",
    "stamp_text",
    "stamp_time_text",
]

_WEEKDAY_RE = re.compile(r"\s*,?\s*d{3,4}\s*,?\s*")  # "dddd, " in "dddd, d. MMMM yyyy"
_LONG_MONTH_RE = re.compile(r"(?<!M)MMMM(?!M)")


@lru_cache(maxsize=8)
def _medium_format(locale_name: str) -> str:
    """The locale's long date format without the weekday and with short month names.

    en_US "dddd, MMMM d, yyyy" gives "MMM d, yyyy"; de_DE "dddd, d. MMMM yyyy"
    gives "d. MMM yyyy". A format that loses its day, month or year that way
    falls back to the locale's short format.
    """
    locale = QLocale(locale_name)
    long_format = locale.dateFormat(QLocale.FormatType.LongFormat)
    medium = _LONG_MONTH_RE.sub("MMM", _WEEKDAY_RE.sub(" ", long_format)).strip(" ,")
    if all(token in medium for token in ("d", "M", "y")):
        return medium
    return locale.dateFormat(QLocale.FormatType.ShortFormat)


def _locale(locale: QLocale | None) -> QLocale:
    return QLocale() if locale is None else locale


def day_text(day: date | None, locale: QLocale | None = None) -> str:
    """A day in the locale's medium form ("Jun 1, 2025"); empty for no day."""
    if day is None:
        return ""
    locale = _locale(locale)
    return locale.toString(QDate(day.year, day.month, day.day), _medium_format(locale.name()))


def date_edit_format(locale: QLocale | None = None) -> str:
    """The format ``day_text`` writes a day in, for a date field (QDateEdit) to match."""
    return _medium_format(_locale(locale).name())


def stamp_text(stamp: datetime, locale: QLocale | None = None) -> str:
    """The local day of a moment (aware, or naive meaning local time)."""
    return day_text(stamp.astimezone().date(), locale)


def stamp_time_text(stamp: datetime, locale: QLocale | None = None) -> str:
    """The local day and time of a moment: "Jun 1, 2025, 9:05 PM"."""
    local = stamp.astimezone()
    locale = _locale(locale)
    time = locale.toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)
    return f"{day_text(local.date(), locale)}, {time}"


def month_text(month: str, locale: QLocale | None = None) -> str:
    """A diary month ("2025-06") as "June 2025", the month named as it stands alone."""
    year, number = (int(part) for part in month.split("-"))
    return f"{_locale(locale).standaloneMonthName(number)} {year}"


def count_text(count: int, locale: QLocale | None = None) -> str:
    """A count with the locale's digit grouping: "1,234" (en_US), "1.234" (de_DE)."""
    return _locale(locale).toString(count)


def decimal_text(value: float, decimals: int = 1, locale: QLocale | None = None) -> str:
    """A number shown (never parsed back) with the locale's decimal separator: "6,4"."""
    return _locale(locale).toString(float(value), "f", decimals)


def names_text(names: tuple[str, ...], limit: int = 3) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" +{count_text(len(names) - limit)}" if len(names) > limit else "")
