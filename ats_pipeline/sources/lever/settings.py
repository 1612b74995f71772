"""Lever Data API v1: connection options and the endpoint catalogue (constants only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field, HttpUrl, model_validator

from ats_pipeline.sources.options import ConnectionOptions, RateLimitOptions, check_env_name

LEVER_V1_URL = "https://api.lever.co/v1"


class LeverOptions(ConnectionOptions):
    """Options of a ``vendor: lever`` connection (plus those of ``ConnectionOptions``)."""

    base_url: HttpUrl = Field(HttpUrl(LEVER_V1_URL), description="Data API base URL (sandbox: api.sandbox.lever.co).")
    api_key_env: str = Field("LEVER_API_KEY", description="Environment variable holding the API key.")
    page_size: int = Field(100, ge=1, le=100, description="Records per page (Lever's `limit`, 1-100).")
    # Lever's token bucket refills 10/s and holds 20; it sends no rate-limit headers, so this is the whole pacing.
    # The client's bucket holds 15: requests reach Lever's bucket later than they leave ours, and unevenly, so the
    # 5 tokens kept back absorb half a second of latency jitter that would otherwise spill over as 429s.
    rate_limit: RateLimitOptions = RateLimitOptions(requests=10, per_seconds=1, burst=15)
    confidentiality: Literal["all", "non-confidential"] = Field(
        "all", description="Lever hides confidential opportunities and postings unless asked for them."
    )
    restricted: bool = Field(True, description="Load EEO responses into the restricted dataset.")
    eeo_pii: bool = Field(
        True, description="Also load EEO responses linked to opportunities (needs the eeo_responses_pii scope)."
    )

    @model_validator(mode="after")
    def _env_names(self) -> LeverOptions:
        check_env_name("api_key_env", self.api_key_env)
        return self


@dataclass(frozen=True)
class AccountList:
    """An account-wide list read whole on every sync (Lever offers no change filter for it)."""

    name: str
    params: dict[str, str] = field(default_factory=dict)
    primary_key: str | None = "id"


ACCOUNT_LISTS: tuple[AccountList, ...] = (
    AccountList("stages"),
    AccountList("archive_reasons"),
    AccountList("users", {"includeDeactivated": "true"}),
    AccountList("sources", primary_key=None),  # {text, count}: no id
    AccountList("requisitions"),
)

# GET /opportunities/{id}/<name>: one request per changed opportunity.
OPPORTUNITY_CHILDREN: tuple[str, ...] = ("applications", "interviews", "panels", "feedback", "offers")

# Tables of each dataset (the dlt resources that carry rows; deletion feeds write into these tables).
TABLES: tuple[str, ...] = (
    *(a.name for a in ACCOUNT_LISTS),
    "postings",
    "opportunities",
    *OPPORTUNITY_CHILDREN,
)
RESTRICTED_TABLES: tuple[str, ...] = ("eeo_responses", "eeo_responses_pii")
