"""Config: typed settings from an explicit path, atomic 0600 file, masked secrets."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from watchjournal.config import (
    KEYS,
    Config,
    ConfigError,
    load_config,
    mask_secret,
    save_config,
)


def test_defaults_when_the_file_is_missing(tmp_path: Path) -> None:
    config = load_config(tmp_path / "none.json")
    assert config == Config()
    assert config.network_enabled is False
    assert config.tmdb_base_url.startswith("https://")


def test_round_trip_with_user_only_permissions(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "config.json"
    config = Config().with_value("network.enabled", "true").with_value("tmdb.api_key", "k" * 32)
    save_config(config, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_config(path) == config
    assert json.loads(path.read_text())["network"]["enabled"] is True
    assert [p.name for p in path.parent.iterdir()] == ["config.json"]  # no temp file left


def test_saving_over_a_loose_file_tightens_it(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text("{}")
    path.chmod(0o644)
    save_config(Config(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_keys_are_the_documented_ones() -> None:
    for key in (
        "network.enabled",
        "tmdb.api_key",
        "tmdb.base_url",
        "omdb.api_key",
        "omdb.base_url",
        "wikipedia.base_url",
    ):
        assert key in KEYS


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("network.enabled", "true", True),
        ("network.enabled", "Off", False),
        ("network.enabled", "1", True),
        ("tmdb.base_url", "https://mirror.example/3/", "https://mirror.example/3"),
        ("wikipedia.base_url", "http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("tmdb.region", " gb ", "GB"),
        ("tmdb.base_url", "http://localhost:8080/3", "http://localhost:8080/3"),
        ("tmdb.base_url", "http://127.1.2.3/3", "http://127.1.2.3/3"),
        ("tmdb.base_url", "http://[::1]:8080/3/", "http://[::1]:8080/3"),
        ("tmdb.base_url", "https://127.evil.example/3", "https://127.evil.example/3"),
    ],
)
def test_values_are_parsed_and_checked(key: str, text: str, expected: object) -> None:
    assert Config().with_value(key, text).get(key) == expected


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        ("network.enabled", "maybe", "true or false"),
        ("tmdb.base_url", "http://api.themoviedb.org/3", "use https"),
        ("omdb.base_url", "ftp://x", "use https"),
        ("tmdb.api_key", "two words", "single word"),
        ("no.such", "x", "no setting called"),
        # Plain http only to this machine, by parsed host, never by prefix (issue 12).
        ("tmdb.base_url", "http://127.evil.example", "use https"),
        ("tmdb.base_url", "http://127.0.0.1.evil.example", "use https"),
        ("tmdb.base_url", "http://localhost.evil.example", "use https"),
        ("tmdb.base_url", "http://localhostevil.example", "use https"),
        ("tmdb.base_url", "http://[::ffff:127.0.0.1]", "use https"),
        ("tmdb.base_url", "http://0x7f000001", "use https"),
        ("tmdb.base_url", "http://128.0.0.1", "use https"),
        ("tmdb.base_url", "http://127.0.0.1:notaport", "not a usable address"),
        ("tmdb.base_url", "http://local host", "without spaces"),
        # Keys belong in the key settings, not in an address.
        ("tmdb.base_url", "http://127.0.0.1@evil.example", "keys belong in tmdb.api_key"),
        ("tmdb.base_url", "https://me:pw@api.example/3", "keys belong in tmdb.api_key"),
        ("tmdb.base_url", "https://api.example/3?api_key=abc", "keys belong in tmdb.api_key"),
        ("omdb.base_url", "https://omdb.example/?apikey=abc", "keys belong in omdb.api_key"),
        ("wikipedia.base_url", "https://w.example/?token=abc", "keys belong in the key"),
        ("omdb.base_url", "https://omdb.example/?page=2", "leave out the"),
        # Free-form settings are checked.
        ("tmdb.region", "USA", "two-letter country code"),
        ("tmdb.region", "U1", "two-letter country code"),
        ("tmdb.region", "", "two-letter country code"),
        ("tmdb.region", "G\u202eB", "two-letter country code"),
        ("network.enabled", "x" * 10_000, "true or false"),
    ],
)
def test_bad_values_are_refused(key: str, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        Config().with_value(key, text)
    assert len(str(caught.value)) < 300  # what was typed is quoted, cut short
    assert "abc" not in str(caught.value)  # a key in an address is never echoed


def test_secrets_are_masked() -> None:
    key = "0123456789abcdef0123456789abcdef"
    config = Config().with_value("tmdb.api_key", key)
    shown = config.display("tmdb.api_key")
    assert key not in shown and key[2:-2] not in shown
    assert mask_secret("") == "(not set)"
    assert mask_secret("short") == "****"
    assert config.display("network.enabled") == "false"


def test_unset_returns_to_default() -> None:
    config = Config().with_value("omdb.api_key", "abc").without_value("omdb.api_key")
    assert config.omdb_api_key == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "does not hold an object"),
        ('{"network": {"enabled": "yes"}}', "wrong type"),
        ('{"tmdb": {"base_url": "http://evil.example"}}', "use https"),
        ('{"tmdb": {"base_url": "http://127.evil.example"}}', "use https"),
        ('{"tmdb": {"region": "Narnia"}}', "two-letter country code"),
    ],
)
def test_a_damaged_file_gives_one_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "config.json"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_unknown_settings_are_ignored_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text('{"ui": {"theme": "dark"}, "network": {"enabled": true, "proxy": "x"}}')
    config = load_config(path)
    assert config.network_enabled is True
    save_config(config.with_value("network.enabled", "false"), path)
    data = json.loads(path.read_text())
    assert data["ui"] == {"theme": "dark"}
    assert data["network"] == {"enabled": False, "proxy": "x"}
