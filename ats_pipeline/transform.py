"""Run the dbt project against the warehouse (as a subprocess, as dagster-dbt does)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ats_pipeline.config import PROJECT_ROOT, PipelineConfig

DBT_PROJECT_DIR = PROJECT_ROOT / "dbt"


class DbtError(RuntimeError):
    """dbt failed; the message lists the failing nodes."""


def dbt_executable() -> str:
    # Prefer the dbt installed next to this interpreter (the project's venv), then PATH.
    beside = Path(sys.executable).parent / "dbt"
    found = str(beside) if beside.exists() else shutil.which("dbt")
    if not found:
        raise DbtError("the dbt executable was not found; run `make install` (it is part of the project's venv)")
    return found


def dbt_vars(config: PipelineConfig) -> dict[str, str]:
    """The warehouse file, and each vendor's staging pointed at its configured connection's raw dataset."""
    chosen: dict[str, str] = {"warehouse_path": str(config.warehouse_path)}
    for connection in config.connections:
        chosen.setdefault(f"{connection.vendor}_connection", connection.name)
    return chosen


def dbt_env(config: PipelineConfig) -> dict[str, str]:
    env = dict(os.environ)
    env["DBT_PROFILES_DIR"] = str(DBT_PROJECT_DIR)
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    # dbt may call itself (e.g. deps); keep the venv first on PATH.
    env["PATH"] = f"{Path(dbt_executable()).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def dbt_args(config: PipelineConfig, command: str, *extra: str) -> list[str]:
    return [
        dbt_executable(),
        command,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--vars",
        json.dumps(dbt_vars(config)),
        *extra,
    ]


@dataclass
class DbtResult:
    seconds: float
    statuses: dict[str, dict[str, int]] = field(default_factory=dict)  # resource type -> status -> count

    @property
    def models_built(self) -> int:
        return self.statuses.get("model", {}).get("success", 0)

    @property
    def tests_passed(self) -> int:
        return self.statuses.get("test", {}).get("pass", 0)


def _summarize(run_results: Path) -> tuple[dict[str, dict[str, int]], list[str]]:
    statuses: dict[str, dict[str, int]] = {}
    failures: list[str] = []
    if not run_results.exists():
        return statuses, failures
    for result in json.loads(run_results.read_text()).get("results", []):
        kind = result["unique_id"].split(".", 1)[0]
        status = result["status"]
        statuses.setdefault(kind, {}).setdefault(status, 0)
        statuses[kind][status] += 1
        if status in ("error", "fail"):
            failures.append(f"{result['unique_id']}: {(result.get('message') or status).strip()}")
    return statuses, failures


def dbt_build(config: PipelineConfig, *extra: str, quiet: bool = True) -> DbtResult:
    started = time.monotonic()
    run_results = DBT_PROJECT_DIR / "target" / "run_results.json"
    run_results.unlink(missing_ok=True)
    process = subprocess.run(
        dbt_args(config, "build", *extra),
        env=dbt_env(config),
        cwd=DBT_PROJECT_DIR,
        capture_output=quiet,
        text=True,
    )
    statuses, failures = _summarize(run_results)
    if process.returncode != 0:
        detail = "\n".join(failures) or (process.stdout or "")[-3000:]
        raise DbtError(f"dbt build failed (exit {process.returncode}):\n{detail}")
    return DbtResult(seconds=time.monotonic() - started, statuses=statuses)
