"""Query words through the vocabulary: prefixes as an FTS5 OR of the index's words.

The journal's index has no prefix indexes (migration 0015): a native ``"ri"*``
would merge the doclists of all ~600 words starting with ``ri`` before it
returns one film. Their OR instead reads each word's doclist only as far as
the query needs (the newest page of a broad query). The words come from the
vocabulary (``words``); the prefix itself goes through the index's own
tokenizer first (``Running`` is searched as ``run``, ``Ok-ju`` as the phrase
``ok`` then ``ju``: ``words.tokens``). ``ok-j`` becomes ``("ok ja" OR "ok ju" ...)``:
a phrase whose last word is each word in turn.

Limited to columns (``title:ri``, ``like:``'s title, the engine's pass over
titles and people of a broad query), an OR of all 600 words would read each
to its end for the few places in those columns (120 ms for ``title:ri`` at
100,000 films), and FTS5's own prefix merges them all (7-13 ms). The vocabulary
knows the columns each word is in (migration 0016), so there a prefix is the
OR of only the words in them, and a word, phrase or prefix that is in none of
them is NOTHING (``fts``): it matches no film there, which the index need not
be asked (the mask may name a column a word has left, never miss one it is in).

A prefix no word starts with stays native: with no such term in the index that
costs a look-up. So does one that starts more than MOST_WORDS words (a very short
prefix in a journal of rich vocabulary): such an OR would be as slow as FTS5's own
merge. A journal whose index still has its prefix indexes (a large journal
upgraded but not reindexed, see migration 0015) gets no expansions at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Connection

from watchjournal.search.fts import NOTHING, quote
from watchjournal.search.index import FIELD_COLUMNS
from watchjournal.search.query import And, Linked, Node, Not, Or, Text
from watchjournal.search.words import (
    EVERY_COLUMN,
    TABLE,
    cached_tokens,
    column_mask,
    has_vocabulary,
)

# An OR of this many words takes about as long as FTS5's merge of their doclists.
MOST_WORDS = 2000

# Plain DB-API parameters and rows: SQLAlchemy's result handling of ~600 rows would
# take ten times as long as SQLite's reading of them.
_WORDS = f"SELECT word, cols FROM {TABLE} WHERE term >= ? AND term < ? ORDER BY term LIMIT ?"


@dataclass(frozen=True)
class Known:
    """What the vocabulary says of one query leaf."""

    # The columns that every whole word of it is in (a prefix: the words before it).
    columns: int
    # A prefix: the phrase of the words before it (``ok`` of ``ok-j``), and each word it
    # stands for with its columns; None: not a prefix, or one left to FTS5 (see the module).
    head: str = ""
    words: tuple[tuple[str, int], ...] | None = None


Vocabulary = Mapping[Text, Known]


def _following(term: str) -> str | None:
    """The first string after every string starting with ``term`` (None: no such string)."""
    last = ord(term[-1])
    return None if last >= 0x10FFFF else term[:-1] + chr(last + 1)


def text_leaves(node: Node) -> list[Text]:
    """Every word, phrase or prefix in ``node``, wanted or excluded, including ``like:``'s."""
    if isinstance(node, Text):
        return [node]
    if isinstance(node, Linked):
        return [node.title]
    if isinstance(node, Not):
        return text_leaves(node.child)
    if isinstance(node, And | Or):
        return [leaf for child in node.children for leaf in text_leaves(child)]
    return []


def look_up(connection: Connection, leaves: Iterable[Text]) -> dict[Text, Known]:
    """What the vocabulary says of each of ``leaves`` (none: a journal without one)."""
    unique = list(dict.fromkeys(leaves))
    if not unique or not has_vocabulary(connection):
        return {}
    made = cached_tokens(connection, [leaf.text for leaf in unique])
    whole = {
        stem for leaf, found in zip(unique, made, strict=True) for stem, _word in
        (found[:-1] if leaf.prefix else found)
    }  # fmt: skip
    columns = _columns(connection, whole)
    known = {}
    for leaf, found in zip(unique, made, strict=True):
        if not found:  # no word at all: FTS5 finds nothing at once
            continue
        heads = found[:-1] if leaf.prefix else found
        mask = EVERY_COLUMN
        for stem, _word in heads:
            mask &= columns.get(stem, 0)
        if not leaf.prefix:
            known[leaf] = Known(mask)
            continue
        head = " ".join(word for _stem, word in heads)
        known[leaf] = Known(mask, head, _prefix_words(connection, found[-1][0]))
    return known


def _columns(connection: Connection, terms: set[str]) -> dict[str, int]:
    if not terms:
        return {}
    marks = ", ".join("?" for _ in terms)
    rows = connection.exec_driver_sql(
        f"SELECT term, cols FROM {TABLE} WHERE term IN ({marks})", tuple(terms)
    )
    return {str(term): int(cols) for term, cols in rows}


def _prefix_words(connection: Connection, last: str) -> tuple[tuple[str, int], ...] | None:
    """The words a prefix's last term stands for, with their columns (None: too many)."""
    high = _following(last)
    if high is None:
        return None
    rows = connection.exec_driver_sql(_WORDS, (last, high, MOST_WORDS + 1)).fetchall()
    if len(rows) > MOST_WORDS:
        return None
    return tuple((str(word), int(cols)) for word, cols in rows)


def expressions(known: Vocabulary, within: int = EVERY_COLUMN) -> dict[Text, str]:
    """The FTS5 expression of each leaf that has one, in a search limited to ``within``.

    ``within``: the bits of the columns the whole search is limited to (the engine's
    pass over titles and people); a leaf's own field limits it further.
    """
    found = {}
    for leaf, facts in known.items():
        columns = within
        if leaf.field is not None:
            columns &= column_mask([FIELD_COLUMNS[leaf.field]])
        expression = _expression(leaf, facts, columns)
        if expression is not None:
            found[leaf] = expression
    return found


def _expression(leaf: Text, known: Known, columns: int) -> str | None:
    limited = columns != EVERY_COLUMN
    if limited and not known.columns & columns:
        return NOTHING
    if known.words is None:
        return None
    words = known.words
    if limited:
        words = tuple((word, cols) for word, cols in words if cols & known.columns & columns)
    if not words:  # no word starts with it: in a column, nothing; else FTS5's own
        return NOTHING if limited else None
    phrases = [quote(f"{known.head} {word}" if known.head else word) for word, _cols in words]
    return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"


def expansions(connection: Connection, leaves: Iterable[Text]) -> dict[Text, str]:
    """The FTS5 expression of each of ``leaves`` that has one, searched in every column."""
    return expressions(look_up(connection, leaves))
