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
    assert stg in graph.get(fct).parent_keys
    # every warehouse writer shares the one pool
    assert all(a.op.pool == "duckdb_warehouse" for a in defs.assets if isinstance(a, dg.AssetsDefinition))
    assert defs.resolve_job_def("sync_and_build") is not None


def test_loading_definitions_leaves_the_process_environment_alone(defs: dg.Definitions) -> None:
    # The warehouse path travels in dbt --vars; a process-wide variable would redirect every later run.
    assert "ATS_WAREHOUSE_PATH" not in os.environ


def test_workspace_yaml_points_at_the_definitions() -> None:
    workspace = yaml.safe_load((ROOT / "workspace.yaml").read_text())
    module = workspace["load_from"][0]["python_module"]
    assert module["module_name"] == "ats_pipeline.defs.definitions"
    assert module["attribute"] == "defs"


def test_materialize_everything_in_process(defs: dg.Definitions, config: PipelineConfig) -> None:
    result = defs.resolve_job_def("sync_and_build").execute_in_process()
    assert result.success
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "raw_greenhouse/applications" in materialized
    assert "raw_greenhouse_restricted/eeoc" in materialized
    assert any(k.endswith("fct_applications") for k in materialized)
    checks = result.get_asset_check_evaluations()
    assert checks and all(c.passed for c in checks)
    world = World.open(config.resolve(config.sandbox.path))
    try:
        expected = world.ground_truth().applications
    finally:
        world.close()
    assert query(config, "select count(*) from analytics.fct_applications")[0][0] == expected


def test_dev_instance_gives_the_warehouse_pool_one_slot(tmp_path: Path) -> None:
    from ats_pipeline.cli import ensure_dagster_instance

    ensure_dagster_instance(tmp_path)
    instance = dg.DagsterInstance.from_config(str(tmp_path))
    try:
        assert instance.get_concurrency_config().pool_config.default_pool_limit == 1
    finally:
        instance.dispose()
