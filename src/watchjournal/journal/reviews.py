"""Review operations: write, revise (keeping every earlier version), tags, history."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from watchjournal.errors import NotFoundError, ValidationError
from watchjournal.journal import validate
from watchjournal.journal.base import ServiceBase
from watchjournal.journal.convert import review_record, revision_record, utcnow
from watchjournal.journal.types import ReviewFields, ReviewRecord, RevisionRecord
from watchjournal.storage import models

MAX_TAG_LENGTH = 100


def clean_review_fields(fields: ReviewFields) -> ReviewFields:
    tags = validate.clean_names(fields.tags, what="a tag")
    for tag in tags:
        if len(tag) > MAX_TAG_LENGTH or "," in tag:
            raise ValidationError(f'tag "{tag[:40]}" must be under 100 characters with no commas')
    return ReviewFields(
        rating_tenths=validate.check_rating_tenths(fields.rating_tenths),
        headline=validate.clean_text(fields.headline, what="the headline", multiline=False) or "",
        # The body keeps its inner whitespace (Markdown); only the ends are trimmed.
        body=validate.clean_text(fields.body, what="the review") or "",
        tags=tags,
        spoilers=fields.spoilers,
        draft=fields.draft,
        viewing_id=fields.viewing_id,
    )


def _content(item: models.Review | models.ReviewRevision) -> tuple[int | None, str, str]:
    return (item.rating_tenths, item.headline, item.body)


class ReviewOperations(ServiceBase):
    def get_review(self, review_id: int) -> ReviewRecord:
        with self._reading() as session:
            return review_record(self._review(session, review_id))

    def write_review(self, film_id: int, fields: ReviewFields) -> ReviewRecord:
        fields = clean_review_fields(fields)
        with self._writing() as session:
            film = self._film(session, film_id)
            self._check_viewing(session, film.id, fields.viewing_id)
            now = utcnow()
            review = models.Review(film_id=film.id, created_at=now, updated_at=now)
            self._apply(session, review, fields)
            session.add(review)
            session.flush()
            return review_record(review)

    def update_review(
        self, review_id: int, fields: ReviewFields, *, revision_grace: timedelta | None = None
    ) -> ReviewRecord:
        """Change a review, first keeping its previous text as a revision.

        ``revision_grace`` is for autosave: while the newest revision is younger
        than this, the text being replaced is an in-between state of the same
        typing session and is not kept again.
        """
        fields = clean_review_fields(fields)
        with self._writing() as session:
            review = self._review(session, review_id)
            self._check_viewing(session, review.film_id, fields.viewing_id)
            self._keep_revision(session, review, fields, revision_grace)
            self._apply(session, review, fields)
            review.updated_at = utcnow()
            session.flush()
            return review_record(review)

    def delete_review(self, review_id: int) -> ReviewRecord:
        """Delete a review with its earlier versions; returns the review as it was."""
        with self._writing() as session:
            review = self._review(session, review_id)
            record = review_record(review)
            session.delete(review)
            return record

    def review_revisions(self, review_id: int) -> list[RevisionRecord]:
        """Earlier versions of a review, newest first."""
        with self._reading() as session:
            review = self._review(session, review_id)
            return [revision_record(r) for r in reversed(review.revisions)]

    def restore_revision(self, review_id: int, revision_id: int) -> ReviewRecord:
        """Bring back an earlier version; the current text becomes a revision itself."""
        with self._reading() as session:
            review = self._review(session, review_id)
            revision = next((r for r in review.revisions if r.id == revision_id), None)
            if revision is None:
                raise NotFoundError(f"review {review_id} has no revision {revision_id}")
            fields = review_record(review).fields()
            rating, headline, body = _content(revision)
        restored = ReviewFields(
            rating_tenths=rating,
            headline=headline,
            body=body,
            tags=fields.tags,
            spoilers=fields.spoilers,
            draft=fields.draft,
            viewing_id=fields.viewing_id,
        )
        return self.update_review(review_id, restored)

    def all_tags(self) -> list[str]:
        with self._reading() as session:
            return list(session.scalars(select(models.Tag.name).order_by(models.Tag.name_key)))

    @staticmethod
    def _review(session: Session, review_id: int) -> models.Review:
        review = session.scalar(
            select(models.Review)
            .where(models.Review.id == review_id)
            .options(selectinload(models.Review.tags), selectinload(models.Review.revisions))
        )
        if review is None:
            raise NotFoundError(f"there is no review with id {review_id}")
        return review

    @staticmethod
    def _check_viewing(session: Session, film_id: int, viewing_id: int | None) -> None:
        if viewing_id is None:
            return
        viewing = session.get(models.Viewing, viewing_id)
        if viewing is None or viewing.film_id != film_id:
            raise ValidationError(f"viewing {viewing_id} is not a viewing of this film")

    @staticmethod
    def _keep_revision(
        session: Session,
        review: models.Review,
        fields: ReviewFields,
        grace: timedelta | None,
    ) -> None:
        old = _content(review)
        if old == (fields.rating_tenths, fields.headline, fields.body) or old == (None, "", ""):
            return
        latest = review.revisions[-1] if review.revisions else None
        if latest is not None and _content(latest) == old:
            return
        if grace is not None and latest is not None and latest.saved_at > utcnow() - grace:
            return
        review.revisions.append(
            models.ReviewRevision(
                rating_tenths=old[0], headline=old[1], body=old[2], saved_at=utcnow()
            )
        )

    @staticmethod
    def _apply(session: Session, review: models.Review, fields: ReviewFields) -> None:
        review.rating_tenths = fields.rating_tenths
        review.headline = fields.headline
        review.body = fields.body
        review.spoilers = fields.spoilers
        review.draft = fields.draft
        review.viewing_id = fields.viewing_id
        review.tags = [tag_named(session, name) for name in fields.tags]


def tag_named(session: Session, name: str) -> models.Tag:
    key = validate.fold_key(name)
    tag = session.scalar(select(models.Tag).where(models.Tag.name_key == key))
    if tag is None:
        tag = models.Tag(name=name, name_key=key)
        session.add(tag)
    return tag
