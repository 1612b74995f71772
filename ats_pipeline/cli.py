"""The ``ats-pipeline`` command line."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from ats_pipeline.config import PROJECT_ROOT, PipelineConfig, load_config
from ats_pipeline.errors import explain
from ats_pipeline.sources.registry import SyncWindow

if TYPE_CHECKING:
    from ats_pipeline.transform import DbtResult

console = Console(stderr=True)
out = Console()

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Configuration file (default: $ATS_PIPELINE_CONFIG or ./ats_pipeline.yaml).",
)


@contextmanager
def failures_exit() -> Iterator[None]:
    """Turn any failure into one clear message on stderr and a non-zero exit (no traceback)."""
    try:
        yield
    except (click.exceptions.Exit, click.ClickException, click.Abort):
        raise
    except KeyboardInterrupt:
        console.print("[red]interrupted[/red]")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the CLI boundary: report and exit
        if os.environ.get("ATS_PIPELINE_DEBUG"):
            console.print_exception()
        console.print(f"[bold red]error:[/bold red] {explain(exc)}", highlight=False, soft_wrap=True)
        sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log HTTP requests and retries.")
def main(verbose: bool) -> None:
    """ats-pipeline: load ATS data (Greenhouse, ...) into DuckDB, model it with dbt, orchestrate with Dagster."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(name)s %(message)s"
    )
    if not verbose:
        # dlt sets its logger's level from its own config when a pipeline starts; quiet it there.
        os.environ.setdefault("RUNTIME__LOG_LEVEL", "ERROR")


def _load(config_path: Path | None) -> PipelineConfig:
    return load_config(config_path)


class SyncProgress:
    """A live row counter per (connection, resource)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[tuple[str, str], int] = {}

    def __call__(self, connection: str, table: str, rows: int) -> None:
        key = (connection, table)
        if key not in self.tasks:
            self.tasks[key] = self.progress.add_task(f"{connection}.{table}", total=None, rows=0)
        task = self.tasks[key]
        current = self.progress.tasks[task].fields["rows"] + rows
        self.progress.update(task, rows=current)


def _sync_all(
    config: PipelineConfig, connections: tuple[str, ...], window: SyncWindow, *, reconcile: bool = False
) -> list:
    from ats_pipeline.sandbox.session import sandbox_for
    from ats_pipeline.sync import sync_connection

    selected = [config.connection(n) for n in connections] if connections else list(config.connections)
    results = []
    with sandbox_for(config) as endpoints:
        if endpoints:
            running = ", ".join(f"{vendor} at {endpoint['base_url']}" for vendor, endpoint in endpoints.items())
            console.print(f"sandbox running: {running}")
        columns = (SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.fields[rows]:>9,} rows"))
        with Progress(*columns, TimeElapsedColumn(), console=console, transient=False) as progress:
            reporter = SyncProgress(progress)
            for connection in selected:
                results.append(
                    sync_connection(
                        config, connection, endpoints, window=window, progress=reporter, reconcile=reconcile
                    )
                )
    return results


def _summary(results: list, dbt_result: DbtResult | None, seconds: float) -> None:
    table = Table(title="Rows loaded", show_lines=False)
    table.add_column("table")
    table.add_column("rows", justify="right")
    for result in results:
        for name, rows in sorted(result.rows.items()):
            table.add_row(name, f"{rows:,}")
    out.print(table)
    for result in results:
        r = result.requests
        out.print(
            f"connection {result.connection}: {sum(result.rows.values()):,} rows in {result.seconds:.1f} s"
            + (f" ({result.slices} load packages)" if result.slices > 1 else "")
            + f", {r.get('requests', 0)} requests, {r.get('retries', 0)} retries, {r.get('throttled', 0)} throttled (429)"
        )
    if dbt_result is not None:
        out.print(
            f"dbt build: {dbt_result.models_built} models built, {dbt_result.tests_passed} tests passed "
            f"in {dbt_result.seconds:.1f} s"
        )
        _print_dbt_signals(dbt_result)
    out.print(f"[bold green]done[/bold green] in {seconds:.1f} s")


@main.command()
@config_option
@click.option("--connection", "connections", multiple=True, help="Only this connection (repeatable).")
@click.option("--skip-dbt", is_flag=True, help="Load only; do not run dbt build.")
def run(config_path: Path | None, connections: tuple[str, ...], skip_dbt: bool) -> None:
    """Sync every configured connection, then `dbt build`, then print a summary."""
    with failures_exit():
        started = time.monotonic()
        config = _load(config_path)
        results = _sync_all(config, connections, SyncWindow())
        dbt_result = None
        if not skip_dbt:
            from ats_pipeline.transform import dbt_build

            with console.status("dbt build ..."):
                dbt_result = dbt_build(config)
        _summary(results, dbt_result, time.monotonic() - started)


@main.command()
@config_option
@click.option("--connection", "connections", multiple=True, help="Only this connection (repeatable).")
@click.option("--start", type=click.DateTime(), default=None, help="Backfill: records updated at or after (UTC).")
@click.option("--end", type=click.DateTime(), default=None, help="Backfill: records updated before (UTC).")
def sync(config_path: Path | None, connections: tuple[str, ...], start, end) -> None:  # noqa: ANN001
    """Extract and load only (no dbt). With --start/--end, re-extract a window without moving cursors."""
    with failures_exit():
        started = time.monotonic()
        if start and end and start >= end:
            raise click.BadParameter("--start must be before --end")
        results = _sync_all(_load(config_path), connections, SyncWindow(start=start, end=end))
        _summary(results, None, time.monotonic() - started)


@main.command()
@config_option
@click.option("--connection", "connections", multiple=True, help="Only this connection (repeatable).")
def reconcile(config_path: Path | None, connections: tuple[str, ...]) -> None:
    """Delete from the warehouse what the source deleted (or merged away): compare id sets with the API.

    For APIs without tombstones (Greenhouse); schedule it nightly. Cursors are not moved."""
    with failures_exit():
        started = time.monotonic()
        results = _sync_all(_load(config_path), connections, SyncWindow(), reconcile=True)
        _summary(results, None, time.monotonic() - started)


@main.command()
@config_option
def transform(config_path: Path | None) -> None:
    """Run `dbt build` on the warehouse."""
    with failures_exit():
        from ats_pipeline.transform import dbt_build

        result = dbt_build(_load(config_path))
        out.print(f"dbt build: {result.models_built} models built, {result.tests_passed} tests passed")
        _print_dbt_signals(result)


def _print_dbt_signals(result: DbtResult) -> None:
    if result.thin_pipelines:
        out.print(
            f"[yellow]pipeline health[/yellow]: {result.thin_pipelines} "
            "(open jobs whose pipeline is too thin; see analytics.pipeline_health)"
        )
    for warning in result.quality_warnings:
        out.print(f"[yellow]warning[/yellow]: {warning}")


@main.group()
def config() -> None:
    """Inspect the configuration."""


@config.command("check")
@config_option
def config_check(config_path: Path | None) -> None:
    """Validate the configuration file and list the connections."""
    with failures_exit():
        cfg = _load(config_path)
        for connection in cfg.connections:
            target = "sandbox" if connection.uses_sandbox else str(getattr(connection.options, "base_url", ""))
            out.print(f"{connection.name}: {connection.vendor} -> {target} (dataset {connection.dataset})")
        out.print(f"warehouse: {cfg.warehouse_path}")


@main.group()
def sandbox() -> None:
    """The local sandbox: emulated ATS APIs over a synthetic hiring world."""


@sandbox.command("serve")
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print endpoints and credentials as JSON.")
@click.option("--vendor", "vendors", multiple=True, help="Only these vendors (default: all).")
def sandbox_serve(config_path: Path | None, as_json: bool, vendors: tuple[str, ...]) -> None:
    """Serve the emulators in the foreground and print each vendor's base URL and credentials."""
    with failures_exit():
        from ats_pipeline.sandbox.sandbox import Sandbox
        from ats_pipeline.sandbox.session import open_world

        cfg = _load(config_path)
        world = open_world(cfg.sandbox, cfg.resolve(cfg.sandbox.path))
        box = Sandbox(world, vendors=list(vendors) or None)
        box.start()
        try:
            endpoints = box.endpoints()
            if as_json:
                out.print_json(json.dumps(endpoints))
            else:
                for vendor, endpoint in endpoints.items():
                    out.print(f"[bold]{vendor}[/bold]")
                    for key, value in endpoint.items():
                        out.print(f"  {key}: {value}")
                out.print(f"world: {world.config.applications:,} applications, now = {world.now:%Y-%m-%d %H:%M} UTC")
                out.print("Ctrl-C to stop")
            sys.stdout.flush()
            box.serve_forever()
        finally:
            box.stop()
            world.close()


@sandbox.command("advance")
@config_option
@click.option("--days", type=click.IntRange(1, 3650), required=True, help="Days to move the world forward.")
def sandbox_advance(config_path: Path | None, days: int) -> None:
    """Move the sandbox world forward: new applications, moves, hires, deletions, merges, anonymizations."""
    with failures_exit():
        from ats_pipeline.sandbox.session import open_world

        cfg = _load(config_path)
        world = open_world(cfg.sandbox, cfg.resolve(cfg.sandbox.path))
        try:
            changes = world.advance(days)
            for kind, count in changes.items():
                out.print(f"{kind}: {count}")
            out.print(f"now = {world.now:%Y-%m-%d %H:%M} UTC")
        finally:
            world.close()


@sandbox.command("reset")
@config_option
def sandbox_reset(config_path: Path | None) -> None:
    """Delete the sandbox world; the next run generates it afresh from the seed."""
    with failures_exit():
        cfg = _load(config_path)
        path = cfg.resolve(cfg.sandbox.path)
        path.unlink(missing_ok=True)
        out.print(f"removed {path}")


DAGSTER_INSTANCE_HEADER = "# Written by `ats-pipeline dev`."
DAGSTER_INSTANCE_YAML = f"""\
{DAGSTER_INSTANCE_HEADER} DuckDB allows one writer per file: every asset that writes the warehouse
# runs in the pool duckdb_warehouse, and pools hold one slot each. Freshness policies (raw tables not loaded for
# orchestration.freshness_hours turn stale) are evaluated by the daemon once enabled here.
concurrency:
  pools:
    default_limit: 1
freshness:
  enabled: true
telemetry:
  enabled: false
"""


def ensure_dagster_instance(home: Path) -> None:
    """Write the Dagster instance config, unless the user wrote their own (ours is refreshed)."""
    home.mkdir(parents=True, exist_ok=True)
    instance = home / "dagster.yaml"
    if not instance.exists() or instance.read_text().startswith(DAGSTER_INSTANCE_HEADER):
        instance.write_text(DAGSTER_INSTANCE_YAML)


@main.command()
@click.option("--port", default=3000, show_default=True)
def dev(port: int) -> None:
    """Open the Dagster UI (dagster dev with workspace.yaml)."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("DAGSTER_HOME", str(PROJECT_ROOT / "data" / "dagster_home"))
    ensure_dagster_instance(Path(env["DAGSTER_HOME"]))
    dagster = Path(sys.executable).parent / "dagster"
    command = [str(dagster), "dev", "-w", str(PROJECT_ROOT / "workspace.yaml"), "-h", "127.0.0.1", "-p", str(port)]
    raise SystemExit(subprocess.call(command, env=env, cwd=PROJECT_ROOT))


if __name__ == "__main__":
    main()
