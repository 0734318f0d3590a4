"""Plain data passed in and out of the journal service (never live ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class StreamingInfo:
    """A service a film streams on, and the day that was checked."""

    service: str
    checked_on: date | None = None


@dataclass(frozen=True)
class FilmFields:
    """Everything a user can set on a film; used for adding and editing."""

    title: str
    original_title: str | None = None
    year: int | None = None
    directors: tuple[str, ...] = ()
    cast: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    runtime: int | None = None
    synopsis: str | None = None
    imdb_id: str | None = None
    tmdb_id: int | None = None
    letterboxd_uri: str | None = None
    trakt_id: int | None = None
    where_to_watch: tuple[StreamingInfo, ...] = ()
    poster_ref: str | None = None
    liked: bool = False
    content_notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class WatchlistInfo:
    added_at: datetime
    position: int
    note: str | None


@dataclass(frozen=True)
class ViewingRecord:
    id: int
    film_id: int
    watched_on: date | None
    rewatch: bool
    rewatch_override: bool | None
    where: str | None
    did_not_finish: bool
    note: str | None
    created_at: datetime
    # The diary entry's own tags (Letterboxd's diary tags), in their order.
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviewFields:
    """What a user writes in a review; ``rating_tenths`` 64 means 6.4/10."""

    rating_tenths: int | None = None
    headline: str = ""
    body: str = ""
    tags: tuple[str, ...] = ()
    spoilers: bool = False
    draft: bool = False
    viewing_id: int | None = None


@dataclass(frozen=True)
class ReviewRecord:
    id: int
    film_id: int
    viewing_id: int | None
    rating_tenths: int | None
    headline: str
    body: str
    tags: tuple[str, ...]
    spoilers: bool
    draft: bool
    created_at: datetime
    updated_at: datetime

    @property
    def rating(self) -> float | None:
        return None if self.rating_tenths is None else self.rating_tenths / 10

    def fields(self) -> ReviewFields:
        return ReviewFields(
            rating_tenths=self.rating_tenths,
            headline=self.headline,
            body=self.body,
            tags=self.tags,
            spoilers=self.spoilers,
            draft=self.draft,
            viewing_id=self.viewing_id,
        )


@dataclass(frozen=True)
class RevisionRecord:
    """An earlier version of a review, as it was until ``saved_at``."""

    id: int
    review_id: int
    rating_tenths: int | None
    headline: str
    body: str
    saved_at: datetime


@dataclass(frozen=True)
class FilmRecord:
    """A film with its watchlist entry, diary and reviews.

    ``rating_review_id`` names the review whose rating is the film's rating, as
    chosen by the one rating rule (``storage.models.rating_precedence``, see
    docs/rules.md) when the record was read; ``rating_tenths`` and ``rating``
    read it, so no code works the rule out again.
    """

    id: int
    fields: FilmFields
    created_at: datetime
    updated_at: datetime
    watchlist: WatchlistInfo | None = None
    viewings: tuple[ViewingRecord, ...] = ()
    reviews: tuple[ReviewRecord, ...] = ()
    revisions: tuple[RevisionRecord, ...] = field(default=(), repr=False)
    rating_review_id: int | None = None

    @property
    def title(self) -> str:
        return self.fields.title

    @property
    def year(self) -> int | None:
        return self.fields.year

    @property
    def on_watchlist(self) -> bool:
        return self.watchlist is not None

    @property
    def label(self) -> str:
        """``Ballerina (2023)``: how films are named in messages."""
        return f"{self.title} ({self.year})" if self.year else self.title

    @property
    def long_label(self) -> str:
        """``Ballerina (2023, Lee Chung-hyun)``: tells same-titled films apart."""
        details = [str(self.year)] if self.year else []
        if self.fields.directors:
            details.append(", ".join(self.fields.directors))
        return f"{self.title} ({', '.join(details)})" if details else self.title

    @property
    def rating_review(self) -> ReviewRecord | None:
        """The review that gives the film its rating (None: the film is unrated)."""
        return next((r for r in self.reviews if r.id == self.rating_review_id), None)

    @property
    def rating_tenths(self) -> int | None:
        """The film's rating ("your rating") in tenths: 64 means 6.4/10."""
        review = self.rating_review
        return None if review is None else review.rating_tenths

    @property
    def rating(self) -> float | None:
        """The film's rating on the 10-point scale (6.4), or None."""
        tenths = self.rating_tenths
        return None if tenths is None else tenths / 10

    @property
    def last_watched(self) -> date | None:
        dates = [v.watched_on for v in self.viewings if v.watched_on is not None]
        return max(dates) if dates else None
