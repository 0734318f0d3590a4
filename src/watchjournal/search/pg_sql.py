"""Turning the query AST into SQL on PostgreSQL's search documents (``pg_schema``).

Every word or phrase becomes a tsquery made in the database from the user's
words (``watchjournal_search_query``: the parser reads them, never the tsquery
syntax). A query compiles to two parts that must both hold:

- ``query``: one tsquery on the film's weighted ``document``, which the GIN index
  answers (``a && b``, ``a || b``, ``!!a``);
- ``exact``: SQL for what that tsquery cannot say alone: a field (``title:x`` is
  ``x`` in the document, and then in the title's own tsvector), a range, a
  state, ``like:`` and ``content:``.

A phrase every match must hold (``required_phrases``) also narrows the films
by its adjacent word pairs (``pairs_query``, ``pg_pairs``) before ``<->``.

``NumberRange``, ``DateRange`` and ``Is`` are the same SQL as on SQLite
(``sql.filter_condition``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import (
    ARRAY,
    Boolean,
    ColumnElement,
    Integer,
    String,
    and_,
    any_,
    bindparam,
    case,
    column,
    exists,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
    table,
    union,
)
from sqlalchemy.dialects.postgresql import TSVECTOR

from watchjournal.search import pg_pairs
from watchjournal.search.index import COLUMNS, FIELD_COLUMNS, REVIEW_IDS_COLUMN, STRONG_COLUMNS
from watchjournal.search.pg_schema import (
    DOCUMENT,
    FOLD_FUNCTION,
    QUERY_FUNCTION,
    SIMPLE,
    TABLE,
    strong_vector,
    vector_column,
)
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
    Text,
)
from watchjournal.search.sql import filter_condition
from watchjournal.storage import models

documents = table(
    TABLE,
    column("film_id", Integer),
    column(DOCUMENT, TSVECTOR),
    column(pg_pairs.PAIRS, TSVECTOR),
    column(pg_pairs.OVERFLOWED, Boolean),
    *(column(name, String) for name in (*COLUMNS, REVIEW_IDS_COLUMN)),
    *(column(vector_column(name), TSVECTOR) for name in COLUMNS),
)

Condition = ColumnElement[bool]
TsQuery = ColumnElement[object]
# The words of titles and people: the expression of pg_schema.STRONG_INDEX, as the
# planner must see it to use that index.
STRONG: ColumnElement[object] = literal_column(f"({strong_vector(TABLE + '.')})")


def text_query(leaf: Text, *, stem: bool = True) -> TsQuery:
    """The tsquery of one word or phrase (NUL is no character PostgreSQL stores)."""
    words = leaf.text.replace("\x00", " ")
    query: TsQuery = getattr(func, QUERY_FUNCTION)(
        bindparam(None, words, String), literal(leaf.prefix), literal(stem)
    )
    return query


def pairs_query(leaf: Text) -> TsQuery:
    """The tsquery on ``pairs`` of a word or phrase (NULL for a single word): every
    film ``text_query(leaf)`` matches in its document has these pairs."""
    words = leaf.text.replace("\x00", " ")
    query: TsQuery = getattr(func, pg_pairs.PAIRS_QUERY_FUNCTION)(
        bindparam(None, words, String), literal(leaf.prefix), literal(True)
    )
    return query


_SEVERAL_WORDS = re.compile(r"\w\W+\w")


def required_phrases(node: Node) -> list[Text]:
    """The leaves of several words (``"a b"``, ``ok-ju``) that every match holds:
    the query itself or a part of its top-level AND (not under OR or NOT)."""
    if isinstance(node, Text):
        return [node] if _SEVERAL_WORDS.search(node.text) else []
    if isinstance(node, And):
        return [leaf for child in node.children for leaf in required_phrases(child)]
    return []


def without(node: Node, leaves: list[Text]) -> Node | None:
    """``node`` without these leaves of its top-level AND (None: nothing is left)."""
    if isinstance(node, Text):
        return None if node in leaves else node
    if isinstance(node, And):
        kept = [k for child in node.children if (k := without(child, leaves)) is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else And(tuple(kept))
    return node


def once(query: TsQuery) -> TsQuery:
    """``query`` made once per statement where it is used for every row (a rank, a
    snippet), not where an index reads it (its words then weigh in the plan).

    psycopg prepares a statement run five times; PostgreSQL may then plan it once
    for any parameters, and such a generic plan calls ``watchjournal_search_query``
    for every row instead of once: ``ts_rank`` over 160 matches took 5 to 9 ms
    instead of 3. A scalar subquery is computed once either way.
    """
    made: TsQuery = select(query).scalar_subquery()
    return made


def one_of(column: ColumnElement[int], ids: list[int]) -> Condition:
    """``column`` is one of ``ids``, bound as one array: psycopg parses the text of a
    long statement again each time it runs, and 50 to 1,000 placeholders cost 1-2 ms."""
    among: Condition = column == any_(bindparam(None, ids, ARRAY(Integer)))
    return among


def matches(vector: ColumnElement[object], query: TsQuery) -> Condition:
    return vector.bool_op("@@")(query)


def field_vector(leaf: Text) -> ColumnElement[object]:
    """The tsvector a text leaf is looked for in: its field's, or the whole document."""
    if leaf.field is None:
        return documents.c[DOCUMENT]
    return documents.c[vector_column(FIELD_COLUMNS[leaf.field])]


@dataclass(frozen=True)
class Compiled:
    """A node as ``document @@ query`` (None: no tsquery) and ``exact`` (None: the
    tsquery alone is exact). Both hold for exactly the films the node finds."""

    query: TsQuery | None
    exact: Condition | None

    @property
    def pure(self) -> bool:
        return self.query is not None and self.exact is None

    def condition(self) -> Condition:
        """The whole node as one SQL condition."""
        if self.query is None:
            assert self.exact is not None
            return self.exact
        found = matches(documents.c[DOCUMENT], self.query)
        return found if self.exact is None else and_(found, self.exact)


def compile_node(node: Node, per_film: bool = False) -> Compiled:
    """The SQL of ``node`` on ``films`` joined with ``documents`` (``per_film``: a
    rating range asks each film, ``sql.condition``)."""
    if isinstance(node, Text):
        query = text_query(node)
        if node.field is None:
            return Compiled(query, None)
        exact = matches(field_vector(node), query)
        if FIELD_COLUMNS[node.field] in STRONG_COLUMNS:
            # Through the index of titles and people: "director:x" then reads the films
            # with x there, not every film with x in a review.
            exact = and_(matches(STRONG, query), exact)
        return Compiled(query, exact)
    if isinstance(node, And):
        return _conjunction([compile_node(child, per_film) for child in node.children])
    if isinstance(node, Or):
        return _alternatives([compile_node(child, per_film) for child in node.children])
    if isinstance(node, Not):
        child = compile_node(node.child, per_film)
        if child.pure:
            return Compiled(func.tsquery_not(child.query), None)
        return Compiled(None, not_(child.condition()))
    if isinstance(node, Linked):
        return Compiled(None, _linked_condition(node))
    if isinstance(node, ContentNote):
        return Compiled(None, _content_condition(node))
    if isinstance(node, NumberRange | DateRange | Is):
        return Compiled(None, filter_condition(node, per_film))
    raise AssertionError(f"no SQL for {node!r}")  # pragma: no cover


def _conjunction(children: list[Compiled]) -> Compiled:
    queries = [child.query for child in children if child.query is not None]
    query = queries[0] if queries else None
    for other in queries[1:]:
        query = func.tsquery_and(query, other)
    exacts = [child.exact for child in children if child.exact is not None]
    if not exacts:
        return Compiled(query, None)
    # Pure children hold through the joint tsquery; the others add their SQL.
    return Compiled(query, and_(*exacts))


def _alternatives(children: list[Compiled]) -> Compiled:
    if all(child.pure for child in children):
        query = children[0].query
        for other in children[1:]:
            query = func.tsquery_or(query, other.query)
        return Compiled(query, None)
    exact = or_(*(child.condition() for child in children))
    if all(child.query is not None for child in children):
        query = children[0].query
        for other in children[1:]:
            query = func.tsquery_or(query, other.query)
        return Compiled(query, exact)
    return Compiled(None, exact)


def _linked_condition(node: Linked) -> Condition:
    """Films linked, either way round, to a film whose title matches ``node.title``."""
    query = text_query(node.title)
    titled = select(documents.c.film_id).where(
        matches(documents.c[DOCUMENT], query), matches(field_vector(node.title), query)
    )
    link = models.FilmLink
    linked = union(
        select(link.film_id).where(link.other_id.in_(titled)),
        select(link.other_id).where(link.film_id.in_(titled)),
    )
    return models.Film.id.in_(linked)


def _content_condition(node: ContentNote) -> Condition:
    """Films with a content note holding the words of ``node`` next to each other, in
    order, folded but not stemmed (as ``search.notes`` does on SQLite)."""
    query = text_query(Text(node.text, prefix=node.prefix), stem=False)
    stored = models.Film.content_notes
    # A list by the app; anything else (hand-edited) has no notes rather than an error.
    as_list = case(
        (func.json_typeof(stored) == "array", stored), else_=literal_column("'[]'::json")
    )
    notes = func.json_array_elements_text(as_list).table_valued("value")
    words = func.to_tsvector(
        literal_column(f"'{SIMPLE}'::regconfig"), getattr(func, FOLD_FUNCTION)(notes.c.value)
    )
    # Most films have no notes: skipping their (empty) list first is cheaper.
    has_notes = func.json_array_length(as_list) > 0
    return and_(has_notes, exists().select_from(notes).where(matches(words, query)))
