"""HttpClient against a real loopback server: retries, timeouts, caps, content types, redirects."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.metadata_helpers import FAST_POLICY, make_image
from watchjournal.metadata.http import (
    USER_AGENT,
    HttpClient,
    NetworkError,
    NotFoundOnlineError,
    check_url,
)


@pytest.fixture
def client() -> Iterator[HttpClient]:
    waits: list[float] = []
    http = HttpClient(policy=FAST_POLICY, sleep=waits.append)
    http.waits = waits  # type: ignore[attr-defined]
    yield http
    http.close()


def test_json_with_user_agent(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/a", headers={"User-Agent": USER_AGENT}).respond_with_json({"x": 1})
    assert client.get_json(httpserver.url_for("/a")) == {"x": 1}
    assert "WatchJournal/" in USER_AGENT and "https://" in USER_AGENT


def test_404_is_not_found(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/a").respond_with_data("no", status=404)
    with pytest.raises(NotFoundOnlineError):
        client.get_json(httpserver.url_for("/a"))


def test_429_then_success_honours_retry_after_capped(
    httpserver: HTTPServer, client: HttpClient
) -> None:
    httpserver.expect_ordered_request("/a").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "120"}
    )
    httpserver.expect_ordered_request("/a").respond_with_json({"ok": True})
    assert client.get_json(httpserver.url_for("/a")) == {"ok": True}
    assert client.waits == [FAST_POLICY.max_retry_wait]  # type: ignore[attr-defined]


def test_500_retried_a_bounded_number_of_times_then_fails(
    httpserver: HTTPServer, client: HttpClient
) -> None:
    httpserver.expect_request("/a").respond_with_data("oops", status=500)
    with pytest.raises(NetworkError, match="answered 500"):
        client.get_json(httpserver.url_for("/a"))
    assert len(httpserver.log) == FAST_POLICY.retries + 1
    assert client.waits == [0.01, 0.02]  # type: ignore[attr-defined]


def test_retry_waits_really_sleep_when_not_injected(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/a").respond_with_data("x", status=503)
    httpserver.expect_ordered_request("/a").respond_with_json([])
    http = HttpClient(policy=replace(FAST_POLICY, backoff=0.05))
    started = time.monotonic()
    assert http.get_json(httpserver.url_for("/a")) == []
    assert time.monotonic() - started >= 0.05


def test_read_timeout(httpserver: HTTPServer, client: HttpClient) -> None:
    def slow(request: Request) -> Response:
        time.sleep(FAST_POLICY.read_timeout + 0.5)
        return Response("late", content_type="application/json")

    httpserver.expect_request("/a").respond_with_handler(slow)
    with pytest.raises(NetworkError, match="took too long"):
        client.get_json(httpserver.url_for("/a"))


def test_truncated_body(httpserver: HTTPServer, client: HttpClient) -> None:
    response = Response(make_image()[:300], content_type="image/jpeg")
    response.automatically_set_content_length = False
    response.headers["Content-Length"] = "5000"
    httpserver.expect_request("/a.jpg").respond_with_response(response)
    with pytest.raises(NetworkError, match="cut off"):
        client.get_image(httpserver.url_for("/a.jpg"))


def test_wrong_content_type(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/a.jpg").respond_with_data("<html/>", content_type="text/html")
    with pytest.raises(NetworkError, match="text/html"):
        client.get_image(httpserver.url_for("/a.jpg"))


def test_oversized_declared_body_is_refused(httpserver: HTTPServer) -> None:
    http = HttpClient(policy=replace(FAST_POLICY, max_bytes=1000))
    httpserver.expect_request("/a.jpg").respond_with_data(b"x" * 5000, content_type="image/jpeg")
    with pytest.raises(NetworkError, match="larger than"):
        http.get_image(httpserver.url_for("/a.jpg"))


def test_oversized_streamed_body_is_cut_while_reading(httpserver: HTTPServer) -> None:
    http = HttpClient(policy=replace(FAST_POLICY, max_bytes=100_000))
    sent: list[int] = []

    def endless() -> Iterator[bytes]:
        for _ in range(10_000):  # 640 MB if nobody stopped reading
            sent.append(1)
            yield b"x" * 65536

    httpserver.expect_request("/a.jpg").respond_with_response(
        Response(endless(), content_type="image/jpeg")
    )
    with pytest.raises(NetworkError, match="larger than"):
        http.get_image(httpserver.url_for("/a.jpg"))
    assert len(sent) < 100


def test_default_cap_is_ten_megabytes() -> None:
    assert HttpClient().policy.max_bytes == 10 * 1024 * 1024


def test_redirect_is_followed(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/old").respond_with_data(
        "", status=302, headers={"Location": "/new?x=1"}
    )
    httpserver.expect_request("/new", query_string="x=1").respond_with_json({"moved": True})
    assert client.get_json(httpserver.url_for("/old")) == {"moved": True}


def test_redirect_loop_is_bounded(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/loop").respond_with_data(
        "", status=301, headers={"Location": "/loop"}
    )
    with pytest.raises(NetworkError, match="redirected too many times"):
        client.get_json(httpserver.url_for("/loop"))
    assert len(httpserver.log) == FAST_POLICY.max_redirects + 1


def test_redirect_to_plain_http_elsewhere_is_refused(
    httpserver: HTTPServer, client: HttpClient
) -> None:
    httpserver.expect_request("/old").respond_with_data(
        "", status=302, headers={"Location": "http://example.org/poster.jpg"}
    )
    with pytest.raises(NetworkError, match="only https"):
        client.get_image(httpserver.url_for("/old"))


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://en.wikipedia.org/x", True),
        ("http://127.0.0.1:8000/x", True),
        ("http://localhost/x", True),
        ("http://[::1]:80/x", True),
        ("http://en.wikipedia.org/x", False),
        ("ftp://example.org/x", False),
        ("file:///etc/passwd", False),
        ("//example.org/x", False),
        # Loopback is a parsed host, never a prefix of a name (issue 12).
        ("http://127.255.0.9/x", True),
        ("http://127.evil.example/x", False),
        ("http://127.0.0.1.evil.example/x", False),
        ("http://localhost.evil.example/x", False),
        ("http://127.0.0.1@evil.example/x", False),
        ("http://evil.example#@127.0.0.1/x", False),
        ("http://[::ffff:127.0.0.1]/x", False),
        ("http://[::2]/x", False),
        ("http://128.0.0.1/x", False),
        ("https://user:secret@api.example/x", False),
    ],
)
def test_https_by_default(url: str, allowed: bool) -> None:
    if allowed:
        check_url(url)
    else:
        with pytest.raises(NetworkError):
            check_url(url)


def test_not_json_is_a_clear_error(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/a").respond_with_data("{oops", content_type="application/json")
    with pytest.raises(NetworkError, match="not valid JSON"):
        client.get_json(httpserver.url_for("/a"))


def test_keys_never_reach_logs_or_errors(
    httpserver: HTTPServer, client: HttpClient, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "0123456789abcdef0123456789abcdef"
    httpserver.expect_request("/a").respond_with_data("no", status=401)
    client.session  # noqa: B018 - builds the session, which installs the log filter
    with caplog.at_level(logging.DEBUG), pytest.raises(NetworkError) as info:
        client.get_json(httpserver.url_for("/a"), params={"api_key": secret})
    assert secret not in str(info.value)
    assert info.value.__cause__ is None
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name != "werkzeug")
    assert "api_key=***" in ours  # the test server's own access log is not the app's
    assert secret not in ours


def test_connection_refused_is_a_short_message(client: HttpClient) -> None:
    with pytest.raises(NetworkError, match=r"could not reach 127\.0\.0\.1") as info:
        client.get_json("http://127.0.0.1:9/a", params={"apikey": "secret-value"})
    assert info.value.__suppress_context__  # the cause names the URL, so it is dropped
