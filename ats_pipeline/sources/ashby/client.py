"""Ashby RPC calls: ``POST /<object>.<action>`` with a JSON body, HTTP Basic (API key as username).

Every answer is an envelope: ``success`` must be checked even on HTTP 200, because business errors (bad input, an
expired sync token, ...) come back as 200 with ``success: false`` and ``errorInfo``; they raise an ``ApiError``
subclass naming the connection and the endpoint. HTTP 401/403 (missing, wrong or deactivated key, missing module
permission), 429 and 5xx are handled by the shared client (no retry on 4xx; Retry-After honoured on 429).
Lists page with ``cursor``/``nextCursor`` and stop only on ``moreDataAvailable: false``: the last page may still
carry a stale ``nextCursor``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import httpx

from ats_pipeline.http import (
    ApiClient,
    ApiError,
    AsyncApiClient,
    BasicAuth,
    InvalidRequestError,
    PermissionDeniedError,
    RateLimiter,
    RetryPolicy,
)
from ats_pipeline.http.errors import redact

from .settings import AshbyOptions

VENDOR = "ashby"
HEADERS = {"Accept": "application/json; version=1"}
Records = list[dict[str, Any]]


class _Refused:
    """Ashby answered, with ``success: false``: say so rather than "failed with HTTP 200 OK"."""

    status: int | None
    code: str = "unknown_error"  # Ashby's errorInfo.code

    def _outcome(self) -> str:
        return f"was refused (HTTP {self.status}, success: false)"


class AshbyRequestError(_Refused, InvalidRequestError):
    """``success: false`` for a request Ashby considers wrong (``invalid_input``, ``cursor_invalid``, not found...)."""


class AshbyPermissionError(_Refused, PermissionDeniedError):
    """``success: false`` with ``missing_endpoint_permission``."""


class SyncTokenExpiredError(AshbyRequestError):
    """The stored sync token is no longer accepted: the caller falls back to a full sync."""


def error_code(payload: Any) -> str:
    if isinstance(payload, dict):
        info = payload.get("errorInfo")
        if isinstance(info, dict) and isinstance(info.get("code"), str):
            return info["code"]
        errors = payload.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], str):
            return errors[0]
    return "unknown_error"


def refusal(response: httpx.Response, payload: Any, *, connection: str, secrets: list[str]) -> ApiError:
    code = error_code(payload)
    info = payload.get("errorInfo") if isinstance(payload, dict) else None
    message = info.get("message") if isinstance(info, dict) else None
    detail = redact(f"{code}: {message or 'no message'}", secrets)
    if code == "sync_token_expired":
        cls: type[ApiError] = SyncTokenExpiredError
    elif code == "missing_endpoint_permission":
        cls = AshbyPermissionError
    else:
        cls = AshbyRequestError
    error = cls(connection, "POST", response.request.url.path, response.status_code, detail, vendor=VENDOR)
    error.code = code  # type: ignore[attr-defined]
    return error


class ListPass:
    """One pass over a list endpoint: iterate for pages; ``sync_token`` is set once the last page was read.

    ``cursor`` continues a pass an earlier run began; after each page, ``resume`` is the cursor of the next one
    (``None`` after the last page)."""

    def __init__(
        self,
        client: AshbyClient,
        method: str,
        body: Mapping[str, Any],
        sync_token: str | None,
        cursor: str | None = None,
    ) -> None:
        self._client, self._method = client, method
        self._body = {**body, "limit": client.page_size, **({"syncToken": sync_token} if sync_token else {})}
        self.sync_token: str | None = None
        self.resume: str | None = cursor

    def __iter__(self) -> Iterator[Records]:
        while True:
            payload = self._client.call(
                self._method, {**self._body, **({"cursor": self.resume} if self.resume else {})}
            )
            more = bool(payload.get("moreDataAvailable"))
            self.resume = self._client.next_cursor(self._method, payload) if more else None
            if not more:
                self.sync_token = payload.get("syncToken")
            if payload.get("results"):
                yield payload["results"]
            if not more:
                return


class AshbyClient:
    def __init__(self, *, connection: str, base_url: str, api_key: str, options: AshbyOptions) -> None:
        self.connection = connection
        self.base_url = base_url.rstrip("/") + "/"
        self.page_size = options.page_size
        self.concurrency = options.concurrency
        self._auth = BasicAuth(api_key, "")
        self._secrets = list(self._auth.secrets())
        # No rate-limit headers to follow: pace by the configured limit, and every 429's Retry-After.
        self._limiter = RateLimiter(
            options.rate_limit.requests,
            options.rate_limit.per_seconds,
            burst=options.rate_limit.burst,
            limit_header=None,
            remaining_header=None,
            reset_header=None,
        )
        self._settings: dict[str, Any] = {
            "connection": connection,
            "vendor": VENDOR,
            "auth": self._auth,
            "rate_limiter": self._limiter,
            "retry": RetryPolicy(max_attempts=options.max_attempts),
            "timeout": options.timeout_seconds,
            "headers": HEADERS,
        }
        self.api = ApiClient(self.base_url, **self._settings)
        self.stats = self.api.stats

    # --- calls ----------------------------------------------------------------------------------------------------

    def call(self, method: str, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._checked(self.api.post(method, json=dict(body)))

    def pages(
        self, method: str, body: Mapping[str, Any], sync_token: str | None = None, cursor: str | None = None
    ) -> ListPass:
        return ListPass(self, method, body, sync_token, cursor)

    def _checked(self, response: httpx.Response) -> dict[str, Any]:
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict) or payload.get("success") is not True:
            raise refusal(response, payload, connection=self.connection, secrets=self._secrets)
        return payload

    def next_cursor(self, method: str, payload: Mapping[str, Any]) -> str:
        cursor = payload.get("nextCursor")
        if not isinstance(cursor, str) or not cursor:
            raise ApiError(self.connection, "POST", f"/{method}", 200, "moreDataAvailable without a nextCursor",
                           vendor=VENDOR)  # fmt: skip
        return cursor

    # --- async, for per-parent fan-out ----------------------------------------------------------------------------

    @asynccontextmanager
    async def async_api(self) -> AsyncIterator[AsyncApiClient]:
        """An async client on this connection's rate limiter; its request counts join this client's stats."""
        api = AsyncApiClient(self.base_url, **self._settings)
        try:
            yield api
        finally:
            await api.close()
            self.stats.add(**api.stats.as_dict())

    async def alist(self, api: AsyncApiClient, method: str, body: Mapping[str, Any]) -> Records:
        """Every record of a per-parent listing (a parent has few children: one list is fine)."""
        records: Records = []
        request = {**body}
        while True:
            payload = self._checked(await api.post(method, json=request))
            records.extend(payload.get("results") or [])
            if not payload.get("moreDataAvailable"):
                return records
            request = {**body, "cursor": self.next_cursor(method, payload)}

    def close(self) -> None:
        self.api.close()
