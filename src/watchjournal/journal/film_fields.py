"""A film's fields, mapped once: each FilmFields field with its column, kind and JSON name.

Everything that copies a film's details between FilmFields and somewhere else
(the ``films`` table, the JSON forms, the import's bulk inserts and fill-ins,
cleaning what a user typed, the film dialog's text boxes) walks ``FILM_FIELDS``
instead of naming the fields one by one, so a new field is added here, in
``FilmFields`` and in the ``films`` table, and nowhere else. Formats that
have their own columns (Letterboxd, IMDb, TMDB) still map those by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal

from watchjournal.journal.types import FilmFields, StreamingInfo

FieldKind = Literal["line", "text", "int", "names", "bool", "streaming"]
"""line: one line of text or None; text: several lines or None; int: a whole number or
None; names: an ordered tuple of names (a JSON array in the table); bool: a flag;
streaming: the where-to-watch options (their own table)."""


@dataclass(frozen=True)
class FilmField:
    name: str  # the FilmFields attribute and, unless ``kind`` is streaming, the films column
    kind: FieldKind
    what: str  # how messages name one value: "the original title", "a genre"
    json_name: str = ""  # the key in JSON (the CLI's --json and the JSON export)
    unique: str = ""  # for an id no two films share: its name in messages
    fill_in: bool = False  # an import gives it to a matched film that lacks it

    @property
    def key(self) -> str:
        return self.json_name or self.name

    @property
    def column(self) -> bool:
        return self.kind != "streaming"


FILM_FIELDS: tuple[FilmField, ...] = (
    FilmField("title", "line", "the title"),
    FilmField("original_title", "line", "the original title", fill_in=True),
    FilmField("year", "int", "the year", fill_in=True),
    FilmField("directors", "names", "a director's name", fill_in=True),
    FilmField("cast", "names", "a cast member's name", fill_in=True),
    FilmField("genres", "names", "a genre", fill_in=True),
    FilmField("countries", "names", "a country", fill_in=True),
    FilmField("runtime", "int", "the runtime", fill_in=True),
    FilmField("synopsis", "text", "the synopsis", fill_in=True),
    FilmField("imdb_id", "line", "the IMDb id", unique="IMDb id", fill_in=True),
    FilmField("tmdb_id", "int", "the TMDB id", unique="TMDB id", fill_in=True),
    FilmField(
        "letterboxd_uri", "line", "the Letterboxd URI", unique="Letterboxd URI", fill_in=True
    ),
    FilmField("trakt_id", "int", "the Trakt id", unique="Trakt id", fill_in=True),
    FilmField("poster_ref", "line", "the poster", json_name="poster", fill_in=True),
    FilmField("liked", "bool", "liked", fill_in=True),
    FilmField("where_to_watch", "streaming", "a streaming service", fill_in=True),
    FilmField("content_notes", "names", "a content note", fill_in=True),
)
FIELDS_BY_NAME = {field.name: field for field in FILM_FIELDS}
COLUMN_FIELDS = tuple(field for field in FILM_FIELDS if field.column)
UNIQUE_FIELDS = tuple(field for field in FILM_FIELDS if field.unique)

# The map must cover FilmFields exactly: a field added there and not here fails at import.
# Its order is the order of the JSON keys (kept as it was before the map existed).
assert sorted(f.name for f in FILM_FIELDS) == sorted(f.name for f in fields(FilmFields))


def column_value(field: FilmField, values: FilmFields) -> Any:
    """The ``films`` column value of one field (a list for names)."""
    value = getattr(values, field.name)
    return list(value) if field.kind == "names" else value


def column_values(values: FilmFields) -> dict[str, Any]:
    """The ``films`` columns for these fields; ``title_key`` is not included."""
    return {field.name: column_value(field, values) for field in COLUMN_FIELDS}


def from_columns(row: Any, where_to_watch: tuple[StreamingInfo, ...]) -> FilmFields:
    """FilmFields from a ``films`` row (an ORM film or a result row) and its streaming options."""
    values: dict[str, Any] = {}
    for field in COLUMN_FIELDS:
        value = getattr(row, field.name)
        values[field.name] = tuple(value) if field.kind == "names" else value
    return FilmFields(**values, where_to_watch=where_to_watch)


def iso_day(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())


def to_json(values: FilmFields) -> dict[str, Any]:
    """Every field as a JSON value under its JSON name (dates as ISO strings)."""
    result: dict[str, Any] = {}
    for field in FILM_FIELDS:
        value = getattr(values, field.name)
        if field.kind == "names":
            value = list(value)
        elif field.kind == "streaming":
            value = [{"service": w.service, "checked_on": iso_day(w.checked_on)} for w in value]
        result[field.key] = value
    return result


def is_empty(value: Any) -> bool:
    """No value for filling in: None, an empty list, or a flag that is off."""
    return value is None or value is False or value == () or value == []


def as_text(values: FilmFields, name: str) -> str:
    """A line or names field as one line of text for a text box (names joined by commas)."""
    field, value = FIELDS_BY_NAME[name], getattr(values, name)
    if field.kind == "names":
        return ", ".join(value)
    return "" if value is None else str(value)


def from_text(name: str, text: str) -> Any:
    """The value of a line or names field typed into a text box (commas separate names)."""
    if FIELDS_BY_NAME[name].kind == "names":
        return tuple(part.strip() for part in text.split(",") if part.strip())
    return text.strip() or None
