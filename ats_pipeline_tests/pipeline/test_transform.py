"""dbt on a real sync: every test passes and fct_applications holds exactly the world's applications."""

from __future__ import annotations

import pytest

from ats_pipeline.sandbox.sandbox import Sandbox
from ats_pipeline.sandbox.world import World
from ats_pipeline.sync import sync_connection
from ats_pipeline.transform import DbtError, dbt_build
from ats_pipeline_tests.conftest import make_config, query


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, sandbox: Sandbox):
    config = make_config(tmp_path_factory.mktemp("dbt"))
    sync_connection(config, config.connections[0], sandbox.endpoints())
    return config, dbt_build(config)


def test_dbt_build_passes(built) -> None:
    _, result = built
    assert result.models_built >= 10
    assert result.tests_passed >= 20
    assert "error" not in result.statuses.get("model", {})
    assert "fail" not in result.statuses.get("test", {})


def test_fct_applications_equals_the_world(built, world: World) -> None:
    config, _ = built
    truth = world.ground_truth()
    assert query(config, "select count(*) from analytics.fct_applications")[0][0] == truth.applications
    statuses = dict(query(config, "select status, count(*) from analytics.fct_applications group by 1"))
    assert statuses.get("hired", 0) == truth.hires
    with world.cursor() as cur:
        expected = dict(
            cur.execute(
                "select status, count(*) from applications where deleted_at is null and not is_prospect group by 1"
            ).fetchall()
        )
    assert statuses == expected


def test_hired_at_comes_from_the_accepted_offer(built, world: World) -> None:
    config, _ = built
    rows = query(config, "select count(*) from analytics.fct_applications where status = 'hired' and hired_at is null")
    assert rows[0][0] == 0
    rows = query(
        config, "select count(*) from analytics.fct_applications where status <> 'hired' and hired_at is not null"
    )
    assert rows[0][0] == 0


def test_fct_applications_has_no_demographic_columns(built) -> None:
    config, _ = built
    columns = [
        c
        for (c,) in query(
            config, "select column_name from information_schema.columns where table_name = 'fct_applications'"
        )
    ]
    assert columns and not [c for c in columns if any(w in c for w in ("gender", "race", "ethnic", "veteran", "disab"))]


def test_a_failing_dbt_test_fails_the_build(built) -> None:
    config, _ = built
    query(
        config,
        "insert into raw_greenhouse.jobs (id, name, status, _dlt_load_id, _dlt_id) values (-1, 'broken', 'not-a-status', 'x', 'broken-row')",
    )
    try:
        with pytest.raises(DbtError, match="accepted_values_stg_greenhouse__jobs_job_status"):
            dbt_build(config)
    finally:
        query(config, "delete from raw_greenhouse.jobs where id = -1")
