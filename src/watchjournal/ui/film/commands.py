"""What the film actions do: dialogs, service calls, undo of deletes, bulk work off-thread.

Every command reports a user-fixable failure (JournalError, a database that is
busy or full) in a short message box and changes nothing; the window refreshes
through ``changed``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from watchjournal.journal import FilmRecord, JournalError, JournalService
from watchjournal.ui.common.errors import show_error
from watchjournal.ui.common.formatting import count_text
from watchjournal.ui.common.tasks import TaskCancelledError, TaskControl, TaskRunner

if TYPE_CHECKING:
    from watchjournal.ui.film.dialog import FilmDialog


class FilmCommands(QObject):
    changed = Signal(object)  # the film id to show afterwards, or None
    film_added = Signal(object)  # the FilmRecord just added through the dialog
    status = Signal(str)
    undo_available = Signal(bool)

    def __init__(self, service: JournalService, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._window = parent
        self._undo_stack: list[list[FilmRecord]] = []
        self.find_online: Callable[[FilmDialog], None] | None = None

    def _attempt(self, what: str, operation: Callable[[], Any]) -> Any:
        try:
            return operation()
        except JournalError as exc:
            show_error(self._window, what, exc)
            return None

    def add_film(self) -> None:
        from watchjournal.ui.film.dialog import FilmDialog

        dialog = FilmDialog(self._service, None, self._window, self.find_online)
        if dialog.exec() and dialog.result_film is not None:
            self.status.emit(f"Added {dialog.result_film.label}")
            self.changed.emit(dialog.result_film.id)
            self.film_added.emit(dialog.result_film)

    def edit_film(self, film_id: int) -> None:
        film = self._attempt("Edit film", lambda: self._service.get_film(film_id))
        if film is None:
            return
        from watchjournal.ui.film.dialog import FilmDialog

        dialog = FilmDialog(self._service, film, self._window, self.find_online)
        if dialog.exec() and dialog.result_film is not None:
            self.changed.emit(film_id)

    def toggle_watchlist(self, film_ids: list[int]) -> None:
        """Put the films on the watchlist, or take them all off if they all are on it."""
        films = [self._service.get_film(i) for i in film_ids]
        adding = not all(f.on_watchlist for f in films)
        verb = "Added to" if adding else "Removed from"
        if len(films) > 1:
            self._bulk_watchlist([f.id for f in films if f.on_watchlist != adding], adding)
            return
        for film in films:
            if adding:
                self._attempt("Watchlist", partial(self._service.add_to_watchlist, film.id))
            else:
                self._attempt("Watchlist", partial(self._service.remove_from_watchlist, film.id))
        self.status.emit(f"{verb} your watchlist: {', '.join(f.label for f in films)}")
        self.changed.emit(film_ids[0] if film_ids else None)

    def _bulk_watchlist(self, film_ids: list[int], adding: bool) -> None:
        change = self._service.add_to_watchlist if adding else self._service.remove_from_watchlist

        def work(control: TaskControl) -> int:
            for done, film_id in enumerate(film_ids):
                control.check()
                change(film_id)
                control.progress(done + 1, len(film_ids))
            return len(film_ids)

        verb = "Added" if adding else "Removed"
        where = "to" if adding else "from"
        self.run_with_progress(
            "Updating your watchlist…",
            work,
            lambda n: f"{verb} {count_text(n)} films {where} your watchlist",
        )

    def toggle_like(self, film_id: int) -> None:
        film = self._service.get_film(film_id)
        self._attempt("Like", lambda: self._service.set_liked(film_id, not film.fields.liked))
        self.changed.emit(film_id)

    def mark_watched(self, film_ids: list[int]) -> None:
        if len(film_ids) > 1:
            self._bulk_mark_watched(film_ids)
            return
        film = self._service.get_film(film_ids[0])
        from watchjournal.ui.film.watch_dialog import MarkWatchedDialog

        dialog = MarkWatchedDialog(film, self._window)
        if not dialog.exec():
            return
        viewing = self._attempt(
            "Mark watched",
            lambda: self._service.mark_watched(
                film.id,
                dialog.watched_on(),
                where=dialog.where_edit.text() or None,
                note=dialog.note_edit.text() or None,
                did_not_finish=dialog.dnf_check.isChecked(),
                rewatch=dialog.rewatch(),
            ),
        )
        if viewing is not None:
            kind = "a rewatch of" if viewing.rewatch else "watched"
            self.status.emit(f"Logged {kind} {film.label}")
            self.changed.emit(film.id)

    def _bulk_mark_watched(self, film_ids: list[int]) -> None:
        answer = QMessageBox.question(
            self._window, "Mark watched", f"Log {count_text(len(film_ids))} films as watched today?"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        today = date.today()

        def work(control: TaskControl) -> int:
            for done, film_id in enumerate(film_ids):
                control.check()
                self._service.mark_watched(film_id, today)
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
        box.exec()
        if box.clickedButton() is not delete_button:
            return
        deleted = [self._attempt("Delete", partial(self._service.delete_film, f.id)) for f in films]
        snapshots: list[FilmRecord] = [s for s in deleted if s is not None]
        if snapshots:
            self._undo_stack.append(snapshots)
            self.undo_available.emit(True)
            self.status.emit(f"Deleted {what} — Edit ▸ Undo (Ctrl+Z) brings it back")
            self.changed.emit(None)

    def undo(self) -> None:
        if not self._undo_stack:
            return
        snapshots = self._undo_stack.pop()
        for snapshot in snapshots:
            self._attempt("Undo", partial(self._service.restore_film, snapshot))
        self.undo_available.emit(bool(self._undo_stack))
        self.status.emit(f"Restored {', '.join(s.label for s in snapshots)}")
        self.changed.emit(snapshots[0].id)

    def move_in_watchlist(self, film_id: int, index: int) -> None:
        self._attempt("Watchlist", lambda: self._service.move_in_watchlist(film_id, index))
        self.changed.emit(film_id)

    def run_with_progress(
        self, title: str, work: Callable[[TaskControl], int], done_text: Callable[[int], str]
    ) -> None:
        """Run bulk work off the GUI thread with a progress dialog and Cancel."""
        progress = QProgressDialog(title, "Cancel", 0, 0, self._window)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def on_progress(done: int, total: int, _text: str) -> None:
            progress.setMaximum(total)
            progress.setValue(done)

        def on_done(result: int | None, error: BaseException | None) -> None:
            progress.reset()
            progress.deleteLater()
            if error is not None and result is None:
                if not isinstance(error, TaskCancelledError):
                    show_error(self._window, title, error)
            elif result is not None:
                self.status.emit(done_text(result))
            self.changed.emit(None)

        control = self._runner.run(work, on_done, on_progress)
        progress.canceled.connect(control.cancel)
