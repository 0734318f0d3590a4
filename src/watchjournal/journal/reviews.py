"""Review operations: write, revise (keeping the versions that matter), tags, history.

Which earlier versions are kept (the revision policy, defined here once):

- an edit from outside an editing session (the CLI's ``review-edit``, restoring a
  revision) always keeps the text it replaces;
- an editor's editing session (``EditingSession``, carried from save to save)
  keeps the text as it was before the session began, and the text as it stood
  before each pause of ``REVISION_PAUSE`` or more between two of its saves;
- every other save of a session replaces an in-between state (a half-typed
  word, a slider passing through 10.0) and is not kept;
- empty text, and text equal to the newest revision, are never kept twice.

Several machines at once: every save raises the review's ``version``. An
editing session remembers the version it loaded or last saved; a save that
finds another version (another machine saved in between) keeps that text as a
revision, whatever the policy above says, saves its own, and says so
(``ReviewRecord.edited_elsewhere``, ``EDITED_ELSEWHERE``): neither text is lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Column, delete, insert, select
from sqlalchemy.orm import Session, selectinload

from watchjournal.errors import NotFoundError, ValidationError
from watchjournal.journal import validate
from watchjournal.journal.base import ServiceBase
from watchjournal.journal.convert import review_record, revision_record, utcnow
from watchjournal.journal.types import ReviewFields, ReviewRecord, RevisionRecord
from watchjournal.storage import models

MAX_TAG_LENGTH = 100
REVISION_PAUSE = timedelta(minutes=1)
EDITED_ELSEWHERE = "edited on another machine meanwhile: their text is kept in the review's history"


@dataclass(frozen=True)
class EditingSession:
    """One editor's run on one review, handed from each save to the next.

    ``last_saved`` is the ``updated_at`` this session's previous save wrote
    (None before its first save). A save that follows it within
    ``REVISION_PAUSE``, with nobody else having changed the review meanwhile,
    replaces an in-between state, which is not kept as a revision.
    """

    last_saved: datetime | None = None
    # The review's version this session loaded or last saved (None: not known).
    version: int | None = None

    @classmethod
    def of(cls, record: ReviewRecord | None) -> EditingSession:
        """A new session on the review ``record`` as loaded (None: a new review)."""
        return cls(version=None if record is None else record.version)

    def after(self, record: ReviewRecord) -> EditingSession:
        """The session as it continues after saving ``record``."""
        return EditingSession(record.updated_at, record.version)


def _stamp(now: datetime | None) -> datetime:
    """The journal's naive-UTC time for ``now`` (an aware datetime), or the current time."""
    return utcnow() if now is None else now.astimezone(UTC).replace(tzinfo=None)


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags of a review or a diary entry: trimmed, no repeats, in the order given."""
    names = validate.clean_names(tags, what="a tag")
    for tag in names:
        if len(tag) > MAX_TAG_LENGTH or "," in tag:
            raise ValidationError(f'tag "{tag[:40]}" must be under 100 characters with no commas')
    return names


def clean_review_fields(fields: ReviewFields) -> ReviewFields:
    tags = clean_tags(fields.tags)
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

    def write_review(
        self, film_id: int, fields: ReviewFields, *, now: datetime | None = None
    ) -> ReviewRecord:
        """A new review; ``now`` (aware) is for tests of the revision policy."""
        fields = clean_review_fields(fields)
        with self._writing() as session:
            film = self._film(session, film_id)
            return review_record(insert_review(session, film.id, fields, _stamp(now)))

    def update_review(
        self,
        review_id: int,
        fields: ReviewFields,
        *,
        editing: EditingSession | None = None,
        now: datetime | None = None,
    ) -> ReviewRecord:
        """Change a review, keeping the text it replaces when it matters (see above).

        ``editing`` is the editor's session (None: a one-off edit, whose
        previous text is always kept); pass ``editing.after(result)`` with the
        next save. ``now`` (aware) is for tests of the revision policy.
        """
        fields = clean_review_fields(fields)
        stamp = _stamp(now)
        with self._writing() as session:
            review = self._review(session, review_id)
            elsewhere = revise_review(session, review, fields, editing, stamp)
            return replace(review_record(review), edited_elsewhere=elsewhere)

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
        return load_review(session, review_id)


def load_review(session: Session, review_id: int) -> models.Review:
    review = session.scalar(
        select(models.Review)
        .where(models.Review.id == review_id)
        .options(selectinload(models.Review.tags), selectinload(models.Review.revisions))
    )
    if review is None:
        raise NotFoundError(f"there is no review with id {review_id}")
    return review


def insert_review(
    session: Session, film_id: int, fields: ReviewFields, stamp: datetime
) -> models.Review:
    """A new review of ``film_id`` (``fields`` already cleaned), in the caller's transaction."""
    _check_viewing(session, film_id, fields.viewing_id)
    review = models.Review(film_id=film_id, created_at=stamp, updated_at=stamp)
    session.add(review)
    _apply(session, review, fields)
    return review


def revise_review(
    session: Session,
    review: models.Review,
    fields: ReviewFields,
    editing: EditingSession | None,
    stamp: datetime,
) -> bool:
    """Change ``review`` (``fields`` already cleaned), keeping the text it replaces
    when the revision policy says so, in the caller's transaction; True when
    another machine had saved it since ``editing`` loaded it (its text is kept)."""
    _check_viewing(session, review.film_id, fields.viewing_id)
    elsewhere = (
        editing is not None and editing.version is not None and editing.version != review.version
    )
    if _worth_keeping(review, fields, None if elsewhere else editing, stamp):
        review.revisions.append(
            models.ReviewRevision(
                rating_tenths=review.rating_tenths,
                headline=review.headline,
                body=review.body,
                saved_at=stamp,
            )
        )
    review.updated_at = stamp
    review.version += 1
    _apply(session, review, fields)
    return elsewhere


def _check_viewing(session: Session, film_id: int, viewing_id: int | None) -> None:
    if viewing_id is None:
        return
    viewing = session.get(models.Viewing, viewing_id)
    if viewing is None or viewing.film_id != film_id:
        raise ValidationError(f"viewing {viewing_id} is not a viewing of this film")


def _apply(session: Session, review: models.Review, fields: ReviewFields) -> None:
    review.rating_tenths = fields.rating_tenths
    review.headline = fields.headline
    review.body = fields.body
    review.spoilers = fields.spoilers
    review.draft = fields.draft
    review.viewing_id = fields.viewing_id
    session.flush()  # a new review gets its id
    write_review_tags(session, review, fields.tags)


def _worth_keeping(
    review: models.Review, fields: ReviewFields, editing: EditingSession | None, stamp: datetime
) -> bool:
    """Whether the text ``fields`` replaces is kept as a revision (the policy above)."""
    old = _content(review)
    if old == (fields.rating_tenths, fields.headline, fields.body) or old == (None, "", ""):
        return False
    latest = review.revisions[-1] if review.revisions else None
    if latest is not None and _content(latest) == old:
        return False
    if editing is None or editing.last_saved is None:
        return True  # a one-off edit, or the first save of a session
    if editing.last_saved.astimezone(UTC).replace(tzinfo=None) != review.updated_at:
        return True  # someone else changed it since this session's last save
    return stamp - review.updated_at >= REVISION_PAUSE  # typing resumed after a pause


def write_review_tags(session: Session, review: models.Review, tags: tuple[str, ...]) -> None:
    """Make ``tags`` (cleaned) the review's tags, in their order (``review`` flushed)."""
    write_tag_links(session, models.review_tags.c.review_id, review.id, tags)
    session.expire(review, ["tags"])  # read again, in the new order


def write_tag_links(
    session: Session, owner: Column[int], owner_id: int, tags: tuple[str, ...]
) -> None:
    """Make ``tags`` (cleaned: no repeats) the tags of ``owner_id``, the ``owner``
    column's value (``review_tags.c.review_id`` or ``viewing_tags.c.viewing_id``),
    numbered in the order given.

    ``Review.tags`` and ``Viewing.tags`` are read-only (they carry the
    positions), so the rows are written here, the one place that writes them in
    a session (the importer writes them in bulk).
    """
    table = owner.table
    ids = [tag_named(session, name) for name in tags]
    session.flush()  # new tags get their ids
    session.execute(delete(table).where(owner == owner_id))
    if ids:
        session.execute(
            insert(table),
            [
                {owner.key: owner_id, "tag_id": tag.id, "position": position}
                for position, tag in enumerate(ids)
            ],
        )


def tag_named(session: Session, name: str) -> models.Tag:
    key = validate.fold_key(name)
    tag = session.scalar(select(models.Tag).where(models.Tag.name_key == key))
    if tag is None:
        tag = models.Tag(name=name, name_key=key)
        session.add(tag)
    return tag
