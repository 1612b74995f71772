"""Workable SPI v3 calls: list pages that follow ``paging.next`` verbatim, and per-parent async fetches."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from ats_pipeline.http import ApiClient, AsyncApiClient, BearerAuth, InvalidRequestError, RateLimiter, RetryPolicy
from ats_pipeline.http.pages import Pages

from .settings import LIMIT_HEADER, REMAINING_HEADER, RESET_HEADER, WorkableOptions

Records = list[dict[str, Any]]


def format_timestamp(value: datetime | str) -> str:
    """Workable's own timestamp format (ISO 8601, whole seconds, ``Z``), so string cursors compare in order."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def page_records(body: Any, key: str | None, path: str) -> tuple[Records, str | None]:
    """The records of one response and the next page's URL (None on the last page)."""
    if isinstance(body, list):  # e.g. /disqualification_reasons: a bare, unpaged array
        return body, None
    if not isinstance(body, dict) or (key is not None and not isinstance(body.get(key), list)):
        raise ValueError(f"GET {path}: expected an object with a {key!r} list, got {type(body).__name__}")
    paging = body.get("paging") or {}
    return body[key] if key else [], paging.get("next") or None


class WorkableClient:
    def __init__(self, *, connection: str, base_url: str, token: str, options: WorkableOptions) -> None:
        self.connection = connection
        self.limit = options.limit
        self._base_url = base_url.rstrip("/") + "/"
        self._auth = BearerAuth(token)
        self._retry = RetryPolicy(max_attempts=options.max_attempts)
        self._timeout = options.timeout_seconds
        # One limiter per connection, shared by the sync client and every async fan-out client: one budget.
        self.limiter = RateLimiter(
            options.rate_limit.requests,
            options.rate_limit.per_seconds,
            burst=options.rate_limit.burst,
            limit_header=LIMIT_HEADER,
            remaining_header=REMAINING_HEADER,
            reset_header=RESET_HEADER,
        )
        self.api = ApiClient(
            self._base_url,
            connection=connection,
            vendor="workable",
            auth=self._auth,
            rate_limiter=self.limiter,
            retry=self._retry,
            timeout=self._timeout,
        )

    @property
    def stats(self) -> Any:
        return self.api.stats

    def list_pages(self, path: str, key: str | None, params: Mapping[str, str] | None = None) -> Iterator[Records]:
        """Yield each page of ``GET /spi/v3/<path>``."""
        return iter(self.list_pass(path, key, params))

    def list_pass(
        self, path: str, key: str | None, params: Mapping[str, str] | None = None, resume: str | None = None
    ) -> Pages:
        """The pages of ``GET /spi/v3/<path>``, from ``resume`` (a ``paging.next`` URL) if given; later pages come
        from ``paging.next``, used verbatim (it carries ``since_id`` and the filters, and may point to the
        account-scoped URL form)."""

        def fetch(position: str | None) -> tuple[Records, str | None]:
            if position is None:
                response = self.api.get(path, params={"limit": str(self.limit), **(params or {})})
            else:
                response = self.api.get(position)
            return page_records(response.json(), key, path)

        return Pages(fetch, resume)

    @asynccontextmanager
    async def async_api(self) -> AsyncIterator[AsyncApiClient]:
        """An async client for ``fan_out`` on the shared limiter; its request counts join this client's."""
        api = AsyncApiClient(
            self._base_url,
            connection=self.connection,
            vendor="workable",
            auth=self._auth,
            rate_limiter=self.limiter,
            retry=self._retry,
            timeout=self._timeout,
        )
        try:
            async with api:
                yield api
        finally:
            self.stats.add(**api.stats.as_dict())

    @staticmethod
    async def candidate(api: AsyncApiClient, candidate_id: str) -> Records:
        """``GET /candidates/:id`` (the full profile); nothing when the candidate went away since it was listed."""
        try:
            response = await api.get(f"candidates/{candidate_id}")
        except InvalidRequestError as error:
            if error.status == 404:
                return []
            raise
        return [response.json()["candidate"]]

    @staticmethod
    async def job_stages(api: AsyncApiClient, shortcode: str) -> Records:
        """``GET /jobs/:shortcode/stages``: the job's own pipeline (slug, name, kind, position); nothing when the job
        went away since its candidate was listed."""
        path = f"jobs/{shortcode}/stages"
        try:
            response = await api.get(path)
        except InvalidRequestError as error:
            if error.status == 404:
                return []
            raise
        records, _ = page_records(response.json(), "stages", path)
        return records

    async def activities(self, api: AsyncApiClient, shortcode: str, since_id: str | None) -> Records:
        """Every page of ``GET /jobs/:shortcode/activities`` from ``since_id`` (inclusive) on."""
        params = {"limit": str(self.limit), **({"since_id": since_id} if since_id else {})}
        path = f"jobs/{shortcode}/activities"
        response = await api.get(path, params=params)
        records: Records = []
        while True:
            page, following = page_records(response.json(), "activities", path)
            records.extend(page)
            if not following:
                return records
            response = await api.get(following)

    def close(self) -> None:
        self.api.close()
