"""Workable SPI v3: connection options and the endpoint catalogue (constants only)."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field, HttpUrl, model_validator

from ats_pipeline.sources.options import ConnectionOptions, RateLimitOptions, check_env_name

API_PATH = "/spi/v3"
# Workable's documented rate-limit headers (note the hyphen in "Rate-Limit", unlike Greenhouse).
LIMIT_HEADER = "X-Rate-Limit-Limit"
REMAINING_HEADER = "X-Rate-Limit-Remaining"
RESET_HEADER = "X-Rate-Limit-Reset"


class WorkableOptions(ConnectionOptions):
    """Options of a ``vendor: workable`` connection (plus those of ``ConnectionOptions``)."""

    subdomain: str | None = Field(
        None,
        pattern=r"^[a-z0-9][a-z0-9-]{0,62}$",
        description="The account's subdomain: https://<subdomain>.workable.com/spi/v3.",
    )
    base_url: HttpUrl | None = Field(None, description="Overrides the URL derived from the subdomain.")
    token_env: str = Field("WORKABLE_TOKEN", description="Environment variable holding the API access token.")
    limit: int = Field(100, ge=1, le=100, description="Records per page (the API allows at most 100).")
    candidate_profiles: bool = Field(
        True,
        description="Fetch the full profile of each changed candidate (one request each: disqualification time, "
        "education, experience). Off: candidates keep the list shape, for accounts where requests are scarce.",
    )
    # Account tokens: 10 requests per 10 s (OAuth/partner tokens: 50). The client also follows X-Rate-Limit-*.
    rate_limit: RateLimitOptions = RateLimitOptions(requests=10, per_seconds=10)

    @model_validator(mode="after")
    def _target(self) -> WorkableOptions:
        check_env_name("token_env", self.token_env)
        if not self.sandbox and self.subdomain is None and self.base_url is None:
            raise ValueError("set subdomain (or base_url) unless the connection uses the sandbox")
        return self

    def api_url(self) -> str:
        if self.base_url is not None:
            return str(self.base_url).rstrip("/")
        return f"https://{self.subdomain or 'unknown'}.workable.com{API_PATH}"


@dataclass(frozen=True)
class Endpoint:
    """A reference list re-read whole on every sync (few records, no date filter worth keeping state for)."""

    name: str  # table and path
    key: str | None  # the body's list key; None for an endpoint answering a bare JSON array
    primary_key: str = "id"
    params: tuple[tuple[str, str], ...] = ()


REFERENCE_ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("jobs", "jobs"),
    # The account pipeline; stages have no id, their slug is the key (copied to ``id`` by the source).
    Endpoint("stages", "stages", primary_key="slug"),
    # Members default to active ones only: ask for all so deactivated members keep their names.
    Endpoint("members", "members", params=(("status", "all"),)),
    Endpoint("disqualification_reasons", None),
)

# Incremental and per-parent resources (see ``__init__.py``).
CANDIDATES = "candidates"
ACTIVITIES = "activities"
JOB_STAGES = "job_stages"
RESOURCES: tuple[str, ...] = (*(e.name for e in REFERENCE_ENDPOINTS), CANDIDATES, ACTIVITIES, JOB_STAGES)
# Nested tables dlt derives that the dbt staging models read, with their resource.
CHILD_TABLES: dict[str, str] = {
    "jobs__department_hierarchy": "jobs",
    "members__roles": "members",
    "candidates__education_entries": CANDIDATES,
    "candidates__experience_entries": CANDIDATES,
}

# Column types of documented fields that are often null (and would otherwise be missing from a table until some
# record carries a value): the warehouse schema stays the same whatever the data. Functions, not constants: dlt
# writes into the hint dicts it is given.
_CANDIDATE_TEXT = (
    "name", "firstname", "lastname", "headline", "email", "phone", "address", "domain", "stage", "stage_kind",
    "disqualification_reason", "image_url", "outbound_mailbox", "uploader_id", "cover_letter", "summary",
    "resume_url", "originating_candidate_id", "location__location_str", "location__city",
)  # fmt: skip
_ACTIVITY_TEXT = ("stage_name", "body", "action_stage__name", "target_stage__name", "member__id", "member__name")


# Fields of the candidates *list*; the profile adds the others.
_LIST_FIELDS = frozenset(
    ("name", "firstname", "lastname", "headline", "email", "phone", "address", "domain", "stage", "stage_kind",
     "disqualification_reason", "hired_at")
)  # fmt: skip


def candidate_columns(profiles: bool = True) -> dict[str, dict[str, str]]:
    """Typed candidate columns: those of the profile, or only the list's when profiles are not fetched."""
    columns = {name: {"data_type": "text"} for name in _CANDIDATE_TEXT}
    columns |= {name: {"data_type": "timestamp"} for name in ("hired_at", "disqualified_at")}
    return {k: v for k, v in columns.items() if profiles or k in _LIST_FIELDS}


def activity_columns() -> dict[str, dict[str, str]]:
    columns = {name: {"data_type": "text"} for name in _ACTIVITY_TEXT}
    return columns | {name: {"data_type": "bigint"} for name in ("action_stage__id", "target_stage__id")}
