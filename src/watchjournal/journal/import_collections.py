"""Watchlist entries and list entries of an import (part of BatchWriter's plan).

New watchlist entries go to the end of the watchlist in the batch's order; a
list whose name matches an existing list (ignoring case and accents) is
merged into it, films already in it staying where they are.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import TYPE_CHECKING, cast

from sqlalchemy import Table, func, select

from watchjournal.errors import ValidationError
from watchjournal.journal import validate
from watchjournal.journal.import_types import ImportFormatError
from watchjournal.journal.lists import clean_list_name
from watchjournal.storage import models

if TYPE_CHECKING:
    from watchjournal.journal.import_writer import BatchWriter


def table_of(model: type[models.Base]) -> Table:
    """A model's Core table: bulk inserts go through Core, not the ORM."""
    return cast(Table, model.__table__)


def naive(stamp: datetime | None, default: datetime) -> datetime:
    """A stored timestamp: naive UTC, or ``default`` when the import gives none."""
    return default if stamp is None else stamp.replace(tzinfo=None)


def add_watchlist_entries(writer: BatchWriter) -> None:
    on_list = set(writer.session.scalars(select(models.WatchlistEntry.film_id)))
    last = writer.session.scalar(select(func.max(models.WatchlistEntry.position)))
    position = -1 if last is None else last
    wanted = [
        (film.watchlist.position, index)
        for index, film in enumerate(writer.batch.films)
        if film.watchlist is not None
    ]
    rows: list[tuple[object, ...]] = []
    film_ids: list[int] = []
    for _, index in sorted(wanted, key=lambda item: (item[0] is None, item[0] or 0, item[1])):
        film, film_id = writer.batch.films[index], writer.film_ids[index]
        if film_id is None or film_id in on_list or film.watchlist is None:
            continue  # None: left out, it matches several journal films
        on_list.add(film_id)
        film_ids.append(film_id)
        position += 1
        note = validate.clean_text(film.watchlist.note, what="the watchlist note")
        added = naive(film.watchlist.added_at, writer.now)
        rows.append((film_id, added, position, note))
    columns = ("film_id", "added_at", "position", "note")
    writer.writes.insert(table_of(models.WatchlistEntry), columns, rows)
    writer.writes.film_ids.update(film_ids)
    writer.report.watchlist_added += len(rows)


def add_list_entries(writer: BatchWriter) -> None:
    existing = {
        validate.fold_key(row.name): row.id
        for row in writer.session.execute(select(models.FilmList.id, models.FilmList.name))
    }
    members: dict[int, set[int]] = defaultdict(set)
    last: dict[int, int] = defaultdict(lambda: -1)
    for row in writer.session.execute(
        select(
            models.FilmListEntry.list_id,
            models.FilmListEntry.film_id,
            models.FilmListEntry.position,
        )
    ):
        members[row.list_id].add(row.film_id)
        last[row.list_id] = max(last[row.list_id], row.position)
    entries = []
    for item in writer.batch.lists:
        try:
            name = clean_list_name(item.name)
            description = validate.clean_text(item.description, what="the list description")
        except ValidationError as exc:
            raise ImportFormatError(str(exc), item.origin) from None
        list_id = existing.get(validate.fold_key(name))
        if list_id is None:
            created = naive(item.created_at, writer.now)
            new_list = {
                "name": name,
                "description": description,
                "ranked": item.ranked,
                "created_at": created,
                "updated_at": naive(item.updated_at, created),
            }
            columns = (*new_list, "id")
            list_id = existing[validate.fold_key(name)] = writer.insert_rows(
                models.FilmList, columns, [tuple(new_list.values())]
            )[0]
            writer.report.lists_added += 1
        else:
            writer.report.lists_merged += 1
        for entry in item.entries:
            film_id = writer.film_ids[entry.film]
            if film_id is None or film_id in members[list_id]:
                continue  # None: left out, it matches several journal films
            members[list_id].add(film_id)
            last[list_id] += 1
            note = validate.clean_text(entry.note, what="the list note")
            entries.append((list_id, film_id, last[list_id], note))
    columns = ("list_id", "film_id", "position", "note")
    writer.writes.insert(table_of(models.FilmListEntry), columns, entries)
    writer.report.list_entries_added += len(entries)
