"""The error a search query with bad syntax raises, pointing at the bad part."""

from __future__ import annotations

from watchjournal.errors import ValidationError
from watchjournal.user_text import shorten

# The longest message the parser writes (an unknown field, with the list of
# fields) is about 300 characters; the parts quoting the query are cut shorter
# where they are written. This is the net under them: a query is at most 2,000
# characters, and it never reaches a message whole or with its controls.
MAX_DETAIL = 600


class QuerySyntaxError(ValidationError):
    """A query the parser cannot read; ``position``/``length`` locate the bad part.

    ``position`` is the 0-based index into the query string of the first bad
    character and ``length`` how many characters to underline (at least 1), so a
    GUI can mark the spot; the message already names it for a terminal.
    """

    def __init__(self, message: str, position: int, length: int = 1) -> None:
        self.position = max(0, position)
        self.length = max(1, length)
        self.detail = shorten(message, MAX_DETAIL)
        super().__init__(f"bad search query: {self.detail} (at character {self.position + 1})")
