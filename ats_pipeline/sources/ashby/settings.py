"""Ashby: connection options and the endpoint catalogue (constants only)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import Field, HttpUrl, model_validator

from ats_pipeline.sources.options import ConnectionOptions, RateLimitOptions, check_env_name

ASHBY_URL = "https://api.ashbyhq.com"


class AshbyOptions(ConnectionOptions):
    """Options of a ``vendor: ashby`` connection (plus those of ``ConnectionOptions``)."""

    base_url: HttpUrl = Field(HttpUrl(ASHBY_URL), description="Ashby API origin (RPC paths are appended).")
    api_key_env: str = Field("ASHBY_API_KEY", description="Environment variable holding the API key.")
    page_size: int = Field(100, ge=1, le=100, description="List page size (Ashby's maximum and default is 100).")
    # Ashby publishes no limit for these endpoints and sends no rate-limit headers: pace by this, back off on 429.
    rate_limit: RateLimitOptions = RateLimitOptions(requests=15, per_seconds=1)

    @model_validator(mode="after")
    def _env_name(self) -> AshbyOptions:
        check_env_name("api_key_env", self.api_key_env)
        return self


@dataclass(frozen=True)
class Endpoint:
    """A list endpoint ``POST /<method>`` loaded into table ``name``.

    ``sync``: supports ``syncToken`` (incremental, merged on ``id``); otherwise a small reference list, replaced on
    every sync. ``body``: fixed request fields (Ashby hides drafts, deactivated users and archived rows unless asked).
    ``date_fields``: what ``start_date`` and backfill windows filter on, client-side (Ashby has no updated-at
    filter): the latest of these (dotted paths) decides.
    """

    name: str
    method: str
    sync: bool = False
    body: Mapping[str, Any] = field(default_factory=dict)
    date_fields: tuple[str, ...] = ("updatedAt",)


ARCHIVED = {"includeArchived": True}

REFERENCE_ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("departments", "department.list", body=ARCHIVED),
    Endpoint("locations", "location.list", body=ARCHIVED, date_fields=()),
    Endpoint("sources", "source.list", body=ARCHIVED, date_fields=()),
    Endpoint("archive_reasons", "archiveReason.list", body=ARCHIVED, date_fields=()),
    Endpoint("interview_plans", "interviewPlan.list", body=ARCHIVED),
)
SYNC_ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("users", "user.list", sync=True, body={"includeDeactivated": True}),
    Endpoint("jobs", "job.list", sync=True, body={"status": ["Draft", "Open", "Closed", "Archived"]}),
    Endpoint("candidates", "candidate.list", sync=True),
    Endpoint("applications", "application.list", sync=True),
    Endpoint("application_feedback", "applicationFeedback.list", sync=True, date_fields=("submittedAt",)),
    Endpoint("interview_schedules", "interviewSchedule.list", sync=True),
    # offers carry no updated-at: when decided, else when their latest version was made
    Endpoint("offers", "offer.list", sync=True, date_fields=("decidedAt", "latestVersion.createdAt")),
)
APPLICATIONS = next(e for e in SYNC_ENDPOINTS if e.name == "applications")
INTERVIEW_PLANS = next(e for e in REFERENCE_ENDPOINTS if e.name == "interview_plans")

# Per-parent endpoints: (table, method, parent id field in the request, parent key added to each record).
HISTORY = ("application_history", "application.listHistory", "applicationId")
STAGES = ("interview_stages", "interviewStage.list", "interviewPlanId")

RESOURCES: tuple[str, ...] = (
    *(e.name for e in REFERENCE_ENDPOINTS),
    STAGES[0],
    *(e.name for e in SYNC_ENDPOINTS),
    HISTORY[0],
)
