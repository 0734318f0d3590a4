"""Putting a deleted film back exactly as it was (the undo of delete_film)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from watchjournal.journal import validate
from watchjournal.journal.diary import write_viewing_tags
from watchjournal.journal.films import apply_film_fields
from watchjournal.journal.reviews import clean_tags, write_review_tags
from watchjournal.journal.types import FilmRecord
from watchjournal.storage import models


def insert_snapshot(session: Session, snapshot: FilmRecord) -> None:
    """Insert a film snapshot (from ``delete_film``) under its original ids, with the
    tags of its diary entries and reviews in their order."""
    film = models.Film(id=snapshot.id, created_at=snapshot.created_at.replace(tzinfo=None))
    apply_film_fields(film, snapshot.fields)
    film.updated_at = snapshot.updated_at.replace(tzinfo=None)
    session.add(film)
    if snapshot.watchlist is not None:
        film.watchlist_entry = models.WatchlistEntry(
            added_at=snapshot.watchlist.added_at.replace(tzinfo=None),
            position=snapshot.watchlist.position,
            note=snapshot.watchlist.note,
        )
    viewings = [
        models.Viewing(
            id=v.id,
            watched_on=v.watched_on,
            rewatch_override=v.rewatch_override,
            where=v.where,
            did_not_finish=v.did_not_finish,
            note=v.note,
            created_at=v.created_at.replace(tzinfo=None),
        )
        for v in snapshot.viewings
    ]
    film.viewings.extend(viewings)
    session.flush()
    for viewing, v in zip(viewings, snapshot.viewings, strict=True):
        write_viewing_tags(session, viewing, clean_tags(v.tags))
    for r in snapshot.reviews:
        review = models.Review(
            id=r.id,
            film_id=film.id,
            viewing_id=r.viewing_id,
            rating_tenths=r.rating_tenths,
            headline=r.headline,
            body=r.body,
            spoilers=r.spoilers,
            draft=r.draft,
            created_at=r.created_at.replace(tzinfo=None),
            updated_at=r.updated_at.replace(tzinfo=None),
            version=r.version,
        )
        review.revisions = [
            models.ReviewRevision(
                id=rev.id,
                rating_tenths=rev.rating_tenths,
                headline=rev.headline,
                body=rev.body,
                saved_at=rev.saved_at.replace(tzinfo=None),
            )
            for rev in snapshot.revisions
            if rev.review_id == r.id
        ]
        session.add(review)
        session.flush()  # the review's row comes before its tags' rows
        write_review_tags(session, review, validate.clean_names(r.tags, what="a tag"))
