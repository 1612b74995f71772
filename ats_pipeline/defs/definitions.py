"""The code location loaded by ``workspace.yaml`` (``dagster dev`` / ``make dev``)."""

from __future__ import annotations

import dagster as dg
from dagster_dlt import DagsterDltResource

from ats_pipeline.config import PipelineConfig, load_config
from ats_pipeline.defs.ingest import ingest_assets
from ats_pipeline.defs.transform import dbt_project, dbt_resource, transform_assets


def build_definitions(config: PipelineConfig) -> dg.Definitions:
    project = dbt_project(config)
    everything = dg.define_asset_job(
        "sync_and_build",
        selection=dg.AssetSelection.all(),
        description="Sync every connection, then build and test all dbt models.",
    )
    return dg.Definitions(
        assets=[*ingest_assets(config), transform_assets(config, project)],
        jobs=[everything],
        resources={"dlt": DagsterDltResource(), "dbt": dbt_resource(config, project)},
        # One DuckDB writer at a time inside a run; the pool limits it across runs.
        executor=dg.in_process_executor,
    )


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions(load_config())
