"""``watchjournal config``, ``lookup`` and ``poster`` as real processes, served on loopback."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from tests.conftest import CliResult
from tests.metadata_helpers import (
    TMDB_KEY,
    make_image,
    online_config,
    serve_tmdb,
    serve_wikipedia,
)
from watchjournal.config import save_config
from watchjournal.paths import AppPaths

pytestmark = pytest.mark.e2e
Run = Callable[..., CliResult]


def go_online(app_dirs: AppPaths, httpserver: HTTPServer) -> None:
    """What ``config set`` does (tested above), written directly to spare process starts."""
    save_config(online_config(httpserver), app_dirs.config_file)


def film_json(run_cli: Run, film: str) -> dict[str, Any]:
    result = run_cli("show", film, "--json")
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_config_set_get_list_masks_keys(run_cli: Run, app_dirs: AppPaths) -> None:
    assert run_cli("config", "get", "network.enabled").stdout.strip() == "false"
    result = run_cli("config", "set", "tmdb.api_key", "-", stdin=TMDB_KEY + "\n")
    assert result.returncode == 0
    assert TMDB_KEY not in result.stdout
    assert stat.S_IMODE(app_dirs.config_file.stat().st_mode) == 0o600
    assert TMDB_KEY in app_dirs.config_file.read_text()
    for args in (
        ("config", "get", "tmdb.api_key"),
        ("config", "list"),
        ("config", "list", "--json"),
    ):
        shown = run_cli(*args)
        assert shown.returncode == 0
        assert TMDB_KEY not in shown.stdout + shown.stderr
        assert "32 characters" in shown.stdout


def test_config_set_rejects_bad_values(run_cli: Run) -> None:
    result = run_cli("config", "set", "tmdb.base_url", "http://api.themoviedb.org/3")
    assert result.returncode == 1
    assert "use https://" in result.stderr
    assert run_cli("config", "set", "network.enabled", "perhaps").returncode == 1
    assert run_cli("config", "get", "no.such.key").returncode == 2


def test_offline_commands_say_how_to_turn_fetching_on(run_cli: Run) -> None:
    assert run_cli("add", "Ballerina", "--year", "2023").returncode == 0
    for args in (("poster", "Ballerina"), ("lookup", "Ballerina")):
        result = run_cli(*args)
        assert result.returncode == 1
        assert result.stderr.strip() == (
            "watchjournal: fetching from the internet is off;"
            " turn it on with: watchjournal config set network.enabled true"
        )


def test_poster_fetched_and_stored(
    run_cli: Run, httpserver: HTTPServer, app_dirs: AppPaths
) -> None:
    serve_wikipedia(httpserver, make_image(color="red"), make_image(color="blue"))
    run_cli("add", "Ballerina", "--year", "2023", "--director", "Lee Chung-hyun")
    run_cli("add", "Ballerina", "--year", "2025", "--director", "Len Wiseman")
    go_online(app_dirs, httpserver)
    result = run_cli("poster", "Ballerina (2025)", "--provider", "wikipedia", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["poster"].startswith("sha256:")
    assert data["file"].startswith(str(app_dirs.cache_dir))
    assert film_json(run_cli, "Ballerina (2025)")["poster"] == data["poster"]
    assert film_json(run_cli, "Ballerina (2023)")["poster"] is None

    cleared = run_cli("config", "clear-cache")
    assert cleared.returncode == 0
    assert not list((app_dirs.cache_dir / "posters").rglob("*.jpg*"))
    assert film_json(run_cli, "Ballerina (2025)")["poster"] == data["poster"]  # kept


def test_lookup_lists_candidates(run_cli: Run, httpserver: HTTPServer, app_dirs: AppPaths) -> None:
    serve_tmdb(httpserver, make_image())
    go_online(app_dirs, httpserver)
    result = run_cli("lookup", "Ballerina", "--year", "2023", "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert [(c["title"], c["year"], c["directors"]) for c in found] == [
        ("Ballerina", 2023, ["Lee Chung-hyun"]),
        ("Ballerina", 2025, ["Len Wiseman"]),
    ]
    text = run_cli("lookup", "Ballerina", "--year", "2023")
    assert text.stdout.splitlines()[0].startswith(
        "Ballerina (2023, Lee Chung-hyun)  [tmdb:1059811]"
    )


def test_failed_poster_fetch_is_one_line_and_changes_nothing(
    run_cli: Run, httpserver: HTTPServer, app_dirs: AppPaths
) -> None:
    httpserver.expect_request("/3/search/movie").respond_with_data("down", status=401)
    run_cli("add", "Ballerina", "--year", "2023")
    go_online(app_dirs, httpserver)
    before = film_json(run_cli, "Ballerina")
    result = run_cli("poster", "Ballerina", "--provider", "tmdb")
    assert result.returncode == 1
    assert result.stderr.strip() == "watchjournal: localhost answered 401 (the API key was refused)"
    assert TMDB_KEY not in result.stderr
    assert film_json(run_cli, "Ballerina") == before
    assert not (app_dirs.cache_dir / "posters").exists()
    log_dir = app_dirs.log_dir
    assert not log_dir.exists() or TMDB_KEY not in "".join(p.read_text() for p in log_dir.iterdir())
