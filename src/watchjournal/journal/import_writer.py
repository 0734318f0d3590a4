"""The work of one import: match and validate (the plan), then write (under the lock).

Used by ``ImportOperations.import_batch``; see journal/importing.py for the rules.
``BatchWriter.run`` only reads: it matches the batch against the journal as one
read transaction saw it (``journal.import_identity``), validates every row and
records what to write (rows for bulk inserts under ids it hands out, and
updates of matched films) in an ``ImportWrites``. ``ImportWrites.apply`` then
runs those statements, in order, in the write transaction: bulk
``executemany`` through SQLAlchemy Core on the service's own session, so
database triggers (the search index) see them.

A film of the batch that matches several journal films is left out with all
its rows (``ImportReport.ambiguous``): its ``film_ids`` entry is None, and the
viewings, reviews, watchlist and list entries of such a film are skipped.

Rows are built as tuples in a fixed column order, each value checked once per
distinct value where a check depends on the value alone (dates, tag lists):
an import of 100,000 diary entries must not build and copy 100,000 dicts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, exists, func, select, text, update
from sqlalchemy.orm import Session

from watchjournal.errors import ValidationError
from watchjournal.journal import validate
from watchjournal.journal.convert import utcnow
from watchjournal.journal.film_fields import (
    COLUMN_FIELDS,
    FILM_FIELDS,
    UNIQUE_FIELDS,
    FilmField,
    column_value,
    is_empty,
)
from watchjournal.journal.films import clean_film_fields
from watchjournal.journal.import_collections import (
    add_list_entries,
    add_watchlist_entries,
    naive,
    table_of,
)
from watchjournal.journal.import_identity import MATCH_ORDER, FilmMatcher, JournalFilm
from watchjournal.journal.import_links import add_film_links
from watchjournal.journal.import_reviews import add_reviews
from watchjournal.journal.import_types import (
    ImportBatch,
    ImportFilm,
    ImportFormatError,
    ImportReport,
    ProgressCallback,
)
from watchjournal.journal.import_writes import ImportWrites, Row
from watchjournal.journal.reviews import clean_tags
from watchjournal.journal.types import FilmFields
from watchjournal.storage import models

CHUNK = 500
# The highest id a table ever handed out (ids are never reused): SQLite's
# AUTOINCREMENT table, PostgreSQL's sequence behind the id column.
_HIGH_WATER = {
    "sqlite": "SELECT seq FROM sqlite_sequence WHERE name = :name",
    "postgresql": (
        "SELECT pg_sequence_last_value(CAST(pg_get_serial_sequence(:name, 'id') AS regclass))"
    ),
}
STEPS = 6
_UNIQUE = tuple(field.name for field in UNIQUE_FIELDS)
_FILM_COLUMNS = (
    *(field.name for field in COLUMN_FIELDS),
    "title_key",
    "created_at",
    "updated_at",
    "id",
)
_VIEWING_COLUMNS = (
    "film_id",
    "watched_on",
    "rewatch_override",
    "where",
    "did_not_finish",
    "note",
    "created_at",
    "id",
)


def _has_value(field: FilmField) -> ColumnElement[Any]:
    """Whether a film has a value for ``field`` (see ``film_fields.is_empty``), in SQL:
    checked for every matched film, it must not load whole films."""
    if field.kind == "streaming":
        return exists().where(models.StreamingOption.film_id == models.Film.id)
    column: ColumnElement[Any] = getattr(models.Film, field.name)
    if field.kind == "names":  # a JSON array: empty or not, without decoding it
        return func.json_array_length(column) > 0
    if field.kind == "bool":
        return column.is_(True)
    return column.is_not(None)


_FILL_IN = tuple((field, _has_value(field)) for field in FILM_FIELDS if field.fill_in)
_FILLED = tuple(has.label(field.name) for field, has in _FILL_IN)


def chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _has_diary(film: ImportFilm) -> bool:
    return any(not viewing.implied for viewing in film.viewings)


class BatchWriter:
    """Plans one import from what ``session`` reads; never writes through it."""

    def __init__(
        self,
        session: Session,
        batch: ImportBatch,
        progress: ProgressCallback | None,
        choices: Mapping[int, int] | None = None,
    ) -> None:
        self.session = session
        self.writes = ImportWrites(session.get_bind().dialect)
        self._next_ids: dict[str, int] = {}
        self.batch = batch
        self.choices = choices
        self.now = utcnow()
        self.report = ImportReport(
            kind=batch.kind,
            skipped=list(batch.skipped),
            notes=list(batch.notes),
            warnings=list(batch.warnings),  # files the reader left out, said with the result
        )
        self._progress = progress
        # The journal film of each batch film; None: left out (it matches several films).
        self.film_ids: list[int | None] = []
        self.viewing_ids: list[list[int | None]] = []
        self.tag_ids: dict[str, int] | None = None
        self.viewing_days: dict[int, date | None] = {}
        self._tag_lists: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._tag_names: dict[str, int] = {}  # by exact name: folding is slow
        self._days: dict[date | None, date | None] = {}

    def step(self, number: int, text: str) -> None:
        if self._progress is not None:
            self._progress(number, STEPS, text)

    def run(self) -> ImportReport:
        """Match and validate; the report, and ``self.writes`` to apply under the lock."""
        self.step(0, "Matching films")
        self._films([self._clean(film) for film in self.batch.films])
        self.step(1, "Adding viewings")
        self._viewings()
        self.step(2, "Adding reviews")
        add_reviews(self)
        self.step(3, "Updating the watchlist")
        add_watchlist_entries(self)
        self.step(4, "Adding lists")
        add_list_entries(self)
        add_film_links(self)
        self._orphan_tags()
        self.viewing_days.clear()  # the plan's intermediates: only ``writes`` is needed now
        self._days.clear()
        return self.report

    @staticmethod
    def _clean(film: ImportFilm) -> FilmFields:
        try:
            return clean_film_fields(film.fields)
        except ValidationError as exc:
            raise ImportFormatError(f"{validate.shorten(film.label)}: {exc}", film.origin) from None

    def fail(self, film: ImportFilm, exc: ValidationError) -> ImportFormatError:
        """A row's problem as an import error naming the film and where it was read."""
        return ImportFormatError(f"{validate.shorten(film.label)}: {exc}", film.origin)

    # Films ---------------------------------------------------------------

    def _films(self, cleaned: list[FilmFields]) -> None:
        links = (*MATCH_ORDER, *(n for n in _UNIQUE if n not in MATCH_ORDER))
        rows = self.session.execute(
            select(
                models.Film.id,
                models.Film.title,
                models.Film.title_key,
                models.Film.year,
                models.Film.directors,
                *(getattr(models.Film, name) for name in links),
            )
        ).all()
        owners: dict[str, dict[Any, int]] = {name: {} for name in _UNIQUE}
        journal = []
        for row in rows:
            found = {name: getattr(row, name) for name in links if getattr(row, name) is not None}
            for name, value in found.items():
                owners[name][value] = row.id
            journal.append(
                JournalFilm(row.id, row.title, row.title_key, row.year, tuple(row.directors), found)
            )
        del rows
        matcher = FilmMatcher(journal, self.batch.films, cleaned, self.choices)
        identity = matcher.match()
        self._merge_existing(cleaned, identity.targets, owners)
        new_ids = self._insert_new(cleaned, identity.new, owners, matcher.keys)
        self.report.ambiguous = matcher.settle(identity, new_ids)
        self.film_ids = identity.targets

    def _merge_existing(
        self,
        cleaned: list[FilmFields],
        targets: list[int | None],
        owners: dict[str, dict[Any, int]],
    ) -> None:
        matched = sorted({t for t in targets if t is not None})
        filled: dict[int, set[str]] = {}
        for chunk in chunks(matched):
            statement = select(models.Film.id, *_FILLED).where(models.Film.id.in_(chunk))
            for row in self.session.execute(statement):
                filled[row.id] = {f.name for f, _ in _FILL_IN if getattr(row, f.name)}
        updates: list[dict[str, Any]] = []
        for fields, target in zip(cleaned, targets, strict=True):
            if target is None:
                continue
            self.report.films_merged += 1
            changes = self._fill_in(target, filled[target], fields, owners)
            if changes:
                self.report.films_changed += 1
                updates.append({"id": target, **changes, "updated_at": self.now})
                self.writes.film_ids.add(target)
        # ORM bulk UPDATE by primary key (it groups rows by the columns they set).
        self.writes.execute(update(models.Film), updates)

    def _fill_in(
        self,
        film_id: int,
        filled: set[str],
        fields: FilmFields,
        owners: dict[str, dict[Any, int]],
    ) -> dict[str, Any]:
        """The details a matched film lacks (never what is there), as column values.

        ``filled`` names the fields the film has a value for; it gains those filled in
        here, so a second film of the batch matched to it does not fill them again.
        """
        changes: dict[str, Any] = {}
        for field, _ in _FILL_IN:
            value = getattr(fields, field.name)
            if field.name in filled or is_empty(value):
                continue
            if field.unique and value in owners[field.name]:
                continue
            if field.kind == "streaming":
                self._add_streaming(film_id, fields)
            else:
                changes[field.name] = column_value(field, fields)
            filled.add(field.name)
            if field.unique:
                owners[field.name][value] = film_id
            if field.name == "liked":
                self.report.likes_added += 1
            changes.setdefault("updated_at", self.now)
        return changes

    def _add_streaming(self, film_id: int, fields: FilmFields) -> None:
        rows = [(film_id, o.service, o.checked_on, p) for p, o in enumerate(fields.where_to_watch)]
        self.writes.insert(
            table_of(models.StreamingOption), ("film_id", "service", "checked_on", "position"), rows
        )

    def _insert_new(
        self,
        cleaned: list[FilmFields],
        new: list[int],
        owners: dict[str, dict[Any, int]],
        title_keys: list[str],
    ) -> dict[int, int]:
        """Plan adding the batch films in ``new``; their new ids, by batch index."""
        columns = tuple(field.name for field in COLUMN_FIELDS)
        rows: list[Row] = []
        for i in new:
            fields, source = cleaned[i], self.batch.films[i]
            for name in _UNIQUE:
                value = getattr(fields, name)
                if value is not None and value in owners[name]:
                    raise ImportFormatError(
                        f"{validate.shorten(source.label)}: {name} {value}"
                        " is given to two different films",
                        source.origin,
                    )
                if value is not None:
                    owners[name][value] = -1
            created = naive(source.created_at, self.now)
            rows.append(
                (
                    *(getattr(fields, name) for name in columns),
                    title_keys[i],
                    created,
                    naive(source.updated_at, created),
                )
            )
        ids = self.insert_rows(models.Film, _FILM_COLUMNS, rows)
        self.report.films_added += len(ids)
        self.report.likes_added += sum(1 for i in new if cleaned[i].liked)
        for i, film_id in zip(new, ids, strict=True):
            if cleaned[i].where_to_watch:
                self._add_streaming(film_id, cleaned[i])
        return dict(zip(new, ids, strict=True))

    def insert_rows(
        self, model: type[models.Base], columns: Sequence[str], rows: list[Row]
    ) -> Sequence[int]:
        """Plan inserting rows under new ids, returned in order.

        ``columns`` names the values of each row and ends with ``"id"``, which the
        rows leave out: the ids are handed out here. The plan is only applied if
        nobody wrote to the journal since it was read (AUTOINCREMENT's
        high-water mark is respected so ids are never reused); an ordered
        ``INSERT ... RETURNING`` would be run one row per statement on SQLite.
        """
        if not rows:
            return ()
        table = table_of(model)
        if table.name not in self._next_ids:
            self._next_ids[table.name] = self._first_free_id(table.name, table.c.id)
        first = self._next_ids[table.name]
        self._next_ids[table.name] = first + len(rows)
        ids = range(first, first + len(rows))
        self.writes.insert(table, columns, rows, ids)
        return ids

    def _first_free_id(self, table_name: str, id_column: Any) -> int:
        highest = self.session.scalar(select(func.max(id_column))) or 0
        high_water = _HIGH_WATER[self.session.get_bind().dialect.name]
        sequence = self.session.scalar(text(high_water), {"name": table_name})
        return max(highest, sequence or 0) + 1

    # Viewings -------------------------------------------------------------

    def existing(self, model: type[Any], *columns: Any) -> list[Any]:
        """Rows of ``model`` that belong to the films the import goes to, by id."""
        ids = sorted({film_id for film_id in self.film_ids if film_id is not None})
        found: list[Any] = []
        for chunk in chunks(ids):
            statement = select(*columns).where(model.film_id.in_(chunk)).order_by(model.id)
            found.extend(self.session.execute(statement).all())
        return found

    def _viewings(self) -> None:
        viewings = self.existing(
            models.Viewing, models.Viewing.id, models.Viewing.film_id, models.Viewing.watched_on
        )
        self.viewing_days = {row.id: row.watched_on for row in viewings}
        free: dict[tuple[int, date | None], list[int]] = defaultdict(list)
        watched: set[int] = set()
        for row in reversed(viewings):  # popped from the end: the earliest id first
            free[(row.film_id, row.watched_on)].append(row.id)
            watched.add(row.film_id)
        del viewings
        pending: list[tuple[int, int]] = []
        rows: list[Row] = []
        for index, (film, film_id) in enumerate(zip(self.batch.films, self.film_ids, strict=True)):
            mapping: list[int | None] = [None] * len(film.viewings)
            self.viewing_ids.append(mapping)
            if film_id is None:
                continue
            diary = _has_diary(film)
            for number, viewing in enumerate(film.viewings):
                same_day = free.get((film_id, viewing.watched_on))
                if viewing.implied and (film_id in watched or diary):
                    self.report.viewings_already_there += 1
                elif same_day:
                    mapping[number] = same_day.pop()
                    self.report.viewings_already_there += 1
                else:
                    pending.append((index, number))
                    rows.append(self._viewing_row(film, film_id, number))
            if film.viewings:
                watched.add(film_id)
        ids = self.insert_rows(models.Viewing, _VIEWING_COLUMNS, rows)
        self.writes.film_ids.update(row[0] for row in rows)
        self.report.viewings_added += len(rows)
        del rows
        links: list[Row] = []
        for (index, number), new_id in zip(pending, ids, strict=True):
            self.viewing_ids[index][number] = new_id
            film = self.batch.films[index]
            tags = film.viewings[number].tags
            if tags:
                names = self.clean_tags(film, tags)
                links.extend((new_id, self.tag(name), p) for p, name in enumerate(names))
        self.writes.insert(models.viewing_tags, ("viewing_id", "tag_id", "position"), links)

    def _viewing_row(self, film: ImportFilm, film_id: int, number: int) -> Row:
        viewing = film.viewings[number]
        try:
            day = self._days.get(viewing.watched_on, date.min)
            if day == date.min:  # a day is checked once, however many viewings share it
                day = self._days[viewing.watched_on] = validate.check_watch_date(viewing.watched_on)
            return (
                film_id,
                day,
                viewing.rewatch_override,
                validate.clean_text(viewing.where, what="where", multiline=False),
                viewing.did_not_finish,
                validate.clean_text(viewing.note, what="the viewing note"),
                naive(viewing.created_at, self.now),
            )
        except ValidationError as exc:
            raise self.fail(film, exc) from None

    # Tags -----------------------------------------------------------------

    def clean_tags(self, film: ImportFilm, tags: tuple[str, ...]) -> tuple[str, ...]:
        """``reviews.clean_tags``, once per distinct list (an export repeats a few lists)."""
        names = self._tag_lists.get(tags)
        if names is None:
            try:
                names = self._tag_lists[tags] = clean_tags(tags)
            except ValidationError as exc:
                raise self.fail(film, exc) from None
        return names

    def tag(self, name: str) -> int:
        """The id of the tag ``name`` (a clean name), planning a new tag if there is none."""
        found = self._tag_names.get(name)
        if found is not None:
            return found
        if self.tag_ids is None:
            rows = self.session.execute(select(models.Tag.name_key, models.Tag.id)).all()
            self.tag_ids = {row.name_key: row.id for row in rows}
        key = validate.fold_key(name)
        if key not in self.tag_ids:
            new = self.insert_rows(models.Tag, ("name", "name_key", "id"), [(name, key)])
            self.tag_ids[key] = new[0]
            self.report.tags_added += 1
        found = self._tag_names[name] = self.tag_ids[key]
        return found

    def _orphan_tags(self) -> None:
        for name in self.batch.tags:
            clean = validate.clean_text(name, what="a tag", multiline=False)
            if clean:
                self.tag(clean)
