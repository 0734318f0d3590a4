"""What a search returns: plain, Qt-free records for the CLI and the GUI."""

from __future__ import annotations

from dataclasses import dataclass

from watchjournal.journal.types import FilmRecord
from watchjournal.search.query import TextField


@dataclass(frozen=True)
class Snippet:
    """A short piece of a film's text with the matching words flagged.

    ``segments`` are (text, is_match) pairs in reading order; the GUI renders
    them itself (escaping the text), the CLI uses ``marked()``. ``field`` says
    where the text comes from: "review", "title", "director", "note"...

    ``spoiler`` is True when the text comes from a review flagged as having
    spoilers: front ends keep such text hidden until the user asks for it
    (``search --spoilers``, a click in the app), as the film pane does. The hit
    itself is found and ranked all the same.
    """

    field: TextField
    segments: tuple[tuple[str, bool], ...]
    spoiler: bool = False

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.segments)

    def marked(self, open: str = "[", close: str = "]") -> str:
        """The text with every match wrapped in ``open``/``close``: ``a [flamethrower]!``."""
        return "".join(f"{open}{text}{close}" if hit else text for text, hit in self.segments)


@dataclass(frozen=True)
class SearchHit:
    """One film found; ``review_id`` is the review the snippet comes from, if any.

    ``score`` is higher for better matches (0.0 when only filters were asked for).
    """

    film: FilmRecord
    review_id: int | None
    snippet: Snippet | None
    score: float
