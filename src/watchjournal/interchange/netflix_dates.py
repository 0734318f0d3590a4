"""The dates of a Netflix viewing history, written in the account's own short format.

``NetflixViewingHistory.csv`` writes each date as the account's locale does:
``6/30/23`` in the United States, ``30/06/2023`` or ``30-06-23`` in much of the
world, ``30.06.2023`` in Germany or Turkey, ``2020/05/27`` in Japan. Nothing in
the file says which, so the order is read from the WHOLE file:

- a first field of four digits is a year (year/month/day);
- otherwise the year is last (two digits mean 20xx: Netflix streams since 2007),
  and a row whose first field is over 12 proves day/month, one whose second
  field is over 12 proves month/day; a file proving both is refused, naming the
  lines that disagree with the rest;
- when no row proves either (a short file, all in the first twelve days of
  months), the order under which the rows run newest first, as Netflix lists
  them, is taken; if that does not tell either, the order of the computer's
  locale (``LC_ALL``, ``LC_TIME``, ``LANG``; a territory that writes month
  first, like the US, means month/day), else month/day, Netflix's own default.
  The report then says the dates were ambiguous and which order was assumed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from itertools import pairwise

from watchjournal.journal.import_types import ImportFormatError, Origin
from watchjournal.journal.validate import quote


class DateOrder(Enum):
    DAY_FIRST = "day/month/year"
    MONTH_FIRST = "month/day/year"
    YEAR_FIRST = "year/month/day"


# Three numbers with the same separator twice; Korean's "2023. 6. 30." ends in a dot.
_DATE = re.compile(r"\s*(\d{1,4})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{1,4})\s*\.?\s*")
# Territories whose short dates put the month first (all others put the day first,
# or the year, which a four-digit first field shows anyway).
MONTH_FIRST_TERRITORIES = frozenset({"US", "PH", "FM", "MH", "PW", "GU", "PR", "AS", "VI", "UM"})
_LOCALE = re.compile(r"[A-Za-z]{2,3}_([A-Za-z]{2})\b")


@dataclass(frozen=True)
class RawDate:
    """A date's three numbers as written, and where."""

    origin: Origin
    text: str
    first: int
    second: int
    year: int
    year_first: bool

    def proves(self) -> DateOrder | None:
        """The order this date alone proves (a field over 12 cannot be a month)."""
        if self.year_first:
            return DateOrder.YEAR_FIRST
        if self.first > 12 >= self.second:
            return DateOrder.DAY_FIRST
        if self.second > 12 >= self.first:
            return DateOrder.MONTH_FIRST
        return None

    def as_order(self, order: DateOrder) -> date | None:
        """The date under ``order``, or None if it is no date then (a 31 February)."""
        if self.year_first or order is DateOrder.MONTH_FIRST:
            month, day = self.first, self.second
        else:
            day, month = self.first, self.second
        try:
            return date(self.year, month, day)
        except ValueError:
            return None


def split_date(text: str, origin: Origin) -> RawDate:
    """The three numbers of a short date, or ImportFormatError if it is none."""
    found = _DATE.fullmatch(text)
    if found is None:
        raise ImportFormatError(
            f"Date {quote(text.strip())} is not a date (like 6/30/23, 30/06/2023 or 2023-06-30)",
            origin,
        )
    head, _sep, middle, tail = found.groups()
    if len(head) == 4 and len(tail) <= 2:
        return RawDate(origin, text.strip(), int(middle), int(tail), int(head), True)
    if len(head) <= 2 and len(tail) in (2, 4):
        year = int(tail) + (2000 if len(tail) == 2 else 0)
        return RawDate(origin, text.strip(), int(head), int(middle), year, False)
    raise ImportFormatError(
        f"Date {quote(text.strip())} has no year of two or four digits at its start or end",
        origin,
    )


@dataclass(frozen=True)
class OrderFound:
    order: DateOrder
    # Why, when the rows themselves did not prove it; None when they did.
    assumed: str | None = None


def system_order(environ: Mapping[str, str] | None = None) -> DateOrder | None:
    """The short-date order of this computer's locale, from the POSIX variables
    (no ``setlocale``: that would change the whole process). None if unknown."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_TIME", "LANG"):
        value = env.get(name, "")
        if not value:
            continue
        found = _LOCALE.match(value)
        if found is None:
            return None  # "C" or "POSIX": the first one set decides, and says nothing
        if found[1].upper() in MONTH_FIRST_TERRITORIES:
            return DateOrder.MONTH_FIRST
        return DateOrder.DAY_FIRST
    return None


def _rises(dates: Sequence[RawDate], order: DateOrder) -> int | None:
    """How often a row is later than the row before it (Netflix lists newest first);
    None if some date is no date under ``order``."""
    days = [raw.as_order(order) for raw in dates]
    known = [day for day in days if day is not None]
    if len(known) < len(days):
        return None
    return sum(1 for earlier, later in pairwise(known) if later > earlier)


def detect_order(
    dates: Sequence[RawDate], problems: list[ImportFormatError], *, day_first: bool | None = None
) -> OrderFound:
    """The order of a file's year-last dates (year-first ones need none).

    Lines proving the minority order, and lines that fit no order, go to ``problems``.
    """
    last = [raw for raw in dates if not raw.year_first]
    for raw in last:
        if raw.first > 12 and raw.second > 12:
            problems.append(_no_order(raw))
    if day_first is not None:
        return OrderFound(DateOrder.DAY_FIRST if day_first else DateOrder.MONTH_FIRST)
    proofs: dict[DateOrder, list[RawDate]] = {DateOrder.DAY_FIRST: [], DateOrder.MONTH_FIRST: []}
    for raw in last:
        proved = raw.proves()
        if proved in proofs:
            proofs[proved].append(raw)
    days, months = proofs[DateOrder.DAY_FIRST], proofs[DateOrder.MONTH_FIRST]
    if days or months:
        winner = DateOrder.DAY_FIRST if len(days) >= len(months) else DateOrder.MONTH_FIRST
        loser, example = (months, days[0]) if winner is DateOrder.DAY_FIRST else (days, months[0])
        problems.extend(_disagrees(raw, winner, example) for raw in loser)
        return OrderFound(winner)
    return _undecided(last)


def _undecided(dates: Sequence[RawDate]) -> OrderFound:
    if all(raw.first == raw.second for raw in dates):
        return OrderFound(DateOrder.MONTH_FIRST)  # every day equals its month: no matter
    by_day = _rises(dates, DateOrder.DAY_FIRST)
    by_month = _rises(dates, DateOrder.MONTH_FIRST)
    if by_day is not None and by_month is not None and by_day != by_month:
        order = DateOrder.DAY_FIRST if by_day < by_month else DateOrder.MONTH_FIRST
        why = "only that order lists them newest first, as Netflix does"
        return OrderFound(order, why)
    found = system_order()
    if found is not None:
        return OrderFound(found, "it is this computer's date order")
    return OrderFound(DateOrder.MONTH_FIRST, "it is Netflix's default")


def _no_order(raw: RawDate) -> ImportFormatError:
    return ImportFormatError(
        f"Date {quote(raw.text)} is no date: neither {raw.first} nor {raw.second} can be a month",
        raw.origin,
    )


def _disagrees(raw: RawDate, order: DateOrder, example: RawDate) -> ImportFormatError:
    return ImportFormatError(
        f"Date {quote(raw.text)} can only be read as {_other(order).value}, but the file's"
        f" other dates are {order.value} (as {quote(example.text)} on line {example.origin.line})",
        raw.origin,
    )


def _other(order: DateOrder) -> DateOrder:
    return DateOrder.MONTH_FIRST if order is DateOrder.DAY_FIRST else DateOrder.DAY_FIRST


def ambiguity_note(name: str, found: OrderFound) -> str | None:
    if found.assumed is None:
        return None
    example = "30/06/2023" if found.order is DateOrder.DAY_FIRST else "6/30/23"
    return (
        f"{name}: every date fits both day/month and month/day; they were read as"
        f" {found.order.value} (as {example}) because {found.assumed}."
    )
