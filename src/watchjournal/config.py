"""Typed settings, loaded from an explicit path and passed in (no global singleton).

The file is JSON grouped by section (``{"network": {"enabled": false}, ...}``)
and is written atomically with user-only permissions (0600), because it holds
API keys. Keys are named with dots on the command line (``tmdb.api_key``);
secret values are only ever shown masked.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from watchjournal.atomic_file import write_atomically
from watchjournal.errors import JournalError, translate_os_error
from watchjournal.user_text import quote

DEFAULT_TMDB_BASE_URL = "https://api.themoviedb.org/3"
DEFAULT_OMDB_BASE_URL = "https://www.omdbapi.com"
DEFAULT_WIKIPEDIA_BASE_URL = "https://en.wikipedia.org"
PROVIDER_NAMES = ("wikipedia", "tmdb", "omdb")  # the order --provider lists them
ENABLE_HINT = "turn it on with: watchjournal config set network.enabled true"
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}
_REGION = re.compile(r"[A-Za-z]{2}")  # an ISO 3166-1 alpha-2 country code
_LOOPBACK_V4 = ipaddress.ip_network("127.0.0.0/8")
_LOOPBACK_V6 = ipaddress.ip_address("::1")
# Query parameters that carry a credential (TMDB's api_key, OMDb's apikey, tokens).
_KEY_PARAMS = re.compile(r"api_?key|apikey|key|token|access_token|secret|password", re.I)


class ConfigError(JournalError):
    """A setting or the settings file is not usable; the message says which and why."""


@dataclass(frozen=True)
class Config:
    """Every setting, with its default. Attribute names are the dotted keys with ``_``."""

    network_enabled: bool = False
    tmdb_api_key: str = ""
    tmdb_base_url: str = DEFAULT_TMDB_BASE_URL
    tmdb_region: str = "US"
    omdb_api_key: str = ""
    omdb_base_url: str = DEFAULT_OMDB_BASE_URL
    wikipedia_base_url: str = DEFAULT_WIKIPEDIA_BASE_URL
    # Where new viewings were watched unless the user says otherwise ("" = ask).
    diary_default_where: str = ""
    # The journal file to open from the next start ("" = the default place).
    journal_path: str = ""

    def get(self, key: str) -> Any:
        return getattr(self, _attribute(key))

    def with_value(self, key: str, text: str) -> Config:
        """A copy with ``key`` set from the user's text, checked and converted."""
        attribute = _attribute(key)
        return replace(self, **{attribute: _parse(key, getattr(self, attribute), text)})

    def without_value(self, key: str) -> Config:
        """A copy with ``key`` back at its default."""
        attribute = _attribute(key)
        return replace(self, **{attribute: getattr(Config(), attribute)})

    def display(self, key: str) -> str:
        """The value as text for people: secrets masked, booleans as true/false."""
        value = self.get(key)
        if key in SECRET_KEYS:
            return mask_secret(value)
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    def to_json(self) -> dict[str, dict[str, Any]]:
        data: dict[str, dict[str, Any]] = {}
        for key in KEYS:
            section, name = key.split(".", 1)
            data.setdefault(section, {})[name] = self.get(key)
        return data


KEYS: tuple[str, ...] = tuple(f.name.replace("_", ".", 1) for f in fields(Config))
SECRET_KEYS = frozenset({"tmdb.api_key", "omdb.api_key"})
URL_KEYS = frozenset(k for k in KEYS if k.endswith(".base_url"))
KEY_HELP = {
    "network.enabled": "fetch posters and details over the internet (default false)",
    "tmdb.api_key": "your TMDB API key or read-access token",
    "tmdb.base_url": "TMDB API address (for mirrors and tests)",
    "tmdb.region": "country code for TMDB where-to-watch (e.g. US, GB, DE)",
    "omdb.api_key": "your OMDb API key",
    "omdb.base_url": "OMDb API address",
    "wikipedia.base_url": "Wikipedia site address (e.g. https://de.wikipedia.org)",
    "diary.default_where": "where new viewings were watched unless you say (e.g. Cinema)",
    "journal.path": "the journal file to open (a full path; empty: the default place)",
}
MAX_WHERE_LENGTH = 200


def _attribute(key: str) -> str:
    if key not in KEYS:
        raise ConfigError(
            f"there is no setting called {quote(key)}; settings are: {', '.join(KEYS)}"
        )
    return key.replace(".", "_")


def mask_secret(value: str) -> str:
    """``abcd…wxyz``-style masking that never shows enough of a key to use it."""
    if not value:
        return "(not set)"
    if len(value) < 12:
        return "****"
    return f"{value[:2]}…{value[-2:]} ({len(value)} characters)"


def check_base_url(url: str, key: str = "the address") -> str:
    """HTTPS anywhere; plain HTTP only to this machine (tests and local mirrors).

    The host is parsed, never matched by prefix: ``http://127.evil.example``,
    ``http://localhost.evil.example`` and ``http://127.0.0.1@evil.example`` are
    remote. A key in the address (a user name or password part, a query string)
    is refused: keys belong in the key settings, which are kept masked.
    """
    text = url.strip()
    if not text.isprintable() or any(c.isspace() for c in text):
        raise ConfigError(f"{key} must be one address without spaces or control characters")
    parts = urlsplit(text)
    if "@" in parts.netloc:
        raise ConfigError(
            f"{key} must not hold a user name, password or key before an @;"
            f" API keys belong in {_key_setting(key)}"
        )
    if parts.query or parts.fragment:
        if any(_KEY_PARAMS.fullmatch(name) for name, _ in parse_qsl(parts.query, True)):
            raise ConfigError(
                f"{key} must not carry an API key; keys belong in {_key_setting(key)}"
            )
        raise ConfigError(f"{key} is a base address: leave out the ?query and #fragment")
    try:
        host = parts.hostname or ""
        parts.port  # noqa: B018 - a port that is no number raises here, not at the first fetch
    except ValueError:
        raise ConfigError(f"{key} is not a usable address ({quote(text)})") from None
    if parts.scheme == "https" and host:
        return text.rstrip("/")
    if parts.scheme == "http" and is_loopback_host(host):
        return text.rstrip("/")
    raise ConfigError(
        f"{quote(text)} is not a usable address: use https://"
        " (plain http only for localhost, 127.x.x.x or [::1])"
    )


def _key_setting(key: str) -> str:
    section = key.split(".", 1)[0]
    return f"{section}.api_key" if f"{section}.api_key" in SECRET_KEYS else "the key settings"


def is_loopback_host(host: str) -> bool:
    """``localhost``, an address in 127.0.0.0/8 or ``::1``: this machine, by parsing."""
    if host.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False  # a name: only "localhost" is trusted to be this machine
    if isinstance(address, ipaddress.IPv4Address):
        return address in _LOOPBACK_V4
    return address == _LOOPBACK_V6


def check_region(text: str, key: str = "tmdb.region") -> str:
    value = text.strip()
    if not _REGION.fullmatch(value):
        raise ConfigError(
            f"{key} must be a two-letter country code (ISO 3166-1) such as US, GB or DE,"
            f" not {quote(value)}"
        )
    return value.upper()


def check_journal_path(text: str, key: str = "journal.path") -> str:
    """A full path to a journal file (``~`` expanded); empty means the default place."""
    value = text.strip()
    if not value:
        return ""
    path = Path(value).expanduser()
    if not path.is_absolute() or not value.isprintable():
        raise ConfigError(f"{key} must be a full path to a journal file, not {quote(value)}")
    return str(path)


def configured_journal(path: Path) -> Path | None:
    """The journal file the settings at ``path`` name, if any (for the next start).

    A settings file that cannot be read names none: the journal then opens from
    its default place, and the app or ``watchjournal config`` says what is wrong
    with the file when it reads it for its own settings.
    """
    try:
        chosen = load_config(path).journal_path
    except ConfigError:
        return None
    return Path(chosen) if chosen else None


def configured_default_where(path: Path) -> str | None:
    """Where new viewings were watched unless the user says, from the settings at ``path``.

    Read leniently, like ``configured_journal``: a settings file that cannot be
    read does not stop a viewing from being logged.
    """
    try:
        return load_config(path).diary_default_where or None
    except ConfigError:
        return None


def _parse(key: str, current: Any, text: str) -> Any:
    if isinstance(current, bool):
        folded = text.strip().lower()
        if folded in _TRUE | _FALSE:
            return folded in _TRUE
        raise ConfigError(f"{key} must be true or false, not {quote(text)}")
    if key in URL_KEYS:
        return check_base_url(text, key)
    if key == "tmdb.region":
        return check_region(text, key)
    if key == "journal.path":
        return check_journal_path(text, key)
    if key == "diary.default_where":
        value = " ".join(text.split())
        if len(value) > MAX_WHERE_LENGTH or not value.isprintable():
            raise ConfigError(f"{key} must be one short line of text")
        return value
    if key in SECRET_KEYS:
        value = text.strip()
        if any(c.isspace() for c in value) or not value.isprintable():
            raise ConfigError(f"{key} must be a single word without spaces")
        return value
    return text.strip()


def load_config(path: Path) -> Config:
    """Read settings from ``path``; a missing file means all defaults."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        raise ConfigError(f"cannot read the settings file {path}: {exc.strerror}") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"the settings file {path} is not valid JSON (line {exc.lineno}); fix or delete it"
        ) from exc
    if not isinstance(data, dict):
        raise ConfigError(f"the settings file {path} does not hold an object of settings")
    return _from_json(data, path)


def _from_json(data: dict[str, Any], path: Path) -> Config:
    values: dict[str, Any] = {}
    defaults = Config()
    for key in KEYS:
        section, name = key.split(".", 1)
        block = data.get(section)
        if not isinstance(block, dict) or name not in block:
            continue
        value = block[name]
        if type(value) is not type(defaults.get(key)):
            raise ConfigError(f"in {path}, {key} has the wrong type; fix or delete it")
        try:
            if key in URL_KEYS:
                value = check_base_url(value, key)
            elif key == "tmdb.region":
                value = check_region(value, key)
            elif key == "journal.path":
                value = check_journal_path(value, key)
        except ConfigError as exc:
            raise ConfigError(f"in {path}, {exc}; fix or delete it") from None
        values[key.replace(".", "_")] = value
    return Config(**values)


def _other_settings(path: Path) -> dict[str, Any]:
    """What the file holds already, so settings this module does not know survive a save."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_config(config: Config, path: Path) -> None:
    """Write ``config`` to ``path`` atomically, readable by the user only."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = _other_settings(path)
        for section, values in config.to_json().items():
            block = data.get(section)
            data[section] = {**(block if isinstance(block, dict) else {}), **values}
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        write_atomically(path, text.encode("utf-8"))  # created user-only (0600)
        path.chmod(0o600)
    except OSError as exc:  # a full disk, a read-only folder... said in plain words
        raise translate_os_error(exc, path, "save the settings to") from exc
