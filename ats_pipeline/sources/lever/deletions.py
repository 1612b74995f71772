"""Read a Lever deleted list (``GET /<x>/deleted?deleted_at_start=<ms>``) from where the last sync stopped.

The cursor is the newest ``deletedAt`` seen plus the ids deleted at that very millisecond, kept in the reading
resource's dlt state (so it is committed with the load, like dlt's own incremental cursors). The next read starts
*at* that millisecond (Lever's bounds are inclusive) and skips the ids already seen there: nothing deleted in the
same millisecond is missed, and a sync without new deletions emits nothing.

A backfill window (``end`` given) reads the deletions inside the window and leaves the stored cursor alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import dlt

from .client import LeverClient, Page


@dataclass(frozen=True)
class DeletedWindow:
    start_ms: int | None = None  # also the first sync's starting point
    end_ms: int | None = None  # exclusive; set only for a backfill


def deleted_since(client: LeverClient, path: str, window: DeletedWindow, state_key: str) -> Iterator[Page]:
    """Yield pages of deleted items ``{id, deletedAt, ...}`` not emitted by an earlier sync."""
    if window.end_ms is not None:
        params: dict[str, Any] = {"deleted_at_end": window.end_ms - 1}
        if window.start_ms is not None:
            params["deleted_at_start"] = window.start_ms
        yield from client.list_pages(path, params)
        return

    state = dlt.current.resource_state().setdefault(state_key, {})
    last: int | None = state.get("at", window.start_ms)
    seen = set(state.get("ids", [])) if "at" in state else set()
    newest, at_newest = last, set(seen)
    for page in client.list_pages(path, {"deleted_at_start": last} if last is not None else None):
        fresh = []
        for item in page:
            at = int(item["deletedAt"])
            if newest is None or at > newest:
                newest, at_newest = at, set()
            if at == newest:
                at_newest.add(item["id"])
            if not (at == last and item["id"] in seen):
                fresh.append(item)
        if fresh:
            yield fresh
    if newest is not None:
        state["at"], state["ids"] = newest, sorted(at_newest)
