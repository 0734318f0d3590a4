"""Text for dates, numbers and counts in the UI, in the user's locale (QLocale).

Every date, time, count and decimal the app shows goes through here (ratings
through ``rating_display``), so the whole UI follows one locale: "Jun 1, 2025"
and "1,234" in en_US, "1. Juni 2025" and "1.234" and "6,4" in de_DE. No
strftime: its codes differ between C libraries (glibc's no-padding day code
raises on Windows) and it follows the C library's locale, not Qt's. The
command line and JSON use ISO dates and plain numbers instead (see
``watchjournal.cli.output``).

How a day is written (the locale's medium, short or long form, or ISO) is a
display preference. Like ``QLocale.setDefault`` it holds for the whole
process: the window sets it from the user's preferences with
``set_date_style`` (every window shares one preferences file), so the many
models and panes that show days need not each be handed it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Literal

from PySide6.QtCore import QDate, QLocale, QTime

from watchjournal.ui.common.rating_display import format_rating as rating_text

__all__ = [
    "DATE_STYLES",
    "DateStyle",
    "count_text",
    "date_edit_format",
    "date_style",
    "day_text",
    "decimal_text",
    "month_text",
    "names_text",
    "rating_text",
    "set_date_style",
    "stamp_text",
    "stamp_time_text",
]

DateStyle = Literal["medium", "short", "long", "iso"]
DATE_STYLES: tuple[DateStyle, ...] = ("medium", "short", "long", "iso")
_style: list[DateStyle] = ["medium"]  # the process's one setting (see the module docstring)

_WEEKDAY_RE = re.compile(r"\s*,?\s*d{3,4}\s*,?\s*")  # "dddd, " in "dddd, d. MMMM yyyy"
_LONG_MONTH_RE = re.compile(r"(?<!M)MMMM(?!M)")


def set_date_style(style: DateStyle) -> None:
    """Write days in this style from now on (the window sets it from the preferences)."""
    _style[0] = style if style in DATE_STYLES else "medium"


def date_style() -> DateStyle:
    return _style[0]


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


@lru_cache(maxsize=8)
def _long_format(locale_name: str) -> str:
    """The locale's long date format without the weekday: "MMMM d, yyyy"."""
    long_format = QLocale(locale_name).dateFormat(QLocale.FormatType.LongFormat)
    without = _WEEKDAY_RE.sub(" ", long_format).strip(" ,")
    return without if all(token in without for token in ("d", "M", "y")) else long_format


def _day_format(locale: QLocale, style: DateStyle) -> str:
    if style == "short":
        return locale.dateFormat(QLocale.FormatType.ShortFormat)
    if style == "long":
        return _long_format(locale.name())
    return _medium_format(locale.name())


def day_text(
    day: date | None, locale: QLocale | None = None, style: DateStyle | None = None
) -> str:
    """A day in the chosen style (by default the locale's medium form, "Jun 1, 2025");
    empty for no day."""
    if day is None:
        return ""
    style = style or _style[0]
    if style == "iso":
        return day.isoformat()
    locale = _locale(locale)
    return locale.toString(QDate(day.year, day.month, day.day), _day_format(locale, style))


def date_edit_format(locale: QLocale | None = None, style: DateStyle | None = None) -> str:
    """The format ``day_text`` writes a day in, for a date field (QDateEdit) to match."""
    style = style or _style[0]
    if style == "iso":
        return "yyyy-MM-dd"
    return _day_format(_locale(locale), style)


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
