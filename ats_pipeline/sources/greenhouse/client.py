"""Greenhouse Harvest v3 list calls: filters on the first request, then the opaque ``Link: rel="next"`` cursor."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from ats_pipeline.http import ApiClient, OAuthClientCredentials, RateLimiter, RetryPolicy
from ats_pipeline.http.pages import Pages

from .settings import GreenhouseOptions


def format_timestamp(value: datetime | str) -> str:
    """Greenhouse's own timestamp format (ISO 8601, milliseconds, ``Z``), so string cursors compare in order."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def date_filter(start: str | None, end: str | None) -> str | None:
    """The v3 filter grammar: ``gte|<start>`` with an optional ``|lt|<end>`` (dlt windows are half-open)."""
    parts = []
    if start:
        parts += ["gte", start]
    if end:
        parts += ["lt", end]
    return "|".join(parts) or None


class GreenhouseClient:
    def __init__(
        self,
        *,
        connection: str,
        base_url: str,
        token_url: str,
        client_id: str,
        client_secret: str,
        options: GreenhouseOptions,
    ) -> None:
        self.per_page = options.per_page
        self.api = ApiClient(
            base_url.rstrip("/") + "/",
            connection=connection,
            vendor="greenhouse",
            auth=OAuthClientCredentials(token_url, client_id, client_secret, connection=connection),
            rate_limiter=RateLimiter(
                options.rate_limit.requests, options.rate_limit.per_seconds, burst=options.rate_limit.burst
            ),
            retry=RetryPolicy(max_attempts=options.max_attempts),
            timeout=options.timeout_seconds,
        )

    def list_pages(self, resource: str, filters: dict[str, str] | None = None) -> Iterator[list[dict[str, Any]]]:
        """Yield each page of ``GET /v3/<resource>``."""
        return iter(self.list_pass(resource, filters))

    def list_pass(self, resource: str, filters: dict[str, str] | None = None, resume: str | None = None) -> Pages:
        """The pages of ``GET /v3/<resource>``, from ``resume`` (a ``next`` link) if given. Only the first request
        carries filters: Greenhouse answers 422 when anything accompanies ``cursor``, so follow-up URLs are used
        verbatim."""

        def fetch(position: str | None) -> tuple[list[dict[str, Any]], str | None]:
            if position is None:
                response = self.api.get(resource, params={"per_page": self.per_page, **(filters or {})})
            else:
                response = self.api.get(position)
            page = response.json()
            if not isinstance(page, list):
                raise ValueError(f"GET /v3/{resource}: expected a JSON array, got {type(page).__name__}")
            return page, response.links.get("next", {}).get("url")

        return Pages(fetch, resume)

    def close(self) -> None:
        self.api.close()
