"""Per-client request counters, safe to update from many threads and tasks."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, fields


@dataclass
class RequestStats:
    requests: int = 0  # HTTP requests sent (every attempt, OAuth token requests and 401 replays included)
    retries: int = 0  # attempts that were followed by another attempt
    throttled: int = 0  # 429 responses
    server_errors: int = 0  # 5xx responses
    connection_errors: int = 0  # connect errors, timeouts, resets, dropped connections
    # Time spent pacing (rate limiter) and backing off before retries, summed over concurrent requests.
    seconds_waited: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, **increments: float) -> None:
        with self._lock:
            for name, value in increments.items():
                setattr(self, name, getattr(self, name) + value)

    def as_dict(self) -> dict[str, float]:
        with self._lock:
            return {f.name: getattr(self, f.name) for f in fields(self) if not f.name.startswith("_")}
