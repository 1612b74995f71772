"""ApiClient / AsyncApiClient: httpx + rate limiter + tenacity retries + safe errors, shared by every ATS source.

Layering (outermost first):
  request()            builds the request once, runs it under the retry policy, converts failures to ApiError
  httpx auth flow      adds credentials; OAuthClientCredentials may fetch/refresh a token and replay on 401
  _PacedTransport      makes *every* HTTP request that leaves (token requests and 401 replays included) wait on the
                       rate limiter, feeds response headers back to it, counts, logs one debug line
  httpx transport      connection pool; the limiter wait happens here, on the connection, right before sending
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any

import httpx
from tenacity import RetryCallState, RetryError

from .errors import ApiError, RetriesExhaustedError, describe_connection, error_from_response, redact
from .ratelimit import RateLimiter
from .retry import (
    RETRYABLE_TRANSPORT_ERRORS,
    RetryPolicy,
    build_async_retrying,
    build_retrying,
    default_reset_delay,
    describe_failure,
)
from .stats import RequestStats

log = logging.getLogger("ats_pipeline.http")

DEFAULT_RETRY_POLICY = RetryPolicy()  # frozen, so one shared default is safe
DEFAULT_HEADERS = {"Accept": "application/json", "User-Agent": "ats-pipeline"}
# Header names whose values are credentials even when passed as plain headers rather than via ``auth``.
_SECRET_HEADER_HINTS = ("authorization", "token", "key", "secret", "cookie")


def _count_response(stats: RequestStats, response: httpx.Response) -> None:
    if response.status_code == 429:
        stats.add(throttled=1)
    elif response.status_code >= 500:
        stats.add(server_errors=1)


def _log_response(request: httpx.Request, response: httpx.Response, started: float) -> None:
    pacer = request.extensions.get("trace")
    if isinstance(pacer, _SendPacer) and pacer.sent_at is not None:
        started = max(started, pacer.sent_at)
    elapsed = time.monotonic() - started
    log.debug("%s %s -> %d (%.3f s)", request.method, request.url.path, response.status_code, elapsed)


# The limiter must count a request when it actually leaves, not when it is handed to the connection pool: opening
# connections or waiting for a free one can delay a send by tens of ms or more, and requests admitted early then
# reach the server bunched together (measured: a burst of 25 new connections arrived ~100 ms after admission, and
# the next window's first request, on a warm connection, landed inside the server's old window). httpcore reports
# "<proto>.send_request_headers.started" through the documented ``trace`` request extension, on an established
# connection, just before the first byte is written: that is where we wait.
_SEND_EVENT = "send_request_headers.started"


class _SendPacer:
    """Trace callback: waits on the limiter when the request is really about to be sent."""

    def __init__(self, limiter: RateLimiter, stats: RequestStats, previous: Any) -> None:
        self.limiter, self.stats = limiter, stats
        # The same httpx.Request is re-sent on retries: never chain a pacer onto a pacer.
        self.previous = previous.previous if isinstance(previous, _SendPacer) else previous
        self.sent_at: float | None = None  # so the debug line's elapsed time excludes the pacing wait

    def __call__(self, name: str, info: dict[str, Any]) -> None:
        if name.endswith(_SEND_EVENT):
            self.stats.add(seconds_waited=self.limiter.acquire())
            self.sent_at = time.monotonic()
        if self.previous is not None:
            self.previous(name, info)


class _AsyncSendPacer(_SendPacer):
    async def __call__(self, name: str, info: dict[str, Any]) -> None:  # type: ignore[override]
        if name.endswith(_SEND_EVENT):
            self.stats.add(seconds_waited=await self.limiter.acquire_async())
            self.sent_at = time.monotonic()
        if self.previous is not None:
            await self.previous(name, info)


class _PacedTransport(httpx.BaseTransport):
    """Paces, observes, counts and logs every request that leaves, whatever sent it (API call, token request,
    replay after 401)."""

    def __init__(self, inner: httpx.BaseTransport, limiter: RateLimiter | None, stats: RequestStats) -> None:
        self._inner = inner
        self._limiter = limiter
        self._stats = stats
        # Only httpcore-backed transports emit trace events; pace anything else before handing the request over.
        self._pace_at_send = isinstance(inner, httpx.HTTPTransport)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._limiter is not None:
            if self._pace_at_send:
                request.extensions["trace"] = _SendPacer(self._limiter, self._stats, request.extensions.get("trace"))
            else:
                self._stats.add(seconds_waited=self._limiter.acquire())
        started = time.monotonic()
        try:
            response = self._inner.handle_request(request)
        except Exception:
            self._stats.add(requests=1)  # a failed attempt counts; one cancelled while waiting to be sent does not
            raise
        self._stats.add(requests=1)
        _count_response(self._stats, response)
        if self._limiter is not None:
            self._limiter.observe(response)
        _log_response(request, response, started)
        return response

    def close(self) -> None:
        self._inner.close()


class _AsyncPacedTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, limiter: RateLimiter | None, stats: RequestStats) -> None:
        self._inner = inner
        self._limiter = limiter
        self._stats = stats
        self._pace_at_send = isinstance(inner, httpx.AsyncHTTPTransport)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._limiter is not None:
            if self._pace_at_send:
                previous = request.extensions.get("trace")
                request.extensions["trace"] = _AsyncSendPacer(self._limiter, self._stats, previous)
            else:
                self._stats.add(seconds_waited=await self._limiter.acquire_async())
        started = time.monotonic()
        try:
            response = await self._inner.handle_async_request(request)
        except Exception:
            self._stats.add(requests=1)  # a failed attempt counts; one cancelled while waiting to be sent does not
            raise
        self._stats.add(requests=1)
        _count_response(self._stats, response)
        if self._limiter is not None:
            self._limiter.observe(response)
        _log_response(request, response, started)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


class _ClientBase:
    """Configuration and failure handling shared by the sync and async clients."""

    def __init__(
        self,
        base_url: str,
        *,
        connection: str,
        auth: httpx.Auth | None = None,
        rate_limiter: RateLimiter | None = None,
        retry: RetryPolicy = DEFAULT_RETRY_POLICY,
        timeout: float = 30.0,
        headers: dict[str, str] | None = None,
        vendor: str = "",
        max_connections: int = 100,
    ) -> None:
        self.base_url = base_url
        self.connection = connection
        self.vendor = vendor
        self.auth = auth
        self.rate_limiter = rate_limiter
        self.retry = retry
        self.stats = RequestStats()
        self._headers = {**DEFAULT_HEADERS, **(headers or {})}
        self._timeout = httpx.Timeout(timeout)
        # Keep every connection alive: many concurrent tasks would otherwise churn through new connections.
        self._limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
        # Let the auth object name the connection in its own (token endpoint) errors as this client does.
        if isinstance(getattr(auth, "connection", None), str) and (
            not auth.connection or auth.connection in connection
        ):
            auth.connection = connection  # type: ignore[union-attr]
            if isinstance(getattr(auth, "vendor", None), str) and not auth.vendor:
                auth.vendor = vendor  # type: ignore[union-attr]
        reset_delay = rate_limiter.seconds_until_reset if rate_limiter is not None else default_reset_delay
        self._retrying = build_retrying(retry, before_sleep=self._before_sleep, reset_delay=reset_delay)
        self._async_retrying = build_async_retrying(retry, before_sleep=self._before_sleep, reset_delay=reset_delay)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, connection={self.connection!r})"

    def _secrets(self) -> list[str]:
        secrets = list(self.auth.secrets()) if self.auth is not None and hasattr(self.auth, "secrets") else []
        for name, value in self._headers.items():
            if any(hint in name.lower() for hint in _SECRET_HEADER_HINTS):
                secrets.append(value)
                secrets.append(value.split(" ", 1)[-1])  # "Bearer xyz" -> also "xyz"
        return secrets

    def _who(self) -> str:
        return describe_connection(self.connection, self.vendor)

    def _before_sleep(self, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        wait = state.upcoming_sleep
        self.stats.add(retries=1, seconds_waited=wait)
        method, path = state.args[0].method, state.args[0].url.path  # the httpx.Request being retried
        if isinstance(exc, ApiError) and exc.token_endpoint:
            path = f"(token endpoint {exc.endpoint}) {path}"
        log.warning(
            "%s: %s %s attempt %d/%d failed (%s); retrying in %.2f s",
            self._who(),
            method,
            path,
            state.attempt_number,
            self.retry.max_attempts,
            redact(describe_failure(exc), self._secrets()) if exc else "?",
            wait,
        )

    def _check(self, response: httpx.Response) -> httpx.Response:
        if response.is_success:
            return response
        raise error_from_response(response, connection=self.connection, vendor=self.vendor, secrets=self._secrets())

    def _on_transport_error(self, request: httpx.Request, exc: httpx.HTTPError) -> None:
        log.debug("%s %s -> %s", request.method, request.url.path, describe_failure(exc))
        if isinstance(exc, RETRYABLE_TRANSPORT_ERRORS):
            self.stats.add(connection_errors=1)

    def _final_error(self, request: httpx.Request, exc: BaseException) -> BaseException:
        """What the caller sees once retrying is over."""
        if isinstance(exc, RetryError):
            last = exc.last_attempt.exception()
            attempts = exc.last_attempt.attempt_number
            if isinstance(last, ApiError):
                return RetriesExhaustedError(
                    last.connection,
                    last.method,
                    last.endpoint,
                    last.status,
                    last.detail,
                    attempts=attempts,
                    vendor=last.vendor,
                    token_endpoint=last.token_endpoint,
                    response=last.response,
                )
            return RetriesExhaustedError(
                self.connection,
                request.method,
                request.url.path,
                None,
                redact(describe_failure(last) if last else "", self._secrets()),
                attempts=attempts,
                vendor=self.vendor,
            )
        if isinstance(exc, httpx.HTTPError) and not isinstance(exc, RETRYABLE_TRANSPORT_ERRORS):
            # e.g. UnsupportedProtocol, TooManyRedirects: not an API answer, still reported in the same terms.
            return ApiError(
                self.connection,
                request.method,
                request.url.path,
                None,
                redact(describe_failure(exc), self._secrets()),
                vendor=self.vendor,
            )
        return exc


class ApiClient(_ClientBase):
    """Synchronous client; one instance may be shared by several threads."""

    def __init__(
        self,
        base_url: str,
        *,
        connection: str,
        auth: httpx.Auth | None = None,
        rate_limiter: RateLimiter | None = None,
        retry: RetryPolicy = DEFAULT_RETRY_POLICY,
        timeout: float = 30.0,
        headers: dict[str, str] | None = None,
        vendor: str = "",
        max_connections: int = 100,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        super().__init__(
            base_url,
            connection=connection,
            auth=auth,
            rate_limiter=rate_limiter,
            retry=retry,
            timeout=timeout,
            headers=headers,
            vendor=vendor,
            max_connections=max_connections,
        )
        inner = transport if transport is not None else httpx.HTTPTransport(limits=self._limits)
        self._http = httpx.Client(
            base_url=base_url,
            auth=auth,
            headers=self._headers,
            timeout=self._timeout,
            follow_redirects=True,
            transport=_PacedTransport(inner, rate_limiter, self.stats),
        )

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send with pacing and retries; return a successful (2xx) response or raise an ApiError subclass.

        ``url`` is a path appended to ``base_url`` (a leading "/" is ignored, httpx semantics) or an absolute URL
        (e.g. a pagination link), used verbatim.
        """
        request = self._http.build_request(method, url, params=params, json=json, data=data, headers=headers)
        try:
            return self._retrying.copy()(self._attempt, request)
        except (RetryError, httpx.HTTPError) as exc:
            raise self._final_error(request, exc) from exc

    def _attempt(self, request: httpx.Request) -> httpx.Response:
        try:
            response = self._http.send(request)
        except httpx.HTTPError as exc:
            self._on_transport_error(request, exc)
            raise
        return self._check(response)

    def get(self, url: str, params: Mapping[str, Any] | None = None) -> httpx.Response:
        return self.request("GET", url, params=params)

    def post(self, url: str, json: Any = None) -> httpx.Response:
        return self.request("POST", url, json=json)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncApiClient(_ClientBase):
    """Asynchronous client; one instance serves many concurrent tasks over one pooled httpx.AsyncClient."""

    def __init__(
        self,
        base_url: str,
        *,
        connection: str,
        auth: httpx.Auth | None = None,
        rate_limiter: RateLimiter | None = None,
        retry: RetryPolicy = DEFAULT_RETRY_POLICY,
        timeout: float = 30.0,
        headers: dict[str, str] | None = None,
        vendor: str = "",
        max_connections: int = 100,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(
            base_url,
            connection=connection,
            auth=auth,
            rate_limiter=rate_limiter,
            retry=retry,
            timeout=timeout,
            headers=headers,
            vendor=vendor,
            max_connections=max_connections,
        )
        inner = transport if transport is not None else httpx.AsyncHTTPTransport(limits=self._limits)
        self._http = httpx.AsyncClient(
            base_url=base_url,
            auth=auth,
            headers=self._headers,
            timeout=self._timeout,
            follow_redirects=True,
            transport=_AsyncPacedTransport(inner, rate_limiter, self.stats),
        )

    async def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Async twin of ``ApiClient.request``."""
        request = self._http.build_request(method, url, params=params, json=json, data=data, headers=headers)
        try:
            return await self._async_retrying.copy()(self._attempt, request)
        except (RetryError, httpx.HTTPError) as exc:
            raise self._final_error(request, exc) from exc

    async def _attempt(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await self._http.send(request)
        except httpx.HTTPError as exc:
            self._on_transport_error(request, exc)
            raise
        return self._check(response)

    async def get(self, url: str, params: Mapping[str, Any] | None = None) -> httpx.Response:
        return await self.request("GET", url, params=params)

    async def post(self, url: str, json: Any = None) -> httpx.Response:
        return await self.request("POST", url, json=json)

    async def close(self) -> None:
        await self._http.aclose()

    aclose = close

    async def __aenter__(self) -> AsyncApiClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()
