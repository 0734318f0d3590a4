"""Snippets of a page of films on PostgreSQL: ``ts_headline`` over the words that can match.

``ts_headline`` parses and stems every word it is given (about 0.4 ms for a
review of 200 words, most of the time of a page with snippets). With
``HighlightAll`` it marks each word whose English lexeme matches a word of the
query, one word at a time, whatever stands around it: a phrase's words are marked
wherever they are. So it is given only the chunks of a column (runs of text
between whitespace; no word PostgreSQL's parser makes holds whitespace) that can
hold a matching word, and their marks are put back among the other chunks: the
column comes back marked as if ``ts_headline`` had read all of it, and
``snippets.best_snippet`` picks and cuts the same snippet.

Which chunks can match: the Snowball English stemmer turns a word into a lexeme
that, without its last letter, begins the word (folded to lower case), except
``dying``, ``lying`` and ``tying`` (``die``, ``lie``, ``tie``); so a word whose
lexeme is ``op`` (or, for a prefix ``op:*``, begins with it) holds ``op``
without its last letter (without two for those three). A chunk with any
letter outside ASCII (accents fold, a lower case may differ) is always given,
and a column whose text could be parsed differently in pieces (an XML tag, which
may hold spaces) or whose query words are too short to narrow anything is given
whole, as before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Select,
    String,
    bindparam,
    case,
    func,
    literal_column,
    select,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session

from watchjournal.search import pg_schema
from watchjournal.search.index import REVIEW_IDS_COLUMN
from watchjournal.search.pg_sql import TsQuery, documents, matches, once, one_of
from watchjournal.search.snippets import CLOSE_MARK, OPEN_MARK

HEADLINE_OPTIONS = f"HighlightAll=true, StartSel={OPEN_MARK}, StopSel={CLOSE_MARK}"
# An operand of a tsquery's text form: 'lexeme' with '' and \\ escaped, :* for a prefix.
_OPERAND = re.compile(r"'((?:[^'\\]|''|\\.)*)'(:\*)?")
_ESCAPE = re.compile(r"''|\\(.)")
# The Snowball English stemmer's exceptional forms whose lexeme does not begin them
# but for its last letter (see the module's docstring).
_EXCEPTIONS = {"die": "dying", "lie": "lying", "tie": "tying"}
# Shorter keys would find nearly every chunk: the column is then read whole.
_SHORTEST_KEY = 2
_MARK_RE = re.compile(f"([{OPEN_MARK}{CLOSE_MARK}])")


def operands(query_text: str) -> list[tuple[str, bool]]:
    """The (lexeme, is prefix) operands of a tsquery's text form."""
    return [
        (_ESCAPE.sub(lambda m: m[1] or "'", found[1]), bool(found[2]))
        for found in _OPERAND.finditer(query_text)
    ]


def keys(query_text: str) -> tuple[str, ...] | None:
    """What a chunk (in lower case) must contain to hold a word the query marks;
    None when that narrows nothing (read the column whole)."""
    found: set[str] = set()
    for lexeme, prefix in operands(query_text):
        found.add(lexeme[:-1])
        for stem, word in _EXCEPTIONS.items():
            if stem == lexeme or (prefix and stem.startswith(lexeme)):
                found.add(word[: len(stem) - 1])
    if not found or any(len(key) < _SHORTEST_KEY or not key.isascii() for key in found):
        return None
    return tuple(sorted(found))


def _key_pattern(found: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, found)))


_SPACE = re.compile(r"\s")
# A character outside ASCII that may be in a word, where folding (accents, ligatures,
# combining marks) or lower case may change what the chunk holds: the chunk is given.
# Quotes and dashes between words are not (no word holds them).
_FOLDABLE = re.compile("[^\x00-\x7f\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00a0]")


def _starts(lowered: str, pattern: re.Pattern[str]) -> list[int]:
    starts = [found.start() for found in pattern.finditer(lowered)]
    if not lowered.isascii():  # (a character class is read character by character: slow)
        starts = sorted(starts + [found.start() for found in _FOLDABLE.finditer(lowered)])
    return starts


def candidate_spans(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """Where in ``text`` the chunks that can hold a marked word are (the whole text
    when it cannot be read in pieces): each chunk holding a key (``pattern``) or a
    letter outside ASCII, found by it and widened to the whitespace around it."""
    lowered = text.lower()
    if pattern is None or "<" in text or len(lowered) != len(text):
        return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    end = 0
    for start in _starts(lowered, pattern):
        if start < end:  # in the chunk just taken
            continue
        space = _SPACE.search(lowered, start)
        end = len(lowered) if space is None else space.start()
        while start > 0 and not lowered[start - 1].isspace():
            start -= 1
        spans.append((start, end))
    return spans


def restore_marks(marked: str, original: str) -> str:
    """The marks ts_headline put in folded text, put in the text as stored.

    Without ``unaccent`` the text is folded one character for one (translate()),
    so each character of ``marked`` that is not a mark stands for the stored one.
    (Slices, not a loop over characters: a long review is cut in microseconds.)
    """
    restored: list[str] = []
    position = 0
    for piece in _MARK_RE.split(marked):
        if piece in (OPEN_MARK, CLOSE_MARK):
            restored.append(piece)
        elif piece:
            restored.append(original[position : position + len(piece)])
            position = min(position + len(piece), len(original))
    return "".join(restored) if position == len(original) else marked


@dataclass
class _Column:
    """One column of one film: its text, the chunks given to ts_headline, and the result."""

    text: str
    group: int  # which query marks it (index into the distinct queries)
    spans: list[tuple[int, int]]
    marked: str | None = None

    def given(self) -> str:
        return " ".join(self.text[start:end] for start, end in self.spans)

    def put_back(self, headline: str) -> bool:
        """The column marked from the chunks' headline; False when it does not fit."""
        if self.spans == [(0, len(self.text))]:  # given whole: as it always was
            self.marked = restore_marks(headline, self.text)
            return True
        restored = restore_marks(headline, given := self.given())
        pieces = restored.split(" ")
        if len(pieces) != len(self.spans) or _MARK_RE.sub("", restored) != given:
            return False
        out, last = [], 0
        for (start, end), piece in zip(self.spans, pieces, strict=True):
            out += [self.text[last:start], piece]
            last = end
        out.append(self.text[last:])
        self.marked = "".join(out)
        return True


def _headline(text: ColumnElement[Any], query: TsQuery) -> ColumnElement[Any]:
    return func.ts_headline(
        literal_column(f"'{pg_schema.ENGLISH}'::regconfig"),
        getattr(func, pg_schema.FOLD_FUNCTION)(text),
        query,
        bindparam("headline_options", HEADLINE_OPTIONS, String),
    )


def _headlines(session: Session, queries: list[TsQuery], given: list[list[str]]) -> list[list[str]]:
    """ts_headline of each text in ``given[g]`` by ``queries[g]``, in one round trip."""
    parts: list[Select[Any]] = []
    for group, (query, texts) in enumerate(zip(queries, given, strict=True)):
        if not texts:
            continue
        array = sql_cast(bindparam(f"texts_{group}", texts, ARRAY(String)), ARRAY(String))
        unnested = func.unnest(array).table_valued("t", with_ordinality="n").render_derived()
        parts.append(
            select(
                literal_column(str(group)).label("g"),
                unnested.c.n,
                _headline(unnested.c.t, once(query)).label("h"),
            ).select_from(unnested)
        )
    found: list[list[str]] = [[""] * len(texts) for texts in given]
    if not parts:
        return found
    statement = parts[0] if len(parts) == 1 else parts[0].union_all(*parts[1:])
    for group, number, headline in session.execute(statement):
        found[int(group)][int(number) - 1] = headline
    return found


def marked_columns(
    session: Session, highlights: Mapping[str, TsQuery], film_ids: list[int], *, whole: bool = False
) -> dict[int, tuple[dict[str, str | None], str | None]]:
    """Per film: each highlighted column marked (None: no match there) and its review ids.

    ``whole``: give ts_headline every matching column whole (what the chunks must equal).
    """
    queries: list[TsQuery] = []  # the distinct ones (columns share one query object)
    for query in highlights.values():
        if not any(query is known for known in queries):
            queries.append(query)
    group_of = {
        column: next(n for n, known in enumerate(queries) if known is query)
        for column, query in highlights.items()
    }
    columns: list[ColumnElement[Any]] = []
    for column, query in highlights.items():
        vector = documents.c[pg_schema.vector_column(column)]
        columns.append(case((matches(vector, once(query)), documents.c[column])).label(column))
    texts = [
        sql_cast(once(query), String).label(f"q_{number}") for number, query in enumerate(queries)
    ]
    statement: Select[Any] = select(
        documents.c.film_id, documents.c[REVIEW_IDS_COLUMN], *columns, *texts
    )
    rows = session.execute(statement.where(one_of(documents.c.film_id, film_ids))).mappings().all()
    patterns: list[re.Pattern[str] | None] = []
    if rows:
        for number in range(len(queries)):
            found = None if whole else keys(rows[0][f"q_{number}"])
            patterns.append(None if found is None else _key_pattern(found))
    films: dict[int, tuple[dict[str, _Column], str | None]] = {}
    for row in rows:
        own = {
            column: _Column(row[column], group, candidate_spans(row[column], patterns[group]))
            for column, group in group_of.items()
            if row[column]
        }
        films[int(row["film_id"])] = own, row[REVIEW_IDS_COLUMN]
    _mark(session, queries, [c for own, _ in films.values() for c in own.values()])
    return {
        film_id: ({c: own[c].marked if c in own else None for c in highlights}, review_ids)
        for film_id, (own, review_ids) in films.items()
    }


def _mark(session: Session, queries: list[TsQuery], columns: list[_Column]) -> None:
    """Mark every column from its chunks; one whose chunks do not fit back (ts_headline
    changed their text) is given whole once more."""
    for column in columns:
        if not column.spans:  # no chunk can hold a match: ts_headline would mark nothing
            column.marked = column.text
    pending = [column for column in columns if column.spans]
    while pending:
        given: list[list[str]] = [[] for _ in queries]
        for column in pending:
            given[column.group].append(column.given())
        headlines = [iter(found) for found in _headlines(session, queries, given)]
        pending = [c for c in pending if not c.put_back(next(headlines[c.group]))]
        for column in pending:
            column.spans = [(0, len(column.text))]
