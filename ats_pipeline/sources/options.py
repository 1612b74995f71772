"""Connection options every vendor shares; a vendor's options model subclasses ``ConnectionOptions``."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class RateLimitOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    requests: int = Field(ge=1, le=10_000, description="Requests allowed per window.")
    per_seconds: float = Field(gt=0, le=3600, description="Window length in seconds.")
    burst: int | None = Field(None, ge=1, description="Token-bucket capacity, for APIs that allow bursts.")


class ConnectionOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sandbox: bool = Field(False, description="Use the local sandbox emulator (URL and credentials come from it).")
    start_date: datetime | None = Field(None, description="Ignore records last updated before this instant.")
    timeout_seconds: float = Field(60.0, gt=0)
    max_attempts: int = Field(8, ge=1, le=20, description="Attempts per request on 429, 5xx and network errors.")
    concurrency: int = Field(8, ge=1, le=64, description="Per-parent requests in flight at once (N+1 endpoints).")


def check_env_name(field: str, value: str) -> None:
    """Options ending in _env hold a variable *name*; refuse something that looks like a secret value."""
    if not value or not value.replace("_", "").isalnum() or not value[0].isalpha():
        raise ValueError(f"{field} must be an environment variable name, not a value")
