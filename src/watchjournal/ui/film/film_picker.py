"""A line to pick a film of the journal by typing part of its title.

Suggestions come from the journal's own search (``title:`` terms, the last
one matched as a prefix while it is being typed), read off the GUI thread a
moment after the typing stops, so picking stays quick in a journal of 100,000
films. Each suggestion names the film with its year and director, so two
films of the same title are told apart.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget
from shiboken6 import isValid

from watchjournal.journal import JournalError, JournalService
from watchjournal.journal.rows import FilmRow
from watchjournal.journal.types import long_film_label
from watchjournal.ui.common.tasks import TaskControl, TaskRunner

SUGGESTIONS = 12
TYPING_PAUSE_MS = 150
_WORD = re.compile(r"[^\W_]+")


def title_query(text: str) -> str | None:
    """The search for films whose title has the words typed, the last one as a prefix."""
    words = _WORD.findall(text)
    if not words or sum(len(word) for word in words) < 2:
        return None
    return " ".join(f"title:{word}" for word in words)


class FilmPicker(QLineEdit):
    suggestions_shown = Signal()  # the suggestions for what is typed arrived (for tests)
    picked = Signal()  # a suggestion was chosen
    lookup_started = Signal()  # the suggestions for what is typed are being read

    def __init__(
        self, service: JournalService, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self.exclude: set[int] = set()  # films not to suggest (the film itself, those linked)
        self._labels: dict[str, int] = {}
        self.just_picked = False
        self._model = QStandardItemModel(self)
        self.completions = QCompleter(self._model, self)
        self.completions.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completions.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completions.setWidget(self)
        self.completions.activated.connect(self._picked)
        self._timer = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._timer.timeout.connect(self._look_up)
        self.textEdited.connect(lambda _text: self._timer.start())
        self.setClearButtonEnabled(True)

    def chosen_id(self) -> int | None:
        """The film whose suggestion is in the line, or None."""
        return self._labels.get(self.text().strip())

    def suggestions(self) -> list[str]:
        return [self._model.item(row).text() for row in range(self._model.rowCount())]

    def clear(self) -> None:
        super().clear()
        self._model.clear()

    def _picked(self, text: str) -> None:
        self.setText(text)
        # The Enter that chose it reaches the line next: not a request to link yet.
        self.just_picked = True
        QTimer.singleShot(0, self._picked_done)
        self.picked.emit()

    def _picked_done(self) -> None:
        self.just_picked = False

    def hideEvent(self, event: QHideEvent) -> None:
        # A page that is closing starts no more reads: one still running when the
        # window (and its runner's thread pool) is deleted deadlocks, as the pool waits
        # for it while holding the GIL the read needs.
        self._timer.stop()
        super().hideEvent(event)

    def _look_up(self) -> None:
        if not self.isVisible():
            return
        text = self.text()
        query = title_query(text)
        if query is None:
            self._model.clear()
            return
        service, exclude = self._service, set(self.exclude)

        def work(_control: TaskControl) -> list[FilmRow]:
            ids = service.search_film_ids(query, SUGGESTIONS + len(exclude))
            return service.film_rows_by_ids([i for i in ids if i not in exclude][:SUGGESTIONS])

        def done(rows: list[FilmRow] | None, error: BaseException | None) -> None:
            if error is not None and not isinstance(error, JournalError):
                raise error  # a bug: to the crash handler, not swallowed
            if not isValid(self):
                return  # the page was closed meanwhile
            if self.text() != text:
                return  # typed on meanwhile: the newer look-up shows its own
            self._show(rows or [])

        self._runner.run(work, done)
        self.lookup_started.emit()

    def _show(self, rows: list[FilmRow]) -> None:
        self._model.clear()
        for row in rows:
            label = long_film_label(row.title, row.year, row.directors)
            if label in self._labels and self._labels[label] != row.id:
                label = f"{label} #{row.id}"  # twins even by year and director
            self._labels[label] = row.id
            self._model.appendRow(QStandardItem(label))
        if rows and self.hasFocus():
            self.completions.complete()
        self.suggestions_shown.emit()
