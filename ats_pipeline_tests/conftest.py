"""Shared fixtures: a small deterministic world, the sandbox serving it on loopback, and configs that load
into a temporary warehouse."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ats_pipeline.config import PipelineConfig, parse_config
from ats_pipeline.sandbox.emulator.registry import emulator_classes
from ats_pipeline.sandbox.emulator.settings import EmulatorSettings, RateLimitSettings
from ats_pipeline.sandbox.sandbox import Sandbox
from ats_pipeline.sandbox.world import World, WorldConfig

# dagster-dbt and the transform step call `dbt`: make the venv's tools win on PATH.
os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")

TEST_APPLICATIONS = 400
# Generous limits so most tests are not slowed by pacing; the rate-limit tests set their own.
FAST_LIMIT = {"requests": 10_000, "per_seconds": 1}


def fast_emulator_settings() -> dict[str, EmulatorSettings]:
    """Every vendor's emulator with a limit high enough not to slow tests (rate-limit tests set their own)."""
    return {
        vendor: EmulatorSettings(rate_limit=RateLimitSettings(limit=10_000, window_seconds=1))
        for vendor in emulator_classes()
    }


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    """A fresh world per test module: some modules advance it."""
    world = World.generate(WorldConfig(seed=7, applications=TEST_APPLICATIONS))
    yield world
    world.close()


@pytest.fixture(scope="module")
def sandbox(world: World) -> Iterator[Sandbox]:
    with Sandbox(world, settings=fast_emulator_settings()) as box:
        yield box


def make_config(
    directory: Path, vendor: str = "greenhouse", warehouse: dict[str, Any] | None = None, **options: Any
) -> PipelineConfig:
    """A config with one sandboxed connection of ``vendor`` (named like the vendor) loading into ``directory``."""
    raw = {
        "warehouse": {
            "path": str(directory / "warehouse.duckdb"),
            "publish_dir": str(directory / "published"),
            **(warehouse or {}),
        },
        "connections": [
            {"name": vendor, "vendor": vendor, "options": {"sandbox": True, "rate_limit": FAST_LIMIT, **options}}
        ],
    }
    return parse_config(raw, source="test", base_dir=directory)


def query(config: PipelineConfig, sql: str) -> list[tuple]:
    with duckdb.connect(str(config.warehouse_path)) as con:
        return con.execute(sql).fetchall()


def table_count(config: PipelineConfig, table: str) -> int:
    return query(config, f"select count(*) from {table}")[0][0]
