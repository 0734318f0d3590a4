"""Diary operations: log a viewing (taking the film off the watchlist), edit, delete."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import insert
from sqlalchemy.orm import Session

from watchjournal.errors import NotFoundError
from watchjournal.journal import validate
from watchjournal.journal.base import ServiceBase
from watchjournal.journal.convert import utcnow, viewing_records
from watchjournal.journal.reviews import clean_tags, tag_named
from watchjournal.journal.types import ViewingRecord
from watchjournal.storage import models


def write_viewing_tags(session: Session, viewing: models.Viewing, names: Iterable[str]) -> None:
    """Give a new (flushed) viewing its tags, clean names in their order.

    ``Viewing.tags`` is read-only (the order lives in ``viewing_tags.position``),
    so the rows are written here and the relationship is loaded again.
    """
    tags = [tag_named(session, name) for name in names]
    if not tags:
        return
    session.flush()  # new tags get their ids
    session.execute(
        insert(models.viewing_tags),
        [
            {"viewing_id": viewing.id, "tag_id": tag.id, "position": position}
            for position, tag in enumerate(tags)
        ],
    )
    session.expire(viewing, ["tags"])


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
        """Log a viewing; ``rewatch`` None means "work it out from earlier viewings".

        ``tags`` are the diary entry's own tags (found by ``tag:`` like a review's).
        """
        watched_on = validate.check_watch_date(watched_on)
        where = validate.clean_text(where, what="where you watched it", multiline=False)
        note = validate.clean_text(note, what="the note")
        names = clean_tags(tags)
        with self._writing() as session:
            film = self._film(session, film_id)
            viewing = models.Viewing(
                watched_on=watched_on,
                rewatch_override=rewatch,
                where=where,
                did_not_finish=did_not_finish,
                note=note,
                created_at=utcnow(),
            )
            film.viewings.append(viewing)
            film.watchlist_entry = None
            session.flush()
            write_viewing_tags(session, viewing, names)
            return next(v for v in viewing_records(film.viewings) if v.id == viewing.id)

    def get_viewing(self, viewing_id: int) -> ViewingRecord:
        with self._reading() as session:
            return self._viewing_record(self._viewing(session, viewing_id))

    def delete_viewing(self, viewing_id: int) -> ViewingRecord:
        """Delete a diary entry; returns it as it was. A review about it stays, about
        no viewing in particular (the database sets its ``viewing_id`` to NULL)."""
        with self._writing() as session:
            viewing = self._viewing(session, viewing_id)
            record = self._viewing_record(viewing)
            session.delete(viewing)
            return record

    @staticmethod
    def _viewing(session: Session, viewing_id: int) -> models.Viewing:
        viewing = session.get(models.Viewing, viewing_id)
        if viewing is None:
            raise NotFoundError(f"there is no viewing with id {viewing_id}")
        return viewing

    @staticmethod
    def _viewing_record(viewing: models.Viewing) -> ViewingRecord:
        # Whether it is a rewatch depends on the film's other viewings.
        return next(v for v in viewing_records(viewing.film.viewings) if v.id == viewing.id)
