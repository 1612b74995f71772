"""The unified model and the marts on real data: two Greenhouse connections of the same world (one synced from
the emulator over HTTP, one written by the raw loader with a table and a column missing) built by `dbt build`;
every headline number equals the world's ground truth, per connection, per vendor and for everything together."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from ats_pipeline.config import PipelineConfig, parse_config
from ats_pipeline.sandbox.sandbox import Sandbox
from ats_pipeline.sandbox.world import World, WorldConfig
from ats_pipeline.sandbox.world import names as world_names
from ats_pipeline.sandbox.world.ground_truth import GroundTruth
from ats_pipeline.sync import sync_connection
from ats_pipeline.transform import DBT_PROJECT_DIR, GENERATED_SOURCES, DbtError, DbtResult, dbt_build
from ats_pipeline_tests.conftest import FAST_LIMIT, query
from ats_pipeline_tests.transform import greenhouse_raw

SYNCED, LOADED = "gh_a", "gh_b"  # gh_b lacks the scorecards table and applications.referrer_id
DEMOGRAPHIC_WORDS = ("gender", "race", "ethnic", "veteran", "disab", "eeoc", "demographic")


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    # Bigger than the shared 400-application world: it has a reneged offer and unrejected applications.
    world = World.generate(WorldConfig(seed=7, applications=800))
    yield world
    world.close()


@pytest.fixture(scope="module")
def truth(world: World) -> GroundTruth:
    return world.ground_truth()


def _config(directory: Path) -> PipelineConfig:
    options = {"sandbox": True, "rate_limit": FAST_LIMIT}
    raw = {
        "warehouse": {"path": str(directory / "warehouse.duckdb"), "publish_dir": str(directory / "published")},
        "connections": [
            {"name": SYNCED, "vendor": "greenhouse", "options": options},
            {"name": LOADED, "vendor": "greenhouse", "options": {**options, "restricted": False}},
        ],
    }
    return parse_config(raw, source="test", base_dir=directory)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, sandbox: Sandbox, world: World) -> tuple[PipelineConfig, DbtResult]:
    config = _config(tmp_path_factory.mktemp("marts"))
    sync_connection(config, config.connections[0], sandbox.endpoints())
    greenhouse_raw.load(world.cursor(), config.warehouse_path, f"raw_{LOADED}")
    # A connection that never loaded a resource, and a column dlt never created there.
    query(config, f"drop table raw_{LOADED}.scorecards")
    query(config, f"alter table raw_{LOADED}.applications drop column referrer_id")
    return config, dbt_build(config)


@pytest.fixture(scope="module")
def config(built: tuple[PipelineConfig, DbtResult]) -> PipelineConfig:
    return built[0]


def _by_connection(config: PipelineConfig, sql: str) -> dict[str, dict[Any, Any]]:
    """Rows (connection, key, value...) -> {connection: {key: value or tuple}}."""
    found: dict[str, dict[Any, Any]] = {}
    for connection, key, *values in query(config, sql):
        found.setdefault(connection, {})[key] = values[0] if len(values) == 1 else tuple(values)
    return found


# --- the build ----------------------------------------------------------------------------------------------------


def test_build_passes_with_every_test_and_unit_test(built: tuple[PipelineConfig, DbtResult]) -> None:
    _, result = built
    assert result.models_built >= 60
    assert result.statuses.get("test", {}).get("pass", 0) >= 150
    assert result.statuses.get("unit_test", {}).get("pass", 0) >= 8
    assert not result.quality_warnings  # incl. assert_every_job_stage_is_mapped: every sandbox stage is mapped
    for kind, statuses in result.statuses.items():
        assert not {"error", "fail", "skipped"} & set(statuses), (kind, statuses)


def test_sources_are_generated_from_the_configuration(config: PipelineConfig) -> None:
    sources = {s["name"]: s for s in yaml.safe_load(GENERATED_SOURCES.read_text())["sources"]}
    assert set(sources) == {f"raw_{SYNCED}", f"raw_{SYNCED}_restricted", f"raw_{LOADED}", f"raw_{LOADED}_restricted"}
    synced = sources[f"raw_{SYNCED}"]
    assert synced["schema"] == f"raw_{SYNCED}"
    assert synced["config"]["meta"] == {"vendor": "greenhouse", "connection": SYNCED, "restricted": False}
    tables = {t["name"]: t for t in synced["tables"]}
    assert "applications" in tables and "application_stages" in tables
    # a nested dlt table maps onto its resource's Dagster asset
    child = tables["candidates__email_addresses"]
    assert child["config"]["meta"]["dagster"]["asset_key"] == [f"raw_{SYNCED}", "candidates"]


# --- ground truth, per connection and all together ---------------------------------------------------------------


def test_applications_and_hires_equal_the_world(config: PipelineConfig, truth: GroundTruth) -> None:
    rows = _by_connection(
        config,
        "select connection, 'n', count(*), count(*) filter (status = 'hired') from analytics.fct_applications "
        "group by 1",
    )
    assert rows == {c: {"n": (truth.applications, truth.hires)} for c in (SYNCED, LOADED)}
    # prospects stay out of the applications (and of every funnel): they are in fct_prospects
    prospects = dict(query(config, "select connection, count(*) from analytics.fct_prospects group by 1"))
    assert prospects == {SYNCED: truth.prospects, LOADED: truth.prospects}
    hires_by_job = _by_connection(
        config,
        "select connection, cast(split_part(job_key, ':', 3) as bigint), count(*) from analytics.fct_applications "
        "where status = 'hired' group by 1, 2",
    )
    assert hires_by_job == {SYNCED: truth.hires_by_job, LOADED: truth.hires_by_job}


def test_stage_reached_per_job_stage_equals_the_world(config: PipelineConfig, truth: GroundTruth) -> None:
    expected = {r["job_stage_id"]: (r["reached_strict"], r["reached_imputed"]) for r in truth.stage_reached}
    rows = _by_connection(
        config,
        "select connection, cast(split_part(job_stage_key, ':', 3) as bigint), reached_strict, reached_imputed "
        "from analytics.funnel_by_job_stage",
    )
    assert rows == {SYNCED: expected, LOADED: expected}


def test_canonical_stage_reached_equals_the_world(config: PipelineConfig, truth: GroundTruth) -> None:
    expected = {r["kind"]: (r["reached_strict"], r["reached_imputed"]) for r in truth.kind_reached}
    expected["hired"] = (truth.hires, truth.hires)
    funnel = "select {}, canonical_stage, sum(reached_strict), sum(reached_imputed) from analytics.funnel_by_cohort"
    per_connection = _by_connection(config, funnel.format("connection") + " group by 1, 2")
    assert per_connection == {SYNCED: expected, LOADED: expected}
    # every vendor (greenhouse only so far) and all vendors together: both connections add up
    doubled = {k: (2 * s, 2 * i) for k, (s, i) in expected.items()}
    assert _by_connection(config, funnel.format("source_system") + " group by 1, 2") == {"greenhouse": doubled}
    assert _by_connection(config, funnel.format("'all'") + " group by 1, 2") == {"all": doubled}
    # the per-application view agrees with the mart
    view = _by_connection(
        config,
        "select connection, canonical_stage, sum(case when reached_strict then 1 else 0 end), "
        "sum(case when reached_imputed then 1 else 0 end) from intermediate.int_application_stage_reached group by 1, 2",
    )
    assert view == per_connection


def test_conversions_add_up(config: PipelineConfig) -> None:
    # next_reached of a stage is reached of the next stage of the same group; conversion = next / reached
    bad = query(
        config,
        """
        select count(*) from analytics.funnel_by_cohort f
        join analytics.funnel_by_cohort n
          on n.connection = f.connection and n.job_key = f.job_key and n.cohort_month = f.cohort_month
         and n.source_key is not distinct from f.source_key and n.canonical_stage = f.next_canonical_stage
        where n.reached_strict <> f.next_reached_strict or n.reached_imputed <> f.next_reached_imputed
           or n.closed_reached_imputed <> f.closed_next_reached_imputed
           or abs(f.conversion_imputed - f.next_reached_imputed / f.reached_imputed) > 1e-12
        """,
    )
    assert bad == [(0,)]
    strict_above_imputed = query(
        config, "select count(*) from analytics.funnel_by_cohort where reached_strict > reached_imputed"
    )
    assert strict_above_imputed == [(0,)]


def test_offers_by_status_equal_the_world(config: PipelineConfig, truth: GroundTruth) -> None:
    rows = _by_connection(config, "select connection, offer_status, count(*) from analytics.fct_offers group by 1, 2")
    assert rows == {SYNCED: truth.offers_by_status, LOADED: truth.offers_by_status}
    assert truth.offers_by_status.get("reneged"), "the test world should have a reneged offer"
    resolved = query(
        config,
        f"select sum(offers_accepted), sum(offers_reneged) from analytics.offer_acceptance where connection = '{SYNCED}'",
    )
    assert resolved == [(truth.offers_by_status["accepted"] + truth.offers_by_status["reneged"],
                         truth.offers_by_status["reneged"])]  # fmt: skip


def test_time_to_hire_medians_equal_the_world(config: PipelineConfig, truth: GroundTruth) -> None:
    medians = dict(
        query(
            config,
            "select coalesce(connection, source_system, 'all'), median_hours from analytics.time_to_hire "
            "where grain in ('all', 'source_system', 'connection')",
        )
    )
    assert medians.keys() == {"all", "greenhouse", SYNCED, LOADED}
    for value in medians.values():
        assert value == pytest.approx(truth.time_to_hire_hours["median"], abs=1e-9)
    by_job = _by_connection(
        config,
        "select connection, cast(split_part(job_key, ':', 3) as bigint), median_hours from analytics.time_to_hire "
        "where grain = 'job'",
    )
    for connection in (SYNCED, LOADED):
        assert by_job[connection].keys() == truth.time_to_hire_hours["by_job"].keys()
        for job, hours in truth.time_to_hire_hours["by_job"].items():
            assert by_job[connection][job] == pytest.approx(hours, abs=1e-9)


def test_every_sandbox_stage_maps_to_its_true_kind(config: PipelineConfig, world: World) -> None:
    with world.cursor() as cur:
        kinds = dict(cur.execute("select id, kind from job_stages").fetchall())
    mapped = dict(
        query(
            config,
            "select cast(job_stage_id as bigint), canonical_stage from analytics.dim_job_stages "
            f"where connection = '{SYNCED}'",
        )
    )
    assert mapped == kinds
    # ... and every name the world can draw, not only those this world drew
    rules = {}
    with (DBT_PROJECT_DIR / "seeds" / "stage_mapping.csv").open() as f:
        for row in csv.DictReader(f):
            if row["source_system"] == "*" and row["stage_type"] == "*":
                rules[row["stage_name"].strip().lower()] = row["canonical_stage"]
    pools = {"screen2": "screen", "interview2": "interview"}
    for pool, stage_names in world_names.STAGE_NAMES.items():
        for name in stage_names:
            assert rules.get(name.lower()) == pools.get(pool, pool), name


# --- the unified model --------------------------------------------------------------------------------------------


def test_keys_and_lineage_columns_on_every_row(config: PipelineConfig) -> None:
    tables = [
        t
        for (t,) in query(
            config,
            "select table_name from information_schema.tables where table_schema = 'analytics' "
            "and (table_name like 'dim_%' or table_name like 'fct_%')",
        )
    ]
    assert len(tables) >= 15
    for table in tables:
        nulls = query(
            config,
            f"select count(*) from analytics.{table} where source_system is null or connection is null",
        )
        assert nulls == [(0,)], table
    keys = query(config, "select application_key from analytics.fct_applications order by 1 limit 1")[0][0]
    assert keys.startswith("greenhouse:gh_a:")


def test_a_missing_table_gives_no_rows_and_a_missing_column_a_typed_null(config: PipelineConfig) -> None:
    scorecards = dict(query(config, "select connection, count(*) from analytics.fct_scorecards group by 1"))
    assert scorecards.keys() == {SYNCED}
    referrers = dict(
        query(config, "select connection, count(referrer_user_key) from analytics.fct_applications group by 1")
    )
    assert referrers[SYNCED] > 0 and referrers[LOADED] == 0
    column_type = query(
        config,
        "select data_type from information_schema.columns where table_schema = 'staging' "
        "and table_name = 'stg_greenhouse__applications' and column_name = 'referrer_user_id'",
    )
    assert column_type == [("BIGINT",)]


def test_hire_time_comes_from_the_accepted_offer_never_last_activity(config: PipelineConfig) -> None:
    rows = query(
        config,
        """
        select count(*) filter (status = 'hired' and hired_at is null),
               count(*) filter (status <> 'hired' and hired_at is not null),
               count(*) filter (status = 'hired' and hired_at <> offer_accepted_at),
               count(*) filter (status = 'hired' and hired_at = last_activity_at and hired_at <> offer_accepted_at)
        from analytics.fct_applications
        """,
    )
    assert rows == [(0, 0, 0, 0)]


def test_unrejected_applications_follow_their_current_state(config: PipelineConfig, world: World) -> None:
    """An unreject clears the rejection: the application is judged by what it is now, not by an old event."""
    with world.cursor() as cur:
        unrejected = cur.execute(
            "select a.id, a.status, a.rejected_at from applications a where a.deleted_at is null and a.id in "
            "(select application_id from application_events where kind = 'unrejected')"
        ).fetchall()
    assert unrejected, "the test world should have unrejected applications"
    keys = ", ".join(f"'greenhouse:{SYNCED}:{i}'" for i, _, _ in unrejected)
    got = {
        int(key.split(":")[-1]): (status, rejected_at)
        for key, status, rejected_at in query(
            config,
            f"select application_key, status, rejected_at from analytics.fct_applications "
            f"where application_key in ({keys})",
        )
    }
    assert got == {i: (status, rejected_at) for i, status, rejected_at in unrejected}
    outcomes = query(
        config,
        f"select count(*) from analytics.fct_applications where application_key in ({keys}) "
        "and ((status = 'active') <> (outcome = 'active') or (status = 'active') = is_closed)",
    )
    assert outcomes == [(0,)]


def test_no_demographic_columns_outside_the_restricted_data(config: PipelineConfig) -> None:
    columns = query(
        config,
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_schema in ('staging', 'intermediate', 'analytics')",
    )
    assert columns
    leaks = [c for c in columns if any(word in c[2].lower() for word in DEMOGRAPHIC_WORDS)]
    assert not leaks


def test_timestamps_are_utc_whatever_the_session_time_zone(config: PipelineConfig, world: World) -> None:
    compiled = DBT_PROJECT_DIR / "target" / "compiled" / "ats_pipeline" / "models" / "staging" / "greenhouse"
    sql = (compiled / "stg_greenhouse__application_stages.sql").read_text()
    results = []
    for zone in ("UTC", "America/New_York", "Asia/Kolkata"):
        with duckdb.connect(str(config.warehouse_path), read_only=True) as con:
            con.execute(f"set TimeZone = '{zone}'")
            results.append(
                con.execute(
                    f"select application_stage_id, entered_at, exited_at from ({sql}) s "
                    f"where connection = '{SYNCED}' order by 1"
                ).fetchall()
            )
    assert results[0] == results[1] == results[2]
    with world.cursor() as cur:
        expected = cur.execute(
            "select id, entered_at, exited_at from application_stages where deleted_at is null order by 1"
        ).fetchall()
    assert results[0] == expected


def test_raw_loader_matches_a_real_sync(config: PipelineConfig, world: World, tmp_path: Path) -> None:
    """The benchmark's raw loader writes what a sync writes (column types and every value)."""
    fast = tmp_path / "fast.duckdb"
    greenhouse_raw.load(world.cursor(), fast, "raw_fast")
    allowed_missing = {
        "candidate_educations": {
            "school_name_custom_field_option_id",
            "degree_custom_field_option_id",
            "discipline_custom_field_option_id",
        },
        "attachments": {"url"},
        "interviews": {"job_interview_id"},
        "offers": {"custom_fields__salary__name", "custom_fields__salary__type", "custom_fields__salary__value"},
    }
    with duckdb.connect() as con:
        con.execute(f"attach '{config.warehouse_path}' as real (read_only)")
        con.execute(f"attach '{fast}' as fast (read_only)")

        def columns(catalog: str, schema: str, table: str) -> dict[str, str]:
            return dict(
                con.execute(
                    "select column_name, data_type from information_schema.columns where table_catalog = ? "
                    "and table_schema = ? and table_name = ? and column_name not like '\\_dlt%' escape '\\'",
                    [catalog, schema, table],
                ).fetchall()
            )

        for table in greenhouse_raw.TABLES:
            real, loaded = columns("real", f"raw_{SYNCED}", table), columns("fast", "raw_fast", table)
            assert set(real) - set(loaded) == allowed_missing.get(table, set()), table
            assert set(loaded) <= set(real), table
            assert {c: real[c] for c in loaded} == loaded, table
            cols = ", ".join(f'"{c}"' for c in loaded)
            for a, b in ((f"real.raw_{SYNCED}", "fast.raw_fast"), ("fast.raw_fast", f"real.raw_{SYNCED}")):
                diff = con.execute(
                    f"select count(*) from (select {cols} from {a}.{table} except all select {cols} from {b}.{table})"
                ).fetchone()[0]
                assert diff == 0, (table, a)


def test_thin_pipelines_warn_without_failing_the_build(built: tuple[PipelineConfig, DbtResult]) -> None:
    """The pipeline-health signal is a dbt warning (a WARN check in Dagster) counting the open jobs whose
    active pipeline cannot produce the hires they still need."""
    config, result = built
    thin = query(config, "select count(*) from analytics.pipeline_health where is_pipeline_thin")[0][0]
    open_jobs = query(config, "select count(*) from analytics.dim_jobs where job_status = 'open'")[0][0]
    assert thin > 0 and query(config, "select count(*) from analytics.pipeline_health")[0][0] == open_jobs
    assert result.thin_pipelines is not None and f"Got {thin} result" in result.thin_pipelines
    assert all("open_jobs_have_enough_pipeline" not in w for w in result.quality_warnings)


# --- published for BI ---------------------------------------------------------------------------------------------


def test_marts_are_published_for_bi_tools(built: tuple[PipelineConfig, DbtResult]) -> None:
    config, result = built
    publish_dir = config.resolve(config.warehouse.publish_dir)
    assert "analytics.fct_applications" in result.published
    assert "analytics.funnel_by_cohort" in result.published
    expected = query(config, "select count(*) from analytics.fct_applications")
    # the published database is read-only-openable while the warehouse is opened for writing
    with duckdb.connect(str(config.warehouse_path)):
        with duckdb.connect(str(publish_dir / "marts.duckdb"), read_only=True) as bi:
            assert bi.execute("select count(*) from analytics.fct_applications").fetchall() == expected
            views = bi.execute("select distinct schema_name from duckdb_views() where not internal").fetchall()
            schemas = {s for (s,) in views}
            assert schemas == {"analytics"}
        parquet = publish_dir / "parquet" / "fct_applications.parquet"
        with duckdb.connect() as reader:
            assert reader.execute(f"select count(*) from read_parquet('{parquet}')").fetchall() == expected
    assert not [p for p in (publish_dir / "parquet").iterdir() if p.name.startswith(("raw", "stg_", "int_"))]
    published = json.dumps(result.published)
    assert "raw_" not in published and "restricted" not in published


# --- failures are reported (these modify the warehouse: keep them last) -------------------------------------------


def test_an_unmapped_stage_is_reported_not_dropped(config: PipelineConfig) -> None:
    query(
        config,
        f"insert into raw_{SYNCED}.job_interview_stages (id, job_id, name, sort_order, active, _dlt_load_id, _dlt_id) "
        "values (-5, 1, 'Bake-off', 99, true, 'x', 'unmapped-row')",
    )
    try:
        result = dbt_build(config, "--select", "+dim_job_stages", "assert_every_job_stage_is_mapped")
        assert [w for w in result.warnings if "assert_every_job_stage_is_mapped" in w]
        rows = query(
            config,
            "select canonical_stage, mapping_origin, is_funnel_stage from analytics.dim_job_stages "
            f"where job_stage_key = 'greenhouse:{SYNCED}:-5'",
        )
        assert rows == [(None, "unmapped", False)]
    finally:
        query(config, f"delete from raw_{SYNCED}.job_interview_stages where id = -5")


def test_a_failing_dbt_test_fails_the_build(config: PipelineConfig) -> None:
    query(
        config,
        f"insert into raw_{SYNCED}.jobs (id, name, status, _dlt_load_id, _dlt_id) "
        "values (-1, 'broken', 'not-a-status', 'x', 'broken-row')",
    )
    try:
        with pytest.raises(DbtError, match="accepted_values_stg_greenhouse__jobs_job_status"):
            dbt_build(config, "--select", "stg_greenhouse__jobs")
    finally:
        query(config, f"delete from raw_{SYNCED}.jobs where id = -1")
