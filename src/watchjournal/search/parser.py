"""Parsing what a user types into the query AST (one parser for the CLI and the GUI).

The language, loosely after beets' queries:

- words are all required (AND); ``a OR b`` wants either, and binds tighter
  than the implicit AND, so ``korean OR japanese thriller`` is
  ``(korean OR japanese) AND thriller``; parentheses group;
- ``-word`` or ``NOT word`` excludes; ``"exact phrase"`` keeps words together;
- ``title: director: cast: genre: country: tag: where: review: note:`` limit a
  word or "phrase" to one part of the film;
- ``like:kate`` finds the films linked ("reminds me of") to a film whose title
  matches as ``title:kate`` would; ``content:violence`` finds films with a
  content note holding that word or "phrase" (case and accents do not matter);
- ``year: rating: runtime:`` take numbers, comparisons and ``a..b`` ranges;
  ``watched: added:`` take ``2025``, ``2025-06`` or ``2025-06-01`` the same way;
- ``is:watchlist is:watched is:reviewed is:unrated is:liked is:spoilers
  is:rewatch`` test a film's state;
- the last plain word is also a prefix, so results can follow typing.

Words without any letter or digit (a lone "—" or "&") are ignored, as the
index ignores them. Anything else that cannot be read raises
QuerySyntaxError pointing at the bad part.
"""

from __future__ import annotations

from collections.abc import Callable

from watchjournal.search.errors import QuerySyntaxError
from watchjournal.search.query import (
    DATE_FIELDS,
    NUMBER_FIELDS,
    RELATION_FIELDS,
    STATES,
    TEXT_FIELDS,
    And,
    ContentNote,
    DateField,
    Is,
    Linked,
    Node,
    Not,
    NumberField,
    Or,
    State,
    Text,
    TextField,
)
from watchjournal.search.tokens import Kind, Token, has_token_chars, tokenize
from watchjournal.search.values import parse_date, parse_number
from watchjournal.user_text import quote, shorten

MAX_QUERY_LENGTH = 2000
MAX_DEPTH = 40
MIN_PREFIX_LENGTH = 2
_ENDS_OPERAND = (Kind.RPAREN, Kind.OR, Kind.AND)
_TEXT_FIELDS: dict[str, TextField] = {name: name for name in TEXT_FIELDS}
_NUMBER_FIELDS: dict[str, NumberField] = {name: name for name in NUMBER_FIELDS}
_DATE_FIELDS: dict[str, DateField] = {name: name for name in DATE_FIELDS}
_STATES: dict[str, State] = {name: name for name in STATES}


def _combine(kind: type[And] | type[Or], parts: list[Node | None]) -> Node | None:
    present = tuple(part for part in parts if part is not None)
    if not present:
        return None
    return present[0] if len(present) == 1 else kind(present)


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self._tokens = tokens
        self._index = 0
        self._depth = 0
        self._prefix_token = self._find_prefix_token()

    def _find_prefix_token(self) -> Token | None:
        """The last token, if it is a plain word still being typed."""
        if not self._tokens:
            return None
        last = self._tokens[-1]
        before = self._tokens[-2] if len(self._tokens) > 1 else None
        if before is not None and before.kind in (Kind.NEGATE, Kind.NOT):
            return None
        plain_word = last.kind is Kind.WORD
        text_field = (
            last.kind is Kind.FIELD
            and last.field in (*TEXT_FIELDS, *RELATION_FIELDS)
            and not last.quoted
        )
        if (plain_word or text_field) and len(last.text) >= MIN_PREFIX_LENGTH:
            return last
        return None

    def _peek(self) -> Token | None:
        return self._tokens[self._index] if self._index < len(self._tokens) else None

    def _take(self) -> Token:
        token = self._tokens[self._index]
        self._index += 1
        return token

    def _expect_operand_after(self, token: Token, what: str) -> None:
        following = self._peek()
        if following is None or following.kind in _ENDS_OPERAND:
            raise QuerySyntaxError(
                f"{token.text} needs something after it {what}", token.position, token.length
            )

    def parse(self) -> Node | None:
        node = self._sequence()
        stray = self._peek()
        if stray is not None:
            raise QuerySyntaxError('")" has no "(" before it to close', stray.position)
        return node

    def _sequence(self) -> Node | None:
        """Terms one after another: all of them must match."""
        parts: list[Node | None] = []
        while (token := self._peek()) is not None and token.kind is not Kind.RPAREN:
            if token.kind is Kind.AND:
                if not parts:
                    raise QuerySyntaxError(
                        "AND needs something before it", token.position, token.length
                    )
                self._take()
                self._expect_operand_after(token, "to combine")
                continue
            parts.append(self._alternatives())
        return _combine(And, parts)

    def _alternatives(self) -> Node | None:
        """``a OR b OR c``: any of them must match."""
        first = self._peek()
        if first is not None and first.kind is Kind.OR:
            raise QuerySyntaxError("OR needs something before it", first.position, first.length)
        parts = [self._unary()]
        while (token := self._peek()) is not None and token.kind is Kind.OR:
            self._take()
            self._expect_operand_after(token, "as the other choice")
            parts.append(self._unary())
        return _combine(Or, parts)

    def _unary(self) -> Node | None:
        token = self._take()
        if token.kind in (Kind.NEGATE, Kind.NOT):
            self._expect_operand_after(token, "to exclude")
            child = self._nested(token, self._unary)
            return None if child is None else Not(child)
        if token.kind is Kind.LPAREN:
            inner = self._nested(token, self._sequence)
            if self._peek() is None:
                raise QuerySyntaxError('"(" is never closed with ")"', token.position)
            self._take()
            return inner
        if token.kind in _ENDS_OPERAND:  # the callers check, but never index past a bad token
            raise QuerySyntaxError(f"unexpected {quote(token.text)}", token.position, token.length)
        return self._leaf(token)

    def _nested(self, token: Token, parse: Callable[[], Node | None]) -> Node | None:
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise QuerySyntaxError("the query is nested too deeply", token.position)
        try:
            return parse()
        finally:
            self._depth -= 1

    def _leaf(self, token: Token) -> Node | None:
        if token.kind is Kind.WORD:
            if not has_token_chars(token.text):
                return None
            return Text(token.text, prefix=token is self._prefix_token)
        if token.kind is Kind.PHRASE:
            return Text(token.text, phrase=True) if has_token_chars(token.text) else None
        return self._field(token)

    def _field(self, token: Token) -> Node | None:
        name, value = token.field or "", token.text
        if text_field := _TEXT_FIELDS.get(name):
            if not has_token_chars(value):
                return None
            return Text(value, text_field, phrase=token.quoted, prefix=token is self._prefix_token)
        if name in RELATION_FIELDS:
            return self._relation(token, name)
        if number_field := _NUMBER_FIELDS.get(name):
            return parse_number(number_field, value, token.value_position)
        if date_field := _DATE_FIELDS.get(name):
            return parse_date(date_field, value, token.value_position)
        state = _STATES.get(value.lower())
        if state is None:
            raise QuerySyntaxError(
                f"is:{shorten(value, 40)} - unknown state;"
                f" use one of {', '.join('is:' + s for s in STATES)}",
                token.value_position,
                len(value),
            )
        return Is(state)

    def _relation(self, token: Token, name: str) -> Node | None:
        if not has_token_chars(token.text):
            return None
        prefix = token is self._prefix_token
        if name == "like":
            return Linked(Text(token.text, "title", phrase=token.quoted, prefix=prefix))
        return ContentNote(token.text, prefix=prefix)


def parse_query(text: str) -> Node | None:
    """The AST of a query, or None when it asks for nothing (blank or punctuation only)."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(
            f"the query is longer than {MAX_QUERY_LENGTH} characters",
            MAX_QUERY_LENGTH,
            len(text) - MAX_QUERY_LENGTH,
        )
    return _Parser(tokenize(text)).parse()
