"""Lever Data API v1 calls: Basic auth with the API key, ``limit`` + ``offset`` token paging, token-bucket pacing.

Lever sends no rate-limit headers, so the limiter is configured with none (it paces by the configured token bucket
alone) and a 429 is retried with exponential backoff. Follow-up pages resend the first request's parameters plus
``offset=<next>``, the token passed back unchanged (Lever accepts it URL-encoded once more, as tap-lever sends it).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from ats_pipeline.http import ApiClient, AsyncApiClient, BasicAuth, RateLimiter, RequestStats, RetryPolicy
from ats_pipeline.http.pages import Pages

from .settings import LeverOptions

Page = list[dict[str, Any]]
Params = Mapping[str, Any]


def to_ms(value: datetime | str) -> int:
    """Epoch milliseconds (Lever's timestamp format) of an instant; naive values are UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return int(value.timestamp() * 1000)


class Envelope(BaseModel):
    """Every Lever list answer: a page of records and, unless it is the last page, the token of the next one."""

    model_config = ConfigDict(extra="ignore")

    data: list[dict[str, Any]]
    hasNext: bool = False  # Lever's spelling
    next: str | None = None

    @model_validator(mode="after")
    def _token_when_more(self) -> Envelope:
        if self.hasNext and not self.next:
            raise ValueError("hasNext is true but no next token was given")
        return self

    @classmethod
    def parse(cls, path: str, body: Any) -> Envelope:
        try:
            return cls.model_validate(body)
        except ValidationError as exc:
            # Name the problem, never the values: a malformed page may carry personal data.
            first = exc.errors(include_input=False, include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"]) or "body"
            raise ValueError(f"GET /{path}: not a Lever list answer: {where}: {first['msg']}") from None

    @property
    def following(self) -> str | None:
        return self.next if self.hasNext else None


class _FanOutClient:
    """An ``AsyncApiClient`` for one fan-out: same auth and limiter as the connection; its request counts are added
    to the connection's when it closes (each fan-out runs its own event loop, and httpx clients belong to one)."""

    def __init__(self, owner: LeverClient) -> None:
        self._owner = owner
        self._api: AsyncApiClient | None = None

    async def __aenter__(self) -> AsyncApiClient:
        self._api = self._owner.async_api()
        return self._api

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._api is not None:
            await self._api.aclose()
            self._owner.stats.add(**self._api.stats.as_dict())


class LeverClient:
    def __init__(self, *, connection: str, base_url: str, api_key: str, options: LeverOptions) -> None:
        self.connection = connection
        self.page_size = options.page_size
        self.concurrency = options.concurrency
        self._base_url = base_url.rstrip("/") + "/"
        self._auth = BasicAuth(api_key, "")
        self._retry = RetryPolicy(max_attempts=options.max_attempts)
        self._timeout = options.timeout_seconds
        limits = options.rate_limit
        # One limiter per connection, shared by the sync client and every fan-out client: one budget.
        self.rate_limiter = RateLimiter(
            limits.requests,
            limits.per_seconds,
            burst=limits.burst,
            limit_header=None,
            remaining_header=None,
            reset_header=None,
        )
        self.api = ApiClient(self._base_url, **self._client_options())

    @property
    def stats(self) -> RequestStats:
        return self.api.stats

    def _client_options(self) -> dict[str, Any]:
        return {
            "connection": self.connection,
            "vendor": "lever",
            "auth": self._auth,
            "rate_limiter": self.rate_limiter,
            "retry": self._retry,
            "timeout": self._timeout,
        }

    def async_api(self) -> AsyncApiClient:
        return AsyncApiClient(self._base_url, **self._client_options())

    def fan_out_client(self) -> _FanOutClient:
        return _FanOutClient(self)

    def list_pages(self, path: str, params: Params | None = None) -> Iterator[Page]:
        """Yield each non-empty page of ``GET /<path>``."""
        return iter(self.list_pass(path, params))

    def list_pass(self, path: str, params: Params | None = None, resume: str | None = None) -> Pages:
        """The pages of ``GET /<path>``, from ``resume`` (an ``offset`` token Lever handed out) if given."""
        query = {"limit": self.page_size, **(params or {})}

        def fetch(offset: str | None) -> tuple[Page, str | None]:
            body = Envelope.parse(
                path, self.api.get(path, params={**query, **({"offset": offset} if offset else {})}).json()
            )
            return body.data, body.following

        return Pages(fetch, resume)

    async def alist_pages(self, api: AsyncApiClient, path: str, params: Params | None = None) -> AsyncIterator[Page]:
        """Async twin of ``list_pages`` on a fan-out client."""
        query = {"limit": self.page_size, **(params or {})}
        while True:
            body = Envelope.parse(path, (await api.get(path, params=query)).json())
            if body.data:
                yield body.data
            if body.following is None:
                return
            query = {**query, "offset": body.following}

    def close(self) -> None:
        self.api.close()
