"""The pipeline's configuration file (``ats_pipeline.yaml``), validated with pydantic.

One file lists the warehouse, the local sandbox and the connections. Each connection names a vendor and
carries that vendor's ``options`` (validated by the vendor's own model, see ``sources/<vendor>/settings.py``).
Secrets are never stored in the file: options reference them by environment variable name (``*_env``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ats_pipeline.sandbox.world import AdverseImpact

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_ENV = "ATS_PIPELINE_CONFIG"
DEFAULT_CONFIG = PROJECT_ROOT / "ats_pipeline.yaml"
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


class ConfigError(ValueError):
    """A configuration problem, with a message that names the offending key."""


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# DuckDB's memory cap while loading. A package of 10,000 records per list merges within 64MB (what exceeds it
# spills); DuckDB keeps up to the cap of the destination's blocks cached, so a bigger cap costs memory that grows
# with the warehouse, up to the cap. One unsliced package needs more: a 100k-application Ashby package failed at
# 96MB and loaded at 256MB (benchmarks/README.md, "load step").
SLICED_LOAD_MEMORY = "64MB"
WHOLE_LOAD_MEMORY = "256MB"


class WarehouseConfig(StrictModel):
    path: Path = Field(Path("data/warehouse.duckdb"), description="DuckDB file the pipeline writes.")
    publish_dir: Path = Field(Path("data/published"), description="Read-only copies for BI tools.")
    load_memory_limit: str | None = Field(
        None,
        pattern=r"^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$",
        description="DuckDB's memory cap while dlt loads (merges spill to disk beyond it). DuckDB's default, 80% of "
        "RAM, keeps every block it touched cached, so the loader's memory would grow with the warehouse. null: "
        f"{SLICED_LOAD_MEMORY} when lists load in slices (each merge is bounded), {WHOLE_LOAD_MEMORY} when not.",
    )
    load_slice_records: int | None = Field(
        10_000,
        ge=100,
        description="Records a list may deliver per load package: a longer pass (a first sync) is loaded in slices, "
        "so each merge stays bounded however large the account (a 1M-application package ran out of memory) and a "
        "killed sync resumes from its last slice. null: one package per sync.",
    )

    @property
    def loader_memory(self) -> str:
        """The ``memory_limit`` dlt's DuckDB destination gets: the setting, or the default for the slicing."""
        if self.load_memory_limit is not None:
            return self.load_memory_limit
        return WHOLE_LOAD_MEMORY if self.load_slice_records is None else SLICED_LOAD_MEMORY


class SandboxConfig(StrictModel):
    path: Path = Field(Path("data/sandbox/world.duckdb"), description="Where the synthetic world is kept.")
    seed: int = 42
    applications: int = Field(2000, ge=100, le=5_000_000)
    history_days: int = Field(365, ge=30, le=3650)
    adverse_impact: AdverseImpact | None = AdverseImpact()
    rate_limits: Literal["vendor", "relaxed"] = Field(
        "relaxed",
        description="vendor: each emulator enforces its vendor's real ceiling (Workable: 10 requests / 10 s); "
        "relaxed: 1,000 requests/s, so a first `make run` takes seconds. Clients pace by their own options.",
    )


class OrchestrationConfig(StrictModel):
    """Dagster schedules (both are created stopped; switch them on in the UI or with `dagster schedule start`)."""

    sync_cron: str = Field("0 * * * *", description="Incremental sync of every connection, then dbt build.")
    reconcile_cron: str = Field("30 3 * * *", description="Nightly: delete what the sources deleted or merged.")
    timezone: str = Field("UTC", description="Time zone the cron expressions are read in.")
    partitions_start: str = Field("2024-01-01", description="First day of the daily extraction partitions.")
    freshness_hours: float = Field(26.0, gt=0, description="A connection older than this fails its freshness check.")
    volume_drop_ratio: float = Field(
        0.5, gt=0, lt=1, description="A table that shrinks below this share of its previous row count fails."
    )


class ConnectionConfig(StrictModel):
    name: str = Field(description="Lower-case identifier; the raw dataset is raw_<name>.")
    vendor: str
    options: BaseModel = Field(default_factory=StrictModel)

    @field_validator("name")
    @classmethod
    def _valid_name(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError("must be lower-case letters, digits and underscores, starting with a letter")
        return value

    @model_validator(mode="before")
    @classmethod
    def _vendor_options(cls, data: Any) -> Any:
        # Options are validated by the vendor's own model, found through the registry.
        from ats_pipeline.sources.registry import vendors

        if not isinstance(data, dict) or isinstance(data.get("options"), BaseModel):
            return data
        known = vendors()
        vendor = data.get("vendor")
        if vendor not in known:
            raise ValueError(f"unknown vendor {vendor!r}; expected one of: {', '.join(sorted(known))}")
        try:
            options = known[vendor].options_model.model_validate(data.get("options") or {})
        except ValidationError as exc:
            # Re-raise under "options" so messages read `connection 'x': options.<key>: ...`.
            details = [
                {"type": e["type"], "loc": ("options", *e["loc"]), "input": e["input"], "ctx": e.get("ctx", {})}
                for e in exc.errors()
            ]
            raise ValidationError.from_exception_data(exc.title, details) from None
        return {**data, "options": options}

    @property
    def dataset(self) -> str:
        return f"raw_{self.name}"

    @property
    def restricted_dataset(self) -> str:
        """Self-identification data lands here, never in the main raw dataset."""
        return f"raw_{self.name}_restricted"

    @property
    def uses_sandbox(self) -> bool:
        return bool(getattr(self.options, "sandbox", False))


class PipelineConfig(StrictModel):
    warehouse: WarehouseConfig = WarehouseConfig()
    sandbox: SandboxConfig = SandboxConfig()
    orchestration: OrchestrationConfig = OrchestrationConfig()
    connections: list[ConnectionConfig] = Field(min_length=1)
    base_dir: Path = Field(PROJECT_ROOT, exclude=True, description="Relative paths resolve against this.")

    @model_validator(mode="after")
    def _unique_names(self) -> PipelineConfig:
        names = [c.name for c in self.connections]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"connection names must be unique; repeated: {', '.join(duplicates)}")
        return self

    def resolve(self, path: Path) -> Path:
        return path if path.is_absolute() else (self.base_dir / path).resolve()

    @property
    def warehouse_path(self) -> Path:
        override = os.environ.get("ATS_WAREHOUSE_PATH")
        return Path(override).resolve() if override else self.resolve(self.warehouse.path)

    @property
    def data_dir(self) -> Path:
        return self.warehouse_path.parent

    def connection(self, name: str) -> ConnectionConfig:
        for conn in self.connections:
            if conn.name == name:
                return conn
        raise ConfigError(f"no connection named {name!r}; configured: {', '.join(c.name for c in self.connections)}")


def _describe(error: ValidationError, raw: dict[str, Any]) -> str:
    lines = []
    for item in error.errors():
        loc = list(item["loc"])
        where = ".".join(str(p) for p in loc) or "(top level)"
        # Name the connection, not just its index.
        if len(loc) >= 2 and loc[0] == "connections" and isinstance(loc[1], int):
            conns = raw.get("connections") or []
            if loc[1] < len(conns) and isinstance(conns[loc[1]], dict) and conns[loc[1]].get("name"):
                where = f"connection {conns[loc[1]]['name']!r}: " + ".".join(str(p) for p in loc[2:])
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "unknown key (check the spelling against the documented keys)"
        lines.append(f"  {where}: {message}")
    return "\n".join(lines)


def parse_config(raw: dict[str, Any], *, source: str = "<config>", base_dir: Path | None = None) -> PipelineConfig:
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: expected a mapping at the top level")
    try:
        return PipelineConfig.model_validate({**raw, "base_dir": base_dir or PROJECT_ROOT})
    except ValidationError as exc:
        raise ConfigError(f"invalid configuration in {source}:\n{_describe(exc, raw)}") from None


def load_config(path: str | Path | None = None) -> PipelineConfig:
    """Read and validate the config file: ``path``, else ``$ATS_PIPELINE_CONFIG``, else ``ats_pipeline.yaml``."""
    chosen = Path(path or os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)
    if not chosen.exists():
        raise ConfigError(f"configuration file not found: {chosen}")
    try:
        raw = yaml.safe_load(chosen.read_text()) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{chosen}: not valid YAML: {exc}") from None
    # Relative paths in a config file are relative to the project root when the file lives there,
    # else to the file's own folder.
    base = PROJECT_ROOT if chosen.resolve().parent == PROJECT_ROOT else chosen.resolve().parent
    return parse_config(raw, source=str(chosen), base_dir=base)


def secret_from_env(connection: str, option: str, variable: str | None) -> str:
    """Read a secret named by an ``*_env`` option; the error names the variable, never a value."""
    if not variable:
        raise ConfigError(f"connection {connection!r}: option {option} must name an environment variable")
    value = os.environ.get(variable)
    if not value:
        raise ConfigError(
            f"connection {connection!r}: environment variable {variable} (options.{option}) is not set or empty"
        )
    return value
