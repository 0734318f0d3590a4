"""The items of a Trakt export's JSON files: parsed, checked and sorted into films and the rest.

Every file of a Trakt export is a JSON array of items. An item says what it is
about with ``type`` ("movie", "show", "season", "episode", "person") and an
object of that name: ``{"type": "movie", "movie": {...}, "watched_at": ...}``;
``watched-movies.json`` leaves ``type`` out and holds a ``movie`` in each
item. A movie is ``{"title", "year", "ids": {"trakt", "slug", "imdb",
"tmdb"}}``; real exports add ids (``plex``) and the API's extended form adds
an overview, runtime and so on, all ignored here. Times are ISO 8601 in UTC
("2024-02-06T14:41:22.000Z") and are kept as naive UTC, as the journal stores them.

Each item comes with the line it starts on, so a problem or a skipped TV episode
is named by file and line like a CSV row, and with its number in the array for
files written on one line. Values quoted in a message go through
``validate.quote``, so a hostile file cannot flood the message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from watchjournal.errors import ValidationError
from watchjournal.journal import validate
from watchjournal.journal.import_types import ImportFormatError, Origin, Skipped
from watchjournal.user_text import quote_number

_SPACE = re.compile(r"[ \t\n\r]*")
# What Trakt's items can be about, and why the ones that are no film are left out.
SKIP_REASONS = {
    "show": "a TV show",
    "season": "a TV season",
    "episode": "a TV episode",
    "person": "a person",
}
_KINDS = ("movie", *SKIP_REASONS)


@dataclass(frozen=True)
class TraktMovie:
    """A film as Trakt names it: its title, year and ids."""

    title: str
    year: int | None
    trakt: int | None
    imdb: str | None
    tmdb: int | None


@dataclass(frozen=True)
class Item:
    """One item of a file that is about a film, with the rest of its fields to read."""

    origin: Origin
    number: int  # 1-based place in the file's array
    movie: TraktMovie
    fields: dict[str, Any]

    def problem(self, message: str) -> ImportFormatError:
        return item_problem(message, self.origin, self.number)


def item_problem(message: str, origin: Origin, number: int) -> ImportFormatError:
    return ImportFormatError(f"{message} (item {number})", origin)


def load_items(data: bytes, name: str) -> list[tuple[Origin, Any]]:
    """The items of one file with the line each starts on; ImportFormatError if it
    is no JSON array."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFormatError("is not UTF-8 text (Trakt's files are)", Origin(name, 0)) from None
    try:
        return [(Origin(name, line), value) for line, value in _array(text, name)]
    except json.JSONDecodeError as exc:
        problem = f"is not valid JSON ({exc.msg})"
        raise ImportFormatError(problem, Origin(name, exc.lineno)) from None
    except RecursionError:  # thousands of nested brackets: no export looks like that
        raise ImportFormatError("is nested too deeply to be an export", Origin(name, 0)) from None
    except ValueError:  # only an integer over Python's 4,300-digit limit gets here
        raise ImportFormatError(
            "holds a number thousands of digits long; no Trakt file does", Origin(name, 0)
        ) from None


def _array(text: str, name: str) -> Iterator[tuple[int, Any]]:
    """The values of a top-level JSON array, each with the line it starts on
    (``json.loads`` would give the values but not where they are)."""
    decoder = json.JSONDecoder()
    position = _skip(text, 0)
    if not text.startswith("[", position):
        found = json.loads(text)  # a JSONDecodeError if it is no JSON at all
        raise ImportFormatError(
            f"is not a list of items (it holds {_describe(found)})", Origin(name, 1)
        )
    position = _skip(text, position + 1)
    line, counted = 1, 0
    if not text.startswith("]", position):
        while True:
            line += text.count("\n", counted, position)
            counted = position
            value, position = decoder.raw_decode(text, position)
            yield line, value
            position = _skip(text, position)
            if text.startswith(",", position):
                position = _skip(text, position + 1)
            elif text.startswith("]", position):
                break
            else:
                raise json.JSONDecodeError("Expecting ',' delimiter", text, position)
    end = _skip(text, position + 1)
    if end != len(text):
        raise json.JSONDecodeError("Extra data", text, end)


def _skip(text: str, position: int) -> int:
    match = _SPACE.match(text, position)
    assert match is not None  # the pattern matches the empty string
    return match.end()


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    return "text" if isinstance(value, str) else "a number"


def classify(value: Any, origin: Origin, number: int) -> Item | Skipped:
    """The film an item is about, or the item skipped with why (a TV episode, say)."""
    if not isinstance(value, dict):
        raise item_problem(f"is {_describe(value)}, not an item", origin, number)
    kind = value.get("type")
    if kind is None:  # watched-movies.json: the object present says what it is
        kind = next((k for k in _KINDS if isinstance(value.get(k), dict)), None)
    if kind == "movie":
        return Item(origin, number, parse_movie(value.get("movie"), origin, number), value)
    if isinstance(kind, str) and kind.strip():
        reason = SKIP_REASONS.get(kind, f"not a film ({validate.shorten(kind, 30)})")
        return Skipped(origin, _label(value, kind), reason)
    raise item_problem("the item has no movie", origin, number)


def _label(item: dict[str, Any], kind: str) -> str:
    """How the report names a skipped item: "Halo S02E01", "Friends season 1"."""
    value = item.get(kind)
    inner: dict[str, Any] = value if isinstance(value, dict) else {}
    show = _text(item.get("show"), "title")
    if kind == "episode" and _small(inner.get("season")) and _small(inner.get("number")):
        return f"{show or 'an episode'} S{inner['season']:02d}E{inner['number']:02d}"
    if kind == "season" and _small(inner.get("number")):
        return f"{show or 'a show'} season {inner['number']}"
    name = show or _text(inner, "title") or _text(inner, "name")
    year = _text(inner, "year") if kind == "show" else None
    return f"{name} ({year})" if name and year else name or validate.shorten(kind, 30)


def _text(obj: Any, key: str) -> str | None:
    value = obj.get(key) if isinstance(obj, dict) else None
    if isinstance(value, str) and value.strip():
        return validate.shorten(value.strip())
    return str(value) if _small(value) else None


def _small(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 100_000


def parse_movie(value: Any, origin: Origin, number: int) -> TraktMovie:
    def fail(message: str) -> ImportFormatError:
        return item_problem(message, origin, number)

    if not isinstance(value, dict):
        raise fail("the item has no movie")
    title = value.get("title")
    if not isinstance(title, str) or not title.strip():
        raise fail("the movie has no title")
    ids = value.get("ids")
    if ids is None:
        ids = {}
    if not isinstance(ids, dict):
        raise fail("the movie's ids are not an object")
    try:
        return TraktMovie(
            title=title.strip(),
            year=_year(value.get("year")),
            trakt=_id(ids.get("trakt"), "Trakt id"),
            imdb=_imdb(ids.get("imdb")),
            tmdb=_id(ids.get("tmdb"), "TMDB id"),
        )
    except ValidationError as exc:
        raise fail(str(exc)) from None


def _year(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError(f"year {_shown(value)} is not a number like 2023")
    return validate.check_year(value) if isinstance(value, int) else validate.parse_year(value)


def _id(value: Any, what: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):  # some API clients write ids as text
        value = validate.parse_whole(value, what, "a number")
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{what} {_shown(value)} is not a number")
    return validate.check_id(value, what=what)


def _imdb(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(f"IMDb id {_shown(value)} should look like tt1234567")
    return validate.check_imdb_id(value)


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return validate.quote(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return quote_number(value)
    return _describe(value)


def stamp(item: Item, key: str, *, required: bool = False) -> datetime | None:
    """A time of the item (``watched_at``, ``rated_at``...) as naive UTC."""
    value = item.fields.get(key)
    if required and (value is None or value == ""):
        raise item.problem(f"{key} is missing")
    try:
        return parse_stamp(value, key)
    except ValidationError as exc:
        raise item.problem(str(exc)) from None


def parse_stamp(value: Any, what: str) -> datetime | None:
    """An ISO 8601 time as naive UTC; Trakt writes UTC ("...Z"), and a time without
    a zone is taken as UTC too."""
    if value is None or value == "":
        return None
    try:
        if not isinstance(value, str):
            raise ValueError
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(f"{what} {_shown(value)} is not a date and time") from None
    return parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed


def rating(item: Item) -> int:
    """Trakt's rating, a whole number from 1 to 10."""
    value = item.fields.get("rating")
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
        raise item.problem(f"rating {_shown(value)} is not a whole number from 1 to 10")
    return value


def rank(item: Item) -> int | None:
    """The item's place in its list or watchlist, if it has one."""
    value = item.fields.get("rank")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= validate.MAX_ID:
        raise item.problem(f"rank {_shown(value)} is not a whole number")
    return value


def notes(item: Item) -> str | None:
    """The note the user wrote on a list or watchlist entry."""
    value = item.fields.get("notes")
    if value is None:
        return None
    if not isinstance(value, str):
        raise item.problem(f"notes {_shown(value)} are not text")
    return value.strip() or None
