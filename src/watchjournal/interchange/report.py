"""What an import did (or, in a dry run, would do): counts, skipped rows and notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from watchjournal.interchange.batch import Skipped

MAX_LISTED_SKIPS = 20


@dataclass
class ImportReport:
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
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

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
            "skipped": [
                {"file": s.origin.file, "line": s.origin.line, "what": s.what, "reason": s.reason}
                for s in self.skipped
            ],
            "notes": list(self.notes),
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
        if self.skipped:
            reasons = "; ".join(f"{n} {reason}" for reason, n in self.skip_reasons().items())
            lines.append(f"Skipped {len(self.skipped)} rows: {reasons}.")
            lines.extend(
                f"  {s.origin}: {s.what} ({s.reason})" for s in self.skipped[:MAX_LISTED_SKIPS]
            )
            if len(self.skipped) > MAX_LISTED_SKIPS:
                lines.append(f"  ... and {len(self.skipped) - MAX_LISTED_SKIPS} more")
        lines.extend(f"Note: {note}" for note in self.notes)
        if self.dry_run:
            lines.append("Dry run: nothing was changed.")
        elif not self.changed_anything:
            lines.append("Nothing new: the journal already had all of it.")
        return lines
