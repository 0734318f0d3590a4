"""The GUI's writer lane says it waits for an import, not just for the journal.

The import marker is held as an import holds it (``storage.import_marker``, a
separate open file, so the lane's thread sees it held); a Like meanwhile must
show "Waiting for the import to finish…" in the status bar, change nothing
while the import runs, and land once it is over.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from watchjournal.journal import FilmFields, JournalService
from watchjournal.paths import AppPaths
from watchjournal.storage import import_marker
from watchjournal.ui.common.tasks import IMPORT_WAITING_TEXT, WAITING_TEXT


@pytest.fixture
def window(qtbot: QtBot, service: JournalService, app_dirs: AppPaths) -> Iterator[Any]:
    from watchjournal.metadata.cache import PosterCache
    from watchjournal.ui.app import ui_settings
    from watchjournal.ui.window.main_window import MainWindow

    service.add_film(FilmFields("Paterson", year=2016), watchlist=True)
    made = MainWindow(service, ui_settings(app_dirs), PosterCache(app_dirs.cache_dir), "j", None)
    qtbot.addWidget(made)
    with qtbot.waitExposed(made):
        made.show()
    made.show_view("films")
    made.library.films_view.selectRow(0)
    yield made
    qtbot.waitUntil(lambda: not made.runner.writing, timeout=10_000)


def test_a_like_during_an_import_waits_for_the_import_and_says_so(
    qtbot: QtBot, window: Any, service: JournalService, journal_path: Path
) -> None:
    film_id = window.library.current_film_id()
    with import_marker.holding(journal_path):
        window.acts.like.trigger()
        qtbot.waitUntil(
            lambda: window.statusBar().currentMessage() == IMPORT_WAITING_TEXT, timeout=5000
        )
        assert WAITING_TEXT not in window.statusBar().currentMessage()
        assert window.runner.writing
        assert not service.get_film(film_id).fields.liked
    qtbot.waitUntil(lambda: service.get_film(film_id).fields.liked, timeout=10_000)
    # The waiting note gives way to what the action did.
    liked = f"Liked {service.get_film(film_id).label}"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == liked, timeout=5000)
