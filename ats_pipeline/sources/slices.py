"""Large syncs in slices: a list pass stops after a budget of records and the next pipeline run resumes it.

Why: dlt loads a run's package into DuckDB with one merge per table, and a merge needs memory in proportion to the
rows it merges, part of it outside DuckDB's ``memory_limit`` and not spillable. A first sync of a big account loaded
in one package therefore used ever more memory, and a package of 1M Ashby applications failed with "Out of Memory"
under the 256MB cap (benchmarks/README.md). With slices, every package holds at most ``records`` records per list,
so each merge is bounded (what still grows is DuckDB's cache of the destination, up to ``memory_limit``), and a
first sync that is killed keeps the slices already loaded: it resumes from the last committed one.

How: a resource reads its list through ``sliced``, which records in the resource's dlt state, before handing over
each page, the position from which the list continues after it. dlt commits that state with the package, so the
position and the rows move together. Once a resource has yielded ``records`` records it stops and marks itself
unfinished; ``sync_connection`` (and the Dagster asset) run the pipeline again until no resource is unfinished.
Per-parent transformers follow their parent's pages, so their rows are sliced with them. A list's stored
incremental cursor (sync token, ``updated_after``...) moves only when its pass ends, in the last slice.

Lists read through a dlt incremental cursor (``sliced_pass`` with ``cursor``) need one more step. dlt drops the
records below the value the cursor had when the run began and advances it as records pass; these lists are not
ordered by the cursor, so after a slice the cursor would stand past records the rest of the pass still holds, and
the next slice would drop them. ``HeldCursor`` therefore puts the cursor back to the start of its pass at the end
of every slice but the last (keeping the furthest value reached aside, with dlt's boundary hashes) and moves it to
the furthest value of the whole pass at the end of the last one.

A backfill window (a cursor with an ``end_value``) is sliced too, under a resume position of its own; it leaves
the cursor alone (dlt keeps no cursor state for a range with an end).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import dlt

from ats_pipeline.http import InvalidRequestError
from ats_pipeline.http.pages import Pages, Records

RESUME_KEY = "resume_from"
PASS_KEY = "pass_reached"  # the furthest cursor value of the open pass's finished slices (HeldCursor)

log = logging.getLogger("ats_pipeline.sources.slices")


def window_resume_key(start: Any, end: Any) -> str:
    """The state key of a backfill window's resume position (apart from the incremental pass's ``RESUME_KEY``)."""
    return f"{RESUME_KEY} {start}..{end}"


@dataclass
class SliceBudget:
    """Records each list resource may yield in one pipeline run (``None``: no limit), shared by a run's resources."""

    records: int | None = None
    unfinished: set[str] = field(default_factory=set)
    # Backfill-window passes this sync has finished, shared by its runs: a window holds no cursor that would make
    # a second pass short, so a run made for another list's slices must not read a finished window again.
    windows_done: set[str] = field(default_factory=set)

    @property
    def more_to_do(self) -> bool:
        return bool(self.unfinished)


def sliced(
    pages: Iterable[list[Any]],
    position: Callable[[], Any],
    state: MutableMapping[str, Any],
    budget: SliceBudget | None,
    name: str,
    key: str = RESUME_KEY,
    window: bool = False,
) -> Iterator[list[Any]]:
    """Yield ``pages`` until the budget is spent. ``position()`` answers, after each page, what continues the list
    after it (``None`` once the list is exhausted); it is stored in ``state[key]`` before the page is handed over.
    ``window``: a backfill window's pass, read once per sync."""
    if window and budget is not None and name in budget.windows_done:
        return
    taken = 0
    for page in pages:
        after = position()
        if after is None:
            state.pop(key, None)
        else:
            state[key] = after
        yield page
        taken += len(page)
        if after is not None and budget is not None and budget.records is not None and taken >= budget.records:
            budget.unfinished.add(name)
            return
    state.pop(key, None)
    if window and budget is not None:
        budget.windows_done.add(name)


def _cursor_at(column: MutableMapping[str, Any]) -> dict[str, Any]:
    return {"last_value": column.get("last_value"), "unique_hashes": list(column.get("unique_hashes") or [])}


def _further(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """The cursor further along; at the same value, the boundary hashes of both (records already loaded there)."""
    if a["last_value"] is None or (b["last_value"] is not None and b["last_value"] > a["last_value"]):
        return b
    if b["last_value"] is None or a["last_value"] > b["last_value"]:
        return a
    return {"last_value": a["last_value"], "unique_hashes": sorted({*a["unique_hashes"], *b["unique_hashes"]})}


class HeldCursor:
    """Holds a resource's dlt incremental cursor at the start of its pass while the pass is loaded in slices.

    Built when the resource's generator starts (dlt has bound the cursor by then); the column state it edits is the
    dict dlt itself advances and commits with the package."""

    def __init__(self, state: MutableMapping[str, Any], cursor_path: str) -> None:
        self._state = state
        self._column = state["incremental"][cursor_path]
        self._start = _cursor_at(self._column)

    def hold(self) -> None:
        """The slice stopped short of the pass's end: keep the furthest value aside, rewind to the pass start."""
        self._state[PASS_KEY] = _further(self._state.get(PASS_KEY, self._start), _cursor_at(self._column))
        self._column.update(self._start)

    def release(self) -> None:
        """The pass ended: the cursor moves to the furthest value any of its slices reached."""
        reached = self._state.pop(PASS_KEY, None)
        if reached is not None:
            self._column.update(_further(reached, _cursor_at(self._column)))


def sliced_pass(
    open_pass: Callable[[str | None], Pages],
    budget: SliceBudget | None,
    name: str,
    *,
    cursor: Any = None,
) -> Iterator[Records]:
    """One pass over a list, in slices: ``open_pass(position)`` starts the list at a stored position (``None``: at
    its start). ``cursor`` is the resource's ``dlt.sources.incremental``: held at the pass start across slices, or,
    when it has an ``end_value`` (a backfill window), naming the window whose pass keeps its own position. A stored
    position the API refuses (an expired page token) restarts the pass: rows merge on their keys, so reading some
    again is harmless."""
    state = dlt.current.resource_state()
    key, held, window = RESUME_KEY, None, cursor is not None and cursor.end_value is not None
    if window:
        key = window_resume_key(cursor.start_value, cursor.end_value)
    elif cursor is not None and cursor.cursor_path in state.get("incremental", {}):
        held = HeldCursor(state, cursor.cursor_path)
    listing = [open_pass(state.get(key))]

    def pages() -> Iterator[Records]:
        try:
            yield from listing[0]
        except InvalidRequestError:
            first = listing[0]
            if first.started_from is None or first.resume != first.started_from:
                raise
            log.warning("%s: the API refused the stored page position; reading the pass again from its start", name)
            listing[0] = open_pass(None)
            yield from listing[0]

    yield from sliced(pages(), lambda: listing[0].resume, state, budget, name, key, window)
    if held is not None:
        if state.get(key) is None:
            held.release()
        else:
            held.hold()
