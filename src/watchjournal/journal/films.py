"""Film operations: add, edit, like, delete with undo, look up and list."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from watchjournal.errors import (
    AmbiguousFilmError,
    DuplicateFilmError,
    NotFoundError,
    ValidationError,
)
from watchjournal.journal import validate
from watchjournal.journal.base import ServiceBase
from watchjournal.journal.convert import film_record, utcnow
from watchjournal.journal.film_fields import (
    FILM_FIELDS,
    UNIQUE_FIELDS,
    FilmField,
    column_values,
)
from watchjournal.journal.links import link_pairs, restore_links
from watchjournal.journal.types import FilmFields, FilmRecord, StreamingInfo
from watchjournal.storage import models

_TITLE_YEAR_RE = re.compile(r"(?P<title>.*\S)\s*\((?P<year>\d{4})\)")
_ID_RE = re.compile(r"(?:#|id:)(?P<id>\d+)")

FilmListKind = Literal["all", "watched", "watchlist"]


def _check_tmdb_id(value: int | None) -> int | None:
    # SQLite integers stop at 2**63 - 1; a bigger id is no TMDB id either.
    if value is not None and not 0 < value < 2**63:
        raise ValidationError(f"TMDB id {value} is not a positive number")
    return value


MAX_CONTENT_NOTE_LENGTH = 120
MAX_CONTENT_NOTES = 20


def clean_content_notes(notes: tuple[str, ...]) -> tuple[str, ...]:
    """Content notes ("sexual violence", "animal harm"): short phrases, one line each,
    trimmed, blanks and repeats (ignoring case and accents) dropped, the order kept.

    A few short phrases are what a reader scans before watching; a paragraph
    belongs in a review, so a long note or a long list is refused, not cut.
    """
    cleaned = validate.clean_names(notes, what="a content note")
    for note in cleaned:
        if len(note) > MAX_CONTENT_NOTE_LENGTH:
            raise ValidationError(
                f"the content note {validate.quote(note)} is longer than"
                f" {MAX_CONTENT_NOTE_LENGTH} characters; keep it to a short phrase"
            )
    if len(cleaned) > MAX_CONTENT_NOTES:
        raise ValidationError(
            f"a film can have at most {MAX_CONTENT_NOTES} content notes ({len(cleaned)} given)"
        )
    return cleaned


# Fields with a check of their own; the others are cleaned by their kind.
_SPECIAL_CHECKS: dict[str, Callable[[Any], Any]] = {
    "title": validate.clean_title,
    "year": validate.check_year,
    "runtime": validate.check_runtime,
    "imdb_id": validate.check_imdb_id,
    "tmdb_id": _check_tmdb_id,
    "content_notes": clean_content_notes,
}


def _clean_value(field: FilmField, value: Any) -> Any:
    if field.name in _SPECIAL_CHECKS:
        return _SPECIAL_CHECKS[field.name](value)
    if field.kind in ("line", "text"):
        return validate.clean_text(value, what=field.what, multiline=field.kind == "text")
    if field.kind == "names":
        return validate.clean_names(value, what=field.what)
    if field.kind == "streaming":
        return _clean_streaming(value)
    return value


def clean_film_fields(fields: FilmFields) -> FilmFields:
    """Validate and normalise everything a user typed about a film."""
    return FilmFields(**{f.name: _clean_value(f, getattr(fields, f.name)) for f in FILM_FIELDS})


def _clean_streaming(options: tuple[StreamingInfo, ...]) -> tuple[StreamingInfo, ...]:
    names = validate.clean_names((o.service for o in options), what="a streaming service")
    checked = {validate.fold_key(o.service.strip()): o.checked_on for o in options}
    return tuple(StreamingInfo(name, checked[validate.fold_key(name)]) for name in names)


def streaming_options(fields: FilmFields) -> list[models.StreamingOption]:
    return [
        models.StreamingOption(service=o.service, checked_on=o.checked_on, position=index)
        for index, o in enumerate(fields.where_to_watch)
    ]


def apply_film_fields(film: models.Film, fields: FilmFields) -> None:
    for name, value in column_values(fields).items():
        setattr(film, name, value)
    film.title_key = validate.fold_key(fields.title)
    film.where_to_watch = streaming_options(fields)
    film.updated_at = utcnow()


class FilmOperations(ServiceBase):
    def get_film(self, film_id: int) -> FilmRecord:
        with self._reading() as session:
            return film_record(self._film(session, film_id))

    def add_film(
        self,
        fields: FilmFields,
        *,
        watchlist: bool = False,
        watchlist_note: str | None = None,
        allow_duplicate: bool = False,
    ) -> FilmRecord:
        """Add a film; a same-titled film of the same year needs ``allow_duplicate``."""
        fields = clean_film_fields(fields)
        note = validate.clean_text(watchlist_note, what="the watchlist note")
        with self._writing() as session:
            self._check_unique(session, fields, None, allow_duplicate)
            now = utcnow()
            film = models.Film(created_at=now)
            apply_film_fields(film, fields)
            session.add(film)
            session.flush()
            if watchlist:
                self._append_to_watchlist(session, film, note)
            session.flush()
            return film_record(self._film(session, film.id))

    def edit_film(
        self,
        film_id: int,
        fields: FilmFields,
        *,
        allow_duplicate: bool = False,
        watchlist: bool | None = None,
        watchlist_note: str | None = None,
    ) -> FilmRecord:
        """Replace a film's details; ``watchlist`` True/False also puts it on or off."""
        fields = clean_film_fields(fields)
        note = validate.clean_text(watchlist_note, what="the watchlist note")
        with self._writing() as session:
            film = self._film(session, film_id)
            if fields != film_record(film).fields:
                self._check_unique(session, fields, film_id, allow_duplicate)
                apply_film_fields(film, fields)
            if watchlist is False:
                self._take_off_watchlist(session, film, "removed")
            elif film.watchlist_entry is None and (watchlist or note is not None):
                self._append_to_watchlist(session, film, note)
            elif film.watchlist_entry is not None and watchlist_note is not None:
                film.watchlist_entry.note = note
            session.flush()
            return film_record(film)

    def set_liked(self, film_id: int, liked: bool) -> FilmRecord:
        with self._writing() as session:
            film = self._film(session, film_id)
            film.liked = liked
            film.updated_at = utcnow()
            session.flush()
            return film_record(film)

    def find_duplicates(
        self, title: str, year: int | None, *, exclude_id: int | None = None
    ) -> list[FilmRecord]:
        """Films with the same title (ignoring case and accents) and a compatible year."""
        with self._reading() as session:
            return [film_record(f) for f in self._same_title(session, title, year, exclude_id)]

    def _same_title(
        self, session: Session, title: str, year: int | None, exclude_id: int | None
    ) -> list[models.Film]:
        statement = select(models.Film).where(models.Film.title_key == validate.fold_key(title))
        if year is not None:
            statement = statement.where(or_(models.Film.year == year, models.Film.year.is_(None)))
        if exclude_id is not None:
            statement = statement.where(models.Film.id != exclude_id)
        return self._films(session, statement.order_by(models.Film.id))

    def _check_unique(
        self, session: Session, fields: FilmFields, film_id: int | None, allow_duplicate: bool
    ) -> None:
        for field in UNIQUE_FIELDS:
            value, name = getattr(fields, field.name), field.unique
            if value is None:
                continue
            column = getattr(models.Film, field.name)
            owner = session.scalar(select(models.Film).where(column == value))
            if owner is not None and owner.id != film_id:
                label = film_record(self._film(session, owner.id)).label
                raise ValidationError(f"{name} {value} already belongs to {label} (id {owner.id})")
        if not allow_duplicate:
            same = self._same_title(session, fields.title, fields.year, film_id)
            if same:
                raise DuplicateFilmError([film_record(f) for f in same])

    def delete_film(self, film_id: int) -> FilmRecord:
        """Delete a film with its viewings, reviews and links; returns what undo needs."""
        with self._writing() as session:
            film = self._film(session, film_id)
            for review in film.reviews:
                _ = review.revisions  # load them into the snapshot
            snapshot = replace(
                film_record(film, with_revisions=True), links=link_pairs(session, film_id)
            )
            session.delete(film)  # its links go with it (the foreign keys cascade)
            return snapshot

    def restore_film(self, snapshot: FilmRecord) -> FilmRecord:
        """Undo a delete: put the film back with its ids, diary, reviews and history."""
        # Lazy: a cycle (restore builds films with this module's apply_film_fields).
        from watchjournal.journal.restore import insert_snapshot

        with self._writing() as session:
            if session.get(models.Film, snapshot.id) is not None:
                raise ValidationError(f"{snapshot.label} is already in the journal")
            try:  # another film may have taken its IMDb id (or the like) since the delete
                self._check_unique(session, snapshot.fields, None, allow_duplicate=True)
            except ValidationError as exc:
                raise ValidationError(f"{snapshot.label} cannot be put back: {exc}") from None
            insert_snapshot(session, snapshot)
            session.flush()
            restore_links(session, snapshot.links)
            session.flush()
            return film_record(self._film(session, snapshot.id))

    def resolve_film(self, reference: str) -> FilmRecord:
        """Find one film by ``#id``/id, ``Title (Year)`` or an unambiguous title."""
        text = reference.strip()
        if not text:
            raise ValidationError("no film given")
        with self._reading() as session:
            if match := _ID_RE.fullmatch(text):
                number = validate.parse_whole(match["id"], "film id", "a whole number")
                return film_record(self._film(session, validate.check_id(number, what="film id")))
            candidates = self._by_reference(session, text)
            bare = _as_film_id(text)  # a title made of digits too large is no id
            by_id = session.get(models.Film, bare) if bare is not None else None
            if by_id is not None and by_id not in candidates:
                candidates.append(self._film(session, by_id.id))
            if len(candidates) == 1:
                return film_record(candidates[0])
            if not candidates:
                raise NotFoundError(self._not_found_message(session, text))
            raise AmbiguousFilmError(text, [film_record(f) for f in candidates])

    def _by_reference(self, session: Session, text: str) -> list[models.Film]:
        statement = select(models.Film).order_by(models.Film.year, models.Film.id)
        exact = self._films(
            session, statement.where(models.Film.title_key == validate.fold_key(text))
        )
        if exact:
            return exact
        if match := _TITLE_YEAR_RE.fullmatch(text):
            key = validate.fold_key(match["title"])
            return self._films(
                session,
                statement.where(
                    models.Film.title_key == key, models.Film.year == int(match["year"])
                ),
            )
        return []

    def _not_found_message(self, session: Session, text: str) -> str:
        key = validate.fold_key(_TITLE_YEAR_RE.sub(r"\g<title>", text))
        pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        similar = self._films(
            session,
            select(models.Film)
            .where(models.Film.title_key.like(pattern, escape="\\"))
            .order_by(models.Film.title_key)
            .limit(5),
        )
        message = f'no film in the journal matches "{text}"'
        if similar:
            names = ", ".join(film_record(f).label for f in similar)
            message += f" (did you mean: {names}?)"
        return message

    def list_films(self, kind: FilmListKind = "all") -> list[FilmRecord]:
        statement = select(models.Film).order_by(
            models.Film.title_key, models.Film.year, models.Film.id
        )
        if kind == "watched":
            statement = statement.where(models.Film.viewings.any())
        elif kind == "watchlist":
            statement = statement.where(models.Film.watchlist_entry.has())
        with self._reading() as session:
            return [film_record(film) for film in self._films(session, statement)]


def _as_film_id(text: str) -> int | None:
    """``text`` as a film id, or None when it is not one SQLite could hold."""
    try:
        return validate.check_id(validate.parse_whole(text, "film id", "a whole number"))
    except ValidationError:
        return None
