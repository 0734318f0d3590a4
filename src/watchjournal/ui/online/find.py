""" "Find online" (candidates for the add-film form) and "Fetch missing posters" (bulk)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from watchjournal.errors import JournalError
from watchjournal.journal import JournalService
from watchjournal.journal.types import FilmFields
from watchjournal.metadata.fetch import NetworkDisabledError
from watchjournal.metadata.providers.base import Candidate
from watchjournal.ui.common.formatting import count_text
from watchjournal.ui.common.tasks import TaskControl
from watchjournal.ui.common.widgets import keep_wrapped_text_whole
from watchjournal.ui.online.fetcher import PosterFetcher, short_message

THUMBNAILS_SHOWN = 10
THUMB_ROLE = Qt.ItemDataRole.UserRole + 1


def _plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class FindOnlineDialog(QDialog):
    """Candidates with title, year, director and thumbnail; choosing one fills the form."""

    chosen = Signal(object)  # FilmFields of the chosen film (poster_ref set if one was fetched)

    def __init__(
        self, fetcher: PosterFetcher, title: str, year: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Find online")
        self.fetcher = fetcher
        self.candidates: list[Candidate] = []
        self._fields: FilmFields | None = None
        self._generation = 0  # results of an older search are dropped
        self._closed = False  # and every result once closed: the dialog is deleted then
        self.title_edit = QLineEdit(title)
        self.year_box = QSpinBox()
        self.year_box.setRange(0, 2200)
        self.year_box.setSpecialValueText("any year")
        self.year_box.setValue(year or 0)
        self.provider_box = QComboBox()
        for name in fetcher.metadata.provider_names():
            self.provider_box.addItem(name, name)
        self.search_button = QPushButton("Search")
        self.search_button.clicked.connect(self.search)
        self.title_edit.returnPressed.connect(self.search)
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda _: self.choose())
        self.status = _plain_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.choose)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for widget in (self.title_edit, self.year_box, self.provider_box, self.search_button):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.list)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(560, 420)
        if not fetcher.enabled:
            self.status.setText(short_message(NetworkDisabledError()))
            self.search_button.setEnabled(False)
        elif title.strip():
            self.search()

    def _year(self) -> int | None:
        return self.year_box.value() or None

    def search(self) -> None:
        title = self.title_edit.text().strip()
        if not title:
            return
        self._generation += 1
        generation = self._generation
        provider = self.provider_box.currentData()
        year = self._year()
        self.status.setText("Searching…")
        self.list.clear()

        def done(found: list[Candidate] | None, error: BaseException | None) -> None:
            if generation != self._generation:
                return
            if error is not None:
                self.status.setText(short_message(error))
                return
            self._show(found or [])

        self.fetcher.run(lambda control: self.fetcher.metadata.lookup(title, year, provider), done)

    def _show(self, found: list[Candidate]) -> None:
        self.candidates = found
        self.status.setText(f"{count_text(len(found))} found." if found else "No films found.")
        for index, candidate in enumerate(found):
            text = candidate.label + (f"\n{candidate.description}" if candidate.description else "")
            item = QListWidgetItem(text)  # list items show plain text
            self.list.addItem(item)
            if index < THUMBNAILS_SHOWN:
                self._load_thumbnail(index, candidate)
        if found:
            self.list.setCurrentRow(0)

    def _load_thumbnail(self, row: int, candidate: Candidate) -> None:
        generation = self._generation

        def done(data: bytes | None, error: BaseException | None) -> None:
            if generation != self._generation or error is not None or not data:
                return  # a missing thumbnail is not worth a message
            pixmap = QPixmap()
            if pixmap.loadFromData(data):
                self.list.item(row).setIcon(QIcon(pixmap))

        self.fetcher.run(lambda control: self.fetcher.metadata.thumbnail(candidate), done)

    def selected_candidate(self) -> Candidate | None:
        row = self.list.currentRow()
        return self.candidates[row] if 0 <= row < len(self.candidates) else None

    def selected_fields(self) -> FilmFields | None:
        """The chosen film's details (after OK), else None."""
        return self._fields

    def choose(self) -> None:
        """Fetch the chosen film's full details and poster, then hand them over."""
        candidate = self.selected_candidate()
        if candidate is None:
            return
        self.status.setText("Getting details…")
        self.buttons.setEnabled(False)
        metadata = self.fetcher.metadata

        def work(control: TaskControl) -> FilmFields:
            details = metadata.details(candidate)
            fields = details.fields
            if details.poster_url:
                try:
                    ref = metadata.cache.store(metadata.download_image(details.poster_url))
                except JournalError:
                    return fields  # details without a poster are still worth having
                fields = replace(fields, poster_ref=ref)
            return fields

        def done(fields: FilmFields | None, error: BaseException | None) -> None:
            if self._closed:
                return  # cancelled meanwhile: the form keeps what it had
            self.buttons.setEnabled(True)
            if error is not None or fields is None:
                self.status.setText(short_message(error or RuntimeError()))
                return
            self._fields = fields
            self.chosen.emit(fields)
            self.accept()

        self.fetcher.run(work, done)

    def done(self, result: int) -> None:
        """Closing drops the searches, thumbnails and details still on their way: they
        report to the window's runner, and the dialog is deleted once it is closed
        (``ui.common.modal``)."""
        self._closed = True
        self._generation += 1
        super().done(result)


class BulkPosterDialog(QDialog):
    """Fetch posters for every film that has none, one at a time, with progress and cancel."""

    def __init__(
        self, service: JournalService, fetcher: PosterFetcher, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Fetch missing posters")
        self.service = service
        self.fetcher = fetcher
        self.queue: list[int] = []
        self.total = 0
        self.fetched = 0
        self.failures: list[str] = []
        self.current: int | None = None
        self.progress = QProgressBar()
        self.status = _plain_label()
        self.start_button = QPushButton("Start")
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.start_button, self.cancel_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        fetcher.poster_ready.connect(self._on_ready)
        fetcher.failed.connect(self._on_failed)
        missing = len(service.films_without_posters())
        self.status.setText(f"{missing} films have no poster.")
        if not fetcher.enabled:
            self.status.setText(short_message(NetworkDisabledError()))
            self.start_button.setEnabled(False)
        keep_wrapped_text_whole(self)

    @property
    def running(self) -> bool:
        return self.current is not None

    def start(self) -> None:
        self.queue = [f.id for f in self.service.films_without_posters()]
        self.total, self.fetched, self.failures = len(self.queue), 0, []
        self.progress.setRange(0, max(self.total, 1))
        self.progress.setValue(0)
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self._next()

    def cancel(self) -> None:
        """Stop after the film being fetched now; what was fetched stays."""
        self.queue.clear()
        self.cancel_button.setEnabled(False)
        self.status.setText("Cancelling…" if self.running else "Cancelled.")

    def _next(self) -> None:
        if not self.queue:
            self.current = None
            self._finish()
            return
        self.current = self.queue.pop(0)
        done = self.total - len(self.queue) - 1
        self.status.setText(f"Fetching {count_text(done + 1)} of {count_text(self.total)}…")
        self.fetcher.fetch(self.current)

    def _on_ready(self, film_id: int, ref: str) -> None:
        if film_id == self.current:
            self.fetched += 1
            self._advance()

    def _on_failed(self, film_id: int, message: str) -> None:
        if film_id == self.current:
            self.failures.append(message)
            self._advance()

    def _advance(self) -> None:
        self.progress.setValue(self.fetched + len(self.failures))
        self._next()

    def _finish(self) -> None:
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        text = f"Fetched {count_text(self.fetched)} of {count_text(self.total)} posters."
        if self.failures:
            failed = count_text(len(self.failures))
            text += f" {failed} not found or failed (first: {self.failures[0]})"
        self.status.setText(text)

    def reject(self) -> None:
        self.queue.clear()  # closing also stops after the current film
        super().reject()
