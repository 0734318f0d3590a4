"""What "Refresh details" would change, so nothing a user typed is overwritten unasked.

Filling an empty field is safe and preselected; replacing something already
there is listed as an overwrite and left unselected until the user ticks it.
The title, liked flag, poster and Letterboxd link are the user's and never
offered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from watchjournal.journal.types import FilmFields, StreamingInfo

FIELD_LABELS = {
    "original_title": "Original title",
    "year": "Year",
    "directors": "Directed by",
    "cast": "Cast",
    "genres": "Genres",
    "countries": "Countries",
    "runtime": "Runtime",
    "synopsis": "Synopsis",
    "imdb_id": "IMDb id",
    "tmdb_id": "TMDB id",
    "where_to_watch": "Where to watch",
}


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    current: str
    fetched: str
    overwrites: bool  # True when the film already has a different value


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ", ".join(
            (f"{v.service} (checked {v.checked_on.isoformat()})" if v.checked_on else v.service)
            if isinstance(v, StreamingInfo)
            else str(v)
            for v in value
        )
    return str(value)


def _empty(value: Any) -> bool:
    return value is None or value == () or value == ""


def detail_changes(current: FilmFields, fetched: FilmFields) -> list[FieldChange]:
    """Each field where the fetched value is known and differs from the film's."""
    changes = []
    for name, label in FIELD_LABELS.items():
        old, new = getattr(current, name), getattr(fetched, name)
        if _empty(new) or old == new:
            continue
        changes.append(FieldChange(name, label, _show(old), _show(new), not _empty(old)))
    return changes


def apply_changes(current: FilmFields, fetched: FilmFields, names: Iterable[str]) -> FilmFields:
    """``current`` with the chosen fields taken from ``fetched``."""
    chosen = {n: getattr(fetched, n) for n in names if n in FIELD_LABELS}
    return replace(current, **chosen)


def fill_empty(current: FilmFields, fetched: FilmFields) -> FilmFields:
    """Take only what the film does not have yet (the safe default)."""
    names = [c.name for c in detail_changes(current, fetched) if not c.overwrites]
    return apply_changes(current, fetched, names)
