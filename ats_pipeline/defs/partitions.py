"""Daily partitions on extraction, and how a run decides between an incremental sync and a window re-extract."""

# No `from __future__ import annotations`: Dagster inspects real annotations.
import dagster as dg

from ats_pipeline.config import PipelineConfig
from ats_pipeline.sources.registry import SyncWindow

# Runs launched by the sync schedule carry this tag: they continue from the stored cursors. Any other run of a
# partition (a backfill, or one launched from the UI) re-extracts the records updated inside its time window,
# without moving the cursors.
INCREMENTAL_TAG = "ats/incremental"


def daily_partitions(config: PipelineConfig) -> dg.DailyPartitionsDefinition:
    return dg.DailyPartitionsDefinition(
        start_date=config.orchestration.partitions_start, timezone=config.orchestration.timezone, end_offset=1
    )


def sync_window(context: dg.AssetExecutionContext) -> SyncWindow:
    if not context.has_partition_key_range or context.run.tags.get(INCREMENTAL_TAG) == "true":
        return SyncWindow()
    window = context.partition_time_window
    return SyncWindow(start=window.start, end=window.end)
