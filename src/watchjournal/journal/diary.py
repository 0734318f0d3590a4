"""Diary operations: log a viewing (with its rating and review in the same write), edit
a diary entry, delete it and put it back (undo).

A diary entry's rewatch flag is derived by the one rewatch rule
(``storage.models.is_rewatch``); what is stored and edited here is only the
user's override of it. ``implied_rewatch`` asks the same rule about a viewing
not logged yet, or moved to another day, so a dialog can show what it will be.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from enum import Enum
from typing import Final

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from watchjournal.errors import NotFoundError, ValidationError
from watchjournal.journal import validate
from watchjournal.journal.base import ServiceBase
from watchjournal.journal.convert import utcnow, viewing_records
from watchjournal.journal.reviews import (
    clean_review_fields,
    clean_tags,
    insert_review,
    load_review,
    revise_review,
    write_tag_links,
)
from watchjournal.journal.types import (
    DeletedViewing,
    LogEntry,
    ReviewFields,
    ViewingFields,
    ViewingRecord,
)
from watchjournal.storage import models


class Unchanged(Enum):
    """The type of ``UNCHANGED``: a keyword left out of ``edit_viewing``."""

    UNCHANGED = "unchanged"


# None is a value a diary entry can take (no date, no note, the rule decides),
# so "leave it as it is" needs its own marker.
UNCHANGED: Final = Unchanged.UNCHANGED


def clean_viewing_fields(fields: ViewingFields) -> ViewingFields:
    return ViewingFields(
        watched_on=validate.check_watch_date(fields.watched_on),
        where=validate.clean_text(fields.where, what="where you watched it", multiline=False),
        note=validate.clean_text(fields.note, what="the note"),
        rewatch=fields.rewatch,
        did_not_finish=fields.did_not_finish,
        tags=clean_tags(fields.tags),
    )


class DiaryOperations(ServiceBase):
    def mark_watched(
        self,
        film_id: int,
        watched_on: date | None,
        *,
        where: str | None = None,
        note: str | None = None,
        did_not_finish: bool = False,
        rewatch: bool | None = None,
        tags: Iterable[str] = (),
    ) -> ViewingRecord:
        """Log a viewing; ``rewatch`` None means "work it out from earlier viewings"."""
        fields = ViewingFields(watched_on, where, note, rewatch, did_not_finish, tuple(tags))
        return self.log_viewing(film_id, LogEntry(fields))

    def log_viewing(self, film_id: int, entry: LogEntry) -> ViewingRecord:
        """Log a viewing (taking the film off the watchlist) and, in the same transaction,
        the review of it and the film's like that ``entry`` carries."""
        fields = clean_viewing_fields(entry.viewing)
        review = _clean_review(entry)
        with self._writing() as session:
            film = self._film(session, film_id)
            viewing = models.Viewing(created_at=utcnow())
            _apply_viewing(viewing, fields)
            film.viewings.append(viewing)
            self._take_off_watchlist(session, film, "watched")
            session.flush()
            write_viewing_tags(session, viewing, fields.tags)
            self._write_review_and_like(session, film, viewing, entry, review)
            return _record(session, viewing)

    def edit_log(self, viewing_id: int, entry: LogEntry) -> ViewingRecord:
        """Replace a diary entry's fields with ``entry.viewing``, and write the review
        and like ``entry`` carries, in one transaction."""
        fields = clean_viewing_fields(entry.viewing)
        review = _clean_review(entry)
        with self._writing() as session:
            viewing = self._viewing(session, viewing_id)
            _apply_viewing(viewing, fields)
            write_viewing_tags(session, viewing, fields.tags)
            self._write_review_and_like(session, viewing.film, viewing, entry, review)
            return _record(session, viewing)

    def edit_viewing(
        self,
        viewing_id: int,
        *,
        on: date | Unchanged | None = UNCHANGED,
        where: str | Unchanged | None = UNCHANGED,
        note: str | Unchanged | None = UNCHANGED,
        rewatch: bool | Unchanged | None = UNCHANGED,
        did_not_finish: bool | Unchanged = UNCHANGED,
        tags: Sequence[str] | Unchanged = UNCHANGED,
    ) -> ViewingRecord:
        """Change the parts of a diary entry that are given; the rest stays.

        ``on`` None means the date is unknown; ``rewatch`` None hands the flag
        back to the rewatch rule, True or False overrides it.
        """
        with self._writing() as session:
            viewing = self._viewing(session, viewing_id)
            current = _record(session, viewing).fields()
            fields = clean_viewing_fields(
                ViewingFields(
                    watched_on=current.watched_on if isinstance(on, Unchanged) else on,
                    where=current.where if isinstance(where, Unchanged) else where,
                    note=current.note if isinstance(note, Unchanged) else note,
                    rewatch=current.rewatch if isinstance(rewatch, Unchanged) else rewatch,
                    did_not_finish=(
                        current.did_not_finish
                        if isinstance(did_not_finish, Unchanged)
                        else did_not_finish
                    ),
                    tags=current.tags if isinstance(tags, Unchanged) else tuple(tags),
                )
            )
            _apply_viewing(viewing, fields)
            write_viewing_tags(session, viewing, fields.tags)
            return _record(session, viewing)

    def get_viewing(self, viewing_id: int) -> ViewingRecord:
        with self._reading() as session:
            return _record(session, self._viewing(session, viewing_id))

    def delete_viewing(self, viewing_id: int) -> DeletedViewing:
        """Delete a diary entry; returns it as it was, with what ``restore_viewing`` needs.

        A review about it stays, about no viewing in particular (the database
        sets its ``viewing_id`` to NULL).
        """
        with self._writing() as session:
            viewing = self._viewing(session, viewing_id)
            record = _record(session, viewing)
            reviews = session.scalars(
                select(models.Review.id)
                .where(models.Review.viewing_id == viewing.id)
                .order_by(models.Review.id)
            )
            deleted = DeletedViewing(record, tuple(reviews))
            session.delete(viewing)
            return deleted

    def restore_viewing(self, deleted: DeletedViewing) -> ViewingRecord:
        """Undo ``delete_viewing``: the entry comes back under its id, with its tags, and
        the reviews that were about it (and are still about no viewing) are again."""
        old = deleted.viewing
        with self._writing() as session:
            film = session.get(models.Film, old.film_id)
            if film is None:
                raise NotFoundError("the film of that diary entry is no longer in the journal")
            if session.get(models.Viewing, old.id) is not None:
                raise ValidationError(f"diary entry {old.id} is already in the journal")
            viewing = models.Viewing(
                id=old.id, film_id=film.id, created_at=old.created_at.replace(tzinfo=None)
            )
            _apply_viewing(viewing, old.fields())
            session.add(viewing)
            session.flush()
            write_viewing_tags(session, viewing, clean_tags(old.tags))
            session.execute(
                update(models.Review)
                .where(
                    models.Review.id.in_(deleted.review_ids),
                    models.Review.film_id == film.id,
                    models.Review.viewing_id.is_(None),
                )
                .values(viewing_id=viewing.id)
            )
            return _record(session, viewing)

    def implied_rewatch(
        self, film_id: int, watched_on: date | None, viewing_id: int | None = None
    ) -> bool:
        """Whether the rewatch rule, without an override, makes a viewing of ``film_id``
        on ``watched_on`` a rewatch: one about to be logged (``viewing_id`` None) or
        diary entry ``viewing_id`` moved to that day."""
        expression = models.rewatch_without_override(film_id, watched_on, viewing_id)
        with self._reading() as session:
            return bool(session.scalar(select(expression)))

    def last_where(self) -> str | None:
        """Where the most recently logged viewing that says where was watched."""
        statement = (
            select(models.Viewing.where)
            .where(models.Viewing.where.is_not(None))
            .order_by(models.Viewing.created_at.desc(), models.Viewing.id.desc())
            .limit(1)
        )
        with self._reading() as session:
            return session.scalar(statement)

    def _write_review_and_like(
        self,
        session: Session,
        film: models.Film,
        viewing: models.Viewing,
        entry: LogEntry,
        review: ReviewFields | None,
    ) -> None:
        stamp = utcnow()
        if review is not None:
            about = replace(review, viewing_id=viewing.id)
            if entry.review_id is None:
                insert_review(session, film.id, about, stamp)
            else:
                existing = load_review(session, entry.review_id)
                if existing.film_id != film.id:
                    raise ValidationError(f"review {entry.review_id} is not about this film")
                revise_review(session, existing, about, None, stamp)
        if entry.liked is not None and entry.liked != film.liked:
            film.liked = entry.liked
            film.updated_at = stamp
        session.flush()

    @staticmethod
    def _viewing(session: Session, viewing_id: int) -> models.Viewing:
        viewing = session.get(models.Viewing, viewing_id)
        if viewing is None:
            raise NotFoundError(f"there is no viewing with id {viewing_id}")
        return viewing


def _clean_review(entry: LogEntry) -> ReviewFields | None:
    return None if entry.review is None else clean_review_fields(entry.review)


def _apply_viewing(viewing: models.Viewing, fields: ViewingFields) -> None:
    viewing.watched_on = fields.watched_on
    viewing.where = fields.where
    viewing.note = fields.note
    viewing.rewatch_override = fields.rewatch
    viewing.did_not_finish = fields.did_not_finish


def write_viewing_tags(session: Session, viewing: models.Viewing, tags: tuple[str, ...]) -> None:
    """Make ``tags`` (cleaned) the diary entry's tags, in their order."""
    write_tag_links(session, models.viewing_tags.c.viewing_id, viewing.id, tags)


def _record(session: Session, viewing: models.Viewing) -> ViewingRecord:
    """The entry as it now is: the rewatch flags of its film's viewings are derived
    from their dates, so they are read again after a change."""
    session.flush()
    film = viewing.film
    for other in film.viewings:
        session.expire(other, ["rewatch", "tags"])
    return next(v for v in viewing_records(film.viewings) if v.id == viewing.id)
