"""Review text kept on this computer while the journal cannot take it (no Qt here).

When a save of the review editor fails because the journal cannot be reached
(a journal on a server that went away) or cannot be written for a while, the
editor keeps the review's fields in a small JSON file in the app's data folder
(``AppPaths.recovery_dir``): one file per journal and review (or per film, for
a new review not created yet), user-only (0600 in a 0700 folder, like the
journal itself), written atomically on each debounced change while the text
is unsaved, and deleted once the journal has it. So quitting, or the app being
killed, while the server is away loses nothing: the next window on that
journal finds the file and saves it (``save_unsaved``) through the normal save
path, where the version check still applies: if another machine changed the
review meanwhile, its text is kept as a revision and the result says so.

A file that cannot be read (damaged, from a newer WatchJournal) is left where
it is for the user to look at, never deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from watchjournal.atomic_file import write_atomically
from watchjournal.errors import NotFoundError
from watchjournal.journal.reviews import EditingSession
from watchjournal.journal.service import JournalService
from watchjournal.journal.types import ReviewFields, ReviewRecord
from watchjournal.private_files import make_private_folder, tighten

FORMAT = 1
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class UnsavedReview:
    """What the editor held that the journal did not have yet."""

    journal: str  # the journal's name (a path, or a server URL without its password)
    film_id: int
    review_id: int | None  # None: a new review, not created yet
    version: int | None  # the review's version the editor loaded or last saved
    fields: ReviewFields
    film_label: str = ""  # for the message after it is saved
    kept_at: str = ""  # ISO time, UTC

    def to_json(self) -> bytes:
        data = asdict(self)
        data["fields"]["tags"] = list(self.fields.tags)
        return json.dumps({"format": FORMAT, **data}, ensure_ascii=False, indent=1).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> UnsavedReview:
        """Raises ValueError (or KeyError/TypeError) for a file it cannot read."""
        data: dict[str, Any] = json.loads(raw)
        if data.pop("format", None) != FORMAT:
            raise ValueError("not a recovery file of this WatchJournal")
        fields = dict(data.pop("fields"))
        fields["tags"] = tuple(str(tag) for tag in fields.get("tags", ()))
        return cls(fields=ReviewFields(**fields), **data)


def journal_key(journal: str) -> str:
    """A short stable name for a journal, for file names (its path or URL may not fit)."""
    return hashlib.sha256(journal.encode("utf-8", "surrogateescape")).hexdigest()[:16]


class RecoveryFolder:
    """The recovery files of one journal in ``folder``."""

    def __init__(self, folder: Path, journal: str) -> None:
        self.folder = folder
        self.journal = journal
        self._prefix = journal_key(journal)

    def path_for(self, film_id: int, review_id: int | None) -> Path:
        """One file per review, or per film for a review not created yet."""
        name = f"film-{film_id}-new" if review_id is None else f"review-{review_id}"
        return self.folder / f"{self._prefix}-{name}.json"

    def keep(self, unsaved: UnsavedReview) -> Path:
        """Write ``unsaved`` to its file (replacing the older one); raises OSError."""
        make_private_folder(self.folder)
        tighten(self.folder)  # made looser by hand: close it again
        stamped = replace(unsaved, kept_at=datetime.now(UTC).isoformat(timespec="seconds"))
        path = self.path_for(unsaved.film_id, unsaved.review_id)
        write_atomically(path, stamped.to_json())  # a private temp file, then a rename
        return path

    @staticmethod
    def forget(path: Path) -> None:
        """Delete a recovery file whose text the journal now has."""
        with contextlib.suppress(FileNotFoundError):
            path.unlink()

    def pending(self) -> list[tuple[Path, UnsavedReview]]:
        """This journal's recovery files, oldest first; unreadable ones are logged and kept."""
        found: list[tuple[float, Path, UnsavedReview]] = []
        for path in self.folder.glob(f"{self._prefix}-*.json"):
            try:
                unsaved = UnsavedReview.from_json(path.read_bytes())
                when = path.stat().st_mtime
            except (OSError, ValueError, KeyError, TypeError) as exc:
                log.warning("cannot read the recovery file %s: %s", path, exc)
                continue
            if unsaved.journal == self.journal:  # not another journal's (a key clash)
                found.append((when, path, unsaved))
        return [(path, unsaved) for _when, path, unsaved in sorted(found, key=lambda f: f[0])]


def save_unsaved(service: JournalService, unsaved: UnsavedReview) -> ReviewRecord:
    """Save recovered text through the editor's save path.

    The review is saved as an edit of the version the editor had, so another
    machine's text saved since is kept as a revision (``edited_elsewhere``). A
    review deleted meanwhile comes back as a new review of its film, and a link
    to a viewing deleted meanwhile is dropped, so the text is not lost; a film
    deleted meanwhile raises NotFoundError.
    """
    film = service.get_film(unsaved.film_id)
    fields = unsaved.fields
    if fields.viewing_id is not None and fields.viewing_id not in {v.id for v in film.viewings}:
        fields = replace(fields, viewing_id=None)
    if unsaved.review_id is not None:
        editing = EditingSession(version=unsaved.version)
        with contextlib.suppress(NotFoundError):
            # NotFoundError here means the review is gone (one transaction: nothing written).
            return service.update_review(unsaved.review_id, fields, editing=editing)
    return service.write_review(unsaved.film_id, fields)
