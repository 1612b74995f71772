"""Retry policy and its tenacity wiring.

Retried: statuses in ``retry_statuses`` (429 and 5xx by default, including from the OAuth token endpoint) and
transport failures (connect errors, timeouts, connection resets, a server dropping the connection mid-response).
Not retried: every other 4xx; those are the caller's bug or a credentials/permission problem and retrying only burns
rate-limit budget.

Waits: a ``Retry-After`` header (seconds or HTTP-date) wins, capped by ``max_retry_after``; a 429 without one waits
for the rate-limit reset header; otherwise exponential backoff with jitter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx
from tenacity import AsyncRetrying, RetryCallState, Retrying, retry_if_exception, stop_after_attempt
from tenacity.wait import wait_base, wait_exponential_jitter

from .errors import ApiError, status_phrase
from .ratelimit import parse_reset, parse_retry_after

# Failures where the request may not have been processed, or the answer was lost: safe to retry for reads (and
# the APIs we call are reads, or Ashby's read-only POSTs).
RETRYABLE_TRANSPORT_ERRORS: tuple[type[Exception], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,  # ConnectError, ReadError (connection reset), WriteError, CloseError
    httpx.RemoteProtocolError,  # server closed the connection without (completing) a response
)
DEFAULT_RESET_HEADERS = ("X-RateLimit-Reset", "X-Rate-Limit-Reset")  # Greenhouse, Workable

ResetDelay = Callable[[Mapping[str, str]], float | None]


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 6
    backoff_initial: float = 0.5
    backoff_max: float = 30.0
    max_retry_after: float = 120.0
    retry_statuses: frozenset[int] = field(default_factory=lambda: frozenset({429, 500, 502, 503, 504}))

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be >= 1")
        # Accept any iterable of ints (a set literal, a list) but store a frozenset.
        object.__setattr__(self, "retry_statuses", frozenset(self.retry_statuses))

    def is_retryable(self, exc: BaseException) -> bool:
        if isinstance(exc, ApiError):
            return exc.status is not None and exc.status in self.retry_statuses and exc.response is not None
        return isinstance(exc, RETRYABLE_TRANSPORT_ERRORS)


def default_reset_delay(headers: Mapping[str, str]) -> float | None:
    for name in DEFAULT_RESET_HEADERS:
        delay = parse_reset(headers.get(name))
        if delay is not None:
            return delay
    return None


def describe_failure(exc: BaseException) -> str:
    """A short, secret-free reason for logs: the status, or the transport error class and message."""
    if isinstance(exc, ApiError) and exc.status is not None:
        return f"HTTP {exc.status} {status_phrase(exc.status)}".rstrip()
    text = str(exc) or "no detail"
    return f"{type(exc).__name__}: {text[:200]}"


class ServerAwareWait(wait_base):
    """Retry-After, else (for 429) the rate-limit reset, else exponential backoff with jitter."""

    _RESET_SLACK = 0.02

    def __init__(self, policy: RetryPolicy, reset_delay: ResetDelay = default_reset_delay) -> None:
        self.policy = policy
        self.reset_delay = reset_delay
        self.backoff = wait_exponential_jitter(
            multiplier=policy.backoff_initial, max=policy.backoff_max, jitter=policy.backoff_initial
        )

    def __call__(self, retry_state: RetryCallState) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        response = exc.response if isinstance(exc, ApiError) else None
        if response is not None:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if retry_after is not None:
                return min(retry_after, self.policy.max_retry_after)
            if response.status_code == 429:
                reset = self.reset_delay(response.headers)
                if reset is not None:
                    return min(reset + self._RESET_SLACK, self.policy.max_retry_after)
        return self.backoff(retry_state)


def build_retrying(
    policy: RetryPolicy,
    *,
    before_sleep: Callable[[RetryCallState], None],
    reset_delay: ResetDelay = default_reset_delay,
) -> Retrying:
    """A tenacity Retrying template; call ``.copy()`` per request (tenacity keeps per-run state on the object)."""
    return Retrying(
        stop=stop_after_attempt(policy.max_attempts),
        wait=ServerAwareWait(policy, reset_delay),
        retry=retry_if_exception(policy.is_retryable),
        before_sleep=before_sleep,
        reraise=False,  # exhaustion surfaces as tenacity.RetryError, which the client converts
    )


def build_async_retrying(
    policy: RetryPolicy,
    *,
    before_sleep: Callable[[RetryCallState], None],
    reset_delay: ResetDelay = default_reset_delay,
) -> AsyncRetrying:
    return AsyncRetrying(
        stop=stop_after_attempt(policy.max_attempts),
        wait=ServerAwareWait(policy, reset_delay),
        retry=retry_if_exception(policy.is_retryable),
        before_sleep=before_sleep,
        reraise=False,
    )
