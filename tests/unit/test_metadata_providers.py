"""Wikipedia, TMDB and OMDb providers against hand-written, provider-shaped JSON on loopback."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.metadata_helpers import (
    OMDB_KEY,
    fixture,
    make_fetcher,
    make_image,
    online_config,
    serve_tmdb,
    serve_wikipedia,
)
from watchjournal.config import ConfigError
from watchjournal.errors import NotFoundError
from watchjournal.journal.types import FilmFields, StreamingInfo


def sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


# --- Wikipedia ---------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "director"), [(2023, "Lee Chung-hyun"), (2025, "Len Wiseman")])
def test_wikipedia_same_titled_films_ranked_by_year(
    httpserver: HTTPServer, tmp_path: Path, year: int, director: str
) -> None:
    serve_wikipedia(httpserver, make_image(), make_image(color="red"))
    fetcher = make_fetcher(online_config(httpserver), tmp_path)
    found = fetcher.lookup("Ballerina", year, "wikipedia")
    assert [(c.title, c.year) for c in found] == [
        ("Ballerina", year),
        ("Ballerina", 2023 if year == 2025 else 2025),
    ]  # the disambiguation page and the song are not films
    assert found[0].directors == (director,)
    assert found[0].key == f"Ballerina_({year}_film)"
    assert found[0].thumbnail_url is not None
    assert found[0].thumbnail_url.startswith(httpserver.url_for("/upload/thumb/"))


def test_wikipedia_poster_of_the_right_film(httpserver: HTTPServer, tmp_path: Path) -> None:
    poster_2023, poster_2025 = make_image(color="navy"), make_image(color="red")
    serve_wikipedia(httpserver, poster_2023, poster_2025)
    fetcher = make_fetcher(online_config(httpserver), tmp_path)
    ref = fetcher.fetch_poster(FilmFields("Ballerina", year=2025), "wikipedia")
    assert ref == sha(poster_2025)
    path = fetcher.cache.path(ref)
    assert path is not None and path.read_bytes() == poster_2025


def test_wikipedia_details_give_synopsis_and_poster(httpserver: HTTPServer, tmp_path: Path) -> None:
    serve_wikipedia(httpserver, make_image(), make_image())
    fetcher = make_fetcher(online_config(httpserver), tmp_path)
    candidate = fetcher.lookup("Ballerina", 2023, "wikipedia")[0]
    details = fetcher.details(candidate)
    assert details.fields.synopsis is not None
    assert details.fields.synopsis.startswith("Ballerina is a 2023 South Korean")
    assert details.poster_url == httpserver.url_for("/upload/Ballerina_2023_poster.jpg")
    assert details.description == "2023 film directed by Lee Chung-hyun"


def test_wikipedia_no_results(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/w/rest.php/v1/search/title").respond_with_json({"pages": []})
    httpserver.expect_request("/api/rest_v1/page/summary/Nosuchfilm_(film)").respond_with_json(
        {"type": "https://mediawiki.org/wiki/HyperSwitch/errors/not_found"}, status=404
    )
    httpserver.expect_request("/api/rest_v1/page/summary/Nosuchfilm").respond_with_json(
        {"type": "https://mediawiki.org/wiki/HyperSwitch/errors/not_found"}, status=404
    )
    fetcher = make_fetcher(online_config(httpserver), tmp_path)
    assert fetcher.lookup("Nosuchfilm", None, "wikipedia") == []
    with pytest.raises(NotFoundError, match="Wikipedia has no film matching Nosuchfilm"):
        fetcher.fetch_poster(FilmFields("Nosuchfilm"), "wikipedia")


def test_wikipedia_falls_back_to_the_film_page_name(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/w/rest.php/v1/search/title").respond_with_json({"pages": []})
    httpserver.expect_request("/api/rest_v1/page/summary/Ballerina_(2023_film)").respond_with_json(
        fixture("wikipedia_summary_ballerina_2023", httpserver)
    )
    fetcher = make_fetcher(online_config(httpserver), tmp_path)
    found = fetcher.lookup("Ballerina", 2023, "wikipedia")
    assert [(c.title, c.year, c.directors) for c in found] == [
        ("Ballerina", 2023, ("Lee Chung-hyun",))
    ]


# --- TMDB --------------------------------------------------------------------------------


def test_tmdb_search_with_credits_picks_year(httpserver: HTTPServer, tmp_path: Path) -> None:
    serve_tmdb(httpserver, make_image())
    fetcher = make_fetcher(online_config(httpserver), tmp_path)
    found = fetcher.lookup("Ballerina", 2023, "tmdb")
    assert [(c.year, c.directors) for c in found] == [
        (2023, ("Lee Chung-hyun",)),
        (2025, ("Len Wiseman",)),
    ]
    first = found[0].fields
    assert first.cast == ("Jun Jong-seo", "Kim Ji-hoon", "Park Yu-rim")  # by billing order
    assert first.genres == ("Action", "Thriller", "Crime")
    assert first.countries == ("South Korea",)
    assert (first.runtime, first.imdb_id, first.tmdb_id) == (93, "tt23789166", 1059811)
    assert first.original_title == "발레리나"
    assert found[0].poster_url == httpserver.url_for("/t/p/w500/ballerina2023.jpg")
    assert found[0].thumbnail_url == httpserver.url_for("/t/p/w92/ballerina2023.jpg")


def test_tmdb_details_fill_where_to_watch_with_todays_date(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    serve_tmdb(httpserver, make_image())
    fetcher = make_fetcher(online_config(httpserver), tmp_path)
    details = fetcher.match(FilmFields("Ballerina", year=2023), "tmdb")
    today = date.today()
    assert details.fields.where_to_watch == (
        StreamingInfo("Netflix", today),
        StreamingInfo("Netflix basic with Ads", today),
    )  # subscription services in the US, by TMDB's priority; rentals left out


def test_tmdb_poster_by_known_id(httpserver: HTTPServer, tmp_path: Path) -> None:
    poster = make_image(color="green")
    serve_tmdb(httpserver, poster)
    fetcher = make_fetcher(online_config(httpserver), tmp_path)
    ref = fetcher.fetch_poster(FilmFields("Whatever it is called", tmdb_id=1059811), "tmdb")
    assert ref == sha(poster)
    assert not any("/search/" in request.path for request, _ in httpserver.log)


def test_tmdb_read_access_token_goes_in_a_bearer_header(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    token = "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ0ZXN0In0.c2lnbmF0dXJlc2lnbmF0dXJl"
    httpserver.expect_request(
        "/3/search/movie",
        headers={"Authorization": f"Bearer {token}"},
        query_string={"query": "Nothing", "include_adult": "false"},
    ).respond_with_json({"page": 1, "results": [], "total_pages": 0, "total_results": 0})
    fetcher = make_fetcher(online_config(httpserver, tmdb_api_key=token), tmp_path)
    assert fetcher.lookup("Nothing", None, "tmdb") == []


def test_tmdb_needs_a_key(httpserver: HTTPServer, tmp_path: Path) -> None:
    fetcher = make_fetcher(online_config(httpserver, tmdb_api_key=""), tmp_path)
    with pytest.raises(ConfigError, match=r"config set tmdb\.api_key"):
        fetcher.lookup("Ballerina", None, "tmdb")
    assert fetcher.provider_names() == ["omdb", "wikipedia"]
    assert len(httpserver.log) == 0


# --- OMDb --------------------------------------------------------------------------------


def serve_omdb(httpserver: HTTPServer, poster: bytes) -> None:
    key = {"apikey": OMDB_KEY}
    httpserver.expect_request(
        "/omdb/", query_string={"s": "Ballerina", "type": "movie", "y": "2023", **key}
    ).respond_with_json(fixture("omdb_search_ballerina", httpserver))
    httpserver.expect_request(
        "/omdb/", query_string={"i": "tt23789166", "plot": "short", **key}
    ).respond_with_json(fixture("omdb_movie_tt23789166", httpserver))
    httpserver.expect_request(
        "/omdb/", query_string={"s": "Nosuchfilm", "type": "movie", **key}
    ).respond_with_json(fixture("omdb_not_found", httpserver))
    httpserver.expect_request("/images/M/ballerina2023.jpg").respond_with_data(
        poster, content_type="image/jpeg"
    )


def test_omdb_title_and_year(httpserver: HTTPServer, tmp_path: Path) -> None:
    serve_omdb(httpserver, make_image())
    fetcher = make_fetcher(online_config(httpserver), tmp_path)
    [found] = fetcher.lookup("Ballerina", 2023, "omdb")
    f = found.fields
    assert (f.title, f.year, f.directors, f.runtime) == ("Ballerina", 2023, ("Lee Chung-hyun",), 93)
    assert f.cast == ("Jun Jong-seo", "Kim Ji-hoon", "Park Yu-rim")
    assert f.genres == ("Action", "Crime", "Thriller")
    assert fetcher.lookup("Nosuchfilm", None, "omdb") == []


def test_omdb_poster_by_imdb_id(httpserver: HTTPServer, tmp_path: Path) -> None:
    poster = make_image(color="purple")
    serve_omdb(httpserver, poster)
    fetcher = make_fetcher(online_config(httpserver), tmp_path)
    ref = fetcher.fetch_poster(FilmFields("Ballerina", imdb_id="tt23789166"), "omdb")
    assert ref == sha(poster)


def test_omdb_refused_key_is_not_echoed(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/omdb/").respond_with_json(
        {"Response": "False", "Error": "Invalid API key!"}, status=401
    )
    fetcher = make_fetcher(online_config(httpserver), tmp_path)
    with pytest.raises(Exception) as info:
        fetcher.lookup("Ballerina", None, "omdb")
    assert OMDB_KEY not in str(info.value)
    assert "API key was refused" in str(info.value)


def test_tmdb_image_settings_are_asked_once_per_fetcher(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    serve_tmdb(httpserver, make_image())
    fetcher = make_fetcher(online_config(httpserver), tmp_path)
    fetcher.lookup("Ballerina", 2023, "tmdb")
    fetcher.lookup("Ballerina", None, "tmdb")
    asked = [r for r, _ in httpserver.log if r.path == "/3/configuration"]
    assert len(asked) == 1
