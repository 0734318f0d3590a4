"""Search syntax help, opened from the search field ("?" button, or F1 while it has focus).

The fields, number and date filters and ``is:`` states are read from
``search/query.py``'s lists, so a field added there shows up here at once
(with a generic description until it gets its own). Enter or a double-click
on a row puts its example into the search field.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from watchjournal.search.query import DATE_FIELDS, NUMBER_FIELDS, STATES, TEXT_FIELDS
from watchjournal.ui.common.shortcuts_window import Group, ReferenceWindow, Row

# What each field searches; a field missing here still gets a row.
TEXT_FIELD_HELP = {
    "title": "the title or the original title",
    "director": "the directors",
    "cast": "the cast",
    "genre": "the genres",
    "country": "the countries",
    "tag": "the tags of your reviews and diary entries",
    "where": "where it streams and where you watched it",
    "review": "the text and headline of your reviews",
    "note": "your watchlist and diary notes",
}
TEXT_EXAMPLES = {
    "title": "huracan",
    "director": '"Len Wiseman"',
    "cast": "jeon",
    "genre": "thriller",
    "country": "korea",
    "tag": "action",
    "where": "netflix",
    "review": "flamethrower",
    "note": "recommended",
}
NUMBER_EXAMPLES = {
    "year": ("year:2020..2025", "year:>=2000"),
    "rating": ("rating:>=8", "rating:6..7.5"),
    "runtime": ("runtime:<100", "runtime:90..120"),
}
NUMBER_HELP = {
    "year": "the year of release",
    "rating": "your rating of the film (0.5 to 10)",
    "runtime": "the running time in minutes",
}
DATE_HELP = {
    "watched": "a day you watched it",
    "added": "the day you added it",
}
STATE_HELP = {
    "watchlist": "on your watchlist",
    "watched": "watched at least once",
    "reviewed": "with a review",
    "unrated": "without a rating",
    "liked": "liked",
    "spoilers": "with a review marked as having spoilers",
    "rewatch": "watched more than once, or marked as a rewatch",
}


def syntax_groups() -> list[Group]:
    """The query language as (group, rows of (example, meaning))."""
    words: list[Row] = [
        ("storm boat", "films with both words (in any of their text)"),
        ("korean OR japanese thriller", "either of the first two, and thriller"),
        ("(korean OR japanese) thriller", "parentheses group"),
        ('"exact phrase"', "the words next to each other"),
        ("-sequel", "films without the word"),
        ("NOT sequel", "the same as -sequel"),
        ("flame", "the last word is also the start of a word: flamethrower"),
    ]
    fields: list[Row] = [
        (
            f"{name}:{TEXT_EXAMPLES.get(name, 'word')}",
            f'the word or "phrase" in {TEXT_FIELD_HELP.get(name, name)} only',
        )
        for name in TEXT_FIELDS
    ]
    numbers: list[Row] = []
    for name in NUMBER_FIELDS:
        for example in NUMBER_EXAMPLES.get(name, (f"{name}:>=1",)):
            numbers.append((example, NUMBER_HELP.get(name, name)))
    numbers.append(("year:>2000", "compare with =, >, >=, < or <="))
    numbers.append(("year:2000..", "ranges: a..b, a.. (from a), ..b (up to b), ends included"))
    dates: list[Row] = []
    for date_field in DATE_FIELDS:
        what = DATE_HELP.get(date_field, date_field)
        dates += [
            (f"{date_field}:2025", f"{what}, in that year"),
            (f"{date_field}:2025-06", f"{what}, in that month"),
            (f"{date_field}:2025-06-01..2025-06-30", f"{what}, in that range"),
        ]
    states: list[Row] = [(f"is:{state}", STATE_HELP.get(state, state)) for state in STATES]
    states.append(("-is:watched", "any filter can be negated"))
    return [
        ("Words", words),
        ("In one part of the film", fields),
        ("Numbers", numbers),
        ("Dates", dates),
        ("What state a film is in", states),
    ]


class SearchHelpWindow(ReferenceWindow):
    """The search language, row by row; choosing a row emits its example."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Search Syntax",
            "Case and accents do not matter. Combine any of these; a query of filters"
            " alone lists its films by title. Press Enter on a row to try it.",
            ("You type", "Finds"),
            "&Find",
            "Type part of an example or of what it finds",
            parent,
        )
        self.set_groups(syntax_groups())
