"""A neutral description of what an import brings in, whatever file it came from.

Readers (Letterboxd, IMDb, JSON) build an ImportBatch; the journal service
matches it against the journal and applies it in one transaction. Everything
is plain data: films with their viewings and reviews nested inside, lists
referring to films by their index in ``ImportBatch.films``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from watchjournal.errors import JournalError
from watchjournal.journal.types import FilmFields


@dataclass(frozen=True)
class Origin:
    """Where a record was read: the file inside the export and its line number."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}" if self.line else self.file


class ImportFormatError(JournalError):
    """A file that cannot be imported; names the file and line at fault."""

    def __init__(self, message: str, origin: Origin | None = None) -> None:
        self.origin = origin
        super().__init__(f"{origin}: {message}" if origin else message)


@dataclass
class ImportRevision:
    rating_tenths: int | None
    headline: str
    body: str
    saved_at: datetime


@dataclass
class ImportViewing:
    watched_on: date | None
    rewatch_override: bool | None = None
    where: str | None = None
    did_not_finish: bool = False
    note: str | None = None
    created_at: datetime | None = None
    # Implied by "watched" without a diary entry: only kept if the film has no viewing.
    implied: bool = False


@dataclass
class ImportReview:
    rating_tenths: int | None = None
    headline: str = ""
    body: str = ""
    tags: tuple[str, ...] = ()
    spoilers: bool = False
    draft: bool = False
    # Index into the film's ``viewings``.
    viewing: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revisions: tuple[ImportRevision, ...] = ()
    # Only a rating (ratings.csv, IMDb): only kept if the film has no rating yet.
    implied: bool = False


@dataclass
class ImportWatchlist:
    added_at: datetime | None = None
    note: str | None = None
    # Order on the watchlist; entries without one go last, in batch order.
    position: int | None = None


@dataclass
class ImportFilm:
    fields: FilmFields
    origin: Origin
    watchlist: ImportWatchlist | None = None
    viewings: list[ImportViewing] = field(default_factory=list)
    reviews: list[ImportReview] = field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def label(self) -> str:
        year = self.fields.year
        return f"{self.fields.title} ({year})" if year else self.fields.title


@dataclass
class ImportListEntry:
    film: int  # index into ImportBatch.films
    note: str | None = None


@dataclass
class ImportList:
    name: str
    origin: Origin
    description: str | None = None
    entries: list[ImportListEntry] = field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Skipped:
    """A row left out on purpose (a TV series, say), with why."""

    origin: Origin
    what: str
    reason: str


@dataclass
class ImportBatch:
    kind: str
    films: list[ImportFilm] = field(default_factory=list)
    lists: list[ImportList] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(1 + len(f.viewings) + len(f.reviews) for f in self.films)
