"""The dlt resources of a Workable connection.

- Reference lists (jobs, stages, members, disqualification reasons): re-read whole and ``replace``d on every sync;
  a handful of requests, and replacing also removes what was deleted.
- ``candidates``: the list ``GET /candidates?updated_after=<cursor>`` (inclusive; dlt drops the boundary records
  it already loaded) drives everything else. Its cursor (``updated_at``) lives in dlt state and is committed with
  the load. For each changed candidate the full profile ``GET /candidates/:id`` is fetched (``fan_out``) and
  ``merge``d on ``id``: disqualification time, education and experience only come with the profile (option
  ``candidate_profiles: false`` keeps the list records and saves those requests).
- ``job_stages``: each job's own pipeline ``GET /jobs/:shortcode/stages`` (slug, name, kind, position; the account
  ``stages`` list has one order for every job, which is not each job's), for the jobs of the changed candidates
  only (one call per job), ``merge``d on ``<shortcode>:<slug>``. Activities name these stages; funnels need
  each job's order.
- ``activities`` (stage history): ``GET /jobs/:shortcode/activities`` for the jobs of the changed candidates only,
  each from the last activity id loaded for that job (``since_id``, per-job marks in dlt state), so a sync gets
  exactly the new activities. One call per changed job instead of one per changed candidate. The copy of the
  candidate's name that activities carry is dropped: PII lives in ``candidates`` alone, where anonymizations
  reach it.

Workable has no deleted lists and no delete webhooks: deletions are found by *reconciliation* (``tombstones``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import dlt
from dlt.sources import DltResource

from ats_pipeline.http import AsyncApiClient
from ats_pipeline.sources.fanout import fan_out
from ats_pipeline.sources.registry import SyncWindow
from ats_pipeline.sources.slices import SliceBudget, sliced_pass

from .client import Records, WorkableClient, format_timestamp
from .settings import ACTIVITIES, CANDIDATES, JOB_STAGES, Endpoint, activity_columns, candidate_columns

# Rows carrying this column set to true delete their record (and its nested rows) from the warehouse.
DELETED_COLUMN = "_ats_deleted"


def reference(client: WorkableClient, endpoint: Endpoint) -> DltResource:
    def rows() -> Iterator[Records]:
        for page in client.list_pages(endpoint.name, endpoint.key, dict(endpoint.params)):
            if endpoint.primary_key != "id":
                # Every table carries ``id`` (reconciliation and the warehouse tooling read it).
                page = [{**record, "id": record[endpoint.primary_key]} for record in page]
            yield page

    return dlt.resource(rows, name=endpoint.name, primary_key="id", write_disposition="replace")


def candidate_changes(client: WorkableClient, window: SyncWindow, slices: SliceBudget | None = None) -> DltResource:
    """The candidates list, incremental on ``updated_at``; feeds the transformers, loads nothing itself. A long
    pass is loaded in slices (``sources/slices.py``), resumed from the stored ``paging.next`` URL."""
    initial = format_timestamp(window.start) if window.start else None
    end = format_timestamp(window.end) if window.end else None

    def changes(
        cursor: dlt.sources.incremental[str] = dlt.sources.incremental(
            "updated_at", initial_value=initial, end_value=end, range_start="closed", range_end="open"
        ),
    ) -> Iterator[Records]:
        params = {"updated_after": cursor.start_value} if cursor.start_value else None
        yield from sliced_pass(
            lambda resume: client.list_pass(CANDIDATES, CANDIDATES, params, resume),
            slices,
            "candidate_changes",
            cursor=cursor,
        )

    return dlt.resource(changes, name="candidate_changes", selected=False)


def candidates(client: WorkableClient, changes: DltResource, concurrency: int, profiles: bool = True) -> DltResource:
    def details(page: Records) -> Iterator[Records]:
        ids = [record["id"] for record in page]
        if not ids:
            return
        if not profiles:
            yield page
            return
        fetched = fan_out(ids, WorkableClient.candidate, client=client.async_api, concurrency=concurrency)
        records = [record for chunk in fetched for record in chunk]
        if records:
            yield records

    return dlt.transformer(
        details,
        data_from=changes,
        name=CANDIDATES,
        primary_key="id",
        write_disposition="merge",
        columns=candidate_columns(profiles),
    )


def job_stages(client: WorkableClient, changes: DltResource, concurrency: int) -> DltResource:
    fetched_jobs: set[str] = set()  # jobs already read in this run (their candidates span several pages)

    def stages_of_jobs(page: Records) -> Iterator[Records]:
        codes = sorted({r["job"]["shortcode"] for r in page if r.get("job")} - fetched_jobs)
        if not codes:
            return
        fetched_jobs.update(codes)

        async def fetch(api: AsyncApiClient, code: str) -> Records:
            # stages have no id: the slug is unique within a job
            return [
                {**stage, "id": f"{code}:{stage['slug']}", "job_shortcode": code}
                for stage in await WorkableClient.job_stages(api, code)
            ]

        yield from fan_out(codes, fetch, client=client.async_api, concurrency=concurrency)

    return dlt.transformer(
        stages_of_jobs, data_from=changes, name=JOB_STAGES, primary_key="id", write_disposition="merge"
    )


def activities(client: WorkableClient, changes: DltResource, window: SyncWindow, concurrency: int) -> DltResource:
    fetched_jobs: set[str] = set()  # jobs already read in this run (their candidates span several pages)
    keep_marks = window.end is None  # a bounded backfill must not move the marks
    start = format_timestamp(window.start) if window.start else None
    end = format_timestamp(window.end) if window.end else None

    def wanted(record: dict[str, Any], since: str | None) -> bool:
        if record["id"] == since:  # since_id is inclusive: the mark itself was loaded last time
            return False
        created = format_timestamp(record["created_at"])
        return (start is None or created >= start) and (end is None or created < end)

    def job_activities(page: Records) -> Iterator[Records]:
        codes = sorted({r["job"]["shortcode"] for r in page if r.get("job")} - fetched_jobs)
        if not codes:
            return
        fetched_jobs.update(codes)
        marks: dict[str, str] = dlt.current.resource_state().setdefault("since_id", {}) if keep_marks else {}
        newest: dict[str, str] = {}  # written by the fan-out worker, applied here once it is done

        async def fetch(api: AsyncApiClient, code: str) -> Records:
            since = marks.get(code)
            served = await client.activities(api, code, since)
            if served:
                newest[code] = served[-1]["id"]  # records come in id order: the last one is the new mark
            return [_activity(record, code) for record in served if wanted(record, since)]

        yield from fan_out(codes, fetch, client=client.async_api, concurrency=concurrency)
        if keep_marks:
            marks.update(newest)

    return dlt.transformer(
        job_activities,
        data_from=changes,
        name=ACTIVITIES,
        primary_key="id",
        write_disposition="merge",
        columns=activity_columns(),
    )


def _activity(record: dict[str, Any], shortcode: str) -> dict[str, Any]:
    row = {**record, "job_shortcode": shortcode}
    if isinstance(record.get("candidate"), dict):
        row["candidate"] = {"id": record["candidate"].get("id")}
    return row


# --- reconciliation ------------------------------------------------------------------------------------------------


def tombstones(name: str, known: set[Any], live: Callable[[], set[Any]]) -> DltResource:
    """Hard-delete rows for the ids the warehouse holds but the API no longer lists."""

    def deletions() -> Iterator[Records]:
        if not known:
            return  # nothing loaded yet, nothing to compare: skip the crawl
        gone = sorted(known - live())
        for start in range(0, len(gone), 1000):
            yield [{"id": record_id, DELETED_COLUMN: True} for record_id in gone[start : start + 1000]]

    return dlt.resource(
        deletions,
        name=name,
        primary_key="id",
        write_disposition="merge",
        columns={DELETED_COLUMN: {"data_type": "bool", "hard_delete": True}},
    )


def live_candidates(client: WorkableClient) -> set[str]:
    return {record["id"] for page in client.list_pages(CANDIDATES, CANDIDATES) for record in page}


def live_activities(client: WorkableClient, concurrency: int) -> set[str]:
    codes = [job["shortcode"] for page in client.list_pages("jobs", "jobs") for job in page]

    async def fetch(api: AsyncApiClient, code: str) -> Records:
        return await client.activities(api, code, None)

    served = fan_out(codes, fetch, client=client.async_api, concurrency=concurrency)
    return {record["id"] for records in served for record in records}
