"""Splitting a query string into tokens, each knowing where it stands in the text.

Words end at whitespace, parentheses and double quotes. ``name:value`` is a
field term when ``name`` is a known field; ``name:`` followed by a quoted
phrase takes the phrase as its value. A ``-`` directly in front of something
excludes it. ``OR``, ``AND`` and ``NOT`` are operators only in capitals, so a
lowercase "or" is searched for like any other word.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass

from watchjournal.search.errors import QuerySyntaxError
from watchjournal.search.query import DATE_FIELDS, NUMBER_FIELDS, RELATION_FIELDS, TEXT_FIELDS
from watchjournal.user_text import quote

FIELD_NAMES = (*TEXT_FIELDS, *RELATION_FIELDS, *NUMBER_FIELDS, *DATE_FIELDS, "is")
KNOWN_FIELDS = frozenset(FIELD_NAMES)
_FIELD_RE = re.compile(r"(?P<name>[A-Za-z]+):(?P<value>.*)", re.DOTALL)
_WORD_END = frozenset('()"')
_KEYWORDS = {"OR", "AND", "NOT"}


class Kind(enum.Enum):
    WORD = "word"
    PHRASE = "phrase"
    FIELD = "field"
    LPAREN = "("
    RPAREN = ")"
    OR = "OR"
    AND = "AND"
    NOT = "NOT"
    NEGATE = "-"


@dataclass(frozen=True)
class Token:
    """One token; for FIELD tokens ``text`` is the value after ``field:``."""

    kind: Kind
    text: str
    position: int
    length: int
    field: str | None = None
    quoted: bool = False
    value_position: int = 0


def has_token_chars(text: str) -> bool:
    """Whether FTS5's unicode61 tokenizer finds any word in ``text``.

    It keeps letters, digits and private-use characters (categories L*, N*,
    Co) and treats everything else as a separator: "—" or "&" alone search
    for nothing.
    """
    return any(
        unicodedata.category(ch)[0] in "LN" or unicodedata.category(ch) == "Co" for ch in text
    )


def _read_quoted(query: str, start: int) -> tuple[str, int]:
    """The text between the quote at ``start`` and its partner, and the index after it."""
    end = query.find('"', start + 1)
    if end < 0:
        raise QuerySyntaxError(
            'unbalanced quote: the " has no closing " to end the phrase',
            start,
            len(query) - start,
        )
    return query[start + 1 : end], end + 1


def _word_end(query: str, start: int) -> int:
    end = start
    while end < len(query) and not query[end].isspace() and query[end] not in _WORD_END:
        end += 1
    return end


def _field_list() -> str:
    return ", ".join(f"{name}:" for name in FIELD_NAMES)


def _word_or_field(query: str, start: int) -> tuple[Token, int]:
    end = _word_end(query, start)
    word = query[start:end]
    match = _FIELD_RE.fullmatch(word)
    if match is None:
        kind = Kind(word) if word in _KEYWORDS else Kind.WORD
        return Token(kind, word, start, end - start), end
    name, value = match["name"].lower(), match["value"]
    if name not in KNOWN_FIELDS:
        if not value:  # "Mission: Impossible" - a word that happens to end in a colon
            return Token(Kind.WORD, match["name"], start, end - start), end
        raise QuerySyntaxError(
            f"unknown field {quote(match['name'] + ':')}; the fields are {_field_list()}"
            ' (put text containing a colon in "quotes")',
            start,
            len(name) + 1,
        )
    value_position = start + len(name) + 1
    quoted = not value and end < len(query) and query[end] == '"'
    if quoted:
        value, end = _read_quoted(query, end)
    if not value.strip():
        raise QuerySyntaxError(f"{name}: needs a value after the colon", start, end - start)
    token = Token(
        Kind.FIELD,
        value,
        start,
        end - start,
        field=name,
        quoted=quoted,
        value_position=value_position + (1 if quoted else 0),
    )
    return token, end


def _is_negation(query: str, index: int) -> bool:
    """A "-" glued to what follows excludes it; a free-standing "-" is punctuation."""
    if query[index] != "-" or index + 1 >= len(query):
        return False
    following = query[index + 1]
    return not following.isspace() and following != ")"


def tokenize(query: str) -> list[Token]:
    """The tokens of ``query`` in order; raises QuerySyntaxError for bad quoting or fields."""
    tokens: list[Token] = []
    index = 0
    while index < len(query):
        char = query[index]
        if char.isspace():
            index += 1
        elif char in "()":
            tokens.append(Token(Kind(char), char, index, 1))
            index += 1
        elif char == '"':
            text, end = _read_quoted(query, index)
            tokens.append(Token(Kind.PHRASE, text, index, end - index))
            index = end
        elif _is_negation(query, index):
            tokens.append(Token(Kind.NEGATE, char, index, 1))
            index += 1
        else:
            token, index = _word_or_field(query, index)
            tokens.append(token)
    return tokens
