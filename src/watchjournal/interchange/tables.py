"""Reading exported CSV text: decoding, headers, rows with line numbers, field parsers.

Letterboxd and IMDb write UTF-8 (sometimes with a BOM). Files re-saved by a
spreadsheet on Windows come back as Windows-1252: those are decoded as cp1252
and the report says so, rather than refusing a file whose every byte is valid.

Lines are capped at ``MAX_LINE_CHARS`` (and each field at csv's own 131,072
characters), numbers at ``validate.MAX_DIGITS`` digits; values quoted in an
error go through ``validate.quote`` so a hostile cell cannot flood the message.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from watchjournal.errors import ValidationError
from watchjournal.journal import validate
from watchjournal.journal.import_types import ImportFormatError, Origin

# Far beyond any real line (a long review is a few thousand characters), short of
# letting one line of a hostile file hold the whole file.
MAX_LINE_CHARS = 1024 * 1024
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_text(data: bytes, name: str, notes: list[str]) -> str:
    """Bytes of a CSV file as text; non-UTF-8 files are read as cp1252 with a note."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFormatError("is not readable UTF-16 text", Origin(name, 0)) from None
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    if b"\x00" in data:
        raise ImportFormatError("is not a text (CSV) file", Origin(name, 0))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFormatError(
                "is neither UTF-8 nor Windows-1252 text; save it as UTF-8 and try again",
                Origin(name, line),
            ) from None
        notes.append(f"{name} is not UTF-8 (first at line {line}); it was read as Windows-1252")
        return text


def _bounded_lines(lines: Iterable[str], name: str) -> Iterator[str]:
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise ImportFormatError(
                f"the line is longer than {MAX_LINE_CHARS:,} characters; no export has such lines",
                Origin(name, number),
            )
        yield line


def records(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """CSV records with the line each starts on; blank lines come out as ``[]``."""
    lines = _bounded_lines(io.StringIO(text, newline=""), name)
    reader = csv.reader(lines, strict=True)
    start = 1
    try:
        for values in reader:
            yield start, values
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFormatError(
            f"is not valid CSV ({exc})", Origin(name, reader.line_num)
        ) from None


@dataclass(frozen=True)
class Row:
    origin: Origin
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "").strip()


@dataclass(frozen=True)
class Table:
    name: str
    header: tuple[str, ...]
    rows: list[Row]


def check_header(
    header: Sequence[str], required: Sequence[str], origin: Origin, what: str
) -> tuple[str, ...]:
    names = tuple(column.strip() for column in header)
    missing = [column for column in required if column not in names]
    if missing:
        found = ", ".join(names) if any(names) else "nothing"
        raise ImportFormatError(
            f"does not look like {what}: missing column(s) {', '.join(missing)}"
            f" (found: {validate.shorten(found, 200)})",
            origin,
        )
    return names


def table_rows(
    numbered: Iterator[tuple[int, list[str]]], header: tuple[str, ...], name: str
) -> list[Row]:
    rows = []
    for line, values in numbered:
        if not values or all(not v.strip() for v in values):
            continue  # blank lines are harmless
        if len(values) != len(header):
            raise ImportFormatError(
                f"has {len(values)} values but the header has {len(header)} columns",
                Origin(name, line),
            )
        rows.append(Row(Origin(name, line), dict(zip(header, values, strict=True))))
    return rows


def read_table(text: str, name: str, required: Sequence[str], what: str) -> Table:
    numbered = records(text, name)
    first: tuple[int, list[str]] | None = None
    for first in numbered:
        if first[1]:
            break
    if first is None or not first[1]:
        raise ImportFormatError(f"is empty; expected {what}", Origin(name, 1))
    header = check_header(first[1], required, Origin(name, first[0]), what)
    return Table(name, header, table_rows(numbered, header, name))


def _fail(message: str, origin: Origin) -> ImportFormatError:
    return ImportFormatError(message, origin)


def parse_day(text: str, origin: Origin, what: str, *, watched: bool = False) -> date | None:
    """An ISO date (blank is None); a watched date may not lie in the future."""
    value = text.strip()
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:10]) if len(value) in (10, 19, 20) else None
    except ValueError:
        day = None
    if day is None:
        raise _fail(f"{what} {validate.quote(value)} is not a date like 2024-05-31", origin)
    if watched:
        try:
            validate.check_watch_date(day)
        except ValidationError as exc:
            raise _fail(f"{what}: {exc}", origin) from None
    return day


def day_start(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time())


def parse_year(text: str, origin: Origin) -> int | None:
    value = text.strip()
    if not value:
        return None
    try:
        return validate.parse_year(value)
    except ValidationError as exc:
        raise _fail(str(exc), origin) from None


def parse_number(text: str, origin: Origin, what: str) -> Decimal | None:
    value = text.strip()
    if not value:
        return None
    if len(value.lstrip("+-0")) > validate.MAX_DIGITS + 2:  # digits, a point, a sign
        raise _fail(f"{what} {validate.quote(value)} has too many digits", origin)
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise _fail(f"{what} {validate.quote(value)} is not a number", origin)
    if abs(number) > validate.MAX_ID:  # 1e999 is short but no id, year or rating
        raise _fail(f"{what} {validate.quote(value)} is too large a number", origin)
    return number


def parse_stars(text: str, origin: Origin) -> int | None:
    """A Letterboxd rating (0.5 to 5 stars in halves) as tenths of 10: 3.5 -> 70."""
    stars = parse_number(text, origin, "rating")
    if stars is None:
        return None
    if not (Decimal("0.5") <= stars <= 5 and (stars * 2) == (stars * 2).to_integral_value()):
        raise _fail(
            f"rating {validate.quote(text.strip())} is not 0.5 to 5 stars in half steps", origin
        )
    return int(stars * 20)


def parse_ten(text: str, origin: Origin) -> int | None:
    """An IMDb rating (a whole number 1 to 10) as tenths: 7 -> 70."""
    score = parse_number(text, origin, "rating")
    if score is None:
        return None
    if not (1 <= score <= 10 and score == score.to_integral_value()):
        raise _fail(
            f"rating {validate.quote(text.strip())} is not a whole number from 1 to 10", origin
        )
    return int(score * 10)


def split_names(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())
