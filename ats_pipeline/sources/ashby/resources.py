"""The dlt resources of an Ashby connection.

- Reference lists (departments, locations, sources, archive reasons, interview plans): no sync token, read whole and
  ``replace``d on every sync (a handful of requests; deletions included).
- ``syncToken`` lists (users, jobs, candidates, applications, feedback, interview schedules, offers): ``merge`` on
  ``id``. The first sync is a full pass; the token Ashby hands out on its last page is kept in the resource's dlt
  state, which dlt commits with the load, so a failed run never skips changes. Later syncs send it and get the
  records changed since. An expired token is answered ``sync_token_expired``: the resource falls back to a full pass.
  A long pass is loaded in slices (``sources/slices.py``): the next run resumes it from the stored ``cursor``, or
  reads it again if that cursor has expired. A backfill window reads a full pass filtered client-side (sliced too,
  under a position of its own) and leaves the stored token alone.
- Per-parent endpoints, fetched concurrently with ``fan_out`` on the connection's rate limiter:
  ``application_history`` for exactly the applications the pass returned (changed since the last sync), and
  ``interview_stages`` for interview plans that are new or whose ``updatedAt`` moved. Both replace a parent's
  children wholesale (``merge_key`` on the parent id), so a removed history item cannot linger.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import dlt
from dlt.sources import DltResource

from ats_pipeline.http import AsyncApiClient
from ats_pipeline.sources.fanout import fan_out, replaced_per_parent
from ats_pipeline.sources.registry import SyncWindow
from ats_pipeline.sources.slices import RESUME_KEY, SliceBudget, sliced, window_resume_key

from .client import AshbyClient, AshbyRequestError, ListPass, Records, SyncTokenExpiredError
from .settings import HISTORY, STAGES, Endpoint

log = logging.getLogger("ats_pipeline.sources.ashby")


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _aware(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)  # naive settings are UTC


class DateFilter:
    """Keep records whose latest date field lies in [start, end); records with none of them are kept."""

    def __init__(self, fields: tuple[str, ...], window: SyncWindow) -> None:
        self.paths = [f.split(".") for f in fields]
        self.start, self.end = _aware(window.start), _aware(window.end)

    @property
    def active(self) -> bool:
        return bool(self.paths) and (self.start is not None or self.end is not None)

    def _when(self, record: dict[str, Any]) -> datetime | None:
        found = []
        for path in self.paths:
            value: Any = record
            for key in path:
                value = value.get(key) if isinstance(value, dict) else None
            if (instant := _instant(value)) is not None:
                found.append(instant)
        return max(found, default=None)

    def __call__(self, page: Records) -> Records:
        if not self.active:
            return page
        kept = []
        for record in page:
            when = self._when(record)
            if when is None or ((self.start is None or when >= self.start) and (self.end is None or when < self.end)):
                kept.append(record)
        return kept


def reference_resource(client: AshbyClient, endpoint: Endpoint) -> DltResource:
    def full() -> Iterator[Records]:
        yield from client.pages(endpoint.method, endpoint.body)

    return dlt.resource(full, name=endpoint.name, primary_key="id", write_disposition="replace")


def sync_resource(
    client: AshbyClient, endpoint: Endpoint, window: SyncWindow, *, backfill: bool, slices: SliceBudget | None = None
) -> DltResource:
    keep = DateFilter(endpoint.date_fields, window)

    def changed() -> Iterator[Records]:
        state = dlt.current.resource_state()
        # A backfill window reads a whole pass (no token) under a resume position of its own: it leaves the stored
        # token and the position of an interrupted incremental pass alone.
        key = window_resume_key(window.start, window.end) if backfill else RESUME_KEY
        token, resume = (None if backfill else state.get("sync_token")), state.get(key)

        passes: list[ListPass] = []

        def pass_from(cursor: str | None, sync_token: str | None) -> Iterator[Records]:
            listing = client.pages(endpoint.method, endpoint.body, sync_token, cursor)
            passes.append(listing)
            kept = (page for page in map(keep, listing) if page)  # a start_date filters client-side
            yield from sliced(kept, lambda: listing.resume, state, slices, endpoint.name, key, backfill)

        try:
            yield from pass_from(resume, token)
        except SyncTokenExpiredError:
            log.warning("%s: %s sync token expired; running a full sync", client.connection, endpoint.method)
            yield from pass_from(None, None)
        except AshbyRequestError as error:
            if resume is None or error.code != "cursor_invalid":
                raise
            # The cursor an earlier run stopped at has expired: read the pass again (merging makes it idempotent).
            log.warning("%s: %s resume cursor expired; restarting the pass", client.connection, endpoint.method)
            yield from pass_from(None, token)
        # set once the pass is over: committed with its last slice, never before (a window never sets it)
        if passes[-1].sync_token and not backfill:
            state["sync_token"] = passes[-1].sync_token

    return dlt.resource(changed, name=endpoint.name, primary_key="id", write_disposition="merge")


def _children(
    client: AshbyClient, method: str, parent_field: str
) -> Callable[[AsyncApiClient, str], Awaitable[Records]]:
    """Fetch one parent's children, each tagged with the parent id (Ashby's children do not carry it)."""

    async def fetch(api: AsyncApiClient, parent: str) -> Records:
        try:
            records = await client.alist(api, method, {parent_field: parent})
        except AshbyRequestError as error:
            if error.code.endswith("_not_found"):
                return []  # deleted since the parent was listed: reconciliation removes it
            raise
        return [{**record, parent_field: parent} for record in records]

    return fetch


def history_transformer(client: AshbyClient) -> DltResource:
    table, method, parent_field = HISTORY
    fetch = _children(client, method, parent_field)

    fetched: set[str] = set()  # without a primary key nothing dedups: fetch each application once per run

    def history(applications: Records) -> Iterator[Records]:
        ids = [a["id"] for a in applications if a["id"] not in fetched]
        fetched.update(ids)
        yield from fan_out(ids, fetch, client=client.async_api, concurrency=client.concurrency)

    return dlt.transformer(history, name=table, **replaced_per_parent(parent_field))


def stages_transformer(client: AshbyClient) -> DltResource:
    table, method, parent_field = STAGES
    fetch = _children(client, method, parent_field)

    def stages(plans: Records) -> Iterator[Records]:
        seen: dict[str, Any] = dlt.current.resource_state(table).setdefault("plans", {})
        changed = [p for p in plans if seen.get(p["id"]) != p.get("updatedAt")]
        yield from fan_out([p["id"] for p in changed], fetch, client=client.async_api, concurrency=client.concurrency)
        for plan in changed:  # only once its stages were all fetched
            seen[plan["id"]] = plan.get("updatedAt")

    return dlt.transformer(stages, name=table, **replaced_per_parent(parent_field))
