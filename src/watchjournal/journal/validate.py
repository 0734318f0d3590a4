"""Checking and normalising user input before it reaches the journal.

Every function either returns a clean value or raises ValidationError with a
message that names the bad value and says what would be accepted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from watchjournal.errors import ValidationError

MIN_RATING_TENTHS = 5
MAX_RATING_TENTHS = 100
MIN_YEAR = 1870  # the earliest surviving motion pictures
MAX_TITLE_LENGTH = 500
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_IMDB_RE = re.compile(r"tt\d{7,10}")
_RATING_RE = re.compile(r"\s*(?P<value>[^/\s]+)\s*(?:/\s*(?P<scale>10|5))?\s*")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def fold_key(text: str) -> str:
    """A case- and accent-insensitive key: ``Huracán`` and ``huracan`` match."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def clean_text(value: str | None, *, what: str, multiline: bool = True) -> str | None:
    """Trim text; blank becomes None. Control characters are refused."""
    if value is None:
        return None
    text = value.strip()
    if _CONTROL_CHARS.search(text) or (not multiline and ("\n" in text or "\r" in text)):
        raise ValidationError(f"{what} contains control characters")
    return text or None


def clean_title(value: str, *, what: str = "title") -> str:
    text = clean_text(value, what=f"the {what}", multiline=False)
    if text is None:
        raise ValidationError(f"the {what} cannot be empty")
    if len(text) > MAX_TITLE_LENGTH:
        raise ValidationError(f"the {what} is longer than {MAX_TITLE_LENGTH} characters")
    return text


def clean_names(values: Iterable[str], *, what: str) -> tuple[str, ...]:
    """Trim names, drop blanks and repeats (case-insensitively), keep the order."""
    seen: set[str] = set()
    names: list[str] = []
    for value in values:
        name = clean_text(value, what=what, multiline=False)
        if name is None or fold_key(name) in seen:
            continue
        seen.add(fold_key(name))
        names.append(name)
    return tuple(names)


def check_year(year: int | None) -> int | None:
    if year is None:
        return None
    latest = date.today().year + 10
    if not MIN_YEAR <= year <= latest:
        raise ValidationError(f"year {year} is out of range ({MIN_YEAR}..{latest})")
    return year


def parse_year(text: str) -> int:
    if not text.strip().isdigit():
        raise ValidationError(f'year "{text}" is not a number like 2023')
    year = check_year(int(text))
    assert year is not None
    return year


def check_runtime(minutes: int | None) -> int | None:
    if minutes is not None and not 1 <= minutes <= 10_000:
        raise ValidationError(f"runtime {minutes} is not a number of minutes between 1 and 10000")
    return minutes


def parse_runtime(text: str) -> int:
    if not text.strip().isdigit():
        raise ValidationError(f'runtime "{text}" is not a whole number of minutes')
    minutes = check_runtime(int(text))
    assert minutes is not None
    return minutes


def check_imdb_id(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not _IMDB_RE.fullmatch(text):
        raise ValidationError(f'IMDb id "{text}" should look like tt1234567')
    return text


def check_rating_tenths(tenths: int | None) -> int | None:
    if tenths is not None and not MIN_RATING_TENTHS <= tenths <= MAX_RATING_TENTHS:
        raise ValidationError(
            f"rating {tenths / 10:g} is out of range (0.5 to 10, in steps of 0.1)"
        )
    return tenths


def parse_rating(text: str) -> int:
    """Parse ``6.4``, ``6.4/10``, ``9/10`` or ``3.5/5`` into tenths of the 10-point scale."""
    match = _RATING_RE.fullmatch(text)
    problem = f'rating "{text}" is not a number from 0.5 to 10 (like 6.4)'
    if match is None:
        raise ValidationError(problem)
    try:
        value = Decimal(match["value"])
    except InvalidOperation:
        raise ValidationError(problem) from None
    if not value.is_finite():
        raise ValidationError(problem)
    if match["scale"] == "5":
        value *= 2
    tenths = value * 10
    if tenths != tenths.to_integral_value():
        raise ValidationError(f'rating "{text}" has more than one decimal (use steps of 0.1)')
    if not MIN_RATING_TENTHS <= tenths <= MAX_RATING_TENTHS:
        raise ValidationError(f'rating "{text}" is out of range (0.5 to 10)')
    return int(tenths)


def parse_date(text: str, *, today: date | None = None) -> date:
    """Parse ``YYYY-MM-DD`` (or ``today``/``yesterday``); future days are refused."""
    today = today or date.today()
    word = text.strip().lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    if not _DATE_RE.fullmatch(word):
        raise ValidationError(f'date "{text}" is not in the form YYYY-MM-DD')
    try:
        day = date.fromisoformat(word)
    except ValueError as exc:
        raise ValidationError(f'date "{text}" does not exist ({exc})') from None
    check_watch_date(day, today=today)
    return day


def check_watch_date(day: date | None, *, today: date | None = None) -> date | None:
    # One day of slack: "today" in the user's time zone may be tomorrow in UTC.
    latest = (today or date.today()) + timedelta(days=1)
    if day is not None and day > latest:
        raise ValidationError(f"date {day.isoformat()} is in the future")
    if day is not None and day.year < MIN_YEAR:
        raise ValidationError(f"date {day.isoformat()} is before films existed")
    return day
