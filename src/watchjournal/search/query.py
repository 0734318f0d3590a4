"""The query AST: what a search means, independent of how it is typed or run.

The parser turns the text a user types into these nodes; ``fts`` and ``sql``
turn the nodes into an FTS5 MATCH expression and SQLAlchemy filters. Number
ranges are normalised to inclusive bounds in the stored unit (ratings in
tenths), date ranges to inclusive days, so running a query needs no more
interpretation of what was typed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeAlias

TextField = Literal[
    "title", "director", "cast", "genre", "country", "tag", "where", "review", "note"
]
# Text fields run as SQL, not in the index: the films linked to a film by its title,
# and the words of a film's content notes.
RelationField = Literal["like", "content"]
NumberField = Literal["year", "rating", "runtime"]
DateField = Literal["watched", "added"]
State = Literal["watchlist", "watched", "reviewed", "unrated", "liked", "spoilers", "rewatch"]

TEXT_FIELDS: tuple[TextField, ...] = (
    "title",
    "director",
    "cast",
    "genre",
    "country",
    "tag",
    "where",
    "review",
    "note",
)
RELATION_FIELDS: tuple[RelationField, ...] = ("like", "content")
NUMBER_FIELDS: tuple[NumberField, ...] = ("year", "rating", "runtime")
DATE_FIELDS: tuple[DateField, ...] = ("watched", "added")
STATES: tuple[State, ...] = (
    "watchlist",
    "watched",
    "reviewed",
    "unrated",
    "liked",
    "spoilers",
    "rewatch",
)


@dataclass(frozen=True)
class Text:
    """Words to find in the index: a word, a prefix being typed, or a "phrase".

    ``field`` None means any indexed text of the film.
    """

    text: str
    field: TextField | None = None
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True)
class NumberRange:
    """``low <= value <= high`` (either bound may be open), in stored units."""

    field: NumberField
    low: int | None
    high: int | None


@dataclass(frozen=True)
class DateRange:
    """A day between ``start`` and ``end``, both inclusive (either may be open)."""

    field: DateField
    start: date | None
    end: date | None


@dataclass(frozen=True)
class Linked:
    """``like:kate``: films linked ("reminds me of") to a film whose title matches ``title``.

    ``title`` is a title search (field "title"), matched exactly as ``title:`` is.
    """

    title: Text


@dataclass(frozen=True)
class ContentNote:
    """``content:violence``: films with a content note holding these words, next to
    each other and in this order (the last word also as a prefix while typing)."""

    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Is:
    state: State


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Leaf: TypeAlias = Text | NumberRange | DateRange | Is | Linked | ContentNote
Node: TypeAlias = Text | NumberRange | DateRange | Is | Linked | ContentNote | And | Or | Not


def leaves(node: Node) -> Iterator[Leaf]:
    """The words, phrases and filters (states, ranges, links, notes) of ``node``,
    wanted or excluded."""
    if isinstance(node, And | Or):
        for child in node.children:
            yield from leaves(child)
    elif isinstance(node, Not):
        yield from leaves(node.child)
    else:
        yield node


def positive_texts(node: Node, negated: bool = False) -> list[Text]:
    """The Text leaves a match is made of (not those under an odd number of NOTs)."""
    if isinstance(node, Text):
        return [] if negated else [node]
    if isinstance(node, And | Or):
        return [t for child in node.children for t in positive_texts(child, negated)]
    if isinstance(node, Not):
        return positive_texts(node.child, not negated)
    return []
