"""PosterFetcher: network work on the TaskRunner's threads, results back by signals.

The worker threads only talk to the network and the poster cache; the journal
is written here on the GUI thread, after a fetch has fully succeeded, so a
failure never changes anything. Fetching while it is off never starts a task.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from watchjournal.config import Config
from watchjournal.errors import JournalError
from watchjournal.journal import JournalService
from watchjournal.journal.types import FilmRecord
from watchjournal.metadata.fetch import MetadataFetcher, NetworkDisabledError
from watchjournal.metadata.providers.base import Candidate
from watchjournal.ui.common.errors import error_text
from watchjournal.ui.common.tasks import TaskCancelledError, TaskControl, TaskRunner

T = TypeVar("T")

OFF_MESSAGE = "Fetching from the internet is off. Turn it on in Settings."


def short_message(error: BaseException) -> str:
    """One line for a status label: the app's one error text, as a sentence.

    "Fetching is off" gets the in-app wording (Settings, not the CLI command).
    """
    if isinstance(error, NetworkDisabledError):
        return OFF_MESSAGE
    if isinstance(error, TaskCancelledError):
        return "Cancelled."
    text = error_text(error)
    return text[:1].upper() + text[1:]


class PosterFetcher(QObject):
    """Fetches posters and details for films without blocking the GUI."""

    poster_ready = Signal(int, str)  # film id, poster reference (already in the journal)
    failed = Signal(int, str)  # film id, short message; nothing was changed
    details_ready = Signal(int, object)  # film id, Candidate with the fetched details

    def __init__(
        self,
        metadata: MetadataFetcher,
        service: JournalService,
        runner: TaskRunner | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.metadata = metadata
        self.service = service
        self.runner = runner if runner is not None else TaskRunner(self)
        self._in_flight: set[tuple[str, int]] = set()

    @property
    def enabled(self) -> bool:
        return self.metadata.enabled

    def set_config(self, config: Config) -> None:
        """New settings (from the Settings dialog) apply to the next fetch."""
        self.metadata.config = config

    def run(
        self,
        work: Callable[[TaskControl], T],
        on_done: Callable[[T | None, BaseException | None], None],
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> TaskControl | None:
        """Run network ``work`` off the GUI thread; None (and on_done with an error) when off."""
        if not self.enabled:
            on_done(None, NetworkDisabledError())
            return None
        return self.runner.run(work, on_done, on_progress)

    def is_busy(self, film_id: int) -> bool:
        return ("poster", film_id) in self._in_flight

    def fetch(self, film_id: int, provider: str | None = None) -> None:
        """Fetch the film's poster; ends with ``poster_ready`` or ``failed``."""
        if ("poster", film_id) in self._in_flight:
            return
        try:
            fields = self.service.get_film(film_id).fields
        except JournalError as exc:
            self.failed.emit(film_id, short_message(exc))
            return

        def stored(ref: str, error: BaseException | None) -> None:
            self._in_flight.discard(("poster", film_id))
            if error is None:
                self.poster_ready.emit(film_id, ref)
            else:
                self.failed.emit(film_id, short_message(error))

        def done(ref: str | None, error: BaseException | None) -> None:
            if error is None and ref:
                # Writing the reference is a journal write: on the writer lane.
                self.runner.write(
                    lambda _control: self.service.set_poster(film_id, ref),
                    lambda _film, failure: stored(ref, failure),
                )
                return
            self._in_flight.discard(("poster", film_id))
            self.failed.emit(film_id, short_message(error or JournalError("no poster found")))

        self._in_flight.add(("poster", film_id))
        self.run(lambda control: self.metadata.fetch_poster(fields, provider), done)

    def ensure_poster(self, film: FilmRecord) -> None:
        """Refetch a poster whose cache file went missing (e.g. after clearing the cache)."""
        ref = film.fields.poster_ref
        if ref and self.enabled and self.metadata.cache.path(ref) is None:
            self.fetch(film.id)

    def fetch_details(self, film_id: int, provider: str | None = None) -> None:
        """Look the film up; ends with ``details_ready`` (nothing applied yet) or ``failed``."""
        try:
            fields = self.service.get_film(film_id).fields
        except JournalError as exc:
            self.failed.emit(film_id, short_message(exc))
            return
        name = provider or (self.metadata.provider_names() or ["wikipedia"])[0]

        def done(found: Any, error: BaseException | None) -> None:
            if error is not None or not isinstance(found, Candidate):
                self.failed.emit(film_id, short_message(error or JournalError("nothing found")))
            else:
                self.details_ready.emit(film_id, found)

        self.run(lambda control: self.metadata.match(fields, name), done)
