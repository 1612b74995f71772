"""One Dagster asset per dlt resource, grouped per connection; keys are ``[<dataset>, <table>]`` so the dbt
sources of the same dataset line up with them and lineage is one graph."""

# No `from __future__ import annotations`: Dagster inspects the real annotation of `context`.
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import dagster as dg
from dagster_dlt import DagsterDltResource, DagsterDltTranslator, dlt_assets
from dagster_dlt.translator import DltResourceTranslatorData
from dlt.sources import DltSource

from ats_pipeline.config import ConnectionConfig, PipelineConfig
from ats_pipeline.defs.constants import WAREHOUSE_POOL
from ats_pipeline.defs.partitions import daily_partitions, sync_window
from ats_pipeline.http import RequestStats
from ats_pipeline.sandbox.session import sandbox_for
from ats_pipeline.sync import build_sources, pipeline_for, source_rounds


class AtsDltTranslator(DagsterDltTranslator):
    def __init__(self, group_name: str, freshness: dg.FreshnessPolicy) -> None:
        super().__init__()
        self.group_name = group_name
        self.freshness = freshness

    def get_asset_spec(self, data: DltResourceTranslatorData) -> dg.AssetSpec:
        spec = super().get_asset_spec(data)
        dataset, table = data.pipeline.dataset_name, data.resource.table_name
        if isinstance(table, str) and table != data.resource.name:
            # A resource writing into another resource's table (e.g. Lever's deletions into `applications`): one
            # asset per resource, so say where its rows go; downstream lineage runs through that table's asset.
            spec = spec.replace_attributes(
                description=f"Writes into {dataset}.{table}: {data.resource.name.replace('_', ' ')} are applied "
                f"there (the {dataset} / {table} asset is what the dbt models read).",
            )
        return spec.replace_attributes(
            key=dg.AssetKey([dataset, data.resource.name]),
            deps=[],
            group_name=self.group_name,
            freshness_policy=self.freshness,
        )


def _group(connection: ConnectionConfig, dataset: str) -> str:
    return f"ingest_{connection.name}" + ("_restricted" if dataset == connection.restricted_dataset else "")


def dataset_assets(
    config: PipelineConfig, connection: ConnectionConfig, dataset: str, layout: DltSource
) -> dg.AssetsDefinition:
    """The assets of one (connection, dataset) pair: one per dlt resource, materialized by one dlt run.

    Daily partitions: the sync schedule runs today's partition incrementally; any other partitioned run
    (a backfill of a range, single-run) re-extracts exactly the records updated in its window."""
    # Stale when not loaded for `freshness_hours` (Dagster's freshness policies, which superseded freshness checks).
    freshness = dg.FreshnessPolicy.time_window(fail_window=timedelta(hours=config.orchestration.freshness_hours))
    translator = AtsDltTranslator(_group(connection, dataset), freshness)

    @dlt_assets(
        dlt_source=layout,
        dlt_pipeline=pipeline_for(config, dataset),
        name=f"dlt_{dataset}",
        dagster_dlt_translator=translator,
        partitions_def=daily_partitions(config),
        pool=WAREHOUSE_POOL,
    )
    def load(context: dg.AssetExecutionContext, dlt: DagsterDltResource) -> Iterator[Any]:
        window = sync_window(context)
        started = time.monotonic()
        # Sources are rebuilt at run time: the sandbox (if any) is started and secrets are read now.
        pipeline = pipeline_for(config, dataset)
        stats = RequestStats()
        # One materialization per table: a long pass runs in slices (sources/slices.py), the last event wins.
        events: dict[Any, Any] = {}
        with sandbox_for(config) as endpoints:
            for live in source_rounds(config, connection, endpoints, window):
                for event in dlt.run(
                    context=context,
                    dlt_source=live.sources[dataset],
                    dlt_pipeline=pipeline,
                    dagster_dlt_translator=translator,
                    loader_file_format="parquet",
                ):
                    events[event.asset_key] = event
                stats.add(**live.stats.as_dict())
        totals = stats.as_dict()
        with pipeline.sql_client() as sql:
            for event in events.values():
                table = event.asset_key.path[-1]
                # Rows in the whole table (dagster-dlt counts only this run's rows on partitioned assets).
                count = sql.execute_sql(f"select count(*) from {sql.make_qualified_table_name(table)}")[0][0]
                yield event._replace(
                    metadata={
                        **event.metadata,
                        "dagster/row_count": dg.MetadataValue.int(count),
                        "mode": "window re-extract" if window.start else "incremental",
                        # The extraction's own figures (requests are per dataset run, shared by its tables).
                        "requests": totals["requests"],
                        "retries": totals["retries"],
                        "throttled_429": totals["throttled"],
                        "duration_seconds": round(time.monotonic() - started, 2),
                    }
                )

    return load


def connection_assets(config: PipelineConfig, connection: ConnectionConfig) -> list[dg.AssetsDefinition]:
    layout = build_sources(connection, None, for_definitions=True)
    return [dataset_assets(config, connection, dataset, source) for dataset, source in layout.sources.items()]


def ingest_assets(config: PipelineConfig) -> list[dg.AssetsDefinition]:
    return [asset for connection in config.connections for asset in connection_assets(config, connection)]
