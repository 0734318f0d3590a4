"""What the film actions do: dialogs, then the change written off the GUI thread.

Every change goes to the journal through the window's writer lane
(``TaskRunner.write``), so the window keeps responding while the journal is
slow or locked by another program, and changes land in the order they were
made. A decision that depends on the journal's state (is the film liked, on
the watchlist, where in it) is made on the lane too, after the writes before
it. A user-fixable failure (JournalError) is shown through
``ui.common.errors``; the window refreshes through ``changed`` once a change
has landed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from watchjournal.journal import FilmLinkRecord, FilmRecord, JournalError, JournalService
from watchjournal.journal.rows import FilmQuery
from watchjournal.ui.common.errors import show_error
from watchjournal.ui.common.formatting import count_text
from watchjournal.ui.common.modal import modal
from watchjournal.ui.common.tasks import (
    TaskCancelledError,
    TaskControl,
    TaskRunner,
)

if TYPE_CHECKING:
    from watchjournal.ui.film.dialog import FilmDialog

T = TypeVar("T")
WATCHLIST_ORDER = FilmQuery(kind="watchlist", sort="watchlist")


@dataclass(frozen=True)
class UndoStep:
    """One thing Undo puts back (deleted films, deleted diary entries, a removed link).

    ``restore`` runs on the writer lane, each of its transactions through
    ``control.patiently``, and returns the film to show afterwards.
    """

    restored_text: str  # the status line once it is back: "Restored Paterson (2016)"
    restore: Callable[[TaskControl], int | None]


class FilmCommands(QObject):
    changed = Signal(object)  # the film id to show afterwards, or None
    film_added = Signal(object)  # the FilmRecord just added through the dialog
    status = Signal(str)
    undo_available = Signal(bool)
    undo_offered = Signal(str)  # what was just done that Undo can take back: "Deleted …"

    def __init__(self, service: JournalService, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._window = parent
        self._undo_stack: list[UndoStep] = []
        self.find_online: Callable[[FilmDialog], None] | None = None
        # Where new viewings were watched unless the user says (Settings ▸ Diary).
        self.default_where: Callable[[], str] = lambda: ""

    def push_undo(self, step: UndoStep, done_text: str) -> None:
        """Offer ``step`` to Undo (Ctrl+Z, the status bar's link); ``done_text`` says
        what it undoes ("Deleted Paterson (2016)")."""
        self._undo_stack.append(step)
        self.undo_available.emit(True)
        self.undo_offered.emit(done_text)

    def _write(self, what: str, work: Callable[[], T], then: Callable[[T], None]) -> TaskControl:
        """Run ``work`` on the writer lane; ``then(result)`` on this thread, or the error shown."""

        def done(result: T | None, error: BaseException | None) -> None:
            if error is not None:
                show_error(self._window, what, error)
            else:
                then(result)  # type: ignore[arg-type]  # no error: work returned it

        return self._runner.write(lambda _control: work(), done)

    def add_film(self) -> None:
        film, existing = self._run_film_dialog(None)
        if film is not None:
            self.status.emit(f"Added {film.label}")
            self.changed.emit(film.id)
            self.film_added.emit(film)
        elif existing is not None:  # the same title was there: show that one
            self.changed.emit(existing)

    def _run_film_dialog(self, film: FilmRecord | None) -> tuple[FilmRecord | None, int | None]:
        """The film dialog (adding, or editing ``film``): the film saved, or the one of the
        same title the user chose to see instead. Its save reports back before it closes."""
        from watchjournal.ui.film.dialog import FilmDialog  # the dialog is built on first use

        with modal(
            FilmDialog(self._service, film, self._window, self.find_online, self._runner)
        ) as dialog:
            saved = dialog.result_film if dialog.exec() else None
            return saved, dialog.existing_film_id

    def edit_film(self, film_id: int) -> None:
        try:
            film = self._service.get_film(film_id)
        except JournalError as exc:
            show_error(self._window, "Edit film", exc)
            return
        saved, existing = self._run_film_dialog(film)
        if saved is not None:
            self.status.emit(f"Saved {saved.label}")
            self.changed.emit(film_id)
        elif existing is not None:
            self.changed.emit(existing)

    def toggle_watchlist(self, film_ids: list[int]) -> None:
        """Put the films on the watchlist, or take them all off if they all are on it."""
        if not film_ids:
            return
        service = self._service

        def work(control: TaskControl) -> tuple[bool, list[FilmRecord]]:
            films = [service.get_film(i) for i in film_ids]
            adding = not all(f.on_watchlist for f in films)
            change = service.add_to_watchlist if adding else service.remove_from_watchlist
            for done, film in enumerate(films):
                control.check()
                if film.on_watchlist != adding:
                    control.patiently(change, film.id)
                control.progress(done + 1, len(films))
            return adding, films

        def done_text(outcome: tuple[bool, list[FilmRecord]]) -> str:
            adding, films = outcome
            verb = "Added to" if adding else "Removed from"
            names = films[0].label if len(films) == 1 else f"{count_text(len(films))} films"
            return f"{verb} your watchlist: {names}"

        shown = film_ids[0] if len(film_ids) == 1 else None
        self.run_with_progress("Updating your watchlist…", work, done_text, shown)

    def toggle_like(self, film_id: int) -> None:
        service = self._service

        def work() -> FilmRecord:
            # Read on the lane, after any Like still pending: two quick presses undo each other.
            return service.set_liked(film_id, not service.get_film(film_id).fields.liked)

        def liked(film: FilmRecord) -> None:
            self.status.emit(f"{'Liked' if film.fields.liked else 'Unliked'} {film.label}")
            self.changed.emit(film_id)

        self._write("Like", work, liked)

    def mark_many_watched(self, film_ids: list[int]) -> None:
        """Log several films as watched today, after asking (one film: the Log dialog,
        ``ui.diary.commands``)."""
        answer = QMessageBox.question(
            self._window, "Mark watched", f"Log {count_text(len(film_ids))} films as watched today?"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        today = date.today()
        service = self._service
        where = self.default_where() or None

        def work(control: TaskControl) -> int:
            for done, film_id in enumerate(film_ids):
                control.check()
                control.patiently(service.mark_watched, film_id, today, where=where)
                control.progress(done + 1, len(film_ids))
            return len(film_ids)

        self.run_with_progress(
            "Logging viewings…", work, lambda n: f"Logged {count_text(n)} films as watched"
        )

    def delete(self, film_ids: list[int]) -> None:
        films = [self._service.get_film(i) for i in film_ids]
        if not films:
            return
        what = films[0].label if len(films) == 1 else f"{count_text(len(films))} films"
        details = sum(len(f.viewings) + len(f.reviews) for f in films)
        question = f"Delete {what}?"
        if details:
            question += (
                f" Their {count_text(details)} diary entries and reviews go too (you can undo)."
            )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete",
            question,
            QMessageBox.StandardButton.Cancel,
            self._window,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        delete_button = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        with modal(box):
            box.exec()
            if box.clickedButton() is not delete_button:
                return
        service = self._service

        def work(control: TaskControl) -> tuple[list[FilmRecord], JournalError | None]:
            # One transaction per film: those deleted before a failure can still be undone.
            snapshots: list[FilmRecord] = []
            for film in films:
                try:
                    snapshots.append(control.patiently(service.delete_film, film.id))
                except JournalError as exc:
                    return snapshots, exc
            return snapshots, None

        def done(
            outcome: tuple[list[FilmRecord], JournalError | None] | None,
            error: BaseException | None,
        ) -> None:
            snapshots, failure = outcome if outcome is not None else ([], error)
            if snapshots:
                self.push_undo(self._restoring(snapshots), f"Deleted {what}")
            self.changed.emit(None)
            if failure is not None:
                show_error(self._window, "Delete", failure)

        self._runner.write(work, done)

    def _restoring(self, snapshots: list[FilmRecord]) -> UndoStep:
        """Undoing a delete: the films come back in the reverse order of their deletion,
        so the links between them (each kept by the film deleted first, while the other
        was still there) find both of their films again."""
        service = self._service

        def restore(control: TaskControl) -> int | None:
            for snapshot in reversed(snapshots):
                control.patiently(service.restore_film, snapshot)
            return snapshots[0].id

        return UndoStep(f"Restored {', '.join(s.label for s in snapshots)}", restore)

    def undo(self) -> None:
        if not self._undo_stack:
            return
        step = self._undo_stack.pop()
        self.undo_available.emit(bool(self._undo_stack))

        def done(film_id: int | None, error: BaseException | None) -> None:
            if error is not None:
                show_error(self._window, "Undo", error)
                self.changed.emit(None)
                return
            self.status.emit(step.restored_text)
            self.changed.emit(film_id)

        self._runner.write(step.restore, done)

    # Reminds-me-of links (asked for by the film page) ------------------------------------
    def link_films(self, film_id: int, other_id: int, note: str) -> None:
        """Link two films, or change the note of their link; blank ``note``: none."""
        service = self._service

        def linked(link: FilmLinkRecord) -> None:
            self.status.emit(f"Linked to {link.other.label}")
            self.changed.emit(film_id)

        self._write("Link films", lambda: service.link_films(film_id, other_id, note), linked)

    def set_link_note(self, film_id: int, other_id: int, note: str) -> None:
        service = self._service

        def saved(link: FilmLinkRecord) -> None:
            self.status.emit(f"Saved the note on {link.other.label}")
            self.changed.emit(film_id)

        self._write("Link note", lambda: service.set_link_note(film_id, other_id, note), saved)

    def unlink_films(self, film_id: int, other_id: int) -> None:
        """Remove the link between two films, with Undo (it comes back with its note)."""
        service = self._service

        def removed(link: FilmLinkRecord) -> None:
            label = link.other.label

            def restore(_control: TaskControl) -> int | None:
                service.link_films(film_id, other_id, link.note or "")
                return film_id

            self.push_undo(
                UndoStep(f"Restored the link to {label}", restore),
                f"Removed the link to {label}",
            )
            self.changed.emit(film_id)

        self._write("Remove link", lambda: service.unlink_films(film_id, other_id), removed)

    def move_in_watchlist(self, film_id: int, index: int) -> None:
        """Move a film to ``index`` in the watchlist (a drop)."""
        self._write(
            "Watchlist",
            lambda: self._service.move_in_watchlist(film_id, index),
            lambda _films: self.changed.emit(film_id),
        )

    def move_by(self, film_id: int, step: int) -> None:
        """Move a film ``step`` places up (-) or down (+) from where it is (Alt+Up/Down)."""
        service = self._service

        def work() -> object:
            # Where it is now, after the moves still pending: quick presses add up.
            order = service.film_ids(WATCHLIST_ORDER)
            if film_id not in order:
                return None
            return service.move_in_watchlist(film_id, max(0, order.index(film_id) + step))

        def moved(_films: object) -> None:
            self.status.emit("Moved in your watchlist")
            self.changed.emit(film_id)

        self._write("Watchlist", work, moved)

    def run_with_progress(
        self,
        title: str,
        work: Callable[[TaskControl], T],
        done_text: Callable[[T], str],
        show_film: int | None = None,
    ) -> None:
        """Run a write of many films on the writer lane with a progress dialog and Cancel."""
        progress = QProgressDialog(title, "Cancel", 0, 0, self._window)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def on_progress(done: int, total: int, _text: str) -> None:
            progress.setMaximum(total)
            progress.setValue(done)

        def on_waiting(waiting: bool) -> None:
            progress.setLabelText(f"{title}\n{self._runner.waiting_text}" if waiting else title)

        def on_done(result: T | None, error: BaseException | None) -> None:
            progress.reset()
            progress.deleteLater()
            if error is not None:
                if not isinstance(error, TaskCancelledError):
                    show_error(self._window, title, error)
            elif result is not None:
                self.status.emit(done_text(result))
            self.changed.emit(show_film)

        control = self._runner.write(work, on_done, on_progress, on_waiting)
        progress.canceled.connect(control.cancel)
