"""The Dagster code location: it loads, its graph links dlt and dbt, and materializing everything works."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import pytest
import yaml
from dagster_dbt import get_asset_key_for_model

from ats_pipeline.config import PipelineConfig, parse_config
from ats_pipeline.defs.definitions import build_definitions
from ats_pipeline.sandbox.world import World
from ats_pipeline.sources.greenhouse.settings import ENDPOINTS, RESTRICTED_ENDPOINTS
from ats_pipeline_tests.conftest import FAST_LIMIT, query

ROOT = Path(__file__).resolve().parents[2]


def _config(directory: Path) -> PipelineConfig:
    raw = {
        "warehouse": {"path": str(directory / "warehouse.duckdb")},
        "sandbox": {"path": str(directory / "world.duckdb"), "seed": 11, "applications": 300},
        "connections": [
            {"name": "greenhouse", "vendor": "greenhouse", "options": {"sandbox": True, "rate_limit": FAST_LIMIT}}
        ],
    }
    return parse_config(raw, source="test", base_dir=directory)


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> PipelineConfig:
    return _config(tmp_path_factory.mktemp("dagster"))


@pytest.fixture(scope="module")
def defs(config: PipelineConfig) -> dg.Definitions:
    return build_definitions(config)


def test_definitions_load_with_one_graph(defs: dg.Definitions) -> None:
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    for endpoint in ENDPOINTS:
        assert f"raw_greenhouse/{endpoint.name}" in keys
    for endpoint in RESTRICTED_ENDPOINTS:
        assert f"raw_greenhouse_restricted/{endpoint.name}" in keys
    dbt_assets = [a for a in defs.assets if isinstance(a, dg.AssetsDefinition) and "dbt_models" in a.node_def.name]
    fct = get_asset_key_for_model(dbt_assets, "fct_applications")
    stg = get_asset_key_for_model(dbt_assets, "stg_greenhouse__applications")
    assert fct in graph.get_all_asset_keys()
    # lineage: raw table (dlt asset) -> staging -> mart
    assert dg.AssetKey(["raw_greenhouse", "applications"]) in graph.get(stg).parent_keys
    assert stg in graph.get_ancestor_asset_keys(fct)
    # every warehouse writer shares the one pool
    assert all(a.op.pool == "duckdb_warehouse" for a in defs.assets if isinstance(a, dg.AssetsDefinition))
    assert defs.resolve_job_def("sync_and_build") is not None
    assert defs.resolve_job_def("reconcile_deletions") is not None
    # every raw table has a blocking volume check; dbt tests arrived as checks on the dbt assets
    check_keys = {(k.asset_key.to_user_string(), k.name) for k in graph.asset_check_keys}
    for endpoint in ENDPOINTS:
        assert (f"raw_greenhouse/{endpoint.name}", "row_count_did_not_collapse") in check_keys
    assert any(name.startswith("unique_") for key, name in check_keys if "stg_greenhouse__applications" in key)
    # the pipeline-health signal: a WARN check on the pipeline_health mart
    health = get_asset_key_for_model(dbt_assets, "pipeline_health")
    assert (health.to_user_string(), "open_jobs_have_enough_pipeline") in check_keys
    # freshness: a policy on every raw table (Dagster's freshness policies superseded freshness checks)
    raw_keys = [k for k in graph.get_all_asset_keys() if k.path[0].startswith("raw_")]
    assert raw_keys and all(graph.get(k).freshness_policy is not None for k in raw_keys)
    # groups: one per connection dataset, then the dbt layers
    groups = {graph.get(k).group_name for k in graph.get_all_asset_keys()}
    assert {"ingest_greenhouse", "ingest_greenhouse_restricted", "staging", "intermediate", "marts"} <= groups
    assert graph.get(fct).group_name == "marts" and graph.get(stg).group_name == "staging"
    # the restricted DEI models (self-ID staging included) sit in their own group
    for model in ("dei_adverse_impact", "int_greenhouse__self_identifications"):
        assert graph.get(get_asset_key_for_model(dbt_assets, model)).group_name == "dei_restricted"
    schedules = {s.name: s for s in defs.schedules}
    assert set(schedules) == {"hourly_sync", "nightly_reconciliation"}
    assert all(s.default_status == dg.DefaultScheduleStatus.STOPPED for s in schedules.values())


def test_loading_definitions_leaves_the_process_environment_alone(defs: dg.Definitions) -> None:
    # The warehouse path travels in dbt --vars; a process-wide variable would redirect every later run.
    assert "ATS_WAREHOUSE_PATH" not in os.environ


def test_workspace_yaml_points_at_the_definitions() -> None:
    workspace = yaml.safe_load((ROOT / "workspace.yaml").read_text())
    module = workspace["load_from"][0]["python_module"]
    assert module["module_name"] == "ats_pipeline.defs.definitions"
    assert module["attribute"] == "defs"


def _today(defs: dg.Definitions) -> str:
    return defs.resolve_job_def("sync_and_build").partitions_def.get_last_partition_key()


def test_materialize_everything_in_process(defs: dg.Definitions, config: PipelineConfig) -> None:
    result = defs.resolve_job_def("sync_and_build").execute_in_process(
        partition_key=_today(defs), tags={"ats/incremental": "true"}
    )
    assert result.success
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "raw_greenhouse/applications" in materialized
    assert "raw_greenhouse_restricted/eeoc" in materialized
    assert any(k.endswith("fct_applications") for k in materialized)
    checks = result.get_asset_check_evaluations()
    health = [c for c in checks if c.check_name == "open_jobs_have_enough_pipeline"]
    assert checks and all(c.passed for c in checks if c not in health)
    # the pipeline-health signal warns exactly when an open job's pipeline is thin
    thin = query(config, "select count(*) from analytics.pipeline_health where is_pipeline_thin")[0][0]
    assert len(health) == 1 and health[0].severity == dg.AssetCheckSeverity.WARN
    assert health[0].passed == (thin == 0)
    world = World.open(config.resolve(config.sandbox.path))
    try:
        expected = world.ground_truth().applications
    finally:
        world.close()
    assert query(config, "select count(*) from analytics.fct_applications")[0][0] == expected
    metadata = next(
        e.materialization.metadata
        for e in result.get_asset_materialization_events()
        if e.asset_key == dg.AssetKey(["raw_greenhouse", "applications"])
    )
    assert metadata["dagster/row_count"].value == expected + world_prospects(config)
    assert metadata["requests"].value > 0 and "retries" in metadata and "duration_seconds" in metadata


def world_prospects(config: PipelineConfig) -> int:
    with World.open(config.resolve(config.sandbox.path)) as world:
        return world.ground_truth().prospects


def _cursor_state(config: PipelineConfig) -> str:
    return query(config, "select state from raw_greenhouse._dlt_pipeline_state order by created_at desc limit 1")[0][0]


def test_backfill_of_three_days_re_extracts_that_window_only(defs: dg.Definitions, config: PipelineConfig) -> None:
    from datetime import datetime, timedelta

    with World.open(config.resolve(config.sandbox.path)) as world:
        end = world.now.replace(hour=0, minute=0, second=0, microsecond=0)
        start = end - timedelta(days=3)
        with world.cursor() as cur:
            expected = cur.execute(
                "select count(*) from applications where deleted_at is null and updated_at >= ? and updated_at < ?",
                [start, end],
            ).fetchone()[0]
    assert expected > 0
    state_before = _cursor_state(config)
    job = defs.resolve_job_def("sync_and_build")
    raw = [a for a in defs.assets if isinstance(a, dg.AssetsDefinition) and a.node_def.name == "dlt_raw_greenhouse"]
    result = dg.materialize(
        raw,
        resources={"dlt": defs.resources["dlt"]},
        tags={
            "dagster/asset_partition_range_start": start.strftime("%Y-%m-%d"),
            "dagster/asset_partition_range_end": (end - timedelta(days=1)).strftime("%Y-%m-%d"),
        },
        selection=[dg.AssetKey(["raw_greenhouse", "applications"])],
    )
    assert result.success and job is not None
    loaded = next(
        e.materialization.metadata
        for e in result.get_asset_materialization_events()
        if e.asset_key == dg.AssetKey(["raw_greenhouse", "applications"])
    )
    assert loaded["rows_loaded"].value == expected
    assert loaded["mode"].value == "window re-extract"
    # the stored cursor did not move, and the next incremental run carries on from it: nothing new to load
    assert _cursor_state(config) == state_before
    again = dg.materialize(
        raw,
        resources={"dlt": defs.resources["dlt"]},
        partition_key=_today(defs),
        tags={"ats/incremental": "true"},
        selection=[dg.AssetKey(["raw_greenhouse", "applications"])],
    )
    metadata = next(e.materialization.metadata for e in again.get_asset_materialization_events())
    # dagster-dlt leaves rows_loaded out when a table got no rows
    assert metadata["rows_loaded"].value == 0 if "rows_loaded" in metadata else True
    assert metadata["mode"].value == "incremental"
    assert datetime  # keep the import meaningful for readers of the window arithmetic


def test_a_collapsed_load_fails_its_volume_check(defs: dg.Definitions, config: PipelineConfig) -> None:
    raw = [a for a in defs.assets if isinstance(a, dg.AssetsDefinition) and a.node_def.name == "dlt_raw_greenhouse"]
    checks = [c for c in defs.asset_checks if c.node_def.name == "volume_dlt_raw_greenhouse"]
    assert checks
    departments = dg.AssetKey(["raw_greenhouse", "departments"])
    instance = dg.DagsterInstance.ephemeral()
    run = dict(resources={"dlt": defs.resources["dlt"]}, partition_key=_today(defs), tags={"ats/incremental": "true"})
    selection = dg.AssetSelection.assets(departments) | dg.AssetSelection.checks_for_assets(departments)
    first = dg.materialize([*raw, *checks], instance=instance, selection=selection, **run)
    assert first.get_asset_check_evaluations() and all(c.passed for c in first.get_asset_check_evaluations())
    # Break the source on purpose: most departments vanish from the API.
    with World.open(config.resolve(config.sandbox.path)) as world, world.cursor() as cur:
        cur.execute("create table departments_backup as select * from departments")
        cur.execute("delete from departments where id > 2")
    try:
        second = dg.materialize([*raw, *checks], instance=instance, selection=selection, raise_on_error=False, **run)
    finally:
        with World.open(config.resolve(config.sandbox.path)) as world, world.cursor() as cur:
            cur.execute("insert into departments select * from departments_backup where id > 2")
            cur.execute("drop table departments_backup")
    evaluations = {(e.asset_key, e.check_name): e for e in second.get_asset_check_evaluations()}
    failed = evaluations[(departments, "row_count_did_not_collapse")]
    assert not failed.passed
    assert failed.metadata["row_count"].value == 2


def test_dev_instance_gives_the_warehouse_pool_one_slot(tmp_path: Path) -> None:
    from ats_pipeline.cli import ensure_dagster_instance

    ensure_dagster_instance(tmp_path)
    instance = dg.DagsterInstance.from_config(str(tmp_path))
    try:
        assert instance.get_concurrency_config().pool_config.default_pool_limit == 1
    finally:
        instance.dispose()


def test_default_config_graph_has_every_connection(tmp_path: Path) -> None:
    from ats_pipeline.config import load_config
    from ats_pipeline.sources.registry import vendors

    config = load_config()
    graph = build_definitions(config).resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    checks = {(k.asset_key.to_user_string(), k.name) for k in graph.asset_check_keys}
    assert len(config.connections) == 4
    for connection in config.connections:
        spec = vendors()[connection.vendor]
        for resource in spec.resources:
            assert f"{connection.dataset}/{resource}" in keys, (connection.name, resource)
            assert (f"{connection.dataset}/{resource}", "row_count_did_not_collapse") in checks
        for resource in spec.restricted_resources:
            assert f"{connection.restricted_dataset}/{resource}" in keys


def test_a_sliced_first_sync_materializes_each_table_once_with_every_row(tmp_path: Path) -> None:
    """A first sync in slices (100 records per package) runs the pipeline several times inside one asset step."""
    raw = {
        "warehouse": {"path": str(tmp_path / "warehouse.duckdb"), "load_slice_records": 100},
        "sandbox": {"path": str(tmp_path / "world.duckdb"), "seed": 11, "applications": 250},
        "connections": [{"name": "ashby", "vendor": "ashby", "options": {"sandbox": True, "rate_limit": FAST_LIMIT}}],
    }
    config = parse_config(raw, source="test", base_dir=tmp_path)
    defs = build_definitions(config)
    assets = [a for a in defs.assets if isinstance(a, dg.AssetsDefinition) and a.node_def.name == "dlt_raw_ashby"]
    result = dg.materialize(assets, resources={"dlt": defs.resources["dlt"]}, partition_key=_today(defs))
    assert result.success
    events = [e.asset_key for e in result.get_asset_materialization_events()]
    assert len(events) == len(set(events))
    assert query(config, "select count(*) from raw_ashby._dlt_loads")[0][0] >= 3  # 250 applications: 3 slices
    applications = next(
        e.materialization.metadata
        for e in result.get_asset_materialization_events()
        if e.asset_key == dg.AssetKey(["raw_ashby", "applications"])
    )
    stored = query(config, "select count(*), count(distinct id) from raw_ashby.applications")[0]
    assert applications["dagster/row_count"].value == stored[0] == stored[1] >= 250
