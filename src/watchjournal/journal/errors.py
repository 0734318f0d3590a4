"""Errors the journal service raises for things a user did or can fix.

Each carries a message fit to show as-is; front ends print it (CLI, exit 1)
or show it in a dialog. Anything else escaping the service is a bug.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from watchjournal.journal.types import FilmRecord


class JournalError(Exception):
    """Base class: a problem the user can understand; nothing was changed."""


class ValidationError(JournalError):
    """Input that the journal cannot accept (a rating of 11, an empty title...)."""


class NotFoundError(JournalError):
    """No film (or review, viewing) matches what was asked for."""


class AmbiguousFilmError(JournalError):
    """A film reference matches more than one film."""

    def __init__(self, reference: str, candidates: Sequence[FilmRecord]) -> None:
        self.candidates = list(candidates)
        listing = "\n".join(f"  {film.long_label}  [id {film.id}]" for film in self.candidates)
        super().__init__(
            f'"{reference}" matches {len(self.candidates)} films; say which one by'
            f' "Title (Year)" or by id:\n{listing}'
        )


class DuplicateFilmError(JournalError):
    """Adding a film that looks like one already in the journal."""

    def __init__(self, existing: Sequence[FilmRecord]) -> None:
        self.existing = list(existing)
        first = self.existing[0]
        super().__init__(
            f"{first.label} is already in your journal (id {first.id});"
            " add it anyway to keep another film with the same title"
        )
