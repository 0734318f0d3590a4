"""Matching ``content:`` against a film's content notes, which are not in the full-text index.

A film's content notes are a short JSON list on ``films`` (a handful of phrases),
so ``content:`` is an SQL condition over ``json_each`` rather than an index
column. To fold case and accents the way the index does (``unicode61`` with
``remove_diacritics``: ``Nudité`` is found by ``nudite``), every note is
turned into its words by ``note_words``, the same function the query's
words go through; SQLite runs it as the SQL function ``NOTE_WORDS_FUNCTION``,
which ``register_functions`` adds to a search's connection. A word is a run
of letters, digits or private-use characters, as for the index's tokenizer;
everything else separates words. There is no stemming: ``content:drug``
finds "drug use", and, typed last, "drugs" too (the last word is a prefix).
"""

from __future__ import annotations

import sqlite3
import unicodedata
from functools import lru_cache

from sqlalchemy.orm import Session

NOTE_WORDS_FUNCTION = "watchjournal_note_words"


def _is_word_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LN" or category == "Co"


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The words of ``text``, without accents and case-folded."""
    # Folding case can bring accents back ("İ" folds to "i" and a combining dot).
    folded = _without_accents(_without_accents(text).casefold())
    found: list[str] = []
    current: list[str] = []
    for char in folded:
        if _is_word_char(char):
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def note_words(text: object) -> str:
    """A note as its folded words joined by single spaces (the SQL function's body).

    Anything but text (a number in a hand-edited list) has no words: a bug here
    would abort the whole query, so nothing is raised.
    """
    return " ".join(words(text)) if isinstance(text, str) else ""


def like_pattern(text: str, *, prefix: bool) -> str | None:
    """The LIKE pattern matching ``" " + note_words(note) + " "`` when the note holds
    the words of ``text`` next to each other (None: ``text`` has no words)."""
    wanted = words(text)
    if not wanted:
        return None
    # Words hold only letters, digits and private-use characters: never % _ or \.
    return "% " + " ".join(wanted) + ("%" if prefix else " %")


# Journals reuse a few notes ("violence", "animal harm") on many films: folding each
# once makes ``content:`` over 100,000 films about three times faster.
_cached_note_words = lru_cache(maxsize=4096)(note_words)


def register_functions(session: Session) -> None:
    """Make ``NOTE_WORDS_FUNCTION`` available on the connection ``session`` runs on."""
    dbapi = session.connection().connection.driver_connection
    if isinstance(dbapi, sqlite3.Connection):
        dbapi.create_function(NOTE_WORDS_FUNCTION, 1, _cached_note_words, deterministic=True)
