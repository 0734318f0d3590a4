"""Small text formatting shared by the lists and panes (ratings, dates, names)."""

from __future__ import annotations

from datetime import date, datetime

from watchjournal.ui.common.rating_display import format_rating as rating_text

__all__ = ["day_text", "names_text", "rating_text", "stamp_text"]


def day_text(day: date | None) -> str:
    return day.strftime("%-d %b %Y") if day else ""


def stamp_text(stamp: datetime) -> str:
    return stamp.astimezone().strftime("%-d %b %Y")


def names_text(names: tuple[str, ...], limit: int = 3) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" +{len(names) - limit}" if len(names) > limit else "")
