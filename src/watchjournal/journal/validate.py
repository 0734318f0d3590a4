"""Checking and normalising user input before it reaches the journal.

Every function either returns a clean value or raises ValidationError with a
message that names the bad value and says what would be accepted. A value
quoted in a message goes through ``quote``: cut to a readable length, on one
line, with control and bidi characters made visible, so a 1 MB title or a
right-to-left override cannot flood or reorder the message.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from watchjournal.errors import ValidationError
from watchjournal.user_text import BIDI_CONTROLS, quote_number
from watchjournal.user_text import quote as quote  # re-exported for the importers
from watchjournal.user_text import shorten as shorten

MIN_RATING_TENTHS = 5
MAX_RATING_TENTHS = 100
MIN_YEAR = 1870  # the earliest surviving motion pictures
MAX_TITLE_LENGTH = 500
MAX_ID = 2**63 - 1  # SQLite's largest integer: the ceiling of every id and number column
MAX_DIGITS = 18  # more digits than this is no year, runtime or id (and stays under MAX_ID)
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_IMDB_RE = re.compile(r"tt\d{7,10}")
_RATING_RE = re.compile(r"\s*(?P<value>[^/\s]+)\s*(?:/\s*(?P<scale>10|5))?\s*")
# Multi-line text (reviews, notes) may hold tabs and line breaks, and keeps bidi
# characters as the user wrote them: the GUI shows it isolated (ui.common.widgets).
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A single-line value (title, name, tag, list name, where): no C0 (tab included),
# DEL, C1 (U+0080-U+009F), nor bidi embedding, override or isolate (U+202A-U+202E,
# U+2066-U+2069), which would reorder a list row or a message around the value.
_LINE_CONTROLS = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]")


def fold_key(text: str) -> str:
    """A case- and accent-insensitive key: ``Huracán`` and ``huracan`` match."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def clean_text(value: str | None, *, what: str, multiline: bool = True) -> str | None:
    """Trim text; blank becomes None. Control characters are refused; single-line
    text also refuses line breaks, tabs, C1 controls and bidi controls."""
    if value is None:
        return None
    text = value.strip()
    found = (_CONTROL_CHARS if multiline else _LINE_CONTROLS).search(text)
    if found:
        raise ValidationError(f"{what} {_control_problem(found[0])} ({quote(text)})")
    return text or None


def _control_problem(char: str) -> str:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    if name:  # the bidi controls have names; C0 and C1 controls do not
        return f"contains the bidi control character {code} {name}, which would reorder the text"
    return f"contains control characters ({code}), which are not allowed"


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
        raise ValidationError(f"year {quote_number(year)} is out of range ({MIN_YEAR}..{latest})")
    return year


def parse_whole(text: str, what: str, kind: str) -> int:
    """A whole number typed by the user; too many digits is an error, not a bug
    (Python refuses to convert over 4,300 digits; SQLite stores up to 2**63-1)."""
    digits = text.strip()
    if not digits.isascii() or not digits.isdigit():
        raise ValidationError(f"{what} {quote(text)} is not {kind}")
    if len(digits.lstrip("0")) > MAX_DIGITS:
        raise ValidationError(f"{what} {quote(text)} is too large (more than {MAX_DIGITS} digits)")
    return int(digits)


def parse_year(text: str) -> int:
    year = check_year(parse_whole(text, "year", "a number like 2023"))
    assert year is not None
    return year


def check_runtime(minutes: int | None) -> int | None:
    if minutes is not None and not 1 <= minutes <= 10_000:
        raise ValidationError(
            f"runtime {quote_number(minutes)} is not a number of minutes between 1 and 10000"
        )
    return minutes


def parse_runtime(text: str) -> int:
    minutes = check_runtime(parse_whole(text, "runtime", "a whole number of minutes"))
    assert minutes is not None
    return minutes


def check_id(number: int, *, what: str = "id") -> int:
    """An id given by the user (a film, review or viewing id, a TMDB id): a positive
    number SQLite can store, or a clear error instead of an OverflowError."""
    if not 0 < number <= MAX_ID:
        raise ValidationError(f"{what} {quote_number(number)} is not a positive number below 2**63")
    return number


def check_imdb_id(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not _IMDB_RE.fullmatch(text):
        raise ValidationError(f"IMDb id {quote(text)} should look like tt1234567")
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
    problem = f"rating {quote(text)} is not a number from 0.5 to 10 (like 6.4)"
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
        raise ValidationError(f"rating {quote(text)} has more than one decimal (use steps of 0.1)")
    if not MIN_RATING_TENTHS <= tenths <= MAX_RATING_TENTHS:
        raise ValidationError(f"rating {quote(text)} is out of range (0.5 to 10)")
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
        raise ValidationError(f"date {quote(text)} is not in the form YYYY-MM-DD")
    try:
        day = date.fromisoformat(word)
    except ValueError as exc:
        raise ValidationError(f"date {quote(text)} does not exist ({exc})") from None
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
