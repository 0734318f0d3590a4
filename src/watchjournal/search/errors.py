"""The error a search query with bad syntax raises, pointing at the bad part."""

from __future__ import annotations

from watchjournal.errors import ValidationError


class QuerySyntaxError(ValidationError):
    """A query the parser cannot read; ``position``/``length`` locate the bad part.

    ``position`` is the 0-based index into the query string of the first bad
    character and ``length`` how many characters to underline (at least 1), so a
    GUI can mark the spot; the message already names it for a terminal.
    """

    def __init__(self, message: str, position: int, length: int = 1) -> None:
        self.position = max(0, position)
        self.length = max(1, length)
        self.detail = message
        super().__init__(f"bad search query: {message} (at character {self.position + 1})")
