"""Prefixes being typed, as an FTS5 OR of the index's words that start with them.

The journal's index has no prefix indexes (migration 0015): a native ``"ri"*``
would merge the doclists of all ~600 words starting with ``ri`` before it
returns one film. Their OR instead reads each word's doclist only as far as
the query needs (the newest page of a broad query). The words come from the
vocabulary (``words``); the prefix itself goes through the index's own
tokenizer first (``Running`` is searched as ``run``, ``Ok-ju`` as the phrase
``ok`` then ``ju``: ``words.tokens``). ``ok-j`` becomes ``("ok ja" OR "ok ju" ...)``:
a phrase whose last word is each word in turn.

A prefix limited to a column (``title:ri``, ``like:``'s title) stays FTS5's own:
filtering by column, FTS5 merges only the words' places in that column (7 ms for
``title:ri`` at 100,000 films), while an OR of 600 words each read to its end
for the few places in titles takes 120 ms (the engine's pass over titles and
people of a broad query asks FTS5 the same way, ``engine``). A prefix no word
starts with stays native: with no such term in the index that
costs a look-up. So does one that starts more than MOST_WORDS words (a very short
prefix in a journal of rich vocabulary): such an OR would be as slow as FTS5's own
merge. A journal whose index still has its prefix indexes (a large journal
upgraded but not reindexed, see migration 0015) gets no expansions at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection

from watchjournal.search.fts import quote
from watchjournal.search.query import And, Linked, Node, Not, Or, Text
from watchjournal.search.words import TABLE, has_vocabulary, tokens

# An OR of this many words takes about as long as FTS5's merge of their doclists.
MOST_WORDS = 2000

# Plain DB-API parameters and rows: SQLAlchemy's result handling of ~600 rows would
# take ten times as long as SQLite's reading of them.
_WORDS = f"SELECT word FROM {TABLE} WHERE term >= ? AND term < ? ORDER BY term LIMIT ?"


def _following(term: str) -> str | None:
    """The first string after every string starting with ``term`` (None: no such string)."""
    last = ord(term[-1])
    return None if last >= 0x10FFFF else term[:-1] + chr(last + 1)


def prefix_leaves(node: Node) -> list[Text]:
    """Every prefix in ``node``, wanted or excluded, including ``like:``'s title."""
    if isinstance(node, Text):
        return [node] if node.prefix else []
    if isinstance(node, Linked):
        return prefix_leaves(node.title)
    if isinstance(node, Not):
        return prefix_leaves(node.child)
    if isinstance(node, And | Or):
        return [leaf for child in node.children for leaf in prefix_leaves(child)]
    return []


def expansions(connection: Connection, leaves: Iterable[Text]) -> dict[Text, str]:
    """The FTS5 expression of each prefix among ``leaves`` that has one (see the module)."""
    # In one column (``title:ri``) FTS5's own prefix is the quicker: see the module.
    prefixes = list(dict.fromkeys(leaf for leaf in leaves if leaf.prefix and leaf.field is None))
    if not prefixes or not has_vocabulary(connection):
        return {}
    found = {}
    for leaf, made in zip(prefixes, tokens(connection, [p.text for p in prefixes]), strict=True):
        if not made:
            continue
        last = made[-1][0]
        head = " ".join(word for _stem, word in made[:-1])
        high = _following(last)
        if high is None:
            continue
        rows = connection.exec_driver_sql(_WORDS, (last, high, MOST_WORDS + 1))
        words = [str(row[0]) for row in rows]
        if not words or len(words) > MOST_WORDS:
            continue
        phrases = [quote(f"{head} {word}" if head else word) for word in words]
        found[leaf] = phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"
    return found
