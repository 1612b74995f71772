"""The code location loaded by ``workspace.yaml`` (``dagster dev`` / ``make dev``)."""

# No `from __future__ import annotations`: Dagster inspects real annotations.
import dagster as dg
from dagster_dlt import DagsterDltResource

from ats_pipeline.config import PipelineConfig, load_config
from ats_pipeline.defs.checks import volume_checks
from ats_pipeline.defs.ingest import ingest_assets
from ats_pipeline.defs.schedules import reconcile_job, reconcile_schedule, sync_job, sync_schedule
from ats_pipeline.defs.transform import dbt_project, dbt_resource, transform_assets


def build_definitions(config: PipelineConfig) -> dg.Definitions:
    project = dbt_project(config)
    raw = ingest_assets(config)
    checks = [volume_checks(config, assets) for assets in raw]
    sync = sync_job(config)
    reconcile = reconcile_job(config)
    return dg.Definitions(
        assets=[*raw, transform_assets(config, project)],
        asset_checks=checks,
        jobs=[sync, reconcile],
        schedules=[sync_schedule(config, sync), reconcile_schedule(config, reconcile)],
        resources={"dlt": DagsterDltResource(), "dbt": dbt_resource(config, project)},
        # One DuckDB writer at a time inside a run; the pool limits it across runs.
        executor=dg.in_process_executor,
    )


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions(load_config())
