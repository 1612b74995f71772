"""Workable SPI v3 dlt source (see ``resources.py`` for what each resource reads and how it stays incremental).

One dataset per connection: Workable exposes no EEO / self-identification data through its API, so there is no
restricted dataset. Workable has no deleted lists either: a *reconciliation* (``known_ids`` given) lists the live
ids of ``candidates`` (one cheap list crawl) and ``activities`` (one crawl per job) and hard-deletes what the
warehouse holds beyond them, nested rows included. Deleted candidates therefore leave the warehouse on
reconciliation; anonymized candidates arrive as ordinary updates (their personal fields null).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dlt
from dlt.sources import DltResource

from ats_pipeline.config import ConnectionConfig, secret_from_env
from ats_pipeline.sources.registry import SourceSet, SyncWindow, VendorSpec
from ats_pipeline.sources.slices import SliceBudget

from . import resources as r
from .client import WorkableClient
from .settings import ACTIVITIES, CANDIDATES, CHILD_TABLES, REFERENCE_ENDPOINTS, RESOURCES, WorkableOptions

__all__ = ["VENDOR", "WorkableOptions", "workable_source"]


@dlt.source(name="workable", max_table_nesting=2, root_key=True)
def workable_source(
    client: WorkableClient,
    window: SyncWindow = SyncWindow(),
    known_ids: Mapping[str, set[Any]] | None = None,
    concurrency: int = 8,
    profiles: bool = True,
    slices: SliceBudget | None = None,
) -> list[DltResource]:
    """Jobs, the stage pipelines, members, disqualification reasons, candidates with profiles, stage history."""
    if known_ids is not None:
        return [
            r.tombstones(CANDIDATES, set(known_ids.get(CANDIDATES, ())), lambda: r.live_candidates(client)),
            r.tombstones(
                ACTIVITIES, set(known_ids.get(ACTIVITIES, ())), lambda: r.live_activities(client, concurrency)
            ),
        ]
    changes = r.candidate_changes(client, window, slices)
    return [
        *(r.reference(client, endpoint) for endpoint in REFERENCE_ENDPOINTS),
        changes,
        r.candidates(client, changes, concurrency, profiles),
        r.activities(client, changes, window, concurrency),
        r.job_stages(client, changes, concurrency),
    ]


def build_sources(
    connection: ConnectionConfig,
    sandbox: dict[str, Any] | None,
    window: SyncWindow,
    *,
    for_definitions: bool = False,
    known_ids: Mapping[str, Mapping[str, set[Any]]] | None = None,
    slices: SliceBudget | None = None,
) -> SourceSet:
    options: WorkableOptions = connection.options  # type: ignore[assignment]
    if for_definitions:
        # Resource layout only: the client is never called, so no secret is read.
        base_url, token = options.api_url(), "unused"
    elif options.sandbox:
        if sandbox is None:
            raise ValueError(f"connection {connection.name!r} targets the sandbox, but no sandbox is running")
        base_url, token = sandbox["base_url"], sandbox["token"]
    else:
        base_url = options.api_url()
        token = secret_from_env(connection.name, "token_env", options.token_env)
    if options.start_date and not window.start:
        window = SyncWindow(start=options.start_date, end=window.end)
    client = WorkableClient(connection=connection.name, base_url=base_url, token=token, options=options)
    known = None if known_ids is None else known_ids.get(connection.dataset, {})
    source = workable_source(client, window, known, options.concurrency, options.candidate_profiles, slices)
    return SourceSet(sources={connection.dataset: source}, stats=client.stats)


VENDOR = VendorSpec(
    name="workable",
    options_model=WorkableOptions,
    build_sources=build_sources,
    resources=RESOURCES,
    restricted_resources=(),
    child_tables=CHILD_TABLES,
)
