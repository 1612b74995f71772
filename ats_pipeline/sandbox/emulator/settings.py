"""Runtime knobs of an emulator: latency, faults, rate limits, token and cursor lifetimes.

The models validate on assignment and are read on every request, so a test can flip a knob on a running server
(``emulator.settings.faults.error_rate = 0.3``) and the next request sees it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Knobs(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class FaultSettings(_Knobs):
    """Shares of requests that misbehave. Drawn from ``random.Random(EmulatorSettings.seed)``, so a given
    seed and request sequence always fail the same way."""

    error_rate: float = Field(0.0, ge=0.0, le=1.0, description="answered 500/502/503, uniformly")
    reset_rate: float = Field(0.0, ge=0.0, le=1.0, description="connection closed without any response")
    throttle_rate: float = Field(
        0.0, ge=0.0, le=1.0, description="answered 429 + Retry-After, as when another client drains a shared quota"
    )
    slow_rate: float = Field(0.0, ge=0.0, le=1.0, description="delayed by an extra slow_ms")
    slow_ms: float = Field(0.0, ge=0.0)

    @model_validator(mode="after")
    def _shares_fit(self) -> FaultSettings:
        if self.error_rate + self.reset_rate + self.throttle_rate > 1.0:
            raise ValueError("error_rate + reset_rate + throttle_rate must not exceed 1")
        return self


class RateLimitSettings(_Knobs):
    """Server-side limit per credential (see ``ratelimit.py``).

    fixed_window: at most ``limit`` requests per ``window_seconds``, the window starting at the first request.
    token_bucket: refills ``limit`` tokens per ``window_seconds``, holding at most ``burst`` (default ``limit``).
    """

    kind: Literal["fixed_window", "token_bucket"] = "fixed_window"
    limit: int = Field(50, ge=1)
    window_seconds: float = Field(10.0, gt=0.0)
    burst: int | None = Field(None, ge=1)
    enabled: bool = True


class EmulatorSettings(_Knobs):
    latency_ms: float = Field(0.0, ge=0.0, description="added to every request")
    faults: FaultSettings = Field(default_factory=FaultSettings)
    # None = the vendor's documented default (``Emulator.default_rate_limit()``), filled in by the emulator.
    rate_limit: RateLimitSettings | None = None
    token_ttl_seconds: float = Field(3600.0, gt=0.0)
    cursor_ttl_seconds: float = Field(600.0, gt=0.0)
    seed: int = 0
