"""Named, ordered film lists (what Letterboxd users keep): create, rename, describe,
rank, delete; add, remove and move films; read them back in order, and find the
lists a film is on.

A list's name is unique in the journal, ignoring case and accents (the name is
how the CLI and the importers find a list). A list keeps its films in order
whether or not it is *ranked*; a ranked list numbers them (Letterboxd's
"ranked list"). Positions are 0-based here; front ends number from 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from watchjournal.errors import NotFoundError, ValidationError
from watchjournal.journal import validate
from watchjournal.journal.base import FILM_PARTS, ServiceBase
from watchjournal.journal.convert import aware, film_record, utcnow
from watchjournal.journal.types import FilmRecord
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
    ranked: bool = False

    @property
    def film_ids(self) -> tuple[int, ...]:
        return tuple(entry.film_id for entry in self.entries)


@dataclass(frozen=True)
class ListWithFilms:
    """A list and its films' records, in the list's order (what shows and exports read)."""

    list: FilmListRecord
    films: tuple[FilmRecord, ...]


@dataclass(frozen=True)
class ListAddition:
    """What ``add_films_to_list`` did: the list afterwards, the films added and those
    that were on it already (left where they were)."""

    list: FilmListRecord
    added: tuple[int, ...]
    already: tuple[int, ...]


@dataclass(frozen=True)
class ListMembership:
    """One list a film is on (for a film's page): where on it, and how long it is."""

    list_id: int
    name: str
    ranked: bool
    position: int  # 0-based
    size: int
    note: str | None


def list_record(film_list: models.FilmList) -> FilmListRecord:
    ordered = _ordered(film_list)
    return FilmListRecord(
        id=film_list.id,
        name=film_list.name,
        description=film_list.description,
        created_at=aware(film_list.created_at),
        updated_at=aware(film_list.updated_at),
        entries=tuple(
            ListEntryRecord(e.film_id, position, e.note) for position, e in enumerate(ordered)
        ),
        ranked=bool(film_list.ranked),
    )


def clean_list_name(name: str) -> str:
    text = validate.clean_title(name, what="list name")
    if len(text) > MAX_LIST_NAME:
        raise ValidationError(f"the list name is longer than {MAX_LIST_NAME} characters")
    return text


def _clean_description(description: str | None) -> str | None:
    return validate.clean_text(description, what="the list description")


def _ordered(film_list: models.FilmList) -> list[models.FilmListEntry]:
    return sorted(film_list.entries, key=lambda e: (e.position, e.id))


def _renumber(entries: Sequence[models.FilmListEntry]) -> None:
    for position, entry in enumerate(entries):
        entry.position = position


def _insert_at(
    entries: list[models.FilmListEntry], moving: Sequence[models.FilmListEntry], before: int | None
) -> None:
    """Put ``moving`` (in their order) before the film ``before`` (None: at the end)."""
    index = next((i for i, e in enumerate(entries) if e.film_id == before), len(entries))
    entries[index:index] = moving


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

    def resolve_list(self, reference: str) -> FilmListRecord:
        """Find a list by ``#id`` or by its name (ignoring case and accents)."""
        text = reference.strip()
        if not text:
            raise ValidationError("no list given")
        lists = self.lists()
        if text.startswith("#") and text[1:].isdigit():
            found = [x for x in lists if x.id == int(text[1:])]
        else:
            found = [x for x in lists if validate.fold_key(x.name) == validate.fold_key(text)]
        if len(found) > 1:  # made before names had to differ: the ids tell them apart
            ids = ", ".join(f"#{x.id}" for x in found)
            raise ValidationError(f'more than one list is called "{text}": give its id ({ids})')
        if not found:
            raise NotFoundError(f'there is no list called "{text}"')
        return found[0]

    def films_of_list(self, list_id: int) -> ListWithFilms:
        """A list with its films' full records, in the list's order, read at one moment."""
        with self._reading() as session:
            film_list = self._list(session, list_id)
            ids = [entry.film_id for entry in _ordered(film_list)]
            statement = select(models.Film).where(models.Film.id.in_(ids)).options(*FILM_PARTS)
            films = {film.id: film_record(film) for film in session.scalars(statement)}
            return ListWithFilms(list_record(film_list), tuple(films[i] for i in ids))

    def lists_of_film(self, film_id: int) -> list[ListMembership]:
        """The lists a film is on, by name, with its place on each."""
        entry, film_list = models.FilmListEntry, models.FilmList
        with self._reading() as session:
            self._film(session, film_id)
            on = select(entry.list_id).where(entry.film_id == film_id)
            statement = (
                select(film_list)
                .where(film_list.id.in_(on))
                .options(selectinload(film_list.entries))
                .order_by(func.lower(film_list.name), film_list.id)
            )
            found = []
            for item in session.scalars(statement):
                record = list_record(item)
                mine = next(e for e in record.entries if e.film_id == film_id)
                found.append(
                    ListMembership(
                        list_id=item.id,
                        name=item.name,
                        ranked=record.ranked,
                        position=mine.position,
                        size=len(record.entries),
                        note=mine.note,
                    )
                )
            return found

    def create_list(
        self, name: str, description: str | None = None, *, ranked: bool = False
    ) -> FilmListRecord:
        name = clean_list_name(name)
        description = _clean_description(description)
        with self._writing() as session:
            self._check_name_free(session, name)
            now = utcnow()
            film_list = models.FilmList(
                name=name, description=description, ranked=ranked, created_at=now, updated_at=now
            )
            session.add(film_list)
            session.flush()
            return list_record(film_list)

    def rename_list(
        self, list_id: int, name: str, description: str | None = None
    ) -> FilmListRecord:
        """Give a list a new name (and, unless ``description`` is None, a new description)."""
        name = clean_list_name(name)
        description = _clean_description(description)
        with self._writing() as session:
            film_list = self._list(session, list_id)
            self._check_name_free(session, name, film_list.id)
            film_list.name = name
            if description is not None:
                film_list.description = description
            return self._touched(session, film_list)

    def edit_list(
        self, list_id: int, name: str, description: str | None, ranked: bool
    ) -> FilmListRecord:
        """Set a list's name, description (None or blank: none) and ranking at once."""
        name = clean_list_name(name)
        description = _clean_description(description)
        with self._writing() as session:
            film_list = self._list(session, list_id)
            self._check_name_free(session, name, film_list.id)
            film_list.name, film_list.description, film_list.ranked = name, description, ranked
            return self._touched(session, film_list)

    def describe_list(self, list_id: int, description: str | None) -> FilmListRecord:
        """Set a list's description; None or blank removes it."""
        description = _clean_description(description)
        with self._writing() as session:
            film_list = self._list(session, list_id)
            film_list.description = description
            return self._touched(session, film_list)

    def set_list_ranked(self, list_id: int, ranked: bool) -> FilmListRecord:
        """Make a list ranked (its films numbered) or not; the order stays as it is."""
        with self._writing() as session:
            film_list = self._list(session, list_id)
            film_list.ranked = ranked
            return self._touched(session, film_list)

    def delete_list(self, list_id: int) -> None:
        """Delete a list (its films stay in the journal)."""
        with self._writing() as session:
            session.delete(self._list(session, list_id))

    def add_to_list(self, list_id: int, film_id: int, note: str | None = None) -> FilmListRecord:
        """Append a film to a list (a film is in a list at most once)."""
        note = validate.clean_text(note, what="the note")
        with self._writing() as session:
            film_list = self._list(session, list_id)
            film = self._film(session, film_id)
            if any(e.film_id == film_id for e in film_list.entries):
                label = film_record(film).label
                raise ValidationError(f'{label} is already on "{film_list.name}"')
            last = max((e.position for e in film_list.entries), default=-1)
            film_list.entries.append(
                models.FilmListEntry(film_id=film_id, position=last + 1, note=note)
            )
            return self._touched(session, film_list)

    def add_films_to_list(
        self, list_id: int, film_ids: Iterable[int], *, before: int | None = None
    ) -> ListAddition:
        """Add films (in the order given) before the film ``before`` on the list, or at
        its end; films already on it stay where they are and are reported, not refused."""
        wanted = list(dict.fromkeys(film_ids))
        with self._writing() as session:
            film_list = self._list(session, list_id)
            for film_id in wanted:
                self._film_exists(session, film_id)
            entries = _ordered(film_list)
            on_list = {e.film_id for e in entries}
            added = [i for i in wanted if i not in on_list]
            new = [models.FilmListEntry(film_id=i, position=0) for i in added]
            _insert_at(entries, new, before)
            film_list.entries.extend(new)
            _renumber(entries)
            record = self._touched(session, film_list) if new else list_record(film_list)
            return ListAddition(record, tuple(added), tuple(i for i in wanted if i in on_list))

    def remove_from_list(self, list_id: int, film_id: int) -> FilmListRecord:
        with self._writing() as session:
            film_list = self._list(session, list_id)
            entry = next((e for e in film_list.entries if e.film_id == film_id), None)
            if entry is None:
                raise NotFoundError(f'film {film_id} is not on "{film_list.name}"')
            film_list.entries.remove(entry)
            _renumber(_ordered(film_list))
            return self._touched(session, film_list)

    def move_in_list(self, list_id: int, film_id: int, index: int) -> FilmListRecord:
        """Move a film to ``index`` (0-based, clamped) within the list."""
        with self._writing() as session:
            film_list = self._list(session, list_id)
            entries = _ordered(film_list)
            moving = next((e for e in entries if e.film_id == film_id), None)
            if moving is None:
                raise NotFoundError(f'film {film_id} is not on "{film_list.name}"')
            entries.remove(moving)
            entries.insert(max(0, min(index, len(entries))), moving)
            _renumber(entries)
            return self._touched(session, film_list)

    def place_in_list(
        self, list_id: int, film_ids: Iterable[int], before: int | None
    ) -> FilmListRecord:
        """Move films already on a list, keeping their order among themselves, to just
        before the film ``before`` (None: to the end): what a drag and drop does."""
        with self._writing() as session:
            film_list = self._list(session, list_id)
            entries = _ordered(film_list)
            by_film = {e.film_id: e for e in entries}
            wanted = set(film_ids)
            missing = sorted(wanted - by_film.keys())
            if missing:
                raise NotFoundError(f'film {missing[0]} is not on "{film_list.name}"')
            moving = [e for e in entries if e.film_id in wanted]
            if before in wanted:  # dropped onto itself: before the next one that stays
                after = entries[entries.index(by_film[before]) + 1 :]
                before = next((e.film_id for e in after if e.film_id not in wanted), None)
            rest = [e for e in entries if e.film_id not in wanted]
            _insert_at(rest, moving, before)
            _renumber(rest)
            return self._touched(session, film_list)

    @staticmethod
    def _touched(session: Session, film_list: models.FilmList) -> FilmListRecord:
        film_list.updated_at = utcnow()
        session.flush()
        return list_record(film_list)

    @staticmethod
    def _check_name_free(session: Session, name: str, list_id: int | None = None) -> None:
        key = validate.fold_key(name)
        for other_id, other in session.execute(select(models.FilmList.id, models.FilmList.name)):
            if other_id != list_id and validate.fold_key(other) == key:
                raise ValidationError(f'there is already a list called "{other}"')

    @staticmethod
    def _film_exists(session: Session, film_id: int) -> None:
        if session.get(models.Film, film_id) is None:
            raise NotFoundError(f"there is no film with id {film_id}")

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
