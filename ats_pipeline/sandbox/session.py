"""Start the sandbox for the connections that target it, keeping its world on disk between runs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ats_pipeline.config import PipelineConfig, SandboxConfig
from ats_pipeline.sandbox.emulator.settings import EmulatorSettings, RateLimitSettings
from ats_pipeline.sandbox.world import World, WorldConfig


def world_config(sandbox: SandboxConfig) -> WorldConfig:
    return WorldConfig(
        seed=sandbox.seed,
        applications=sandbox.applications,
        history_days=sandbox.history_days,
        adverse_impact=sandbox.adverse_impact,
    )


def open_world(sandbox: SandboxConfig, path: Path) -> World:
    """Reopen the world file when it was generated from the same settings (keeping its time moves),
    otherwise generate it afresh."""
    wanted = world_config(sandbox)
    if path.exists():
        world = World.open(path)
        same = world.config.model_dump(exclude={"now"}) == wanted.model_dump(exclude={"now"})
        if same:
            return world
        world.close()
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    return World.generate(wanted, path)


def emulator_settings(sandbox: SandboxConfig, vendors: list[str]) -> dict[str, EmulatorSettings] | None:
    """None keeps every vendor's documented limit; relaxed lifts it for quick local runs."""
    if sandbox.rate_limits == "vendor":
        return None
    relaxed = RateLimitSettings(kind="fixed_window", limit=1000, window_seconds=1.0)
    return {vendor: EmulatorSettings(rate_limit=relaxed) for vendor in vendors}


def sandbox_vendors(config: PipelineConfig) -> list[str]:
    return sorted({c.vendor for c in config.connections if c.uses_sandbox})


@contextmanager
def sandbox_for(config: PipelineConfig) -> Iterator[dict[str, dict[str, Any]] | None]:
    """Yield each sandboxed vendor's endpoint (base URL and credentials), or None when no connection needs one."""
    vendors = sandbox_vendors(config)
    if not vendors:
        yield None
        return
    from ats_pipeline.sandbox.sandbox import Sandbox

    world = open_world(config.sandbox, config.resolve(config.sandbox.path))
    try:
        with Sandbox(world, vendors=vendors, settings=emulator_settings(config.sandbox, vendors)) as sandbox:
            yield sandbox.endpoints()
    finally:
        world.close()
