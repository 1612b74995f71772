"""All dbt models as Dagster assets; dbt sources map onto the dlt assets by key ``[dataset, table]``."""

# No `from __future__ import annotations`: Dagster inspects the real annotation of `context`.
import json
import os
from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets

from ats_pipeline.config import PipelineConfig
from ats_pipeline.defs.constants import WAREHOUSE_POOL
from ats_pipeline.transform import DBT_PROJECT_DIR, dbt_executable, prepare_project, publish_marts


def dbt_project(config: PipelineConfig) -> DbtProject:
    # The dbt sources are generated from the configuration (one per raw dataset) before parsing.
    build_vars = prepare_project(config)
    project = DbtProject(
        project_dir=DBT_PROJECT_DIR,
        profiles_dir=DBT_PROJECT_DIR,
        prepare_project_cli_args=["parse", "--quiet", "--vars", json.dumps(build_vars)],
    )
    # The manifest must match this config's vars; parsing does not open the warehouse.
    os.environ["PATH"] = f"{os.path.dirname(dbt_executable())}{os.pathsep}{os.environ.get('PATH', '')}"
    project.preparer.prepare(project)
    return project


def dbt_resource(config: PipelineConfig, project: DbtProject) -> DbtCliResource:
    # The warehouse path reaches dbt through --vars (see dbt_vars), never through process-wide environment.
    return DbtCliResource(project_dir=project, profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_executable())


# Dagster groups of the dbt assets, by the schema they build into; restricted (self-ID) models have their own.
SCHEMA_GROUPS = {"staging": "staging", "intermediate": "intermediate", "analytics": "marts"}
RESTRICTED_GROUP = "dei_restricted"


class AtsDbtTranslator(DagsterDbtTranslator):
    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        config = dbt_resource_props.get("config", {})
        if (config.get("meta") or {}).get("restricted") or dbt_resource_props.get("schema") == "dei":
            return RESTRICTED_GROUP
        if dbt_resource_props.get("resource_type") == "seed":
            return "mappings"
        return SCHEMA_GROUPS.get(dbt_resource_props.get("schema", ""), "transform")


def transform_assets(config: PipelineConfig, project: DbtProject) -> dg.AssetsDefinition:
    translator = AtsDbtTranslator(
        settings=DagsterDbtTranslatorSettings(enable_asset_checks=True, enable_duplicate_source_asset_keys=True)
    )

    @dbt_assets(manifest=project.manifest_path, project=project, dagster_dbt_translator=translator, pool=WAREHOUSE_POOL)
    def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
        # Re-written here too: another configuration in this process may have generated different sources.
        build_vars = json.dumps(prepare_project(config))
        yield from dbt.cli(["build", "--vars", build_vars], context=context).stream()
        # After a successful build (stream() raises otherwise), publish the marts for BI tools.
        published = publish_marts(config)
        context.log.info(f"published {len(published)} marts to {config.resolve(config.warehouse.publish_dir)}")

    return dbt_models
