"""Per-parent requests (N+1 endpoints) fetched concurrently, streamed back to a synchronous dlt resource.

Lever's per-opportunity sub-resources, Ashby's ``application.listHistory`` and Workable's activities cost one
request per parent. ``fan_out`` runs them on one asyncio loop in a worker thread with a bounded number in flight
(the client's rate limiter does the pacing), and hands each parent's records back through a bounded queue, so
memory stays flat however many parents there are and dlt keeps consuming pages as they arrive.
Syncs have dlt drain a transformer's generator before it pulls the next parent page (``sync.NEXT_ITEM_MODE``), so
fan-outs do not pile up side by side, each holding its own batch.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from contextlib import AbstractAsyncContextManager
from typing import Any, TypeVar

from ats_pipeline.http import AsyncApiClient
from ats_pipeline.memory import release_free_memory, tune_allocator

Parent = TypeVar("Parent")
Records = list[dict[str, Any]]
FetchOne = Callable[[AsyncApiClient, Parent], Awaitable[Records]]

_DONE = object()


def replaced_per_parent(parent_key: str, columns: dict[str, Any] | None = None) -> dict[str, Any]:
    """dlt hints for a table whose rows are replaced parent by parent (every child of a changed parent is re-sent):
    merged on the parent key alone. With ``id`` as primary key too, dlt's merge joins on ``id OR parent``, a join
    whose cost grows with the table (Ashby's history, slice 10 of a 100k first sync: 3.5 s instead of 0.0 s,
    benchmarks/README.md). The explicit ``primary_key: False`` also clears the hint that warehouses loaded before
    kept in their stored schema. Nothing deduplicates such a table: fetch each parent once per run."""
    return {
        "write_disposition": "merge",
        "merge_key": parent_key,
        "columns": {**(columns or {}), "id": {"primary_key": False}},
    }


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def fan_out(
    parents: Iterable[Parent],
    fetch: FetchOne[Parent],
    *,
    client: Callable[[], AbstractAsyncContextManager[AsyncApiClient]],
    concurrency: int = 16,
    buffer_pages: int = 64,
) -> Iterator[Records]:
    """Yield ``await fetch(client, parent)`` for every parent (non-empty results only, in completion order).

    ``client`` makes the async client inside the worker's event loop (httpx async clients belong to one loop);
    share the connection's ``RateLimiter`` with it so sync and async requests draw on one budget. The first error
    stops the fan-out and is raised here, after in-flight requests are cancelled."""
    tune_allocator()
    results: queue.Queue[Any] = queue.Queue(maxsize=buffer_pages)
    stop = threading.Event()

    async def run() -> None:
        async with client() as api:
            pending: set[asyncio.Task[None]] = set()

            async def one(parent: Parent) -> None:
                records = await fetch(api, parent)
                if records:
                    # Blocks while the consumer is behind: backpressure instead of unbounded memory.
                    await asyncio.to_thread(_put, records)

            def _put(item: Any) -> None:
                while not stop.is_set():
                    try:
                        results.put(item, timeout=0.2)
                        return
                    except queue.Full:
                        continue

            try:
                for parent in parents:
                    if stop.is_set():
                        break
                    while len(pending) >= concurrency:
                        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                        for task in done:
                            task.result()  # re-raise the first failure
                    pending.add(asyncio.create_task(one(parent)))
                for task in asyncio.as_completed(pending):
                    await task
            finally:
                for task in pending:
                    task.cancel()
                await asyncio.gather(*pending, return_exceptions=True)

    def worker() -> None:
        try:
            asyncio.run(run())
            outcome: Any = _DONE
        except BaseException as error:  # noqa: BLE001 - handed to the consuming thread
            outcome = _Failed(error)
        while not stop.is_set():
            try:
                results.put(outcome, timeout=0.2)
                return
            except queue.Full:
                continue

    thread = threading.Thread(target=worker, name="fan-out", daemon=True)
    thread.start()
    try:
        while True:
            item = results.get()
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        stop.set()
        thread.join(timeout=30)
        # The batch's bodies, pages and threads are gone: give their memory back, or the heaps keep it.
        release_free_memory()


async def collect(pages: AsyncIterator[Records]) -> Records:
    """All records of a paginated per-parent listing (parents have few children: one list is fine)."""
    records: Records = []
    async for page in pages:
        records.extend(page)
    return records
