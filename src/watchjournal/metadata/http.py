"""One careful HTTP client for every provider: timeouts, retries, size caps, safe redirects.

Modelled on beets' session factory and Picard's rate control: one
``requests.Session`` with a descriptive User-Agent; connect and read timeouts
on every request; a bounded number of retries with backoff on 429 and 5xx that
honours Retry-After (capped); bodies streamed with a hard size cap; the
content type checked; HTTPS only (plain http only to loopback); redirects
followed by hand so every hop is checked and bounded.

Error messages name the host and what went wrong, never the full URL: query
strings can carry API keys.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from watchjournal import APP_NAME, __version__
from watchjournal.config import is_loopback_host
from watchjournal.errors import JournalError

CONTACT_URL = "https://github.com/watchjournal/watchjournal"
USER_AGENT = f"{APP_NAME}/{__version__} ({CONTACT_URL}; a personal film journal)"
MAX_BODY_BYTES = 10 * 1024 * 1024
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_STATUS_WORDS = {
    401: "the API key was refused",
    403: "access was refused",
    404: "not found",
    429: "too many requests",
}


class NetworkError(JournalError):
    """Fetching failed; the message is short, safe to show, and names no secret."""


class NotFoundOnlineError(NetworkError):
    """The provider answered, but has no such page or film (HTTP 404)."""


@dataclass(frozen=True)
class HttpPolicy:
    """How patient and how trusting the client is; tests shrink the waits."""

    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0  # first wait; doubles each retry
    max_retry_wait: float = 30.0  # cap on Retry-After, so a server cannot stall us
    max_bytes: int = MAX_BODY_BYTES
    max_redirects: int = 5


@dataclass(frozen=True)
class HttpResponse:
    url: str
    status: int
    content_type: str
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise NetworkError(f"{_host(self.url)} sent a reply that is not valid JSON") from None


_SECRET_PARAM_RE = re.compile(r"((?:api_?key|apikey|token)=)[^&\s\"']+", re.IGNORECASE)


class RedactSecrets(logging.Filter):
    """Masks API keys in urllib3's debug lines ("GET /?apikey=... HTTP/1.1")."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _SECRET_PARAM_RE.sub(r"\1***", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def _guard_library_logs() -> None:
    for name in ("urllib3.connectionpool", "urllib3.util.retry", "requests"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())


def make_session() -> requests.Session:
    """The one Session: connection reuse and the User-Agent every provider sends."""
    _guard_library_logs()
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    session.headers["Accept-Encoding"] = "gzip, deflate"
    session.trust_env = False  # no proxy or netrc credentials picked up behind the user's back
    return session


def _host(url: str) -> str:
    return urlsplit(url).hostname or "the server"


def check_url(url: str) -> None:
    """HTTPS to any host, plain HTTP only to loopback (the host parsed, not matched
    by prefix); never a user name or password in the address (a redirect could
    carry one to another host)."""
    parts = urlsplit(url)
    try:
        host = parts.hostname or ""
    except ValueError:
        host = ""
    if "@" in parts.netloc:
        raise NetworkError(
            f"refusing to fetch from {host or 'an address'}: it holds a user name or password"
        )
    if parts.scheme == "https" and host:
        return
    if parts.scheme == "http" and is_loopback_host(host):
        return
    raise NetworkError(
        f"refusing to fetch from {parts.scheme or 'an'} address at {host or '?'}:"
        " only https is allowed"
    )


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class HttpClient:
    """Fetches JSON and images for the providers; one instance per fetcher."""

    def __init__(
        self,
        session: requests.Session | None = None,
        policy: HttpPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._session = session
        self.policy = policy or HttpPolicy()
        self._sleep = sleep
        self._lock = threading.Lock()  # background tasks may ask for the session at once

    @property
    def session(self) -> requests.Session:
        # Created on first use, so building a client never touches the network stack.
        with self._lock:
            if self._session is None:
                self._session = make_session()
            return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()

    def get_json(
        self,
        url: str,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        response = self.get(url, params, headers, accept=("application/json",))
        return response.json()

    def get_image(self, url: str) -> bytes:
        return self.get(url, accept=("image/",)).body

    def get(
        self,
        url: str,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
        accept: tuple[str, ...] = (),
    ) -> HttpResponse:
        """GET with retries; raise NetworkError unless a complete, acceptable body came back."""
        attempt = 0
        while True:
            response = self._follow_redirects(url, params, dict(headers or {}))
            status = response.status_code
            if status in RETRY_STATUSES and attempt < self.policy.retries:
                wait = _retry_after(response.headers.get("Retry-After"))
                response.close()
                if wait is None:
                    wait = self.policy.backoff * (2**attempt)
                self._sleep(min(wait, self.policy.max_retry_wait))
                attempt += 1
                continue
            with response:
                return self._read(response, accept)

    def _follow_redirects(
        self, url: str, params: Mapping[str, str | int] | None, headers: dict[str, str]
    ) -> requests.Response:
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            check_url(current)
            try:
                response = self.session.get(
                    current,
                    params=params,
                    headers=headers,
                    timeout=(self.policy.connect_timeout, self.policy.read_timeout),
                    stream=True,
                    allow_redirects=False,
                )
            except requests.Timeout:
                raise NetworkError(f"{_host(current)} took too long to answer") from None
            except requests.RequestException:
                raise NetworkError(f"could not reach {_host(current)}") from None
            if not response.is_redirect:
                return response
            location = response.headers.get("Location", "")
            response.close()
            target = urljoin(response.url, location)
            if _host(target) != _host(current):
                headers.pop("Authorization", None)  # never hand a token to another host
            current, params = target, None  # the Location already carries its query
        raise NetworkError(f"{_host(url)} redirected too many times")

    def _read(self, response: requests.Response, accept: tuple[str, ...]) -> HttpResponse:
        host = _host(response.url)
        status = response.status_code
        if status == 404:
            raise NotFoundOnlineError(f"{host}: not found")
        if status >= 400:
            words = _STATUS_WORDS.get(status, "the server had a problem")
            raise NetworkError(f"{host} answered {status} ({words})")
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if accept and not any(content_type.startswith(a) for a in accept):
            raise NetworkError(
                f"{host} sent {content_type or 'an unlabelled reply'},"
                f" not {' or '.join(a.rstrip('/') for a in accept)}"
            )
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.policy.max_bytes:
            raise NetworkError(f"{host} sent a reply larger than {self._cap_text()}")
        return HttpResponse(response.url, status, content_type, self._body(response, host))

    def _body(self, response: requests.Response, host: str) -> bytes:
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(chunk_size=64 * 1024):
                size += len(chunk)
                if size > self.policy.max_bytes:
                    raise NetworkError(f"{host} sent a reply larger than {self._cap_text()}")
                chunks.append(chunk)
        except requests.Timeout:
            raise NetworkError(f"{host} took too long to answer") from None
        except requests.RequestException:
            raise NetworkError(f"the reply from {host} was cut off") from None
        return b"".join(chunks)

    def _cap_text(self) -> str:
        return f"{self.policy.max_bytes / (1024 * 1024):g} MB"
