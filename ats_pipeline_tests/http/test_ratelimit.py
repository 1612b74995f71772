"""Client-side pacing against real rate-limiting servers on loopback, and header adaptation."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ats_pipeline.http import ApiClient, AsyncApiClient, RateLimiter, RetryPolicy
from ats_pipeline.sandbox.emulator.serving import BackgroundServer

from .servers import FixedWindow, TokenBucket, rate_limited_app

LIMIT, WINDOW, DURATION = 20, 1.0, 3.0
ALLOWED = LIMIT * DURATION / WINDOW  # what the server accepts in DURATION seconds
# One attempt only: a 429 must surface as a failure here, not be retried away.
NO_RETRY = RetryPolicy(max_attempts=1)


def served_in_run(served: list[float]) -> int:
    """Requests the server accepted within DURATION of the first one."""
    return sum(1 for t in served if t < served[0] + DURATION)


def test_threads_stay_under_fixed_window_and_use_the_budget() -> None:
    hits: Counter = Counter()
    served: list[float] = []
    with BackgroundServer(rate_limited_app(FixedWindow(LIMIT, WINDOW), hits, served)) as srv:
        client = ApiClient(srv.url, connection="gh", rate_limiter=RateLimiter(LIMIT, WINDOW), retry=NO_RETRY)
        deadline = time.monotonic() + DURATION
        errors: list[BaseException] = []

        def work() -> None:
            try:
                while time.monotonic() < deadline:
                    client.get("/items")
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        client.close()
    assert not errors, errors[:1]
    assert hits["429"] == 0 and client.stats.throttled == 0
    assert served_in_run(served) >= 0.9 * ALLOWED


def test_async_tasks_stay_under_token_bucket_and_use_the_budget() -> None:
    hits: Counter = Counter()
    served: list[float] = []

    async def main(url: str) -> None:
        limiter = RateLimiter(LIMIT, WINDOW)
        async with AsyncApiClient(url, connection="lever", rate_limiter=limiter, retry=NO_RETRY) as client:

            async def work() -> None:
                while True:
                    await client.get("/items")

            tasks = [asyncio.create_task(work()) for _ in range(50)]
            await asyncio.sleep(DURATION + 0.1)
            for task in tasks:
                task.cancel()
            results = await asyncio.gather(*tasks, return_exceptions=True)
            assert all(isinstance(r, asyncio.CancelledError) for r in results), results
            assert client.stats.throttled == 0

    with BackgroundServer(rate_limited_app(TokenBucket(LIMIT, LIMIT / WINDOW), hits, served)) as srv:
        asyncio.run(main(srv.url))
    assert hits["429"] == 0
    assert served_in_run(served) >= 0.9 * ALLOWED


def test_fifty_concurrent_requests_under_a_limiter() -> None:
    hits: Counter = Counter()
    served: list[float] = []

    async def main(url: str) -> None:
        limiter = RateLimiter(25, 0.5)
        async with AsyncApiClient(url, connection="c", rate_limiter=limiter, retry=NO_RETRY) as client:
            responses = await asyncio.gather(*(client.get("/items") for _ in range(50)))
            assert all(r.status_code == 200 for r in responses)

    with BackgroundServer(rate_limited_app(FixedWindow(25, 0.5), hits, served)) as srv:
        asyncio.run(main(srv.url))
    assert hits["200"] == 50 and hits["429"] == 0
    # Two windows' worth, timed where the limiter acts (arrivals at the server, not response completion): the
    # second 25 wait for the first window to pass, and nobody waits for a third.
    arrivals = sorted(served)
    assert arrivals[25] - arrivals[0] >= 0.5 * 0.99
    assert arrivals[-1] - arrivals[0] < 1.0


def test_remaining_zero_waits_for_reset() -> None:
    """The server's budget is lower than ours (someone else uses the key): Remaining 0 + Reset must pause us."""
    state = {"reset_at": 0.0}
    hits: Counter = Counter()

    async def endpoint(request: Request) -> Response:
        now = time.time()
        if now < state["reset_at"]:
            hits["429"] += 1
            return JSONResponse({}, status_code=429)
        hits["200"] += 1
        if hits["200"] == 1:
            state["reset_at"] = now + 1.0
            # Seconds-until form of Reset (Workable header spelling).
            return JSONResponse({}, headers={"X-Rate-Limit-Remaining": "0", "X-Rate-Limit-Reset": "1"})
        return JSONResponse({}, headers={"X-Rate-Limit-Remaining": "99"})

    limiter = RateLimiter(
        100,
        1.0,
        limit_header="X-Rate-Limit-Limit",
        remaining_header="X-Rate-Limit-Remaining",
        reset_header="X-Rate-Limit-Reset",
    )
    app = Starlette(routes=[Route("/items", endpoint)])
    with BackgroundServer(app) as srv, ApiClient(srv.url, connection="wk", rate_limiter=limiter, retry=NO_RETRY) as c:
        c.get("/items")
        started = time.monotonic()
        c.get("/items")
        waited = time.monotonic() - started
    assert hits["429"] == 0 and hits["200"] == 2
    assert 0.95 <= waited < 1.5
    assert c.stats.seconds_waited >= 0.95


def test_lower_limit_header_slows_the_pace() -> None:
    times: list[float] = []

    async def endpoint(request: Request) -> Response:
        times.append(time.monotonic())
        return JSONResponse({}, headers={"X-RateLimit-Limit": "5"})

    limiter = RateLimiter(100, 0.5)
    app = Starlette(routes=[Route("/items", endpoint)])
    with BackgroundServer(app) as srv, ApiClient(srv.url, connection="gh", rate_limiter=limiter) as client:
        for _ in range(6):
            client.get("/items")
    assert limiter.effective_limit == 5
    assert times[5] - times[0] >= 0.5  # the 6th waited for the first to leave the (server's) window


def test_observe_reads_epoch_resets_and_vendor_header_names() -> None:
    limiter = RateLimiter(
        10,
        10.0,
        limit_header="X-Rate-Limit-Limit",
        remaining_header="X-Rate-Limit-Remaining",
        reset_header="X-Rate-Limit-Reset",
    )
    request = httpx.Request("GET", "https://acme.workable.com/spi/v3/candidates")
    reset = time.time() + 4
    headers = {"X-Rate-Limit-Limit": "8", "X-Rate-Limit-Remaining": "0", "X-Rate-Limit-Reset": f"{reset:.3f}"}
    limiter.observe(httpx.Response(200, headers=headers, request=request))
    assert limiter.effective_limit == 8
    # A request now would have to wait for the (epoch) reset, about 4 s away.
    assert 3.5 < limiter._try_take() <= 4.1
    # Absurd epoch (clock skew) is capped.
    skewed = RateLimiter(10, 10.0, max_header_wait=5)
    far = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(time.time()) + 86_400)}
    skewed.observe(httpx.Response(200, headers=far, request=request))
    assert 4.5 < skewed._try_take() <= 5.1


def test_burst_above_limit_is_a_token_bucket() -> None:
    limiter = RateLimiter(10, 1.0, burst=20)  # Lever: 10/s steady, bursts of 20
    assert all(limiter._try_take() == 0 for _ in range(20))
    wait = limiter._try_take()
    assert 0.05 < wait <= 0.11  # one token refills in ~0.1 s
