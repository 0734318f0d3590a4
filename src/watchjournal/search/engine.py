"""Running a query: find the films, rank them, and cut their snippets.

A query's text conditions at the top level go into one FTS5 MATCH, which
finds candidates through the index and ranks them with bm25 (column weights
set in the index: titles and people above review text). States, ranges and
text combined with them in OR/NOT are SQL conditions on ``films``. A query
of filters alone lists its films by title. A query matching very many films is
not ranked (see RANK_ALL_LIMIT) so typing stays instant: its first page is read
newest first from the index, which stops as soon as the page is full. Nor is a
phrase whose words are together in very many films: finding where they stand
reads all of those once, and ranking would read them twice more.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, bindparam, func, literal, literal_column, select
from sqlalchemy.orm import Session

from watchjournal.journal.records import film_records
from watchjournal.journal.types import FilmRecord
from watchjournal.search.fts import (
    NATIVE,
    NOTHING,
    Expansions,
    quote,
    split_conjunction,
    text_expression,
)
from watchjournal.search.index import (
    COLUMN_WEIGHTS,
    COLUMNS,
    REVIEW_IDS_COLUMN,
    STRONG_COLUMNS,
    TABLE,
    highlighted,
)
from watchjournal.search.notes import register_functions
from watchjournal.search.parser import parse_query
from watchjournal.search.prefixes import Vocabulary, expressions, look_up, text_leaves
from watchjournal.search.query import Node, Text, positive_texts
from watchjournal.search.results import SearchHit, Snippet
from watchjournal.search.snippets import CLOSE_MARK, OPEN_MARK, best_snippet
from watchjournal.search.sql import (
    TITLE_ORDER,
    condition,
    first_by_title,
    matches,
    rates,
    search_index,
    walks,
)
from watchjournal.search.words import column_mask
from watchjournal.storage import models

# Up to this many matching films are ranked exactly by bm25 (about 2 microseconds a
# film). Beyond it - a short prefix while typing (an OR of its words, see
# ``prefixes``), or a very common word - films matching in titles and people come
# first, then the other matches, each newest first: ranking tens of thousands of
# matches would take 50 to 300 ms on a 100,000-film journal, and even ranking only
# the title matches needs every query word's document count, a walk over its whole
# doclist.
RANK_ALL_LIMIT = 1000

Ranked = list[tuple[int, float]]
_STRONG = column_mask(STRONG_COLUMNS)
# True of every film. Next to the walk's upper bound (``first_by_title``) it bounds the
# titles on both sides, so to SQLite's planner (which has no statistics) their range looks
# as narrow as a year range: it walks the titles' index, which holds the year too, rather
# than sort every film of the years (0.1 ms, not 14).
_ANY_TITLE = models.Film.title_key >= ""
_FILTERED_FILMS = select(models.Film.id).where(models.Film.id.in_(bindparam("ids", expanding=True)))


@dataclass(frozen=True)
class SearchPlan:
    """How a parsed query runs: an FTS5 expression that finds and ranks, plus SQL filters."""

    match: str | None
    filters: tuple[ColumnElement[bool], ...]
    highlight: str | None  # every wanted word or phrase, for snippets
    # ``match`` with its phrases loosened to their words in any order, when it has any.
    loose: str | None = None
    # ``match`` within titles and people (NOTHING: no film there), when it differs.
    strong: str | None = None
    # A prefix of many words: a few of them, each of which may alone show it broad.
    probes: tuple[str, ...] = ()
    # Filters only, with a rating range or a span of years (``walks``): ``filters`` (a rating
    # asked film by film) walked along the titles first (``first_by_title``); with words,
    # ``filters`` themselves ask a film's rating film by film.
    per_film: tuple[ColumnElement[bool], ...] | None = None

    @classmethod
    def of(
        cls,
        node: Node,
        expanded: Expansions = NATIVE,
        strong: Expansions = NATIVE,
        probes: tuple[str, ...] = (),
    ) -> SearchPlan:
        """``expanded``: the words of the query's prefixes (``prefixes``); ``strong``:
        its leaves' expressions within titles and people (``prefixes.expressions``);
        ``probes``: see ``probe_words``."""
        match, rest = split_conjunction(node, expanded=expanded)
        loose, _ = split_conjunction(node, loose=True, expanded=expanded)
        leaves = positive_texts(node)
        # The snippets' scratch index holds a page of films: a native prefix is quick there.
        wanted = [text_expression(leaf) for leaf in leaves]
        highlight = " OR ".join(dict.fromkeys(wanted)) if wanted else None
        filters = tuple(condition(part, expanded) for part in rest)
        within, _ = split_conjunction(node, expanded=strong)
        per_film = None
        if rates(node):
            per_film = tuple(condition(part, expanded, per_film=True) for part in rest)
            if match is not None:  # the films the words find are asked film by film
                filters, per_film = per_film, None
        elif match is None and walks(node):  # a span of years: walked along the titles too
            per_film = filters
        return cls(
            match,
            filters,
            highlight,
            loose if loose != match else None,
            within if within != match else None,
            probes,
            per_film,
        )

    def ranked_ids(self, session: Session, limit: int | None) -> Ranked:
        """Film ids with scores (higher is better), best first."""
        if self.match == NOTHING:
            return []
        if self.match is None:
            if self.per_film is not None and limit is not None:
                walked = first_by_title(session, (*self.per_film, _ANY_TITLE), limit)
                if walked is not None:
                    return [(film_id, 0.0) for film_id in walked]
            statement = select(models.Film.id, literal(0.0)).where(*self.filters)
            statement = statement.order_by(*TITLE_ORDER).limit(limit)
            return [(film_id, score) for film_id, score in session.execute(statement).all()]
        if self.loose is None:
            if self._probed_broad(session):
                return self._broad(session, self.match, limit, [], every=False)
            # The newest RANK_ALL_LIMIT + 1 matches, read in index order, say whether the
            # query is narrow enough to rank, and are the tail of a broad query's answer.
            newest = self._newest(session, self.match, RANK_ALL_LIMIT + 1, filtered=False)
            if len(newest) <= RANK_ALL_LIMIT:
                return self._by_rank(session, self.match, limit)
            return self._broad(session, self.match, limit, newest, every=False)
        # A phrase: its words in any order find at least its films, without checking
        # where they stand. Few such films: few to check and rank, as for any query.
        if self._count(session, self.loose, RANK_ALL_LIMIT + 1) <= RANK_ALL_LIMIT:
            return self._by_rank(session, self.match, limit)
        # Its words are together in very many films. Finding where they are next to
        # each other reads all of those (read oldest first: FTS5 reads about twice as
        # fast forwards as backwards); when that leaves few, bm25 would read them all
        # twice more (counting the phrase's films first), 10 to 20 ms, so they are
        # listed as a broad query's matches are.
        found = self._oldest(session, self.match, RANK_ALL_LIMIT + 1)
        if len(found) > RANK_ALL_LIMIT:
            return self._broad(session, self.match, limit, [], every=False)
        return self._broad(session, self.match, limit, found[::-1], every=True)

    def _probed_broad(self, session: Session) -> bool:
        """Whether one of ``probes`` alone is in more than RANK_ALL_LIMIT films: then
        the prefix is, and its OR of hundreds of words need not be read that far."""
        return any(
            self._count(session, quote(word), RANK_ALL_LIMIT + 1) > RANK_ALL_LIMIT
            for word in self.probes
        )

    def _broad(
        self, session: Session, match: str, limit: int | None, newest: Ranked, every: bool
    ) -> Ranked:
        """Title and people matches first, then the rest, each newest first.

        ``newest`` are the newest matches, ignoring the filters (``every``: all of them).
        Ranking the strong ones by bm25 would count the documents of every query word
        first, a walk over most of the index for a common word.
        """
        first = self._strong(session, match, limit, every)
        if limit is not None and len(first) >= limit:
            return first
        seen = {film_id for film_id, _ in first}
        more = None if limit is None else limit + len(first)
        if every:
            if self.filters:  # filter the known films rather than find them again
                ids = [film_id for film_id, _ in newest]
                kept = set(
                    session.scalars(_FILTERED_FILMS.where(*self.filters), {"ids": ids}).all()
                )
                newest = [hit for hit in newest if hit[0] in kept]
        elif self.filters or more is None or more > len(newest):
            newest = self._newest(session, match, more)
        rest = [hit for hit in newest if hit[0] not in seen]
        return (first + rest)[:limit]

    def _strong(self, session: Session, match: str, limit: int | None, every: bool) -> Ranked:
        """The matches in titles and people, newest first (``every``: few, read forwards)."""
        if self.strong == NOTHING:  # a word never in titles or people: none there
            return []
        strong = f"{{{' '.join(STRONG_COLUMNS)}}} : ({self.strong or match})"
        if " NOT " in match:
            # "{title}: (a NOT b)" keeps films with b in a review: exclude them again.
            strong = f"({strong}) AND ({match})"
        if every:  # a few: reading all of them forwards is quicker than the newest few
            return self._oldest(session, strong, None, filtered=True)[::-1][:limit]
        return self._newest(session, strong, limit)

    def _select(self, expression: str, filtered: bool = True) -> Select[int, float]:
        statement = select(search_index.c.rowid, literal(0.0)).where(matches(expression))
        if filtered and self.filters:
            statement = statement.join(models.Film, models.Film.id == search_index.c.rowid).where(
                *self.filters
            )
        return statement

    def _by_rank(self, session: Session, expression: str, limit: int | None) -> Ranked:
        score = func.bm25(literal_column(TABLE), *COLUMN_WEIGHTS)
        statement = (
            self._select(expression)
            .with_only_columns(search_index.c.rowid, -score)
            .order_by(score, search_index.c.rowid)
            .limit(limit)
        )
        return [(film_id, float(value)) for film_id, value in session.execute(statement).all()]

    def _newest(
        self, session: Session, expression: str, limit: int | None, filtered: bool = True
    ) -> Ranked:
        statement = (
            self._select(expression, filtered).order_by(search_index.c.rowid.desc()).limit(limit)
        )
        return [(film_id, score) for film_id, score in session.execute(statement).all()]

    def _count(self, session: Session, expression: str, at_most: int) -> int:
        """How many films ``expression`` matches, up to ``at_most`` (the filters aside):
        counted in SQLite, not read into rows (read forwards, FTS5's quicker way)."""
        first = self._select(expression, filtered=False).order_by(search_index.c.rowid)
        counted = select(func.count()).select_from(first.limit(at_most).subquery())
        return int(session.execute(counted).scalar_one())

    def _oldest(
        self, session: Session, expression: str, limit: int | None, filtered: bool = False
    ) -> Ranked:
        statement = self._select(expression, filtered).order_by(search_index.c.rowid).limit(limit)
        return [(film_id, score) for film_id, score in session.execute(statement).all()]


def _plan(session: Session, query: str) -> SearchPlan | None:
    node = parse_query(query)
    if node is None:
        return None
    known = look_up(session.connection(), text_leaves(node))
    return SearchPlan.of(
        node, expressions(known), expressions(known, _STRONG), probe_words(node, known)
    )


# How many of a prefix's words are tried alone (``probe_words``), and how many words
# a prefix must stand for to be worth it.
PROBES = 2
PROBED_PREFIX = 50


def probe_words(node: Node, known: Vocabulary) -> tuple[str, ...]:
    """For a query that is one prefix standing for many words (``de`` while typing):
    its shortest words, the likeliest to be common, tried alone first.

    To tell a broad query from one to rank, its newest RANK_ALL_LIMIT + 1 matches
    are read; for a prefix that is an OR of hundreds of words, about 10 to 16 ms
    at 100,000 films. One common word found in that many films alone (about 1 ms)
    settles it the same way, exactly; a probe that finds fewer costs well under
    a millisecond, and the OR is read as before.
    """
    if not isinstance(node, Text) or not node.prefix or node.field is not None:
        return ()
    facts = known.get(node)
    if facts is None or facts.head or facts.words is None or len(facts.words) < PROBED_PREFIX:
        return ()
    shortest = sorted((len(word), word) for word, _cols in facts.words)
    return tuple(word for _length, word in shortest[:PROBES])


def search_film_ids(session: Session, query: str, limit: int | None = None) -> list[int]:
    """Just the ids of the films ``query`` finds, best first (cheap, for filtering lists)."""
    plan = _plan(session, query)
    if plan is None or (limit is not None and limit < 1):
        return []
    register_functions(session)
    return [film_id for film_id, _ in plan.ranked_ids(session, limit)]


def _snippets(
    session: Session, plan: SearchPlan, films: dict[int, FilmRecord]
) -> dict[int, tuple[Snippet | None, int | None]]:
    if plan.highlight is None or not films:
        return {}
    spoiler_reviews = {r.id for film in films.values() for r in film.reviews if r.spoilers}
    # highlight() on the journal's index would start the query once per film, or read
    # every match of a common word; a scratch index of these films' rows is as quick
    # for rare words (both compose the rows from the view) and far quicker for common.
    rows = highlighted(session.connection(), films, plan.highlight, OPEN_MARK, CLOSE_MARK)
    found = {}
    for row in rows:
        marked: dict[str, str | None] = {name: row[name] for name in COLUMNS}
        found[int(row["film_id"] or 0)] = best_snippet(
            marked, row[REVIEW_IDS_COLUMN], spoiler_reviews
        )
    return found


def search_journal(session: Session, query: str, limit: int = 50) -> list[SearchHit]:
    """The films ``query`` finds, best first, each with a snippet of where it matched."""
    plan = _plan(session, query)
    if plan is None or limit < 1:
        return []
    register_functions(session)
    ranked = plan.ranked_ids(session, limit)
    film_ids = [film_id for film_id, _ in ranked]
    films = film_records(session, film_ids)
    snippets = _snippets(session, plan, films)
    hits = []
    for film_id, score in ranked:
        snippet, review_id = snippets.get(film_id, (None, None))
        hits.append(SearchHit(films[film_id], review_id, snippet, float(score)))
    return hits
