"""A word that surely is in too many films to rank, found through the server's statistics.

To tell a query matching more films than can be ranked (``pg_engine``) from
one that can, the engine counts its first matches. For a word in most films
that count is the slow part of a search: the GIN index gathers every match (a
prefix's every word) before the first one is read, 20 to 35 ms at 100,000
films. But PostgreSQL's statistics (``ANALYZE``, which autovacuum runs as the
journal changes) hold, for up to a thousand of the commonest words in the
search documents, the share of documents holding each one.

A one-word query is one or more terms, any of which matches (``'boi':* |
'bois':*``: the stem and the word as typed, each a prefix while typing). Every
film holding a word that one of them matches is matched. So when the statistics
show such a word in well over ``limit`` films, counting the films holding that
one word, up to ``limit + 1``, settles the question for the whole query: the
index reads one word's films, not every film of every word of a prefix. The
least common word that will do is chosen; for a prefix of many words none of
which will do alone, the commonest few that seem to together. The count is
exact, so there the statistics, however old, only choose which words are
counted, never the answer.

A word the statistics show in far more films needs no count
(``Common.surely_more``): the films holding it now are at least the share the
statistics saw of the documents, less every row changed since (the server counts
them, ``pg_stat_get_mod_since_analyze``), and half that is still over ``limit``
(the statistics are read from a sample of 30,000 documents, which puts a word's
share within a few per cent). A very common word then costs no statement but
the query's terms: counting its first thousand films took 13 to 20 ms, most of
it the GIN index gathering every film of the word. The server counts changed
rows up to seconds after their transaction (a connection's counts are added
when it is idle): a mass deletion in those seconds may leave the word in fewer
films than the bound says. Then the first page is a broad one (titles and
people first, then the newest) where it would have been ranked; the films
found are the same.

The commonest words are read once per ``ANALYZE`` of the documents (when its
time or the number of documents changes); a search then costs one short
statement (the query's terms), and for a common word one count.
"""

from __future__ import annotations

import bisect
import re
import threading
import weakref
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    DateTime,
    Engine,
    Float,
    Integer,
    Select,
    String,
    bindparam,
    cast,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import Session

from watchjournal.search import pg_schema
from watchjournal.search.pg_sql import TsQuery, documents, matches

_TERM = re.compile(r"'((?:[^']|'')+)'(:\*)?")

_TABLE = f"to_regclass('{pg_schema.TABLE}')"
_COMMONEST = text(
    f"""
    SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname
         AND s.attname = '{pg_schema.DOCUMENT}'
    WHERE c.oid = {_TABLE}
    """
)


@dataclass(frozen=True)
class _Commonest:
    """The commonest words of one ``ANALYZE``, sorted, with their shares of documents."""

    stamp: tuple[Any, ...]  # the table, when it was analysed, how many documents
    words: list[str]
    shares: list[float]

    def matching(self, term: str, prefix: bool) -> list[tuple[float, str]]:
        """The common words ``term`` matches (itself, or those it begins), with shares."""
        start = bisect.bisect_left(self.words, term)
        found = []
        for index in range(start, len(self.words)):
            word = self.words[index]
            if word != term and not (prefix and word.startswith(term)):
                break
            found.append((self.shares[index], word))
        return found


_cache: weakref.WeakKeyDictionary[Engine, _Commonest] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _commonest(session: Session, stamp: tuple[Any, ...]) -> _Commonest:
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    with _lock:
        known = _cache.get(engine)
    if known is not None and known.stamp == stamp:
        return known
    row = session.execute(_COMMONEST).first()
    pairs: list[tuple[str, float]] = []
    if row is not None and row[0] is not None:
        pairs = sorted(zip(row[0], row[1], strict=False))  # the shares end with 2 more
    made = _Commonest(stamp, [w for w, _ in pairs], [s for _, s in pairs])
    with _lock:
        _cache[engine] = made
    return made


_QUOTED = re.compile(r"\\(.)|''")


def _terms(query: str) -> list[tuple[str, bool]] | None:
    """A tsquery's terms (lexeme, prefix) if it is terms joined by ``|`` only, else None."""
    terms = [
        (_QUOTED.sub(lambda m: m.group(1) or "'", m.group(1)), m.group(2) is not None)
        for m in _TERM.finditer(query)
    ]
    written = " | ".join(f"{_quoted(t)}{':*' * p}" for t, p in terms)
    return terms if terms and written == query else None


def _quoted(lexeme: str) -> str:
    """``lexeme`` as a tsquery of itself, as PostgreSQL writes one."""
    return "'{}'".format(lexeme.replace("\\", "\\\\").replace("'", "''"))


_NOW = (
    text(
        f"""
        SELECT c.oid AS id, c.reltuples AS films,
               greatest(pg_stat_get_last_analyze_time(c.oid),
                        pg_stat_get_last_autoanalyze_time(c.oid)) AS analysed,
               pg_stat_get_mod_since_analyze(c.oid) AS changed
        FROM pg_class c WHERE c.oid = {_TABLE}
        """
    )
    .columns(id=Integer, films=Float, analysed=DateTime(timezone=True), changed=Integer)
    .subquery("now")
)


@dataclass(frozen=True)
class Common:
    """What the statistics tell of a one-word query's films."""

    words: list[str]  # common words to count the films of (none: not common enough)
    surely_more: bool = False  # in more than ``limit`` films without counting


def common_words(session: Session, query: TsQuery, limit: int) -> Common:
    """Common words, by the statistics, that the one-word ``query`` matches and that
    together seem to be in at least twice ``limit`` films: the least common one
    that is alone, else the commonest few; none if they are not. The commonest
    of them alone, if it is surely in more than ``limit`` films now."""
    row = session.execute(select(cast(query, String), _NOW)).first()
    if row is None or row.analysed is None or row.films <= 0:
        return Common([])
    terms = _terms(row[0])
    if terms is None:
        return Common([])
    commonest = _commonest(session, (row.id, row.analysed, row.films))
    found = sorted(
        {pair for term, prefix in terms for pair in commonest.matching(term, prefix)},
        reverse=True,
    )
    if found and found[0][0] * row.films / 2 - (row.changed or 0) > limit:
        return Common([found[0][1]], surely_more=True)
    enough = 2 * (limit + 1) / row.films
    alone = [word for share, word in found if share >= enough]
    if alone:
        return Common(alone[-1:])
    chosen, total = [], 0.0
    for share, word in found:  # a prefix of many words, none common enough alone
        chosen.append(word)
        total += share  # films holding several are counted once each, but seldom
        if total >= enough:
            return Common(chosen)
    return Common([])


def in_more_films_than(session: Session, words: list[str], limit: int) -> bool:
    """Whether more than ``limit`` films' documents hold any of ``words`` (lexemes as
    stored)."""
    any_word = " | ".join(_quoted(word) for word in words)
    holding: Select[Any] = select(literal_column("1")).where(
        matches(
            documents.c[pg_schema.DOCUMENT],
            cast(bindparam(None, any_word, String), TSQUERY),
        )
    )
    counted = select(func.count()).select_from(holding.limit(limit + 1).subquery())
    return (session.scalar(counted) or 0) > limit
