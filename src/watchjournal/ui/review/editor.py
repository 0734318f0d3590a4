"""The review editor: rating, verdict, Markdown body, tags, spoilers, linked viewing.

Its fields and their layout are ``ReviewForm`` (ui/review/form.py); this module
opens a review into them, watches them and saves them.

Everything typed is saved by itself, with a debounce and a ceiling: each
change restarts a short quiet timer (``autosave_delay_ms``), and a second
timer, started at the first unsaved change and not restarted by later ones
(``autosave_ceiling_ms``), makes sure that typing without a pause is still
saved at least that often. So a crash, even SIGKILL, loses at most about the
last second of typing.

A save runs on the window's writer lane (``TaskRunner.write``) with a
snapshot of the fields, never on the GUI thread; only one is in flight, and
what changed meanwhile is saved right after it. A journal locked by another
program shows "Waiting for the journal…" while the lane retries. A new
review is created as a draft on the first change, never just by opening the
editor. Each opening of a review is one editing session for the revision
policy (journal/reviews.py), so one stretch of typing keeps one version.

``flush()`` (Ctrl+S, Ctrl+Enter, switching review, closing) starts the save
and waits for it, processing events, for at most ``FLUSH_WAIT_MS``; the
editor only lets go of the text once the journal has it. A failed save keeps
everything in the editor, says why inline, and is tried again on the next
change.

While the journal cannot take the text (a server gone away, a journal file
busy or failing), what the editor holds is also kept in a recovery file on
this computer (ui/review/recovery.py), rewritten on each debounced change and
deleted once the journal has it; a journal out of reach is tried again every
``RETRY_MS`` and ``journal_away(True/False)`` tells the window.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from watchjournal.journal import JournalService, ReviewFields, ReviewRecord
from watchjournal.journal.recovery import UnsavedReview
from watchjournal.journal.reviews import EDITED_ELSEWHERE, EditingSession
from watchjournal.journal.types import ViewingRecord
from watchjournal.ui.common.errors import (
    SERVER_AWAY_STATUS,
    SERVER_AWAY_TEXT,
    error_text,
    is_journal_away,
)
from watchjournal.ui.common.preferences import UiPreferences
from watchjournal.ui.common.tasks import TaskControl, TaskRunner, wait_until
from watchjournal.ui.review.form import ReviewForm, viewing_text
from watchjournal.ui.review.history import RevisionHistoryDialog
from watchjournal.ui.review.recovery import EditorRecovery

AUTOSAVE_DELAY_MS = 700
# Below a second so that, with the write itself (tens of ms, fsync included),
# what is on disk never trails the typing by more than about a second.
AUTOSAVE_CEILING_MS = 800
# How long flush() waits for the journal before giving up (and saying so).
FLUSH_WAIT_MS = 2500
# How often a save is tried again while the journal cannot be reached.
RETRY_MS = 2000
NEW_REVIEW_STATUS = "Saved automatically as you write"
BUSY_BANNER = (
    "The journal is busy: another program is writing to it. Your text is kept here"
    " and saved as soon as the journal is free."
)


class ReviewEditor(ReviewForm):
    """Edits one review of one film; ``saved(review_id)`` after every successful save."""

    saved = Signal(int)
    # The journal could not be reached by a save (True), or took one again (False).
    journal_away = Signal(bool)

    def __init__(
        self,
        service: JournalService,
        preferences: UiPreferences,
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
        autosave_delay_ms: int = AUTOSAVE_DELAY_MS,
        autosave_ceiling_ms: int = AUTOSAVE_CEILING_MS,
        recovery: EditorRecovery | None = None,
        retry_ms: int = RETRY_MS,
    ) -> None:
        super().__init__(preferences, parent)
        self._service = service
        # The window's runner, so reviews are written in order with its other writes.
        self._runner = runner if runner is not None else TaskRunner(self)
        self._film_id: int | None = None
        self._review_id: int | None = None
        # What the journal holds (for a new review: what the editor opened
        # with); a save happens only when the fields differ from it.
        self._saved_fields: ReviewFields | None = None
        self._editing = EditingSession()
        self._loading = False
        # The save in flight (its snapshot), and whether to save again after it.
        self._in_flight: ReviewFields | None = None
        self._save_again = False
        self._again_with_unfinished_tag = False
        self._waiting = False
        self._failed = False
        self._opened = 0  # which opening of a review a save belongs to
        self._film_label = ""
        self._recovery = recovery
        self._away = False
        self._retry = QTimer(self, singleShot=True, interval=retry_ms)
        self._retry.timeout.connect(self._try_again)
        self._quiet = self._single_shot(autosave_delay_ms)
        self._ceiling = self._single_shot(autosave_ceiling_ms)
        self._banner.retry.connect(self.save_now)
        self.history.clicked.connect(self.show_history)
        self._connect_changes()
        for keys in (QKeySequence.StandardKey.Save, "Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.flush)
        self.setFocusProxy(self.rating)  # focusing the editor starts at the top field
        self.setEnabled(False)

    def _single_shot(self, msecs: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(msecs)
        timer.timeout.connect(self._autosave)
        return timer

    def _connect_changes(self) -> None:
        self.rating.rating_changed.connect(self._changed)
        self.headline.textChanged.connect(self._changed)
        self.body.textChanged.connect(self._changed)
        self.tags.textChanged.connect(self._changed)
        self.tags.editingFinished.connect(self._changed)
        self.spoilers.toggled.connect(self._changed)
        self.finished.toggled.connect(self._changed)
        self.viewing.currentIndexChanged.connect(self._changed)

    # -- state -------------------------------------------------------------

    @property
    def film_id(self) -> int | None:
        return self._film_id

    @property
    def review_id(self) -> int | None:
        return self._review_id

    @property
    def status_text(self) -> str:
        """ "Saved", "Saving…", "Waiting for the journal…" or "Not saved: <reason>"."""
        return self._status.toolTip()

    @property
    def saving(self) -> bool:
        """True while a save is in flight (or waiting for the journal)."""
        return self._in_flight is not None

    @property
    def kept_locally(self) -> bool:
        """True when the recovery file holds exactly what the editor shows."""
        if self._recovery is None or self._film_id is None:
            return False
        fields = self._fields(include_unfinished_tag=True)
        return self._recovery.holds(self._film_id, self._review_id, fields)

    @property
    def recovery_path(self) -> Path | None:
        """The recovery file holding the editor's unsaved text, if there is one."""
        return self._recovery.path if self._recovery is not None else None

    @property
    def error_text(self) -> str:
        return self._banner.message if self._banner.isVisible() else ""

    def open_review(self, film_id: int, review_id: int | None) -> bool:
        """Show a review (None: a new one, created on the first change).

        Saves the review being edited first; returns False, staying on it with
        the problem shown, if that save fails, so nothing typed is lost.
        """
        if not self.flush():
            return False
        film = self._service.get_film(film_id)
        record = self._service.get_review(review_id) if review_id is not None else None
        self._film_id, self._review_id = film_id, review_id
        self._film_label = film.label
        if self._recovery is not None:
            self._recovery.forget()  # flushed: the journal has the previous review's text
        # A new editing session for the revision policy, knowing the version loaded.
        self._editing = EditingSession.of(record)
        self._opened += 1
        self._failed = False
        self._loading = True
        try:
            self._title.setText(f"Review of {film.label}")
            directors = ", ".join(film.fields.directors)
            self._subtitle.setText(f"Directed by {directors}" if directors else "")
            self._subtitle.setVisible(bool(directors))
            self._fill_viewings(film.viewings, record, new=review_id is None)
            self._fill_fields(record)
            self.tags.set_known_tags(self._service.all_tags())
        finally:
            self._loading = False
        self._saved_fields = self._fields(include_unfinished_tag=True)
        self._show_saved()
        self.setEnabled(True)
        return True

    def _fill_viewings(
        self, viewings: tuple[ViewingRecord, ...], record: ReviewRecord | None, *, new: bool
    ) -> None:
        self.viewing.clear()
        self.viewing.addItem("No viewing", None)
        newest_first = sorted(
            viewings, key=lambda v: (v.watched_on is not None, v.watched_on, v.id), reverse=True
        )
        for viewing in newest_first:
            self.viewing.addItem(viewing_text(viewing), viewing.id)
        if record is not None:
            wanted = self.viewing.findData(record.viewing_id) if record.viewing_id else 0
            self.viewing.setCurrentIndex(max(0, wanted))
        else:  # a new review is about the latest viewing, if there is one
            self.viewing.setCurrentIndex(1 if new and newest_first else 0)

    def _fill_fields(self, record: ReviewRecord | None) -> None:
        fields = record.fields() if record is not None else ReviewFields(draft=True)
        self.rating.set_rating_tenths(fields.rating_tenths)
        self.headline.setText(fields.headline)
        self.body.setPlainText(fields.body)
        self.tags.setText(", ".join(fields.tags))
        self.spoilers.setChecked(fields.spoilers)
        self.finished.setChecked(not fields.draft)
        if self.tabs.currentWidget() is self.preview:
            self.preview.set_markdown_text(fields.body)

    def _fields(self, *, include_unfinished_tag: bool) -> ReviewFields:
        viewing_id = self.viewing.currentData()
        return ReviewFields(
            rating_tenths=self.rating.rating_tenths,
            headline=self.headline.text(),
            body=self.body.toPlainText(),
            tags=self.tags.tags(include_unfinished=include_unfinished_tag),
            spoilers=self.spoilers.isChecked(),
            draft=not self.finished.isChecked(),
            viewing_id=viewing_id if isinstance(viewing_id, int) else None,
        )

    # -- saving ------------------------------------------------------------

    def _changed(self) -> None:
        if self._loading or self._film_id is None:
            return
        if self._banner.isHidden() and not self._waiting:
            self._set_status("Saving…")
        self._quiet.start()  # restarted by every change: the debounce
        if not self._ceiling.isActive():
            self._ceiling.start()  # from the first unsaved change: the ceiling

    def _autosave(self) -> None:
        self._save(include_unfinished_tag=False)

    def save_now(self) -> None:
        """Start saving at once, without waiting for the result."""
        self._save(include_unfinished_tag=True)

    def flush(self, wait_ms: int = FLUSH_WAIT_MS) -> bool:
        """Save now and wait until the journal has the text (events keep flowing).

        False, with the reason shown, if the save failed or the journal stayed
        busy for ``wait_ms``; the text stays in the editor (and a busy journal
        keeps being retried).
        """
        self.save_now()
        settled = wait_until(lambda: self._in_flight is None and not self._save_again, wait_ms)
        if not settled:
            self._banner.show_message(BUSY_BANNER)
            return False
        return not self._failed and (
            self._film_id is None or self._fields(include_unfinished_tag=True) == self._saved_fields
        )

    def _save(self, *, include_unfinished_tag: bool) -> None:
        self._quiet.stop()
        self._ceiling.stop()
        if self._film_id is None:
            return
        if self._failed or self._waiting:  # the journal did not take the last save
            self._keep_locally()
        if self._in_flight is not None:  # one save at a time: this one follows it
            self._save_again = True
            self._again_with_unfinished_tag |= include_unfinished_tag
            return
        fields = self._fields(include_unfinished_tag=include_unfinished_tag)
        if fields == self._saved_fields:
            self._failed = False
            self._forget_kept()
            self._show_saved()
            return
        self._in_flight = fields
        film_id, review_id, editing = self._film_id, self._review_id, self._editing
        service = self._service

        def work(_control: TaskControl) -> ReviewRecord:
            if review_id is None:
                return service.write_review(film_id, fields)
            return service.update_review(review_id, fields, editing=editing)

        done = partial(self._save_done, self._opened, fields)
        self._runner.write(work, done, on_waiting=self._set_waiting)

    def _save_done(
        self,
        opened: int,
        fields: ReviewFields,
        record: ReviewRecord | None,
        error: BaseException | None,
    ) -> None:
        self._in_flight = None
        self._waiting = False
        if opened != self._opened:
            return  # the editor moved on (flush() waits for saves, so only after a failure)
        if error is not None or record is None:
            self._save_again = False
            self._failed = True
            reason = error_text(error or RuntimeError("no review was saved"))
            kept = self._keep_locally()  # killed before the next save: nothing lost
            if is_journal_away(error) and not self._service.is_file_journal:
                self._went_away(reason, kept=kept)
            else:
                self._show_failure(reason)
            return
        self._failed = False
        self._came_back()
        self._review_id = record.id
        self.history.setEnabled(True)
        self._editing = self._editing.after(record)
        if self._saved_fields is None or fields.tags != self._saved_fields.tags:
            self.tags.set_known_tags(self._service.all_tags())
        self._saved_fields = fields
        self._forget_kept()
        self.saved.emit(record.id)
        if self._save_again:
            self._save_again = False
            with_tag, self._again_with_unfinished_tag = self._again_with_unfinished_tag, False
            self._save(include_unfinished_tag=with_tag)
        elif self._quiet.isActive() or self._ceiling.isActive():
            self._banner.hide()
            self._set_status("Saving…")  # typed meanwhile: the timers will save it
        else:
            self._show_saved()
        if record.edited_elsewhere:  # both texts are kept: say where the other one is
            self._banner.show_message(f"Saved; {EDITED_ELSEWHERE}.")

    # -- the journal out of reach -----------------------------------------

    def _keep_locally(self) -> bool:
        """Keep the fields in the recovery file; True if they are kept."""
        if self._recovery is None or self._film_id is None:
            return False
        unsaved = UnsavedReview(
            journal=self._service.journal_name,
            film_id=self._film_id,
            review_id=self._review_id,
            version=self._editing.version,
            fields=self._fields(include_unfinished_tag=True),
            film_label=self._film_label,
        )
        return self._recovery.keep(unsaved)

    def _forget_kept(self) -> None:
        """After a save: delete the recovery file once the journal has everything,
        or bring it up to date (the new review id and version) if more is unsaved."""
        if self._recovery is None or self._recovery.path is None:
            return
        if self._fields(include_unfinished_tag=True) == self._saved_fields:
            self._recovery.forget()
        else:
            self._keep_locally()

    def _went_away(self, reason: str, *, kept: bool) -> None:
        """The journal server cannot be reached: say so, and try again now and then."""
        if kept:
            self._set_status(f"Not saved: {SERVER_AWAY_STATUS}")
            self._banner.show_message(SERVER_AWAY_TEXT)
        else:  # no recovery file: the text is only in the editor
            self._show_failure(reason)
        self._retry.start()
        if not self._away:
            self._away = True
            self.journal_away.emit(True)

    def _came_back(self) -> None:
        self._retry.stop()
        if self._away:
            self._away = False
            self.journal_away.emit(False)

    def _try_again(self) -> None:
        # Only while on screen: a closed window's journal is closed, not to be reopened.
        if self.isVisible():
            self.save_now()

    def _set_waiting(self, waiting: bool) -> None:
        self._waiting = waiting
        if waiting:
            self._keep_locally()  # a busy journal: keep the text here meanwhile
        if self._in_flight is not None:
            self._set_status(self._runner.waiting_text if waiting else "Saving…")

    def _show_saved(self) -> None:
        self._banner.hide()
        exists = self._review_id is not None
        self.history.setEnabled(exists)
        self._set_status("Saved" if exists else NEW_REVIEW_STATUS)

    def _show_failure(self, reason: str) -> None:
        self._set_status(f"Not saved: {reason}")
        self._banner.show_message(
            f"Not saved: {reason}. Your text is kept here and will be saved with your next change."
        )

    # -- history, closing ----------------------------------------

    def show_history(self) -> RevisionHistoryDialog | None:
        """Open the earlier versions (non-modal); a restore reloads the editor."""
        if not self.flush() or self._review_id is None or self._film_id is None:
            return None
        dialog = RevisionHistoryDialog(self._service, self._review_id, self._runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restored.connect(self._restored)
        dialog.open()
        return dialog

    def _restored(self, review_id: int) -> None:
        if self._film_id is not None:
            self.open_review(self._film_id, review_id)
            self.saved.emit(review_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.flush() or self.kept_locally:  # kept on this computer: saved next time
            event.accept()
        else:
            event.ignore()  # keep the editor (and the text) on screen

    def hideEvent(self, event: QHideEvent) -> None:
        # Whoever hides the editor has flushed it already (closing, Back): this
        # only makes sure nothing is left behind, without waiting.
        self.save_now()
        super().hideEvent(event)
