"""Load connections into the warehouse with dlt: one pipeline per (connection, dataset)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import dlt
from dlt.common.pipeline import LoadInfo
from dlt.common.schema.utils import get_write_disposition
from dlt.destinations.impl.duckdb.configuration import DuckDbCredentials
from dlt.pipeline.pipeline import Pipeline

from ats_pipeline.config import ConnectionConfig, PipelineConfig
from ats_pipeline.http import RequestStats
from ats_pipeline.memory import tune_allocator
from ats_pipeline.sources.registry import SourceSet, SyncWindow, vendors
from ats_pipeline.sources.slices import SliceBudget

# Called with (connection, table, rows) as pages are extracted, for progress displays.
ProgressCallback = Callable[[str, str, int], None]


# Rows dlt holds per table before writing them out, in extract and in normalize (dlt's default: 5,000). Every
# table and nested table has its own buffer (~25 for Ashby), so the default fills ever more of them as a sync
# grows: on a 10k-application Ashby sync, 1,000 lowered the extract peak by ~75 MB and the normalize peak by
# ~115 MB, at no visible cost in speed. An environment variable set by the user wins.
BUFFER_MAX_ITEMS = 1000
# dlt runs up to 20 load jobs at once and DuckDB up to one thread per core; each concurrent job and thread holds
# memory outside DuckDB's memory_limit (with 20 workers, reloading a 100k-application Ashby package under the 256MB
# limit failed: "failed to pin block"). One of each loads as fast (DuckDB serializes the jobs anyway) with less
# memory: that 100k package's load step peaked at 491 MB instead of 643 MB, in 13.0 s instead of 15.2 s
# (benchmarks/load_step.py, 2026-12-02).
LOAD_WORKERS = 1
LOAD_THREADS = 1
# How dlt picks the next generator to pull from. Its default, round robin, keeps pulling parent pages while the
# transformer generators of earlier pages are still running: up to 20 per-parent fan-outs at once (fan_out.py),
# each with its own thread, in-flight requests and queue of results. Their records are then alive together, and
# that grows with the account (on Workable's first 10k-candidate slice at 100k applications: 28 threads, RSS
# peak 374 MB; the same slice of a 10k account: 310 MB). "fifo" drains the newest generator first: one page's
# fan-out at a time, each still `concurrency` requests wide (same slice: 9 threads, 309 MB; benchmarks/README.md).
NEXT_ITEM_MODE = "fifo"


def pipeline_for(config: PipelineConfig, dataset: str) -> Pipeline:
    """The dlt pipeline that loads ``dataset`` into the warehouse; its working folder lives under data/."""
    # dlt merges through a staging twin (`<dataset>_staging`) and by default keeps the last batch there: copies
    # of candidate PII and self-ID data outside the datasets access rules are written for. Empty it after each
    # load (a user may still override the setting through dlt's own config).
    os.environ.setdefault("LOAD__TRUNCATE_STAGING_DATASET", "true")
    os.environ.setdefault("DATA_WRITER__BUFFER_MAX_ITEMS", str(BUFFER_MAX_ITEMS))
    os.environ.setdefault("LOAD__WORKERS", str(LOAD_WORKERS))
    os.environ.setdefault("EXTRACT__NEXT_ITEM_MODE", NEXT_ITEM_MODE)
    tune_allocator()  # see ats_pipeline/memory.py: without it RSS creeps with the number of requests
    credentials = DuckDbCredentials(
        str(config.warehouse_path),
        global_config={"memory_limit": config.warehouse.loader_memory, "threads": LOAD_THREADS},
    )
    return dlt.pipeline(
        pipeline_name=f"ats_{dataset}",
        destination=dlt.destinations.duckdb(credentials),
        dataset_name=dataset,
        pipelines_dir=str(config.data_dir / "dlt"),
    )


def build_sources(
    connection: ConnectionConfig,
    sandbox: dict[str, dict[str, Any]] | None,
    window: SyncWindow = SyncWindow(),
    *,
    for_definitions: bool = False,
    known_ids: dict[str, dict[str, set[Any]]] | None = None,
    slices: SliceBudget | None = None,
) -> SourceSet:
    spec = vendors()[connection.vendor]
    if for_definitions:
        return spec.build_sources(connection, None, window, for_definitions=True)
    endpoint = (sandbox or {}).get(connection.vendor) if connection.uses_sandbox else None
    if connection.uses_sandbox and endpoint is None:
        raise RuntimeError(f"connection {connection.name!r} targets the sandbox, but the sandbox is not running")
    return spec.build_sources(connection, endpoint, window, known_ids=known_ids, slices=slices)


def source_rounds(
    config: PipelineConfig,
    connection: ConnectionConfig,
    sandbox: dict[str, dict[str, Any]] | None,
    window: SyncWindow = SyncWindow(),
    *,
    known_ids: dict[str, dict[str, set[Any]]] | None = None,
) -> Iterator[SourceSet]:
    """The connection's sources, once per load package: the caller runs each set before asking for the next, and
    another comes while a list stopped short of the end of its pass (a pass loaded in slices: sources/slices.py)."""
    windows_done: set[str] = set()
    while True:
        slices = SliceBudget(config.warehouse.load_slice_records, windows_done=windows_done)
        yield build_sources(connection, sandbox, window, known_ids=known_ids, slices=slices)
        if not slices.more_to_do:
            return


def warehouse_ids(config: PipelineConfig, connection: ConnectionConfig) -> dict[str, dict[str, set[Any]]]:
    """The ids each raw table of the connection holds now (tables not loaded yet are absent)."""
    import duckdb

    found: dict[str, dict[str, set[Any]]] = {}
    if not config.warehouse_path.exists():
        return found
    spec = vendors()[connection.vendor]
    layout = {connection.dataset: spec.resources, connection.restricted_dataset: spec.restricted_resources}
    with duckdb.connect(str(config.warehouse_path)) as con:
        # Only tables keyed by `id` can be reconciled (some lists, e.g. anonymous EEO answers, have none).
        keyed = set(
            con.execute(
                "select table_schema, table_name from information_schema.columns where column_name = 'id'"
            ).fetchall()
        )
        for dataset, tables in layout.items():
            for table in tables:
                if (dataset, table) in keyed:
                    rows = con.execute(f'select id from "{dataset}"."{table}"').fetchall()
                    found.setdefault(dataset, {})[table] = {row[0] for row in rows}
    return found


@dataclass
class SyncResult:
    connection: str
    # table -> rows loaded (nested tables included; for a table replaced whole, the rows it holds now)
    rows: dict[str, int] = field(default_factory=dict)
    requests: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    load_info: list[LoadInfo] = field(default_factory=list)
    slices: int = 0  # pipeline runs the sync took (sources/slices.py)


def _counter(connection: str, table: str, progress: ProgressCallback) -> Callable[[Any], Any]:
    # One argument only: dlt passes `meta` to map functions that take a second one.
    def count(page: Any) -> Any:
        progress(connection, table, len(page) if isinstance(page, list) else 1)
        return page

    return count


def _count_progress(source: Any, connection: str, progress: ProgressCallback) -> None:
    for resource in source.resources.values():
        resource.add_map(_counter(connection, resource.name, progress))


def sync_connection(
    config: PipelineConfig,
    connection: ConnectionConfig,
    sandbox: dict[str, dict[str, Any]] | None,
    *,
    window: SyncWindow = SyncWindow(),
    progress: ProgressCallback | None = None,
    reconcile: bool = False,
) -> SyncResult:
    """Extract every resource of one connection and load it; raises on the first failure.

    Each dataset's load commits its rows and incremental cursors together, so a failure loses nothing that
    was already loaded and the next run resumes from the last committed cursor. With ``reconcile`` the
    connection's id sets are compared with the API instead, and records gone from the source are deleted."""
    started = time.monotonic()
    known = warehouse_ids(config, connection) if reconcile else None
    result = SyncResult(connection=connection.name)
    stats = RequestStats()
    for source_set in source_rounds(config, connection, sandbox, window, known_ids=known):
        for dataset, source in source_set.sources.items():
            if progress is not None:
                _count_progress(source, connection.name, progress)
            pipeline = pipeline_for(config, dataset)
            info = pipeline.run(source, loader_file_format="parquet")
            info.raise_on_failed_jobs()
            result.load_info.append(info)
            counts = pipeline.last_trace.last_normalize_info.row_counts if pipeline.last_trace else {}
            tables = pipeline.default_schema.tables
            for table, rows in counts.items():
                if not table.startswith("_dlt"):
                    key = f"{dataset}.{table}"
                    # A list replaced whole is re-read with every slice: what it holds is the last slice's rows.
                    replaced = table in tables and get_write_disposition(tables, table) == "replace"
                    result.rows[key] = rows if replaced else result.rows.get(key, 0) + rows
        stats.add(**source_set.stats.as_dict())
        result.slices += 1
    result.requests = stats.as_dict()
    result.seconds = time.monotonic() - started
    return result
