"""Turning query nodes into SQLAlchemy conditions on ``films``.

States and ranges become EXISTS/comparison clauses; text that has to be
combined with them (``flamethrower OR is:liked``) becomes ``films.id IN
(SELECT rowid FROM search_index WHERE search_index MATCH ...)``. The MATCH
expression is always a bound parameter built by ``fts``. ``like:`` finds the
films at the other end of ``film_links`` from the films a ``title:`` MATCH
finds; ``content:`` looks into the JSON list of content notes (see ``notes``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Float,
    Integer,
    ScalarSelect,
    String,
    Subquery,
    and_,
    column,
    exists,
    false,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
    table,
    true,
    type_coerce,
    union,
)
from sqlalchemy.orm import Session, aliased

from watchjournal.search.fts import (
    NATIVE,
    NOTHING,
    Expansions,
    match_expression,
    text_expression,
)
from watchjournal.search.index import REVIEW_IDS_COLUMN, TABLE
from watchjournal.search.notes import NOTE_WORDS_FUNCTION, like_pattern
from watchjournal.search.query import (
    And,
    ContentNote,
    DateRange,
    Is,
    Linked,
    Node,
    Not,
    NumberRange,
    Or,
    State,
    leaves,
)
from watchjournal.storage import models

search_index = table(
    TABLE, column("rowid", Integer), column("rank", Float), column(REVIEW_IDS_COLUMN, String)
)

Condition = ColumnElement[bool]


def matches(expression: str) -> Condition:
    """``search_index MATCH :expression``."""
    return literal_column(TABLE).op("MATCH")(expression)


def _film_ids_matching(expression: str) -> Condition:
    ids = select(search_index.c.rowid).where(matches(expression))
    return models.Film.id.in_(ids)


def condition(node: Node, expanded: Expansions = NATIVE, per_film: bool = False) -> Condition:
    """A condition on ``films`` true exactly for the films ``node`` finds.

    ``expanded``: the words of its prefixes (``prefixes``). ``per_film``: a rating
    range asks each film for its rating (``models.film_rating_tenths``) rather than
    ranking every rated review once (``models.film_ratings``): quick for the first
    few films in some order, slow for all of them."""
    expression = match_expression(node, expanded=expanded)
    if expression == NOTHING:
        return false()
    if expression is not None:
        return _film_ids_matching(expression)
    if isinstance(node, And):
        return and_(*(condition(child, expanded, per_film) for child in node.children))
    if isinstance(node, Or):
        return or_(*(condition(child, expanded, per_film) for child in node.children))
    if isinstance(node, Not):
        return not_(condition(node.child, expanded, per_film))
    if isinstance(node, NumberRange):
        return _number_condition(node, per_film)
    if isinstance(node, DateRange):
        return _date_condition(node)
    if isinstance(node, Is):
        return _state_condition(node.state)
    if isinstance(node, Linked):
        return _linked_condition(node, expanded)
    if isinstance(node, ContentNote):
        return _content_condition(node)
    raise AssertionError(f"no SQL for {node!r}")  # pragma: no cover - Text is always FTS


# The films list's order, which a query of filters only is listed in.
TITLE_ORDER = (models.Film.title_key, models.Film.year, models.Film.id)
# How many films a query of filters with a rating range asks film by film first.
WALKED = 2000


def first_by_title(session: Session, per_film: Sequence[Condition], limit: int) -> list[int] | None:
    """The first ``limit`` films in title order that ``per_film`` keeps, looked for
    among the first WALKED films only; None when fewer are there.

    On SQLite a query of filters alone with a span of years is walked so too
    (``walks``): its first page is within a few hundred films of the titles' index,
    which holds the year, where the years' index would read and sort every film of
    those years (1 ms against 14 for four years of 100,000 films).

    A rating range over every film ranks every rated review first (about 300 ms at
    100,000 reviews on SQLite, more on PostgreSQL); asked film by film along the
    titles' index, ``rating:>=8`` has its first page within a few hundred films. A
    rating few films have would be asked of every film (750 ms for none): so the walk
    stops at the title of the WALKED-th film, and the caller runs the query as before.
    The films walked are the first in the list's order, so what the walk finds is the
    page's beginning.
    """
    bound = session.scalar(
        select(models.Film.title_key).order_by(*TITLE_ORDER).offset(WALKED - 1).limit(1)
    )
    statement = select(models.Film.id).where(*per_film)
    if bound is not None:
        statement = statement.where(models.Film.title_key <= bound)
    found = [int(i) for i in session.scalars(statement.order_by(*TITLE_ORDER).limit(limit))]
    if bound is not None and len(found) < limit:
        return None
    return found


def walks(node: Node) -> bool:
    """Whether a query of filters alone is first walked along the titles on SQLite
    (``first_by_title``): it holds a rating range, or a span of years. Not one year
    (the years' index reads a hundredth of the films, and a walk then often finds too
    few), nor a state (its films are found through its own table's index)."""
    return rates(node) or any(
        isinstance(leaf, NumberRange)
        and leaf.field == "year"
        and (leaf.low is None or leaf.high is None or leaf.low < leaf.high)
        for leaf in leaves(node)
    )


def rates(node: Node) -> bool:
    """Whether ``node`` holds a rating range (which ``per_film`` asks film by film)."""
    return any(isinstance(leaf, NumberRange) and leaf.field == "rating" for leaf in leaves(node))


def filter_condition(node: NumberRange | DateRange | Is, per_film: bool = False) -> Condition:
    """A range or a state as SQL on ``films``: plain SQL, the same on every database
    (``pg_sql`` uses it for a journal on PostgreSQL). ``per_film``: see ``condition``."""
    if isinstance(node, NumberRange):
        return _number_condition(node, per_film)
    if isinstance(node, DateRange):
        return _date_condition(node)
    return _state_condition(node.state)


def _between(value: Any, low: Any, high: Any) -> Condition:
    parts = [value.is_not(None)]
    if low is not None:
        parts.append(value >= low)
    if high is not None:
        parts.append(value <= high)
    return and_(*parts)


def _once_between(value: Any, low: Any, high: Any) -> Condition:
    """``_between`` reading ``value`` once where it can (a film's rating is a lookup,
    and PostgreSQL runs it again for each time it is named): false where it is NULL."""
    if low is None and high is None:
        return value.is_not(None)  # type: ignore[no-any-return]
    if low == high:
        test = value == low
    elif high is None:
        test = value >= low
    elif low is None:
        test = value <= high
    else:
        test = and_(value >= low, value <= high)
    found: Condition = func.coalesce(test, false(), type_=Boolean)
    return found


def _rated_films(low: Any = None, high: Any = None, per_film: bool = False) -> Condition:
    """Films whose rating (the one rating rule: ``models.film_ratings``, or film by
    film ``models.film_rating_tenths``) is in range."""
    if per_film:
        return _once_between(_rating_of_each_film(), low, high)
    ratings = _every_films_rating()
    in_range = _between(ratings.c.rating_tenths, low, high)
    return models.Film.id.in_(select(ratings.c.film_id).where(in_range))


# Built once: making them (aliases adapted column by column) cost 3-5 ms a search.
@cache
def _every_films_rating() -> Subquery:
    return models.film_ratings()


@cache
def _rating_of_each_film() -> ScalarSelect[int | None]:
    return models.film_rating_tenths(models.Film.id)


def _number_condition(node: NumberRange, per_film: bool = False) -> Condition:
    if node.field == "year":
        return _between(models.Film.year, node.low, node.high)
    if node.field == "runtime":
        return _between(models.Film.runtime, node.low, node.high)
    return _rated_films(node.low, node.high, per_film)


def _date_condition(node: DateRange) -> Condition:
    if node.field == "watched":
        watched_on = models.Viewing.watched_on
        return exists().where(
            models.Viewing.film_id == models.Film.id,
            _between(watched_on, node.start, node.end),
        )
    # created_at is a timestamp: compare against the start of the day after ``end``.
    created = models.Film.created_at
    parts = []
    if node.start is not None:
        parts.append(created >= datetime.combine(node.start, time.min))
    if node.end is not None and node.end < date.max:
        parts.append(created < datetime.combine(node.end + timedelta(days=1), time.min))
    return and_(true(), *parts)


def _has(model: Any, *criteria: Any) -> Condition:
    return exists().where(model.film_id == models.Film.id, *criteria)


def _rewatch_condition() -> Condition:
    """A film with a viewing that is a rewatch, by the one rule (``models.is_rewatch``)."""
    viewing = aliased(models.Viewing)
    return exists().where(viewing.film_id == models.Film.id, models.is_rewatch(viewing))


def _state_condition(state: State) -> Condition:
    review = models.Review
    conditions: dict[State, Any] = {
        "watchlist": lambda: _has(models.WatchlistEntry),
        "watched": lambda: _has(models.Viewing),
        "reviewed": lambda: _has(review),
        "unrated": lambda: not_(_rated_films()),
        "liked": lambda: models.Film.liked.is_(True),
        "spoilers": lambda: _has(review, review.spoilers.is_(True)),
        "rewatch": _rewatch_condition,
    }
    result: Condition = conditions[state]()
    return result


def _linked_condition(node: Linked, expanded: Expansions) -> Condition:
    """Films linked, either way round, to a film whose title matches ``node.title``."""
    title = text_expression(node.title, expanded=expanded)
    if title == NOTHING:
        return false()
    titled = select(search_index.c.rowid).where(matches(title))
    link = models.FilmLink
    linked = union(
        select(link.film_id).where(link.other_id.in_(titled)),
        select(link.other_id).where(link.film_id.in_(titled)),
    )
    return models.Film.id.in_(linked)


def _content_condition(node: ContentNote) -> Condition:
    """Films with a content note that holds the words of ``node``, next to each other."""
    pattern = like_pattern(node.text, prefix=node.prefix)
    if pattern is None:  # the parser drops such terms; nothing can match no words
        return literal(False)
    notes = func.json_each(models.Film.content_notes).table_valued("value")
    words = literal(" ") + getattr(func, NOTE_WORDS_FUNCTION)(notes.c.value) + literal(" ")
    # Most films have no notes: skipping their (empty) list first is cheaper than json_each.
    has_notes = type_coerce(models.Film.content_notes, String) != "[]"
    return and_(has_notes, exists().select_from(notes).where(words.like(pattern)))
