"""Searching a journal: one query language and engine for the CLI and the GUI (no Qt here).

``parse_query`` reads what a user typed (raising ``QuerySyntaxError`` with the
position of a mistake); ``JournalService.search`` and ``search_film_ids`` run
it. See ``parser`` for the language.
"""

from watchjournal.search.errors import QuerySyntaxError
from watchjournal.search.parser import parse_query
from watchjournal.search.results import SearchHit, Snippet

__all__ = ["QuerySyntaxError", "SearchHit", "Snippet", "parse_query"]
