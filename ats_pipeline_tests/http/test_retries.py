"""Retries, error mapping and messages, over real HTTP on loopback."""

from __future__ import annotations

import logging
import pickle
import time
from collections import Counter

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ats_pipeline.http import (
    ApiClient,
    ApiError,
    AuthenticationError,
    InvalidRequestError,
    PermissionDeniedError,
    RetriesExhaustedError,
    RetryPolicy,
)
from ats_pipeline.http.ratelimit import parse_reset, parse_retry_after
from ats_pipeline.sandbox.emulator.serving import BackgroundServer

from .servers import ResettingServer, free_port_url

FAST = RetryPolicy(max_attempts=4, backoff_initial=0.01, backoff_max=0.05)


def scripted_app(script: list[tuple[int, dict[str, str], str]], hits: Counter) -> Starlette:
    """Answers ``/v3/candidates`` with the scripted (status, headers, body) in order, then 200 forever."""

    async def endpoint(request: Request) -> Response:
        n = hits["n"]
        hits["n"] += 1
        if n < len(script):
            status, headers, body = script[n]
            return Response(body, status_code=status, headers=headers, media_type="application/json")
        return JSONResponse([{"id": 1}])

    return Starlette(routes=[Route("/v3/candidates", endpoint, methods=["GET", "POST"])])


def test_429_honours_retry_after(caplog: pytest.LogCaptureFixture) -> None:
    hits: Counter = Counter()
    app = scripted_app([(429, {"Retry-After": "1"}, '{"message": "Rate limit exceeded"}')], hits)
    caplog.set_level(logging.DEBUG, logger="ats_pipeline.http")
    with BackgroundServer(app) as srv, ApiClient(srv.url, connection="gh_test", retry=FAST) as client:
        started = time.monotonic()
        response = client.get("/v3/candidates")
        elapsed = time.monotonic() - started
    assert response.json() == [{"id": 1}]
    assert hits["n"] == 2
    # Retry-After (1 s) wins over the 10 ms backoff.
    assert 1.0 <= elapsed < 1.8
    stats = client.stats.as_dict()
    assert stats["requests"] == 2 and stats["throttled"] == 1 and stats["retries"] == 1
    assert stats["seconds_waited"] >= 1.0
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(
        "GET /v3/candidates attempt 1/4 failed (HTTP 429 Too Many Requests); retrying in 1.00 s" in w for w in warnings
    )
    debug = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    assert any(line.startswith("GET /v3/candidates -> 429") for line in debug)
    assert any(line.startswith("GET /v3/candidates -> 200") for line in debug)


def test_429_without_retry_after_waits_for_reset_header() -> None:
    hits: Counter = Counter()
    app = scripted_app([(429, {"X-Rate-Limit-Reset": "0.4"}, "{}")], hits)
    with BackgroundServer(app) as srv, ApiClient(srv.url, connection="wk", retry=FAST) as client:
        started = time.monotonic()
        client.get("/v3/candidates")
        assert 0.4 <= time.monotonic() - started < 1.0


def test_retry_after_is_capped() -> None:
    hits: Counter = Counter()
    app = scripted_app([(503, {"Retry-After": "3600"}, "{}")], hits)
    policy = RetryPolicy(max_attempts=2, backoff_initial=0.01, max_retry_after=0.2)
    with BackgroundServer(app) as srv, ApiClient(srv.url, connection="c", retry=policy) as client:
        started = time.monotonic()
        client.get("/v3/candidates")
        assert 0.2 <= time.monotonic() - started < 0.8


def test_server_errors_then_success() -> None:
    hits: Counter = Counter()
    app = scripted_app([(503, {}, "{}"), (502, {}, "bad gateway"), (500, {}, "oops")], hits)
    with BackgroundServer(app) as srv, ApiClient(srv.url, connection="c", retry=FAST) as client:
        assert client.post("/v3/candidates", json={"a": 1}).json() == [{"id": 1}]
    assert hits["n"] == 4
    stats = client.stats.as_dict()
    assert stats["server_errors"] == 3 and stats["retries"] == 3 and stats["requests"] == 4


def test_connection_dropped_mid_response_then_success() -> None:
    calls = Counter()

    async def app(scope: dict, receive: object, send: object) -> None:  # raw ASGI
        calls["n"] += 1
        if calls["n"] == 1:
            # Promise 100 bytes, then die: uvicorn closes the socket, the client sees a truncated response.
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"100")]})
            raise RuntimeError("simulated crash mid-response")
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": b'{"ok": true}'})

    with BackgroundServer(app, log_level="critical") as srv, ApiClient(srv.url, connection="c", retry=FAST) as client:
        assert client.get("/x").json() == {"ok": True}
    assert calls["n"] == 2
    assert client.stats.connection_errors == 1 and client.stats.retries == 1


def test_connection_reset_then_success() -> None:
    with ResettingServer(resets=2) as srv, ApiClient(srv.url, connection="c", retry=FAST) as client:
        assert client.get("/x").json() == {"ok": True}
    assert srv.connections == 3
    assert client.stats.connection_errors == 2 and client.stats.retries == 2


def test_retries_exhausted_on_persistent_5xx() -> None:
    hits: Counter = Counter()
    app = scripted_app([(503, {}, '{"message": "down for maintenance"}')] * 10, hits)
    policy = RetryPolicy(max_attempts=3, backoff_initial=0.01, backoff_max=0.02)
    with (
        BackgroundServer(app) as srv,
        ApiClient(srv.url, connection="gh_sandbox", vendor="greenhouse", retry=policy) as c,
        pytest.raises(RetriesExhaustedError) as info,
    ):
        c.get("/v3/candidates", params={"cursor": "opaque-cursor"})
    err = info.value
    assert hits["n"] == 3 and err.attempts == 3 and err.status == 503
    assert str(err) == (
        "greenhouse connection 'gh_sandbox': GET /v3/candidates failed after 3 attempts, "
        'last with HTTP 503 Service Unavailable: {"message": "down for maintenance"}'
    )
    assert "opaque-cursor" not in str(err)
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is RetriesExhaustedError and str(copy) == str(err) and copy.attempts == 3


def test_retries_exhausted_on_connection_refused() -> None:
    policy = RetryPolicy(max_attempts=3, backoff_initial=0.01, backoff_max=0.02)
    with (
        ApiClient(free_port_url(), connection="c", retry=policy) as client,
        pytest.raises(RetriesExhaustedError) as info,
    ):
        client.get("/v3/candidates")
    assert info.value.status is None and info.value.attempts == 3
    assert "ConnectError" in str(info.value)
    assert client.stats.connection_errors == 3 and client.stats.retries == 2 and client.stats.requests == 3


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, InvalidRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, InvalidRequestError),
        (409, ApiError),
        (422, InvalidRequestError),
    ],
)
def test_client_errors_are_not_retried(status: int, error_class: type[ApiError]) -> None:
    hits: Counter = Counter()
    body = '{"errors": ["When passing a cursor, do not include other query params."]}'
    app = scripted_app([(status, {}, body)] * 3, hits)
    with (
        BackgroundServer(app) as srv,
        ApiClient(srv.url, connection="gh_sandbox", vendor="greenhouse", retry=FAST) as c,
        pytest.raises(error_class) as info,
    ):
        c.get(f"{srv.url}/v3/candidates?cursor=eyJzZWNyZXQiOiJ4In0&per_page=5")
    assert hits["n"] == 1  # exactly one request reached the server
    assert type(info.value) is error_class
    message = str(info.value)
    assert message.startswith(f"greenhouse connection 'gh_sandbox': GET /v3/candidates failed with HTTP {status} ")
    assert message.endswith(": " + body)
    assert "cursor" not in message.split(": ", 1)[1].split(" failed")[0]
    assert "eyJzZWNyZXQiOiJ4In0" not in message
    assert c.stats.retries == 0


def test_long_bodies_are_truncated_and_labels_are_kept() -> None:
    hits: Counter = Counter()
    app = scripted_app([(400, {}, "x" * 5000)], hits)
    label = "greenhouse connection 'prod'"  # a ready-made label is used verbatim
    with (
        BackgroundServer(app) as srv,
        ApiClient(srv.url, connection=label, retry=FAST) as client,
        pytest.raises(InvalidRequestError) as info,
    ):
        client.get("/v3/candidates")
    assert str(info.value).startswith(
        "greenhouse connection 'prod': GET /v3/candidates failed with HTTP 400 Bad Request: "
    )
    assert len(info.value.detail) <= 300


def test_retry_after_and_reset_parsing() -> None:
    assert parse_retry_after("7") == 7.0
    future = httpx.Headers({"d": time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))})["d"]
    assert 28 <= parse_retry_after(future) <= 31
    assert parse_retry_after("garbage") is None and parse_retry_after(None) is None
    assert 9 <= parse_reset(str(int(time.time()) + 10)) <= 10.01  # Unix epoch
    assert parse_reset("12") == 12.0  # seconds until
    assert parse_reset(str(int(time.time()) - 100)) == 0.0  # already past
