"""Poster operations: point a film at a cached poster, and find films that have none."""

from __future__ import annotations

from sqlalchemy import or_, select

from watchjournal.journal import validate
from watchjournal.journal.base import ServiceBase
from watchjournal.journal.convert import film_record, utcnow
from watchjournal.journal.types import FilmRecord
from watchjournal.storage import models


class PosterOperations(ServiceBase):
    def set_poster(self, film_id: int, poster_ref: str | None) -> FilmRecord:
        """Set (or with None, remove) the film's poster reference; nothing else changes."""
        ref = validate.clean_text(poster_ref, what="the poster", multiline=False)
        with self._writing() as session:
            film = self._film(session, film_id)
            film.poster_ref = ref
            film.updated_at = utcnow()
            session.flush()
            return film_record(film)

    def films_without_posters(self) -> list[FilmRecord]:
        """Films with no poster reference, oldest first (for "Fetch missing posters")."""
        statement = (
            select(models.Film)
            .where(or_(models.Film.poster_ref.is_(None), models.Film.poster_ref == ""))
            .order_by(models.Film.id)
        )
        with self._reading() as session:
            return [film_record(f) for f in self._films(session, statement)]
