"""Ashby dlt source (Ashby Public API, RPC style).

Resources and how each stays current: ``resources.py`` (sync tokens, reference lists, per-parent fan-out);
deletions: ``reconcile.py`` (``known_ids`` reconciliation, as Ashby lists have no tombstones); calls: ``client.py``.
Ashby exposes no EEOC or diversity survey answers through its API, so there is no restricted dataset.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dlt
from dlt.sources import DltResource

from ats_pipeline.config import ConnectionConfig, secret_from_env
from ats_pipeline.sources.registry import SourceSet, SyncWindow, VendorSpec
from ats_pipeline.sources.slices import SliceBudget

from .client import AshbyClient
from .reconcile import reconciliation
from .resources import history_transformer, reference_resource, stages_transformer, sync_resource
from .settings import REFERENCE_ENDPOINTS, RESOURCES, SYNC_ENDPOINTS, AshbyOptions

__all__ = ["VENDOR", "AshbyOptions", "ashby_source"]


def _resources(
    client: AshbyClient, window: SyncWindow, *, backfill: bool, slices: SliceBudget | None
) -> list[DltResource]:
    resources: list[DltResource] = []
    for endpoint in REFERENCE_ENDPOINTS:
        resource = reference_resource(client, endpoint)
        resources.append(resource)
        if endpoint.name == "interview_plans":
            resources.append(resource | stages_transformer(client))
    for endpoint in SYNC_ENDPOINTS:
        resource = sync_resource(client, endpoint, window, backfill=backfill, slices=slices)
        resources.append(resource)
        if endpoint.name == "applications":
            resources.append(resource | history_transformer(client))
    return resources


@dlt.source(name="ashby", max_table_nesting=2, root_key=True)
def ashby_source(
    client: AshbyClient,
    window: SyncWindow = SyncWindow(),
    backfill: bool = False,
    known_ids: Mapping[str, set[Any]] | None = None,
    slices: SliceBudget | None = None,
) -> list[DltResource]:
    """Organisation, jobs and interview plans, candidates, applications with stage history, feedback, interview
    schedules and offers."""
    if known_ids is not None:
        return reconciliation(client, known_ids)
    return _resources(client, window, backfill=backfill, slices=slices)


def build_sources(
    connection: ConnectionConfig,
    sandbox: dict[str, Any] | None,
    window: SyncWindow,
    *,
    for_definitions: bool = False,
    known_ids: Mapping[str, Mapping[str, set[Any]]] | None = None,
    slices: SliceBudget | None = None,
) -> SourceSet:
    options: AshbyOptions = connection.options  # type: ignore[assignment]
    if for_definitions:
        base_url, api_key = str(options.base_url), "unused"  # layout only: no secret is read
    elif options.sandbox:
        if sandbox is None:
            raise ValueError(f"connection {connection.name!r} targets the sandbox, but no sandbox is running")
        base_url, api_key = sandbox["base_url"], sandbox["api_key"]
    else:
        base_url = str(options.base_url)
        api_key = secret_from_env(connection.name, "api_key_env", options.api_key_env)
    backfill = window.start is not None or window.end is not None
    if options.start_date and not window.start:
        window = SyncWindow(start=options.start_date, end=window.end)
    client = AshbyClient(connection=connection.name, base_url=base_url, api_key=api_key, options=options)
    known = None if known_ids is None else known_ids.get(connection.dataset, {})
    source = ashby_source(client, window, backfill, known, slices)
    return SourceSet(sources={connection.dataset: source}, stats=client.stats)


VENDOR = VendorSpec(
    name="ashby",
    options_model=AshbyOptions,
    build_sources=build_sources,
    resources=RESOURCES,
    restricted_resources=(),  # no EEO data in Ashby's API
    # nested lists dlt unnests into child tables, read by dbt/models/staging/ashby
    child_tables={
        "applications__hiring_team": "applications",
        "candidates__file_handles": "candidates",
        "interview_schedules__interview_events": "interview_schedules",
        "interview_schedules__interview_events__interviewers": "interview_schedules",
    },
)
