"""What the Lists view's actions do to the journal, off the GUI thread.

Every change runs on the window's writer lane (``TaskRunner.write``), in the
order asked for; a failure the user can act on is shown through
``ui.common.errors``. Once a change has landed, ``changed`` names the list to
show and ``status`` says what happened in a sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from watchjournal.interchange.exporting import ExportResult, plan_list_export, write_export
from watchjournal.interchange.targets import ProtectedFiles
from watchjournal.journal import JournalService
from watchjournal.journal.lists import FilmListRecord, ListAddition
from watchjournal.ui.common.errors import show_error
from watchjournal.ui.common.tasks import TaskControl, TaskRunner
from watchjournal.ui.lists.dialogs import ListDetails
from watchjournal.ui.lists.models import films_text

T = TypeVar("T")


def addition_text(done: ListAddition) -> str:
    """One sentence for the status bar: what was added, and what was there already."""
    name = done.list.name
    if not done.added:
        what = "it was" if len(done.already) == 1 else "they were"
        return f"Nothing added: {what} on “{name}” already"
    text = f"Added {films_text(len(done.added))} to “{name}”"
    if done.already:
        text += f" ({films_text(len(done.already))} already on it)"
    return text


class ListCommands(QObject):
    changed = Signal(object)  # the id of the list to show afterwards, or None
    status = Signal(str)

    def __init__(self, service: JournalService, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._window = parent

    def _write(
        self, what: str, work: Callable[[TaskControl], T], then: Callable[[T], None]
    ) -> TaskControl:
        """Run ``work`` on the writer lane; ``then(result)`` on this thread, or the error
        shown. Work of several transactions calls ``control.patiently`` for each."""

        def done(result: T | None, error: BaseException | None) -> None:
            if error is not None:
                show_error(self._window, what, error)
                self.changed.emit(None)  # show the journal as it is now, whatever landed
            else:
                then(result)  # type: ignore[arg-type]  # no error: work returned it

        return self._runner.write(work, done)

    def _landed(self, list_id: int | None, text: str) -> None:
        self.changed.emit(list_id)
        self.status.emit(text)

    def create(self, details: ListDetails, film_ids: list[int] | None = None) -> None:
        """Make a list, and put ``film_ids`` on it (one write after the other)."""
        service, ids = self._service, list(film_ids or [])

        def work(control: TaskControl) -> FilmListRecord:
            made = control.patiently(
                service.create_list, details.name, details.description, ranked=details.ranked
            )
            if ids:
                made = control.patiently(service.add_films_to_list, made.id, ids).list
            return made

        def then(made: FilmListRecord) -> None:
            extra = f" with {films_text(len(ids))}" if ids else ""
            self._landed(made.id, f"Made the list “{made.name}”{extra}")

        self._write("New list", work, then)

    def edit(self, old: FilmListRecord, details: ListDetails) -> None:
        """Rename, describe and rank a list in one change (all of it, or none)."""
        service = self._service

        def work(_control: TaskControl) -> FilmListRecord:
            return service.edit_list(old.id, details.name, details.description, details.ranked)

        self._write("Edit list", work, lambda done: self._landed(done.id, f"Saved “{done.name}”"))

    def set_ranked(self, list_id: int, ranked: bool) -> None:
        def then(done: FilmListRecord) -> None:
            how = "numbers its films" if done.ranked else "no longer numbers its films"
            self._landed(done.id, f"“{done.name}” {how}")

        service = self._service
        self._write("Ranked list", lambda _c: service.set_list_ranked(list_id, ranked), then)

    def delete(self, film_list: FilmListRecord) -> None:
        service = self._service

        def then(_none: None) -> None:
            self._landed(None, f"Deleted the list “{film_list.name}”; its films stay")

        self._write("Delete list", lambda _c: service.delete_list(film_list.id), then)

    def add(self, list_id: int, film_ids: list[int], before: int | None = None) -> None:
        service = self._service

        def then(done: ListAddition) -> None:
            self._landed(done.list.id, addition_text(done))

        self._write(
            "Add to list",
            lambda _c: service.add_films_to_list(list_id, film_ids, before=before),
            then,
        )

    def remove(self, list_id: int, film_ids: list[int]) -> None:
        service = self._service

        def work(control: TaskControl) -> FilmListRecord:
            record = service.get_list(list_id)
            for film_id in film_ids:
                record = control.patiently(service.remove_from_list, list_id, film_id)
            return record

        def then(done: FilmListRecord) -> None:
            self._landed(done.id, f"Took {films_text(len(film_ids))} off “{done.name}”")

        self._write("Remove from list", work, then)

    def move_by(self, list_id: int, film_id: int, step: int) -> None:
        """Move a film ``step`` places up (-) or down (+) from where it is (Ctrl+Up/Down)."""
        service = self._service

        def work(_control: TaskControl) -> FilmListRecord:
            # Where it is now, after the moves still pending: quick presses add up.
            record = service.get_list(list_id)
            where = record.film_ids.index(film_id) if film_id in record.film_ids else None
            if where is None or not 0 <= where + step < len(record.film_ids):
                return record
            return service.move_in_list(list_id, film_id, where + step)

        self._write("Move in list", work, lambda done: self.changed.emit(done.id))

    def place(self, list_id: int, film_ids: list[int], before: int | None) -> None:
        service = self._service
        self._write(
            "Move in list",
            lambda _c: service.place_in_list(list_id, film_ids, before),
            lambda done: self.changed.emit(done.id),
        )

    def export(self, list_id: int, path: Path) -> None:
        """Write the list as a Letterboxd list file (replacing ``path``: the save
        dialog asked already)."""
        service = self._service

        def work(_control: TaskControl) -> ExportResult:
            plan = plan_list_export(
                service.films_of_list(list_id), path, ProtectedFiles.of(service)
            )
            return write_export(plan, overwrite=True)

        def done(result: ExportResult | None, error: BaseException | None) -> None:
            if error is not None:
                show_error(self._window, "Export list", error)
            elif result is not None:
                self.status.emit(f"Exported {films_text(result.films)} to {result.path}")

        self._runner.run(work, done)
