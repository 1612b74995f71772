"""Server-side rate limiters keyed per credential: fixed window and token bucket.

Both read their numbers from the live ``RateLimitSettings`` on every call, so changing the settings of a
running emulator takes effect on the next request (state built under the old numbers is kept and reinterpreted).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ats_pipeline.sandbox.emulator.settings import RateLimitSettings


@dataclass(frozen=True)
class RateLimitDecision:
    allowed: bool
    limit: int
    remaining: int
    reset_epoch: int  # Unix seconds when the quota is fully available again
    retry_after: int  # whole seconds to wait before retrying; 0 when allowed


@dataclass
class _Window:
    start: float
    count: int


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[str, _Window] = {}
        self._buckets: dict[str, _Bucket] = {}

    def reset(self) -> None:
        with self._lock:
            self._windows.clear()
            self._buckets.clear()

    def check(self, key: str, settings: RateLimitSettings) -> RateLimitDecision:
        """Count one request for ``key`` and say whether it may proceed. Denied requests consume nothing."""
        now = self._clock()
        with self._lock:
            if settings.kind == "token_bucket":
                return self._token_bucket(key, settings, now)
            return self._fixed_window(key, settings, now)

    def _fixed_window(self, key: str, s: RateLimitSettings, now: float) -> RateLimitDecision:
        # The window opens at a key's first request (not at epoch multiples) so a burst that fits in one window
        # is never split by a boundary: tests get deterministic counts.
        window = self._windows.get(key)
        if window is None or now >= window.start + s.window_seconds:
            window = self._windows[key] = _Window(start=now, count=0)
        reset = window.start + s.window_seconds
        if window.count >= s.limit:
            return RateLimitDecision(False, s.limit, 0, math.ceil(reset), max(1, math.ceil(reset - now)))
        window.count += 1
        return RateLimitDecision(True, s.limit, s.limit - window.count, math.ceil(reset), 0)

    def _token_bucket(self, key: str, s: RateLimitSettings, now: float) -> RateLimitDecision:
        capacity = s.burst or s.limit
        rate = s.limit / s.window_seconds  # tokens per second
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(tokens=float(capacity), updated=now)
        bucket.tokens = min(float(capacity), bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        if bucket.tokens < 1.0:
            wait = (1.0 - bucket.tokens) / rate
            full = now + (capacity - bucket.tokens) / rate
            return RateLimitDecision(False, capacity, 0, math.ceil(full), max(1, math.ceil(wait)))
        bucket.tokens -= 1.0
        full = now + (capacity - bucket.tokens) / rate
        return RateLimitDecision(True, capacity, int(bucket.tokens), math.ceil(full), 0)
