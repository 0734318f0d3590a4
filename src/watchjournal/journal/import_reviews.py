"""Reviews and ratings of an import (part of BatchWriter's plan).

A review is already there when the film has one about a viewing of the same
day (or about no viewing) with the same headline and text; a bare rating
(``ImportReview.implied``: ratings.csv, IMDb) only counts when the film has
no rating yet. So importing the same file twice adds nothing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING, Any

from watchjournal.errors import ValidationError
from watchjournal.journal import validate
from watchjournal.journal.import_collections import naive, table_of
from watchjournal.journal.import_types import ImportFilm, ImportReview
from watchjournal.journal.import_writes import Row
from watchjournal.journal.reviews import clean_review_fields
from watchjournal.journal.types import ReviewFields
from watchjournal.storage import models

if TYPE_CHECKING:
    from watchjournal.journal.import_writer import BatchWriter

_UNLINKED = date.max  # stands for "a review tied to no viewing" in matching keys
_REVIEW_COLUMNS = (
    "film_id",
    "viewing_id",
    "rating_tenths",
    "headline",
    "body",
    "spoilers",
    "draft",
    "created_at",
    "updated_at",
    "id",
)
_REVISION_COLUMNS = ("review_id", "rating_tenths", "headline", "body", "saved_at")
# A cleaned review: its fields and the import's review it came from.
_Added = tuple[int, ReviewFields, ImportReview, ImportFilm]


def add_reviews(writer: BatchWriter) -> None:
    """Plan the batch's reviews that the journal does not have yet."""
    existing = writer.existing(
        models.Review,
        models.Review.film_id,
        models.Review.viewing_id,
        models.Review.rating_tenths,
        models.Review.headline,
        models.Review.body,
    )
    seen: dict[tuple[Any, ...], int] = defaultdict(int)
    rated = set()
    for row in existing:
        day = _UNLINKED if row.viewing_id is None else writer.viewing_days.get(row.viewing_id)
        seen[(row.film_id, day, row.headline, row.body)] += 1
        if row.rating_tenths is not None:
            rated.add(row.film_id)
    del existing
    added: list[_Added] = []
    for index, (film, film_id) in enumerate(zip(writer.batch.films, writer.film_ids, strict=True)):
        if film_id is None:  # left out: it matches several journal films
            continue
        for review in film.reviews:
            fields = _fields(writer, film, index, review)
            if review.implied and film_id in rated:
                writer.report.reviews_already_there += 1
                continue
            viewing = film.viewings[review.viewing] if review.viewing is not None else None
            day = _UNLINKED if viewing is None else viewing.watched_on
            key = (film_id, day, fields.headline, fields.body)
            if seen.get(key, 0) > 0:
                seen[key] -= 1
                writer.report.reviews_already_there += 1
                continue
            if fields.rating_tenths is not None:
                rated.add(film_id)
            added.append((film_id, fields, review, film))
    _insert(writer, added)


def _fields(
    writer: BatchWriter, film: ImportFilm, index: int, review: ImportReview
) -> ReviewFields:
    number = review.viewing
    viewing_id = None if number is None else writer.viewing_ids[index][number]
    try:
        # Tags are cleaned apart, once per distinct list (see BatchWriter.clean_tags).
        return clean_review_fields(
            ReviewFields(
                rating_tenths=review.rating_tenths,
                headline=review.headline,
                body=review.body,
                spoilers=review.spoilers,
                draft=review.draft,
                viewing_id=viewing_id,
            )
        )
    except ValidationError as exc:
        raise writer.fail(film, exc) from None


def _insert(writer: BatchWriter, added: list[_Added]) -> None:
    rows: list[Row] = []
    for film_id, fields, review, _film in added:
        created = naive(review.created_at, writer.now)
        rows.append(
            (
                film_id,
                fields.viewing_id,
                fields.rating_tenths,
                fields.headline,
                fields.body,
                fields.spoilers,
                fields.draft,
                created,
                naive(review.updated_at, created),
            )
        )
    ids = writer.insert_rows(models.Review, _REVIEW_COLUMNS, rows)
    del rows
    writer.writes.film_ids.update(film_id for film_id, _fields, _review, _film in added)
    writer.report.reviews_added += len(ids)
    links: list[Row] = []
    revisions: list[Row] = []
    for review_id, (_, _fields, review, film) in zip(ids, added, strict=True):
        if review.tags:
            names = writer.clean_tags(film, review.tags)
            links.extend((review_id, writer.tag(name), p) for p, name in enumerate(names))
        for r in review.revisions:
            try:
                rating = validate.check_rating_tenths(r.rating_tenths)
            except ValidationError as exc:
                raise writer.fail(film, exc) from None
            revisions.append((review_id, rating, r.headline, r.body, naive(r.saved_at, writer.now)))
    writer.writes.insert(models.review_tags, ("review_id", "tag_id", "position"), links)
    writer.writes.insert(table_of(models.ReviewRevision), _REVISION_COLUMNS, revisions)
