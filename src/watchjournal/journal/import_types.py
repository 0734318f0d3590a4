"""The shared types of an import: the batch readers build and the report an import gives.

Readers (Letterboxd, IMDb, JSON in ``watchjournal.interchange``) build an
ImportBatch, a neutral description of what an import brings in whatever file it
came from; the journal service matches it against the journal, applies it in
one transaction and answers with an ImportReport. Everything is plain data:
films with their viewings and reviews nested inside, lists referring to films
by their index in ``ImportBatch.films``. The types live here, in the journal
layer, so journal/ never imports interchange/ and the readers import them
from below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from watchjournal.errors import JournalError
from watchjournal.journal.types import FilmFields

# Called as an import goes: (step, steps in all, what is being done).
ProgressCallback = Callable[[int, int, str], None]


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
    # The diary entry's tags (Letterboxd's diary tags), in the order given.
    tags: tuple[str, ...] = ()


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
    # No year and no film link to go by (Netflix gives only a title): matched by title
    # alone; a title several journal films share is reported as ambiguous, not guessed,
    # and an unknown one becomes a new film without a year (one that needs details).
    title_only: bool = False

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
    ranked: bool = False  # a new list is made ranked; a list merged into keeps its own
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass
class ImportLink:
    """Two films of the batch that remind the user of each other ("reminds me of")."""

    film: int  # index into ImportBatch.films
    other: int  # index into ImportBatch.films
    note: str | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class Skipped:
    """A row left out on purpose (a TV series, say), with why."""

    origin: Origin
    what: str
    reason: str


@dataclass(frozen=True)
class ImportWarning:
    """A file left out of an import that otherwise goes ahead (an empty list, say), with why."""

    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


@dataclass(frozen=True)
class Candidate:
    """A journal film an ambiguous row could belong to."""

    film_id: int
    label: str  # title, year and director: "Ballerina (2023, Lee Chung-hyun)"


@dataclass(frozen=True)
class Ambiguous:
    """A film of the batch that matches several journal films: left out, never guessed,
    unless the user chooses one (``import_batch(..., choices={film: film_id})``)."""

    film: int  # index into ImportBatch.films
    origin: Origin
    what: str  # the film as the export names it
    candidates: tuple[Candidate, ...]


@dataclass
class ImportBatch:
    kind: str
    films: list[ImportFilm] = field(default_factory=list)
    lists: list[ImportList] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Optional files left out because they could not be read (``--strict`` refuses instead).
    warnings: list[ImportWarning] = field(default_factory=list)
    links: list[ImportLink] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(1 + len(f.viewings) + len(f.reviews) for f in self.films)


MAX_LISTED_SKIPS = 20  # skipped rows listed one by one in a report's summary


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do): counts, skipped rows and notes."""

    kind: str
    dry_run: bool = False
    films_added: int = 0
    films_merged: int = 0
    # Matched films whose details were filled in (an IMDb id, a runtime...).
    films_changed: int = 0
    viewings_added: int = 0
    viewings_already_there: int = 0
    reviews_added: int = 0
    reviews_already_there: int = 0
    watchlist_added: int = 0
    likes_added: int = 0
    lists_added: int = 0
    lists_merged: int = 0
    list_entries_added: int = 0
    tags_added: int = 0
    links_added: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    # Films left out because they match several journal films (choosable in the GUI).
    ambiguous: list[Ambiguous] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        counts = (
            self.films_added,
            self.viewings_added,
            self.reviews_added,
            self.watchlist_added,
            self.likes_added,
            self.lists_added,
            self.list_entries_added,
            self.tags_added,
            self.links_added,
        )
        return any(counts) or self.films_changed > 0

    def skip_reasons(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for skip in self.skipped:
            counts[skip.reason] = counts.get(skip.reason, 0) + 1
        return dict(sorted(counts.items()))

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "films": {
                "added": self.films_added,
                "merged": self.films_merged,
                "details_filled_in": self.films_changed,
            },
            "viewings": {
                "added": self.viewings_added,
                "already_there": self.viewings_already_there,
            },
            "reviews": {"added": self.reviews_added, "already_there": self.reviews_already_there},
            "watchlist_added": self.watchlist_added,
            "likes_added": self.likes_added,
            "lists": {
                "added": self.lists_added,
                "merged": self.lists_merged,
                "entries_added": self.list_entries_added,
            },
            "tags_added": self.tags_added,
            "links_added": self.links_added,
            "skipped": [
                {"file": s.origin.file, "line": s.origin.line, "what": s.what, "reason": s.reason}
                for s in self.skipped
            ],
            "notes": list(self.notes),
            "warnings": [{"file": w.file, "message": w.message} for w in self.warnings],
            "ambiguous": [
                {
                    "file": a.origin.file,
                    "line": a.origin.line,
                    "what": a.what,
                    "candidates": [{"id": c.film_id, "label": c.label} for c in a.candidates],
                }
                for a in self.ambiguous
            ],
        }

    def summary_lines(self) -> list[str]:
        """The report as readable lines (for the terminal and the import dialog)."""
        verb = "Would add" if self.dry_run else "Added"
        lines = [
            f"{verb} {self.films_added} films; {self.films_merged} matched films already"
            f" in the journal ({self.films_changed} with details filled in).",
            f"Viewings: {self.viewings_added} new, {self.viewings_already_there} already there.",
            f"Reviews and ratings: {self.reviews_added} new,"
            f" {self.reviews_already_there} already there.",
            f"Watchlist: {self.watchlist_added} new. Liked: {self.likes_added} new.",
            f"Lists: {self.lists_added} new, {self.lists_merged} merged,"
            f" {self.list_entries_added} films added to lists.",
        ]
        if self.links_added:
            lines.append(f'Links between films ("reminds me of"): {self.links_added} new.')
        if self.skipped:
            reasons = "; ".join(f"{n} {reason}" for reason, n in self.skip_reasons().items())
            lines.append(f"Skipped {len(self.skipped)} rows: {reasons}.")
            lines.extend(
                f"  {s.origin}: {s.what} ({s.reason})" for s in self.skipped[:MAX_LISTED_SKIPS]
            )
            if len(self.skipped) > MAX_LISTED_SKIPS:
                lines.append(f"  ... and {len(self.skipped) - MAX_LISTED_SKIPS} more")
        lines.extend(self._ambiguous_lines())
        lines.extend(f"Warning: {warning} (left out)" for warning in self.warnings)
        lines.extend(f"Note: {note}" for note in self.notes)
        if self.dry_run:
            lines.append("Dry run: nothing was changed.")
        elif not self.changed_anything and self.ambiguous:
            lines.append("Nothing else was new: the journal already had the rest.")
        elif not self.changed_anything:
            lines.append("Nothing new: the journal already had all of it.")
        return lines

    def _ambiguous_lines(self) -> list[str]:
        if not self.ambiguous:
            return []
        count = len(self.ambiguous)
        films = "1 film matches" if count == 1 else f"{count} films match"
        lines = [
            f"{films} several films in the journal and {'was' if count == 1 else 'were'}"
            " left out with everything about them (nothing is guessed; the app's import"
            " preview lets you choose):"
        ]
        for item in self.ambiguous[:MAX_LISTED_SKIPS]:
            candidates = "; ".join(f"#{c.film_id} {c.label}" for c in item.candidates)
            lines.append(f"  {item.origin}: {item.what} could be {candidates}")
        if count > MAX_LISTED_SKIPS:
            lines.append(f"  ... and {count - MAX_LISTED_SKIPS} more")
        return lines
