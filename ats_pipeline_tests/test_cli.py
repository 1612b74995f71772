"""The command line, as a user runs it (subprocesses of the installed console script)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

BIN = Path(sys.executable).parent / "ats-pipeline"


def _cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["run"],
        ["sync"],
        ["transform"],
        ["config", "check"],
        ["sandbox"],
        ["sandbox", "serve"],
        ["sandbox", "advance"],
        ["sandbox", "reset"],
        ["dev"],
    ],
)
def test_help_on_every_command(command: list[str]) -> None:
    result = _cli(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout


def test_bad_config_exits_non_zero_naming_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("connections:\n  - {name: gh, vendor: greenhouse, options: {sandbox: true, per_pgae: 5}}\n")
    result = _cli("config", "check", "--config", str(bad))
    assert result.returncode == 1
    assert "connection 'gh': options.per_pgae: unknown key" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_secret_exits_non_zero(tmp_path: Path) -> None:
    config = tmp_path / "real.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "warehouse": {"path": str(tmp_path / "w.duckdb")},
                "connections": [
                    {"name": "gh_real", "vendor": "greenhouse", "options": {"client_secret_env": "NOPE_SECRET"}}
                ],
            }
        )
    )
    result = _cli("run", "--config", str(config), "--skip-dbt")
    assert result.returncode == 1
    assert "gh_real" in result.stderr and "GREENHOUSE_CLIENT_ID" in result.stderr


def test_run_on_the_sandbox_loads_raw_tables_and_fct_applications(tmp_path: Path) -> None:
    config = tmp_path / "cfg.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "warehouse": {"path": str(tmp_path / "warehouse.duckdb")},
                "sandbox": {"path": str(tmp_path / "world.duckdb"), "applications": 250, "seed": 5},
                "connections": [
                    {
                        "name": "greenhouse",
                        "vendor": "greenhouse",
                        "options": {"sandbox": True, "rate_limit": {"requests": 10000, "per_seconds": 1}},
                    }
                ],
            }
        )
    )
    result = _cli("run", "--config", str(config))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "raw_greenhouse.applications" in result.stdout
    assert "models built" in result.stdout
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        fct = con.execute("select count(*) from analytics.fct_applications").fetchone()[0]
        raw = con.execute("select count(*) from raw_greenhouse.applications where not prospect").fetchone()[0]
    assert fct == raw > 0


def test_sandbox_serve_prints_endpoints_that_work(tmp_path: Path) -> None:
    import json
    import signal

    import httpx

    config = tmp_path / "cfg.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "sandbox": {"path": str(tmp_path / "world.duckdb"), "applications": 150},
                "connections": [{"name": "greenhouse", "vendor": "greenhouse", "options": {"sandbox": True}}],
            }
        )
    )
    process = subprocess.Popen(
        [str(BIN), "sandbox", "serve", "--json", "--config", str(config)], stdout=subprocess.PIPE, text=True
    )
    try:
        lines = []
        while not lines or lines[-1].rstrip() != "}":
            line = process.stdout.readline()
            assert line, "serve exited before printing its endpoints"
            lines.append(line)
        endpoints = json.loads("".join(lines))
        greenhouse = endpoints["greenhouse"]
        assert greenhouse["base_url"].startswith("http://127.0.0.1:")
        token = httpx.post(
            greenhouse["token_url"],
            auth=(greenhouse["client_id"], greenhouse["client_secret"]),
            data={"grant_type": "client_credentials"},
        ).json()["access_token"]
        jobs = httpx.get(f"{greenhouse['base_url']}/jobs", headers={"Authorization": f"Bearer {token}"})
        assert jobs.status_code == 200 and len(jobs.json()) > 0
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) in (0, 130)
