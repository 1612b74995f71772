"""What every vendor emulator shares: settings, request log, and the middleware for latency, faults and rate limits.

A vendor module subclasses ``Emulator``, declares its routes and credentials, and spells its own headers and error
bodies through the hooks below. ``Emulator.app()`` wraps the vendor routes, outermost first, in:

1. request log  - every request, with the status it got (``0`` when its connection was dropped);
2. latency      - ``settings.latency_ms`` before anything else;
3. rate limit   - only on API paths (``is_api_path``); keyed by the credential the request claims
                  (``rate_limit_key``, resolved without touching the world) or, when it claims none, by client IP.
                  It runs *before* authentication, like a gateway, so unauthenticated floods are limited too, and
                  its headers are added to every API response, including 401/403/422 and injected 5xx;
4. faults       - slow responses, 5xx answers and dropped connections, drawn from ``random.Random(settings.seed)``;
                  decided before the handler runs, so a fault never changes state;
5. the vendor's Starlette routes (sync handlers run in the thread pool; each opens its own world cursor).
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, NamedTuple, Protocol, overload

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ats_pipeline.sandbox.emulator.ratelimit import RateLimitDecision, RateLimiter
from ats_pipeline.sandbox.emulator.settings import EmulatorSettings, RateLimitSettings
from ats_pipeline.sandbox.emulator.signing import Signer


class WorldLike(Protocol):
    """The part of ``ats_pipeline.sandbox.world.World`` the emulators use."""

    @property
    def now(self) -> datetime: ...

    def cursor(self) -> Any: ...


class LoggedRequest(NamedTuple):
    method: str
    path: str
    query_string: str
    status: int  # 0 = connection dropped by fault injection


class RequestLog(Sequence[LoggedRequest]):
    """Thread-safe, append-only record of the requests an emulator served (reads return snapshots)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[LoggedRequest] = []
        self._times: list[float] = []  # time.monotonic() at which each entry was logged, in the same order

    def append(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._entries.append(entry)
            self._times.append(time.monotonic())

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._times.clear()

    def snapshot(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._entries)

    def requests_for(self, path_prefix: str) -> list[LoggedRequest]:
        return [e for e in self.snapshot() if e.path.startswith(path_prefix)]

    def statuses(self, path_prefix: str = "") -> list[int]:
        return [e.status for e in self.requests_for(path_prefix)]

    def span_seconds(self) -> float:
        """Seconds between the first and the last request logged (0 with fewer than two)."""
        with self._lock:
            return self._times[-1] - self._times[0] if len(self._times) > 1 else 0.0

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    @overload
    def __getitem__(self, index: int) -> LoggedRequest: ...

    @overload
    def __getitem__(self, index: slice) -> list[LoggedRequest]: ...

    def __getitem__(self, index: int | slice) -> LoggedRequest | list[LoggedRequest]:
        return self.snapshot()[index]

    def __iter__(self) -> Iterator[LoggedRequest]:
        return iter(self.snapshot())

    def __repr__(self) -> str:
        return f"RequestLog({self.snapshot()!r})"


@dataclass(frozen=True)
class Fault:
    slow: bool
    reset: bool
    error_status: int | None
    throttle: bool = False


class Emulator(ABC):
    """One vendor's HTTP API over a world. Read-only over the world; only its own token store mutates."""

    vendor: ClassVar[str]
    # Path prefix of the API proper (e.g. "/v3"); ``base_url`` in ``Sandbox.endpoints()`` is origin + this.
    base_path: ClassVar[str] = ""
    error_statuses: ClassVar[tuple[int, ...]] = (500, 502, 503)

    def __init__(self, world: WorldLike, settings: EmulatorSettings | None = None) -> None:
        self.world = world
        self.settings = settings if settings is not None else EmulatorSettings()
        if self.settings.rate_limit is None:
            self.settings.rate_limit = self.default_rate_limit()
        self.request_log = RequestLog()
        self.rate_limiter = RateLimiter()
        self.signer = Signer("ats-pipeline-sandbox", self.vendor, self.settings.seed)
        self._fault_lock = threading.Lock()
        self._fault_seed = self.settings.seed
        self._fault_rng = random.Random(self._fault_seed)

    # --- vendor hooks -------------------------------------------------------------------------------------------

    @classmethod
    def default_rate_limit(cls) -> RateLimitSettings:
        return RateLimitSettings()

    @abstractmethod
    def routes(self) -> list[BaseRoute]:
        """The vendor's Starlette routes."""

    @abstractmethod
    def credentials(self) -> dict[str, str]:
        """What a client needs besides ``base_url``. Values of keys ending in ``_url`` that start with "/" are
        paths on this emulator's server; ``Sandbox.endpoints()`` turns them into absolute URLs."""

    def is_api_path(self, path: str) -> bool:
        """Paths that are rate limited and carry rate-limit headers."""
        return path.startswith(self.base_path) if self.base_path else True

    def rate_limit_key(self, scope: Scope) -> str | None:
        """The credential a request claims (e.g. the client behind a bearer token), or None to key by client IP.
        Must be cheap and must not touch the world."""
        return None

    def rate_limit_headers(self, decision: RateLimitDecision) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(decision.limit),
            "X-RateLimit-Remaining": str(decision.remaining),
            "X-RateLimit-Reset": str(decision.reset_epoch),
        }

    def rate_limited_response(self, decision: RateLimitDecision) -> Response:
        return JSONResponse({"message": "Rate limit exceeded"}, status_code=429)

    def fault_response(self, status: int) -> Response:
        phrase = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}.get(status, "Error")
        return JSONResponse({"message": phrase}, status_code=status)

    def not_found_response(self, request: Request) -> Response:
        return JSONResponse({"message": "Not Found"}, status_code=404)

    def method_not_allowed_response(self, request: Request) -> Response:
        return JSONResponse({"message": "Method Not Allowed"}, status_code=405)

    # --- the app ------------------------------------------------------------------------------------------------

    def app(self) -> ASGIApp:
        async def not_found(request: Request, exc: Exception) -> Response:
            return self.not_found_response(request)

        async def not_allowed(request: Request, exc: Exception) -> Response:
            return self.method_not_allowed_response(request)

        inner = Starlette(routes=self.routes(), exception_handlers={404: not_found, 405: not_allowed})
        return _EmulatorMiddleware(inner, self)

    def reset(self) -> None:
        """Forget rate-limit windows, restart the fault sequence from ``settings.seed`` and clear the request log
        (tests call this between cases; issued tokens stay valid)."""
        self.rate_limiter.reset()
        self.request_log.clear()
        with self._fault_lock:
            self._fault_seed = self.settings.seed
            self._fault_rng = random.Random(self._fault_seed)

    def draw_fault(self) -> Fault:
        """Three draws per request whatever the rates, so a seed gives the same sequence after a knob changes."""
        faults = self.settings.faults
        with self._fault_lock:
            if self.settings.seed != self._fault_seed:
                self._fault_seed = self.settings.seed
                self._fault_rng = random.Random(self._fault_seed)
            rng = self._fault_rng
            fate, slow, pick = rng.random(), rng.random(), rng.randrange(len(self.error_statuses))
        error = fate < faults.error_rate
        reset = not error and fate < faults.error_rate + faults.reset_rate
        throttle = not (error or reset) and fate < faults.error_rate + faults.reset_rate + faults.throttle_rate
        return Fault(
            slow=slow < faults.slow_rate and faults.slow_ms > 0,
            reset=reset,
            error_status=self.error_statuses[pick] if error else None,
            throttle=throttle,
        )


class _EmulatorMiddleware:
    def __init__(self, app: ASGIApp, emulator: Emulator) -> None:
        self.app = app
        self.emulator = emulator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        emulator = self.emulator
        settings = emulator.settings
        method, path = scope["method"], scope["path"]
        query = scope.get("query_string", b"").decode("latin-1")

        def log(status: int) -> None:
            emulator.request_log.append(LoggedRequest(method, path, query, status))

        if settings.latency_ms > 0:
            await asyncio.sleep(settings.latency_ms / 1000)

        extra: dict[str, str] = {}
        limits = settings.rate_limit
        if emulator.is_api_path(path) and limits is not None and limits.enabled:
            key = emulator.rate_limit_key(scope)
            if key is None:
                client = scope.get("client")
                key = f"ip:{client[0] if client else 'unknown'}"
            decision = emulator.rate_limiter.check(key, limits)
            extra = emulator.rate_limit_headers(decision)
            if not decision.allowed:
                response = emulator.rate_limited_response(decision)
                response.headers.update({**extra, "Retry-After": str(decision.retry_after)})
                log(response.status_code)
                await response(scope, receive, send)
                return

        fault = emulator.draw_fault()
        if fault.slow:
            await asyncio.sleep(settings.faults.slow_ms / 1000)
        if fault.reset:
            log(0)
            await _drop_connection(send)
            return
        if fault.throttle and emulator.is_api_path(path):
            # A quota drained by someone else: the limit headers say so, and Retry-After says when to come back.
            drained = RateLimitDecision(False, limits.limit if limits else 0, 0, int(time.time()) + 1, 1)
            response = emulator.rate_limited_response(drained)
            response.headers.update({**emulator.rate_limit_headers(drained), "Retry-After": "1"})
            log(response.status_code)
            await response(scope, receive, send)
            return
        if fault.error_status is not None:
            response = emulator.fault_response(fault.error_status)
            response.headers.update(extra)
            log(response.status_code)
            await response(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                if extra:
                    message["headers"] = [
                        *message.get("headers", []),
                        *((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in extra.items()),
                    ]
                # Logged before the bytes leave, so a client that got the response always finds it in the log.
                log(message["status"])
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _drop_connection(send: Send) -> None:
    """Close the socket without answering: the client sees "Server disconnected without sending a response".

    Raising from the app would not do it - uvicorn answers 500 when an app fails before starting its response - so
    reach uvicorn's transport through its ``send`` (a bound method of the request cycle) and close it.
    """
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:  # not running under uvicorn: the closest we can get is a failed response
        raise ConnectionAbortedError("fault injection: connection reset")
    transport.close()
    # Let uvicorn see the disconnect before we return, or it logs "returned without starting response".
    for _ in range(100):
        if getattr(cycle, "disconnected", True):
            break
        await asyncio.sleep(0.001)
