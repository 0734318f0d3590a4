"""Online fetching in the GUI: posters arrive by signal without blocking; the dialogs work."""

from __future__ import annotations

import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken
from werkzeug import Request, Response

from tests.metadata_helpers import (
    fixture,
    make_fetcher,
    make_image,
    online_config,
    serve_tmdb,
    serve_wikipedia,
)
from watchjournal.config import Config, load_config
from watchjournal.journal import JournalService
from watchjournal.journal.types import FilmFields, StreamingInfo
from watchjournal.metadata.cache import PosterCache
from watchjournal.metadata.fetch import MetadataFetcher
from watchjournal.metadata.providers.base import Candidate
from watchjournal.ui.common.modal import modal
from watchjournal.ui.film.detail import FilmDetailPane
from watchjournal.ui.online import (
    OFF_MESSAGE,
    TMDB_NOTICE,
    BulkPosterDialog,
    DetailsDiffDialog,
    FindOnlineDialog,
    PosterFetcher,
    SettingsDialog,
)

POSTER_PATH = "/upload/Ballerina_2023_poster.jpg"


def add_ballerina(service: JournalService, year: int = 2023) -> int:
    return service.add_film(FilmFields("Ballerina", year=year)).id


def slow_poster(data: bytes, delay: float) -> Callable[[Request], Response]:
    def handler(_: Request) -> Response:
        time.sleep(delay)
        return Response(data, content_type="image/jpeg")

    return handler


def test_poster_arrives_in_the_detail_pane_without_blocking(
    qtbot: QtBot, httpserver: HTTPServer, service: JournalService, tmp_path: Path
) -> None:
    httpserver.expect_request("/w/rest.php/v1/search/title").respond_with_json(
        fixture("wikipedia_search_ballerina", httpserver)
    )
    httpserver.expect_request("/api/rest_v1/page/summary/Ballerina_(2023_film)").respond_with_json(
        fixture("wikipedia_summary_ballerina_2023", httpserver)
    )
    httpserver.expect_request(POSTER_PATH).respond_with_handler(
        slow_poster(make_image(400, 600, color="#ff0000"), 0.6)
    )
    film_id = add_ballerina(service)
    metadata = make_fetcher(online_config(httpserver), tmp_path / "cache")
    fetcher = PosterFetcher(metadata, service)
    pane = FilmDetailPane(metadata.cache)
    qtbot.addWidget(pane)
    pane.show_film(service.get_film(film_id))
    placeholder = pane.poster.pixmap().toImage()
    fetcher.poster_ready.connect(lambda fid, ref: pane.show_film(service.get_film(fid)))

    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    with qtbot.waitSignal(fetcher.poster_ready, timeout=10_000) as blocker:
        fetcher.fetch(film_id)
        assert fetcher.is_busy(film_id)
    timer.stop()
    assert len(ticks) >= 10  # the event loop kept running during the 0.6 s download
    assert blocker.args is not None
    assert blocker.args[0] == film_id
    assert service.get_film(film_id).fields.poster_ref == blocker.args[1]
    shown = pane.poster.pixmap().toImage()
    assert shown != placeholder
    centre = shown.pixelColor(shown.width() // 2, shown.height() // 2)
    assert centre.red() > 200 and centre.green() < 60 and centre.blue() < 60
    fetcher.runner.wait(5000)


def test_a_failed_fetch_signals_a_short_message_and_changes_nothing(
    qtbot: QtBot, httpserver: HTTPServer, service: JournalService, tmp_path: Path
) -> None:
    httpserver.expect_request("/w/rest.php/v1/search/title").respond_with_data("x", status=500)
    film_id = add_ballerina(service)
    before = service.get_film(film_id)
    fetcher = PosterFetcher(make_fetcher(online_config(httpserver), tmp_path / "cache"), service)
    with qtbot.waitSignal(fetcher.failed, timeout=10_000) as blocker:
        fetcher.fetch(film_id, "wikipedia")
    assert blocker.args == [film_id, "Localhost answered 500 (the server had a problem)"]
    assert service.get_film(film_id) == before
    assert not (tmp_path / "cache" / "posters").exists()


def test_while_off_nothing_runs(qtbot: QtBot, service: JournalService, tmp_path: Path) -> None:
    film_id = add_ballerina(service)
    fetcher = PosterFetcher(MetadataFetcher(Config(), PosterCache(tmp_path)), service)
    with qtbot.waitSignal(fetcher.failed, timeout=1000) as blocker:
        fetcher.fetch(film_id)
    assert blocker.args == [film_id, OFF_MESSAGE]
    assert not fetcher.runner.busy


def test_settings_dialog_saves_and_clears_cache(qtbot: QtBot, tmp_path: Path) -> None:
    cache = PosterCache(tmp_path / "cache")
    cache.store(make_image())
    path = tmp_path / "config" / "config.json"
    dialog = SettingsDialog(Config(), path, cache)
    qtbot.addWidget(dialog)
    assert "MB" in dialog.cache_label.text()
    dialog.clear_button.click()
    assert cache.size_bytes() == 0
    assert "0.0 MB" in dialog.cache_label.text()

    dialog.network_box.setChecked(True)
    dialog.fields["tmdb.api_key"].setText("0123456789abcdef0123456789abcdef")
    with qtbot.waitSignal(dialog.config_saved) as saved:
        dialog.save()
    assert saved.args is not None
    config = load_config(path)
    assert config == saved.args[0]
    assert config.network_enabled and config.tmdb_api_key.startswith("0123")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_settings_dialog_refuses_a_bad_address(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    dialog = SettingsDialog(Config(), path, PosterCache(tmp_path))
    qtbot.addWidget(dialog)
    dialog.fields["tmdb.base_url"].setText("http://tmdb.example")
    dialog.save()
    assert "use https://" in dialog.error_label.text()
    assert not path.exists()
    assert TMDB_NOTICE.startswith("This product uses the TMDB API")


def test_find_online_lists_candidates_and_fills_the_form(
    qtbot: QtBot, httpserver: HTTPServer, service: JournalService, tmp_path: Path
) -> None:
    poster = make_image(color="green")
    serve_tmdb(httpserver, poster)
    httpserver.expect_request("/t/p/w92/ballerina2023.jpg").respond_with_data(
        make_image(92, 138), content_type="image/jpeg"
    )
    httpserver.expect_request("/t/p/w92/ballerina2025.jpg").respond_with_data(
        make_image(92, 138), content_type="image/jpeg"
    )
    fetcher = PosterFetcher(make_fetcher(online_config(httpserver), tmp_path / "cache"), service)
    dialog = FindOnlineDialog(fetcher, "Ballerina", 2023)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.list.count() == 2, timeout=10_000)
    assert dialog.list.item(0).text().startswith("Ballerina (2023, Lee Chung-hyun)")
    qtbot.waitUntil(lambda: not dialog.list.item(0).icon().isNull(), timeout=10_000)
    with qtbot.waitSignal(dialog.chosen, timeout=10_000) as chosen:
        dialog.choose()
    fields = dialog.selected_fields()
    assert chosen.args == [fields]
    assert fields is not None
    assert (fields.title, fields.year, fields.directors) == ("Ballerina", 2023, ("Lee Chung-hyun",))
    assert fields.where_to_watch[0].service == "Netflix"
    assert fields.poster_ref is not None
    poster_file = fetcher.metadata.cache.path(fields.poster_ref)
    assert poster_file is not None and poster_file.read_bytes() == poster
    fetcher.runner.wait(5000)


def test_find_online_closed_mid_search_drops_what_comes_back(
    qtbot: QtBot, httpserver: HTTPServer, service: JournalService, tmp_path: Path
) -> None:
    """The dialog is deleted as it closes (ui.common.modal); its search still running on
    the runner's threads finds it gone and touches nothing (no error from a deleted label)."""
    fetcher = PosterFetcher(make_fetcher(online_config(httpserver), tmp_path / "cache"), service)
    answer = threading.Event()
    asked: list[str] = []

    def lookup(title: str, year: int | None, provider: str | None = None) -> list[Candidate]:
        asked.append(title)
        answer.wait(10)
        return []  # shown, it would say "No films found."

    fetcher.metadata.lookup = lookup  # type: ignore[method-assign]
    with modal(FindOnlineDialog(fetcher, "Ballerina", 2023)) as dialog:
        dialog.show()
        assert dialog.status.text() == "Searching…"
        qtbot.waitUntil(lambda: asked == ["Ballerina"], timeout=5000)
        dialog.reject()
    assert not Shiboken.isValid(dialog)
    answer.set()
    qtbot.waitUntil(lambda: not fetcher.runner.busy, timeout=5000)  # the result was delivered


def test_find_online_while_off_says_so(
    qtbot: QtBot, service: JournalService, tmp_path: Path
) -> None:
    fetcher = PosterFetcher(MetadataFetcher(Config(), PosterCache(tmp_path)), service)
    dialog = FindOnlineDialog(fetcher, "Ballerina", None)
    qtbot.addWidget(dialog)
    assert dialog.status.text() == OFF_MESSAGE
    assert not dialog.search_button.isEnabled()


def test_details_diff_never_overwrites_unasked() -> None:
    current = FilmFields("Ballerina", year=2023, synopsis="my own words", runtime=None)
    fetched = FilmFields(
        "Ballerina",
        year=2023,
        synopsis="TMDB's words",
        runtime=93,
        directors=("Lee Chung-hyun",),
        where_to_watch=(StreamingInfo("Netflix"),),
    )
    dialog = DetailsDiffDialog(current, fetched)
    rows = {c.name: c for c in dialog.changes}
    assert set(rows) == {"synopsis", "runtime", "directors", "where_to_watch"}
    assert rows["synopsis"].overwrites and not rows["runtime"].overwrites
    result = dialog.result_fields()
    assert result.synopsis == "my own words"  # not ticked by default
    assert (result.runtime, result.directors) == (93, ("Lee Chung-hyun",))
    for item, change in zip(dialog.use_items, dialog.changes, strict=True):
        if change.name == "synopsis":
            item.setCheckState(Qt.CheckState.Checked)
    assert dialog.result_fields().synopsis == "TMDB's words"
    dialog.deleteLater()


def test_bulk_fetch_with_progress(
    qtbot: QtBot, httpserver: HTTPServer, service: JournalService, tmp_path: Path
) -> None:
    serve_wikipedia(httpserver, make_image(color="red"), make_image(color="blue"))
    first, second = add_ballerina(service, 2023), add_ballerina(service, 2025)
    fetcher = PosterFetcher(make_fetcher(online_config(httpserver), tmp_path / "cache"), service)
    dialog = BulkPosterDialog(service, fetcher)
    qtbot.addWidget(dialog)
    assert dialog.status.text() == "2 films have no poster."
    dialog.start_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=15_000)
    assert dialog.status.text() == "Fetched 2 of 2 posters."
    assert dialog.progress.value() == 2
    assert service.get_film(first).fields.poster_ref != service.get_film(second).fields.poster_ref
    assert service.films_without_posters() == []
    fetcher.runner.wait(5000)


def test_bulk_fetch_cancel_stops_after_the_current_film(
    qtbot: QtBot, httpserver: HTTPServer, service: JournalService, tmp_path: Path
) -> None:
    serve_wikipedia(httpserver, make_image(color="red"), make_image(color="blue"))
    add_ballerina(service, 2023)
    add_ballerina(service, 2025)
    fetcher = PosterFetcher(make_fetcher(online_config(httpserver), tmp_path / "cache"), service)
    dialog = BulkPosterDialog(service, fetcher)
    qtbot.addWidget(dialog)
    dialog.start_button.click()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=15_000)
    assert dialog.status.text() == "Fetched 1 of 2 posters."
    assert len(service.films_without_posters()) == 1
    fetcher.runner.wait(5000)


def test_bulk_dialog_while_off(qtbot: QtBot, service: JournalService, tmp_path: Path) -> None:
    add_ballerina(service)
    fetcher = PosterFetcher(MetadataFetcher(Config(), PosterCache(tmp_path)), service)
    dialog = BulkPosterDialog(service, fetcher)
    qtbot.addWidget(dialog)
    assert dialog.status.text() == OFF_MESSAGE
    assert not dialog.start_button.isEnabled()
