"""Lever Data API v1 dlt sources.

Lever's unit is the *opportunity*: one candidate considered for one job. The person is its ``contact`` (shared by
that person's opportunities; merging two contacts moves the merged-away contact's opportunities to the survivor,
anonymizing one nulls the PII on its opportunities). Stage history comes free, embedded in each opportunity
(``stageChanges`` -> table ``opportunities__stage_changes``). Timestamps are epoch milliseconds and are loaded as
such (BIGINT); staging models convert them.

Resources and how each stays current:

- ``opportunities``: ``merge`` on ``id``; incremental on ``updatedAt`` (``updated_at_start`` = the cursor, inclusive,
  so dlt drops the boundary records it already has). ``confidentiality=all`` is always sent: Lever silently hides
  confidential opportunities otherwise. Deletions come from ``/opportunities/deleted`` (``deleted_at_start``, see
  ``deletions.py``) as hard-delete rows through the same resource.
- ``applications``, ``interviews``, ``panels``, ``feedback``, ``offers``: Lever has no account-wide lists for these,
  only ``/opportunities/{id}/<name>``. They are fetched for the opportunities the incremental ``opportunities``
  resource emits - i.e. only for opportunities changed since the last sync (none on a sync without changes) -
  concurrently (``fan_out``) within the connection's rate limit. Each table is ``merge``d on ``id`` with merge key
  ``opportunityId`` (added to every record): an opportunity's rows are replaced by what it has now, so children
  removed in Lever disappear too, and a deleted opportunity takes its rows with it. ``/applications/deleted``
  additionally removes single applications.
- ``postings``: read whole (Lever has no change filter for them), ``merge``d; dlt's cursor on ``updatedAt`` keeps
  unchanged postings out of the load; ``/postings/deleted`` gives the hard deletes.
- ``stages``, ``archive_reasons``, ``users`` (deactivated ones included), ``sources``, ``requisitions``: small
  account lists without change filters, replaced on every sync.

Restricted dataset (``raw_<connection>_restricted``; self-ID data never enters the main one):

- ``eeo_responses``: ``GET /eeo/responses``, Lever's *anonymous* EEO answers. A record carries the answers,
  ``currentStage``, ``appliedAt`` and the archive time and user - and no opportunity, contact, application or
  posting id, nor an id of its own. It therefore cannot be linked to an opportunity, a candidate or a posting
  (not even to tell two answers of one person apart), so it supports only account-wide counts by answer and
  current stage; it cannot be merged or deduplicated and is replaced whole on every sync.
- ``eeo_responses_pii``: ``GET /eeo/responses/pii`` (needs the separately granted ``eeo_responses_pii`` scope;
  ``eeo_pii: false`` skips it): the answers with the ``opportunityId`` and ``posting`` they belong to, which is
  what adverse-impact analysis per stage needs. ``merge`` on ``id``, incremental on ``createdAt``
  (``created_at_start``); deleted opportunities take their answers with them (merge key ``opportunityId``).

Reconciliation (``known_ids``): not needed for correctness - Lever lists its deletions - but available as a
safety net: the ids of ``opportunities``, ``postings`` and ``eeo_responses_pii`` the warehouse holds are compared
with the API's current lists, and the ones gone are hard-deleted (with their per-opportunity rows).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dlt
from dlt.sources import DltResource, DltSource

from ats_pipeline.config import ConnectionConfig, secret_from_env
from ats_pipeline.sources.registry import SourceSet, SyncWindow, VendorSpec
from ats_pipeline.sources.slices import SliceBudget

from . import resources as r
from .client import LeverClient
from .settings import ACCOUNT_LISTS, OPPORTUNITY_CHILDREN, RESTRICTED_TABLES, TABLES, LeverOptions

__all__ = ["VENDOR", "LeverOptions", "lever_restricted_source", "lever_source"]


def _with_children(client: LeverClient, parent: DltResource) -> list[DltResource]:
    # The lists run side by side: together they keep the connection's `concurrency` requests in flight.
    each = max(1, -(-client.concurrency // len(OPPORTUNITY_CHILDREN)))
    return [parent, *(r.opportunity_child(client, name, parent, each) for name in OPPORTUNITY_CHILDREN)]


@dlt.source(name="lever", max_table_nesting=2, root_key=True)
def lever_source(
    client: LeverClient,
    confidentiality: str = "all",
    window: SyncWindow = SyncWindow(),
    known_ids: Mapping[str, set[Any]] | None = None,
    slices: SliceBudget | None = None,
) -> list[DltResource]:
    """Postings, stages, users, opportunities with stage history, applications, interviews, feedback, offers."""
    if known_ids is not None:
        listed = {"confidentiality": confidentiality}
        opportunities = r.reconciled(
            client, "opportunities", "opportunities", listed, known_ids.get("opportunities", set())
        )
        postings = r.reconciled(client, "postings", "postings", listed, known_ids.get("postings", set()))
        # the per-opportunity tables only see deletion rows: their rows go with the opportunities removed
        return [postings, *_with_children(client, opportunities)]
    return [
        *(r.account_list(client, spec) for spec in ACCOUNT_LISTS),
        r.postings(client, window, confidentiality, slices),
        *_with_children(client, r.opportunities(client, window, confidentiality, slices)),
        r.applications_deleted(client, window),
    ]


@dlt.source(name="lever_restricted", max_table_nesting=2, root_key=True)
def lever_restricted_source(
    client: LeverClient,
    eeo_pii: bool = True,
    window: SyncWindow = SyncWindow(),
    known_ids: Mapping[str, set[Any]] | None = None,
    slices: SliceBudget | None = None,
) -> list[DltResource]:
    """EEO survey answers (self-identification data, restricted dataset only)."""
    if known_ids is not None:
        if not eeo_pii:
            return []
        known = known_ids.get("eeo_responses_pii", set())
        return [r.reconciled(client, "eeo_responses_pii", "eeo/responses/pii", {}, known)]
    resources = [r.eeo_responses(client)]
    if eeo_pii:
        resources.append(r.eeo_responses_pii(client, window, slices))
    return resources


def build_sources(
    connection: ConnectionConfig,
    sandbox: dict[str, Any] | None,
    window: SyncWindow,
    *,
    for_definitions: bool = False,
    known_ids: Mapping[str, Mapping[str, set[Any]]] | None = None,
    slices: SliceBudget | None = None,
) -> SourceSet:
    options: LeverOptions = connection.options  # type: ignore[assignment]
    if for_definitions:
        # Resource layout only: the client is never called, so no secret is read.
        base_url, api_key = str(options.base_url), "unused"
    elif options.sandbox:
        if sandbox is None:
            raise ValueError(f"connection {connection.name!r} targets the sandbox, but no sandbox is running")
        base_url, api_key = sandbox["base_url"], sandbox["api_key"]
    else:
        base_url = str(options.base_url)
        api_key = secret_from_env(connection.name, "api_key_env", options.api_key_env)
    if options.start_date and not window.start:
        window = SyncWindow(start=options.start_date, end=window.end)
    client = LeverClient(connection=connection.name, base_url=base_url, api_key=api_key, options=options)
    reconcile = known_ids is not None
    known = known_ids or {}
    main = known.get(connection.dataset, {}) if reconcile else None
    sources: dict[str, DltSource] = {
        connection.dataset: lever_source(client, options.confidentiality, window, main, slices)
    }
    if options.restricted:
        restricted = known.get(connection.restricted_dataset, {}) if reconcile else None
        sources[connection.restricted_dataset] = lever_restricted_source(
            client, options.eeo_pii, window, restricted, slices
        )
    return SourceSet(sources=sources, stats=client.stats)


VENDOR = VendorSpec(
    name="lever",
    options_model=LeverOptions,
    build_sources=build_sources,
    # Reconciliation reads the ids of tables keyed by ``id``; ``sources`` and ``eeo_responses`` have none.
    resources=TABLES,
    restricted_resources=RESTRICTED_TABLES,
    syncs_self_id=lambda options: options.eeo_pii,
    # Nested lists the dbt staging models read (dlt derives them from their resource's records).
    child_tables={
        "opportunities__stage_changes": "opportunities",
        "opportunities__emails": "opportunities",
        "opportunities__sources": "opportunities",
        "interviews__interviewers": "interviews",
        "requisitions__postings": "requisitions",
        "feedback__fields": "feedback",
        "offers__fields": "offers",
        "postings__requisition_codes": "postings",
    },
)
