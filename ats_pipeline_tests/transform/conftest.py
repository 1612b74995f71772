"""One warehouse holding one sandbox connection of every vendor, each synced from its emulator over HTTP from the
same world, and built once by `dbt build` (session-scoped: syncs and a build are the slow part of the suite).

Every vendor renders the same world, so each vendor's marts must equal that world's ground truth, and all
vendors together must equal it times the number of vendors."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ats_pipeline.config import PipelineConfig, parse_config
from ats_pipeline.sandbox.sandbox import Sandbox
from ats_pipeline.sandbox.world import World, WorldConfig
from ats_pipeline.sandbox.world.ground_truth import GroundTruth
from ats_pipeline.sources.registry import vendors
from ats_pipeline.sync import sync_connection
from ats_pipeline.transform import DbtResult, dbt_build, modelled_vendors
from ats_pipeline_tests.conftest import FAST_LIMIT, fast_emulator_settings

VENDOR_WORLD = WorldConfig(seed=7, applications=400)


@dataclass
class VendorsBuild:
    world: World
    truth: GroundTruth
    config: PipelineConfig
    result: DbtResult
    vendors: list[str]  # vendors with a connection that the dbt project models (a staging folder)

    def connection(self, vendor: str) -> str:
        return f"{vendor}_sandbox"


def _config(directory: Path, vendor_names: list[str]) -> PipelineConfig:
    raw = {
        "warehouse": {"path": str(directory / "warehouse.duckdb"), "publish_dir": str(directory / "published")},
        "connections": [
            {"name": f"{v}_sandbox", "vendor": v, "options": {"sandbox": True, "rate_limit": FAST_LIMIT}}
            for v in vendor_names
        ],
    }
    return parse_config(raw, source="test", base_dir=directory)


@pytest.fixture(scope="session")
def vendors_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VendorsBuild]:
    world = World.generate(VENDOR_WORLD)
    try:
        config = _config(tmp_path_factory.mktemp("vendors"), sorted(vendors()))
        with Sandbox(world, settings=fast_emulator_settings()) as box:
            for connection in config.connections:
                sync_connection(config, connection, box.endpoints())
        result = dbt_build(config)
        modelled = sorted(set(vendors()) & modelled_vendors())
        yield VendorsBuild(world, world.ground_truth(), config, result, modelled)
    finally:
        world.close()
