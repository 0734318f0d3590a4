""" "Reminds me of" links between films: link, change the note, unlink, and read them.

A link has no direction: it is stored once per pair of films, the smaller id
first (``models.FilmLink``), and each film sees the other. Deleting either film
deletes the link (the foreign keys cascade). Links are no film detail, so
linking leaves both films' ``updated_at`` alone.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, or_, select
from sqlalchemy.orm import Session

from watchjournal.errors import NotFoundError, ValidationError
from watchjournal.journal import validate
from watchjournal.journal.base import ServiceBase
from watchjournal.journal.convert import aware, utcnow
from watchjournal.journal.types import FilmLinkPair, FilmLinkRecord, FilmSummary
from watchjournal.storage import models

MAX_LINK_NOTE_LENGTH = 300


def clean_link_note(note: str | None) -> str | None:
    """A link's note ("same one-woman-army energy"): one line, trimmed; blank is none."""
    text = validate.clean_text(note, what="the link note", multiline=False)
    if text is not None and len(text) > MAX_LINK_NOTE_LENGTH:
        raise ValidationError(f"the link note is longer than {MAX_LINK_NOTE_LENGTH} characters")
    return text


def ordered_pair(film_id: int, other_id: int) -> tuple[int, int]:
    """The pair as it is stored (smaller id first); a film cannot be linked to itself."""
    if film_id == other_id:
        raise ValidationError("a film cannot be linked to itself; choose another film")
    return (film_id, other_id) if film_id < other_id else (other_id, film_id)


def link_pairs(session: Session, film_id: int | None = None) -> tuple[FilmLinkPair, ...]:
    """The links of one film, or of the whole journal, as stored (what an export writes)."""
    link = models.FilmLink
    statement = select(link.film_id, link.other_id, link.note, link.created_at)
    if film_id is not None:
        statement = statement.where(or_(link.film_id == film_id, link.other_id == film_id))
    rows = session.execute(statement.order_by(link.film_id, link.other_id))
    return tuple(
        FilmLinkPair(row.film_id, row.other_id, row.note, aware(row.created_at)) for row in rows
    )


def restore_links(session: Session, pairs: tuple[FilmLinkPair, ...]) -> None:
    """Put back the links of a deleted film (its undo) whose other film is still there."""
    for pair in pairs:
        present = session.scalars(
            select(models.Film.id).where(models.Film.id.in_((pair.film_id, pair.other_id)))
        ).all()
        if len(present) == 2 and _find_link(session, pair.film_id, pair.other_id) is None:
            created = pair.created_at.replace(tzinfo=None)
            session.add(
                models.FilmLink(
                    film_id=pair.film_id, other_id=pair.other_id, note=pair.note, created_at=created
                )
            )


def _summary(row: Any) -> FilmSummary:
    """A FilmSummary from a result row with the film's id, title, year and directors."""
    return FilmSummary(row.id, row.title, row.year, tuple(row.directors))


def _summary_of(session: Session, film_id: int) -> FilmSummary:
    film = models.Film
    row = session.execute(
        select(film.id, film.title, film.year, film.directors).where(film.id == film_id)
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"there is no film with id {film_id}")
    return _summary(row)


def _find_link(session: Session, film_id: int, other_id: int) -> models.FilmLink | None:
    first, second = ordered_pair(film_id, other_id)
    return session.scalar(
        select(models.FilmLink).where(
            models.FilmLink.film_id == first, models.FilmLink.other_id == second
        )
    )


def _record(link: models.FilmLink, film_id: int, other: FilmSummary) -> FilmLinkRecord:
    return FilmLinkRecord(link.id, film_id, other, link.note, aware(link.created_at))


class LinkOperations(ServiceBase):
    def links_of(self, film_id: int) -> list[FilmLinkRecord]:
        """The films linked to ``film_id`` (either way round), by title and year."""
        link, film = models.FilmLink, models.Film
        other_id = case((link.film_id == film_id, link.other_id), else_=link.film_id)
        statement = (
            select(
                link.id.label("link_id"),
                link.note,
                link.created_at,
                film.id,
                film.title,
                film.year,
                film.directors,
            )
            .join(film, film.id == other_id)
            .where(or_(link.film_id == film_id, link.other_id == film_id))
            .order_by(film.title_key, film.year, film.id)
        )
        with self._reading() as session:
            _summary_of(session, film_id)  # NotFoundError for a film that is not there
            return [
                FilmLinkRecord(row.link_id, film_id, _summary(row), row.note, aware(row.created_at))
                for row in session.execute(statement)
            ]

    def link_films(self, film_id: int, other_id: int, note: str | None = None) -> FilmLinkRecord:
        """Link two films (each reminds you of the other), or change an existing link's note.

        ``note`` None keeps the note of a link that is already there; a blank
        note removes it. Returns the link as ``film_id`` sees it.
        """
        first, second = ordered_pair(film_id, other_id)
        cleaned = clean_link_note(note)
        with self._writing() as session:
            _summary_of(session, film_id)
            other = _summary_of(session, other_id)
            link = _find_link(session, first, second)
            if link is None:
                link = models.FilmLink(
                    film_id=first, other_id=second, note=cleaned, created_at=utcnow()
                )
                session.add(link)
            elif note is not None:
                link.note = cleaned
            session.flush()
            return _record(link, film_id, other)

    def set_link_note(self, film_id: int, other_id: int, note: str | None) -> FilmLinkRecord:
        """Change the note of an existing link (None or blank removes it)."""
        cleaned = clean_link_note(note)
        with self._writing() as session:
            link = self._existing_link(session, film_id, other_id)
            link.note = cleaned
            session.flush()
            return _record(link, film_id, _summary_of(session, other_id))

    def unlink_films(self, film_id: int, other_id: int) -> FilmLinkRecord:
        """Remove the link between two films; returns it as ``film_id`` saw it."""
        with self._writing() as session:
            link = self._existing_link(session, film_id, other_id)
            removed = _record(link, film_id, _summary_of(session, other_id))
            session.delete(link)
            return removed

    @staticmethod
    def _existing_link(session: Session, film_id: int, other_id: int) -> models.FilmLink:
        ordered_pair(film_id, other_id)
        film, other = _summary_of(session, film_id), _summary_of(session, other_id)
        link = _find_link(session, film_id, other_id)
        if link is None:
            raise NotFoundError(f"{film.label} and {other.label} are not linked")
        return link
