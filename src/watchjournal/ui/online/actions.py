"""The main window's online features: Settings, Fetch Poster, Refresh Details,
Fetch Missing Posters and Find Online in the film dialog.

Owns the configuration (loaded from the user's config file), the metadata
fetcher and the PosterFetcher; everything network-bound runs off the GUI
thread and reports back by signals, and what it changes in the journal is
written on the writer lane. With fetching off, an action says so and
how to turn it on, and nothing touches the network.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from watchjournal.config import Config, ConfigError, load_config
from watchjournal.journal import FilmFields, FilmRecord, JournalError, JournalService
from watchjournal.metadata.cache import PosterCache
from watchjournal.ui.common.errors import error_text
from watchjournal.ui.common.modal import modal
from watchjournal.ui.common.tasks import TaskControl, TaskRunner

if TYPE_CHECKING:
    from watchjournal.ui.film.dialog import FilmDialog
    from watchjournal.ui.online.fetcher import PosterFetcher

# The providers (and requests) are imported on first use, not at start-up.


class OnlineActions(QObject):
    changed = Signal(object)  # the film id whose poster or details changed
    status = Signal(str)

    def __init__(
        self,
        service: JournalService,
        config_path: Path,
        cache: PosterCache,
        runner: TaskRunner,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._path = config_path
        self._cache = cache
        self._window = parent
        self._runner = runner
        self.config = self._load()
        self._fetcher: PosterFetcher | None = None
        # Films being filled in automatically after they were added: their
        # outcome goes to the status bar rather than a dialog. Value: results due.
        self._background: dict[int, int] = {}
        # Films Fetch Missing Posters asks for: their failures are listed in its dialog
        # (one still on its way when it closes: in the status bar), never a box each.
        self._bulk: set[int] = set()

    @property
    def fetcher(self) -> PosterFetcher:
        if self._fetcher is None:
            # Lazy: requests and the providers load on the first fetch, not at start-up.
            from watchjournal.metadata.fetch import MetadataFetcher
            from watchjournal.ui.online.fetcher import PosterFetcher

            metadata = MetadataFetcher(self.config, self._cache)
            self._fetcher = PosterFetcher(metadata, self._service, self._runner, self)
            self._fetcher.poster_ready.connect(self._poster_ready)
            self._fetcher.failed.connect(self._failed)
            self._fetcher.details_ready.connect(self._details_ready)
        return self._fetcher

    def _load(self) -> Config:
        try:
            return load_config(self._path)
        except ConfigError as exc:
            QMessageBox.warning(self._window, "Settings", f"{exc}\nUsing the default settings.")
            return Config()

    def open_settings(self) -> None:
        # Lazy: dialogs are built on first use (start-up time).
        from watchjournal.ui.online.settings import SettingsDialog

        with modal(SettingsDialog(self.config, self._path, self._cache, self._window)) as dialog:
            dialog.config_saved.connect(self.apply_config)
            dialog.exec()

    def apply_config(self, config: Config) -> None:
        """Use these settings from now on (Settings saved them)."""
        self.config = config
        if self._fetcher is not None:
            self._fetcher.set_config(config)

    def fetch_poster(self, film_id: int) -> None:
        if self.config.network_enabled:  # off: the fetcher says how to turn it on, nothing more
            self.status.emit("Fetching the poster…")
        self.fetcher.fetch(film_id)

    def refresh_details(self, film_id: int) -> None:
        if self.config.network_enabled:
            self.status.emit("Looking the film up…")
        self.fetcher.fetch_details(film_id)

    def fetch_missing_posters(self) -> None:
        # Lazy: dialogs are built on first use (start-up time).
        from watchjournal.ui.online.find import BulkPosterDialog

        # Closed while a poster is on its way: that fetch ends in the window's status bar
        # (its signals reach this object; the dialog's connections go with the dialog).
        with modal(BulkPosterDialog(self._service, self.fetcher, self._window)) as dialog:
            self._bulk = {film.id for film in self._service.films_without_posters()}
            dialog.exec()
            on_its_way = dialog.current
        self._bulk = set() if on_its_way is None else {on_its_way}
        self.changed.emit(None)

    def find_online(self, dialog: FilmDialog) -> None:
        """Fill the film dialog from a candidate the user picks."""
        # Lazy: dialogs are built on first use (start-up time).
        from watchjournal.ui.online.find import FindOnlineDialog

        # The finder drops the searches still running once it is closed (FindOnlineDialog.done).
        finder = FindOnlineDialog(self.fetcher, dialog.title_edit.text(), dialog.year(), dialog)
        with modal(finder):
            finder.chosen.connect(dialog.fill_from)
            finder.exec()

    def film_added(self, film: FilmRecord) -> None:
        """With fetching on, a new film gets its poster and the details the user left empty."""
        if not self.config.network_enabled or film.fields.poster_ref is not None:
            return  # off, or already filled from Find Online
        self._background[film.id] = 2
        self.status.emit(f"Looking up {film.label} online…")
        self.fetcher.fetch(film.id)
        self.fetcher.fetch_details(film.id)

    def _settled(self, film_id: int) -> bool:
        """Count one result for a background fill; True if the film is being filled."""
        due = self._background.get(film_id)
        if due is None:
            return False
        if due <= 1:
            del self._background[film_id]
        else:
            self._background[film_id] = due - 1
        return True

    def show_film(self, film: FilmRecord | None) -> None:
        """A film on screen whose poster file went missing is fetched again (when online)."""
        if film is not None and film.fields.poster_ref and self.config.network_enabled:
            self.fetcher.ensure_poster(film)

    def _poster_ready(self, film_id: int, _ref: str) -> None:
        self._settled(film_id)
        self._bulk.discard(film_id)
        self.status.emit("Poster saved.")
        self.changed.emit(film_id)

    def _failed(self, film_id: int, message: str) -> None:
        if self._settled(film_id) or film_id in self._bulk:
            self._bulk.discard(film_id)
            self.status.emit(message)  # a background fill never interrupts with a dialog
            return
        QMessageBox.information(self._window, "Online", message)

    def _fill_in(self, film_id: int, fetched: FilmFields) -> None:
        from watchjournal.metadata.merge import fill_empty  # imported on first use

        service = self._service

        def work(_control: TaskControl) -> FilmRecord:
            # Read and write on the writer lane, so edits made meanwhile are not undone.
            film = service.get_film(film_id)
            filled = fill_empty(film.fields, fetched)
            if filled != film.fields:
                service.edit_film(film_id, filled, allow_duplicate=True)
            return film

        def done(film: FilmRecord | None, error: BaseException | None) -> None:
            if error is not None or film is None:
                self.status.emit(f"Details not filled in: {error_text(error or ValueError())}")
                return
            self.status.emit(f"Filled in the details of {film.label}.")
            self.changed.emit(film_id)

        self._runner.write(work, done)

    def _details_ready(self, film_id: int, candidate: object) -> None:
        # Lazy: the providers (and requests) load with the first fetch (start-up time).
        from watchjournal.metadata.providers.base import Candidate
        from watchjournal.ui.online.settings import DetailsDiffDialog

        if not isinstance(candidate, Candidate):
            return
        fetched = candidate.fields
        if self._settled(film_id):
            self._fill_in(film_id, fetched)
            return
        try:
            film = self._service.get_film(film_id)
        except JournalError as exc:
            self._failed(film_id, error_text(exc))
            return
        with modal(DetailsDiffDialog(film.fields, fetched, self._window)) as diff:
            if not diff.changes:
                self.status.emit("The details are already up to date.")
                return
            if not diff.exec():
                return
            fields = replace(diff.result_fields(), poster_ref=film.fields.poster_ref)
        service = self._service

        def done(_film: FilmRecord | None, error: BaseException | None) -> None:
            if error is not None:
                self._failed(film_id, error_text(error))
            else:
                self.changed.emit(film_id)

        self._runner.write(
            lambda _control: service.edit_film(film_id, fields, allow_duplicate=True), done
        )
