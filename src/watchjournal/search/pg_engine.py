"""Running a query on a journal on PostgreSQL: find the films, rank them, cut snippets.

The same three calls as ``engine`` (SQLite), over ``pg_schema``'s documents:
the query's tsquery finds candidates through the GIN index on ``document``,
``exact`` (fields, states, ranges...) keeps the right ones, and ``ts_rank``
with the column weights of ``pg_schema.WEIGHT_LABELS`` ranks them by every
word or phrase the query wants; a phrase every match holds is first looked up
by its adjacent word pairs (``pg_pairs``), so ``<->`` rechecks only the films
that have them. A word the server's statistics show in very many films is
found too many to rank by those statistics alone, or by counting one common
word's films (``pg_stats``), not every match. A query of filters alone lists
its films by title. The page's films are read as plain rows
(``journal.records``, as on SQLite); snippets come
from ``ts_headline`` over the parts of each matching column that can match
(``pg_snippets``), cut by the same ``snippets.best_snippet`` as on SQLite.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    bindparam,
    cast,
    func,
    literal_column,
    not_,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import Session

from watchjournal.journal.records import film_records
from watchjournal.journal.types import FilmRecord
from watchjournal.search import pg_pairs, pg_rebuild, pg_schema, pg_snippets, pg_stats
from watchjournal.search.index import COLUMNS, FIELD_COLUMNS, STRONG_COLUMNS
from watchjournal.search.parser import parse_query
from watchjournal.search.pg_sql import (
    STRONG,
    Compiled,
    Condition,
    TsQuery,
    compile_node,
    documents,
    matches,
    once,
    pairs_query,
    required_phrases,
    text_query,
    without,
)
from watchjournal.search.query import Node, Text, leaves, positive_texts
from watchjournal.search.results import SearchHit, Snippet
from watchjournal.search.snippets import best_snippet
from watchjournal.search.sql import TITLE_ORDER, first_by_title, rates
from watchjournal.storage import models

Ranked = list[tuple[int, float]]
# Up to this many matching films are ranked by ts_rank (as engine.RANK_ALL_LIMIT).
RANK_ALL_LIMIT = 1000
_SEVERAL_WORDS = re.compile(r"\w\W+\w")
_WEIGHTS: ColumnElement[object] = literal_column(f"'{pg_schema.RANK_WEIGHTS}'::float4[]")


def _any_of(queries: list[TsQuery]) -> TsQuery | None:
    if not queries:
        return None
    combined = queries[0]
    for other in queries[1:]:
        combined = func.tsquery_or(combined, other)
    return combined


@dataclass(frozen=True)
class Narrowed:
    """A query's required phrases as conditions on their pairs (``pg_pairs``), and the
    rest of the query: a phrase of two words is its pair, so it leaves the rest
    (checked in ``document`` only where the film's pairs overflowed)."""

    conditions: tuple[Condition, ...]
    compiled: Compiled


@dataclass(frozen=True)
class PgSearchPlan:
    """A parsed query as SQL: where it matches, and what ranks and highlights it."""

    compiled: Compiled
    wanted: tuple[Text, ...]  # the words and phrases the query asks for (not excluded)
    reads_documents: bool  # words anywhere in it (else films alone answer it)
    node: Node | None = None  # the parsed query
    phrases: tuple[Text, ...] = ()  # several words each, in every match (required_phrases)
    # Filters only, with a rating range: them asking film by film (``sql.first_by_title``).
    per_film: Condition | None = None

    def narrowed(self, session: Session) -> Narrowed:
        """The query with its phrases looked up by their pairs first (one round trip
        makes their tsqueries; a phrase without pairs adds no condition)."""
        if not self.phrases:
            return Narrowed((), self.compiled)

        def asked(leaf: Text) -> list[ColumnElement[object]]:
            return [pairs_query(leaf), func.numnode(text_query(Text(leaf.text), stem=False))]

        overflowed: Select[Any] = select(literal_column("1")).where(
            documents.c[pg_pairs.OVERFLOWED]
        )
        limit = pg_pairs.MOST_OVERFLOWED + 1
        counted = select(func.count()).select_from(overflowed.limit(limit).subquery())
        made = session.execute(
            select(counted.scalar_subquery(), *(c for leaf in self.phrases for c in asked(leaf)))
        ).one()
        few_overflowed = made[0] <= pg_pairs.MOST_OVERFLOWED
        conditions, paired = [], []
        for number, leaf in enumerate(self.phrases):
            query, nodes = made[2 * number + 1], made[2 * number + 2]
            if query is None:
                continue
            pairs: TsQuery = cast(bindparam(None, str(query), String), TSQUERY)
            found = matches(documents.c[pg_pairs.PAIRS], pairs)
            if nodes == 3 and leaf.field is None and few_overflowed:  # the pair is the phrase
                document = func.ts_match_vq(documents.c[pg_schema.DOCUMENT], text_query(leaf))
                found = and_(found, or_(not_(documents.c[pg_pairs.OVERFLOWED]), document))
                paired.append(leaf)
            conditions.append(found)
        if not paired:
            return Narrowed(tuple(conditions), self.compiled)
        rest = without(self.node, paired) if self.node is not None else None
        rated = self.node is not None and rates(self.node)
        return Narrowed(
            tuple(conditions),
            Compiled(None, None) if rest is None else compile_node(rest, per_film=rated),
        )

    def where(self, narrowed: Narrowed | None = None) -> list[Condition]:
        compiled = self.compiled if narrowed is None else narrowed.compiled
        parts = [] if narrowed is None else list(narrowed.conditions)
        if compiled.query is not None:
            parts.append(matches(documents.c[pg_schema.DOCUMENT], compiled.query))
        if compiled.exact is not None:
            parts.append(compiled.exact)
        return parts

    def _select(self, *columns: Any, narrowed: Narrowed | None = None) -> Select[Any]:
        statement: Select[Any] = select(*columns)
        if self.reads_documents:
            statement = statement.join(documents, documents.c.film_id == models.Film.id)
        return statement.where(*self.where(narrowed))

    @property
    def has_phrase(self) -> bool:
        """Whether a word or phrase asked for is several words (``"a b"``, ``ok-ju``)."""
        return any(_SEVERAL_WORDS.search(leaf.text) for leaf in self.wanted)

    def _candidates(self, narrowed: Narrowed) -> Select[Any]:
        """The matching films' ids and documents, in no order (the films joined only
        when needed)."""
        document = documents.c[pg_schema.DOCUMENT]
        if narrowed.compiled.exact is None:
            return select(documents.c.film_id, document).where(*self.where(narrowed))
        return self._select(models.Film.id.label("film_id"), document, narrowed=narrowed)

    def ranked_ids(self, session: Session, limit: int | None) -> Ranked:
        """Film ids with scores (higher is better), best first.

        Up to RANK_ALL_LIMIT matches are ranked by ts_rank. Beyond that (a prefix of
        two or three letters while typing, a very common word) ranking would read
        every match's whole document: films matching in titles and people come
        first, then the others, each newest first, as on SQLite.
        """
        rank = _any_of([text_query(leaf) for leaf in self.wanted])
        if rank is None:
            if self.per_film is not None and limit is not None:
                walked = first_by_title(session, [self.per_film], limit)
                if walked is not None:
                    return [(film_id, 0.0) for film_id in walked]
            by_title = self._select(models.Film.id).order_by(*TITLE_ORDER)
            return [(int(i), 0.0) for i in session.scalars(by_title.limit(limit))]
        narrowed = self.narrowed(session)
        if self._known_broad(session, narrowed):
            return self._broad(session, rank, limit, narrowed)
        filtered = self.node is not None and _has_filter(self.node)
        off = (BITMAP_ONLY if self.has_phrase else ()) + (NO_HASHING if filtered else ())
        with _planned_without(session, off) as planned:  # the page always has a row
            rows = session.execute(
                planned.restoring(self._ranked_page(narrowed, rank, limit))
            ).all()
        if rows[0].total <= RANK_ALL_LIMIT:
            return [(int(r.film_id), float(r.score)) for r in rows if r.film_id is not None]
        return self._broad(session, rank, limit, narrowed)

    def _known_broad(self, session: Session, narrowed: Narrowed) -> bool:
        """Whether a one-word query surely matches too many films to rank, told by the
        statistics alone for a word in far more, else by counting only the films of
        common words it matches (``pg_stats``)."""
        query = self.compiled.query
        if not self._one_word(narrowed) or query is None:
            return False
        common = pg_stats.common_words(session, query, RANK_ALL_LIMIT)
        if common.surely_more or not common.words:
            return common.surely_more
        with _planned_without(session, BITMAP_ONLY):  # not a walk through every document
            return pg_stats.in_more_films_than(session, common.words, RANK_ALL_LIMIT)

    def _ranked_page(self, narrowed: Narrowed, rank: TsQuery, limit: int | None) -> Select[Any]:
        """One statement: how many films match (up to RANK_ALL_LIMIT + 1), and if they
        can be ranked, the best ``limit`` of them with their scores (one row with
        ``total`` and no film when there are none or too many)."""
        found = self._candidates(narrowed).limit(RANK_ALL_LIMIT + 1).cte("candidates")
        total = select(func.count()).select_from(found).scalar_subquery()
        score = func.ts_rank(_WEIGHTS, found.c[pg_schema.DOCUMENT], once(rank))
        page = (
            select(found.c.film_id, score.label("score"))
            .where(total <= RANK_ALL_LIMIT)
            .order_by(score.desc(), found.c.film_id)
            .limit(limit)
            .subquery("page")
        )
        counted = select(total.label("total")).subquery("counted")
        return (
            select(counted.c.total, page.c.film_id, page.c.score)
            .select_from(counted.outerjoin(page, true()))
            .order_by(page.c.score.desc(), page.c.film_id)
        )

    def _broad(
        self, session: Session, rank: TsQuery, limit: int | None, narrowed: Narrowed
    ) -> Ranked:
        # Films matching in titles and people (their own GIN index finds them without
        # reading every match), then the others, each newest first.
        strong = matches(STRONG, rank)
        matching = self._select(models.Film.id, narrowed=narrowed)
        newest = matching.order_by(models.Film.id.desc())
        if self._one_word(narrowed):
            strong_films = select(documents.c.film_id).where(strong)
            walked = newest_strong(rank)
            first = newest_first(session, strong_films, documents.c.film_id, limit, walked)
        elif narrowed.conditions:  # a phrase, found by its pairs' index (see newest_first)
            first = newest_first(session, matching.where(strong), models.Film.id, limit)
        else:
            first = list(session.scalars(newest.where(strong).limit(limit)))
        if limit is not None and len(first) >= limit:
            return [(int(i), 1.0) for i in first]
        more = None if limit is None else limit + len(first)
        seen = set(first)
        if narrowed.conditions:
            others = newest_first(session, matching, models.Film.id, more)
        else:
            others = list(session.scalars(newest.limit(more)))
        rest = [i for i in others if i not in seen]
        return ([(int(i), 1.0) for i in first] + [(int(i), 0.5) for i in rest])[:limit]

    def _one_word(self, narrowed: Narrowed) -> bool:
        """Whether the query is one word (or prefix) in any column: then a film whose
        titles and people hold it matches (``STRONG`` is part of ``document``)."""
        node = self.node
        return (
            isinstance(node, Text)
            and node.field is None
            and not self.phrases
            and not narrowed.conditions
            and narrowed.compiled.exact is None
        )

    def highlights(self) -> dict[str, TsQuery]:
        """Per column, the tsquery whose matches are marked in its snippet (columns
        marked by the same words share one object)."""
        leaves: dict[str, tuple[Text, ...]] = {column: () for column in COLUMNS}
        for leaf in self.wanted:
            columns = COLUMNS if leaf.field is None else (FIELD_COLUMNS[leaf.field],)
            for column in columns:
                leaves[column] += (leaf,)
        made: dict[tuple[Text, ...], TsQuery | None] = {}
        for wanted in leaves.values():
            if wanted not in made:
                made[wanted] = _any_of([text_query(leaf) for leaf in wanted])
        return {
            column: combined
            for column, wanted in leaves.items()
            if (combined := made[wanted]) is not None
        }


# Asked for a few matches (LIMIT), the planner may rather read films in id order
# and test each one's document until it has enough: quick for a word in most
# films, which it estimates well, but it guesses a phrase in a quarter of them,
# and for a phrase in 1 % of them that reads nearly every document (half a second
# at 100,000 films) where the GIN index finds the few candidates at once. So a
# phrase's matches, and a common word's films (``_known_broad``), are read through
# the index (bitmap scans) with these off.
BITMAP_ONLY = ("enable_seqscan", "enable_indexscan")
# A filter (``is:watched``: the film has a viewing in another table) next to words:
# the planner gathered the whole table's films into a hash (30-45 ms at 50,000
# viewings) to keep a few hundred candidates, where looking each one up in the
# table's index takes a few milliseconds. The count stops at RANK_ALL_LIMIT + 1, so
# lookups never outnumber the candidates read.
NO_HASHING = ("enable_hashagg",)


@dataclass
class _Planned:
    """Planner settings turned off, and how they were (``_planned_without``)."""

    settings: tuple[str, ...]
    before: tuple[str, ...]
    restored: bool = False

    def restoring(self, statement: Select[Any]) -> Select[Any]:
        """``statement``, also putting the settings back as they were as it runs (it is
        planned before it runs, so with them off): a round trip fewer. For a
        statement that returns at least one row (the setting is put back in its
        first row's last column, computed once)."""
        if not self.settings:
            return statement
        self.restored = True
        back = select(self.back()).scalar_subquery().label("planned_as_before")
        return statement.add_columns(back)

    def back(self) -> ColumnElement[str]:
        """The settings put back as they were (one text of their new values)."""
        return func.concat(
            *(
                func.set_config(name, bindparam(None, value, String), True)
                for name, value in zip(self.settings, self.before, strict=True)
            )
        )


@contextmanager
def _planned_without(session: Session, settings: tuple[str, ...]) -> Iterator[_Planned]:
    """The statements inside are planned with ``settings`` off (local to the search's
    transaction; set in one round trip, put back as they were in another at the
    end, unless a statement inside put them back itself: ``_Planned.restoring``).
    Not put back after an error: the transaction ends, and its settings with it."""
    if not settings:
        yield _Planned((), ())
        return
    now = ", ".join(f"current_setting('{name}')" for name in settings)
    off = ", ".join(f"set_config('{name}', 'off', true)" for name in settings)
    before = session.execute(text(f"SELECT {now}, {off}")).one()
    planned = _Planned(settings, tuple(str(value) for value in before[: len(settings)]))
    yield planned
    if not planned.restored:
        session.execute(select(planned.back()))


# The newest films read one by one before an index is (``newest_first``).
STRONG_PROBE = 200


def newest_first(
    session: Session,
    statement: Select[Any],
    film_id: Any,
    limit: int | None,
    recent: Select[Any] | None = None,
) -> list[int]:
    """The first ``limit`` films ``statement`` (their ids, ``film_id``) finds, newest first.

    Asked for the newest few films whose titles and people hold a word, or that
    hold a phrase's pairs, the planner walks the films newest first testing each
    one (concatenating three tsvectors, or reading the pairs: it counts that as
    nearly free) until it has ``limit``: quick where they are common, 30 to 200 ms
    for a word or phrase in 1 % of them, where a GIN index finds them all in a
    few milliseconds. So the newest STRONG_PROBE films are tried first
    (``recent``, if given: those of them ``statement`` finds, newest first), and
    only if they hold fewer than ``limit`` are the older ones found through the
    index, and sorted.
    """
    newest = documents.c.film_id
    boundary = func.coalesce(
        select(newest).order_by(newest.desc()).offset(STRONG_PROBE - 1).limit(1).scalar_subquery(),
        0,
    )
    if recent is None:
        newest_ids = select(newest).order_by(newest.desc()).limit(STRONG_PROBE)
        recent = statement.where(film_id.in_(newest_ids)).order_by(film_id.desc())
    found = [int(i) for i in session.scalars(recent.limit(limit))]
    if limit is not None and len(found) >= limit:
        return found
    # ``film_id + 0``: neither the order nor the bound can come from the films' own
    # index (which the planner would also read, for about a third of the films).
    unindexed = film_id + literal_column("0")
    older = statement.where(unindexed < boundary).order_by(unindexed.desc())
    more = None if limit is None else limit - len(found)
    return found + [int(i) for i in session.scalars(older.limit(more))]


def newest_strong(query: TsQuery) -> Select[Any]:
    """The newest STRONG_PROBE films whose titles and people hold ``query``'s words,
    newest first, each film read and tested in turn.

    Asked for them as ``newest_first`` asks, the planner may rather gather every
    match through the titles' and people's index first (it guessed 238 films for
    a prefix there of 3,755, and read them all twice). The newest films are
    taken in a subquery with its own LIMIT, which the planner keeps as it is,
    and tested after (their columns are small, kept in the row). ``once``: with a
    plan made for any parameters, ``query`` is still made once, not per film.
    """
    vectors = [documents.c[pg_schema.vector_column(column)] for column in STRONG_COLUMNS]
    newest = (
        select(documents.c.film_id, *vectors)
        .order_by(documents.c.film_id.desc())
        .limit(STRONG_PROBE)
        .subquery("newest")
    )
    held: ColumnElement[object] = literal_column(f"({pg_schema.strong_vector('newest.')})")
    return (
        select(newest.c.film_id).where(matches(held, once(query))).order_by(newest.c.film_id.desc())
    )


def _has_text(node: Node) -> bool:
    return any(isinstance(leaf, Text) for leaf in leaves(node))


def _has_filter(node: Node) -> bool:
    """Whether ``node`` holds anything but words (states, ranges, links, notes)."""
    return any(not isinstance(leaf, Text) for leaf in leaves(node))


def _plan(query: str) -> PgSearchPlan | None:
    node = parse_query(query)
    if node is None:
        return None
    has_text, rated = _has_text(node), rates(node)
    # With words, the films they find are asked their rating one by one (``sql.condition``).
    per_film = compile_node(node, per_film=True).condition() if rated and not has_text else None
    return PgSearchPlan(
        compile_node(node, per_film=rated and has_text),
        tuple(positive_texts(node)),
        has_text,
        node,
        tuple(required_phrases(node)),
        per_film,
    )


def search_film_ids(session: Session, query: str, limit: int | None = None) -> list[int]:
    """Just the ids of the films ``query`` finds, best first."""
    plan = _plan(query)
    if plan is None or (limit is not None and limit < 1):
        return []
    return [film_id for film_id, _ in plan.ranked_ids(session, limit)]


def _snippets(
    session: Session, plan: PgSearchPlan, films: dict[int, FilmRecord]
) -> dict[int, tuple[Snippet | None, int | None]]:
    highlights = plan.highlights()
    if not highlights or not films:
        return {}
    spoiler_reviews = {r.id for film in films.values() for r in film.reviews if r.spoilers}
    marked = pg_snippets.marked_columns(session, highlights, list(films))
    return {
        film_id: best_snippet(columns, review_ids, spoiler_reviews)
        for film_id, (columns, review_ids) in marked.items()
    }


def search_journal(session: Session, query: str, limit: int = 50) -> list[SearchHit]:
    """The films ``query`` finds, best first, each with a snippet of where it matched."""
    plan = _plan(query)
    if plan is None or limit < 1:
        return []
    ranked = plan.ranked_ids(session, limit)
    films = film_records(session, [film_id for film_id, _ in ranked])
    snippets = _snippets(session, plan, films)
    hits = []
    for film_id, score in ranked:
        snippet, review_id = snippets.get(film_id, (None, None))
        hits.append(SearchHit(films[film_id], review_id, snippet, score))
    return hits


def rebuild_in_session(session: Session) -> int:
    """Re-compose every film's search document; returns how many films are indexed."""
    return pg_rebuild.rebuild(session.connection())
