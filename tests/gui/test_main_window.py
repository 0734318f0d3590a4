"""The main window driven like a user would: dialogs, keyboard, search, watchlist order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import ARTIFACTS
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.paths import AppPaths
from watchjournal.ui.diary.log_dialog import LogDialog
from watchjournal.ui.film.dialog import FilmDialog
from watchjournal.ui.window.models import FILM_ID_ROLE

RICH_TITLE = '<b>x</b><img src="http://127.0.0.1:9/x.png">'


def when_modal(qtbot: QtBot, kind: type, act: Callable[[Any], None]) -> None:
    """Run ``act`` on the next modal dialog of ``kind`` once it is open, during this test.

    Polling stops when the test ends, so a dialog that never came (a test that
    checks nothing asks) cannot be answered by it in a later test.
    """
    ended: list[bool] = []
    guard = QWidget()
    qtbot.addWidget(guard, before_close_func=lambda _widget: ended.append(True))

    def poll() -> None:
        if ended or guard is None:  # (naming guard keeps it alive: pytest-qt holds a weakref)
            return
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind):
            act(widget)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def rows(model: Any) -> list[tuple[str, str]]:
    return [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount())]


def test_add_a_film_through_the_dialog(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    window = make_window()
    assert window.library.currentWidget() is window.library.empty_state

    def fill(dialog: FilmDialog) -> None:
        qtbot.keyClicks(dialog.title_edit, "Paterson")
        dialog.year_spin.setValue(2016)
        qtbot.keyClicks(dialog.directors_edit, "Jim Jarmusch")
        dialog.watchlist_check.setChecked(True)
        qtbot.keyClicks(dialog.note_edit, "poems and a bus")
        dialog.accept()

    when_modal(qtbot, FilmDialog, fill)
    window.acts.new_film.trigger()
    (film,) = service.list_films()
    assert (film.title, film.year, film.fields.directors) == ("Paterson", 2016, ("Jim Jarmusch",))
    assert film.watchlist is not None and film.watchlist.note == "poems and a bus"
    assert window.detail.title.text() == "Paterson (2016)"
    assert window.library.currentWidget() is not window.library.empty_state


def test_duplicate_title_asks_before_adding(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    service.add_film(FilmFields("Ballerina", year=2023, directors=("Lee Chung-hyun",)))
    window = make_window()
    asked: list[str] = []

    def answer(box: QMessageBox) -> None:
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    def fill(dialog: FilmDialog) -> None:
        qtbot.keyClicks(dialog.title_edit, "Ballerina")
        dialog.year_spin.setValue(2023)
        when_modal(qtbot, QMessageBox, answer)
        dialog.accept()

    when_modal(qtbot, FilmDialog, fill)
    window.acts.new_film.trigger()
    assert "Ballerina (2023, Lee Chung-hyun) is already in your journal" in asked[0]
    assert "add another film with the same title?" in asked[0]
    assert service.count_films() == 2


def test_same_titled_films_are_two_rows_with_years(
    make_window: Any, service: JournalService
) -> None:
    service.add_film(FilmFields("Ballerina", year=2023, directors=("Lee Chung-hyun",)))
    service.add_film(FilmFields("Ballerina", year=2025, directors=("Len Wiseman",)))
    window = make_window()
    window.show_view("films")
    assert rows(window.library.films_model) == [("Ballerina", "2023"), ("Ballerina", "2025")]


def test_mark_watched_with_the_date_picker(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    film = service.add_film(FilmFields("Paterson", year=2016), watchlist=True)
    service.mark_watched(film.id, date(2020, 1, 5))
    window = make_window()
    window.show_view("films")
    window.library.films_view.selectRow(0)
    seen: dict[str, Any] = {}

    def log(dialog: LogDialog) -> None:
        seen["default"] = dialog.date_edit.date().toPython()
        seen["rewatch"] = dialog.rewatch_check.isChecked()
        qtbot.keyClicks(dialog.where_edit, "Cinema")
        dialog.accept()

    when_modal(qtbot, LogDialog, log)
    window.acts.mark_watched.trigger()
    assert seen == {"default": date.today(), "rewatch": True}
    # Written off the GUI thread: wait for it to land.
    qtbot.waitUntil(lambda: len(service.get_film(film.id).viewings) == 2, timeout=5000)
    viewings = service.get_film(film.id).viewings
    assert [(v.watched_on, v.rewatch, v.where) for v in viewings][-1] == (
        date.today(),
        True,
        "Cinema",
    )
    window.show_view("diary")
    qtbot.waitUntil(lambda: window.library.diary_model.total() == 2, timeout=5000)


def test_write_a_review_with_the_keyboard(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    film = service.add_film(FilmFields("Ballerina", year=2023))
    window = make_window()
    window.show_view("films")
    window.library.films_view.selectRow(0)
    window.acts.write_review.trigger()
    editor = window.editor
    assert window.right.currentIndex() == 1
    control = editor.rating.focusProxy() or editor.rating
    control.setFocus()
    qtbot.keyClick(control, Qt.Key.Key_End)
    qtbot.keyClick(control, Qt.Key.Key_PageDown)
    for _ in range(6):
        qtbot.keyClick(control, Qt.Key.Key_Left)
    qtbot.keyClicks(editor.headline, "stream it")
    qtbot.keyClicks(editor.body, "Flamethrowers.")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    (review,) = service.get_film(film.id).reviews
    assert (review.rating_tenths, review.headline, review.body) == (
        84,
        "stream it",
        "Flamethrowers.",
    )


def test_autosave_without_pressing_save(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    film = service.add_film(FilmFields("Paterson", year=2016))
    window = make_window()
    window.open_review(film.id, None)
    qtbot.keyClicks(window.editor.body, "Bus driver poet")
    qtbot.waitUntil(
        lambda: [r.body for r in service.get_film(film.id).reviews] == ["Bus driver poet"],
        timeout=10_000,
    )


def hits(window: Any) -> list[str]:
    return [hit.film.label for hit in window.search_panel.model.hits]


def test_search_as_you_type_ranks_and_highlights(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    for title, year, director in (
        ("Ballerina", 2023, "Lee Chung-hyun"),
        ("Paterson", 2016, "Jim Jarmusch"),
        ("Huracán", 2024, "Ana Díaz"),
    ):
        service.add_film(FilmFields(title, year=year, directors=(director,)))
    ballerina = service.resolve_film("Ballerina")
    service.write_review(ballerina.id, ReviewFields(body="<b>Flamethrowers</b> & fists."))
    window = make_window()
    window.acts.find.trigger()
    assert window.search_field.hasFocus()
    qtbot.keyClicks(window.search_field, "jarm")
    qtbot.waitUntil(lambda: hits(window) == ["Paterson (2016)"], timeout=10_000)
    assert window.library.currentWidget() is window.search_panel
    assert window.search_field.hasFocus()  # typing was never interrupted
    window.search_field.clear()
    qtbot.keyClicks(window.search_field, "huracan")
    qtbot.waitUntil(lambda: hits(window) == ["Huracán (2024)"], timeout=10_000)
    window.search_field.clear()
    qtbot.keyClicks(window.search_field, "flamethrower")
    qtbot.waitUntil(lambda: hits(window) == ["Ballerina (2023)"], timeout=10_000)
    html = window.search_panel.model.index(0, 0).data(Qt.ItemDataRole.UserRole)
    assert "&lt;b&gt;" in html and "<b>Flamethrowers</b>" in html
    assert "<b>Flamethrowers</b> &amp;" not in html.replace("&lt;b&gt;", "")  # user tags escaped
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.search_panel.view.hasFocus()
    qtbot.keyClick(window.search_panel.view, Qt.Key.Key_Return)
    assert window.library.current_name == "films"
    assert window.detail.film is not None and window.detail.film.id == ballerina.id


def test_bad_query_shows_a_message_not_a_crash(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    service.add_film(FilmFields("Paterson", year=2016))
    window = make_window()
    qtbot.keyClicks(window.search_field, "year:abc")
    qtbot.waitUntil(lambda: "year" in window.search_panel.message.text(), timeout=10_000)
    assert "bad search query" in window.search_panel.message.text()
    assert hits(window) == []
    qtbot.keyClick(window.search_field, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.library.current_name == "films", timeout=10_000)


def test_rich_text_title_is_shown_literally(make_window: Any, service: JournalService) -> None:
    service.add_film(FilmFields(RICH_TITLE, year=2024))
    window = make_window()
    window.show_view("films")
    window.library.films_view.selectRow(0)
    assert window.detail.title.text() == f"{RICH_TITLE} (2024)"
    labels = window.detail.findChildren(QLabel)
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels if label.text())
    assert window.library.films_model.index(0, 0).data() == RICH_TITLE
    # The no_internet guard (tests/conftest.py) would have failed on any request to the img URL.


def test_reorder_the_watchlist_by_drag_and_by_keyboard(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    ids = [service.add_film(FilmFields(t), watchlist=True).id for t in ("A", "B", "C")]
    window = make_window()
    window.show_view("watchlist")
    model = window.library.watchlist_model
    mime: QMimeData = model.mimeData([model.index(2, 0)])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    qtbot.waitUntil(lambda: [model.index(r, 0).data() for r in range(3)] == ["C", "A", "B"])
    assert [f.title for f in service.watchlist()] == ["C", "A", "B"]
    view = window.library.watchlist_view
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: [model.index(r, 0).data() for r in range(3)] == ["A", "C", "B"])
    assert [f.title for f in service.watchlist()] == ["A", "C", "B"]
    assert view.currentIndex().data(FILM_ID_ROLE) == ids[2]


def test_bulk_remove_and_delete_with_undo(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    film = service.add_film(FilmFields("Paterson", year=2016), watchlist=True)
    service.write_review(film.id, ReviewFields(90, "see it", "A quiet film."))
    other = service.add_film(FilmFields("Huracán", year=2024), watchlist=True)
    window = make_window()
    window.show_view("watchlist")
    window.library.watchlist_view.selectAll()
    window.acts.toggle_watchlist.trigger()  # bulk work runs off the GUI thread
    qtbot.waitUntil(lambda: service.watchlist() == [], timeout=15_000)
    window.show_view("films")
    window.library.films_view.selectAll()
    when_modal(
        qtbot,
        QMessageBox,
        lambda box: next(b for b in box.buttons() if b.text() == "Delete").click(),
    )
    window.acts.delete_film.trigger()
    qtbot.waitUntil(lambda: window.acts.undo.isEnabled(), timeout=5000)
    assert service.count_films() == 0
    window.acts.undo.trigger()
    qtbot.waitUntil(lambda: service.count_films() == 2, timeout=5000)
    assert {f.id for f in service.list_films()} == {film.id, other.id}
    assert [r.body for r in service.get_film(film.id).reviews] == ["A quiet film."]


def test_window_title_and_state_are_remembered(qtbot: QtBot, make_window: Any) -> None:
    window = make_window()
    assert window.windowTitle() == "journal — WatchJournal"
    window.resize(760, 540)  # fits the 800x600 offscreen screen
    qtbot.waitUntil(lambda: window.width() == 760)
    window.splitter.setSizes([150, 330, 270])
    sizes = window.splitter.sizes()
    window.close()
    assert window.settings.value("window/geometry") == window.saveGeometry()
    again = make_window()
    assert again.size() == window.size()
    assert again.splitter.sizes() == sizes


def test_render_the_main_window_with_the_demo_journal(
    qtbot: QtBot, tmp_path: Path, app_dirs: AppPaths
) -> None:
    from watchjournal.demo import create_demo_journal
    from watchjournal.metadata.cache import PosterCache
    from watchjournal.ui.app import open_window

    cache = PosterCache(app_dirs.cache_dir)
    journal = create_demo_journal(tmp_path, cache)
    window = open_window(app_dirs, journal, "Demo journal")
    assert window is not None
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.show_view("films")
    paterson = window.service.resolve_film("Paterson")
    assert window.library.select_film(paterson.id)
    assert window.detail.film is not None and window.detail.film.title == "Paterson"
    assert not window.detail.poster.pixmap().isNull()
    ARTIFACTS.mkdir(exist_ok=True)
    shots = {"main_window_demo.png": "films", "main_window_demo_diary.png": "diary"}
    for name, view in shots.items():
        window.show_view(view)
        qtbot.wait(50)
        path = ARTIFACTS / name
        assert window.grab().save(str(path))
        assert path.stat().st_size > 30_000
    window.service.close()


def test_online_actions_say_fetching_is_off(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    service.add_film(FilmFields("Paterson", year=2016))
    window = make_window()
    window.show_view("films")
    window.library.films_view.selectRow(0)
    said: list[str] = []

    def read(box: QMessageBox) -> None:
        said.append(box.text())
        box.accept()

    when_modal(qtbot, QMessageBox, read)
    window.acts.fetch_poster.trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert "Fetching from the internet is off" in said[0]
    assert service.get_film(window.detail.film.id).fields.poster_ref is None


def test_file_menu_opens_import_and_export(qtbot: QtBot, make_window: Any) -> None:
    from watchjournal.ui.dialogs.import_export import ExportDialog, ImportDialog

    window = make_window()
    opened: list[str] = []
    for action, kind in (
        (window.acts.import_data, ImportDialog),
        (window.acts.export_data, ExportDialog),
    ):
        when_modal(
            qtbot, kind, lambda dialog: (opened.append(type(dialog).__name__), dialog.reject())
        )
        action.trigger()
    assert opened == ["ImportDialog", "ExportDialog"]


def test_icons_follow_a_switch_to_a_dark_palette(qtbot: QtBot, make_window: Any) -> None:
    from PySide6.QtGui import QColor, QPalette

    def darkest_pixel_lightness() -> int:
        image = window.acts.new_film.icon().pixmap(32, 32).toImage()
        return min(
            image.pixelColor(x, y).lightness()
            for x in range(image.width())
            for y in range(image.height())
            if image.pixelColor(x, y).alpha() > 200
        )

    window = make_window()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    assert darkest_pixel_lightness() < 100  # dark strokes on a light theme
    dark = QPalette(light)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.Text,
    ):
        dark.setColor(role, QColor("#f0f0f0"))
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Button, QPalette.ColorRole.Base):
        dark.setColor(role, QColor("#202020"))
    try:
        app.setPalette(dark)
        qtbot.waitUntil(lambda: darkest_pixel_lightness() > 150, timeout=5000)
    finally:
        app.setPalette(light)


def test_a_new_film_gets_its_poster_and_details_when_fetching_is_on(
    qtbot: QtBot, httpserver: Any, make_window: Any, service: JournalService, app_dirs: AppPaths
) -> None:
    from tests.metadata_helpers import make_image, online_config, serve_wikipedia
    from watchjournal.config import save_config

    serve_wikipedia(httpserver, make_image(color="red"), make_image(color="blue"))
    save_config(online_config(httpserver, tmdb_api_key="", omdb_api_key=""), app_dirs.config_file)
    window = make_window()

    def fill(dialog: FilmDialog) -> None:
        qtbot.keyClicks(dialog.title_edit, "Ballerina")
        dialog.year_spin.setValue(2023)
        qtbot.keyClicks(dialog.cast_edit, "Jeon Jong-seo")  # typed: must stay as it is
        dialog.accept()

    when_modal(qtbot, FilmDialog, fill)
    window.acts.new_film.trigger()
    film_id = service.resolve_film("Ballerina (2023)").id

    def filled() -> bool:
        fields = service.get_film(film_id).fields
        return fields.poster_ref is not None and fields.synopsis is not None

    qtbot.waitUntil(filled, timeout=15_000)
    fields = service.get_film(film_id).fields
    assert fields.cast == ("Jeon Jong-seo",)
    assert "Lee Chung-hyun" in (fields.synopsis or "")
    qtbot.waitUntil(lambda: not window.detail.poster.pixmap().isNull(), timeout=5000)
    assert cached_poster(app_dirs, fields.poster_ref) is not None


def cached_poster(app_dirs: AppPaths, ref: str | None) -> Path | None:
    from watchjournal.metadata.cache import PosterCache

    return PosterCache(app_dirs.cache_dir).path(ref) if ref else None


def test_fetch_missing_posters_lists_its_failures_without_a_message_box_for_each(
    qtbot: QtBot, httpserver: Any, make_window: Any, service: JournalService, app_dirs: AppPaths
) -> None:
    from tests.metadata_helpers import online_config
    from watchjournal.config import save_config
    from watchjournal.ui.online.find import BulkPosterDialog

    # Not found (a server error would be tried again, which only takes longer).
    httpserver.expect_request("/w/rest.php/v1/search/title").respond_with_data("x", status=404)
    for year in (2023, 2025):  # two films called "Ballerina"
        service.add_film(FilmFields("Ballerina", year=year))
    save_config(online_config(httpserver, tmdb_api_key="", omdb_api_key=""), app_dirs.config_file)
    window = make_window()
    boxes: list[str] = []  # every message box that opened, closed again at once
    sweeper = QTimer(window)

    def sweep() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                boxes.append(widget.text())
                widget.done(0)

    sweeper.timeout.connect(sweep)
    sweeper.start(20)
    seen: dict[str, str] = {}

    def run(dialog: BulkPosterDialog) -> None:
        dialog.start_button.click()
        qtbot.waitUntil(lambda: not dialog.running, timeout=15_000)
        seen["status"] = dialog.status.text()
        dialog.reject()

    when_modal(qtbot, BulkPosterDialog, run)
    window.acts.fetch_missing_posters.trigger()
    sweeper.stop()
    assert seen["status"].startswith("Fetched 0 of 2 posters. 2 not found or failed")
    assert boxes == []
    assert service.films_without_posters() != []
