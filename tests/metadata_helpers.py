"""Helpers for the metadata tests: hand-written provider JSON served on loopback, real images."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from PIL import Image
from pytest_httpserver import HTTPServer

from watchjournal.config import Config
from watchjournal.metadata.cache import PosterCache
from watchjournal.metadata.fetch import MetadataFetcher
from watchjournal.metadata.http import HttpClient, HttpPolicy

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "metadata"
TMDB_KEY = "0123456789abcdef0123456789abcdef"
OMDB_KEY = "a1b2c3d4"
# Quick enough for tests, but the same code paths as the real policy.
FAST_POLICY = HttpPolicy(
    connect_timeout=2.0, read_timeout=1.0, retries=2, backoff=0.01, max_retry_wait=0.05
)


def base_url(httpserver: HTTPServer) -> str:
    return str(httpserver.url_for("/")).rstrip("/")


def fixture(name: str, httpserver: HTTPServer) -> Any:
    """A provider-shaped JSON fixture with ``{server}`` pointing at the test server."""
    text = (FIXTURES / f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text.replace("{server}", base_url(httpserver)))


def make_image(
    width: int = 200, height: int = 300, fmt: str = "JPEG", color: str = "navy"
) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format=fmt)
    return out.getvalue()


def online_config(httpserver: HTTPServer, **overrides: Any) -> Config:
    url = base_url(httpserver)
    values: dict[str, Any] = {
        "network_enabled": True,
        "tmdb_api_key": TMDB_KEY,
        "tmdb_base_url": url + "/3",
        "omdb_api_key": OMDB_KEY,
        "omdb_base_url": url + "/omdb",
        "wikipedia_base_url": url,
    }
    return Config(**{**values, **overrides})


def make_fetcher(
    config: Config, cache_dir: Path, policy: HttpPolicy = FAST_POLICY
) -> MetadataFetcher:
    return MetadataFetcher(config, PosterCache(cache_dir), HttpClient(policy=policy))


def serve_wikipedia(httpserver: HTTPServer, poster_2023: bytes, poster_2025: bytes) -> None:
    """Search, both Ballerina summaries, and both posters."""
    httpserver.expect_request(
        "/w/rest.php/v1/search/title", query_string={"q": "Ballerina", "limit": "20"}
    ).respond_with_json(fixture("wikipedia_search_ballerina", httpserver))
    for year, poster in ((2023, poster_2023), (2025, poster_2025)):
        httpserver.expect_request(
            f"/api/rest_v1/page/summary/Ballerina_({year}_film)"
        ).respond_with_json(fixture(f"wikipedia_summary_ballerina_{year}", httpserver))
        httpserver.expect_request(f"/upload/Ballerina_{year}_poster.jpg").respond_with_data(
            poster, content_type="image/jpeg"
        )


def serve_tmdb(httpserver: HTTPServer, poster: bytes) -> None:
    key = {"api_key": TMDB_KEY}
    httpserver.expect_request("/3/configuration", query_string=key).respond_with_json(
        fixture("tmdb_configuration", httpserver)
    )
    httpserver.expect_request(
        "/3/search/movie",
        query_string={"query": "Ballerina", "include_adult": "false", "year": "2023", **key},
    ).respond_with_json(fixture("tmdb_search_ballerina", httpserver))
    httpserver.expect_request(
        "/3/search/movie", query_string={"query": "Ballerina", "include_adult": "false", **key}
    ).respond_with_json(fixture("tmdb_search_ballerina", httpserver))
    for movie_id in (1059811, 541671):
        httpserver.expect_request(
            f"/3/movie/{movie_id}", query_string={"append_to_response": "credits", **key}
        ).respond_with_json(fixture(f"tmdb_movie_{movie_id}", httpserver))
    httpserver.expect_request(
        "/3/movie/1059811/watch/providers", query_string=key
    ).respond_with_json(fixture("tmdb_watch_providers_1059811", httpserver))
    httpserver.expect_request("/t/p/w500/ballerina2023.jpg").respond_with_data(
        poster, content_type="image/jpeg"
    )
