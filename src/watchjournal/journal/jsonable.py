"""Plain-JSON forms of journal data shared by the CLI's ``--json`` output and the JSON export."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from watchjournal.journal.film_fields import to_json
from watchjournal.journal.types import FilmFields


def iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def film_fields_json(f: FilmFields) -> dict[str, Any]:
    """Everything a user can set on a film, as JSON values (dates as ISO strings)."""
    return to_json(f)
