"""httpx.Auth implementations for the ATS APIs.

Every auth object exposes ``secrets()`` (the strings that must never appear in messages or logs) so the client
can redact them from error body snippets. ``__repr__`` never shows a secret.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import threading
import time
import weakref
from collections.abc import AsyncGenerator, Generator
from datetime import UTC, datetime

import httpx

from .errors import ApiError, error_from_response

log = logging.getLogger("ats_pipeline.http")


def _basic_header(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode("ascii")


class BasicAuth(httpx.Auth):
    """HTTP Basic. Greenhouse v1, Lever and Ashby take the API key as username with an empty password."""

    def __init__(self, username: str, password: str = "") -> None:
        self._header = _basic_header(username, password)
        self._secrets = (username, password, self._header.removeprefix("Basic "))

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request

    def secrets(self) -> tuple[str, ...]:
        return self._secrets

    def __repr__(self) -> str:
        return "BasicAuth(<redacted>)"


class BearerAuth(httpx.Auth):
    """A static bearer token (Workable account tokens)."""

    def __init__(self, token: str) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request

    def secrets(self) -> tuple[str, ...]:
        return (self._token,)

    def __repr__(self) -> str:
        return "BearerAuth(<redacted>)"


class OAuthClientCredentials(httpx.Auth):
    """OAuth2 client-credentials grant with a cached token (Greenhouse Harvest v3).

    The token is fetched lazily, refreshed shortly before it expires, and refreshed once more if the API answers
    401 (then the request is replayed; a second 401 is returned to the caller, which raises AuthenticationError).
    One refresh at a time: a threading.Lock for sync clients, one asyncio.Lock per event loop for async ones.
    Token-endpoint failures raise ApiError subclasses marked ``token_endpoint``; 429/5xx ones carry the response
    so ApiClient's retry policy can retry them like any other call.
    """

    requires_request_body = True  # the request may be replayed after a 401
    # Refresh this long before expiry (capped at 10% of the token lifetime, so short-lived tokens still get used).
    refresh_margin = 60.0
    # If the local clock says a fresh token is already expired (clock skew), trust it this long and rely on 401s.
    fallback_lifetime = 30.0

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        *,
        scope: str | None = None,
        connection: str = "",
        vendor: str = "",
    ) -> None:
        self.token_url = token_url
        self.client_id = client_id
        self._client_header = _basic_header(client_id, client_secret)
        self._client_secret = client_secret
        self.scope = scope
        self.connection = connection
        self.vendor = vendor
        self._token: str | None = None
        self._refresh_at = 0.0  # time.monotonic() after which the cached token is not used any more
        self._lock = threading.Lock()  # held across the token request: one refresh at a time
        self._async_locks_guard = threading.Lock()  # only guards creating the per-loop asyncio locks
        self._async_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )

    def __repr__(self) -> str:
        return f"OAuthClientCredentials(token_url={self.token_url!r}, client_id={self.client_id!r}, <redacted>)"

    def secrets(self) -> tuple[str, ...]:
        token = self._token
        return (self._client_secret, self._client_header.removeprefix("Basic "), *((token,) if token else ()))

    # -- shared pieces -------------------------------------------------------------------------------------------

    def _cached(self) -> str | None:
        token = self._token
        return token if token is not None and time.monotonic() < self._refresh_at else None

    def _token_request(self) -> httpx.Request:
        form = {"grant_type": "client_credentials"}
        if self.scope:
            form["scope"] = self.scope
        headers = {"Authorization": self._client_header, "Accept": "application/json"}
        return httpx.Request("POST", self.token_url, data=form, headers=headers)

    def _store(self, response: httpx.Response) -> str:
        """Validate a (read) token response, cache the token and return it."""
        if not response.is_success:
            raise error_from_response(
                response, connection=self.connection, vendor=self.vendor, secrets=self.secrets(), token_endpoint=True
            )
        try:
            payload = response.json()
            token = payload["access_token"]
            if not isinstance(token, str) or not token:
                raise TypeError
        except (ValueError, KeyError, TypeError):
            # Deliberately no body snippet: a malformed token response may still contain credentials.
            raise ApiError(
                self.connection,
                "POST",
                response.request.url.path,
                response.status_code,
                "response has no access_token",
                vendor=self.vendor,
                token_endpoint=True,
            ) from None
        lifetime = _lifetime_seconds(payload)
        if lifetime is not None and lifetime <= 0:
            log.warning(
                "token endpoint %s returned a token that is already expired by the local clock; check clock skew",
                response.request.url.path,
            )
            lifetime = self.fallback_lifetime
        margin = min(self.refresh_margin, 0.1 * lifetime) if lifetime is not None else 0.0
        self._token = token
        self._refresh_at = time.monotonic() + lifetime - margin if lifetime is not None else float("inf")
        log.debug("fetched OAuth token from %s (expires in %s s)", response.request.url.path, lifetime)
        return token

    def _needs_refresh_after_401(self, used: str) -> bool:
        # Another request may already have replaced the token that just got a 401.
        return self._token is None or self._token == used

    @staticmethod
    def _authorize(request: httpx.Request, token: str) -> None:
        request.headers["Authorization"] = f"Bearer {token}"

    def _async_lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        with self._async_locks_guard:
            lock = self._async_locks.get(loop)
            if lock is None:
                lock = self._async_locks[loop] = asyncio.Lock()
            return lock

    # -- flows ----------------------------------------------------------------------------------------------------

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.read()
        token = self._cached()
        if token is None:
            with self._lock:
                token = self._cached()
                if token is None:
                    response = yield self._token_request()
                    response.read()
                    token = self._store(response)
        self._authorize(request, token)
        response = yield request
        if response.status_code != 401:
            return
        with self._lock:
            if self._needs_refresh_after_401(token):
                log.debug("API answered 401; refreshing the OAuth token once")
                token_response = yield self._token_request()
                token_response.read()
                self._store(token_response)
            token = self._token or token
        self._authorize(request, token)
        yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        await request.aread()
        token = self._cached()
        if token is None:
            async with self._async_lock():
                token = self._cached()
                if token is None:
                    response = yield self._token_request()
                    await response.aread()
                    token = self._store(response)
        self._authorize(request, token)
        response = yield request
        if response.status_code != 401:
            return
        async with self._async_lock():
            if self._needs_refresh_after_401(token):
                log.debug("API answered 401; refreshing the OAuth token once")
                token_response = yield self._token_request()
                await token_response.aread()
                self._store(token_response)
            token = self._token or token
        self._authorize(request, token)
        yield request


def _lifetime_seconds(payload: dict) -> float | None:
    """Seconds until expiry from ``expires_at`` (ISO 8601, Greenhouse v3) or ``expires_in``; None if neither."""
    expires_at = payload.get("expires_at")
    if isinstance(expires_at, str) and expires_at:
        try:
            moment = datetime.fromisoformat(expires_at)
        except ValueError:
            moment = None
        if moment is not None:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            return (moment - datetime.now(UTC)).total_seconds()
    expires_in = payload.get("expires_in")
    if isinstance(expires_in, int | float) and not isinstance(expires_in, bool):
        return float(expires_in)
    if isinstance(expires_in, str):
        try:
            return float(expires_in)
        except ValueError:
            return None
    return None
