"""Turning ORM rows into the plain records the service hands out."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from watchjournal.journal.film_fields import from_columns
from watchjournal.journal.types import (
    FilmFields,
    FilmRecord,
    ReviewRecord,
    RevisionRecord,
    StreamingInfo,
    ViewingRecord,
    WatchlistInfo,
)
from watchjournal.storage import models


def utcnow() -> datetime:
    """The time stored in the journal: naive UTC, to the microsecond."""
    return datetime.now(UTC).replace(tzinfo=None)


def aware(stamp: datetime) -> datetime:
    return stamp.replace(tzinfo=UTC)


def film_fields(film: models.Film) -> FilmFields:
    options = tuple(StreamingInfo(o.service, o.checked_on) for o in film.where_to_watch)
    return from_columns(film, options)


def viewing_order_key(viewing: Any) -> tuple[date, int]:
    # A viewing of unknown date counts as the earliest: it was logged as "seen before".
    return (viewing.watched_on or date.min, viewing.id)


def viewing_records(viewings: list[models.Viewing]) -> tuple[ViewingRecord, ...]:
    """Viewings in diary order (a viewing just added in this session is sorted in too).

    ``rewatch`` is the mapped ``models.Viewing.rewatch``: the one rewatch rule.
    """
    ordered = sorted(viewings, key=viewing_order_key)
    return tuple(viewing_record(v, tuple(tag.name for tag in v.tags)) for v in ordered)


def viewing_record(viewing: Any, tags: tuple[str, ...]) -> ViewingRecord:
    """A viewing's record from its row (an ORM viewing or a result row with ``rewatch``)."""
    return ViewingRecord(
        id=viewing.id,
        film_id=viewing.film_id,
        watched_on=viewing.watched_on,
        rewatch=bool(viewing.rewatch),
        rewatch_override=viewing.rewatch_override,
        where=viewing.where,
        did_not_finish=viewing.did_not_finish,
        note=viewing.note,
        created_at=aware(viewing.created_at),
        tags=tags,
    )


def review_record(review: Any, tags: tuple[str, ...] | None = None) -> ReviewRecord:
    """A review's record from its row (an ORM review, or a result row and its ``tags``)."""
    return ReviewRecord(
        id=review.id,
        film_id=review.film_id,
        viewing_id=review.viewing_id,
        rating_tenths=review.rating_tenths,
        headline=review.headline,
        body=review.body,
        tags=tuple(tag.name for tag in review.tags) if tags is None else tags,
        spoilers=review.spoilers,
        draft=review.draft,
        created_at=aware(review.created_at),
        updated_at=aware(review.updated_at),
        version=review.version,
    )


def revision_record(revision: models.ReviewRevision) -> RevisionRecord:
    return RevisionRecord(
        id=revision.id,
        review_id=revision.review_id,
        rating_tenths=revision.rating_tenths,
        headline=revision.headline,
        body=revision.body,
        saved_at=aware(revision.saved_at),
    )


def film_record(film: models.Film, *, with_revisions: bool = False) -> FilmRecord:
    entry = film.watchlist_entry
    return FilmRecord(
        id=film.id,
        fields=film_fields(film),
        created_at=aware(film.created_at),
        updated_at=aware(film.updated_at),
        watchlist=(
            WatchlistInfo(aware(entry.added_at), entry.position, entry.note) if entry else None
        ),
        viewings=viewing_records(film.viewings),
        reviews=tuple(review_record(review) for review in film.reviews),
        revisions=(
            tuple(revision_record(rev) for review in film.reviews for rev in review.revisions)
            if with_revisions
            else ()
        ),
        rating_review_id=film.rating_review_id,
    )
