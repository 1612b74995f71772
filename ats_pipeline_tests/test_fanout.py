"""fan_out: every parent fetched once, concurrently, errors surfaced, over real HTTP."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ats_pipeline.http import AsyncApiClient, InvalidRequestError, RateLimiter
from ats_pipeline.sandbox.emulator.serving import BackgroundServer
from ats_pipeline.sources.fanout import fan_out


class Counter:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.in_flight = 0
        self.peak = 0
        self.seen: list[int] = []


def _app(counter: Counter) -> Starlette:
    async def children(request: Request) -> JSONResponse:
        parent = int(request.path_params["parent"])
        if parent == 13:
            return JSONResponse({"message": "bad parent"}, status_code=400)
        with counter.lock:
            counter.in_flight += 1
            counter.peak = max(counter.peak, counter.in_flight)
            counter.seen.append(parent)
        await asyncio.sleep(0.02)
        with counter.lock:
            counter.in_flight -= 1
        return JSONResponse([{"parent": parent, "n": i} for i in range(parent % 3)])

    return Starlette(routes=[Route("/children/{parent}", children)])


async def _fetch(api: AsyncApiClient, parent: int) -> list[dict]:
    return (await api.get(f"children/{parent}")).json()


def test_every_parent_once_concurrently_within_the_rate() -> None:
    counter = Counter()
    limiter = RateLimiter(200, 1)
    with BackgroundServer(_app(counter)) as server:
        started = time.monotonic()
        pages = list(
            fan_out(
                [p for p in range(1, 301) if p != 13],
                _fetch,
                client=lambda: AsyncApiClient(server.url + "/", connection="t", rate_limiter=limiter),
                concurrency=8,
            )
        )
        elapsed = time.monotonic() - started
    assert sorted(counter.seen) == [p for p in range(1, 301) if p != 13]
    assert 1 < counter.peak <= 8
    records = [r for page in pages for r in page]
    assert len(records) == sum(p % 3 for p in range(1, 301) if p != 13)
    assert elapsed >= 1.0  # 299 requests at 200/s cannot finish sooner


def test_the_first_error_is_raised_in_the_consumer() -> None:
    counter = Counter()
    with BackgroundServer(_app(counter)) as server, pytest.raises(InvalidRequestError, match="400"):
        list(
            fan_out(
                range(1, 100),
                _fetch,
                client=lambda: AsyncApiClient(server.url + "/", connection="t"),
                concurrency=4,
            )
        )
