"""Plain-JSON forms of journal data shared by the CLI's ``--json`` output and the JSON export."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from watchjournal.journal.types import FilmFields


def iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def film_fields_json(f: FilmFields) -> dict[str, Any]:
    """Everything a user can set on a film, as JSON values (dates as ISO strings)."""
    return {
        "title": f.title,
        "original_title": f.original_title,
        "year": f.year,
        "directors": list(f.directors),
        "cast": list(f.cast),
        "genres": list(f.genres),
        "countries": list(f.countries),
        "runtime": f.runtime,
        "synopsis": f.synopsis,
        "imdb_id": f.imdb_id,
        "tmdb_id": f.tmdb_id,
        "letterboxd_uri": f.letterboxd_uri,
        "poster": f.poster_ref,
        "liked": f.liked,
        "where_to_watch": [
            {"service": w.service, "checked_on": iso(w.checked_on)} for w in f.where_to_watch
        ],
    }
