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

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ARRAY,
    BindParameter,
    ColumnElement,
    Integer,
    Row,
    Select,
    String,
    any_,
    bindparam,
    func,
    select,
)
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
# Every query takes its ids as one parameter: the statement is the same each time
# (compiled once), and 50 ids are not 50 bound literals to build. On SQLite a JSON
# array read by ``json_each`` (an expanding IN cost about 0.2 ms a statement to render
# its placeholders again); on PostgreSQL one array, so that the statement is short
# whatever the number of ids (psycopg parses the text of a long statement again each
# time it runs: 50 placeholders made each query of a page cost 1-2 ms).
_ID_JSON: BindParameter[Any] = bindparam("ids", type_=String)
_ID_ARRAY: BindParameter[Any] = bindparam("ids", type_=ARRAY(Integer))
_JSON_IDS = func.json_each(_ID_JSON).table_valued("value")
Among = Callable[[Any], ColumnElement[bool]]


def _in_json(column: Any) -> ColumnElement[bool]:
    among: ColumnElement[bool] = column.in_(select(_JSON_IDS.c.value))
    return among


def _in_array(column: Any) -> ColumnElement[bool]:
    among: ColumnElement[bool] = column == any_(_ID_ARRAY)
    return among


@dataclass(frozen=True)
class _Statements:
    """The seven statements of a page's records, built once: building one (coercing
    its columns and clauses) cost as much as running it; ``ids`` is the value of
    their one parameter for a list of ids."""

    ids: Callable[[Sequence[int]], Any]
    films: Select[*tuple[Any, ...]]
    streaming: Select[*tuple[Any, ...]]
    watchlist: Select[*tuple[Any, ...]]
    viewings: Select[*tuple[Any, ...]]
    viewing_tags: Select[*tuple[Any, ...]]
    reviews: Select[*tuple[Any, ...]]
    review_tags: Select[*tuple[Any, ...]]

    def rows(
        self, session: Session, statement: Select[*tuple[Any, ...]], ids: Sequence[int]
    ) -> Sequence[Row[*tuple[Any, ...]]]:
        return session.connection().execute(statement, {"ids": self.ids(ids)}).all()


def _tags_statement(owner: Any, among: Among) -> Select[*tuple[Any, ...]]:
    """Tag names of the owners ``ids`` (a review or a viewing: ``owner`` is the link
    table's column naming it), in the order they were given."""
    link = owner.table
    return (
        select(owner, models.Tag.name)
        .join(models.Tag, models.Tag.id == link.c.tag_id)
        .where(among(owner))
        .order_by(owner, link.c.position)
    )


def _statements(among: Among, ids: Callable[[Sequence[int]], Any]) -> _Statements:
    film, option, entry = models.Film, models.StreamingOption, models.WatchlistEntry
    viewing, review = models.Viewing, models.Review
    return _Statements(
        ids=ids,
        films=select(
            *film.__table__.columns, film.rating_review_id.label("rating_review_id")
        ).where(among(film.id)),
        streaming=select(option.film_id, option.service, option.checked_on)
        .where(among(option.film_id))
        .order_by(option.film_id, option.position, option.id),
        watchlist=select(entry.film_id, entry.added_at, entry.position, entry.note).where(
            among(entry.film_id)
        ),
        viewings=select(*viewing.__table__.columns, viewing.rewatch.label("rewatch")).where(
            among(viewing.film_id)
        ),
        viewing_tags=_tags_statement(models.viewing_tags.c.viewing_id, among),
        reviews=select(*review.__table__.columns)
        .where(among(review.film_id))
        .order_by(review.film_id, review.id),
        review_tags=_tags_statement(models.review_tags.c.review_id, among),
    )


_IN_JSON = _statements(_in_json, lambda ids: json.dumps([int(i) for i in ids]))
_IN_ARRAY = _statements(_in_array, list)


def _statements_for(session: Session) -> _Statements:
    return _IN_ARRAY if session.get_bind().dialect.name == "postgresql" else _IN_JSON


def _tags(
    session: Session,
    statements: _Statements,
    statement: Select[*tuple[Any, ...]],
    owners: Sequence[int],
) -> Tags:
    if not owners:
        return {}
    names: defaultdict[int, list[str]] = defaultdict(list)
    for owner_id, name in statements.rows(session, statement, owners):
        names[owner_id].append(name)
    return {owner_id: tuple(found) for owner_id, found in names.items()}


def _streaming(
    session: Session, statements: _Statements, film_ids: Sequence[int]
) -> dict[int, list[StreamingInfo]]:
    found: defaultdict[int, list[StreamingInfo]] = defaultdict(list)
    for film_id, service, checked_on in statements.rows(session, statements.streaming, film_ids):
        found[film_id].append(StreamingInfo(service, checked_on))
    return found


def _watchlist(
    session: Session, statements: _Statements, film_ids: Sequence[int]
) -> dict[int, WatchlistInfo]:
    return {
        film_id: WatchlistInfo(aware(added_at), position, note)
        for film_id, added_at, position, note in statements.rows(
            session, statements.watchlist, film_ids
        )
    }


def _viewings(
    session: Session, statements: _Statements, film_ids: Sequence[int]
) -> dict[int, list[ViewingRecord]]:
    rows = statements.rows(session, statements.viewings, film_ids)
    tags = _tags(session, statements, statements.viewing_tags, [row.id for row in rows])
    found: defaultdict[int, list[ViewingRecord]] = defaultdict(list)
    for row in sorted(rows, key=viewing_order_key):  # diary order, as ``viewing_records``
        found[row.film_id].append(viewing_record(row, tags.get(row.id, ())))
    return found


def _reviews(
    session: Session, statements: _Statements, film_ids: Sequence[int]
) -> dict[int, list[ReviewRecord]]:
    rows = statements.rows(session, statements.reviews, film_ids)
    tags = _tags(session, statements, statements.review_tags, [row.id for row in rows])
    found: defaultdict[int, list[ReviewRecord]] = defaultdict(list)
    for row in rows:
        found[row.film_id].append(review_record(row, tags.get(row.id, ())))
    return found


def film_records(session: Session, film_ids: Sequence[int]) -> dict[int, FilmRecord]:
    """The records of these films (without review revisions), by id; unknown ids are left out."""
    if not film_ids:
        return {}
    statements = _statements_for(session)
    rows = statements.rows(session, statements.films, film_ids)
    streaming = _streaming(session, statements, film_ids)
    watchlist = _watchlist(session, statements, film_ids)
    viewings = _viewings(session, statements, film_ids)
    reviews = _reviews(session, statements, film_ids)
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
