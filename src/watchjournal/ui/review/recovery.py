"""Nothing typed is lost while the journal cannot be reached: the editor's recovery file,
and saving what an earlier run left behind.

``EditorRecovery`` is the review editor's side: while a save cannot reach the
journal (a server gone away, a busy or unwritable journal file), the editor's
fields are kept in a recovery file (``watchjournal.journal.recovery``) on each
debounced change, and the file is deleted once the journal has the text.

``RecoveredReviews`` is the window's side: when a window opens a journal, and
again when its server is back, the recovery files of that journal (left by an
app that was closed or killed while the server was away) are saved on the
writer lane through the normal save path, then deleted; the window says what
was saved, and that another machine's text was kept, if it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from watchjournal.journal import JournalService, ReviewFields, ReviewRecord
from watchjournal.journal.recovery import RecoveryFolder, UnsavedReview, save_unsaved
from watchjournal.journal.reviews import EDITED_ELSEWHERE
from watchjournal.ui.common.errors import error_text, is_journal_away
from watchjournal.ui.common.tasks import TaskControl, TaskRunner

log = logging.getLogger(__name__)


class EditorRecovery:
    """The review editor's recovery file: written while its text is unsaved, then deleted."""

    def __init__(self, folder: RecoveryFolder) -> None:
        self._folder = folder
        self.path: Path | None = None  # the file that holds the editor's text now, if any
        self._kept: UnsavedReview | None = None

    def keep(self, unsaved: UnsavedReview) -> bool:
        """Write ``unsaved`` to its file; False (logged) if the disk refused."""
        try:
            path = self._folder.keep(unsaved)
        except OSError as exc:
            log.warning("cannot keep the unsaved review in %s: %s", self._folder.folder, exc)
            return False
        if self.path is not None and self.path != path:
            # A new review got its id, or the editor moved on: one file per review.
            _forget(self.path)
        self.path, self._kept = path, unsaved
        return True

    def holds(self, film_id: int, review_id: int | None, fields: ReviewFields) -> bool:
        """Whether the file holds exactly these fields of this review."""
        kept = self._kept
        return (
            kept is not None
            and (kept.film_id, kept.review_id, kept.fields) == (film_id, review_id, fields)
            and self.path is not None
            and self.path.exists()
        )

    def forget(self) -> None:
        """The journal has the text: delete the file."""
        if self.path is not None:
            _forget(self.path)
        self.path, self._kept = None, None


def _forget(path: Path) -> None:
    try:
        RecoveryFolder.forget(path)
    except OSError as exc:  # left behind: saved again (harmlessly) next time
        log.warning("cannot delete the recovery file %s: %s", path, exc)


def _save_work(
    service: JournalService, unsaved: UnsavedReview, _control: TaskControl
) -> ReviewRecord:
    return save_unsaved(service, unsaved)


class RecoveredReviews(QObject):
    """Saves the recovery files of a journal; ``message(text)`` says what happened and
    ``saved(film_id)`` follows each review saved."""

    message = Signal(str)
    saved = Signal(int)

    def __init__(
        self,
        service: JournalService,
        runner: TaskRunner,
        folder: RecoveryFolder,
        in_use: Callable[[], Path | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._folder = folder
        self._in_use = in_use  # the open editor's own file: that text is the editor's
        self._saving: set[Path] = set()

    def save_all(self) -> None:
        """Save every recovery file of the journal (in the background, on the writer lane)."""
        for path, unsaved in self._folder.pending():
            if path in self._saving or path == self._in_use():
                continue
            self._saving.add(path)
            work = partial(_save_work, self._service, unsaved)
            self._runner.write(work, partial(self._done, path, unsaved))

    def _done(
        self,
        path: Path,
        unsaved: UnsavedReview,
        record: ReviewRecord | None,
        error: BaseException | None,
    ) -> None:
        self._saving.discard(path)
        what = f"your review of {unsaved.film_label}" if unsaved.film_label else "your review"
        if error is None and record is not None:
            if path != self._in_use():  # an editor that took the file over keeps it
                _forget(path)
            text = f"Saved {what}, kept on this computer while the journal was out of reach."
            if record.edited_elsewhere:
                text += f" It was {EDITED_ELSEWHERE}."
            self.message.emit(text)
            self.saved.emit(record.film_id)
        elif not is_journal_away(error):  # away: tried again when the journal is back
            reason = error_text(error or RuntimeError("no review was saved"))
            self.message.emit(f"Could not save {what} kept in {path}: {reason}")
