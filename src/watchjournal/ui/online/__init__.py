"""Online fetching in the GUI: the entry points the main window wires into menus and buttons.

- ``PosterFetcher``: fetches posters and details off the GUI thread, reports by signals.
- ``SettingsDialog``: turn fetching on, API keys, addresses, clear the poster cache.
- ``FindOnlineDialog``: candidates for the add-film form; ``chosen(FilmFields)``.
- ``DetailsDiffDialog``: what "Refresh details" would change, before anything is overwritten.
- ``BulkPosterDialog``: "Fetch missing posters" with progress and cancel.
- ``TMDB_NOTICE``: the attribution TMDB asks for, for the About dialog.
"""

from __future__ import annotations

from watchjournal.metadata.providers.tmdb import TMDB_NOTICE
from watchjournal.ui.online.fetcher import OFF_MESSAGE, PosterFetcher, short_message
from watchjournal.ui.online.find import BulkPosterDialog, FindOnlineDialog
from watchjournal.ui.online.settings import DetailsDiffDialog, SettingsDialog

__all__ = [
    "OFF_MESSAGE",
    "TMDB_NOTICE",
    "BulkPosterDialog",
    "DetailsDiffDialog",
    "FindOnlineDialog",
    "PosterFetcher",
    "SettingsDialog",
    "short_message",
]
