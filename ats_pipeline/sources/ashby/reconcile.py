"""Deletions: Ashby's list endpoints have no tombstones and (as far as its docs say) sync-token deltas carry no
deleted or merged-away records; deletes and merges are only webhooks (``candidateDelete``, ``candidateMerge``,
``offerDelete``). So, like Greenhouse, a *reconciliation* (``known_ids`` given) lists the live ids of every
sync-token endpoint with a full pass and emits a hard delete for each id the warehouse holds but Ashby no longer
lists. Per-parent tables are cleared by parent: the history of a vanished application, the stages of a vanished
interview plan (their rows carry the parent id, the table's merge key).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import dlt
from dlt.sources import DltResource

from ats_pipeline.sources.fanout import replaced_per_parent

from .client import AshbyClient, Records
from .settings import APPLICATIONS, HISTORY, INTERVIEW_PLANS, STAGES, SYNC_ENDPOINTS, Endpoint

# Rows carrying this column set to true delete their record (and its nested rows) from the warehouse.
DELETED_COLUMN = "_ats_deleted"
BATCH = 1000
HARD_DELETE = {DELETED_COLUMN: {"data_type": "bool", "hard_delete": True}}


class LiveIds:
    """The ids each endpoint lists now, read once per reconciliation."""

    def __init__(self, client: AshbyClient) -> None:
        self._client = client
        self._cache: dict[str, set[str]] = {}

    def __call__(self, endpoint: Endpoint) -> set[str]:
        if endpoint.name not in self._cache:
            pages = self._client.pages(endpoint.method, endpoint.body)
            self._cache[endpoint.name] = {record["id"] for page in pages for record in page}
        return self._cache[endpoint.name]


def _batches(rows: list[dict[str, Any]]) -> Iterator[Records]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def _tombstones(endpoint: Endpoint, live: LiveIds, known: set[Any]) -> DltResource:
    def deletions() -> Iterator[Records]:
        gone = sorted(known - live(endpoint)) if known else []
        yield from _batches([{"id": record_id, DELETED_COLUMN: True} for record_id in gone])

    return dlt.resource(deletions, name=endpoint.name, primary_key="id", write_disposition="merge",
                        columns=HARD_DELETE)  # fmt: skip


def _orphans(table: str, parent_field: str, parent: Endpoint, live: LiveIds, known_parents: set[Any]) -> DltResource:
    def deletions() -> Iterator[Records]:
        gone = sorted(known_parents - live(parent)) if known_parents else []
        # One row per vanished parent: its merge key clears every child row of that parent.
        rows = [{"id": f"deleted:{p}", parent_field: p, DELETED_COLUMN: True} for p in gone]
        yield from _batches(rows)

    # Keyed like the per-parent resource it cleans, so the table's hints do not flip between syncs.
    return dlt.resource(deletions, name=table, **replaced_per_parent(parent_field, HARD_DELETE))


def reconciliation(client: AshbyClient, known: Mapping[str, set[Any]]) -> list[DltResource]:
    live = LiveIds(client)
    resources = [_tombstones(e, live, known.get(e.name, set())) for e in SYNC_ENDPOINTS]
    history_table, _, history_parent = HISTORY
    stages_table, _, stages_parent = STAGES
    resources.append(_orphans(history_table, history_parent, APPLICATIONS, live, known.get(APPLICATIONS.name, set())))
    resources.append(
        _orphans(stages_table, stages_parent, INTERVIEW_PLANS, live, known.get(INTERVIEW_PLANS.name, set()))
    )
    return resources
