"""Writing a query term for a value: ``director:"Len Wiseman"``.

Front ends that turn something on screen into a search (a director's name on a
film's page, a tag, a streaming service) build the query text here, so the
quoting rule lives next to the tokenizer that reads it back. The language has
no escape for a double quote inside a phrase; a quote is no word character for
the full-text index anyway, so it becomes a space, as do line breaks, and runs
of spaces shrink to one. What is left is one quoted phrase: reading it back
gives one term of ``field`` with that text.
"""

from __future__ import annotations

import re

from watchjournal.search.tokens import KNOWN_FIELDS

_NOT_IN_PHRASE = re.compile(r'["\s]+')


def field_term(field: str, value: str) -> str:
    """``field:"value"``, quoted so the tokenizer reads back exactly one term.

    Raises ValueError for a field the language does not know (a programming
    error) or a value with nothing left to search for once quotes are removed.
    """
    if field not in KNOWN_FIELDS:
        raise ValueError(f"{field!r} is not a search field")
    phrase = _NOT_IN_PHRASE.sub(" ", value).strip()
    if not phrase:
        raise ValueError("nothing to search for")
    return f'{field}:"{phrase}"'
