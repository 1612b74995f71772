"""Run the dbt project against the warehouse (as a subprocess, as dagster-dbt does), then publish the marts.

Before every dbt invocation the project is *prepared* for the configuration: one dbt source per raw dataset
(``raw_<connection>`` and ``raw_<connection>_restricted``) is written to ``models/sources/_ats_sources.generated.yml``
and the var ``ats_connections`` lists each vendor's connections, so staging unions every connection of a vendor.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ats_pipeline.config import PROJECT_ROOT, PipelineConfig

DBT_PROJECT_DIR = PROJECT_ROOT / "dbt"
STAGING_DIR = DBT_PROJECT_DIR / "models" / "staging"
GENERATED_SOURCES = DBT_PROJECT_DIR / "models" / "sources" / "_ats_sources.generated.yml"
# Schemas holding the marts: what is published for BI tools.
MART_SCHEMAS = ("analytics",)
PUBLISHED_DATABASE = "marts.duckdb"
# The dbt test on analytics.pipeline_health that warns while open jobs have too thin a pipeline.
PIPELINE_HEALTH_TEST = "open_jobs_have_enough_pipeline"


class DbtError(RuntimeError):
    """dbt failed; the message lists the failing nodes."""


def dbt_executable() -> str:
    # Prefer the dbt installed next to this interpreter (the project's venv), then PATH.
    beside = Path(sys.executable).parent / "dbt"
    found = str(beside) if beside.exists() else shutil.which("dbt")
    if not found:
        raise DbtError("the dbt executable was not found; run `make install` (it is part of the project's venv)")
    return found


def modelled_vendors() -> set[str]:
    """Vendors the dbt project models: one folder per vendor under models/staging/."""
    return {p.name for p in STAGING_DIR.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))}


def ats_connections(config: PipelineConfig) -> dict[str, list[str]]:
    """{vendor: [connection, ...]} for the configured connections whose vendor has staging models.

    A vendor without a staging folder is loaded but not modelled yet; naming it would make dbt ref models that
    do not exist.
    """
    modelled = modelled_vendors()
    found: dict[str, list[str]] = {}
    for connection in config.connections:
        if connection.vendor in modelled:
            found.setdefault(connection.vendor, []).append(connection.name)
    return found


def self_id_vendors() -> list[str]:
    """Vendors whose staging folder models self-identification (``int_<vendor>__self_identifications``): the DEI
    models read only those; every other vendor is reported "not available from this ATS"."""
    return sorted(v for v in modelled_vendors() if (STAGING_DIR / v / f"int_{v}__self_identifications.sql").exists())


def self_id_turned_off(config: PipelineConfig) -> list[str]:
    """Connections whose options turn the vendor's self-identification sync off (e.g. Lever's ``eeo_pii: false``)."""
    from ats_pipeline.sources.registry import vendors

    known = vendors()
    off = []
    for connection in config.connections:
        spec = known[connection.vendor]
        if spec.restricted_resources and spec.syncs_self_id and not spec.syncs_self_id(connection.options):
            off.append(connection.name)
    return sorted(off)


def dbt_vars(config: PipelineConfig) -> dict[str, Any]:
    """The warehouse file, the connections per vendor (the generated sources match them), the vendors with
    self-identification models and the connections that do not sync self-identification."""
    return {
        "warehouse_path": str(config.warehouse_path),
        "ats_connections": ats_connections(config),
        "ats_self_id_vendors": self_id_vendors(),
        "ats_self_id_off": self_id_turned_off(config),
    }


def _source(
    name: str, vendor: str, connection: str, tables: list[str], children: Mapping[str, str], restricted: bool
) -> dict[str, Any]:
    entries: list[dict[str, Any]] = []
    for table in tables:
        entries.append({"name": table})
        for child, parent in children.items():
            if parent == table:
                # Same Dagster asset as the parent: one dlt resource loads both tables.
                entries.append({"name": child, "config": {"meta": {"dagster": {"asset_key": [name, parent]}}}})
    what = "self-identification data (restricted)" if restricted else "raw tables"
    return {
        "name": name,
        "schema": name,
        "description": f"{vendor} connection {connection!r}: {what} loaded by dlt (generated, do not edit).",
        "loader": "dlt",
        "config": {"meta": {"vendor": vendor, "connection": connection, "restricted": restricted}},
        "tables": entries,
    }


def sources_document(config: PipelineConfig) -> dict[str, Any]:
    """The dbt sources of every configured connection: one per dataset, tables from the vendor's spec."""
    from ats_pipeline.sources.registry import vendors

    known = vendors()
    sources: list[dict[str, Any]] = []
    for connection in config.connections:
        spec = known[connection.vendor]
        main, restricted = list(spec.resources), list(spec.restricted_resources)
        sources.append(_source(connection.dataset, spec.name, connection.name, main, spec.child_tables, False))
        if restricted:
            sources.append(
                _source(connection.restricted_dataset, spec.name, connection.name, restricted, spec.child_tables, True)
            )
    return {"version": 2, "sources": sources}


def prepare_project(config: PipelineConfig) -> dict[str, Any]:
    """Write the generated sources for ``config`` (only if they changed, to keep dbt's partial parsing) and
    return the dbt vars to pass with them."""
    text = "# Generated by ats_pipeline/transform.py from the configuration; do not edit.\n" + yaml.safe_dump(
        sources_document(config), sort_keys=False
    )
    GENERATED_SOURCES.parent.mkdir(parents=True, exist_ok=True)
    if not GENERATED_SOURCES.exists() or GENERATED_SOURCES.read_text() != text:
        temporary = GENERATED_SOURCES.with_suffix(".tmp")
        temporary.write_text(text)
        os.replace(temporary, GENERATED_SOURCES)
    return dbt_vars(config)


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
        json.dumps(prepare_project(config)),
        *extra,
    ]


@dataclass
class DbtResult:
    seconds: float
    statuses: dict[str, dict[str, int]] = field(default_factory=dict)  # resource type -> status -> count
    warnings: list[str] = field(default_factory=list)  # nodes that finished with status "warn"
    published: list[str] = field(default_factory=list)  # tables published for BI tools

    @property
    def models_built(self) -> int:
        return self.statuses.get("model", {}).get("success", 0)

    @property
    def thin_pipelines(self) -> str | None:
        """The pipeline-health signal: dbt's message when open jobs have too thin a pipeline (a warning by
        design, not a failure), else None."""
        return next((w.split(": ", 1)[1] for w in self.warnings if PIPELINE_HEALTH_TEST in w), None)

    @property
    def quality_warnings(self) -> list[str]:
        """Warnings other than the pipeline-health signal: data-quality problems worth a look."""
        return [w for w in self.warnings if PIPELINE_HEALTH_TEST not in w]

    @property
    def tests_passed(self) -> int:
        return self.statuses.get("test", {}).get("pass", 0) + self.statuses.get("unit_test", {}).get("pass", 0)


def _summarize(run_results: Path) -> tuple[dict[str, dict[str, int]], list[str], list[str]]:
    statuses: dict[str, dict[str, int]] = {}
    failures: list[str] = []
    warnings: list[str] = []
    if not run_results.exists():
        return statuses, failures, warnings
    for result in json.loads(run_results.read_text()).get("results", []):
        kind = result["unique_id"].split(".", 1)[0]
        status = result["status"]
        statuses.setdefault(kind, {}).setdefault(status, 0)
        statuses[kind][status] += 1
        line = f"{result['unique_id']}: {(result.get('message') or status).strip()}"
        if status in ("error", "fail"):
            failures.append(line)
        elif status == "warn":
            warnings.append(line)
    return statuses, failures, warnings


def dbt_build(config: PipelineConfig, *extra: str, quiet: bool = True, publish: bool = True) -> DbtResult:
    """``dbt build`` (models, seeds, tests, unit tests); then, unless ``extra`` narrows the selection or
    ``publish`` is false, publish the marts for BI tools."""
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
    statuses, failures, warnings = _summarize(run_results)
    if process.returncode != 0:
        detail = "\n".join(failures) or ((process.stdout or "") + (process.stderr or ""))[-3000:]
        raise DbtError(f"dbt build failed (exit {process.returncode}):\n{detail}")
    published = publish_marts(config) if publish and not extra else []
    return DbtResult(time.monotonic() - started, statuses, warnings, published)


def publish_marts(config: PipelineConfig) -> list[str]:
    """Publish the marts where BI tools read them without holding the pipeline's writer lock.

    - ``<publish_dir>/parquet/<mart>.parquet``: one Parquet file per mart (tables and views of the mart schemas);
    - ``<publish_dir>/marts.duckdb``: a small DuckDB database with one view per mart, ``analytics.<mart>``, over
      those files (absolute paths), so SQL written against the warehouse runs unchanged.
    Each file is written beside the old one and swapped in with an atomic rename: a reader never sees a
    half-written file. Nothing else of the warehouse (raw data, restricted self-ID data, staging) is published.
    Returns the published relations.
    """
    import duckdb

    publish_dir = config.resolve(config.warehouse.publish_dir)
    parquet_dir = publish_dir / "parquet"
    parquet_dir.mkdir(parents=True, exist_ok=True)
    published: list[str] = []
    # The warehouse is attached read-only: the build is over, and publishing never takes the writer lock. Its
    # alias must be the file's stem: dbt-duckdb's views name their catalog, which is the stem.
    catalog = config.warehouse_path.stem
    with duckdb.connect() as con:
        con.execute(f"attach '{_sql_path(config.warehouse_path)}' as \"{catalog}\" (read_only)")
        schemas = ", ".join(f"'{s}'" for s in MART_SCHEMAS)
        relations = con.execute(
            "select table_schema, table_name from information_schema.tables "
            f"where table_catalog = ? and table_schema in ({schemas}) order by 1, 2",
            [catalog],
        ).fetchall()
        for schema, table in relations:
            part = parquet_dir / f".{table}.parquet.tmp"
            con.execute(
                f'copy (select * from "{catalog}"."{schema}"."{table}") to \'{_sql_path(part)}\' (format parquet)'
            )
            os.replace(part, parquet_dir / f"{table}.parquet")
            published.append(f"{schema}.{table}")
        con.execute(f'detach "{catalog}"')
    staging = publish_dir / f".{PUBLISHED_DATABASE}.tmp"
    staging.unlink(missing_ok=True)
    with duckdb.connect(str(staging)) as con:
        for schema in sorted({s for s, _ in relations}):
            con.execute(f'create schema if not exists "{schema}"')
        for schema, table in relations:
            path = _sql_path((parquet_dir / f"{table}.parquet").resolve())
            con.execute(f'create view "{schema}"."{table}" as select * from read_parquet(\'{path}\')')
    os.replace(staging, publish_dir / PUBLISHED_DATABASE)
    # Parquet files of marts that no longer exist would mislead a reader.
    current = {f"{table}.parquet" for _, table in relations}
    for stale in parquet_dir.glob("*.parquet"):
        if stale.name not in current:
            stale.unlink()
    return published


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def main(argv: list[str] | None = None) -> None:
    """``python -m ats_pipeline.transform [config]``: write the generated sources and print the dbt vars, for
    running dbt by hand: ``dbt build --project-dir dbt --profiles-dir dbt --vars "$(python -m ats_pipeline.transform)"``.
    """
    from ats_pipeline.config import load_config

    args = argv if argv is not None else sys.argv[1:]
    print(json.dumps(prepare_project(load_config(args[0] if args else None))))


if __name__ == "__main__":
    main()
