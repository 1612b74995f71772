"""One Dagster asset per dlt resource, grouped per connection; keys are ``[<dataset>, <table>]`` so the dbt
sources of the same dataset line up with them and lineage is one graph."""

# No `from __future__ import annotations`: Dagster inspects the real annotation of `context`.
from collections.abc import Iterator
from typing import Any

import dagster as dg
from dagster_dlt import DagsterDltResource, DagsterDltTranslator, dlt_assets
from dagster_dlt.translator import DltResourceTranslatorData
from dlt.sources import DltSource

from ats_pipeline.config import ConnectionConfig, PipelineConfig
from ats_pipeline.defs.constants import WAREHOUSE_POOL
from ats_pipeline.sandbox.session import sandbox_for
from ats_pipeline.sources.registry import SyncWindow
from ats_pipeline.sync import build_sources, pipeline_for


class AtsDltTranslator(DagsterDltTranslator):
    def __init__(self, group_name: str) -> None:
        super().__init__()
        self.group_name = group_name

    def get_asset_spec(self, data: DltResourceTranslatorData) -> dg.AssetSpec:
        spec = super().get_asset_spec(data)
        return spec.replace_attributes(
            key=dg.AssetKey([data.pipeline.dataset_name, data.resource.name]),
            deps=[],
            group_name=self.group_name,
        )


def _group(connection: ConnectionConfig, dataset: str) -> str:
    return f"ingest_{connection.name}" + ("_restricted" if dataset == connection.restricted_dataset else "")


def dataset_assets(
    config: PipelineConfig, connection: ConnectionConfig, dataset: str, layout: DltSource
) -> dg.AssetsDefinition:
    """The assets of one (connection, dataset) pair: one per dlt resource, materialized by one dlt run."""
    translator = AtsDltTranslator(_group(connection, dataset))

    @dlt_assets(
        dlt_source=layout,
        dlt_pipeline=pipeline_for(config, dataset),
        name=f"dlt_{dataset}",
        dagster_dlt_translator=translator,
        pool=WAREHOUSE_POOL,
    )
    def load(context: dg.AssetExecutionContext, dlt: DagsterDltResource) -> Iterator[Any]:
        # Sources are rebuilt at run time: the sandbox (if any) is started and secrets are read now.
        with sandbox_for(config) as endpoints:
            live = build_sources(connection, endpoints, SyncWindow())
            yield from dlt.run(
                context=context,
                dlt_source=live.sources[dataset],
                dlt_pipeline=pipeline_for(config, dataset),
                dagster_dlt_translator=translator,
                loader_file_format="parquet",
            )
            context.log.info(f"{connection.name}: requests {live.stats.as_dict()}")

    return load


def connection_assets(config: PipelineConfig, connection: ConnectionConfig) -> list[dg.AssetsDefinition]:
    layout = build_sources(connection, None, for_definitions=True)
    return [dataset_assets(config, connection, dataset, source) for dataset, source in layout.sources.items()]


def ingest_assets(config: PipelineConfig) -> list[dg.AssetsDefinition]:
    return [asset for connection in config.connections for asset in connection_assets(config, connection)]
