"""Jobs and schedules: the hourly incremental sync + build, and the nightly reconciliation of deletions."""

# No `from __future__ import annotations`: Dagster inspects real annotations.
from collections.abc import Iterator

import dagster as dg
from dagster._core.definitions.unresolved_asset_job_definition import UnresolvedAssetJobDefinition

from ats_pipeline.config import ConnectionConfig, PipelineConfig
from ats_pipeline.defs.constants import WAREHOUSE_POOL
from ats_pipeline.defs.partitions import INCREMENTAL_TAG, daily_partitions

SYNC_JOB = "sync_and_build"
RECONCILE_JOB = "reconcile_deletions"


def sync_job(config: PipelineConfig) -> UnresolvedAssetJobDefinition:
    return dg.define_asset_job(
        SYNC_JOB,
        selection=dg.AssetSelection.all(),
        partitions_def=daily_partitions(config),
        description="Sync every connection (incrementally, or a window for a backfill), then dbt build and test.",
    )


def sync_schedule(config: PipelineConfig, job: UnresolvedAssetJobDefinition) -> dg.ScheduleDefinition:
    partitions = daily_partitions(config)

    @dg.schedule(
        job=job,
        cron_schedule=config.orchestration.sync_cron,
        execution_timezone=config.orchestration.timezone,
        default_status=dg.DefaultScheduleStatus.STOPPED,
        description="Incremental sync of every connection, then dbt build. Safe to switch on: runs queue on the "
        "warehouse pool, and a run resumes from the last committed cursors.",
    )
    def hourly_sync(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        today = partitions.get_last_partition_key(current_time=context.scheduled_execution_time)
        return dg.RunRequest(partition_key=today, tags={INCREMENTAL_TAG: "true"})

    return hourly_sync


def _reconcile_op(config: PipelineConfig, connection: ConnectionConfig) -> dg.OpDefinition:
    @dg.op(name=f"reconcile_{connection.name}", pool=WAREHOUSE_POOL, out=dg.Out(dg.Nothing))
    def reconcile(context: dg.OpExecutionContext) -> Iterator[dg.AssetObservation]:
        from ats_pipeline.sandbox.session import sandbox_for
        from ats_pipeline.sync import sync_connection

        with sandbox_for(config) as endpoints:
            result = sync_connection(config, connection, endpoints, reconcile=True)
        context.log.info(f"{connection.name}: deleted {sum(result.rows.values())} rows gone from the source")
        for table, rows in result.rows.items():
            dataset, name = table.split(".", 1)
            yield dg.AssetObservation(asset_key=dg.AssetKey([dataset, name]), metadata={"deleted_rows": rows})

    return reconcile


def reconcile_job(config: PipelineConfig) -> dg.JobDefinition:
    ops = [_reconcile_op(config, c) for c in config.connections]

    @dg.job(name=RECONCILE_JOB, description="Delete from the warehouse what the sources deleted or merged away.")
    def reconcile_deletions() -> None:
        # Every op writes the warehouse: the in-process executor and the pool run them one at a time.
        for op in ops:
            op()

    return reconcile_deletions


def reconcile_schedule(config: PipelineConfig, job: dg.JobDefinition) -> dg.ScheduleDefinition:
    return dg.ScheduleDefinition(
        name="nightly_reconciliation",
        job=job,
        cron_schedule=config.orchestration.reconcile_cron,
        execution_timezone=config.orchestration.timezone,
        default_status=dg.DefaultScheduleStatus.STOPPED,
        description="Compare id sets with each source and delete what it no longer lists. Safe to switch on.",
    )
