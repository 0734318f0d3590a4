"""Reading the full records of many films at once, from plain rows.

A page of search results needs the records of 50 films with their streaming
options, watchlist entry, diary and reviews. Loading them as ORM objects
(``FILM_PARTS``) spends most of its time building and tracking objects that are
turned into records and dropped; here each part is one plain query whose rows
become records directly, through the same builders as ``convert.film_record``
and the same mapped expressions for the derived values (the film's rating
review, a viewing's rewatch flag), so both ways give equal records (tested).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import BindParameter, Row, Select, bindparam, select
from sqlalchemy.orm import Session

from watchjournal.journal.convert import aware, review_record, viewing_order_key, viewing_record
from watchjournal.journal.film_fields import from_columns
from watchjournal.journal.types import (
    FilmRecord,
    ReviewRecord,
    StreamingInfo,
    ViewingRecord,
    WatchlistInfo,
)
from watchjournal.storage import models

Tags = dict[int, tuple[str, ...]]
# Every query takes its ids as one expanding parameter: the statement is the same each
# time (compiled once), and 50 ids are not 50 bound literals to build.
_IDS: BindParameter[Any] = bindparam("ids", expanding=True)


def _tags_statement(owner: Any) -> Select[*tuple[Any, ...]]:
    """Tag names of the owners ``_IDS`` (a review or a viewing: ``owner`` is the link
    table's column naming it), in the order they were given."""
    link = owner.table
    return (
        select(owner, models.Tag.name)
        .join(models.Tag, models.Tag.id == link.c.tag_id)
        .where(owner.in_(_IDS))
        .order_by(owner, link.c.position)
    )


# Each statement is built once: building one (coercing its columns and clauses) cost as
# much as running it.
_film = models.Film
_FILMS = select(*_film.__table__.columns, _film.rating_review_id.label("rating_review_id")).where(
    _film.id.in_(_IDS)
)
_option = models.StreamingOption
_STREAMING = (
    select(_option.film_id, _option.service, _option.checked_on)
    .where(_option.film_id.in_(_IDS))
    .order_by(_option.film_id, _option.position, _option.id)
)
_entry = models.WatchlistEntry
_WATCHLIST = select(_entry.film_id, _entry.added_at, _entry.position, _entry.note).where(
    _entry.film_id.in_(_IDS)
)
_viewing = models.Viewing
_VIEWINGS = select(*_viewing.__table__.columns, _viewing.rewatch.label("rewatch")).where(
    _viewing.film_id.in_(_IDS)
)
_VIEWING_TAGS = _tags_statement(models.viewing_tags.c.viewing_id)
_review = models.Review
_REVIEWS = (
    select(*_review.__table__.columns)
    .where(_review.film_id.in_(_IDS))
    .order_by(_review.film_id, _review.id)
)
_REVIEW_TAGS = _tags_statement(models.review_tags.c.review_id)


def _rows(
    session: Session, statement: Select[*tuple[Any, ...]], ids: Sequence[int]
) -> Sequence[Row[*tuple[Any, ...]]]:
    return session.connection().execute(statement, {"ids": list(ids)}).all()


def _tags(session: Session, statement: Select[*tuple[Any, ...]], owners: Sequence[int]) -> Tags:
    if not owners:
        return {}
    names: defaultdict[int, list[str]] = defaultdict(list)
    for owner_id, name in _rows(session, statement, owners):
        names[owner_id].append(name)
    return {owner_id: tuple(found) for owner_id, found in names.items()}


def _streaming(session: Session, film_ids: Sequence[int]) -> dict[int, list[StreamingInfo]]:
    found: defaultdict[int, list[StreamingInfo]] = defaultdict(list)
    for film_id, service, checked_on in _rows(session, _STREAMING, film_ids):
        found[film_id].append(StreamingInfo(service, checked_on))
    return found


def _watchlist(session: Session, film_ids: Sequence[int]) -> dict[int, WatchlistInfo]:
    return {
        film_id: WatchlistInfo(aware(added_at), position, note)
        for film_id, added_at, position, note in _rows(session, _WATCHLIST, film_ids)
    }


def _viewings(session: Session, film_ids: Sequence[int]) -> dict[int, list[ViewingRecord]]:
    rows = _rows(session, _VIEWINGS, film_ids)
    tags = _tags(session, _VIEWING_TAGS, [row.id for row in rows])
    found: defaultdict[int, list[ViewingRecord]] = defaultdict(list)
    for row in sorted(rows, key=viewing_order_key):  # diary order, as ``viewing_records``
        found[row.film_id].append(viewing_record(row, tags.get(row.id, ())))
    return found


def _reviews(session: Session, film_ids: Sequence[int]) -> dict[int, list[ReviewRecord]]:
    rows = _rows(session, _REVIEWS, film_ids)
    tags = _tags(session, _REVIEW_TAGS, [row.id for row in rows])
    found: defaultdict[int, list[ReviewRecord]] = defaultdict(list)
    for row in rows:
        found[row.film_id].append(review_record(row, tags.get(row.id, ())))
    return found


def film_records(session: Session, film_ids: Sequence[int]) -> dict[int, FilmRecord]:
    """The records of these films (without review revisions), by id; unknown ids are left out."""
    if not film_ids:
        return {}
    rows = _rows(session, _FILMS, film_ids)
    streaming = _streaming(session, film_ids)
    watchlist = _watchlist(session, film_ids)
    viewings = _viewings(session, film_ids)
    reviews = _reviews(session, film_ids)
    return {
        row.id: FilmRecord(
            id=row.id,
            fields=from_columns(row, tuple(streaming.get(row.id, ()))),
            created_at=aware(row.created_at),
            updated_at=aware(row.updated_at),
            watchlist=watchlist.get(row.id),
            viewings=tuple(viewings.get(row.id, ())),
            reviews=tuple(reviews.get(row.id, ())),
            rating_review_id=row.rating_review_id,
        )
        for row in rows
    }
