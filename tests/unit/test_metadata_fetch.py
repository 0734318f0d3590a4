"""Fetching a poster into the cache and the journal: every failure changes nothing.

Also the promise that matters most: with fetching off, not one socket is opened.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.metadata_helpers import (
    FAST_POLICY,
    fixture,
    make_fetcher,
    make_image,
    online_config,
    serve_wikipedia,
)
from watchjournal.cli.main import main
from watchjournal.config import Config, save_config
from watchjournal.errors import JournalError
from watchjournal.journal import JournalService
from watchjournal.journal.types import FilmFields
from watchjournal.metadata.cache import PosterCache
from watchjournal.metadata.fetch import MetadataFetcher, NetworkDisabledError
from watchjournal.paths import AppPaths

POSTER_PATH = "/upload/Ballerina_2023_poster.jpg"


def cached_files(cache_dir: Path) -> list[Path]:
    return [p for p in cache_dir.rglob("*") if p.is_file()]


def add_ballerina(service: JournalService) -> int:
    service.add_film(FilmFields("Ballerina", year=2025, directors=("Len Wiseman",)))
    return service.add_film(FilmFields("Ballerina", year=2023, synopsis="my notes")).id


def serve_search_only(httpserver: HTTPServer) -> None:
    """Search and summaries as usual; the test decides how the 2023 poster misbehaves."""
    httpserver.expect_request("/w/rest.php/v1/search/title").respond_with_json(
        fixture("wikipedia_search_ballerina", httpserver)
    )
    httpserver.expect_request("/api/rest_v1/page/summary/Ballerina_(2023_film)").respond_with_json(
        fixture("wikipedia_summary_ballerina_2023", httpserver)
    )


def test_fetch_poster_sets_the_reference(
    httpserver: HTTPServer, service: JournalService, tmp_path: Path
) -> None:
    poster = make_image(300, 450)
    serve_wikipedia(httpserver, poster, make_image(color="red"))
    film_id = add_ballerina(service)
    fetcher = make_fetcher(online_config(httpserver), tmp_path / "cache")
    film = fetcher.fetch_poster_for(service, film_id, "wikipedia")
    assert film.fields.poster_ref is not None
    assert service.get_film(film_id).fields.poster_ref == film.fields.poster_ref
    path = fetcher.cache.path(film.fields.poster_ref)
    assert path is not None and path.read_bytes() == poster
    assert fetcher.cache.thumbnail_path(film.fields.poster_ref) is not None
    assert service.get_film(film_id).fields.synopsis == "my notes"  # nothing else touched


def _truncated(_: Request) -> Response:
    response = Response(make_image()[:400], content_type="image/jpeg")
    response.automatically_set_content_length = False
    response.headers["Content-Length"] = "9000"
    return response


def _slow(_: Request) -> Response:
    time.sleep(FAST_POLICY.read_timeout + 0.5)
    return Response(make_image(), content_type="image/jpeg")


def _status(code: int) -> Callable[[Request], Response]:
    return lambda _: Response("nope", status=code, content_type="text/plain")


def _typed(data: bytes, content_type: str) -> Callable[[Request], Response]:
    return lambda _: Response(data, content_type=content_type)


FAILURES: dict[str, tuple[Callable[[Request], Response], str]] = {
    "404": (_status(404), "not found"),
    "500": (_status(500), "answered 500"),
    "429 for ever": (_status(429), "too many requests"),
    "read timeout": (_slow, "took too long"),
    "truncated body": (_truncated, "cut off"),
    "wrong content-type": (_typed(make_image(), "text/html"), "text/html"),
    "non-image bytes as image/jpeg": (_typed(b"<html>" * 400, "image/jpeg"), "not a readable"),
    "truncated image as image/jpeg": (_typed(make_image()[:500], "image/jpeg"), "not a readable"),
    "oversized body": (_typed(b"\xff" * 300_000, "image/jpeg"), "larger than"),
    "redirect loop": (
        lambda _: Response("", status=302, headers={"Location": POSTER_PATH}),
        "redirected too many times",
    ),
}


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failed_fetch_changes_nothing(
    httpserver: HTTPServer, service: JournalService, tmp_path: Path, failure: str
) -> None:
    handler, message = FAILURES[failure]
    serve_search_only(httpserver)
    httpserver.expect_request(POSTER_PATH).respond_with_handler(handler)
    film_id = add_ballerina(service)
    before = service.get_film(film_id)
    cache_dir = tmp_path / "cache"
    small_cap = replace(FAST_POLICY, max_bytes=200_000)  # "oversized" without 10 MB of test data
    fetcher = make_fetcher(online_config(httpserver), cache_dir, small_cap)
    with pytest.raises(JournalError, match=message) as info:
        fetcher.fetch_poster_for(service, film_id, "wikipedia")
    assert "Traceback" not in str(info.value)
    assert cached_files(cache_dir) == []  # no partial file, no temp file
    assert service.get_film(film_id) == before


def test_a_failed_lookup_changes_nothing(
    httpserver: HTTPServer, service: JournalService, tmp_path: Path
) -> None:
    httpserver.expect_request("/w/rest.php/v1/search/title").respond_with_data("x", status=503)
    film_id = add_ballerina(service)
    before = service.get_film(film_id)
    fetcher = make_fetcher(online_config(httpserver), tmp_path / "cache")
    with pytest.raises(JournalError, match="answered 503"):
        fetcher.fetch_poster_for(service, film_id, "wikipedia")
    assert service.get_film(film_id) == before
    assert cached_files(tmp_path / "cache") == []


def test_429_then_success(httpserver: HTTPServer, service: JournalService, tmp_path: Path) -> None:
    poster = make_image(color="olive")
    serve_search_only(httpserver)
    replies = [
        Response("busy", status=429, headers={"Retry-After": "1"}),
        Response(poster, content_type="image/jpeg"),
    ]
    httpserver.expect_request(POSTER_PATH).respond_with_handler(lambda _: replies.pop(0))
    film_id = add_ballerina(service)
    fetcher = make_fetcher(online_config(httpserver), tmp_path / "cache")
    film = fetcher.fetch_poster_for(service, film_id, "wikipedia")
    path = fetcher.cache.path(film.fields.poster_ref or "")
    assert path is not None and path.read_bytes() == poster
    assert replies == []


def test_poster_behind_a_redirect(
    httpserver: HTTPServer, service: JournalService, tmp_path: Path
) -> None:
    poster = make_image(color="teal")
    serve_search_only(httpserver)
    httpserver.expect_request(POSTER_PATH).respond_with_data(
        "", status=301, headers={"Location": "/media/moved.jpg"}
    )
    httpserver.expect_request("/media/moved.jpg").respond_with_data(
        poster, content_type="image/jpeg"
    )
    film_id = add_ballerina(service)
    fetcher = make_fetcher(online_config(httpserver), tmp_path / "cache")
    film = fetcher.fetch_poster_for(service, film_id, "wikipedia")
    path = fetcher.cache.path(film.fields.poster_ref or "")
    assert path is not None and path.read_bytes() == poster


def test_missing_cache_file_is_refetched_when_online(
    httpserver: HTTPServer, service: JournalService, tmp_path: Path
) -> None:
    serve_wikipedia(httpserver, make_image(), make_image(color="red"))
    film_id = add_ballerina(service)
    fetcher = make_fetcher(online_config(httpserver), tmp_path / "cache")
    film = fetcher.fetch_poster_for(service, film_id, "wikipedia")
    fetcher.cache.clear()
    path = fetcher.poster_file(service, film)
    assert path is not None and path.is_file()

    offline = MetadataFetcher(Config(), fetcher.cache)
    fetcher.cache.clear()
    assert offline.poster_file(service, film) is None  # the placeholder is shown


# --- fetching off: no socket at all ----------------------------------------------------


@pytest.fixture
def socket_log(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every socket created from now on (of any family)."""
    created: list[Any] = []
    real_init = socket.socket.__init__

    def counting_init(self: socket.socket, *args: Any, **kwargs: Any) -> None:
        created.append(args)
        real_init(self, *args, **kwargs)

    def no_dns(*args: Any, **kwargs: Any) -> Any:
        created.append(("getaddrinfo", args))
        raise OSError("DNS lookups are not allowed in this test")

    monkeypatch.setattr(socket.socket, "__init__", counting_init)
    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    return created


def test_fetcher_opens_no_socket_while_off(
    socket_log: list[Any], service: JournalService, tmp_path: Path
) -> None:
    film_id = add_ballerina(service)
    film = service.set_poster(film_id, "sha256:" + "a" * 64)
    fetcher = MetadataFetcher(Config(), PosterCache(tmp_path))  # everything at defaults
    calls: list[Callable[[], Any]] = [
        lambda: fetcher.lookup("Ballerina", 2023),
        lambda: fetcher.lookup("Ballerina", 2023, "wikipedia"),
        lambda: fetcher.fetch_poster(film.fields),
        lambda: fetcher.fetch_poster_for(service, film_id),
        lambda: fetcher.download_image("https://upload.wikimedia.org/x.jpg"),
    ]
    for call in calls:
        with pytest.raises(NetworkDisabledError, match=r"config set network\.enabled true"):
            call()
    assert fetcher.poster_file(service, film) is None  # placeholder, no refetch
    assert socket_log == []


def test_cli_opens_no_socket_while_off(
    socket_log: list[Any],
    app_dirs: AppPaths,
    journal_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    save_config(Config(tmdb_api_key="0123456789abcdef0123456789abcdef"), app_dirs.config_file)
    db = ["--db", str(journal_path)]
    assert main([*db, "add", "Ballerina", "--year", "2023"]) == 0
    for command in (
        ["poster", "Ballerina"],
        ["poster", "Ballerina", "--provider", "tmdb"],
        ["lookup", "Ballerina", "--year", "2023"],
        ["lookup", "Ballerina", "--json"],
    ):
        assert main([*db, *command]) == 1
        err = capsys.readouterr().err
        assert "fetching from the internet is off" in err
        assert "watchjournal config set network.enabled true" in err
    assert socket_log == []
