"""The app's first page as list rows, read before the service (and SQLAlchemy) is imported.

``storage.quick_read`` reads the rows with plain ``sqlite3`` (``quick_read_server``
with psycopg, from a journal on a server); this turns them
into the same ``FilmRow`` records ``JournalService.film_rows_by_ids`` returns,
so the first rows painted are the rows the full window shows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from watchjournal.journal.rows import FilmQuery, FilmRow
from watchjournal.storage.quick_read import read_first_page

# The query of the list each view opens with (as ui.window.library_views sets them).
_QUERIES = {
    "watchlist": FilmQuery(kind="watchlist", sort="watchlist"),
    "films": FilmQuery(),
}


@dataclass(frozen=True)
class FirstPage:
    """The view the app opens on, its first rows and how many films the journal holds."""

    view: str  # "watchlist" or "films"
    query: FilmQuery
    film_count: int
    rows: list[FilmRow]

    # The two reads a film list model makes (ui.window.models.FilmSource), from this page.
    def film_ids(self, query: FilmQuery) -> list[int]:
        return [row.id for row in self.rows] if query == self.query else []

    def film_rows_by_ids(self, ids: Sequence[int]) -> list[FilmRow]:
        wanted = set(ids)
        return [row for row in self.rows if row.id in wanted]


def first_page(path: Path, backup_dir: Path, limit: int) -> FirstPage | None:
    """The first ``limit`` rows of the list the app opens on; None when the journal
    must be opened the usual way first (``storage.quick_read`` says when)."""
    page = read_first_page(path, backup_dir, limit)
    if page is None:
        return None
    rows = [_film_row(row) for row in page.rows]
    return FirstPage(page.view, _QUERIES[page.view], page.film_count, rows)


def server_first_page(url: str, limit: int) -> FirstPage | None:
    """The same from a journal on a server (``storage.quick_read_server``)."""
    # Lazy: only a server journal reads its first page with psycopg.
    from watchjournal.storage.quick_read_server import read_server_first_page

    page = read_server_first_page(url, limit)
    if page is None:
        return None
    rows = [_server_film_row(row) for row in page.rows]
    return FirstPage(page.view, _QUERIES[page.view], page.film_count, rows)


def _server_film_row(row: Any) -> FilmRow:
    """A row of ``storage.quick_read_server.FILM_ROWS_SQL``: psycopg types the columns
    as SQLAlchemy does (a JSON list, dates, booleans), but for the stamp's zone."""
    return FilmRow(
        id=row["id"],
        title=row["title"],
        year=row["year"],
        directors=tuple(row["directors"]),
        rating_tenths=row["rating"],
        last_watched=row["last_watched"],
        added_at=row["created_at"].replace(tzinfo=UTC),
        on_watchlist=bool(row["on_watchlist"]),
        watchlist_note=row["note"],
        liked=bool(row["liked"]),
        poster_ref=row["poster_ref"],
        rewatched=bool(row["rewatched"]),
    )


def _film_row(row: Any) -> FilmRow:
    """A row of ``storage.quick_read.FILM_ROWS_SQL`` as SQLAlchemy would have typed it
    (JSON list, DateTime, Date and Boolean columns are text and integers in SQLite)."""
    last_watched = row["last_watched"]
    return FilmRow(
        id=row["id"],
        title=row["title"],
        year=row["year"],
        directors=tuple(json.loads(row["directors"])),
        rating_tenths=row["rating"],
        last_watched=date.fromisoformat(last_watched) if last_watched else None,
        added_at=datetime.fromisoformat(row["created_at"]).replace(tzinfo=UTC),
        on_watchlist=bool(row["on_watchlist"]),
        watchlist_note=row["note"],
        liked=bool(row["liked"]),
        poster_ref=row["poster_ref"],
        rewatched=bool(row["rewatched"]),
    )
