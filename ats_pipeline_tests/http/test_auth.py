"""Auth schemes, OAuth token lifecycle and secret hygiene, over real HTTP on loopback."""

from __future__ import annotations

import asyncio
import base64
import logging
import threading
import time
from collections import Counter

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ats_pipeline.http import (
    ApiClient,
    AsyncApiClient,
    AuthenticationError,
    BasicAuth,
    BearerAuth,
    OAuthClientCredentials,
    PermissionDeniedError,
    RetriesExhaustedError,
    RetryPolicy,
)
from ats_pipeline.sandbox.emulator.serving import BackgroundServer

from .servers import OAuthServer

CLIENT_ID = "gh-client-id"
CLIENT_SECRET = "s3cr3t-client-secret-value"
FAST = RetryPolicy(max_attempts=3, backoff_initial=0.01, backoff_max=0.02)


def oauth_client(srv: BackgroundServer, secret: str = CLIENT_SECRET, **kwargs: object) -> ApiClient:
    auth = OAuthClientCredentials(f"{srv.url}/token", CLIENT_ID, secret, scope="harvest:candidates:list")
    return ApiClient(srv.url, connection="gh_sandbox", vendor="greenhouse", auth=auth, retry=FAST, **kwargs)


def assert_no_secret(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text


def test_token_fetched_once_cached_and_refreshed_before_expiry() -> None:
    server = OAuthServer(CLIENT_ID, CLIENT_SECRET, lifetime=1.0)
    with BackgroundServer(server.app) as srv, oauth_client(srv) as client:
        client.get("/v3/candidates")
        client.get("/v3/candidates")
        assert server.hits["token"] == 1
        assert server.forms[0] == {"grant_type": "client_credentials", "scope": "harvest:candidates:list"}
        time.sleep(0.95)  # inside the refresh margin of a 1 s token, before the server expires it
        client.get("/v3/candidates")
        assert server.hits["token"] == 2
        time.sleep(0.3)
        client.get("/v3/candidates")
    assert server.hits["api_401"] == 0  # refreshed proactively, never presented an expired token
    assert server.hits["api_200"] == 4


def test_401_refreshes_once_and_replays() -> None:
    server = OAuthServer(CLIENT_ID, CLIENT_SECRET)
    with BackgroundServer(server.app) as srv, oauth_client(srv) as client:
        client.get("/v3/candidates")
        server.tokens.clear()  # revoke server-side: the cached token is now rejected
        assert client.get("/v3/candidates").json() == [{"id": 1}]
    assert server.hits["token"] == 2
    assert server.hits["api_401"] == 1 and server.hits["api_200"] == 2


def test_second_401_raises_authentication_error_without_secrets() -> None:
    server = OAuthServer(CLIENT_ID, CLIENT_SECRET)
    server.reject_all = True  # the API echoes the presented token in its 401 body
    with BackgroundServer(server.app) as srv, oauth_client(srv) as client:
        with pytest.raises(AuthenticationError) as info:
            client.get("/v3/candidates", params={"cursor": "abc"})
        issued = list(server.tokens)
    assert server.hits["token"] == 2 and server.hits["api_401"] == 2  # one refresh, one replay, no retries
    err = info.value
    assert str(err).startswith(
        "greenhouse connection 'gh_sandbox': GET /v3/candidates failed with HTTP 401 Unauthorized"
    )
    assert "[REDACTED]" in str(err)
    assert_no_secret(str(err) + repr(err), CLIENT_SECRET, *issued)


def test_bad_client_credentials_fail_fast(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="ats_pipeline.http")
    server = OAuthServer(CLIENT_ID, CLIENT_SECRET)
    wrong = "wrong-secret-do-not-print"
    with (
        BackgroundServer(server.app) as srv,
        oauth_client(srv, secret=wrong) as client,
        pytest.raises(AuthenticationError) as info,
    ):
        client.get("/v3/candidates")
    assert server.hits["token"] == 1 and server.hits["api_200"] + server.hits["api_401"] == 0
    err = info.value
    message = str(err)
    assert message.startswith(
        "greenhouse connection 'gh_sandbox': token endpoint POST /token failed with HTTP 401 Unauthorized: "
    )
    assert err.token_endpoint and err.status == 401
    encoded = base64.b64encode(f"{CLIENT_ID}:{wrong}".encode()).decode()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for text in (message, repr(err), logged):
        assert_no_secret(text, wrong, encoded)


def test_token_endpoint_outage_is_retried() -> None:
    hits: Counter = Counter()

    async def token(request: Request) -> Response:
        hits["token"] += 1
        if hits["token"] == 1:
            return JSONResponse({"message": "unavailable"}, status_code=503)
        return JSONResponse({"access_token": "tok-123456", "expires_in": 3600})

    async def token_down(request: Request) -> Response:
        hits["token_down"] += 1
        return JSONResponse({"message": "unavailable"}, status_code=503)

    async def api(request: Request) -> Response:
        ok = request.headers.get("authorization") == "Bearer tok-123456"
        return JSONResponse({"ok": ok}, status_code=200 if ok else 401)

    app = Starlette(
        routes=[
            Route("/token", token, methods=["POST"]),
            Route("/token-down", token_down, methods=["POST"]),
            Route("/api", api),
        ]
    )
    with BackgroundServer(app) as srv:
        auth = OAuthClientCredentials(f"{srv.url}/token", CLIENT_ID, CLIENT_SECRET)
        with ApiClient(srv.url, connection="gh", auth=auth, retry=FAST) as client:
            assert client.get("/api").json() == {"ok": True}
        assert hits["token"] == 2 and client.stats.retries == 1 and client.stats.server_errors == 1
        # A token endpoint that stays down ends in RetriesExhaustedError naming the token endpoint.
        auth = OAuthClientCredentials(f"{srv.url}/token-down", CLIENT_ID, CLIENT_SECRET)
        with (
            ApiClient(srv.url, connection="gh", auth=auth, retry=FAST) as client,
            pytest.raises(RetriesExhaustedError) as info,
        ):
            client.get("/api")
    assert hits["token_down"] == FAST.max_attempts
    assert str(info.value).startswith("connection 'gh': token endpoint POST /token-down failed after 3 attempts")


def test_concurrent_threads_share_one_token() -> None:
    server = OAuthServer(CLIENT_ID, CLIENT_SECRET)
    with BackgroundServer(server.app) as srv, oauth_client(srv) as client:
        barrier = threading.Barrier(8)

        def work() -> None:
            barrier.wait()
            for _ in range(3):
                client.get("/v3/candidates")

        threads = [threading.Thread(target=work) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert server.hits["token"] == 1 and server.hits["api_200"] == 24


def test_async_oauth_many_tasks_one_token_and_refresh_on_401() -> None:
    server = OAuthServer(CLIENT_ID, CLIENT_SECRET)

    async def main(url: str) -> None:
        auth = OAuthClientCredentials(f"{url}/token", CLIENT_ID, CLIENT_SECRET)
        async with AsyncApiClient(url, connection="gh_sandbox", auth=auth, retry=FAST) as client:
            await asyncio.gather(*(client.get("/v3/candidates") for _ in range(30)))
            assert server.hits["token"] == 1
            server.tokens.clear()
            await asyncio.gather(*(client.get("/v3/candidates") for _ in range(10)))
            assert server.hits["token"] == 2  # many 401s, one refresh

    with BackgroundServer(server.app) as srv:
        asyncio.run(main(srv.url))
    assert server.hits["api_200"] == 40


def test_basic_and_bearer_auth_headers_and_redaction() -> None:
    seen: list[str] = []

    async def echo(request: Request) -> Response:
        header = request.headers.get("authorization", "")
        seen.append(header)
        # A server that echoes the credentials in its error body: the client must not repeat them.
        return JSONResponse({"message": f"forbidden for {header}"}, status_code=403)

    app = Starlette(routes=[Route("/{path:path}", echo, methods=["GET", "POST"])])
    api_key = "lever-api-key-0123456789"
    token = "workable-token-abcdefgh"
    with BackgroundServer(app) as srv:
        lever = ApiClient(srv.url, connection="lever_prod", auth=BasicAuth(api_key), retry=FAST)
        with lever, pytest.raises(PermissionDeniedError) as basic_err:
            lever.get("/v1/opportunities")
        workable = ApiClient(srv.url, connection="workable_prod", auth=BearerAuth(token), retry=FAST)
        with workable, pytest.raises(PermissionDeniedError) as bearer_err:
            workable.get("/spi/v3/candidates")
    assert seen[0] == "Basic " + base64.b64encode(f"{api_key}:".encode()).decode()
    assert seen[1] == f"Bearer {token}"
    for err, secret in ((basic_err.value, api_key), (bearer_err.value, token)):
        assert err.status == 403
        assert_no_secret(str(err) + repr(err), secret, seen[0].removeprefix("Basic "))
    assert_no_secret(repr(BasicAuth(api_key)) + repr(BearerAuth(token)), api_key, token)
    assert_no_secret(repr(OAuthClientCredentials("https://x/token", "id", CLIENT_SECRET)), CLIENT_SECRET)
