"""Named, ordered film lists (what Letterboxd users keep): create, rename, delete,
add, remove and move films, and read them back in order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from watchjournal.errors import NotFoundError, ValidationError
from watchjournal.journal import validate
from watchjournal.journal.base import ServiceBase
from watchjournal.journal.convert import aware, utcnow
from watchjournal.storage import models

MAX_LIST_NAME = 200


@dataclass(frozen=True)
class ListEntryRecord:
    film_id: int
    position: int
    note: str | None


@dataclass(frozen=True)
class FilmListRecord:
    id: int
    name: str
    description: str | None
    created_at: datetime
    updated_at: datetime
    entries: tuple[ListEntryRecord, ...] = ()

    @property
    def film_ids(self) -> tuple[int, ...]:
        return tuple(entry.film_id for entry in self.entries)


def list_record(film_list: models.FilmList) -> FilmListRecord:
    ordered = sorted(film_list.entries, key=lambda e: (e.position, e.id))
    return FilmListRecord(
        id=film_list.id,
        name=film_list.name,
        description=film_list.description,
        created_at=aware(film_list.created_at),
        updated_at=aware(film_list.updated_at),
        entries=tuple(
            ListEntryRecord(e.film_id, position, e.note) for position, e in enumerate(ordered)
        ),
    )


def clean_list_name(name: str) -> str:
    text = validate.clean_title(name, what="list name")
    if len(text) > MAX_LIST_NAME:
        raise ValidationError(f"the list name is longer than {MAX_LIST_NAME} characters")
    return text


class ListOperations(ServiceBase):
    def lists(self) -> list[FilmListRecord]:
        """All lists, by name."""
        with self._reading() as session:
            statement = (
                select(models.FilmList)
                .options(selectinload(models.FilmList.entries))
                .order_by(func.lower(models.FilmList.name), models.FilmList.id)
            )
            return [list_record(item) for item in session.scalars(statement)]

    def get_list(self, list_id: int) -> FilmListRecord:
        with self._reading() as session:
            return list_record(self._list(session, list_id))

    def create_list(self, name: str, description: str | None = None) -> FilmListRecord:
        name = clean_list_name(name)
        description = validate.clean_text(description, what="the list description")
        with self._writing() as session:
            now = utcnow()
            film_list = models.FilmList(
                name=name, description=description, created_at=now, updated_at=now
            )
            session.add(film_list)
            session.flush()
            return list_record(film_list)

    def rename_list(
        self, list_id: int, name: str, description: str | None = None
    ) -> FilmListRecord:
        name = clean_list_name(name)
        description = validate.clean_text(description, what="the list description")
        with self._writing() as session:
            film_list = self._list(session, list_id)
            film_list.name = name
            if description is not None:
                film_list.description = description
            film_list.updated_at = utcnow()
            session.flush()
            return list_record(film_list)

    def delete_list(self, list_id: int) -> None:
        with self._writing() as session:
            session.delete(self._list(session, list_id))

    def add_to_list(self, list_id: int, film_id: int, note: str | None = None) -> FilmListRecord:
        """Append a film to a list (a film is in a list at most once)."""
        note = validate.clean_text(note, what="the note")
        with self._writing() as session:
            film_list = self._list(session, list_id)
            self._film(session, film_id)
            if any(e.film_id == film_id for e in film_list.entries):
                raise ValidationError(f'film {film_id} is already in "{film_list.name}"')
            last = max((e.position for e in film_list.entries), default=-1)
            film_list.entries.append(
                models.FilmListEntry(film_id=film_id, position=last + 1, note=note)
            )
            film_list.updated_at = utcnow()
            session.flush()
            return list_record(film_list)

    def remove_from_list(self, list_id: int, film_id: int) -> FilmListRecord:
        with self._writing() as session:
            film_list = self._list(session, list_id)
            entry = next((e for e in film_list.entries if e.film_id == film_id), None)
            if entry is None:
                raise NotFoundError(f'film {film_id} is not in "{film_list.name}"')
            film_list.entries.remove(entry)
            film_list.updated_at = utcnow()
            session.flush()
            return list_record(film_list)

    def move_in_list(self, list_id: int, film_id: int, index: int) -> FilmListRecord:
        """Move a film to ``index`` (0-based, clamped) within the list."""
        with self._writing() as session:
            film_list = self._list(session, list_id)
            entries = sorted(film_list.entries, key=lambda e: (e.position, e.id))
            moving = next((e for e in entries if e.film_id == film_id), None)
            if moving is None:
                raise NotFoundError(f'film {film_id} is not in "{film_list.name}"')
            entries.remove(moving)
            entries.insert(max(0, min(index, len(entries))), moving)
            for position, entry in enumerate(entries):
                entry.position = position
            film_list.updated_at = utcnow()
            session.flush()
            return list_record(film_list)

    @staticmethod
    def _list(session: Session, list_id: int) -> models.FilmList:
        film_list = session.scalar(
            select(models.FilmList)
            .where(models.FilmList.id == list_id)
            .options(selectinload(models.FilmList.entries))
        )
        if film_list is None:
            raise NotFoundError(f"there is no list with id {list_id}")
        return film_list
