"""Client-side pacing so a well-configured client never sees a 429 in steady state.

Two local constraints, checked together before every request start:

* a sliding window: at most ``limit`` starts in any ``per_seconds`` window. This is what keeps a client inside a
  *fixed-window* server limit (Greenhouse, Workable): a plain token bucket of capacity ``limit`` would allow up to
  ``2 * limit`` starts around a window boundary. The sliding window also satisfies a server token bucket of the
  same capacity and rate (Lever), so it is the safe default. It is skipped when ``burst > limit``: then the caller
  asked for token-bucket semantics explicitly (Lever: ``RateLimiter(10, 1.0, burst=20)``).
* a token bucket of capacity ``burst`` refilled at ``limit / per_seconds``; with ``burst < limit`` it spreads
  requests out instead of letting them go in clumps.

The window is stretched by a small ``safety_margin`` (2 %) because the server counts arrival times, not our start
times, and latency jitters.

``observe(response)`` adapts to what the server says: a lower ``Limit`` header lowers the pace; a ``Remaining``
lower than our own pacing would allow (another client shares the key) becomes a budget that must not be overspent
before ``Reset`` (at 0, everyone waits for the reset); a 429 with ``Retry-After`` pauses every caller, not just the
one that will retry.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import threading
import time
from collections import deque
from collections.abc import Mapping

import httpx

log = logging.getLogger("ats_pipeline.http")

# Reset values above this are Unix timestamps; below, seconds from now.
_EPOCH_THRESHOLD = 1e9
# Sleep a hair past a server-announced reset so our request lands in the new window.
_RESET_SLACK = 0.02


def parse_retry_after(value: str | None) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP-date. None if absent or unparseable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def parse_reset(value: str | None) -> float | None:
    """A rate-limit reset header as seconds from now (Unix epoch if > 1e9, else seconds-until)."""
    if not value:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return max(0.0, number - time.time() if number > _EPOCH_THRESHOLD else number)


def _parse_int(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return int(float(value.strip()))
    except ValueError:
        return None


class RateLimiter:
    """Paces request starts; thread-safe (``acquire``) and usable from many asyncio tasks (``acquire_async``)."""

    def __init__(
        self,
        limit: int,
        per_seconds: float,
        *,
        burst: int | None = None,
        limit_header: str | None = "X-RateLimit-Limit",
        remaining_header: str | None = "X-RateLimit-Remaining",
        reset_header: str | None = "X-RateLimit-Reset",
        safety_margin: float = 0.02,
        max_header_wait: float = 120.0,
    ) -> None:
        if limit < 1 or per_seconds <= 0:
            raise ValueError("RateLimiter needs limit >= 1 and per_seconds > 0")
        if burst is not None and burst < 1:
            raise ValueError("burst must be >= 1")
        self.limit = limit
        self.per_seconds = per_seconds
        self.burst = burst if burst is not None else limit
        self.limit_header = limit_header
        self.remaining_header = remaining_header
        self.reset_header = reset_header
        # Caps any wait derived from headers (clock skew can make an epoch reset look hours away).
        self.max_header_wait = max_header_wait
        self._window = per_seconds * (1.0 + safety_margin)
        self._sliding = self.burst <= limit
        self._effective_limit = limit
        self._starts: deque[float] = deque(maxlen=limit)  # monotonic start times, oldest first
        self._tokens = float(self.burst)
        self._refilled_at = time.monotonic()
        self._blocked_until = 0.0  # nobody starts before this (server said exhausted / Retry-After)
        self._budget: int | None = None  # starts the server still allows before _budget_until
        self._budget_until = 0.0
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"RateLimiter(limit={self.limit}, per_seconds={self.per_seconds}, burst={self.burst})"

    @property
    def effective_limit(self) -> int:
        """The limit in force: the configured one, or a lower one announced by the server."""
        return self._effective_limit

    # -- acquiring ----------------------------------------------------------------------------------------------

    def acquire(self) -> float:
        """Block until a request may start; returns the seconds spent waiting."""
        started = time.monotonic()
        while (wait := self._try_take()) > 0:
            time.sleep(wait)
        return time.monotonic() - started

    async def acquire_async(self) -> float:
        """Wait (without blocking the event loop) until a request may start; returns the seconds waited."""
        started = time.monotonic()
        while (wait := self._try_take()) > 0:
            await asyncio.sleep(wait)
        return time.monotonic() - started

    def _try_take(self) -> float:
        """Record a start now and return 0, or return how long to wait before trying again."""
        with self._lock:
            now = time.monotonic()
            waits = [self._blocked_until - now]
            if self._budget is not None:
                if now >= self._budget_until:
                    self._budget = None
                elif self._budget <= 0:
                    waits.append(self._budget_until - now)
            if self._sliding and len(self._starts) >= self._effective_limit:
                waits.append(self._starts[-self._effective_limit] + self._window - now)
            rate = self._effective_limit / self._window
            capacity = max(1.0, self.burst * self._effective_limit / self.limit)
            self._tokens = min(capacity, self._tokens + (now - self._refilled_at) * rate)
            self._refilled_at = now
            if self._tokens < 1.0:
                waits.append((1.0 - self._tokens) / rate)
            wait = max(waits)
            if wait > 0:
                return wait
            self._starts.append(now)
            self._tokens -= 1.0
            if self._budget is not None:
                self._budget -= 1
            return 0.0

    # -- adapting -----------------------------------------------------------------------------------------------

    def seconds_until_reset(self, headers: Mapping[str, str]) -> float | None:
        """The reset header of this limiter's vendor as seconds from now (capped), or None."""
        delay = parse_reset(headers.get(self.reset_header)) if self.reset_header else None
        return None if delay is None else min(delay, self.max_header_wait)

    def observe(self, response: httpx.Response) -> None:
        """Adapt the pace to the rate-limit headers (and a 429's Retry-After) of a response."""
        headers = response.headers
        limit = _parse_int(headers.get(self.limit_header)) if self.limit_header else None
        remaining = _parse_int(headers.get(self.remaining_header)) if self.remaining_header else None
        reset = self.seconds_until_reset(headers)
        retry_after = parse_retry_after(headers.get("Retry-After")) if response.status_code == 429 else None
        if limit is None and remaining is None and reset is None and retry_after is None:
            return
        with self._lock:
            now = time.monotonic()
            if limit is not None and 0 < limit < self._effective_limit:
                log.info("server announces a rate limit of %d (configured %d); slowing down", limit, self.limit)
                self._effective_limit = limit
            if retry_after is not None:
                self._block(now + min(retry_after, self.max_header_wait))
            elif response.status_code == 429 and reset is not None:
                self._block(now + reset + _RESET_SLACK)
            if remaining is not None:
                # Without a reset header, any fixed window or token bucket recovers within one window.
                until = now + (reset + _RESET_SLACK if reset is not None else self._window)
                self._note_remaining(remaining, until, now)

    def _block(self, until: float) -> None:
        if until > self._blocked_until:
            self._blocked_until = until

    def _note_remaining(self, remaining: int, until: float, now: float) -> None:
        """Turn ``Remaining`` into a budget, but only when the server is tighter than our own pacing.

        Our own starts explain a low Remaining most of the time; waiting for Reset then would only lose time
        (resets are whole seconds, rounded up). A budget is kept when the server has less left than we think we
        have: another client shares the key, or the server's window is not where we believe it is.
        """
        # Responses arrive out of order, and reset values jitter: tell a newer window from the same or an older one.
        tolerance = min(1.0, self.per_seconds / 2)
        if self._budget is not None:
            if until < self._budget_until - tolerance:
                return  # from an older window
            if until <= self._budget_until + tolerance:
                remaining = min(remaining, self._budget)
                until = max(until, self._budget_until)
        if remaining < self._local_remaining(now):
            self._budget, self._budget_until = max(0, remaining), until
        else:
            self._budget = None

    def _local_remaining(self, now: float) -> int:
        """Starts our own constraints would still allow right now."""
        capacity = max(1.0, self.burst * self._effective_limit / self.limit)
        rate = self._effective_limit / self._window
        tokens = min(capacity, self._tokens + (now - self._refilled_at) * rate)
        allowed = int(tokens)
        if self._sliding:
            allowed = min(allowed, self._effective_limit - self._starts_in_window(now))
        return max(0, allowed)

    def _starts_in_window(self, now: float) -> int:
        return sum(1 for start in self._starts if start > now - self._window)
