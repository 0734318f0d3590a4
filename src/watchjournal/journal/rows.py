"""Light rows for the app's long lists (films, diary, reviews), fetched a page at a time.

A journal can hold 100,000 films, so the lists never load whole records: each
page is one SQL query returning just what a list row shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

FilmSort = Literal["title", "year", "director", "rating", "last_watched", "added", "watchlist"]
FilmKind = Literal["all", "watched", "watchlist"]


@dataclass(frozen=True)
class FilmRow:
    id: int
    title: str
    year: int | None
    directors: tuple[str, ...]
    rating_tenths: int | None
    last_watched: date | None
    added_at: datetime
    on_watchlist: bool
    watchlist_note: str | None
    liked: bool
    poster_ref: str | None
    # Whether any viewing of the film is a rewatch (the rule of docs/rules.md), for the wall.
    rewatched: bool = False

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


@dataclass(frozen=True)
class FilmQuery:
    """Which films a list shows and in what order."""

    kind: FilmKind = "all"
    sort: FilmSort = "title"
    descending: bool = False


@dataclass(frozen=True)
class DiaryMonth:
    """A month of the diary (``None`` month: viewings of unknown date)."""

    month: str | None  # "2025-06"; the UI names it in the user's locale
    count: int


@dataclass(frozen=True)
class DiaryRow:
    viewing_id: int
    film_id: int
    title: str
    year: int | None
    watched_on: date | None
    rewatch: bool
    where: str | None
    did_not_finish: bool
    note: str | None
    rating_tenths: int | None
    tags: tuple[str, ...] = ()  # the diary entry's tags, in their order


@dataclass(frozen=True)
class ReviewRow:
    review_id: int
    film_id: int
    title: str
    year: int | None
    rating_tenths: int | None
    headline: str
    excerpt: str
    updated_at: datetime
    draft: bool
    spoilers: bool
