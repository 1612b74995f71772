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
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any

RESUME_KEY = "resume_from"


@dataclass
class SliceBudget:
    """Records each list resource may yield in one pipeline run (``None``: no limit), shared by a run's resources."""

    records: int | None = None
    unfinished: set[str] = field(default_factory=set)

    @property
    def more_to_do(self) -> bool:
        return bool(self.unfinished)


def resume_position(state: MutableMapping[str, Any]) -> Any:
    """Where the interrupted pass of this resource continues (``None``: start a new pass)."""
    return state.get(RESUME_KEY)


def sliced(
    pages: Iterable[list[Any]],
    position: Callable[[], Any],
    state: MutableMapping[str, Any],
    budget: SliceBudget | None,
    name: str,
) -> Iterator[list[Any]]:
    """Yield ``pages`` until the budget is spent. ``position()`` answers, after each page, what continues the list
    after it (``None`` once the list is exhausted); it is stored in ``state`` before the page is handed over."""
    taken = 0
    for page in pages:
        after = position()
        if after is None:
            state.pop(RESUME_KEY, None)
        else:
            state[RESUME_KEY] = after
        yield page
        taken += len(page)
        if after is not None and budget is not None and budget.records is not None and taken >= budget.records:
            budget.unfinished.add(name)
            return
    state.pop(RESUME_KEY, None)
