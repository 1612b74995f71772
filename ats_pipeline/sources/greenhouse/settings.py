"""Greenhouse Harvest v3: connection options and the endpoint catalogue (constants only)."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field, HttpUrl, model_validator

from ats_pipeline.sources.options import ConnectionOptions, RateLimitOptions, check_env_name

HARVEST_V3_URL = "https://harvest.greenhouse.io/v3"
TOKEN_URL = "https://auth.greenhouse.io/token"


class GreenhouseOptions(ConnectionOptions):
    """Options of a ``vendor: greenhouse`` connection (plus those of ``ConnectionOptions``)."""

    base_url: HttpUrl = Field(HttpUrl(HARVEST_V3_URL), description="Harvest v3 base URL.")
    token_url: HttpUrl = Field(HttpUrl(TOKEN_URL), description="OAuth client-credentials token endpoint.")
    client_id_env: str = Field("GREENHOUSE_CLIENT_ID", description="Environment variable holding the client id.")
    client_secret_env: str = Field(
        "GREENHOUSE_CLIENT_SECRET", description="Environment variable holding the client secret."
    )
    per_page: int = Field(500, ge=1, le=500)
    # Greenhouse publishes no v3 number; the client also adapts from X-RateLimit-* headers.
    rate_limit: RateLimitOptions = RateLimitOptions(requests=50, per_seconds=10)
    restricted: bool = Field(True, description="Also load EEOC and demographics into the restricted dataset.")

    @model_validator(mode="after")
    def _env_names(self) -> GreenhouseOptions:
        for field in ("client_id_env", "client_secret_env"):
            check_env_name(field, getattr(self, field))
        return self


@dataclass(frozen=True)
class Endpoint:
    """One list endpoint: ``GET /v3/<name>``; ``cursor`` is the field its date filter applies to."""

    name: str
    cursor: str | None = None  # None: no date filter in the API, fetched whole on every sync

    @property
    def incremental(self) -> bool:
        return self.cursor is not None


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("departments"),
    Endpoint("offices"),
    Endpoint("sources"),
    Endpoint("rejection_reasons"),
    Endpoint("users", "updated_at"),
    Endpoint("jobs", "updated_at"),
    Endpoint("job_interview_stages", "updated_at"),
    Endpoint("openings", "updated_at"),
    Endpoint("candidates", "updated_at"),
    Endpoint("candidate_educations", "updated_at"),
    Endpoint("candidate_employments", "updated_at"),
    Endpoint("attachments", "updated_at"),
    Endpoint("applications", "updated_at"),
    Endpoint("application_stages", "updated_at"),
    Endpoint("interviews", "updated_at"),
    Endpoint("interviewers", "updated_at"),
    Endpoint("scorecards", "updated_at"),
    Endpoint("offers", "updated_at"),
)

# Self-identification data: loaded only into the connection's restricted dataset.
RESTRICTED_ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("eeoc", "submitted_at"),
    Endpoint("demographic_question_sets"),
    Endpoint("demographic_questions"),
    Endpoint("demographic_answer_options"),
    Endpoint("demographic_answers", "updated_at"),
)
