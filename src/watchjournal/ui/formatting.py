"""Small text formatting shared by the lists and panes (ratings, dates, names)."""

from __future__ import annotations

from datetime import date, datetime


def rating_text(tenths: int | None, *, as_stars: bool = False) -> str:
    """``6.4`` on the 10-point scale, or ``★★★½`` when the user prefers stars."""
    if tenths is None:
        return ""
    if not as_stars:
        return f"{tenths / 10:.1f}"
    halves = round(tenths / 10)
    return "★" * (halves // 2) + ("½" if halves % 2 else "")


def day_text(day: date | None) -> str:
    return day.strftime("%-d %b %Y") if day else ""


def stamp_text(stamp: datetime) -> str:
    return stamp.astimezone().strftime("%-d %b %Y")


def names_text(names: tuple[str, ...], limit: int = 3) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" +{len(names) - limit}" if len(names) > limit else "")
