"""Greenhouse Harvest v3 dlt sources.

Every endpoint is its own resource, ``merge``d on ``id``. Endpoints with a date filter are incremental: the
first request of a sync sends ``<cursor>=gte|<last value>`` (plus ``|lt|<end>`` for a backfill window) and
dlt keeps the cursor in the destination's pipeline state. Inclusive ``gte`` re-reads the boundary records;
dlt's incremental dedup drops them, and merge keeps the table free of duplicates in any case.

Greenhouse's REST API has no tombstones. Endpoints without a date filter are therefore replaced on every
sync, and a *reconciliation* (``known_ids`` given) lists the current ids of every incremental endpoint
(``fields=id``, cheap) and emits a hard delete for each id the warehouse holds but the API no longer lists:
deleted records and candidates merged away disappear from the warehouse, nested rows included.

EEOC and demographics come from a separate source that is loaded into the connection's restricted dataset.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import dlt
from dlt.sources import DltResource, DltSource

from ats_pipeline.config import ConnectionConfig, secret_from_env
from ats_pipeline.sources.registry import SourceSet, SyncWindow, VendorSpec
from ats_pipeline.sources.slices import SliceBudget, sliced_pass

from .client import GreenhouseClient, date_filter, format_timestamp
from .settings import ENDPOINTS, RESTRICTED_ENDPOINTS, Endpoint, GreenhouseOptions

__all__ = ["VENDOR", "greenhouse_source", "greenhouse_restricted_source", "GreenhouseOptions"]


# Rows carrying this column set to true delete their record (and its nested rows) from the warehouse.
DELETED_COLUMN = "_ats_deleted"


def _tombstones(client: GreenhouseClient, endpoint: Endpoint, known: set[Any]) -> DltResource:
    def deletions() -> Iterator[list[dict[str, Any]]]:
        live: set[Any] = set()
        for page in client.list_pages(endpoint.name, {"fields": "id"}):
            live.update(record["id"] for record in page)
        gone = sorted(known - live)
        for start in range(0, len(gone), 1000):
            yield [{"id": record_id, DELETED_COLUMN: True} for record_id in gone[start : start + 1000]]

    return dlt.resource(
        deletions,
        name=endpoint.name,
        primary_key="id",
        write_disposition="merge",
        columns={DELETED_COLUMN: {"data_type": "bool", "hard_delete": True}},
    )


def _endpoint_resource(
    client: GreenhouseClient, endpoint: Endpoint, window: SyncWindow, slices: SliceBudget | None
) -> DltResource:
    if not endpoint.incremental:

        def full() -> Iterator[list[dict[str, Any]]]:
            yield from client.list_pages(endpoint.name)

        # No date filter and no tombstones: the whole list is read anyway, so replace it (deletions included).
        return dlt.resource(full, name=endpoint.name, primary_key="id", write_disposition="replace")

    initial = format_timestamp(window.start) if window.start else None
    end = format_timestamp(window.end) if window.end else None

    def incremental(
        cursor: dlt.sources.incremental[str] = dlt.sources.incremental(
            endpoint.cursor,
            initial_value=initial,
            end_value=end,
            range_start="closed",
            range_end="open",
        ),
    ) -> Iterator[list[dict[str, Any]]]:
        condition = date_filter(cursor.start_value, end)
        filters = {endpoint.cursor: condition} if condition else None
        yield from sliced_pass(
            lambda at: client.list_pass(endpoint.name, filters, at), slices, endpoint.name, cursor=cursor
        )

    return dlt.resource(incremental, name=endpoint.name, primary_key="id", write_disposition="merge")


def _resources(
    client: GreenhouseClient,
    endpoints: Iterable[Endpoint],
    window: SyncWindow,
    known_ids: Mapping[str, set[Any]] | None,
    slices: SliceBudget | None,
) -> list[DltResource]:
    if known_ids is not None:
        return [_tombstones(client, e, known_ids.get(e.name, set())) for e in endpoints if e.incremental]
    return [_endpoint_resource(client, endpoint, window, slices) for endpoint in endpoints]


@dlt.source(name="greenhouse", max_table_nesting=2, root_key=True)
def greenhouse_source(
    client: GreenhouseClient,
    window: SyncWindow = SyncWindow(),
    known_ids: Mapping[str, set[Any]] | None = None,
    slices: SliceBudget | None = None,
) -> list[DltResource]:
    """Jobs, stages, openings, people, applications with stage history, interviews, scorecards and offers."""
    return _resources(client, ENDPOINTS, window, known_ids, slices)


@dlt.source(name="greenhouse_restricted", max_table_nesting=2, root_key=True)
def greenhouse_restricted_source(
    client: GreenhouseClient,
    window: SyncWindow = SyncWindow(),
    known_ids: Mapping[str, set[Any]] | None = None,
    slices: SliceBudget | None = None,
) -> list[DltResource]:
    """EEOC answers and demographic questions/answers (self-identification data, restricted dataset only)."""
    return _resources(client, RESTRICTED_ENDPOINTS, window, known_ids, slices)


def build_sources(
    connection: ConnectionConfig,
    sandbox: dict[str, Any] | None,
    window: SyncWindow,
    *,
    for_definitions: bool = False,
    known_ids: Mapping[str, Mapping[str, set[Any]]] | None = None,
    slices: SliceBudget | None = None,
) -> SourceSet:
    options: GreenhouseOptions = connection.options  # type: ignore[assignment]
    if for_definitions:
        # Resource layout only: the client is never called, so no secret is read.
        urls = {"base_url": str(options.base_url), "token_url": str(options.token_url)}
        client_id = client_secret = "unused"
    elif options.sandbox:
        if sandbox is None:
            raise ValueError(f"connection {connection.name!r} targets the sandbox, but no sandbox is running")
        urls = {"base_url": sandbox["base_url"], "token_url": sandbox["token_url"]}
        client_id, client_secret = sandbox["client_id"], sandbox["client_secret"]
    else:
        urls = {"base_url": str(options.base_url), "token_url": str(options.token_url)}
        client_id = secret_from_env(connection.name, "client_id_env", options.client_id_env)
        client_secret = secret_from_env(connection.name, "client_secret_env", options.client_secret_env)
    if options.start_date and not window.start:
        window = SyncWindow(start=options.start_date, end=window.end)
    client = GreenhouseClient(
        connection=connection.name, client_id=client_id, client_secret=client_secret, options=options, **urls
    )
    known = known_ids or {}
    reconcile = known_ids is not None
    sources: dict[str, DltSource] = {
        connection.dataset: greenhouse_source(
            client, window, known.get(connection.dataset, {}) if reconcile else None, slices
        )
    }
    if options.restricted:
        restricted = known.get(connection.restricted_dataset, {}) if reconcile else None
        sources[connection.restricted_dataset] = greenhouse_restricted_source(client, window, restricted, slices)
    return SourceSet(sources=sources, stats=client.api.stats)


VENDOR = VendorSpec(
    name="greenhouse",
    options_model=GreenhouseOptions,
    build_sources=build_sources,
    resources=tuple(e.name for e in ENDPOINTS),
    restricted_resources=tuple(e.name for e in RESTRICTED_ENDPOINTS),
    child_tables={"candidates__email_addresses": "candidates"},
)
