"""Plain data passed in and out of the journal service (never live ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


def film_label(title: str, year: int | None) -> str:
    """``Ballerina (2023)``: how films are named in messages."""
    return f"{title} ({year})" if year else title


def long_film_label(title: str, year: int | None, directors: tuple[str, ...]) -> str:
    """``Ballerina (2023, Lee Chung-hyun)``: tells same-titled films apart."""
    details = [str(year)] if year else []
    if directors:
        details.append(", ".join(directors))
    return f"{title} ({', '.join(details)})" if details else title


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
    tags: tuple[str, ...] = ()  # the diary entry's own tags, in the order given

    def fields(self) -> ViewingFields:
        """What the user set on this entry (the rewatch override, not the derived flag)."""
        return ViewingFields(
            watched_on=self.watched_on,
            where=self.where,
            note=self.note,
            rewatch=self.rewatch_override,
            did_not_finish=self.did_not_finish,
            tags=self.tags,
        )


@dataclass(frozen=True)
class ViewingFields:
    """Everything a user sets on a diary entry; used for logging and editing.

    ``rewatch`` is the user's override (None: the rewatch rule decides, see
    ``storage.models.is_rewatch``).
    """

    watched_on: date | None
    where: str | None = None
    note: str | None = None
    rewatch: bool | None = None
    did_not_finish: bool = False
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeletedViewing:
    """A deleted diary entry and what undoing the delete needs to put it back exactly:
    the ids of the reviews that were about it (they stay, about no viewing)."""

    viewing: ViewingRecord
    review_ids: tuple[int, ...] = ()


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
class LogEntry:
    """One "Log" (Letterboxd's word): a diary entry and, in the same write, a rating
    and review of it and the film's like, any of them left out.

    ``review`` None leaves reviews alone; otherwise it is written about the
    logged viewing (its own ``viewing_id`` is ignored): as a change to review
    ``review_id`` when that is given, else as a new review. ``liked`` None
    leaves the film's like as it is.
    """

    viewing: ViewingFields
    review: ReviewFields | None = None
    review_id: int | None = None
    liked: bool | None = None


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
    # Raised by every save (see journal/reviews.py: several machines at once).
    version: int = 1
    # Set on the result of a save that found the review saved on another machine
    # since the editor loaded it: that text was kept in the review's history.
    edited_elsewhere: bool = False

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
    # Only in the snapshot ``delete_film`` returns: the links its undo puts back.
    links: tuple[FilmLinkPair, ...] = field(default=(), repr=False)

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
        return film_label(self.title, self.year)

    @property
    def long_label(self) -> str:
        """``Ballerina (2023, Lee Chung-hyun)``: tells same-titled films apart."""
        return long_film_label(self.title, self.year, self.fields.directors)

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


@dataclass(frozen=True)
class FilmSummary:
    """Enough of a film to name it and tell same-titled films apart (a linked film)."""

    id: int
    title: str
    year: int | None
    directors: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """``Kate (2021)``."""
        return film_label(self.title, self.year)

    @property
    def long_label(self) -> str:
        """``Ballerina (2023, Lee Chung-hyun)``."""
        return long_film_label(self.title, self.year, self.directors)


@dataclass(frozen=True)
class FilmLinkRecord:
    """A "reminds me of" link seen from one film (``film_id``): the other film and the note.

    A link has no direction; both films see it, each with the other as ``other``.
    """

    id: int
    film_id: int
    other: FilmSummary
    note: str | None
    created_at: datetime


@dataclass(frozen=True)
class FilmLinkPair:
    """A link as stored, once per pair (the smaller film id first): for exports."""

    film_id: int
    other_id: int
    note: str | None
    created_at: datetime
