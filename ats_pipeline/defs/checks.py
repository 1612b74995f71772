"""Asset checks on the raw tables: a blocking volume check per table.

dbt tests arrive as checks on the dbt assets through dagster-dbt (incl. the pipeline-health warning on
``pipeline_health``); freshness is a freshness policy on every raw asset (see ingest.py)."""

# No `from __future__ import annotations`: Dagster inspects real annotations.
from collections.abc import Iterator

import dagster as dg

from ats_pipeline.config import PipelineConfig

VOLUME_CHECK = "row_count_did_not_collapse"


def _row_count(record: dg.EventLogRecord) -> int | None:
    materialization = record.asset_materialization
    value = materialization.metadata.get("dagster/row_count") if materialization else None
    return None if value is None else int(value.value)


def volume_checks(config: PipelineConfig, assets: dg.AssetsDefinition) -> dg.AssetChecksDefinition:
    """Fails when a table holds far fewer rows than after its previous load (a broken or truncated sync).
    Blocking: the dbt models downstream are not built on a collapsed table."""
    ratio = config.orchestration.volume_drop_ratio
    specs = [
        dg.AssetCheckSpec(
            VOLUME_CHECK,
            asset=key,
            blocking=True,
            description=f"Row count stays at or above {ratio:.0%} of the previous load's.",
        )
        for key in sorted(assets.keys)
    ]

    @dg.multi_asset_check(specs=specs, name=f"volume_{assets.node_def.name}", can_subset=True)
    def check(context: dg.AssetCheckExecutionContext) -> Iterator[dg.AssetCheckResult]:
        for check_key in context.selected_asset_check_keys:
            records = context.instance.fetch_materializations(
                dg.AssetRecordsFilter(asset_key=check_key.asset_key), limit=2
            ).records
            counts = [_row_count(r) for r in records]
            current = counts[0] if counts else None
            previous = counts[1] if len(counts) > 1 else None
            passed = current is None or previous is None or previous == 0 or current >= ratio * previous
            yield dg.AssetCheckResult(
                asset_key=check_key.asset_key,
                check_name=VOLUME_CHECK,
                passed=passed,
                metadata={"row_count": current if current is not None else -1, "previous": previous or 0},
                description=None if passed else f"{current} rows after {previous} in the previous load",
            )

    return check
