"""What the diary and watchlist-note actions do: a dialog, then one write on the lane.

Logging (Ctrl+M) and editing a diary entry go through the Log dialog and land
in one transaction (``JournalService.log_viewing``/``edit_log``). Deleting diary
entries asks nothing: it is offered to Undo instead (the window's undo stack,
``FilmCommands.push_undo``), which puts them back under their ids with the
reviews that were about them. Errors are shown through ``ui.common.errors``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from watchjournal.journal import (
    DeletedViewing,
    FilmRecord,
    JournalError,
    JournalService,
    ReviewRecord,
    ViewingRecord,
)
from watchjournal.ui.common.errors import show_error
from watchjournal.ui.common.formatting import count_text
from watchjournal.ui.common.modal import modal
from watchjournal.ui.common.preferences import UiPreferences
from watchjournal.ui.common.tasks import TaskControl, TaskRunner
from watchjournal.ui.film.commands import UndoStep

T = TypeVar("T")


def review_of(film: FilmRecord, viewing_id: int) -> ReviewRecord | None:
    """The review a diary entry's edit dialog shows: the latest one about that viewing."""
    about = [r for r in film.reviews if r.viewing_id == viewing_id]
    return max(about, key=lambda r: (r.created_at, r.id)) if about else None


def review_to_open(film: FilmRecord) -> int | None:
    """What Write Review (Ctrl+R) opens: the latest draft, else the latest review,
    else nothing yet (a new one)."""
    drafts = [r for r in film.reviews if r.draft]
    pool = drafts or list(film.reviews)
    return max(pool, key=lambda r: (r.created_at, r.id)).id if pool else None


class DiaryCommands(QObject):
    changed = Signal(object)  # the film id to show afterwards, or None
    status = Signal(str)
    entry_changed = Signal(int)  # a diary entry just logged or edited (its viewing id)

    def __init__(
        self,
        service: JournalService,
        runner: TaskRunner,
        preferences: UiPreferences | None,
        push_undo: Callable[[UndoStep, str], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._preferences = preferences
        self._push_undo = push_undo
        self._window = parent
        # The "where" a new viewing starts with when Settings has one (a hook for the
        # settings' default); otherwise the place of the last viewing logged.
        self.settings_where: Callable[[], str | None] | None = None

    def _write(self, what: str, work: Callable[[], T], then: Callable[[T], None]) -> None:
        def done(result: T | None, error: BaseException | None) -> None:
            if error is not None:
                show_error(self._window, what, error)
            else:
                then(result)  # type: ignore[arg-type]  # no error: work returned it

        self._runner.write(lambda _control: work(), done)

    def _read(self, what: str, read: Callable[[], T]) -> T | None:
        try:
            return read()
        except JournalError as exc:
            show_error(self._window, what, exc)
            return None

    def default_where(self) -> str | None:
        preset = self.settings_where() if self.settings_where is not None else None
        return preset or self._service.last_where()

    def log(self, film_id: int) -> None:
        """The Log dialog for a new viewing of the film; logged in one write."""
        # Lazy: the dialog is built the first time it is needed (start-up time).
        from watchjournal.ui.diary.log_dialog import LogDialog

        service = self._service
        film = self._read("Log", lambda: service.get_film(film_id))
        if film is None:
            return
        with modal(
            LogDialog(
                film,
                self._preferences,
                lambda day: service.implied_rewatch(film.id, day),
                default_where=self.default_where(),
                known_tags=service.all_tags(),
                parent=self._window,
            )
        ) as dialog:
            if not dialog.exec():
                return
            entry = dialog.entry()

        def logged(viewing: ViewingRecord) -> None:
            kind = "a rewatch of" if viewing.rewatch else "watched"
            self.status.emit(f"Logged {kind} {film.label}")
            self.changed.emit(film.id)
            self.entry_changed.emit(viewing.id)

        self._write("Log", lambda: service.log_viewing(film.id, entry), logged)

    def edit_entry(self, viewing_id: int) -> None:
        """The Log dialog filled in with a diary entry (and the review about it)."""
        # Lazy: the dialog is built the first time it is needed (start-up time).
        from watchjournal.ui.diary.log_dialog import LogDialog

        service = self._service
        viewing = self._read("Edit entry", lambda: service.get_viewing(viewing_id))
        if viewing is None:
            return
        film = self._read("Edit entry", lambda: service.get_film(viewing.film_id))
        if film is None:
            return
        with modal(
            LogDialog(
                film,
                self._preferences,
                lambda day: service.implied_rewatch(film.id, day, viewing.id),
                viewing=viewing,
                review=review_of(film, viewing.id),
                known_tags=service.all_tags(),
                parent=self._window,
            )
        ) as dialog:
            if not dialog.exec():
                return
            entry = dialog.entry()

        def edited(record: ViewingRecord) -> None:
            self.status.emit(f"Updated the diary entry of {film.label}")
            self.changed.emit(film.id)
            self.entry_changed.emit(record.id)

        self._write("Edit entry", lambda: service.edit_log(viewing.id, entry), edited)

    def delete_entries(self, viewing_ids: list[int]) -> None:
        """Delete these diary entries (not their films) at once; Undo puts them back."""
        if not viewing_ids:
            return
        service = self._service

        def work(control: TaskControl) -> tuple[list[DeletedViewing], JournalError | None]:
            # One transaction each: those deleted before a failure can still be undone.
            deleted: list[DeletedViewing] = []
            for viewing_id in viewing_ids:
                try:
                    deleted.append(control.patiently(service.delete_viewing, viewing_id))
                except JournalError as exc:
                    return deleted, exc
            return deleted, None

        def done(
            outcome: tuple[list[DeletedViewing], JournalError | None] | None,
            error: BaseException | None,
        ) -> None:
            deleted, failure = outcome if outcome is not None else ([], error)
            if deleted:
                what = self._entries_text(deleted)
                self._push_undo(self._restoring(deleted, what), f"Deleted {what}")
            self.changed.emit(deleted[0].viewing.film_id if deleted else None)
            if failure is not None:
                show_error(self._window, "Delete entry", failure)

        self._runner.write(work, done)

    def _entries_text(self, deleted: list[DeletedViewing]) -> str:
        if len(deleted) > 1:
            return f"{count_text(len(deleted))} diary entries"
        try:
            label = self._service.get_film(deleted[0].viewing.film_id).label
        except JournalError:  # the film went meanwhile (another window, the CLI)
            return "a diary entry"
        return f"the diary entry of {label}"

    def _restoring(self, deleted: list[DeletedViewing], what: str) -> UndoStep:
        service = self._service

        def restore(control: TaskControl) -> int | None:
            for entry in reversed(deleted):
                control.patiently(service.restore_viewing, entry)
            return deleted[0].viewing.film_id

        return UndoStep(f"Restored {what}", restore)

    def add_to_watchlist(self, film_id: int) -> None:
        """Ask for an optional note (Enter adds), then put the film on the watchlist."""
        self._note_dialog(film_id, adding=True)

    def edit_watchlist_note(self, film_id: int) -> None:
        self._note_dialog(film_id, adding=False)

    def _note_dialog(self, film_id: int, *, adding: bool) -> None:
        # Lazy: the dialog is built the first time it is needed (start-up time).
        from watchjournal.ui.diary.note_dialog import WatchlistNoteDialog

        service = self._service
        film = self._read("Watchlist", lambda: service.get_film(film_id))
        if film is None:
            return
        note = film.watchlist.note if film.watchlist is not None else None
        # Deleted here once read: a dialog left to Python's garbage collector may be
        # destroyed on the writer lane's thread, mid-write (see ui.common.modal).
        with modal(
            WatchlistNoteDialog(film.label, note, adding=adding, parent=self._window)
        ) as dialog:
            if not dialog.exec():
                return
            new_note = dialog.note()

        def work() -> FilmRecord:
            if adding:
                return service.add_to_watchlist(film.id, new_note)
            return service.set_watchlist_note(film.id, new_note)

        verb = "Added to your watchlist:" if adding else "Changed the watchlist note of"
        text = f"{verb} {film.label}"

        def done(_film: FilmRecord) -> None:
            self.status.emit(text)
            self.changed.emit(film.id)

        self._write("Watchlist", work, done)
