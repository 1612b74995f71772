"""The dlt resources of a Lever connection (the module docstring of ``__init__`` explains the strategy).

Rows flagged ``_ats_deleted`` are hard deletes: they remove the record with that ``id`` - and, in the
per-opportunity tables (merge key ``opportunityId``), every row of that opportunity - together with nested rows.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import dlt
from dlt.sources import DltResource

from ats_pipeline.http import AsyncApiClient, InvalidRequestError
from ats_pipeline.sources.fanout import fan_out, replaced_per_parent
from ats_pipeline.sources.registry import SyncWindow
from ats_pipeline.sources.slices import SliceBudget, sliced_pass

from .client import LeverClient, Page, to_ms
from .deletions import DeletedWindow, deleted_since
from .settings import AccountList

DELETED_COLUMN = "_ats_deleted"
HARD_DELETE = {DELETED_COLUMN: {"data_type": "bool", "hard_delete": True}}
# An id-only deletion in a table merged on opportunityId: the empty key matches no opportunity.
NO_OPPORTUNITY = ""

# Often-null fields typed up front: their columns exist from the first load (dlt creates a column only once a value
# arrives), so downstream models can rely on them. Epoch milliseconds are BIGINT.
# The hints are built afresh for every resource: dlt writes each column's name into the hint dict it is given, so
# one dict shared by several columns ends up naming only the last (a column renamed, the others never created).
_MS = "bigint"
_TEXT = "text"
_ARCHIVED = {"archived__archived_at": _MS, "archived__reason": _TEXT}
COLUMNS: dict[str, dict[str, str]] = {
    "opportunities": {**_ARCHIVED, "snoozed_until": _MS, "sourced_by": _TEXT, "name": _TEXT, "headline": _TEXT},
    "applications": {**_ARCHIVED, "requisition_for_hire__id": _TEXT, "posting": _TEXT},
    "interviews": {"canceled_at": _MS},
    "panels": {"canceled_at": _MS},
    "feedback": {"completed_at": _MS},
    "offers": {"sent_at": _MS},
    "users": {"deactivated_at": _MS},
}


def _typed(table: str) -> dict[str, Any] | None:
    hints = COLUMNS.get(table)
    return None if hints is None else {name: {"data_type": data_type} for name, data_type in hints.items()}


def _columns(table: str) -> dict[str, Any]:
    return {**HARD_DELETE, **(_typed(table) or {})}


def tombstone(record_id: str, **keys: Any) -> dict[str, Any]:
    return {"id": record_id, **keys, DELETED_COLUMN: True}


def _ms(value: Any) -> int | None:
    return None if value is None else to_ms(value)


def _deleted_window(window: SyncWindow) -> DeletedWindow:
    return DeletedWindow(_ms(window.start), _ms(window.end))


def _updated_cursor(field: str, window: SyncWindow) -> Any:
    # Closed start: Lever's *_start is inclusive, dlt drops the boundary records it has already loaded.
    # Deletion rows carry no timestamp and pass through ("include").
    return dlt.sources.incremental(
        field,
        initial_value=_ms(window.start),
        end_value=_ms(window.end),
        range_start="closed",
        range_end="open",
        on_cursor_value_missing="include",
    )


def account_list(client: LeverClient, spec: AccountList) -> DltResource:
    def rows() -> Iterator[Page]:
        yield from client.list_pages(spec.name, spec.params)

    # No change filter and a small list: read whole and replaced, so removals need no tombstones.
    return dlt.resource(
        rows, name=spec.name, primary_key=spec.primary_key, write_disposition="replace", columns=_typed(spec.name)
    )


def postings(
    client: LeverClient, window: SyncWindow, confidentiality: str, slices: SliceBudget | None = None
) -> DltResource:
    cursor = _updated_cursor("updatedAt", window)

    def rows(updated: dlt.sources.incremental[int] = cursor) -> Iterator[Page]:
        for page in deleted_since(client, "postings/deleted", _deleted_window(window), "deleted"):
            yield [tombstone(item["id"]) for item in page]
        # No server-side change filter for postings: the list is read whole and the cursor drops unchanged ones.
        params = {"confidentiality": confidentiality}
        yield from sliced_pass(lambda at: client.list_pass("postings", params, at), slices, "postings", cursor=updated)

    return dlt.resource(rows, name="postings", primary_key="id", write_disposition="merge", columns=HARD_DELETE)


def opportunities(
    client: LeverClient, window: SyncWindow, confidentiality: str, slices: SliceBudget | None = None
) -> DltResource:
    cursor = _updated_cursor("updatedAt", window)

    def rows(updated: dlt.sources.incremental[int] = cursor) -> Iterator[Page]:
        # Deletions first, through this resource, so the per-opportunity tables see them and cascade.
        for page in deleted_since(client, "opportunities/deleted", _deleted_window(window), "deleted"):
            yield [tombstone(item["id"]) for item in page]
        params: dict[str, Any] = {"confidentiality": confidentiality}
        if updated.start_value is not None:
            params["updated_at_start"] = updated.start_value
        if updated.end_value is not None:
            params["updated_at_end"] = updated.end_value - 1  # Lever's end is inclusive, dlt's window is not
        yield from sliced_pass(
            lambda at: client.list_pass("opportunities", params, at), slices, "opportunities", cursor=updated
        )

    return dlt.resource(
        rows, name="opportunities", primary_key="id", write_disposition="merge", columns=_columns("opportunities")
    )


def opportunity_child(client: LeverClient, name: str, parent: DltResource, concurrency: int) -> DltResource:
    """``GET /opportunities/{id}/<name>`` for every opportunity the parent emits (only changed ones: the parent is
    incremental), ``concurrency`` at a time. Each opportunity's rows replace the ones stored for it (merge key
    ``opportunityId``, added to every record); an opportunity with none left, or deleted, gets a deletion row."""

    async def fetch(api: AsyncApiClient, opportunity: str) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = []
        try:
            async for page in client.alist_pages(api, f"opportunities/{opportunity}/{name}"):
                records.extend(page)
        except InvalidRequestError as exc:
            if exc.status != 404:
                raise
            records = []  # deleted since it was listed: the next sync's deleted list removes it too
        for record in records:
            record["opportunityId"] = opportunity
        return records or [tombstone(opportunity, opportunityId=opportunity)]

    fetched: set[str] = set()  # each opportunity once per run (pages are handled on several threads)
    lock = threading.Lock()

    def rows(page: Page) -> Iterator[Page]:
        gone = [tombstone(o["id"], opportunityId=o["id"]) for o in page if o.get(DELETED_COLUMN)]
        if gone:
            yield gone
        with lock:
            live = [o["id"] for o in page if not o.get(DELETED_COLUMN) and o["id"] not in fetched]
            fetched.update(live)
        if live:
            yield from fan_out(live, fetch, client=client.fan_out_client, concurrency=concurrency)

    # Applications keep ``id`` as primary key: /applications/deleted removes one application by id while its
    # opportunity stays. The other tables are replaced opportunity by opportunity.
    if name == "applications":
        hints: dict[str, Any] = {"primary_key": "id", "merge_key": "opportunityId", "write_disposition": "merge",
                                 "columns": _columns(name)}  # fmt: skip
    else:
        hints = replaced_per_parent("opportunityId", _columns(name))
    return dlt.transformer(
        rows,
        data_from=parent,
        name=name,
        parallelized=True,  # the per-opportunity lists of a page are fetched at the same time
        **hints,
    )


def applications_deleted(client: LeverClient, window: SyncWindow) -> DltResource:
    """``/applications/deleted`` as id-only deletions in the applications table (an application can go while its
    opportunity stays)."""

    def rows() -> Iterator[Page]:
        for page in deleted_since(client, "applications/deleted", _deleted_window(window), "deleted"):
            yield [tombstone(item["id"], opportunityId=NO_OPPORTUNITY) for item in page]

    return dlt.resource(
        rows,
        name="applications_deleted",
        table_name="applications",
        primary_key="id",
        merge_key="opportunityId",
        write_disposition="merge",
        columns=_columns("applications"),
    )


def eeo_responses(client: LeverClient) -> DltResource:
    def rows() -> Iterator[Page]:
        yield from client.list_pages("eeo/responses")

    # No id, and every record's stage and archive state change over time: replaced whole on every sync.
    return dlt.resource(rows, name="eeo_responses", write_disposition="replace")


def eeo_responses_pii(client: LeverClient, window: SyncWindow, slices: SliceBudget | None = None) -> DltResource:
    cursor = _updated_cursor("createdAt", window)

    def rows(created: dlt.sources.incremental[int] = cursor) -> Iterator[Page]:
        # Answers are given once; they go when their opportunity is deleted.
        for page in deleted_since(client, "opportunities/deleted", _deleted_window(window), "deleted_opportunities"):
            yield [tombstone(item["id"], opportunityId=item["id"]) for item in page]
        params: dict[str, Any] = {}
        if created.start_value is not None:
            params["created_at_start"] = created.start_value
        if created.end_value is not None:
            params["created_at_end"] = created.end_value - 1
        yield from sliced_pass(
            lambda at: client.list_pass("eeo/responses/pii", params, at), slices, "eeo_responses_pii", cursor=created
        )

    return dlt.resource(
        rows,
        name="eeo_responses_pii",
        primary_key="id",
        merge_key="opportunityId",
        write_disposition="merge",
        columns=HARD_DELETE,
    )


def reconciled(client: LeverClient, name: str, path: str, params: dict[str, Any], known: set[Any]) -> DltResource:
    """Reconciliation of one table: list the ids the API has now and delete the ones the warehouse holds beyond
    them (a safety net behind the deleted lists, e.g. for deletions older than their retention)."""

    def rows() -> Iterator[Page]:
        live: set[Any] = set()
        for page in client.list_pages(path, params):
            live.update(record["id"] for record in page)
        gone = sorted(known - live)
        merge_key = {"opportunityId": NO_OPPORTUNITY} if name == "eeo_responses_pii" else {}
        for start in range(0, len(gone), 1000):
            yield [tombstone(record_id, **merge_key) for record_id in gone[start : start + 1000]]

    hints: dict[str, Any] = {"merge_key": "opportunityId"} if name == "eeo_responses_pii" else {}
    return dlt.resource(rows, name=name, primary_key="id", write_disposition="merge", columns=HARD_DELETE, **hints)
