"""Layout at 800x600: every view and every dialog whole, on the demo journal.

No visible label is narrower than its longest word (its whole line, when it
does not wrap) or shorter than its wrapped text; no list scrolls sideways;
the film page's buttons stay inside the pane; the first start's empty state
is not clipped and leaves out the empty film page. The same checks run at
200 % in test_layout_scaled.py.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QHeaderView, QToolButton, QWidget
from pytestqt.exceptions import TimeoutError as WaitTimeout
from pytestqt.qtbot import QtBot

from tests.gui.layout_checks import buttons_past, clipped_labels, sideways_lists
from tests.journal_template import demo_template
from watchjournal.demo import DEMO_FILE_NAME
from watchjournal.journal import JournalService
from watchjournal.metadata.cache import PosterCache
from watchjournal.paths import AppPaths
from watchjournal.ui.app import ui_settings
from watchjournal.ui.window.main_window import MainWindow

SMALL = QSize(800, 600)
FILM = "Paterson (2016)"


@pytest.fixture
def demo_service(tmp_path: Path, app_dirs: AppPaths) -> Iterator[JournalService]:
    """A copy of the demo journal, its posters in this test's cache."""
    template = demo_template()
    folder = tmp_path / "demo"
    folder.mkdir()
    path = folder / DEMO_FILE_NAME
    shutil.copy2(template / DEMO_FILE_NAME, path)
    shutil.copytree(template / "cache", app_dirs.cache_dir, dirs_exist_ok=True)
    service = JournalService.open(path, folder / "backups")
    yield service
    service.close()


def open_window(
    qtbot: QtBot, service: JournalService, app_dirs: AppPaths, size: QSize = SMALL
) -> MainWindow:
    cache = PosterCache(app_dirs.cache_dir)
    window = MainWindow(service, ui_settings(app_dirs), cache, "journal", app_dirs.config_file)
    qtbot.addWidget(window)
    window.resize(size)
    with qtbot.waitExposed(window):
        window.show()
    return window


@pytest.fixture
def window(qtbot: QtBot, demo_service: JournalService, app_dirs: AppPaths) -> MainWindow:
    return open_window(qtbot, demo_service, app_dirs)


def settle(qtbot: QtBot) -> None:
    qtbot.wait(50)  # layouts are applied on the next turn of the event loop


def assert_whole(qtbot: QtBot, widget: QWidget) -> None:
    """Whole once the layout has settled (it is applied over a few turns of the loop)."""
    settle(qtbot)
    with contextlib.suppress(WaitTimeout):  # the assertion below names what stays cut
        qtbot.waitUntil(lambda: not clipped_labels(widget), timeout=3000)
    assert clipped_labels(widget) == []
    assert sideways_lists(widget) == []


@pytest.mark.parametrize("view", ["films", "watchlist", "diary", "reviews", "lists"])
def test_each_view_at_800x600(qtbot: QtBot, window: MainWindow, view: str) -> None:
    window.show_view(view)
    assert_whole(qtbot, window)
    assert window.size() == SMALL


def test_the_film_page_at_800x600(qtbot: QtBot, window: MainWindow) -> None:
    window.show_view("films")
    paterson = window.service.resolve_film(FILM).id
    assert window.library.select_film(paterson)
    qtbot.waitUntil(
        lambda: window.detail.film is not None and window.detail.film.title == "Paterson"
    )
    assert_whole(qtbot, window)
    assert buttons_past(window.detail.viewport()) == []
    # The film page can be folded away; the sidebar and the list cannot.
    splitter = window.splitter
    assert [splitter.isCollapsible(i) for i in range(3)] == [False, False, True]
    assert window.right.width() < window.library.width()  # not half the window
    # Narrow pane: facts under the poster, not credits a few letters wide.
    assert window.detail.poster.width() <= window.detail.viewport().width()


def test_the_film_page_at_1920_scales_the_poster_not_the_buttons(
    qtbot: QtBot, demo_service: JournalService, app_dirs: AppPaths
) -> None:
    window = open_window(qtbot, demo_service, app_dirs, QSize(1920, 1080))
    window.show_view("films")
    window.library.select_film(demo_service.resolve_film(FILM).id)
    settle(qtbot)
    assert window.detail.poster.width() > 180  # it grew with the pane
    for button in window.detail.findChildren(QToolButton):
        assert button.width() <= button.sizeHint().width() + 1  # natural size, not stretched


def test_search_results_at_800x600(qtbot: QtBot, window: MainWindow) -> None:
    window.search_field.setText("jarmusch")
    qtbot.waitUntil(lambda: window.search_panel.model.rowCount() > 0, timeout=5000)
    assert_whole(qtbot, window)


def test_the_review_editor_gets_room_at_800x600(qtbot: QtBot, window: MainWindow) -> None:
    film_id = window.service.resolve_film(FILM).id
    before = window.splitter.sizes()
    window.open_review(film_id, None)
    settle(qtbot)
    assert window.right.width() >= window.editor.minimumSizeHint().width()
    assert_whole(qtbot, window)
    window.close_review()
    assert window.splitter.sizes() == before


def test_film_columns_fit_800_and_show_all_at_1920(
    qtbot: QtBot, demo_service: JournalService, app_dirs: AppPaths
) -> None:
    small = open_window(qtbot, demo_service, app_dirs)
    small.show_view("films")
    settle(qtbot)
    view = small.library.films_view
    header = view.horizontalHeader()
    assert not view.horizontalScrollBar().isVisible()
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    assert header.sectionSize(0) >= 14 * view.fontMetrics().averageCharWidth()
    assert not view.isColumnHidden(3)  # your rating stays; "Added" goes first
    assert view.isColumnHidden(5)
    big = open_window(qtbot, demo_service, app_dirs, QSize(1920, 1080))
    big.show_view("reviews")
    settle(qtbot)
    reviews = big.library.reviews_view
    assert not any(reviews.isColumnHidden(c) for c in range(5))
    # Whole dates: the Written column is as wide as its widest date.
    written = reviews.horizontalHeader().sectionSize(4)
    assert written >= reviews.sizeHintForColumn(4)
    films = big.library.films_view
    big.show_view("films")
    settle(qtbot)
    assert not any(films.isColumnHidden(c) for c in range(6))


def test_first_start_is_whole_and_has_no_empty_film_page(
    qtbot: QtBot, service: JournalService, app_dirs: AppPaths
) -> None:
    window = open_window(qtbot, service, app_dirs)
    empty = window.library.empty_state
    assert window.library.currentWidget() is empty
    assert not window.right.isVisible()  # the empty pane no longer takes half the window
    assert_whole(qtbot, window)
    heading = empty.heading
    assert heading.height() >= heading.heightForWidth(heading.width())
    description = empty.description
    assert description.height() >= description.heightForWidth(description.width())


# Every dialog, at its opening size and at its smallest. -----------------------------
def add_film(w: MainWindow) -> QDialog:
    from watchjournal.ui.film.dialog import FilmDialog

    return FilmDialog(w.service, None, w, lambda _d: None, w.runner)


def edit_film(w: MainWindow) -> QDialog:
    from watchjournal.ui.film.dialog import FilmDialog

    return FilmDialog(w.service, w.service.resolve_film(FILM), w, lambda _d: None, w.runner)


def log(w: MainWindow) -> QDialog:
    from watchjournal.ui.diary.log_dialog import LogDialog

    film = w.service.resolve_film(FILM)
    return LogDialog(film, w.preferences, lambda _day: False, parent=w)


def edit_entry(w: MainWindow) -> QDialog:
    from watchjournal.ui.diary.commands import review_of
    from watchjournal.ui.diary.log_dialog import LogDialog

    film = w.service.resolve_film(FILM)
    viewing = film.viewings[-1]
    review = review_of(film, viewing.id)
    return LogDialog(
        film, w.preferences, lambda _day: False, viewing=viewing, review=review, parent=w
    )


def watchlist_note(w: MainWindow) -> QDialog:
    from watchjournal.ui.diary.note_dialog import WatchlistNoteDialog

    return WatchlistNoteDialog(FILM, "from Min", adding=False, parent=w)


def import_dialog(w: MainWindow) -> QDialog:
    from watchjournal.ui.dialogs.import_dialog import ImportDialog

    return ImportDialog(w.service, w)


def export_dialog(w: MainWindow) -> QDialog:
    from watchjournal.ui.dialogs.export_dialog import ExportDialog

    return ExportDialog(w.service, w)


def backups(w: MainWindow) -> QDialog:
    from watchjournal.ui.dialogs.backups import BackupsDialog

    return BackupsDialog(w.service, w.runner, w)


def settings(tab: int) -> Callable[[MainWindow], QDialog]:
    def make(w: MainWindow) -> QDialog:
        from watchjournal.ui.dialogs.settings import SettingsDialog

        config = w.online.config if w.online is not None else None
        dialog = SettingsDialog(w.preferences, config, w.config_path, w.cache, w.service.path)
        dialog.setParent(w, dialog.windowFlags())
        dialog.tabs.setCurrentIndex(tab)
        return dialog

    return make


def history(w: MainWindow) -> QDialog:
    from watchjournal.ui.review.history import RevisionHistoryDialog

    review_id = w.service.resolve_film(FILM).reviews[-1].id
    return RevisionHistoryDialog(w.service, review_id, w.runner, w)


def refresh_details(w: MainWindow) -> QDialog:
    from dataclasses import replace

    from watchjournal.ui.online.settings import DetailsDiffDialog

    fields = w.service.resolve_film(FILM).fields
    return DetailsDiffDialog(fields, replace(fields, runtime=99, synopsis="Other."), w)


def find_online(w: MainWindow) -> QDialog:
    from watchjournal.ui.online.find import FindOnlineDialog

    assert w.online is not None
    return FindOnlineDialog(w.online.fetcher, "Paterson", 2016, w)


def bulk_posters(w: MainWindow) -> QDialog:
    from watchjournal.ui.online.find import BulkPosterDialog

    assert w.online is not None
    return BulkPosterDialog(w.service, w.online.fetcher, w)


DIALOGS: dict[str, Callable[[MainWindow], QDialog]] = {
    "add film": add_film,
    "edit film": edit_film,
    "log": log,
    "edit diary entry": edit_entry,
    "watchlist note": watchlist_note,
    "import": import_dialog,
    "export": export_dialog,
    "backups": backups,
    "settings: appearance": settings(0),
    "settings: diary": settings(1),
    "settings: journal": settings(2),
    "settings: online": settings(3),
    "history": history,
    "refresh details": refresh_details,
    "find online": find_online,
    "fetch missing posters": bulk_posters,
}


@pytest.mark.parametrize("name", list(DIALOGS))
@pytest.mark.parametrize("size", ["opening", "smallest"])
def test_each_dialog_is_whole(qtbot: QtBot, window: MainWindow, name: str, size: str) -> None:
    dialog = DIALOGS[name](window)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    if size == "smallest":
        dialog.resize(dialog.minimumSizeHint())
    assert dialog.width() <= SMALL.width() and dialog.height() <= SMALL.height()
    assert_whole(qtbot, dialog)
    dialog.reject()


def test_the_export_to_label_is_drawn_whole(qtbot: QtBot, window: MainWindow) -> None:
    """Its underlined T is drawn apart from the o, wider than Qt measures "To"."""
    from PySide6.QtWidgets import QFormLayout, QLabel

    from watchjournal.ui.common.widgets import mnemonic_width

    dialog = export_dialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resize(dialog.minimumSizeHint())
    settle(qtbot)
    form = dialog.findChild(QFormLayout)
    assert form is not None
    label = form.labelForField(dialog.picker)  # type: ignore[attr-defined]
    assert isinstance(label, QLabel) and label.text() == "&To"
    assert label.width() >= mnemonic_width(label)
