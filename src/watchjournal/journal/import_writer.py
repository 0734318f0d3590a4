"""The work of one import: match and validate (the plan), then write (under the lock).

Used by ``ImportOperations.import_batch``; see journal/importing.py for the rules.
``BatchWriter.run`` only reads: it matches the batch against the journal as one
read transaction saw it, validates every row and records what to write (rows
for bulk inserts under ids it hands out, and updates of matched films) in an
``ImportWrites``. ``ImportWrites.apply`` then runs those statements, in order,
in the write transaction: bulk ``executemany`` through SQLAlchemy Core on the
service's own session, so database triggers (the search index) see them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session, selectinload

from watchjournal.errors import ValidationError
from watchjournal.journal import validate
from watchjournal.journal.convert import utcnow
from watchjournal.journal.film_fields import (
    FILM_FIELDS,
    UNIQUE_FIELDS,
    column_value,
    column_values,
    is_empty,
)
from watchjournal.journal.films import clean_film_fields
from watchjournal.journal.import_collections import (
    add_list_entries,
    add_watchlist_entries,
    naive,
    table_of,
)
from watchjournal.journal.import_links import add_film_links
from watchjournal.journal.import_types import (
    ImportBatch,
    ImportFilm,
    ImportFormatError,
    ImportReport,
    ImportReview,
    ProgressCallback,
)
from watchjournal.journal.import_writes import ImportWrites
from watchjournal.journal.reviews import clean_review_fields
from watchjournal.journal.types import FilmFields, ReviewFields
from watchjournal.storage import models

CHUNK = 500
STEPS = 6
_UNLINKED = date.max  # stands for "a review tied to no viewing" in matching keys
_UNIQUE = tuple(field.name for field in UNIQUE_FIELDS)
# Which id matches a film first: IMDb's, then Letterboxd's, then TMDB's.
_MATCH_ORDER = ("imdb_id", "letterboxd_uri", "tmdb_id")


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _has_diary(film: ImportFilm) -> bool:
    return any(not viewing.implied for viewing in film.viewings)


class BatchWriter:
    """Plans one import from what ``session`` reads; never writes through it."""

    def __init__(
        self, session: Session, batch: ImportBatch, progress: ProgressCallback | None
    ) -> None:
        self.session = session
        self.writes = ImportWrites(session.get_bind().dialect)
        self._next_ids: dict[str, int] = {}
        self.batch = batch
        self.now = utcnow()
        self.report = ImportReport(
            kind=batch.kind,
            skipped=list(batch.skipped),
            notes=list(batch.notes),
            warnings=list(batch.warnings),  # files the reader left out, said with the result
        )
        self._progress = progress
        self.film_ids: list[int] = []
        self.viewing_ids: list[list[int | None]] = []
        self.tag_ids: dict[str, int] | None = None
        self._viewing_days: dict[int, date | None] = {}

    def step(self, number: int, text: str) -> None:
        if self._progress is not None:
            self._progress(number, STEPS, text)

    def run(self) -> ImportReport:
        """Match and validate; the report, and ``self.writes`` to apply under the lock."""
        self.step(0, "Matching films")
        cleaned = [self._clean(film) for film in self.batch.films]
        self._films(cleaned)
        self.step(1, "Adding viewings")
        self._viewings()
        self.step(2, "Adding reviews")
        self._reviews()
        self.step(3, "Updating the watchlist")
        add_watchlist_entries(self)
        self.step(4, "Adding lists")
        add_list_entries(self)
        add_film_links(self)
        self._orphan_tags()
        return self.report

    @staticmethod
    def _clean(film: ImportFilm) -> FilmFields:
        try:
            return clean_film_fields(film.fields)
        except ValidationError as exc:
            raise ImportFormatError(f"{validate.shorten(film.label)}: {exc}", film.origin) from None

    # Films ---------------------------------------------------------------

    def _films(self, cleaned: list[FilmFields]) -> None:
        rows = self.session.execute(
            select(
                models.Film.id,
                *(getattr(models.Film, name) for name in _UNIQUE),
                models.Film.title_key,
                models.Film.year,
                models.Film.directors,
            )
        ).all()
        owners: dict[str, dict[Any, int]] = {name: {} for name in _UNIQUE}
        by_title: dict[tuple[str, int | None], list[Any]] = defaultdict(list)
        for row in rows:
            for name in _UNIQUE:
                if getattr(row, name) is not None:
                    owners[name][getattr(row, name)] = row.id
            by_title[(row.title_key, row.year)].append(row)
        targets: list[int | None] = []
        for fields in cleaned:
            found = self._match(fields, owners, by_title)
            targets.append(found)
        self._merge_existing(cleaned, targets, owners)
        self._insert_new(cleaned, targets, owners)

    @staticmethod
    def _match(
        fields: FilmFields,
        owners: dict[str, dict[Any, int]],
        by_title: dict[tuple[str, int | None], list[Any]],
    ) -> int | None:
        for name in _MATCH_ORDER:
            value = getattr(fields, name)
            if value is not None and value in owners[name]:
                return owners[name][value]
        wanted = {validate.fold_key(d) for d in fields.directors}
        for row in by_title.get((validate.fold_key(fields.title), fields.year), []):
            if fields.imdb_id and row.imdb_id and row.imdb_id != fields.imdb_id:
                continue
            if fields.tmdb_id and row.tmdb_id and row.tmdb_id != fields.tmdb_id:
                continue
            theirs = {validate.fold_key(d) for d in row.directors}
            if wanted and theirs and not wanted & theirs:
                continue
            return int(row.id)
        return None

    def _merge_existing(
        self,
        cleaned: list[FilmFields],
        targets: list[int | None],
        owners: dict[str, dict[Any, int]],
    ) -> None:
        matched = sorted({t for t in targets if t is not None})
        films: dict[int, models.Film] = {}
        for chunk in _chunks(matched):
            statement = (
                select(models.Film)
                .where(models.Film.id.in_(chunk))
                .options(selectinload(models.Film.where_to_watch))
            )
            films.update((f.id, f) for f in self.session.scalars(statement))
        updates: list[dict[str, Any]] = []
        for fields, target in zip(cleaned, targets, strict=True):
            if target is None:
                continue
            self.report.films_merged += 1
            changes = self._fill_in(films[target], fields, owners)
            if changes:
                self.report.films_changed += 1
                updates.append({"id": target, **changes, "updated_at": self.now})
                self.writes.film_ids.add(target)
        # ORM bulk UPDATE by primary key (it groups rows by the columns they set).
        self.writes.execute(update(models.Film), updates)

    def _fill_in(
        self, film: models.Film, fields: FilmFields, owners: dict[str, dict[Any, int]]
    ) -> dict[str, Any]:
        """The details a matched film lacks (never what is there), as column values."""
        changes: dict[str, Any] = {}
        for field in FILM_FIELDS:
            value, current = getattr(fields, field.name), getattr(film, field.name)
            if not field.fill_in or is_empty(value) or not is_empty(current):
                continue
            if field.unique and value in owners[field.name]:
                continue
            if field.kind == "streaming":
                self._add_streaming(film.id, fields)
            else:
                changes[field.name] = column_value(field, fields)
            if field.unique:
                owners[field.name][value] = film.id
            if field.name == "liked":
                self.report.likes_added += 1
            changes.setdefault("updated_at", self.now)
        return changes

    def _add_streaming(self, film_id: int, fields: FilmFields) -> None:
        rows = [
            {"film_id": film_id, "service": o.service, "checked_on": o.checked_on, "position": p}
            for p, o in enumerate(fields.where_to_watch)
        ]
        self.writes.insert(table_of(models.StreamingOption), rows)

    def _insert_new(
        self,
        cleaned: list[FilmFields],
        targets: list[int | None],
        owners: dict[str, dict[Any, int]],
    ) -> None:
        new = [i for i, target in enumerate(targets) if target is None]
        rows = []
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
                {
                    **column_values(fields),
                    "title_key": validate.fold_key(fields.title),
                    "created_at": created,
                    "updated_at": naive(source.updated_at, created),
                }
            )
        ids = self.insert_rows(models.Film, rows)
        self.report.films_added += len(ids)
        self.report.likes_added += sum(1 for row in rows if row["liked"])
        for i, film_id in zip(new, ids, strict=True):
            targets[i] = film_id
            self._add_streaming(film_id, cleaned[i])
        self.film_ids = [t for t in targets if t is not None]

    def insert_rows(self, model: type[models.Base], rows: list[dict[str, Any]]) -> list[int]:
        """Plan inserting rows under new ids, returned in order.

        The ids are handed out here: the plan is only applied if nobody wrote
        to the journal since it was read (AUTOINCREMENT's high-water mark is
        respected so ids are never reused); an ordered ``INSERT ... RETURNING``
        would be run one row per statement on SQLite.
        """
        if not rows:
            return []
        table = table_of(model)
        if table.name not in self._next_ids:
            self._next_ids[table.name] = self._first_free_id(table.name, table.c.id)
        first = self._next_ids[table.name]
        self._next_ids[table.name] = first + len(rows)
        ids = list(range(first, first + len(rows)))
        self.writes.insert(table, [{**row, "id": id_} for row, id_ in zip(rows, ids, strict=True)])
        return ids

    def _first_free_id(self, table_name: str, id_column: Any) -> int:
        highest = self.session.scalar(select(func.max(id_column))) or 0
        sequence = self.session.scalar(
            text("SELECT seq FROM sqlite_sequence WHERE name = :name"), {"name": table_name}
        )
        return max(highest, sequence or 0) + 1

    # Viewings and reviews -------------------------------------------------

    def _existing(self, model: type[Any], *columns: Any) -> list[Any]:
        ids = sorted(set(self.film_ids))
        found: list[Any] = []
        for chunk in _chunks(ids):
            statement = select(*columns).where(model.film_id.in_(chunk)).order_by(model.id)
            found.extend(self.session.execute(statement).all())
        return found

    def _viewings(self) -> None:
        viewings = self._existing(
            models.Viewing, models.Viewing.id, models.Viewing.film_id, models.Viewing.watched_on
        )
        self._viewing_days = {row.id: row.watched_on for row in viewings}
        free: dict[tuple[int, date | None], list[int]] = defaultdict(list)
        watched: set[int] = set()
        for row in viewings:
            free[(row.film_id, row.watched_on)].append(row.id)
            watched.add(row.film_id)
        pending: list[tuple[int, int]] = []
        rows: list[dict[str, Any]] = []
        for index, (film, film_id) in enumerate(zip(self.batch.films, self.film_ids, strict=True)):
            mapping: list[int | None] = []
            for number, viewing in enumerate(film.viewings):
                same_day = free.get((film_id, viewing.watched_on))
                if viewing.implied and (film_id in watched or _has_diary(film)):
                    mapping.append(None)
                    self.report.viewings_already_there += 1
                elif same_day:
                    mapping.append(same_day.pop(0))
                    self.report.viewings_already_there += 1
                else:
                    mapping.append(None)
                    pending.append((index, number))
                    rows.append(self._viewing_row(film, film_id, number))
            watched.update([film_id] if film.viewings else [])
            self.viewing_ids.append(mapping)
        for (index, number), new_id in zip(
            pending, self.insert_rows(models.Viewing, rows), strict=True
        ):
            self.viewing_ids[index][number] = new_id
        self.writes.film_ids.update(row["film_id"] for row in rows)
        self.report.viewings_added += len(rows)

    def _viewing_row(self, film: ImportFilm, film_id: int, number: int) -> dict[str, Any]:
        viewing = film.viewings[number]
        try:
            return {
                "film_id": film_id,
                "watched_on": validate.check_watch_date(viewing.watched_on),
                "rewatch_override": viewing.rewatch_override,
                "where": validate.clean_text(viewing.where, what="where", multiline=False),
                "did_not_finish": viewing.did_not_finish,
                "note": validate.clean_text(viewing.note, what="the viewing note"),
                "created_at": naive(viewing.created_at, self.now),
            }
        except ValidationError as exc:
            raise ImportFormatError(f"{validate.shorten(film.label)}: {exc}", film.origin) from None

    def _reviews(self) -> None:
        existing = self._existing(
            models.Review,
            models.Review.film_id,
            models.Review.viewing_id,
            models.Review.rating_tenths,
            models.Review.headline,
            models.Review.body,
        )
        seen: dict[tuple[Any, ...], int] = defaultdict(int)
        rated = set()
        for row in existing:
            day = _UNLINKED if row.viewing_id is None else self._viewing_days.get(row.viewing_id)
            seen[(row.film_id, day, row.headline, row.body)] += 1
            if row.rating_tenths is not None:
                rated.add(row.film_id)
        added: list[tuple[int, ReviewFields, ImportReview]] = []
        for index, (film, film_id) in enumerate(zip(self.batch.films, self.film_ids, strict=True)):
            for review in film.reviews:
                fields = self._review_fields(film, review.viewing, index, review)
                viewing = film.viewings[review.viewing] if review.viewing is not None else None
                day = _UNLINKED if viewing is None else viewing.watched_on
                key = (film_id, day, fields.headline, fields.body)
                if review.implied and film_id in rated:
                    self.report.reviews_already_there += 1
                    continue
                if seen[key] > 0:
                    seen[key] -= 1
                    self.report.reviews_already_there += 1
                    continue
                if fields.rating_tenths is not None:
                    rated.add(film_id)
                added.append((film_id, fields, review))
        self._insert_reviews(added)

    def _review_fields(
        self, film: ImportFilm, viewing: int | None, index: int, review: ImportReview
    ) -> ReviewFields:
        viewing_id = None if viewing is None else self.viewing_ids[index][viewing]
        try:
            return clean_review_fields(
                ReviewFields(
                    rating_tenths=review.rating_tenths,
                    headline=review.headline,
                    body=review.body,
                    tags=review.tags,
                    spoilers=review.spoilers,
                    draft=review.draft,
                    viewing_id=viewing_id,
                )
            )
        except ValidationError as exc:
            raise ImportFormatError(f"{validate.shorten(film.label)}: {exc}", film.origin) from None

    def _insert_reviews(self, added: list[tuple[int, ReviewFields, ImportReview]]) -> None:
        rows = []
        for film_id, fields, review in added:
            created = naive(review.created_at, self.now)
            rows.append(
                {
                    "film_id": film_id,
                    "viewing_id": fields.viewing_id,
                    "rating_tenths": fields.rating_tenths,
                    "headline": fields.headline,
                    "body": fields.body,
                    "spoilers": fields.spoilers,
                    "draft": fields.draft,
                    "created_at": created,
                    "updated_at": naive(review.updated_at, created),
                }
            )
        ids = self.insert_rows(models.Review, rows)
        self.writes.film_ids.update(film_id for film_id, _fields, _review in added)
        self.report.reviews_added += len(ids)
        links: list[dict[str, int]] = []
        revisions: list[dict[str, Any]] = []
        for review_id, (_, fields, review) in zip(ids, added, strict=True):
            links.extend({"review_id": review_id, "tag_id": self._tag(t)} for t in fields.tags)
            revisions.extend(
                {
                    "review_id": review_id,
                    "rating_tenths": validate.check_rating_tenths(r.rating_tenths),
                    "headline": r.headline,
                    "body": r.body,
                    "saved_at": naive(r.saved_at, self.now),
                }
                for r in review.revisions
            )
        self.writes.insert(models.review_tags, links)
        self.writes.insert(table_of(models.ReviewRevision), revisions)

    def _tag(self, name: str) -> int:
        if self.tag_ids is None:
            rows = self.session.execute(select(models.Tag.name_key, models.Tag.id)).all()
            self.tag_ids = {row.name_key: row.id for row in rows}
        key = validate.fold_key(name)
        if key not in self.tag_ids:
            self.tag_ids[key] = self.insert_rows(models.Tag, [{"name": name, "name_key": key}])[0]
            self.report.tags_added += 1
        return self.tag_ids[key]

    def _orphan_tags(self) -> None:
        for name in self.batch.tags:
            clean = validate.clean_text(name, what="a tag", multiline=False)
            if clean:
                self._tag(clean)
